// The API's TracerProvider and Tracer over otlp-lite's tracer: parents come from the API context
// (explicit or active; `root` forces a root), the suppress-tracing key gives a non-recording span
// with an invalid context (as the SDK does), kinds are shifted to OTLP numbers, and otlp-lite's
// sampler and span limits apply. One otlp-lite tracer per instrumentation scope.
import { INVALID_SPAN_CONTEXT, NonRecordingSpan } from '../../signals/trace/span.ts';
import type { SpanOptions, Tracer } from '../../signals/trace/tracer.ts';
import type { BridgePort } from '../../facades/bridge-port.ts';
import type { AlsContextManager } from './context-manager.ts';
import { fromApiAttributes, fromApiLinks, fromApiSpan, fromApiTime, toApiSpan, type ApiSpanAdapter } from './span.ts';
import { forScope } from './scope.ts';
import type { ApiContext, ApiSpan, ApiSpanOptions, OtelApiModule } from './types.ts';

/** The SDK's suppress-tracing context key description (createContextKey returns Symbol.for of it). */
export const SUPPRESS_TRACING_KEY_DESCRIPTION = 'OpenTelemetry SDK Context Key SUPPRESS_TRACING';

/** Shared state of one registration. */
export interface BridgeCore {
  readonly api: OtelApiModule;
  readonly port: BridgePort;
  readonly manager: AlsContextManager;
  readonly suppressKey: symbol;
}

/** True when `ctx` carries the suppress-tracing key. */
export function isSuppressed(core: BridgeCore, ctx: ApiContext): boolean {
  return ctx.getValue(core.suppressKey) === true;
}

const INVALID_API_SPAN = toApiSpan(new NonRecordingSpan(INVALID_SPAN_CONTEXT));

/** An API Tracer for one instrumentation scope. */
export class ApiTracer {
  readonly #core: BridgeCore;
  readonly #tracer: Tracer;
  constructor(core: BridgeCore, tracer: Tracer) {
    this.#core = core;
    this.#tracer = tracer;
  }

  startSpan(name: string, options?: ApiSpanOptions, context?: ApiContext): ApiSpanAdapter {
    const core = this.#core;
    const ctx = context ?? core.manager.active();
    if (isSuppressed(core, ctx)) return INVALID_API_SPAN;
    const o = options ?? {};
    const opts: { -readonly [K in keyof SpanOptions]: SpanOptions[K] } = {
      parent: o.root === true ? null : (fromApiSpan(core.api.trace.getSpan(ctx)) ?? null),
    };
    if (typeof o.kind === 'number') opts.kind = (o.kind + 1) as 1;
    const attrs = fromApiAttributes(o.attributes);
    if (attrs !== undefined) opts.attributes = attrs;
    const links = fromApiLinks(o.links);
    if (links !== undefined) opts.links = links;
    if (o.startTime !== undefined) opts.startTime = fromApiTime(o.startTime);
    return toApiSpan(this.#tracer.startSpan(name, opts));
  }

  startActiveSpan<F extends (span: ApiSpan) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: ApiSpan) => unknown>(name: string, options: ApiSpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: ApiSpan) => unknown>(name: string, options: ApiSpanOptions, context: ApiContext, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: ApiSpan) => unknown>(name: string, a: unknown, b?: unknown, c?: unknown): ReturnType<F> | undefined {
    let options: ApiSpanOptions | undefined;
    let context: ApiContext | undefined;
    let fn: F;
    if (typeof a === 'function') fn = a as F;
    else if (typeof b === 'function') {
      options = a as ApiSpanOptions;
      fn = b as F;
    } else {
      options = a as ApiSpanOptions;
      context = b as ApiContext;
      fn = c as F;
    }
    if (typeof fn !== 'function') return undefined;
    const core = this.#core;
    const parent = context ?? core.manager.active();
    const span = this.startSpan(name, options, parent);
    return core.manager.with(core.api.trace.setSpan(parent, span), () => fn(span)) as ReturnType<F>;
  }
}

/** The API TracerProvider: one ApiTracer per (name, version, schemaUrl). */
export class ApiTracerProvider {
  readonly #core: BridgeCore;
  readonly #tracer: Tracer;
  readonly #tracers = new Map<string, ApiTracer>();
  constructor(core: BridgeCore, tracer: Tracer) {
    this.#core = core;
    this.#tracer = tracer;
  }

  getTracer(name: string, version?: string, options?: { schemaUrl?: string }): ApiTracer {
    return forScope(this.#tracers, name, version, options, (scope) => new ApiTracer(this.#core, this.#tracer.forScope(scope)));
  }
}
