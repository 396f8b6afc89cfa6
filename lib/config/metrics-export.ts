// Where a MetricsClient's periodic exports go and how: the resolved destination of a metrics
// exporter setting (OTLP/HTTP JSON or protobuf, OTLP/gRPC, the Statsig route — always OTLP/HTTP
// JSON, delta — a custom exporter, or disabled), the temporality, export interval and export
// timeout from OTEL_* variables. Pure over the setting and the env snapshot; MetricsClient's plan
// (signals/metrics/export-plan.ts) adds its readers and the in-memory test exporter.
import type { MetricData } from '../../proto-json/model.ts';
import type { Exporter } from '../contracts.ts';
import { ConfigError, MetricsError } from '../errors.ts';
import { DEFAULT_METRIC_EXPORT_INTERVAL_MS, DEFAULT_METRIC_EXPORT_TIMEOUT_MS } from './defaults.ts';
import { envEnum, envInteger, envTimeout, type EnvSnapshot } from './env-snapshot.ts';
import { resolveOtlpGrpcExporter } from './otlp-grpc.ts';
import { resolveOtlpHttpExporter } from './otlp-http.ts';
import { resolveStatsigExporter } from './statsig.ts';
import type { MetricsExporterSetting, ResolvedOtlpGrpcExporter, ResolvedOtlpHttpExporter } from './types.ts';
import { isHttpUrl } from './url.ts';

/** Which instrument kinds a reader collects as delta (the rest cumulative). */
export interface Temporality {
  /** true = delta for counters (monotonic sums). */
  readonly sumDelta: boolean;
  /** true = delta for histograms. */
  readonly histogramDelta: boolean;
  /** true = a gauge point only when the series was recorded since the reader's last collect. */
  readonly gaugeDelta: boolean;
}

export const ALL_DELTA: Temporality = Object.freeze({ sumDelta: true, histogramDelta: true, gaugeDelta: true });
export const ALL_CUMULATIVE: Temporality = Object.freeze({ sumDelta: false, histogramDelta: false, gaugeDelta: false });
// lowmemory: counters and histograms delta, everything else cumulative (the OTLP exporter spec's `lowmemory` preference).
const LOW_MEMORY: Temporality = Object.freeze({ sumDelta: true, histogramDelta: true, gaugeDelta: false });

/** OTEL_METRIC_EXPORT_INTERVAL in ms (≥ 1). @default 60000 */
export function readMetricExportInterval(env: EnvSnapshot): number {
  return envInteger(env, 'OTEL_METRIC_EXPORT_INTERVAL', 1) ?? DEFAULT_METRIC_EXPORT_INTERVAL_MS;
}

/** OTEL_METRIC_EXPORT_TIMEOUT in ms (0 = no limit, i.e. 2^31-1). @default 30000 */
export function readMetricExportTimeout(env: EnvSnapshot): number {
  return envTimeout(env, 'OTEL_METRIC_EXPORT_TIMEOUT', DEFAULT_METRIC_EXPORT_TIMEOUT_MS);
}

/**
 * OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE (case-insensitive), or undefined when unset or
 * unknown (the caller picks its default: codex-otel exports delta).
 */
export function readTemporalityPreference(env: EnvSnapshot): 'cumulative' | 'delta' | 'lowmemory' | undefined {
  return envEnum(env, 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', ['cumulative', 'delta', 'lowmemory']);
}

function temporalityFromEnv(env: EnvSnapshot): Temporality {
  const p = readTemporalityPreference(env);
  if (p === 'cumulative') return ALL_CUMULATIVE;
  if (p === 'lowmemory') return LOW_MEMORY;
  return ALL_DELTA; // unset or delta: codex-otel exports delta
}

/** Where the periodic reader's collections go. */
export type MetricsDestination =
  | { readonly kind: 'otlp-http'; readonly dest: ResolvedOtlpHttpExporter }
  | { readonly kind: 'otlp-grpc'; readonly dest: ResolvedOtlpGrpcExporter }
  | { readonly kind: 'custom'; readonly exporter: Exporter<MetricData> }
  | { readonly kind: 'disabled' };

/** A metrics exporter setting, resolved. */
export interface MetricsExportSettings {
  readonly destination: MetricsDestination;
  /** The periodic reader's temporality. */
  readonly temporality: Temporality;
  /** True for the Statsig route (for `globalStatsigMetricsSettings`). */
  readonly statsig: boolean;
}

/**
 * Resolves a metrics exporter setting against the environment.
 * @throws MetricsError `ExporterDisabled` for `{ kind: 'none' }`; `InvalidConfig` for an invalid
 * setting (wrapping the ConfigError as `cause`).
 */
export function resolveMetricsExport(s: MetricsExporterSetting, env: EnvSnapshot): MetricsExportSettings {
  let destination: MetricsDestination;
  try {
    switch (s.kind) {
      case 'none':
        throw new MetricsError('ExporterDisabled');
      case 'otlp-grpc':
        destination = { kind: 'otlp-grpc', dest: resolveOtlpGrpcExporter('metrics', s, env) };
        break;
      case 'otlp-http':
        destination = { kind: 'otlp-http', dest: resolveOtlpHttpExporter('metrics', s, env) };
        break;
      case 'custom':
        destination = { kind: 'custom', exporter: s.exporter };
        break;
      case 'statsig': {
        if (s.endpoint !== undefined && !isHttpUrl(s.endpoint)) throw new MetricsError('InvalidConfig', { message: 'metricsExporter.endpoint: must be an absolute http:// or https:// URL' });
        const dest = resolveStatsigExporter('metrics', s, env);
        // Statsig is always delta
        return { destination: dest === undefined ? { kind: 'disabled' } : { kind: 'otlp-http', dest }, temporality: ALL_DELTA, statsig: dest !== undefined };
      }
      default:
        throw new MetricsError('InvalidConfig', { message: `metricsExporter: unknown kind '${String((s as { kind?: unknown }).kind)}'` });
    }
  } catch (err) {
    // A bad OTLP setting surfaces as MetricsError `InvalidConfig`, the ConfigError as `cause`.
    if (err instanceof ConfigError) throw new MetricsError('InvalidConfig', { message: err.message }, { cause: err });
    throw err;
  }
  return { destination, temporality: temporalityFromEnv(env), statsig: false };
}
