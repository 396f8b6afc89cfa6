// codex-otel's MetricsClient facade: the recording methods over the meter
// (signals/metrics/meter.ts), bind() handles (bound.ts), snapshot/flush/shutdown, the export
// wiring (periodic reader → shared OTLP pipeline, or the in-memory exporter), and the
// process-global client with codex-otel's re-install semantics.
import { MetricsError } from '../errors.ts';
import { diag } from '../platform/diag.ts';
import type { MetricData } from '../../proto-json/model.ts';
import type { Exporter, SignalStats } from '../contracts.ts';
import { createBatchPipeline } from '../pipeline/batching/pipeline.ts';
import { createOtlpExporter } from '../pipeline/export/exporters.ts';
import { collectMetrics, toResourceMetrics, type ResourceMetrics } from '../signals/metrics/collect.ts';
import { MetricsConfig, readConfig } from '../signals/metrics/config.ts';
import { planExport, type ExportPlan } from '../signals/metrics/export-plan.ts';
import { countPoints, InMemoryMetricExporter, inMemorySink } from '../signals/metrics/in-memory-exporter.ts';
import { chunkExporter, chunkMetrics, countChunkPoints, type MetricChunk } from '../signals/metrics/chunks.ts';
import { BoundCounter, BoundGauge, BoundHistogram, wholeMs } from '../signals/metrics/bound.ts';
import { Meter } from '../signals/metrics/meter.ts';
import {
  DEFAULT_HISTOGRAM_BOUNDARIES,
  DURATION_DESCRIPTION,
  DURATION_UNIT,
  METER_NAME,
  MILLISECOND_DURATION_BOUNDARIES,
  PROCESS_START_METRIC,
  SECOND_DURATION_BOUNDARIES,
  SECONDS_UNIT,
} from '../signals/metrics/names.ts';
import { PeriodicReader, type MetricsSink, type SinkShutdownResult } from '../signals/metrics/periodic-reader.ts';
import { metricsResource } from '../signals/metrics/resource.ts';
import { boundedOriginatorTagValue } from '../signals/metrics/tags.ts';
import { Timer } from '../signals/metrics/timer.ts';
import { validateTag, type MetricTags } from '../signals/metrics/validation.ts';

export { MetricsConfig, InMemoryMetricExporter, BoundCounter, BoundGauge, BoundHistogram };

/** What `shutdown()` resolves to. It never rejects. */
export interface MetricsShutdownResult {
  /** True when the final export was delivered (or there was nothing to send) within the budget. */
  readonly ok: boolean;
  /** When not ok: `MetricsError` `ProviderShutdown` (codex-otel's error), its `cause` the export failure. */
  readonly error: MetricsError | undefined;
  /** Data points exported / dropped over the client's lifetime. */
  readonly exported: number;
  readonly dropped: number;
  /** True when the budget ran out before everything settled. */
  readonly timedOut: boolean;
  readonly durationMs: number;
}

/** What `flush()` resolves to (data points exported / dropped while waiting). Never rejects. */
export interface MetricsFlushResult {
  readonly exported: number;
  readonly dropped: number;
  readonly timedOut: boolean;
}

/** A sink plus its export counters. */
interface ClientSink extends MetricsSink {
  stats(): SignalStats | undefined;
}

/** One client's state: its meter and how collections leave the process. */
interface ClientInner {
  readonly meter: Meter;
  readonly plan: ExportPlan;
  readonly reader: PeriodicReader | undefined;
  readonly sink: ClientSink | undefined;
  shutdown: Promise<MetricsShutdownResult> | undefined;
}

/** Where a client records: its own inner, or the latest installed global one (re-install). */
interface Route {
  inner: ClientInner;
}

let routeOf: (c: MetricsClient) => Route;
let ownOf: (c: MetricsClient) => ClientInner;

/**
 * The error a recording method throws: a MetricsError as is; anything else (a tag getter or Proxy
 * that throws, a name that cannot become a string) becomes the MetricsError of the part that
 * could not be read, with the original as `cause`, so callers only ever see codex-otel's errors.
 */
