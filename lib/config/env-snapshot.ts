// The environment, read once: `readEnv(env)` copies the variables otlp-lite reads (OTEL_*, the
// Statsig key, OTLP_LITE_SPOOL_*, TRACEPARENT/TRACESTATE) into a frozen snapshot; every resolver in
// lib/config is a pure function of that snapshot, and this is the only module that reads
// `process.env` (or `OtelProvider.from`'s `options.env`). Values are kept as given; the readers
// below trim them (empty or whitespace-only = unset) and ignore invalid values with one diag
// warning, never a throw. Tests may pass a plain object wherever a snapshot is expected.
import type { Signal } from '../contracts.ts';
import { diag } from '../platform/diag.ts';

/** `OTEL_EXPORTER_OTLP_<SIGNAL>_…` infix per signal. */
export const SIGNAL_ENV = { traces: 'TRACES', logs: 'LOGS', metrics: 'METRICS' } as const satisfies Record<Signal, string>;

/** The per-destination options of OTEL_EXPORTER_OTLP_[SIGNAL_]<option>. */
export type OtlpEnvOption = 'ENDPOINT' | 'HEADERS' | 'TIMEOUT' | 'COMPRESSION' | 'PROTOCOL' | 'CERTIFICATE' | 'CLIENT_CERTIFICATE' | 'CLIENT_KEY' | 'INSECURE';
type SignalInfix = (typeof SIGNAL_ENV)[Signal];
type Queue = 'BSP' | 'BLRP';

/** Every variable otlp-lite reads. */
export type EnvName =
  | `OTEL_EXPORTER_OTLP_${OtlpEnvOption}`
  | `OTEL_EXPORTER_OTLP_${SignalInfix}_${OtlpEnvOption}`
  | `OTEL_${SignalInfix}_EXPORTER`
  | `OTEL_${Queue}_${'MAX_QUEUE_SIZE' | 'MAX_EXPORT_BATCH_SIZE' | 'SCHEDULE_DELAY' | 'EXPORT_TIMEOUT'}`
  | `OTEL_${'' | 'SPAN_' | 'LOGRECORD_'}ATTRIBUTE_${'COUNT' | 'VALUE_LENGTH'}_LIMIT`
  | `OTEL_${'SPAN_EVENT' | 'SPAN_LINK' | 'EVENT_ATTRIBUTE' | 'LINK_ATTRIBUTE'}_COUNT_LIMIT`
  | 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE'
  | 'OTEL_METRIC_EXPORT_INTERVAL'
  | 'OTEL_METRIC_EXPORT_TIMEOUT'
  | 'OTEL_SDK_DISABLED'
  | 'OTEL_SERVICE_NAME'
  | 'OTEL_RESOURCE_ATTRIBUTES'
  | 'OTEL_TRACES_SAMPLER'
  | 'OTEL_TRACES_SAMPLER_ARG'
  | 'STATSIG_SERVER_SDK_SECRET'
  | `OTLP_LITE_SPOOL_${'DIR' | 'MAX_BYTES' | 'MAX_AGE_MS'}`
  | 'TRACEPARENT'
  | 'TRACESTATE';

/**
 * The variables otlp-lite reads ({@link EnvName}) as they were when read: frozen; a variable that
 * was unset is absent. The string index lets a plain env object stand in (tests).
 */
export type EnvSnapshot = { readonly [K in EnvName]?: string | undefined } & { readonly [name: string]: string | undefined };

// What readEnv copies: every OTEL_* variable (unused ones are harmless) and otlp-lite's own. A
// pattern rather than a list of names: every byte of the default bundle counts.
const WANTED = /^(?:OTEL_|OTLP_LITE_SPOOL_|STATSIG_SERVER_SDK_SECRET$|TRACEPARENT$|TRACESTATE$)/;

/**
 * The one read of the environment: the variables otlp-lite uses (see {@link EnvName}), copied from
 * `env` into a frozen snapshot that every resolver reads instead. Names match exactly, except in
 * Windows' own environment, where they are case-insensitive (as `process.env[name]` is there).
 */
export function readEnv(env: NodeJS.ProcessEnv | EnvSnapshot = process.env): EnvSnapshot {
  const out: Record<string, string> = {};
  const fold = env === process.env && process.platform === 'win32';
  for (const raw in env) {
    const v = env[raw];
    const name = fold ? raw.toUpperCase() : raw;
    if (typeof v === 'string' && WANTED.test(name)) out[name] = v;
  }
  return Object.freeze(out);
}

/** Largest integer an OTEL_* number may hold (2^31-1); also what a timeout of 0 ("no limit") maps to. */
export const INT_MAX = 2_147_483_647;

/** The trimmed value of `name`, or undefined when unset, empty or whitespace-only. */
export function envString(env: EnvSnapshot, name: EnvName): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** `OTEL_EXPORTER_OTLP_<SIGNAL>_<option>`. */
export function otlpEnvName(signal: Signal, option: OtlpEnvOption): EnvName {
  return `OTEL_EXPORTER_OTLP_${SIGNAL_ENV[signal]}_${option}`;
}

/** The per-signal variable, then the generic one: where `option` of `signal` is looked up, in order. */
export function otlpEnvNames(signal: Signal, option: OtlpEnvOption): readonly [EnvName, EnvName] {
  return [otlpEnvName(signal, option), `OTEL_EXPORTER_OTLP_${option}`];
}

/** Signal-specific `OTEL_EXPORTER_OTLP_<SIGNAL>_<option>` if set, else the generic one; with the variable it came from. */
export function otlpEnv(env: EnvSnapshot, signal: Signal, option: OtlpEnvOption): { value: string; name: EnvName } | undefined {
  for (const name of otlpEnvNames(signal, option)) {
    const value = envString(env, name);
    if (value !== undefined) return { value, name };
  }
  return undefined;
}

/** Boolean per spec: only case-insensitive "true" is true; anything but "false"/unset warns. */
export function envBoolean(env: EnvSnapshot, name: EnvName): boolean {
  const v = envString(env, name);
  if (v === undefined) return false;
  const l = v.toLowerCase();
  if (l === 'true') return true;
  if (l !== 'false') diag('warn', `${name}: expected "true" or "false"; treated as false`);
  return false;
}

/**
 * A non-negative integer in [min, 2^31-1], or undefined (unset, or invalid with a warning).
 * Accepts only decimal digits (no sign, no fraction, no exponent).
 */
export function envInteger(env: EnvSnapshot, name: EnvName, min = 0): number | undefined {
  const v = envString(env, name);
  if (v === undefined) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > INT_MAX) {
    diag('warn', `${name}: expected an integer in ${min}..${INT_MAX}; ignored`);
    return undefined;
  }
  return n;
}

/** A timeout in ms: `0` means no limit (2^31-1); unset or invalid (with a warning) gives `fallback`. */
export function envTimeout(env: EnvSnapshot, name: EnvName, fallback: number): number {
  const t = envInteger(env, name);
  return t === undefined ? fallback : t === 0 ? INT_MAX : t;
}

/** A case-insensitive enum value from `allowed`, or undefined (unset, or unknown with a warning). */
export function envEnum<const T extends string>(env: EnvSnapshot, name: EnvName, allowed: readonly T[]): T | undefined {
  const v = envString(env, name);
  if (v === undefined) return undefined;
  const l = v.toLowerCase();
  for (const a of allowed) if (a === l) return a;
  diag('warn', `${name}: expected one of ${allowed.join(', ')}; ignored`);
  return undefined;
}
