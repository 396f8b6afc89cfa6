// Turns a MetricsConfig into an export plan: which readers exist (periodic exporter, runtime
// snapshot) with which temporality, the export interval, the deny-list, and the destination
// (resolved OTLP/HTTP JSON or protobuf, resolved OTLP/gRPC, the Statsig route (always OTLP/HTTP
// JSON), a custom exporter, the in-memory exporter, or none).
// Pure over the config and its env; the facade builds the pipeline from the plan.
import { ConfigError, MetricsError } from '../../errors.ts';
import type { ResolvedOtlpGrpcExporter, ResolvedOtlpHttpExporter } from '../../config/types.ts';
import {
  readMetricExportInterval, readMetricExportTimeout, readTemporalityPreference, resolveOtlpGrpcExporter, resolveOtlpHttpExporter,
} from '../../config/env.ts';
import { resolveStatsigExporter, statsigEndpoint } from '../../config/statsig.ts';
import type { MetricData } from '../../../proto-json/model.ts';
import type { Exporter } from '../../contracts.ts';
import type { MetricsConfigState } from './config.ts';
import type { InMemoryMetricExporter } from './in-memory-exporter.ts';
import type { ReaderSpec } from './meter.ts';
import { isHttpUrl } from '../../config/url.ts';

/** Statsig's OTLP metrics ingestion URL. */
export const STATSIG_OTLP_HTTP_ENDPOINT = statsigEndpoint('metrics');
export { STATSIG_API_KEY_ENV, STATSIG_API_KEY_HEADER, STATSIG_OTLP_BASE_URL } from '../../config/statsig.ts';

const ALL_DELTA: ReaderSpec = Object.freeze({ sumDelta: true, histogramDelta: true, gaugeDelta: true });
const ALL_CUMULATIVE: ReaderSpec = Object.freeze({ sumDelta: false, histogramDelta: false, gaugeDelta: false });
// lowmemory: counters and histograms delta, everything else cumulative (the OTLP exporter spec's `lowmemory` preference).
const LOW_MEMORY: ReaderSpec = Object.freeze({ sumDelta: true, histogramDelta: true, gaugeDelta: false });

/** Where the periodic reader's collections go. */
export type ExportDestination =
  | { readonly kind: 'otlp-http'; readonly dest: ResolvedOtlpHttpExporter }
  | { readonly kind: 'otlp-grpc'; readonly dest: ResolvedOtlpGrpcExporter }
  | { readonly kind: 'custom'; readonly exporter: Exporter<MetricData> }
  | { readonly kind: 'in-memory'; readonly exporter: InMemoryMetricExporter }
  | { readonly kind: 'disabled' };

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

function readerFromPreference(env: NodeJS.ProcessEnv): ReaderSpec {
  const p = readTemporalityPreference(env);
  if (p === 'cumulative') return ALL_CUMULATIVE;
  if (p === 'lowmemory') return LOW_MEMORY;
  return ALL_DELTA; // unset or delta: codex-otel exports delta
}

/**
 * Builds the plan.
 * @throws MetricsError `ExporterDisabled` for `{ kind: 'none' }`; `InvalidConfig` for an
 * invalid exporter setting (wrapping the ConfigError as `cause`).
 */
export function planExport(c: MetricsConfigState): ExportPlan {
  const env = c.env ?? process.env;
  let destination: ExportDestination;
  let periodic: ReaderSpec = ALL_DELTA;
  let statsigEnvironment: string | undefined;
  const e = c.exporter;
  if (e.kind === 'in-memory') {
    destination = { kind: 'in-memory', exporter: e.exporter };
    periodic = e.exporter.temporality === 'delta' ? ALL_DELTA : ALL_CUMULATIVE;
  } else {
    const s = e.exporter;
    switch (s.kind) {
      case 'none':
        throw new MetricsError('ExporterDisabled');
      case 'otlp-grpc':
        try {
          destination = { kind: 'otlp-grpc', dest: resolveOtlpGrpcExporter('metrics', s, env) };
        } catch (err) {
          if (err instanceof ConfigError) throw new MetricsError('InvalidConfig', { message: err.message }, { cause: err });
          throw err;
        }
        periodic = readerFromPreference(env);
        break;
      case 'custom':
        destination = { kind: 'custom', exporter: s.exporter };
        periodic = readerFromPreference(env);
        break;
      case 'otlp-http':
        try {
          destination = { kind: 'otlp-http', dest: resolveOtlpHttpExporter('metrics', s, env) };
        } catch (err) {
          if (err instanceof ConfigError) throw new MetricsError('InvalidConfig', { message: err.message }, { cause: err });
          throw err;
        }
        periodic = readerFromPreference(env);
        break;
      case 'statsig': {
        if (s.endpoint !== undefined && !isHttpUrl(s.endpoint)) throw new MetricsError('InvalidConfig', { message: 'metricsExporter.endpoint: must be an absolute http:// or https:// URL' });
        const dest = resolveStatsigExporter('metrics', s, env);
        if (dest === undefined) destination = { kind: 'disabled' };
        else {
          destination = { kind: 'otlp-http', dest };
          statsigEnvironment = c.environment;
        }
        periodic = ALL_DELTA; // Statsig is always delta
        break;
      }
      default:
        throw new MetricsError('InvalidConfig', { message: `metricsExporter: unknown kind '${String((s as { kind?: unknown }).kind)}'` });
    }
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