function typedError(e: unknown, name: unknown, tags: unknown): MetricsError {
  if (e instanceof MetricsError) return e;
  if (typeof name !== 'string') return new MetricsError('InvalidMetricName', { name: '(not a string)' }, { cause: e });
  if (tags !== undefined && tags !== null) return new MetricsError('InvalidTagComponent', { label: 'tag', value: '(unreadable)' }, { cause: e });
  return new MetricsError('InvalidConfig', { message: 'unreadable measurement' }, { cause: e });
}

/** A duration as given when it can be one (≥ 0), else NaN: dropped and counted, never a fake 0. */
function nonNegative(v: number): number {
  return v >= 0 ? v : NaN;
}

/**
 * Records counters, histograms, gauges and durations; exports them periodically (every 60 s by
 * default) and at `shutdown()`. Every recording method validates like codex-otel (name, then the
 * counter increment, then tags) and throws `MetricsError` on invalid input; export never throws.
 * Tags: a plain object or `[key, value]` pairs (duplicates: last wins); they override the
 * config's default tags; exported attributes are sorted by key.
 */
export class MetricsClient {
  readonly #own: ClientInner;
  readonly #route: Route;

  static {
    routeOf = (c) => c.#route;
    ownOf = (c) => c.#own;
  }

  /**
   * Builds the meter, readers and exporter of `config`.
   * @throws MetricsError `ExporterDisabled` for `{ kind: 'none' }`, `InvalidConfig` for an
   * unusable exporter setting (message names the field, never a header value or key), or a tag
   * kind when a default tag is invalid.
   */
  constructor(config: MetricsConfig) {
    const c = readConfig(config);
    for (const [k, v] of c.defaultTags) validateTag(k, v);
    const plan = planExport(c);
    const meter = new Meter({
      resource: metricsResource(c.environment, c.serviceName, c.serviceVersion),
      scope: { name: METER_NAME },
      defaultTags: c.defaultTags,
      readers: plan.readers,
      deniedMetrics: plan.deniedMetrics,
      cardinalityLimit: c.cardinalityLimit,
    });
    const sink = buildSink(plan);
    const reader = sink === undefined || plan.periodicIndex === undefined ? undefined : new PeriodicReader(meter, plan.periodicIndex, sink, plan.intervalMs);
    this.#own = { meter, plan, reader, sink, shutdown: undefined };
    this.#route = { inner: this.#own };
    reader?.start();
  }

  /**
   * Hot path: adds `inc` to monotonic counter `name`.
   * @throws MetricsError `EmptyMetricName`/`InvalidMetricName`, `NegativeCounterIncrement`, `EmptyTagComponent`/`InvalidTagComponent`.
   */
  counter(name: string, inc: number, tags?: MetricTags): void {
    // Hot path: one route load, then Meter.counter.
    try {
      this.#route.inner.meter.counter(name, inc, tags);
    } catch (e) {
      throw typedError(e, name, tags);
    }
  }

  /** Like `counter`, with an instrument description. @throws MetricsError as `counter`. */
  counterWithDescription(name: string, description: string, inc: number, tags?: MetricTags): void {
    try {
      this.#route.inner.meter.counter(name, inc, tags, description);
    } catch (e) {
      throw typedError(e, name, tags);
    }
  }

  /** Records into histogram `name` with the SDK default buckets, no unit. @throws MetricsError for a bad name or tag. */
  histogram(name: string, value: number, tags?: MetricTags): void {
    try {
      this.#route.inner.meter.histogram(name, '', '', DEFAULT_HISTOGRAM_BOUNDARIES, value, tags);
    } catch (e) {
      throw typedError(e, name, tags);
    }
  }

  /**
   * Records into histogram `name` with custom bucket boundaries (finite, strictly increasing;
   * the boundaries of the first call for a name win).
   * @throws MetricsError for a bad name or tag, `InvalidConfig` for bad boundaries.
   */
  histogramWithBuckets(name: string, value: number, buckets: readonly number[], tags?: MetricTags): void {
    try {
      this.#route.inner.meter.histogram(name, '', '', buckets, value, tags);
    } catch (e) {
      throw typedError(e, name, tags);
    }
  }

  /** Sets gauge `name` (last value wins). @throws MetricsError for a bad name or tag. */
  gauge(name: string, value: number, tags?: MetricTags): void {
    try {
      this.#route.inner.meter.gauge(name, value, tags);
    } catch (e) {
      throw typedError(e, name, tags);
    }
  }

