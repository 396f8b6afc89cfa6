// Resolves one signal's OTLP/gRPC destination from programmatic settings + OTEL_EXPORTER_OTLP_*:
// the endpoint (host:port; no `/v1/<signal>` path, `http:` = plaintext HTTP/2, `https:` = TLS)
// here; headers (sent as metadata), timeout, compression and TLS key material exactly as for
// OTLP/HTTP, through otlp-common.ts.
import type { Signal } from '../contracts.ts';
import { diag } from '../platform/diag.ts';
import { envBoolean, envString, otlpEnvName, otlpEnvNames, type EnvSnapshot } from './env-snapshot.ts';
import { resolveOtlp, type ResolveOptions } from './otlp-common.ts';
import { grpcEndpointIssue } from './settings-check.ts';
import type { OtlpGrpcExporterSettings, ResolvedOtlpGrpcExporter } from './types.ts';

/** Where OTLP/gRPC goes when neither settings nor env name an endpoint (the OTLP exporter spec's default). */
export const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://localhost:4317';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The endpoint of `signal` from OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT, else
 * OTEL_EXPORTER_OTLP_ENDPOINT, used as-is (gRPC has no per-signal path). A value without a scheme
 * (`collector:4317`) gets `https://`, or `http://` when OTEL_EXPORTER_OTLP_[SIGNAL_]INSECURE=true
 * (the OTLP exporter spec's endpoint rules). Unusable values are ignored with a warning; default `http://localhost:4317`.
 */
function endpointFromEnv(signal: Signal, env: EnvSnapshot): string {
  for (const name of otlpEnvNames(signal, 'ENDPOINT')) {
    const v = envString(env, name);
    if (v === undefined) continue;
    const url = HAS_SCHEME.test(v) ? v : `${insecureFromEnv(signal, env) ? 'http' : 'https'}://${v}`;
    if (grpcEndpointIssue(url) === undefined) return url;
    diag('warn', `${name}: not an OTLP/gRPC endpoint (http(s)://host:port); ignored`);
  }
  return DEFAULT_OTLP_GRPC_ENDPOINT;
}

function insecureFromEnv(signal: Signal, env: EnvSnapshot): boolean {
  const specific = otlpEnvName(signal, 'INSECURE');
  return envString(env, specific) !== undefined ? envBoolean(env, specific) : envBoolean(env, 'OTEL_EXPORTER_OTLP_INSECURE');
}

/**
 * One signal's OTLP/gRPC destination, merging (lowest to highest precedence) defaults < generic
 * env < per-signal env < `settings`:
 * - URL: a programmatic `settings.endpoint` is used as-is (codex-otel's `OtlpGrpc { endpoint }`);
 *   else the env endpoint as-is (see above; no `/v1/<signal>` appended); else
 *   `http://localhost:4317`. `https:` means TLS with the system roots, or the configured CA as the
 *   only root (plus a client certificate for mTLS); `http:` means plaintext HTTP/2.
 * - headers (gRPC metadata, lower-case names), timeout, compression, TLS: as for OTLP/HTTP (see
 *   resolveCommon in otlp-common.ts).
 *
 * @throws ConfigError naming every problem: a programmatic endpoint without a host — codex-otel's
 * 'OTLP gRPC endpoint {endpoint} does not include a host' — or with a scheme other than
 * http/https, an invalid header, timeout or compression, a client certificate without key (or the
 * reverse), or an unreadable PEM file. Bad env values are ignored with a diag warning instead.
 */
export function resolveOtlpGrpcExporter(
  signal: Signal,
  settings: OtlpGrpcExporterSettings | undefined,
  env: EnvSnapshot,
  opts: ResolveOptions = {},
): ResolvedOtlpGrpcExporter {
  return resolveOtlp(signal, settings, env, opts, (path, issues) => {
    if (settings === undefined) return { kind: 'otlp-grpc' as const, signal, url: endpointFromEnv(signal, env) };
    const problem = grpcEndpointIssue(settings.endpoint);
    if (problem !== undefined) issues.push({ path: `${path}.endpoint`, message: problem });
    return { kind: 'otlp-grpc' as const, signal, url: settings.endpoint };
  });
}
