// The state and plumbing under SessionTelemetry: the immutable metadata, the builders that make
// new instances, event routing to the event target, and the metric pass-through (metadata tags
// merged, never throwing) with the runtime snapshot helpers. The event methods sit on top
// (request-events.ts, then ../session-telemetry.ts).
import { diagOnce } from '../../platform/diag.ts';
import { globalEventSink, type EventSink } from '../../signals/events.ts';
import type { ResourceMetrics } from '../../signals/metrics/collect.ts';
import { RuntimeMetricsSummary } from '../../signals/metrics/runtime-summary.ts';
import { sanitizeMetricTagValue } from '../../signals/metrics/tags.ts';
import type { Timer } from '../../signals/metrics/timer.ts';
import { global, MetricsClient, type MetricsConfig, type MetricsShutdownResult } from '../metrics-client.ts';
import type { OtelProvider } from '../provider.ts';
import type { EventAttributes } from './events-transport.ts';
import { errorText, metadataFromOptions, withMetadata, type SessionTelemetryMetadata } from './metadata.ts';
import { SessionMetrics } from './metrics.ts';
import type { AuthEnvTelemetryMetadata, MetricTags, SessionTelemetryOptions } from './types.ts';

/** What a builder hands to the constructor it calls (module-private, consumed at once). */
interface State {
  readonly meta: SessionTelemetryMetadata;
  readonly metrics: SessionMetrics;
  readonly target: EventSink | undefined;
}
let pending: State | undefined;