  /** Like `gauge`, with an instrument description. @throws MetricsError for a bad name or tag. */
  gaugeWithDescription(name: string, description: string, value: number, tags?: MetricTags): void {
    try {
      this.#route.inner.meter.gauge(name, value, tags, description);
    } catch (e) {
      throw typedError(e, name, tags);
    }
  }

  /**
   * Registers an observable gauge: `observe` runs on every collection (export and snapshot); tags
   * are fixed now. Never unregistered. A throwing callback skips its point (reported once via diag).
   * @throws MetricsError for a bad name or tag.
   */
  registerObservableGauge(name: string, description: string, observe: () => number, tags?: MetricTags): void {
    try {
      this.#route.inner.meter.observableGauge(name, description, observe, tags);
    } catch (e) {
      throw typedError(e, name, tags);
    }
  }

  /**
   * Records a duration in whole milliseconds (truncated: 15.999 records 15) into the `ms`
   * histogram `name` (description `Duration in milliseconds.`, codex-otel's 34 ms bounds).
   * @throws MetricsError for a bad name or tag.
   */
  recordDuration(name: string, ms: number, tags?: MetricTags): void {
    try {
      this.#route.inner.meter.histogram(name, DURATION_UNIT, DURATION_DESCRIPTION, MILLISECOND_DURATION_BOUNDARIES, wholeMs(ms), tags);
    } catch (e) {
      throw typedError(e, name, tags);
    }
  }

  /**
   * Like `recordDuration` but keeps fractional milliseconds (codex-otel's `record_duration_ms_f64`,
   * used for the websocket TBT metrics). Same instrument as `recordDuration` for a name.
   * @throws MetricsError for a bad name or tag.
   */
  recordDurationMsF64(name: string, ms: number, tags?: MetricTags): void {
    try {
      this.#route.inner.meter.histogram(name, DURATION_UNIT, DURATION_DESCRIPTION, MILLISECOND_DURATION_BOUNDARIES, nonNegative(ms), tags);
    } catch (e) {
      throw typedError(e, name, tags);
    }
  }

  /**
   * Records fractional seconds into the `s` histogram `name` with `description` and codex-otel's
   * 21 second bounds.
   * @throws MetricsError for a bad name or tag.
   */
  recordDurationSeconds(name: string, description: string, seconds: number, tags?: MetricTags): void {
    try {
      this.#route.inner.meter.histogram(name, SECONDS_UNIT, description, SECOND_DURATION_BOUNDARIES, nonNegative(seconds), tags);
    } catch (e) {
      throw typedError(e, name, tags);
    }
  }

  /** Starts a `Timer` for `recordDuration(name, …)`; nothing is validated until it records. Never throws. */
  startTimer(name: string, tags?: MetricTags): Timer {
    return new Timer(this, name, tags);
  }

