// The OpenTelemetry API's ContextManager over otlp-lite's own AsyncLocalStorage: an API context
// entered with `context.with` is stored as a ContextFrame (its otlp-lite span + the API context),
// so `activeSpan()` and otlp-lite's tracer see API spans, `context.active()` sees otlp-lite spans,
// and other keys (suppress-tracing, baggage) survive otlp-lite's own startActiveSpan.
import type { EventEmitter } from 'node:events';
import type { BridgePort, Frame } from '../../facades/bridge-port.ts';
import type { Span } from '../../signals/trace/span.ts';
import { fromApiSpan, toApiSpan } from './span.ts';
import type { ApiContext, OtelApiModule } from './types.ts';

const LISTENER_METHODS = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const;
const PATCHED = Symbol('otlp-lite.bound-listeners');

type Listener = (...args: unknown[]) => unknown;
type Patched = EventEmitter & { [PATCHED]?: Map<string | symbol, WeakMap<Listener, Listener>> };

/** The API ContextManager (`enable`, `disable`, `active`, `with`, `bind`). */
export class AlsContextManager {
  readonly #api: OtelApiModule;
  readonly #port: BridgePort;
  readonly #bySpan = new WeakMap<Span, ApiContext>();
  readonly #byFrame = new WeakMap<object, ApiContext>();

  constructor(api: OtelApiModule, port: BridgePort) {
    this.#api = api;
    this.#port = port;
  }

  enable(): this {
    return this;
  }

  /** The store is otlp-lite's and shared: disabling only stops this manager from being used. */
  disable(): this {
    return this;
  }

  /** The active context: the bridge's own when one was entered, else built around otlp-lite's active span. */
  active(): ApiContext {
    const api = this.#api;
    const f: Frame = this.#port.activeFrame();
    if (f === undefined) return api.ROOT_CONTEXT;
    if (this.#port.isFrame(f)) {
      const value = f.value as ApiContext;
      if (fromApiSpan(api.trace.getSpan(value)) === f.span) return value;
      let c = this.#byFrame.get(f);
      if (c === undefined) {
        c = f.span === undefined ? api.trace.deleteSpan(value) : api.trace.setSpan(value, toApiSpan(f.span));
        this.#byFrame.set(f, c);
      }
      return c;
    }
    let c = this.#bySpan.get(f);
    if (c === undefined) this.#bySpan.set(f, (c = api.trace.setSpan(api.ROOT_CONTEXT, toApiSpan(f))));
    return c;
  }

  /** Runs `fn` with `context` active (and otlp-lite's active span = the context's span). */
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: ApiContext, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    const call = (): ReturnType<F> => fn.call(thisArg, ...args);
    const port = this.#port;
    if (context === undefined || context === null || context === this.#api.ROOT_CONTEXT) return port.runWithFrame(undefined, call);
    return port.runWithFrame(port.newFrame(fromApiSpan(this.#api.trace.getSpan(context)), context), call);
  }

  /** Binds a function (or an EventEmitter's listeners) to `context`. */
  bind<T>(context: ApiContext, target: T): T {
    if (typeof target === 'function') return this.#bindFunction(context, target as unknown as Listener) as T;
    if (target !== null && typeof target === 'object' && typeof (target as unknown as EventEmitter).on === 'function') {
      this.#bindEmitter(context, target as unknown as Patched);
    }
    return target;
  }

  #bindFunction(context: ApiContext, fn: Listener): Listener {
    const manager = this;
    const bound = function (this: unknown, ...args: unknown[]): unknown {
      return manager.with(context, () => fn.apply(this, args));
    };
    Object.defineProperty(bound, 'length', { value: fn.length, configurable: true });
    return bound;
  }

  // Listeners added later run in `context`; removeListener/off still find them.
  #bindEmitter(context: ApiContext, ee: Patched): void {
    if (ee[PATCHED] !== undefined) return;
    const map = new Map<string | symbol, WeakMap<Listener, Listener>>();
    Object.defineProperty(ee, PATCHED, { value: map, enumerable: false });
    for (const method of LISTENER_METHODS) {
      const original = ee[method] as (event: string | symbol, l: Listener) => EventEmitter;
      if (typeof original !== 'function') continue;
      ee[method] = ((event: string | symbol, listener: Listener) => {
        if (typeof listener !== 'function') return original.call(ee, event, listener);
        let byListener = map.get(event);
        if (byListener === undefined) map.set(event, (byListener = new WeakMap()));
        let bound = byListener.get(listener);
        if (bound === undefined) byListener.set(listener, (bound = this.#bindFunction(context, listener)));
        return original.call(ee, event, bound);
      }) as never;
    }
    for (const method of ['removeListener', 'off'] as const) {
      const original = ee[method] as (event: string | symbol, l: Listener) => EventEmitter;
      if (typeof original !== 'function') continue;
      ee[method] = ((event: string | symbol, listener: Listener) => {
        const bound = map.get(event)?.get(listener);
        return original.call(ee, event, bound ?? listener);
      }) as never;
    }
  }
}
