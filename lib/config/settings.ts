// Settings + environment → the resolved per-signal configuration OtelProvider builds from.
// Validation: settings-check.ts (no schema library, so bundles carry no zod).
import type { LogRecordData, SpanData } from '../../proto-json/model.ts';
import { ConfigError } from '../errors.ts';
import type { Exporter, Signal } from '../contracts.ts';
import type { EnvSnapshot } from './env-snapshot.ts';
import { resolveOtlpGrpcExporter } from './otlp-grpc.ts';
import { resolveOtlpHttpExporter } from './otlp-http.ts';
import { resolveStatsigExporter } from './statsig.ts';
import { envExporterFor, readOtlpProtocol, readSdkDisabled } from './selection.ts';
import { settingsIssues } from './settings-check.ts';
import type { MetricsExporterSetting, OtelSettings, ResolvedOtlpGrpcExporter, ResolvedOtlpHttpExporter } from './types.ts';

/**
 * True when `settings` are valid (no issue). Same rules as the zod schema in settings-schema.ts.
 */
export function precheckSettings(settings: unknown): boolean {
  return settingsIssues(settings).length === 0;
}

/**
 * Validates settings without loading any schema library.
 * @throws ConfigError naming every offending field and why (never a header value or API key).
 */
export function validateSettings(settings: unknown): asserts settings is OtelSettings {
  const issues = settingsIssues(settings);
  if (issues.length > 0) throw new ConfigError(issues);
}

/** How one of traces/logs is exported after settings and env are merged. */
export type ResolvedExport<T> =
  | { readonly kind: 'otlp-http'; readonly destination: ResolvedOtlpHttpExporter }
  | { readonly kind: 'otlp-grpc'; readonly destination: ResolvedOtlpGrpcExporter }
  | { readonly kind: 'custom'; readonly exporter: Exporter<T> }
  | { readonly kind: 'console' };

/** Settings after validation and env merging: what OtelProvider builds. */
export interface ResolvedSettings {
  readonly environment: string | undefined;
  readonly serviceName: string | undefined;
  readonly serviceVersion: string | undefined;
  readonly traces: ResolvedExport<SpanData> | undefined;
  readonly logs: ResolvedExport<LogRecordData> | undefined;
  /**
   * The metrics exporter to hand to MetricsClient; env-enabled OTLP becomes an otlp-http setting
   * (protocol per OTEL_EXPORTER_OTLP_[METRICS_]PROTOCOL) or an otlp-grpc one, with the resolved
   * endpoint (headers, timeout, compression and TLS are merged from env again by MetricsClient).
   */
  readonly metrics: MetricsExporterSetting | { readonly kind: 'console' } | undefined;
  readonly runtimeMetrics: boolean;
  readonly spanAttributes: Readonly<Record<string, string>>;
  readonly tracestate: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

type EnvExport = Extract<ResolvedExport<never>, { kind: 'otlp-http' | 'otlp-grpc' | 'console' }>;

// A signal without a programmatic exporter: what OTEL_<SIGNAL>_EXPORTER / the endpoint variables
// enable, over the transport OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL names.
function fromEnv(signal: Signal, env: EnvSnapshot): EnvExport | undefined {
  const kind = envExporterFor(signal, env);
  if (kind === 'none') return undefined;
  if (kind === 'console') return { kind: 'console' };
  const protocol = readOtlpProtocol(signal, env);
  if (protocol === 'grpc') return { kind: 'otlp-grpc', destination: resolveOtlpGrpcExporter(signal, undefined, env) };
  return { kind: 'otlp-http', destination: resolveOtlpHttpExporter(signal, undefined, env, { protocol: protocol === 'http/protobuf' ? 'binary' : 'json' }) };
}

function resolveSignal<T>(
  signal: 'traces' | 'logs',
  setting: OtelSettings['traceExporter'] | OtelSettings['exporter'],
  env: EnvSnapshot,
): ResolvedExport<T> | undefined {
  if (setting === undefined) return fromEnv(signal, env);
  if (setting.kind === 'none') return undefined;
  if (setting.kind === 'custom') return { kind: 'custom', exporter: setting.exporter as Exporter<T> };
  if (setting.kind === 'otlp-http') return { kind: 'otlp-http', destination: resolveOtlpHttpExporter(signal, setting, env) };
  if (setting.kind === 'otlp-grpc') return { kind: 'otlp-grpc', destination: resolveOtlpGrpcExporter(signal, setting, env) };
  // Statsig: an ordinary OTLP/HTTP JSON destination with the key header; no key → not exported
  const statsig = resolveStatsigExporter(signal, setting, env);
  return statsig === undefined ? undefined : { kind: 'otlp-http', destination: statsig };
}

// The metrics exporter to hand to MetricsClient: the setting, or what the environment enables.
function metricsSetting(setting: MetricsExporterSetting | undefined, env: EnvSnapshot): ResolvedSettings['metrics'] {
  if (setting !== undefined) return setting.kind === 'none' ? undefined : setting;
  const r = fromEnv('metrics', env);
  if (r === undefined || r.kind === 'console') return r;
  if (r.kind === 'otlp-grpc') return { kind: 'otlp-grpc', endpoint: r.destination.url };
  return { kind: 'otlp-http', endpoint: r.destination.url, protocol: r.destination.protocol };
}

/**
 * Validates `settings` and merges the environment (programmatic settings win per signal; an unset
 * exporter falls back to OTEL_<SIGNAL>_EXPORTER / endpoint variables, over the transport named by
 * OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL — http/json by default, http/protobuf, grpc;
 * OTEL_SDK_DISABLED=true turns everything off). Returns undefined when no signal is enabled.
 * @throws ConfigError for bad settings or unreadable TLS files.
 */
export function resolveSettings(settings: OtelSettings, env: EnvSnapshot): ResolvedSettings | undefined {
  validateSettings(settings);
  if (readSdkDisabled(env)) return undefined;
  const traces = resolveSignal<SpanData>('traces', settings.traceExporter, env);
  const logs = resolveSignal<LogRecordData>('logs', settings.exporter, env);
  const metrics = metricsSetting(settings.metricsExporter, env);
  if (traces === undefined && logs === undefined && metrics === undefined) return undefined;
  return {
    environment: settings.environment === '' ? undefined : settings.environment,
    serviceName: settings.serviceName === '' ? undefined : settings.serviceName,
    serviceVersion: settings.serviceVersion === '' ? undefined : settings.serviceVersion,
    traces,
    logs,
    metrics,
    runtimeMetrics: settings.runtimeMetrics === true,
    spanAttributes: settings.spanAttributes ?? {},
    tracestate: settings.tracestate ?? {},
  };
}

