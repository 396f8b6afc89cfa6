// The state record of one SessionTelemetry instance (metadata, metrics, pinned event sink), the
// builders that derive a new record from an old one, and the two pieces every event function
// shares: `emit` (to the pinned sink or the process-global one) and `guard`, the one place where a
// failing telemetry call is caught, reported once and dropped.
import { diagOnce } from '../../platform/diag.ts';
import { globalEventSink, type EventSink } from '../../signals/events.ts';
import { global, type MetricsClient } from '../metrics-client.ts';
import type { OtelProvider } from '../provider.ts';
import { metadataFromOptions, withMetadata, type SessionTelemetryMetadata } from './metadata.ts';
import { SessionMetrics } from './metrics.ts';
import type { EventAttributes, SessionTelemetryOptions } from './types.ts';

/** Everything one SessionTelemetry instance holds. Immutable: the builders make a new record. */
export class SessionState {
  /** The session metadata (frozen). */
  readonly meta: SessionTelemetryMetadata;
  /** The session's metric side (client, metadata tags, failure reporting). */
  readonly metrics: SessionMetrics;
  /** The pinned event sink; undefined = the process-global sink at call time. */
  readonly sink: EventSink | undefined;

  constructor(meta: SessionTelemetryMetadata, client: MetricsClient | undefined, useMetadataTags: boolean, sink: EventSink | undefined) {
    this.meta = meta;
    this.metrics = new SessionMetrics(client, useMetadataTags, meta);
    this.sink = sink;
  }
}

/** A new session's record (codex-otel's `SessionTelemetry::new`): the process-global metrics client, metadata tags on. */
export function newSessionState(options: SessionTelemetryOptions): SessionState {
  return new SessionState(metadataFromOptions(options), global(), true, undefined);
}

/** `s` with `patch` applied to its metadata. */
export function withMeta(s: SessionState, patch: Partial<SessionTelemetryMetadata>): SessionState {
  return new SessionState(withMetadata(s.meta, patch), s.metrics.client, s.metrics.useMetadataTags, s.sink);
}

/** `s` recording into `client` (with or without the metadata tags) and sending events to `sink`. */
export function withMetricsAndSink(s: SessionState, client: MetricsClient | undefined, useMetadataTags: boolean, sink: EventSink | undefined): SessionState {
  return new SessionState(s.meta, client, useMetadataTags, sink);
}

/** `s` using `provider.metrics` when it exports metrics, else an unchanged copy; events go to `sink`. */
export function withProviderMetrics(s: SessionState, provider: Pick<OtelProvider, 'metrics'>, sink: EventSink | undefined): SessionState {
  const client = provider.metrics;
  if (client !== undefined) return withMetricsAndSink(s, client, true, sink);
  return withMetricsAndSink(s, s.metrics.client, s.metrics.useMetadataTags, sink);
}

/** `s` sending events to `provider`'s logger and the active span of its tracer, with its metrics. */
export function withProvider(s: SessionState, provider: Pick<OtelProvider, 'metrics' | 'logger' | 'tracer'>): SessionState {
  const { logger, tracer } = provider;
  const sink: EventSink = {
    log: (name, attributes) => logger.emitEvent(name, attributes),
    trace: (name, attributes) => tracer.addEventToActiveSpan(name, attributes),
  };
  return withProviderMetrics(s, provider, sink);
}

/** Reports a failed event once per event name (the event is dropped; the host never sees it). */
function reportEventFailure(name: string, err: unknown): void {
  diagOnce('warn', `session-telemetry.event:${name}`, `session telemetry event ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** Up to five arguments after the state: the most any event function takes. */
type GuardArgs = [a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown];

/**
 * Runs `fn(s, ...args)` so that nothing throws out of a telemetry call: a throw is reported once
 * per event name through the diagnostic channel, and the event dropped. Hot path: fixed arity on
 * purpose (a rest-and-spread version made every event two to three times slower).
 */
export function guard<S, A extends GuardArgs>(event: string, fn: (s: S, ...args: A) => void, s: S, ...args: A): void;
export function guard(event: string, fn: (s: unknown, ...args: GuardArgs) => void, s: unknown, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown): void {
  try {
    fn(s, a, b, c, d, e);
  } catch (err) {
    reportEventFailure(event, err);
  }
}

function deliver(sink: EventSink, name: string, e: EventAttributes): void {
  if (e.log !== undefined) sink.log(name, e.log);
  if (e.trace !== undefined) sink.trace(name, e.trace);
}

/**
 * Hot path: hands the log side, then the trace side, to the pinned sink or the current global
 * one; a throwing sink is reported once and ignored (the event's metrics are still recorded).
 */
export function emit(s: SessionState, name: string, e: EventAttributes): void {
  guard(name, deliver, s.sink ?? globalEventSink(), name, e);
}
