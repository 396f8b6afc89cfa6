// The API's TextMapPropagator for W3C trace context, through otlp-lite's strict parser: inject
// writes the span's `traceparent` and its tracestate merged with the configured members (nothing
// for an invalid context or when tracing is suppressed); extract reads them into a remote,
// non-recording parent (an invalid traceparent leaves the context unchanged).
import { fromApiSpan, toApiSpan } from './span.ts';
import { isSuppressed, type BridgeCore } from './tracer.ts';
import type { ApiContext, ApiTextMapGetter, ApiTextMapSetter } from './types.ts';

const FIELDS = Object.freeze(['traceparent', 'tracestate']);

const defaultSetter: ApiTextMapSetter = {
  set(carrier, key, value) {
    if (carrier !== null && typeof carrier === 'object') (carrier as Record<string, string>)[key] = value;
  },
};

const defaultGetter: ApiTextMapGetter = {
  keys: (carrier) => (carrier !== null && typeof carrier === 'object' ? Object.keys(carrier) : []),
  get: (carrier, key) => (carrier !== null && typeof carrier === 'object' ? ((carrier as Record<string, string | string[] | undefined>)[key] ?? undefined) : undefined),
};

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The W3C trace-context TextMapPropagator. */
export class W3cPropagator {
  readonly #core: BridgeCore;
  constructor(core: BridgeCore) {
    this.#core = core;
  }

  inject(context: ApiContext, carrier: unknown, setter: ApiTextMapSetter = defaultSetter): void {
    try {
      if (isSuppressed(this.#core, context)) return;
      const ctx = this.#core.port.spanW3cTraceContext(fromApiSpan(this.#core.api.trace.getSpan(context)));
      if (ctx?.traceparent === undefined) return;
      setter.set(carrier, 'traceparent', ctx.traceparent);
      if (ctx.tracestate !== undefined) setter.set(carrier, 'tracestate', ctx.tracestate);
    } catch {
      // A throwing setter must not break the caller's request.
    }
  }

  extract(context: ApiContext, carrier: unknown, getter: ApiTextMapGetter = defaultGetter): ApiContext {
    try {
      const traceparent = first(getter.get(carrier, 'traceparent'));
      if (traceparent === undefined) return context;
      const ts = getter.get(carrier, 'tracestate');
      const remote = this.#core.port.contextFromW3cTraceContext({ traceparent, tracestate: Array.isArray(ts) ? ts.join(',') : ts });
      if (remote === undefined) return context;
      return this.#core.api.trace.setSpan(context, toApiSpan(this.#core.port.nonRecordingSpan(remote)));
    } catch {
      return context;
    }
  }

  fields(): string[] {
    return [...FIELDS];
  }
}
