// codex-otel's trace-context helpers: a span's (or the active span's) W3C context with the
// configured tracestate merged in, header injection (plain objects and Headers), and remote
// contexts from W3C headers or the TRACEPARENT / TRACESTATE environment variables.
import { readEnv } from '../../config/env-snapshot.ts';
import { diag } from '../../platform/diag.ts';
import { activeSpan } from './context.ts';
import { RecordingSpan, type Span, type SpanContext } from './span.ts';
import { validContext } from './tracer.ts';
import { formatTraceparent, parseTraceparent, parseTracestate, propagatedTracestate } from './w3c.ts';

/** W3C trace context headers (codex-otel's `W3cTraceContext`). */
export interface W3cTraceContext {
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}

/**
 * The W3C context of `span`: `traceparent` `00-<trace>-<span>-<flags>` and the span's tracestate
 * merged with the configured members (`tracestate` omitted when empty). Undefined when the span
 * is missing or has an invalid context.
 */
export function spanW3cTraceContext(span: Span | undefined): W3cTraceContext | undefined {
  if (span === undefined || span === null) return undefined;
  const c = validContext(span.spanContext());
  if (c === undefined) return undefined;
  const out: W3cTraceContext = { traceparent: formatTraceparent(c.traceId, c.spanId, c.traceFlags) };
  const ts = propagatedTracestate(c.traceState);
  if (ts !== '') out.tracestate = ts;
  return out;
}

/** spanW3cTraceContext of the active span. */
export function currentSpanW3cTraceContext(): W3cTraceContext | undefined {
  return spanW3cTraceContext(activeSpan());
}

/** The active span's trace id (32 lowercase hex), or undefined when there is no valid one. */
export function currentSpanTraceId(): string | undefined {
  const s = activeSpan();
  return s === undefined ? undefined : validContext(s.spanContext())?.traceId;
}

/** Headers we can write: a plain object or anything with set/delete (a fetch `Headers`, undici's). */
export type HeaderCarrier = Record<string, unknown> | { set(name: string, value: string): void; delete(name: string): void };

function isHeadersLike(h: HeaderCarrier): h is { set(name: string, value: string): void; delete(name: string): void } {
  return typeof (h as { set?: unknown }).set === 'function' && typeof (h as { delete?: unknown }).delete === 'function';
}

function removeAnyCase(obj: Record<string, unknown>, name: string): void {
  for (const k of Object.keys(obj)) if (k.toLowerCase() === name) delete obj[k];
}

/**
 * Writes `span`'s context into `headers`: sets `traceparent`, and sets or removes `tracestate`,
 * so the span is the single source of truth (other spellings of the names are removed from plain
 * objects). Returns false and leaves `headers` untouched when the span has no valid context.
 */
export function injectTraceHeaders(span: Span | undefined, headers: HeaderCarrier): boolean {
  const ctx = spanW3cTraceContext(span);
  if (ctx === undefined || ctx.traceparent === undefined) return false;
  if (isHeadersLike(headers)) {
    headers.set('traceparent', ctx.traceparent);
    if (ctx.tracestate !== undefined) headers.set('tracestate', ctx.tracestate);
    else headers.delete('tracestate');
    return true;
  }
  removeAnyCase(headers, 'traceparent');
  removeAnyCase(headers, 'tracestate');
  headers['traceparent'] = ctx.traceparent;
  if (ctx.tracestate !== undefined) headers['tracestate'] = ctx.tracestate;
  return true;
}

/**
 * A remote context from W3C headers, or undefined when `traceparent` is missing or invalid. An
 * invalid `tracestate` is ignored (the traceparent is kept); a tracestate alone is not enough.
 */
export function contextFromW3cTraceContext(trace: W3cTraceContext | undefined): SpanContext | undefined {
  const tp = parseTraceparent(trace?.traceparent);
  if (tp === undefined) return undefined;
  const members = parseTracestate(trace?.tracestate ?? undefined);
  const traceState = members === undefined ? '' : members.map((m) => `${m[0]}=${m[1]}`).join(',');
  return { traceId: tp.traceId, spanId: tp.spanId, traceFlags: tp.traceFlags, traceState, isRemote: true };
}

/**
 * Re-parents `span` (recording, not ended) under `context` (codex-otel's set_parent_from_context).
 * The span keeps its own sampling decision. Returns false when it could not.
 */
export function setParentFromContext(span: Span, context: SpanContext): boolean {
  const c = validContext(context);
  return c !== undefined && span instanceof RecordingSpan && span.reparent(c);
}

/** Re-parents `span` under the remote context of `trace`; true when a parent was set. */
export function setParentFromW3cTraceContext(span: Span, trace: W3cTraceContext): boolean {
  const c = contextFromW3cTraceContext(trace);
  return c !== undefined && setParentFromContext(span, c);
}

let envContext: { value: SpanContext | undefined } | undefined;

/**
 * The remote context in TRACEPARENT / TRACESTATE, read once per process and cached (later
 * changes to the variables are not seen). Undefined when unset or invalid (with a warning).
 * @param env Where the variables are read. @default process.env
 */
export function traceparentContextFromEnv(env?: NodeJS.ProcessEnv): SpanContext | undefined {
  if (envContext !== undefined) return envContext.value;
  const { TRACEPARENT: traceparent, TRACESTATE } = readEnv(env);
  let value: SpanContext | undefined;
  if (traceparent !== undefined && traceparent.trim() !== '') {
    value = contextFromW3cTraceContext({ traceparent, tracestate: TRACESTATE });
    if (value === undefined) diag('warn', 'TRACEPARENT is set but invalid; ignoring trace context');
    else diag('debug', 'TRACEPARENT detected; continuing trace from parent context');
  }
  envContext = { value };
  return value;
}
