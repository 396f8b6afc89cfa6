// OTEL_* environment variables → plain values. Every function is pure over the `env` object it
// is given (tests pass plain objects); a bad value is ignored with one diag warning, never thrown,
// except where the brief asks for a ConfigError (TLS files: otlp-common.ts).
// Rules: empty or whitespace-only = unset; signal-specific wins over generic; enums are
// case-insensitive; integers are 0 … 2^31-1.
import {
  DEFAULT_BATCH_EXPORT_TIMEOUT_MS, DEFAULT_LOG_SCHEDULE_DELAY_MS, DEFAULT_MAX_EXPORT_BATCH_SIZE, DEFAULT_MAX_QUEUE_SIZE,
  DEFAULT_METRIC_EXPORT_INTERVAL_MS, DEFAULT_METRIC_EXPORT_TIMEOUT_MS, DEFAULT_SPAN_SCHEDULE_DELAY_MS,
} from './defaults.ts';
import type { QueueOptions, Signal } from '../contracts.ts';
import { diag } from '../platform/diag.ts';
import { INT_MAX, decodePercent, envBoolean, envEnum, envInteger, envString, otlpEnv } from './env-read.ts';

export {
  INT_MAX,
  SIGNAL_ENV,
  envBoolean,
  envEnum,
  envInteger,
  envString,
  isValidHeaderName,
  isValidHeaderValue,
  otlpEnv,
  parseHeaderList,
} from './env-read.ts';
export { resolveOtlpHttpExporter, DEFAULT_OTLP_TIMEOUT_MS, EXPORTER_FIELD, type ResolveOptions } from './otlp-http.ts';
export { resolveOtlpGrpcExporter, DEFAULT_OTLP_GRPC_ENDPOINT } from './otlp-grpc.ts';
export { readOtlpProtocol, DEFAULT_ENV_PROTOCOL, type OtlpEnvProtocol } from './protocol.ts';
export { readSpanLimits, readLogLimits, DEFAULT_COUNT_LIMIT, type SpanLimits, type LogLimits } from './limits.ts';

// The queue defaults live once, in defaults.ts; these names are the OTEL_* variables' view of them.
export {
  DEFAULT_MAX_QUEUE_SIZE as DEFAULT_QUEUE_SIZE,
  DEFAULT_MAX_EXPORT_BATCH_SIZE as DEFAULT_BATCH_SIZE,
  DEFAULT_SPAN_SCHEDULE_DELAY_MS as DEFAULT_BSP_SCHEDULE_DELAY_MS,
  DEFAULT_LOG_SCHEDULE_DELAY_MS as DEFAULT_BLRP_SCHEDULE_DELAY_MS,
  DEFAULT_BATCH_EXPORT_TIMEOUT_MS as DEFAULT_QUEUE_EXPORT_TIMEOUT_MS,
  DEFAULT_METRIC_EXPORT_INTERVAL_MS,
  DEFAULT_METRIC_EXPORT_TIMEOUT_MS,
} from './defaults.ts';

/**
 * Batching options for spans (OTEL_BSP_*) or log records (OTEL_BLRP_*): MAX_QUEUE_SIZE (≥ 1),
 * MAX_EXPORT_BATCH_SIZE (≥ 1, clamped to the queue size with a warning), SCHEDULE_DELAY (ms ≥ 0),
 * EXPORT_TIMEOUT (ms; 0 = no limit, i.e. 2^31-1). Invalid values are ignored with a warning.
 */
export function readQueueOptions(signal: 'traces' | 'logs', env: NodeJS.ProcessEnv): QueueOptions {
  const p = signal === 'traces' ? 'OTEL_BSP_' : 'OTEL_BLRP_';
  const maxQueueSize = envInteger(env, `${p}MAX_QUEUE_SIZE`, 1) ?? DEFAULT_MAX_QUEUE_SIZE;
  let maxExportBatchSize = envInteger(env, `${p}MAX_EXPORT_BATCH_SIZE`, 1) ?? DEFAULT_MAX_EXPORT_BATCH_SIZE;
  if (maxExportBatchSize > maxQueueSize) {
    if (env[`${p}MAX_EXPORT_BATCH_SIZE`] !== undefined) {
      diag('warn', `${p}MAX_EXPORT_BATCH_SIZE is larger than ${p}MAX_QUEUE_SIZE; clamped to ${maxQueueSize}`);
    }
    maxExportBatchSize = maxQueueSize;
  }
  const scheduledDelayMs =
    envInteger(env, `${p}SCHEDULE_DELAY`) ?? (signal === 'traces' ? DEFAULT_SPAN_SCHEDULE_DELAY_MS : DEFAULT_LOG_SCHEDULE_DELAY_MS);
  const timeout = envInteger(env, `${p}EXPORT_TIMEOUT`);
  const exportTimeoutMs = timeout === undefined ? DEFAULT_BATCH_EXPORT_TIMEOUT_MS : timeout === 0 ? INT_MAX : timeout;
  return { maxQueueSize, maxExportBatchSize, scheduledDelayMs, exportTimeoutMs, maxConcurrentExports: 1 };
}