/** Reports a failed event once per event name (the event is dropped; the host never sees it). */
export function reportEventFailure(name: string, err: unknown): void {
  diagOnce('warn', `session-telemetry.event:${name}`, `session telemetry event ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Base of `SessionTelemetry`: metadata, builders, routing and metric pass-through. Use
 * `SessionTelemetry`; this class only exists to keep each module small.
 */
export class SessionTelemetryCore {
  readonly #meta: SessionTelemetryMetadata;
  /** The session's metric side (client, metadata tags, failure reporting). */
  protected readonly sessionMetrics: SessionMetrics;
  readonly #target: EventSink | undefined;

  /**
   * Starts a session (codex-otel's `SessionTelemetry::new`): `originator` is sanitized,
   * `appVersion` defaults to `'unknown'`, and the process-global metrics client (if any) is
   * picked up with metadata tags on. Never throws.
   */
  constructor(options: SessionTelemetryOptions) {
    const s = pending;
    if (s !== undefined) {
      pending = undefined;
      this.#meta = s.meta;
      this.sessionMetrics = s.metrics;
      this.#target = s.target;
      return;
    }
    const meta = metadataFromOptions(options);
    this.#meta = meta;
    this.sessionMetrics = new SessionMetrics(global(), true, meta);
    this.#target = undefined;
  }

  #derive(meta: SessionTelemetryMetadata, client: MetricsClient | undefined, useTags: boolean, target: EventSink | undefined): this {
    pending = { meta, metrics: new SessionMetrics(client, useTags, meta), target };
    const Ctor = this.constructor as new (options: SessionTelemetryOptions) => this;
    return new Ctor(undefined as unknown as SessionTelemetryOptions);
  }

  #withMeta(patch: Partial<SessionTelemetryMetadata>): this {
    return this.#derive(withMetadata(this.#meta, patch), this.sessionMetrics.client, this.sessionMetrics.useMetadataTags, this.#target);
  }

  /** The session metadata (frozen). */
  get metadata(): SessionTelemetryMetadata {
    return this.#meta;
  }

  // ---- builders (each returns a new instance) ----

  /** Sets the auth environment facts (the `auth.env_*` attributes). */
  withAuthEnv(authEnv: AuthEnvTelemetryMetadata): this {
    return this.#withMeta({ authEnv: Object.freeze({ ...authEnv }) });
  }

  /** Sets `model` and `slug` (the `model` metric tag too). */
  withModel(model: string, slug: string): this {
    return this.#withMeta({ model: String(model), slug: String(slug) });
  }

  /** Sets the service tier and reasoning effort reported by `sseEventCompleted` (each absent when undefined). */
  withInferenceRequest(serviceTier: string | undefined, reasoningEffort: string | undefined): this {
    return this.#withMeta({ serviceTier, modelReasoningEffort: reasoningEffort });
  }

  /** Adds the `service_name` metric tag (sanitized). */
  withMetricsServiceName(serviceName: string): this {
    return this.#withMeta({ serviceName: sanitizeMetricTagValue(serviceName) });
  }

  /** Records metrics into `client`, with the session metadata tags. */
  withMetrics(client: MetricsClient): this {
    return this.#derive(this.#meta, client, true, this.#target);
  }

  /** Records metrics into `client` with only the caller's tags (no session metadata tags). */
  withMetricsWithoutMetadataTags(client: MetricsClient): this {
    return this.#derive(this.#meta, client, false, this.#target);
  }

  /**
   * Records metrics into a new client built from `config` (metadata tags on).
   * @throws MetricsError when the client cannot be built (as `new MetricsClient(config)`).
   */
  withMetricsConfig(config: MetricsConfig): this {
    return this.withMetrics(new MetricsClient(config));
  }

  /** Uses `provider.metrics` when the provider exports metrics; otherwise returns an unchanged copy. */
  withProviderMetrics(provider: Pick<OtelProvider, 'metrics'>): this {
    const client = provider.metrics;
    if (client !== undefined) return this.withMetrics(client);
    return this.#derive(this.#meta, this.sessionMetrics.client, this.sessionMetrics.useMetadataTags, this.#target);
  }

  /** Sends events to `target` instead of the process-global event target. */
  withEventTarget(target: EventSink): this {
    return this.#derive(this.#meta, this.sessionMetrics.client, this.sessionMetrics.useMetadataTags, target);
  }

  /**
   * Sends events to `provider` (its logger, and the active span of its tracer) instead of the
   * process-global target, and uses its metrics as `withProviderMetrics` does.
   */
  withProvider(provider: Pick<OtelProvider, 'metrics' | 'logger' | 'tracer'>): this {
    const { logger, tracer } = provider;
    const target: EventSink = {
      log: (name, attributes) => logger.emitEvent(name, attributes),
      trace: (name, attributes) => tracer.addEventToActiveSpan(name, attributes),
    };
    const client = provider.metrics;
    if (client !== undefined) return this.#derive(this.#meta, client, true, target);
    return this.#derive(this.#meta, this.sessionMetrics.client, this.sessionMetrics.useMetadataTags, target);
  }

  // ---- routing ----

  /**
   * Hot path: hands the log side, then the trace side, to the pinned target or the current
   * global one; a throwing target is reported once and ignored.
   */
  protected emit(name: string, e: EventAttributes): void {
    const target = this.#target ?? globalEventSink();
    try {
      if (e.log !== undefined) target.log(name, e.log);
      if (e.trace !== undefined) target.trace(name, e.trace);
    } catch (err) {
      reportEventFailure(name, err);
    }
  }

  // ---- metric pass-through (never throw: a failure is reported once per distinct error, and dropped) ----

  /** Adds `inc` to counter `name`, with the session metadata tags merged over `tags` (metadata wins). */
  counter(name: string, inc: number, tags?: MetricTags): void {
    this.sessionMetrics.counter(name, inc, tags);
  }

  /** Records `value` into histogram `name`, with the session metadata tags merged over `tags`. */
  histogram(name: string, value: number, tags?: MetricTags): void {
    this.sessionMetrics.histogram(name, value, tags);
  }

  /** Records a duration (whole ms, truncated) into `name`, with the session metadata tags merged over `tags`. */
  recordDuration(name: string, durationMs: number, tags?: MetricTags): void {
    this.sessionMetrics.recordDuration(name, durationMs, tags);
  }

  /**
   * Starts a timer whose samples carry the session metadata tags and never throw; undefined when
   * the session has no metrics client (codex-otel's `Err(ExporterDisabled)`).
   */
  startTimer(name: string, tags?: MetricTags): Timer | undefined {
    return this.sessionMetrics.startTimer(name, tags);
  }

  /**
   * The runtime reader's delta snapshot (resets the runtime deltas).
   * @throws MetricsError `ExporterDisabled` without a metrics client, `RuntimeSnapshotUnavailable`
   * when the client has no runtime reader.
   */
  snapshotMetrics(): ResourceMetrics {
    return this.sessionMetrics.snapshot();
  }

  /** Takes and discards a snapshot, resetting the runtime deltas. A failure is reported at debug level. */
  resetRuntimeMetrics(): void {
    try {
      this.sessionMetrics.snapshot();
    } catch (err) {
      const text = errorText(err);
      diagOnce('debug', `session-telemetry.reset:${text}`, `runtime metrics reset skipped: ${text}`);
    }
  }

  /** A summary of the runtime deltas since the last snapshot; undefined when the snapshot fails or is empty. */
  runtimeMetricsSummary(): RuntimeMetricsSummary | undefined {
    let snapshot: ResourceMetrics;
    try {
      snapshot = this.sessionMetrics.snapshot();
    } catch {
      return undefined;
    }
    const summary = RuntimeMetricsSummary.fromSnapshot(snapshot);
    return summary.isEmpty() ? undefined : summary;
  }

  /**
   * Shuts the session's metrics client down (final export, then its own exporter stops); resolves
   * `undefined` without a client. Never rejects: a failed final export resolves `ok: false`.
   */
  async shutdownMetrics(): Promise<MetricsShutdownResult | undefined> {
    const c = this.sessionMetrics.client;
    if (c === undefined) return undefined;
    try {
      return await c.shutdown();
    } catch {
      return undefined;
    }
  }
}
