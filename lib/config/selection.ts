// What the environment enables when settings leave a signal's exporter unset: OTEL_SDK_DISABLED,
// OTEL_<SIGNAL>_EXPORTER (or an endpoint variable alone), and the OTLP transport named by
// OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL (http/json, http/protobuf or grpc). A programmatic exporter
// names its own protocol. Pure over the env snapshot.
import type { Signal } from '../contracts.ts';
import { diag } from '../platform/diag.ts';
import { envBoolean, envString, otlpEnv, otlpEnvNames, type EnvSnapshot } from './env-snapshot.ts';

/** The values OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL may take. */
export type OtlpEnvProtocol = 'http/json' | 'http/protobuf' | 'grpc';

/**
 * What an env-enabled signal uses when no PROTOCOL variable is set. The spec's default is
 * `http/protobuf`; otlp-lite keeps `http/json` because its main targets (Statsig and several
 * JSON-only backends) take JSON, and codex-otel's settings always name the protocol explicitly.
 */
export const DEFAULT_ENV_PROTOCOL: OtlpEnvProtocol = 'http/json';

const PROTOCOLS: readonly OtlpEnvProtocol[] = ['http/json', 'http/protobuf', 'grpc'];

/**
 * The protocol of `signal` from OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL, else
 * OTEL_EXPORTER_OTLP_PROTOCOL, else {@link DEFAULT_ENV_PROTOCOL}. Values are case-insensitive;
 * an unknown value is ignored with a diag warning (the next variable, or the default, applies).
 * Never throws.
 */
export function readOtlpProtocol(signal: Signal, env: EnvSnapshot): OtlpEnvProtocol {
  for (const name of otlpEnvNames(signal, 'PROTOCOL')) {
    const v = envString(env, name);
    if (v === undefined) continue;
    const l = v.toLowerCase();
    for (const p of PROTOCOLS) if (p === l) return p;
    diag('warn', `${name}: expected http/json, http/protobuf or grpc; ignored`);
  }
  return DEFAULT_ENV_PROTOCOL;
}

/** OTEL_SDK_DISABLED: "true" turns every signal off (propagation helpers keep working). */
export function readSdkDisabled(env: EnvSnapshot): boolean {
  return envBoolean(env, 'OTEL_SDK_DISABLED');
}

/** What OTEL_{TRACES,LOGS,METRICS}_EXPORTER asks for. */
export type EnvExporterKind = 'otlp' | 'none' | 'console';

const EXPORTER_VAR = { traces: 'OTEL_TRACES_EXPORTER', logs: 'OTEL_LOGS_EXPORTER', metrics: 'OTEL_METRICS_EXPORTER' } as const;

/**
 * OTEL_<SIGNAL>_EXPORTER: 'otlp' | 'none' | 'console', or undefined when unset (or unknown, with a
 * warning). A comma list takes its first entry (multiple exporters per signal are not supported).
 */
export function readExporterKind(signal: Signal, env: EnvSnapshot): EnvExporterKind | undefined {
  const name = EXPORTER_VAR[signal];
  const v = envString(env, name);
  if (v === undefined) return undefined;
  const first = (v.split(',')[0] ?? '').trim().toLowerCase();
  if (first === 'otlp' || first === 'none' || first === 'console') return first;
  diag('warn', `${name}: expected otlp, none or console; ignored`);
  return undefined;
}

/** True when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT is set. */
export function hasEndpointEnv(signal: Signal, env: EnvSnapshot): boolean {
  return otlpEnv(env, signal, 'ENDPOINT') !== undefined;
}

/**
 * Whether the environment alone turns export of `signal` on (used only when the signal has no
 * programmatic exporter): OTEL_<SIGNAL>_EXPORTER=otlp → OTLP (endpoint defaults to
 * http://localhost:4318); unset but an endpoint variable present → OTLP; 'console' → console;
 * 'none', or unset with no endpoint → off.
 */
export function envExporterFor(signal: Signal, env: EnvSnapshot): EnvExporterKind {
  const kind = readExporterKind(signal, env);
  if (kind !== undefined) return kind;
  return hasEndpointEnv(signal, env) ? 'otlp' : 'none';
}
