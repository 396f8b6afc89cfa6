// API spans over otlp-lite spans: ApiSpanAdapter presents an otlp-lite Span through the
// OpenTelemetry API's Span interface (kinds, HrTime, TraceState objects converted), and
// `fromApiSpan` turns any API span (ours or a foreign one, e.g. `trace.wrapSpanContext`) back into
// an otlp-lite Span. Both directions are cached, so an API span keeps its identity.
import type { Attributes } from '../../../proto-json/model.ts';
import { parseTracestate, formatTracestate, type TracestateMembers } from '../../signals/trace/w3c.ts';
import { INVALID_SPAN_CONTEXT, NonRecordingSpan, type Link, type Span, type SpanContext } from '../../signals/trace/span.ts';
import type { ApiAttributes, ApiAttributeValue, ApiException, ApiLink, ApiSpan, ApiSpanContext, ApiSpanStatus, ApiTimeInput, ApiTraceState } from './types.ts';

/** An immutable W3C tracestate with the API's TraceState methods (a bad key or value is ignored). */
export class TraceStateValue implements ApiTraceState {
  readonly #members: TracestateMembers;
  constructor(members: TracestateMembers) {
    this.#members = members;
  }
  /** From a header value; an invalid header gives an empty state. */
  static parse(header: string): TraceStateValue {
    return new TraceStateValue(parseTracestate(header) ?? []);
  }
  get(key: string): string | undefined {
    return this.#members.find((m) => m[0] === key)?.[1];
  }
  set(key: string, value: string): TraceStateValue {
    const next = parseTracestate(`${key}=${value}`);
    if (next === undefined || next.length !== 1) return this;
    return new TraceStateValue([next[0]!, ...this.#members.filter((m) => m[0] !== key)].slice(0, 32));
  }
  unset(key: string): TraceStateValue {
    return new TraceStateValue(this.#members.filter((m) => m[0] !== key));
  }
  serialize(): string {
    return formatTracestate(this.#members);
  }
}

/**
 * An API time as otlp-lite takes it: HrTime and Date as they are; a number is epoch ms, or (as the
 * SDK reads it) performance.now()-relative ms when it is below performance.timeOrigin.
 */
export function fromApiTime<T extends ApiTimeInput | undefined>(t: T): T {
  return (typeof t === 'number' && t >= 0 && t < performance.timeOrigin ? performance.timeOrigin + t : t) as T;
}

/** An API span context → otlp-lite's (traceState as its header string). */
export function fromApiSpanContext(c: ApiSpanContext | undefined): SpanContext {
  if (c === undefined || c === null || typeof c.traceId !== 'string' || typeof c.spanId !== 'string') return INVALID_SPAN_CONTEXT;
  let traceState = '';
  try {
    const ts = c.traceState;
    if (ts !== undefined && ts !== null) traceState = typeof ts === 'string' ? ts : String(ts.serialize());
  } catch {
    traceState = '';
  }
  return { traceId: c.traceId, spanId: c.spanId, traceFlags: Number(c.traceFlags) & 0xff, traceState, isRemote: c.isRemote === true };
}

/** otlp-lite's span context → the API's. */
export function toApiSpanContext(c: SpanContext): ApiSpanContext {
  const out: ApiSpanContext = { traceId: c.traceId, spanId: c.spanId, traceFlags: c.traceFlags, isRemote: c.isRemote };
  if (c.traceState !== '') out.traceState = TraceStateValue.parse(c.traceState);
  return out;
}

/** API attributes → ours (undefined values dropped; arrays copied by the span). */
export function fromApiAttributes(a: ApiAttributes | undefined): Attributes | undefined {
  if (a === undefined || a === null) return undefined;
  return a as Attributes;
}

function fromApiLink(l: ApiLink): Link {
  const link: { context: SpanContext; attributes?: Attributes } = { context: fromApiSpanContext(l?.context) };
  const attrs = fromApiAttributes(l?.attributes);
  if (attrs !== undefined) link.attributes = attrs;
  return link;
}

/** API links → ours. */
export function fromApiLinks(links: readonly ApiLink[] | undefined): Link[] | undefined {
  return links === undefined || links === null ? undefined : Array.from(links, fromApiLink);
}

/** An otlp-lite span seen through the OpenTelemetry API. Every method is safe after end. */
export class ApiSpanAdapter implements ApiSpan {
  /** The otlp-lite span. */
  readonly span: Span;
  #ctx: ApiSpanContext | undefined;
  constructor(span: Span) {
    this.span = span;
  }
  spanContext(): ApiSpanContext {
    const c = this.span.spanContext();
    if (this.#ctx === undefined || this.#ctx.spanId !== c.spanId || this.#ctx.traceId !== c.traceId) this.#ctx = toApiSpanContext(c);
    return this.#ctx;
  }
  setAttribute(key: string, value: ApiAttributeValue): this {
    this.span.setAttribute(key, value as never);
    return this;
  }
  setAttributes(attributes: ApiAttributes): this {
    const a = fromApiAttributes(attributes);
    if (a !== undefined) this.span.setAttributes(a);
    return this;
  }
  addEvent(name: string, attributesOrStartTime?: ApiAttributes | ApiTimeInput, startTime?: ApiTimeInput): this {
    const a = typeof attributesOrStartTime === 'number' ? fromApiTime(attributesOrStartTime) : attributesOrStartTime;
    this.span.addEvent(name, a as Attributes | undefined, fromApiTime(startTime));
    return this;
  }
  addLink(link: ApiLink): this {
    if (link !== undefined && link !== null) this.span.addLink(fromApiLink(link));
    return this;
  }
  addLinks(links: ApiLink[]): this {
    if (Array.isArray(links)) for (const l of links) this.addLink(l);
    return this;
  }
  setStatus(status: ApiSpanStatus): this {
    if (status !== undefined && status !== null) {
      this.span.setStatus(status.message === undefined ? { code: status.code as 0 } : { code: status.code as 0, message: status.message });
    }
    return this;
  }
  updateName(name: string): this {
    this.span.updateName(name);
    return this;
  }
  end(endTime?: ApiTimeInput): void {
    this.span.end(fromApiTime(endTime));
  }
  isRecording(): boolean {
    return this.span.isRecording();
  }
  recordException(exception: ApiException, time?: ApiTimeInput): void {
    this.span.recordException(exception, fromApiTime(time));
  }
}

const adapters = new WeakMap<Span, ApiSpanAdapter>();
const foreign = new WeakMap<object, Span>();

/** The API view of an otlp-lite span (one adapter per span). */
export function toApiSpan(span: Span): ApiSpanAdapter {
  let a = adapters.get(span);
  if (a === undefined) adapters.set(span, (a = new ApiSpanAdapter(span)));
  return a;
}

/** The otlp-lite span behind an API span: ours unwrapped, a foreign one as a context-only span. */
export function fromApiSpan(span: ApiSpan | undefined): Span | undefined {
  if (span === undefined || span === null || typeof span !== 'object') return undefined;
  if (span instanceof ApiSpanAdapter) return span.span;
  let s = foreign.get(span);
  if (s === undefined) {
    let c: SpanContext;
    try {
      c = fromApiSpanContext(span.spanContext());
    } catch {
      c = INVALID_SPAN_CONTEXT;
    }
    foreign.set(span, (s = new NonRecordingSpan(c)));
  }
  return s;
}
