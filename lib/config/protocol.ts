// OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL: which OTLP encoding the environment asks for. Only
// http/json is built so far; http/protobuf and grpc are a clear ConfigError, not a silent no-op.
import type { ConfigIssue } from '../errors.ts';
import { ConfigError } from '../errors.ts';
import type { Signal } from '../pipeline/types.ts';
import { diag } from '../platform/diag.ts';
import { otlpEnv } from './env-read.ts';

/** The protocol of `signal` from env, or the issue explaining why it cannot be used. */
export function readOtlpProtocolValue(signal: Signal, env: NodeJS.ProcessEnv): { protocol: 'json'; issue?: ConfigIssue } {
  const p = otlpEnv(env, signal, 'PROTOCOL');
  if (p === undefined) return { protocol: 'json' };
  const v = p.value.toLowerCase();
  if (v === 'http/json') return { protocol: 'json' };
  if (v === 'http/protobuf' || v === 'grpc') {
    return {
      protocol: 'json',
      issue: { path: p.name, message: `protocol '${v}' is not supported yet (only http/json); unset it or use http/json` },
    };
  }
  diag('warn', `${p.name}: expected http/json, http/protobuf or grpc; ignored`);
  return { protocol: 'json' };
}

/**
 * OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL → 'json'. `http/json` (or unset) is supported; unknown
 * values are ignored with a warning.
 * @throws ConfigError for `http/protobuf` and `grpc` (not supported yet), naming the variable.
 */
export function readOtlpProtocol(signal: Signal, env: NodeJS.ProcessEnv): 'json' {
  const r = readOtlpProtocolValue(signal, env);
  if (r.issue !== undefined) throw new ConfigError([r.issue]);
  return r.protocol;
}
