// Stays in signals: it lays out the meter's readers (ReaderSpec) and the in-memory test exporter; the configuration part lives in config/metrics-export.ts.
// Turns a MetricsConfig into an export plan: which readers exist (periodic exporter, runtime
// snapshot) with which temporality, the export interval, the deny-list, and the destination
// (config/metrics-export.ts resolves the exporter setting; or the in-memory exporter).
// Pure over the config and its env snapshot; the facade builds the pipeline from the plan.
import {
  ALL_CUMULATIVE, ALL_DELTA, readMetricExportInterval, readMetricExportTimeout, resolveMetricsExport, type MetricsDestination,
} from '../../config/metrics-export.ts';
import { readEnv } from '../../config/env-snapshot.ts';
import { statsigEndpoint } from '../../config/statsig.ts';
import type { MetricsConfigState } from './config.ts';
import type { InMemoryMetricExporter } from './in-memory-exporter.ts';
import type { ReaderSpec } from './meter.ts';

/** Statsig's OTLP metrics ingestion URL. */
export const STATSIG_OTLP_HTTP_ENDPOINT = statsigEndpoint('metrics');
export { STATSIG_API_KEY_ENV, STATSIG_API_KEY_HEADER, STATSIG_OTLP_BASE_URL } from '../../config/statsig.ts';

/** Where the periodic reader's collections go. */
export type ExportDestination = MetricsDestination | { readonly kind: 'in-memory'; readonly exporter: InMemoryMetricExporter };

/** Everything the client needs to wire exporting. */
export interface ExportPlan {
  readonly destination: ExportDestination;
  /** Reader 0 is the periodic exporter when the destination is not disabled; the runtime reader follows. */
  readonly readers: readonly ReaderSpec[];
  readonly periodicIndex: number | undefined;
  readonly runtimeIndex: number | undefined;
  readonly intervalMs: number;
  /** Budget of one export batch incl. retries (OTEL_METRIC_EXPORT_TIMEOUT). */
  readonly exportTimeoutMs: number;
  readonly deniedMetrics: ReadonlySet<string>;
  /** The environment when exporting to Statsig (for `globalStatsigMetricsSettings`). */
  readonly statsigEnvironment: string | undefined;
  /** A secret-free label for inspect output. */
  readonly describe: string;
}

/**
 * Builds the plan, reading the environment once (the config's `withEnv`, else process.env).
 * @throws MetricsError `ExporterDisabled` for `{ kind: 'none' }`; `InvalidConfig` for an
 * invalid exporter setting (wrapping the ConfigError as `cause`).
 */
export function planExport(c: MetricsConfigState): ExportPlan {
  const env = readEnv(c.env);
  const e = c.exporter;
  let destination: ExportDestination;
  let periodic: ReaderSpec;
  let statsigEnvironment: string | undefined;
  if (e.kind === 'in-memory') {
    destination = { kind: 'in-memory', exporter: e.exporter };
    periodic = e.exporter.temporality === 'delta' ? ALL_DELTA : ALL_CUMULATIVE;
  } else {
    const r = resolveMetricsExport(e.exporter, env);
    destination = r.destination;
    periodic = r.temporality;
    if (r.statsig) statsigEnvironment = c.environment;
  }
  const readers: ReaderSpec[] = [];
  let periodicIndex: number | undefined;
  let runtimeIndex: number | undefined;
  if (destination.kind !== 'disabled') {
    periodicIndex = readers.length;
    readers.push(periodic);
  }
  if (c.runtimeReader) {
    runtimeIndex = readers.length;
    readers.push(ALL_DELTA);
  }
  return {
    destination,
    readers,
    periodicIndex,
    runtimeIndex,
    intervalMs: c.exportIntervalMs ?? readMetricExportInterval(env),
    exportTimeoutMs: readMetricExportTimeout(env),
    deniedMetrics: new Set(c.disabledMetrics),
    statsigEnvironment,
    describe: e.kind === 'in-memory' ? 'in-memory' : destination.kind === 'disabled' ? `${e.exporter.kind} (disabled)` : e.exporter.kind,
  };
}
