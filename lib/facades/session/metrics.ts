// A session's metric recording: the MetricsClient it uses, the session metadata tags merged into
// every recording (metadata wins over a caller tag with the same key), and codex-otel's "never
// throw" rule: a failed recording is reported once per distinct error through diag and dropped.
import { MetricsError } from '../../errors.ts';
import { diagOnce } from '../../platform/diag.ts';
import type { ResourceMetrics } from '../../signals/metrics/collect.ts';
import { RuntimeMetricsSummary } from '../../signals/metrics/runtime-summary.ts';
import { sessionMetricTags } from '../../signals/metrics/tags.ts';
import { Timer } from '../../signals/metrics/timer.ts';
import type { MetricsClient, MetricsShutdownResult } from '../metrics-client.ts';
import { errorText, type SessionTelemetryMetadata } from './metadata.ts';
import type { MetricTags } from './types.ts';

/** Which recording failed (codex-otel's warning names `counter`, `histogram` or `duration`). */
type MetricOp = 'counter' | 'histogram' | 'duration';

/** Reports a failed recording once per distinct error message (the sample is dropped). */
export function reportMetricFailure(op: MetricOp, name: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  diagOnce('warn', `session-telemetry.metrics:${message}`, `metrics ${op} [${name}] failed: ${message}`);
}

/** Sentinel: metadata tags not computed yet. */
const PENDING: readonly (readonly [string, string])[] = [];

/**
 * The metric side of one SessionTelemetry instance. Immutable apart from the lazily validated
 * metadata tags; the builders of SessionTelemetry make a new one.
 */
export class SessionMetrics {
  /** The client recordings go to; undefined = every recording is a silent no-op. */
  readonly client: MetricsClient | undefined;
  /** Whether the session metadata tags are merged in (`withMetricsWithoutMetadataTags` turns it off). */
  readonly useMetadataTags: boolean;
  readonly #meta: SessionTelemetryMetadata;
  #tags: readonly (readonly [string, string])[] = PENDING;
  #tagsError: unknown = undefined;

  constructor(client: MetricsClient | undefined, useMetadataTags: boolean, meta: SessionTelemetryMetadata) {
    this.client = client;
    this.useMetadataTags = useMetadataTags;
    this.#meta = meta;
  }

