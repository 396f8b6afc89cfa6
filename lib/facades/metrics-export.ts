// How a MetricsClient is wired and how its collections leave the process: the meter and periodic
// reader of its config's export plan, the sink (the in-memory exporter, or chunks through the
// shared batching pipeline to OTLP or a custom exporter), its counters, and the bounded final
// export of shutdown().
import { MetricsError } from '../errors.ts';
import { diag } from '../platform/diag.ts';
import type { MetricData } from '../../proto-json/model.ts';
import type { Exporter, SignalStats } from '../contracts.ts';
import { createBatchPipeline } from '../pipeline/batching/pipeline.ts';
import { createOtlpExporter } from '../pipeline/export/exporters.ts';
import { chunkExporter, chunkMetrics, countChunkPoints, type MetricChunk } from '../signals/metrics/chunks.ts';
import { readConfig, type MetricsConfig } from '../signals/metrics/config.ts';
import { planExport, type ExportPlan } from '../signals/metrics/export-plan.ts';
import { countPoints, inMemorySink } from '../signals/metrics/in-memory-exporter.ts';
import { Meter } from '../signals/metrics/meter.ts';
import { METER_NAME } from '../signals/metrics/names.ts';
import { PeriodicReader, type MetricsSink, type SinkShutdownResult } from '../signals/metrics/periodic-reader.ts';
import { metricsResource } from '../signals/metrics/resource.ts';
import { validateTag } from '../signals/metrics/validation.ts';

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
export interface ClientSink extends MetricsSink {
  stats(): SignalStats | undefined;
}

/** One client's state: its meter and how collections leave the process. */
export interface ClientInner {
  readonly meter: Meter;
  readonly plan: ExportPlan;
  readonly reader: PeriodicReader | undefined;
  readonly sink: ClientSink | undefined;
  shutdown: Promise<MetricsShutdownResult> | undefined;
}

/**
 * The meter, sink and periodic reader (not started) of `config`.
 * @throws MetricsError as the MetricsClient constructor.
 */
export function buildClient(config: MetricsConfig): ClientInner {
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
  return { meter, plan, reader, sink, shutdown: undefined };
}

// One queue item per chunk of a collection (≤ 512 metrics): 4096 chunks hold two million metrics.
const QUEUE = { maxQueueSize: 4096, maxExportBatchSize: 1, scheduledDelayMs: 0, maxConcurrentExports: 1 } as const;

// The sink of the plan's destination: the in-memory exporter, or the shared batching pipeline.
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
export function withInvalid(s: SignalStats, invalid: number): SignalStats {
  if (invalid === 0) return s;
  return Object.freeze({ ...s, dropped: Object.freeze({ ...s.dropped, invalid_value: s.dropped.invalid_value + invalid }), droppedTotal: s.droppedTotal + invalid });
}

/** Final collect + export of `reader` within the budget (never rejects); no reader: nothing to do. */
export async function shutdownExport(
  inner: { readonly meter: Meter; readonly reader: PeriodicReader | undefined },
  opts: { timeoutMs?: number; deadline?: number },
): Promise<MetricsShutdownResult> {
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
