// Settings + environment → the resolved per-signal configuration OtelProvider builds from.
// Validation: a cheap hand-written structural pre-check on the happy path; only when it fails is
// the zod/mini schema (settings-schema.ts, the source of truth for messages) loaded to explain why.
import type { LogRecordData, SpanData } from '../../proto-json/model.ts';
import { ConfigError } from '../errors.ts';
import type { Exporter, Signal } from '../pipeline/types.ts';
import { envExporterFor, readSdkDisabled } from './env.ts';
import { headerProblem } from './env-read.ts';
import { resolveOtlpGrpcExporter } from './otlp-grpc.ts';
import { resolveOtlpHttpExporter } from './otlp-http.ts';
import { readOtlpProtocol } from './protocol.ts';
import { grpcEndpointIssue, isExporterLike, settingsSchemaIssues } from './settings-schema.ts';
import { isHttpUrl } from './url.ts';
import { spanAttributeIssues, tracestateIssues } from './tracestate.ts';
import type { MetricsExporterSetting, OtelSettings, ResolvedOtlpGrpcExporter, ResolvedOtlpHttpExporter } from './types.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function optString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}

function headersOk(h: unknown): boolean {
  if (h === undefined) return true;
  if (!isObject(h)) return false;
  for (const k in h) {
    if (!Object.hasOwn(h, k)) continue;
    const v = h[k];
    if (headerProblem(k, v, 0) !== undefined) return false;
  }
  return true;
}

function tlsOk(t: unknown): boolean {
  if (t === undefined) return true;
  if (!isObject(t)) return false;
  for (const k of ['caCertificate', 'clientCertificate', 'clientPrivateKey'] as const) {
    const v = t[k];
    if (v !== undefined && (typeof v !== 'string' || v === '')) return false;
  }
  return (t['clientCertificate'] === undefined) === (t['clientPrivateKey'] === undefined);
}

// headers, tls, timeoutMs and compression: shared by otlp-http and otlp-grpc.
function transportOk(e: Record<string, unknown>): boolean {
  const t = e['timeoutMs'];
  const c = e['compression'];
  return (
    headersOk(e['headers']) &&
    tlsOk(e['tls']) &&
    (t === undefined || (typeof t === 'number' && Number.isFinite(t) && t >= 0)) &&
    (c === undefined || c === 'none' || c === 'gzip')
  );
}

function exporterOk(e: unknown, signal: Signal): boolean {
  if (e === undefined) return true;
  if (!isObject(e)) return false;
  switch (e['kind']) {
    case 'none':
      return true;
    case 'statsig':
      return signal === 'metrics' && optString(e['apiKey']) && (e['endpoint'] === undefined || isHttpUrl(e['endpoint']));
    case 'otlp-http':
      return isHttpUrl(e['endpoint']) && (e['protocol'] === 'json' || e['protocol'] === 'binary') && transportOk(e);
    case 'otlp-grpc':
      return grpcEndpointIssue(e['endpoint']) === undefined && transportOk(e);
    case 'custom':
      return isExporterLike(e['exporter']);
    default:
      return false;
  }
}

/**
 * The fast structural check: true when `settings` is certainly valid. Must agree with the zod
 * schema (spec/config/settings.spec.ts checks a table of good and bad settings against both).
 */
export function precheckSettings(settings: unknown): boolean {
  if (!isObject(settings)) return false;
  const s = settings;
  return (
    optString(s['environment']) &&
    optString(s['serviceName']) &&
    optString(s['serviceVersion']) &&
    (s['runtimeMetrics'] === undefined || typeof s['runtimeMetrics'] === 'boolean') &&
    exporterOk(s['exporter'], 'logs') &&
    exporterOk(s['traceExporter'], 'traces') &&
    exporterOk(s['metricsExporter'], 'metrics') &&
    (s['spanAttributes'] === undefined || spanAttributeIssues(s['spanAttributes']).length === 0) &&
    (s['tracestate'] === undefined || tracestateIssues(s['tracestate']).length === 0)
  );
}

/**
 * Validates settings; the happy path never loads zod.
 * @throws ConfigError naming every offending field and why (never a header value or API key).
 */
export function validateSettings(settings: unknown): asserts settings is OtelSettings {
  if (precheckSettings(settings)) return;
  const issues = settingsSchemaIssues(settings);
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

function resolveSignal<T>(
  signal: 'traces' | 'logs',
  setting: OtelSettings['traceExporter'] | OtelSettings['exporter'],
  env: NodeJS.ProcessEnv,
): ResolvedExport<T> | undefined {
  if (setting !== undefined) {
    if (setting.kind === 'none') return undefined;
    if (setting.kind === 'custom') return { kind: 'custom', exporter: setting.exporter as Exporter<T> };
    if (setting.kind === 'otlp-http') return { kind: 'otlp-http', destination: resolveOtlpHttpExporter(signal, setting, env) };
    if (setting.kind === 'otlp-grpc') return { kind: 'otlp-grpc', destination: resolveOtlpGrpcExporter(signal, setting, env) };
    return undefined; // statsig was rejected by validation
  }
  const kind = envExporterFor(signal, env);
  if (kind === 'none') return undefined;
  if (kind === 'console') return { kind: 'console' };
  const protocol = readOtlpProtocol(signal, env);
  if (protocol === 'grpc') return { kind: 'otlp-grpc', destination: resolveOtlpGrpcExporter(signal, undefined, env) };
  return { kind: 'otlp-http', destination: resolveOtlpHttpExporter(signal, undefined, env, { protocol: protocol === 'http/protobuf' ? 'binary' : 'json' }) };
}

/**
 * Validates `settings` and merges the environment (programmatic settings win per signal; an unset
 * exporter falls back to OTEL_<SIGNAL>_EXPORTER / endpoint variables, over the transport named by
 * OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL — http/json by default, http/protobuf, grpc;
 * OTEL_SDK_DISABLED=true turns everything off). Returns undefined when no signal is enabled.
 * @throws ConfigError for bad settings or unreadable TLS files.
 */
export function resolveSettings(settings: OtelSettings, env: NodeJS.ProcessEnv): ResolvedSettings | undefined {
  validateSettings(settings);
  if (readSdkDisabled(env)) return undefined;
  const traces = resolveSignal<SpanData>('traces', settings.traceExporter, env);
  const logs = resolveSignal<LogRecordData>('logs', settings.exporter, env);
  let metrics: ResolvedSettings['metrics'];
  if (settings.metricsExporter !== undefined) {
    metrics = settings.metricsExporter.kind === 'none' ? undefined : settings.metricsExporter;
  } else {
    const kind = envExporterFor('metrics', env);
    if (kind === 'console') metrics = { kind: 'console' };
    else if (kind === 'otlp') {
      const protocol = readOtlpProtocol('metrics', env);
      if (protocol === 'grpc') {
        metrics = { kind: 'otlp-grpc', endpoint: resolveOtlpGrpcExporter('metrics', undefined, env).url };
      } else {
        const d = resolveOtlpHttpExporter('metrics', undefined, env, { protocol: protocol === 'http/protobuf' ? 'binary' : 'json' });
        metrics = { kind: 'otlp-http', endpoint: d.url, protocol: d.protocol };
      }
    }
  }
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

