// OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL: which OTLP transport and encoding the environment asks
// for (http/json, http/protobuf or grpc). Consulted only for signals enabled by the environment;
// a programmatic exporter names its own protocol.
import type { Signal } from '../contracts.ts';
import { diag } from '../platform/diag.ts';
import { envString, SIGNAL_ENV } from './env-read.ts';

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
export function readOtlpProtocol(signal: Signal, env: NodeJS.ProcessEnv): OtlpEnvProtocol {
  for (const name of [`OTEL_EXPORTER_OTLP_${SIGNAL_ENV[signal]}_PROTOCOL`, 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const v = envString(env, name);
    if (v === undefined) continue;
    const l = v.toLowerCase();
    for (const p of PROTOCOLS) if (p === l) return p;
    diag('warn', `${name}: expected http/json, http/protobuf or grpc; ignored`);
  }
  return DEFAULT_ENV_PROTOCOL;
}