  /**
   * The validated metadata tags in codex-otel's order, or undefined when one is invalid (then
   * `#tagsError` holds the MetricsError every recording of this session fails with, as in codex-otel).
   */
  #metaTags(): readonly (readonly [string, string])[] | undefined {
    if (this.#tags === PENDING && this.#tagsError === undefined) {
      const m = this.#meta;
      try {
        this.#tags = sessionMetricTags({
          authMode: m.authMode,
          sessionSource: m.sessionSource,
          originator: m.originator,
          serviceName: m.serviceName,
          model: m.model,
          appVersion: m.appVersion,
        });
      } catch (err) {
        this.#tagsError = err;
      }
    }
    return this.#tagsError === undefined ? this.#tags : undefined;
  }

  /**
   * Hot path: completes `own` (a fresh object the caller owns) with the metadata tags in place,
   * metadata winning; null (after reporting) when the metadata tags are invalid.
   */
  ownTags(op: MetricOp, name: string, own: Record<string, string>): Record<string, string> | null {
    if (!this.useMetadataTags) return own;
    const meta = this.#metaTags();
    if (meta === undefined) {
      reportMetricFailure(op, name, this.#tagsError);
      return null;
    }
    for (let i = 0; i < meta.length; i++) {
      const pair = meta[i]!;
      own[pair[0]] = pair[1];
    }
    return own;
  }

  /**
   * Caller tags (object or pairs, later duplicates win) ++ metadata tags, as a new object; the
   * caller's tags as given without metadata tags; null (after reporting) when the metadata tags
   * are invalid.
   */
  mergedTags(op: MetricOp, name: string, tags: MetricTags | undefined): MetricTags | undefined | null {
    if (!this.useMetadataTags) return tags;
    const own: Record<string, string> = {};
    if (tags !== undefined && tags !== null) {
      if (Array.isArray(tags)) {
        for (const pair of tags as readonly (readonly [string, string])[]) own[pair[0]] = pair[1];
      } else {
        const obj = tags as Readonly<Record<string, string>>;
        for (const k in obj) own[k] = obj[k]!;
      }
    }
    return this.ownTags(op, name, own);
  }

  /**
   * One recording, never throwing: `tags` merged with the metadata tags first when `merge`; a
   * failure is reported once per distinct error and the sample dropped. `fractional` keeps a
   * duration's fractional ms (the TBT metrics).
   */
  #record(op: MetricOp, name: string, value: number, tags: MetricTags | undefined, merge: boolean, fractional: boolean): void {
    const c = this.client;
    if (c === undefined) return;
    try {
      const t = merge ? this.mergedTags(op, name, tags) : tags;
      if (t === null) return;
      if (op === 'counter') c.counter(name, value, t);
      else if (op === 'histogram') c.histogram(name, value, t);
      else if (fractional) c.recordDurationMsF64(name, value, t);
      else c.recordDuration(name, value, t);
    } catch (err) {
      reportMetricFailure(op, name, err);
    }
  }

  /** Adds to a counter; never throws. */
  counter(name: string, inc: number, tags: MetricTags | undefined): void {
    this.#record('counter', name, inc, tags, true, false);
  }

  /** Records into a plain histogram; never throws. */
  histogram(name: string, value: number, tags: MetricTags | undefined): void {
    this.#record('histogram', name, value, tags, true, false);
  }

  /** Records a whole-ms duration (`fractional` keeps fractional ms: the TBT metrics); never throws. */
  recordDuration(name: string, ms: number, tags: MetricTags | undefined, fractional = false): void {
    this.#record('duration', name, ms, tags, true, fractional);
  }

  /**
   * Hot path: one counter increment and one duration sample sharing the tags `own` (a fresh
   * object the caller owns; metadata is added in place, once). Never throws. Calls the client
   * directly rather than through `#record`: this is every tool call's and request's cost.
   */
  countAndTime(countName: string, durationName: string, ms: number, own: Record<string, string>): void {
    const c = this.client;
    if (c === undefined) return;
    const tags = this.ownTags('counter', countName, own);
    if (tags === null) return;
    try {
      c.counter(countName, 1, tags);
    } catch (err) {
      reportMetricFailure('counter', countName, err);
    }
    try {
      c.recordDuration(durationName, ms, tags);
    } catch (err) {
      reportMetricFailure('duration', durationName, err);
    }
  }

  /**
   * A timer recording through this session (metadata tags merged, failures reported, never
   * throws), or undefined without a metrics client (codex-otel's `Err(ExporterDisabled)`).
   */
  startTimer(name: string, tags: MetricTags | undefined): Timer | undefined {
    if (this.client === undefined) return undefined;
    return new Timer({ recordDuration: (n, ms, t) => this.recordDuration(n, ms, t) }, name, tags);
  }

  /**
   * The client's runtime snapshot.
   * @throws MetricsError `ExporterDisabled` without a client, `RuntimeSnapshotUnavailable` without a runtime reader.
   */
  snapshot(): ResourceMetrics {
    if (this.client === undefined) throw exporterDisabled();
    return this.client.snapshot();
  }

  /** Takes and discards a snapshot, resetting the runtime deltas; a failure is reported at debug level. */
  resetRuntime(): void {
    try {
      this.snapshot();
    } catch (err) {
      const text = errorText(err);
      diagOnce('debug', `session-telemetry.reset:${text}`, `runtime metrics reset skipped: ${text}`);
    }
  }

  /** A summary of the runtime deltas since the last snapshot; undefined when the snapshot fails or is empty. */
  runtimeSummary(): RuntimeMetricsSummary | undefined {
    let snapshot: ResourceMetrics;
    try {
      snapshot = this.snapshot();
    } catch {
      return undefined;
    }
    const summary = RuntimeMetricsSummary.fromSnapshot(snapshot);
    return summary.isEmpty() ? undefined : summary;
  }

  /** Shuts the client down; undefined without a client or when the shutdown throws. Never rejects. */
  async shutdown(): Promise<MetricsShutdownResult | undefined> {
    const c = this.client;
    if (c === undefined) return undefined;
    try {
      return await c.shutdown();
    } catch {
      return undefined;
    }
  }
}

function exporterDisabled(): MetricsError {
  return new MetricsError('ExporterDisabled');
}
