// codex-otel's test exporter (`opentelemetry_sdk::testing::metrics::InMemoryMetricExporter`):
// keeps every export as one ResourceMetrics. Cumulative by default, as in codex-otel.
import type { MetricData } from '../../../proto-json/model.ts';
import type { ExportResult, Exporter } from '../../contracts.ts';
import type { ResourceMetrics, ScopeMetrics } from './collect.ts';
import type { MetricsSink } from './periodic-reader.ts';

/** Temporality an exporter asks for. */
export type MetricTemporality = 'cumulative' | 'delta';

export function countPoints(metrics: readonly MetricData[]): number {
  let n = 0;
  for (const m of metrics) n += m.points.length;
  return n;
}

/** Groups metrics by resource then scope identity, keeping first-seen order. */
export function groupResourceMetrics(metrics: readonly MetricData[]): ResourceMetrics[] {
  const out: { resource: MetricData['resource']; scopes: Map<MetricData['scope'], MetricData[]> }[] = [];
  for (const m of metrics) {
    let r = out.find((x) => x.resource === m.resource);
    if (r === undefined) {
      r = { resource: m.resource, scopes: new Map() };
      out.push(r);
    }
    let list = r.scopes.get(m.scope);
    if (list === undefined) r.scopes.set(m.scope, (list = []));
    list.push(m);
  }
  return out.map((r) => ({
    resource: r.resource,
    scopeMetrics: [...r.scopes].map(([scope, ms]): ScopeMetrics => ({ scope, metrics: ms })),
  }));
}

/**
 * Keeps exported metrics in memory, one `ResourceMetrics` per export (tests read the last one).
 * Use with `MetricsConfig.inMemory(…)`; also usable as a pipeline `Exporter<MetricData>`.
 */
export class InMemoryMetricExporter implements Exporter<MetricData> {
  /** @default 'cumulative' (codex-otel's `InMemoryMetricExporter::default()`) */
  readonly temporality: MetricTemporality;
  #finished: ResourceMetrics[] = [];
  #shutdown = false;

  constructor(opts: { temporality?: MetricTemporality } = {}) {
    this.temporality = opts.temporality ?? 'cumulative';
  }

  /** Every export so far, oldest first. */
  getFinishedMetrics(): ResourceMetrics[] {
    return this.#finished.slice();
  }

  /** Forgets every export. */
  reset(): void {
    this.#finished = [];
  }

  /** True after `shutdown()`. */
  get isShutdown(): boolean {
    return this.#shutdown;
  }

  /** Stores one collection (called by the MetricsClient; empty collections are never passed). */
  exportCollection(metrics: readonly MetricData[]): void {
    if (metrics.length === 0) return;
    this.#finished.push(...groupResourceMetrics(metrics));
  }

  /** Exporter<MetricData>: stores the batch as one export. Never rejects. */
  export(items: readonly MetricData[]): Promise<ExportResult> {
    this.exportCollection(items);
    return Promise.resolve({ exported: countPoints(items), dropped: 0 });
  }

  /** Marks the exporter shut down; the stored exports stay readable. */
  shutdown(): Promise<void> {
    this.#shutdown = true;
    return Promise.resolve();
  }
}

/** A periodic-reader sink that stores each collection in `exporter` synchronously. */
export function inMemorySink(exporter: InMemoryMetricExporter): MetricsSink & { stats(): undefined } {
  let exported = 0;
  let sinceFlush = 0;
  return {
    deliver(metrics) {
      exporter.exportCollection(metrics);
      const n = countPoints(metrics);
      exported += n;
      sinceFlush += n;
    },
    flush() {
      const n = sinceFlush;
      sinceFlush = 0;
      return Promise.resolve({ exported: n, dropped: 0, timedOut: false });
    },
    async shutdown() {
      await exporter.shutdown();
      return { exported, dropped: 0, failed: 0, timedOut: false, lastError: undefined };
    },
    stats: () => undefined,
  };
}
