// The bridge port: what the optional bridges (otlp-lite/otel-api, otlp-lite/ai-sdk) need of the
// process-wide state of the otlp-lite copy that built a provider: its AsyncLocalStorage context,
// export scope, configured tracestate, metrics meter and diagnostics. The bridges are separate
// entry points (their own module instances next to the bundled main entry), so they reach that
// state through the provider object (`provider[BRIDGE_PORT]()`), never by importing it.
import type { DiagLevel } from '../platform/diag.ts';
import { diagOnce } from '../platform/diag.ts';
import { setExportScope, type ExportScope } from '../pipeline/export/export-context.ts';
import type { Meter } from '../signals/metrics/meter.ts';
import { activeFrame, ContextFrame, runWithFrame } from '../signals/trace/context.ts';
import { contextFromW3cTraceContext, spanW3cTraceContext, type W3cTraceContext } from '../signals/trace/propagation.ts';
import { NonRecordingSpan, type Span, type SpanContext } from '../signals/trace/span.ts';
import { meterOfClient, type MetricsClient } from './metrics-client.ts';

export { BRIDGE_PORT } from '../platform/bridge-key.ts';

/** What the store of the active context holds (opaque to bridges beyond `span`/`value`). */
export type Frame = Span | { readonly span: Span | undefined; readonly value: object } | undefined;

/** The port (see the file comment). Every function is safe to call at any time. */
export interface BridgePort {
  /** The store: a span, a bridge frame, or undefined. */
  activeFrame(): Frame;
  /** True for a bridge frame (as opposed to a bare span). */
  isFrame(f: Frame): f is { readonly span: Span | undefined; readonly value: object };
  /** A bridge frame: `span` active, `value` the bridge's own context. */
  newFrame(span: Span | undefined, value: object): Frame;
  runWithFrame<R>(frame: Frame, fn: () => R): R;
  /** A context-only span of this copy. */
  nonRecordingSpan(ctx: SpanContext): Span;
  /** Installs (undefined: removes) the scope every export request runs in; returns the previous one. */
  setExportScope(scope: ExportScope | undefined): ExportScope | undefined;
  /** W3C headers of a span (configured tracestate merged), undefined for an invalid context. */
  spanW3cTraceContext(span: Span | undefined): W3cTraceContext | undefined;
  /** A remote context from W3C headers (strict parse), undefined when invalid. */
  contextFromW3cTraceContext(trace: W3cTraceContext): SpanContext | undefined;
  /** The meter of the provider's metrics client (undefined when metrics are not exported). */
  meter(): Meter | undefined;
  /** One diagnostic per key, through this copy's diagnostic channel. */
  diagOnce(level: DiagLevel, key: string, message: string): void;
}

/** The port of a provider whose metrics client is `metrics`. */
export function bridgePort(metrics: MetricsClient | undefined): BridgePort {
  return {
    activeFrame,
    isFrame: (f): f is ContextFrame => f instanceof ContextFrame,
    newFrame: (span, value) => new ContextFrame(span, value),
    runWithFrame: (frame, fn) => runWithFrame(frame as Span | ContextFrame | undefined, fn),
    nonRecordingSpan: (ctx) => new NonRecordingSpan(ctx),
    setExportScope,
    spanW3cTraceContext,
    contextFromW3cTraceContext,
    meter: () => (metrics === undefined ? undefined : meterOfClient(metrics)),
    diagOnce,
  };
}