/** OTEL_SDK_DISABLED: "true" turns every signal off (propagation helpers keep working). */
export function readSdkDisabled(env: NodeJS.ProcessEnv): boolean {
  return envBoolean(env, 'OTEL_SDK_DISABLED');
}

/** OTEL_SERVICE_NAME, trimmed; undefined when unset or empty. */
export function readServiceName(env: NodeJS.ProcessEnv): string | undefined {
  return envString(env, 'OTEL_SERVICE_NAME');
}

/**
 * Parses OTEL_RESOURCE_ATTRIBUTES (`k1=v1,k2=v2`, percent-encoded). Any malformed member (no or
 * several `=`, empty key, bad `%` escape, key or value over 255 characters) discards the whole
 * variable with one warning, as the spec asks. Empty members are skipped.
 */
export function parseResourceAttributes(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value.trim() === '') return out;
  const parts = value.split(',');
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i]!.trim();
    if (raw === '') continue;
    const kv = raw.split('=');
    const k = kv.length === 2 ? decodePercent(kv[0]!.trim()) : undefined;
    const v = kv.length === 2 ? decodePercent(kv[1]!.trim()) : undefined;
    if (k === undefined || v === undefined || k === '' || k.length > 255 || v.length > 255) {
      diag('warn', `OTEL_RESOURCE_ATTRIBUTES: member ${i + 1} is malformed; the whole variable is ignored`);
      return {};
    }
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** OTEL_RESOURCE_ATTRIBUTES of `env`, parsed (see parseResourceAttributes). */
export function readResourceAttributes(env: NodeJS.ProcessEnv): Record<string, string> {
  return parseResourceAttributes(env['OTEL_RESOURCE_ATTRIBUTES']);
}

/** What OTEL_{TRACES,LOGS,METRICS}_EXPORTER asks for. */
export type EnvExporterKind = 'otlp' | 'none' | 'console';

const EXPORTER_VAR = { traces: 'OTEL_TRACES_EXPORTER', logs: 'OTEL_LOGS_EXPORTER', metrics: 'OTEL_METRICS_EXPORTER' } as const;

/**
 * OTEL_<SIGNAL>_EXPORTER: 'otlp' | 'none' | 'console', or undefined when unset (or unknown, with a
 * warning). A comma list takes its first entry (multiple exporters per signal are not supported).
 */
export function readExporterKind(signal: Signal, env: NodeJS.ProcessEnv): EnvExporterKind | undefined {
  const name = EXPORTER_VAR[signal];
  const v = envString(env, name);
  if (v === undefined) return undefined;
  const first = (v.split(',')[0] ?? '').trim().toLowerCase();
  if (first === 'otlp' || first === 'none' || first === 'console') return first;
  diag('warn', `${name}: expected otlp, none or console; ignored`);
  return undefined;
}

/** True when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT is set. */
export function hasEndpointEnv(signal: Signal, env: NodeJS.ProcessEnv): boolean {
  return otlpEnv(env, signal, 'ENDPOINT') !== undefined;
}

/**
 * Whether the environment alone turns export of `signal` on (used only when the signal has no
 * programmatic exporter): OTEL_<SIGNAL>_EXPORTER=otlp → OTLP (endpoint defaults to
 * http://localhost:4318); unset but an endpoint variable present → OTLP; 'console' → console;
 * 'none', or unset with no endpoint → off.
 */
export function envExporterFor(signal: Signal, env: NodeJS.ProcessEnv): EnvExporterKind {
  const kind = readExporterKind(signal, env);
  if (kind !== undefined) return kind;
  return hasEndpointEnv(signal, env) ? 'otlp' : 'none';
}

/** OTEL_METRIC_EXPORT_INTERVAL in ms (≥ 1). @default 60000 */
export function readMetricExportInterval(env: NodeJS.ProcessEnv): number {
  return envInteger(env, 'OTEL_METRIC_EXPORT_INTERVAL', 1) ?? DEFAULT_METRIC_EXPORT_INTERVAL_MS;
}

/** OTEL_METRIC_EXPORT_TIMEOUT in ms (0 = no limit, i.e. 2^31-1). @default 30000 */
export function readMetricExportTimeout(env: NodeJS.ProcessEnv): number {
  const t = envInteger(env, 'OTEL_METRIC_EXPORT_TIMEOUT');
  return t === undefined ? DEFAULT_METRIC_EXPORT_TIMEOUT_MS : t === 0 ? INT_MAX : t;
}

/**
 * OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE (case-insensitive), or undefined when unset or
 * unknown (the caller picks its default: codex-otel exports delta).
 */
export function readTemporalityPreference(env: NodeJS.ProcessEnv): 'cumulative' | 'delta' | 'lowmemory' | undefined {
  return envEnum(env, 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', ['cumulative', 'delta', 'lowmemory']);
}