  /**
   * A handle bound to one series, for hot loops: validation and lookup happen once, here.
   * `'duration'` binds the `recordDuration` family. Handles follow a global re-install.
   * @throws MetricsError for a bad name or tag.
   */
  bind(kind: 'counter', name: string, tags?: MetricTags): BoundCounter;
  bind(kind: 'gauge', name: string, tags?: MetricTags): BoundGauge;
  bind(kind: 'histogram' | 'duration', name: string, tags?: MetricTags): BoundHistogram;
  bind(kind: 'counter' | 'gauge' | 'histogram' | 'duration', name: string, tags?: MetricTags): BoundCounter | BoundGauge | BoundHistogram {
    try {
      if (kind === 'counter') return new BoundCounter(this.#route, name, tags);
      if (kind === 'gauge') return new BoundGauge(this.#route, name, tags);
      if (kind === 'histogram' || kind === 'duration') return new BoundHistogram(this.#route, kind, name, tags);
    } catch (e) {
      throw typedError(e, name, tags);
    }
    throw new MetricsError('InvalidConfig', { message: `unknown instrument kind for bind: ${String(kind)}` });
  }

  /**
   * Collects the runtime reader: a delta of everything recorded since the previous snapshot
   * (observable gauges are observed on every snapshot). Does not export or shut down anything.
   * @throws MetricsError `RuntimeSnapshotUnavailable` without `withRuntimeReader()`.
   */
  snapshot(): ResourceMetrics {
    const inner = this.#route.inner;
    const idx = inner.plan.runtimeIndex;
    if (idx === undefined) throw new MetricsError('RuntimeSnapshotUnavailable');
    return toResourceMetrics(inner.meter, collectMetrics(inner.meter, idx));
  }

  /** Collects now and waits until the exporter settled (bounded by `timeoutMs`, default 30000). Never rejects. */
  async flush(opts: { timeoutMs?: number } = {}): Promise<MetricsFlushResult> {
    const reader = this.#own.reader;
    if (reader === undefined || this.#own.shutdown !== undefined) return { exported: 0, dropped: 0, timedOut: false };
    try {
      return await reader.forceFlush(opts.timeoutMs);
    } catch {
      return { exported: 0, dropped: 0, timedOut: false };
    }
  }

  /**
   * Final collect + export, then stops this client's OWN exporter (not a re-installed global
   * one), within one budget (default 2000 ms, or an absolute `deadline` in epoch ms).
   * Idempotent: later calls return the same promise. Never rejects: a failed or timed-out final
   * export resolves with `ok: false` and `error` = MetricsError `ProviderShutdown` (codex-otel's
   * `Err(ProviderShutdown)`), whose `cause` is the export failure.
   */
  shutdown(opts: { timeoutMs?: number; deadline?: number } = {}): Promise<MetricsShutdownResult> {
    const own = this.#own;
    own.shutdown ??= shutdownInner(own, opts);
    return own.shutdown;
  }

  /**
   * Export counters of this client's pipeline (OTLP and Statsig exporters; undefined otherwise).
   * `dropped.invalid_value` counts measurements that could not be recorded (NaN or infinite
   * histogram values, NaN/negative/infinite durations).
   */
  stats(): SignalStats | undefined {
    const s = this.#own.sink?.stats();
    return s === undefined ? undefined : withInvalid(s, this.#own.meter.invalidValues);
  }

  /** Measurements dropped as invalid so far (also `stats().dropped.invalid_value`). */
  get invalidValues(): number {
    return this.#own.meter.invalidValues;
  }

  /** A redacted description (no header values or API keys). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `MetricsClient { exporter: '${this.#own.plan.describe}', shutdown: ${this.#own.shutdown !== undefined} }`;
  }
}

// One queue item per chunk of a collection (≤ 512 metrics): 4096 chunks hold two million metrics.
const QUEUE = { maxQueueSize: 4096, maxExportBatchSize: 1, scheduledDelayMs: 0, maxConcurrentExports: 1 } as const;

function buildSink(plan: ExportPlan): ClientSink | undefined {
  const d = plan.destination;
  if (d.kind === 'disabled') return undefined;
  if (d.kind === 'in-memory') return inMemorySink(d.exporter);
  // countItems = data points, so partial-success arithmetic and stats count what OTLP counts.
  let exporter: Exporter<MetricData>;
  if (d.kind === 'custom') exporter = d.exporter;
  else exporter = createOtlpExporter<MetricData>(d.dest, undefined, { countItems: countPoints });
  return pipelineSink(exporter, plan.exportTimeoutMs);
}

// Collections go through the shared batching pipeline in chunks (chunks.ts): each chunk of up to
// 512 metrics is one queue item and one export, so a large final collection is delivered whole;
// the 0 ms schedule delay sends a collection right away (unref'ed timer: an idle periodic export
// never holds the process open; an awaited flush/shutdown does).
function pipelineSink(exporter: Exporter<MetricData>, exportTimeoutMs: number): ClientSink {
  const pipeline = createBatchPipeline<MetricChunk>({
    signal: 'metrics',
    exporter: chunkExporter(exporter),
    queue: { ...QUEUE, exportTimeoutMs },
    countItems: countChunkPoints,
  });
  return {
    deliver(metrics) {
      for (const chunk of chunkMetrics(metrics)) pipeline.offer(chunk);
    },
    flush(timeoutMs) {
      return pipeline.flush(timeoutMs === undefined ? {} : { timeoutMs });
    },
    async shutdown(opts) {
      const r = await pipeline.shutdown(opts);
      return { exported: r.exported, dropped: r.dropped, failed: r.failed, timedOut: r.timedOut, lastError: pipeline.stats().lastError };
    },
    stats: () => pipeline.stats(),
  };
}

/** Pipeline stats with the meter's invalid measurements folded in. */
function withInvalid(s: SignalStats, invalid: number): SignalStats {
  if (invalid === 0) return s;
  return Object.freeze({ ...s, dropped: Object.freeze({ ...s.dropped, invalid_value: s.dropped.invalid_value + invalid }), droppedTotal: s.droppedTotal + invalid });
}

async function shutdownInner(inner: ClientInner, opts: { timeoutMs?: number; deadline?: number }): Promise<MetricsShutdownResult> {
  const t0 = performance.now();
  diag('debug', 'flushing OTEL metrics');
  if (inner.reader === undefined) return { ok: true, error: undefined, exported: 0, dropped: 0, timedOut: false, durationMs: 0 };
  let r: SinkShutdownResult;
  try {
    r = await inner.reader.shutdown(opts);
  } catch (err) {
    r = { exported: 0, dropped: 0, failed: 1, timedOut: false, lastError: err instanceof Error ? err : new Error(String(err)) };
  }
  const ok = r.failed === 0 && !r.timedOut;
  const cause = r.lastError ?? (r.timedOut ? new Error('metrics shutdown exceeded its time budget') : undefined);
  return {
    ok,
    error: ok ? undefined : new MetricsError('ProviderShutdown', {}, { cause }),
    exported: r.exported,
    dropped: r.dropped + inner.meter.invalidValues, // as stats().droppedTotal
    timedOut: r.timedOut,
    durationMs: performance.now() - t0,
  };
}

// ---- process-global client (codex-otel's global metrics client) ----

const installedRoutes = new Set<Route>();
let globalClient: MetricsClient | undefined;
let globalIsStatsig: { environment: string } | undefined;

/**
 * Installs `client` as the process-global metrics client. Every client installed so far
 * (including references cached from `global()` earlier) now records into `client`'s meter;
 * `shutdown()` still only shuts down the caller's own exporter.
 */
export function installGlobal(client: MetricsClient): void {
  const inner = ownOf(client);
  const route = routeOf(client);
  installedRoutes.add(route);
  for (const r of installedRoutes) r.inner = inner;
  globalClient = client;
  globalIsStatsig = inner.plan.statsigEnvironment === undefined ? undefined : { environment: inner.plan.statsigEnvironment };
}

/** The process-global client installed by `installGlobal` (by the OtelProvider), if any. */
export function global(): MetricsClient | undefined {
  return globalClient;
}

/** Alias of `global()` for modules where that name is awkward. */
export const globalMetrics = global;

/** `{ environment }` when the installed global client exports to Statsig (codex-otel's `global_statsig_metrics_settings`). */
export function globalStatsigMetricsSettings(): { environment: string } | undefined {
  return globalIsStatsig === undefined ? undefined : { ...globalIsStatsig };
}

/**
 * Starts a timer on the global client.
 * @throws MetricsError `ExporterDisabled` when no global client is installed.
 */
export function startGlobalTimer(name: string, tags?: MetricTags): Timer {
  if (globalClient === undefined) throw new MetricsError('ExporterDisabled');
  return globalClient.startTimer(name, tags);
}

let processStartRecorded = false;

/**
 * Increments `codex.process.start` once per process with tag `originator` =
 * `boundedOriginatorTagValue(originator)`. Returns false when already recorded.
 * @throws MetricsError if recording fails validation (not expected: the tag is sanitized).
 */
export function recordProcessStartOnce(metrics: MetricsClient, originator: string): boolean {
  if (processStartRecorded) return false;
  processStartRecorded = true;
  metrics.counter(PROCESS_START_METRIC, 1, [['originator', boundedOriginatorTagValue(originator)]]);
  return true;
}

/**
 * The meter `client` records into now (follows a global re-install), for bridges that add their
 * own instruments (MetricProducer). Internal: not exported from the package entry.
 */
export function meterOfClient(client: MetricsClient): Meter {
  return routeOf(client).inner.meter;
}
