// Resolves one signal's OTLP/HTTP destination from programmatic settings + OTEL_EXPORTER_OTLP_*:
// URL (the OTLP exporter spec's endpoint and path rules) and protocol (json | binary) here; headers, timeout, compression and
// TLS key material through otlp-common.ts.
import type { Signal } from '../contracts.ts';
import { diag } from '../platform/diag.ts';
import type { OtlpHttpExporterSettings, ResolvedOtlpHttpExporter } from './types.ts';
import { envString, otlpEnvName, type EnvSnapshot } from './env-snapshot.ts';
import { resolveOtlp, type ResolveOptions } from './otlp-common.ts';
import { readOtlpProtocol } from './selection.ts';
import { isHttpUrl } from './url.ts';

export { DEFAULT_OTLP_TIMEOUT_MS, EXPORTER_FIELD, type ResolveOptions } from './otlp-common.ts';

/** The URL of `signal` per the OTLP exporter spec's endpoint rules when no programmatic endpoint is set. */
function endpointFromEnv(signal: Signal, env: EnvSnapshot): string {
  const specificName = otlpEnvName(signal, 'ENDPOINT');
  const specific = envString(env, specificName);
  if (specific !== undefined) {
    if (isHttpUrl(specific)) {
      // Used as-is; the only change allowed is the root path '/' when there is no path at all.
      if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\//i.test(specific)) return specific;
      return new URL(specific).href;
    }
    diag('warn', `${specificName}: not an http(s) URL; ignored`);
  }
  const generic = envString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (generic !== undefined) {
    const url = `${generic.endsWith('/') ? generic : `${generic}/`}v1/${signal}`;
    if (isHttpUrl(generic) && !/[?#]/.test(generic)) return url;
    diag('warn', 'OTEL_EXPORTER_OTLP_ENDPOINT: not an http(s) base URL; ignored');
  }
  return `http://localhost:4318/v1/${signal}`;
}

/**
 * One signal's OTLP/HTTP destination, merging (lowest to highest precedence) defaults < generic
 * env < per-signal env < `settings`:
 * - URL: a programmatic `settings.endpoint` is used verbatim as the full URL (as codex-otel does);
 *   else OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT as-is (root path `/` added when it has no path);
 *   else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/<signal>`; else `http://localhost:4318/v1/<signal>`.
 * - protocol: `settings.protocol` ('json' → application/json, 'binary' → application/x-protobuf);
 *   without settings, OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL `http/protobuf` gives 'binary' and
 *   anything else 'json' (`grpc` is not an HTTP protocol: callers that honour it resolve the
 *   signal with resolveOtlpGrpcExporter instead, as resolveSettings does).
 * - headers, timeout, compression, TLS: see resolveCommon (otlp-common.ts).
 *
 * @throws ConfigError naming every problem: an invalid programmatic endpoint, protocol or header,
 * a client certificate without key (or the reverse) — 'client_certificate and client_private_key
 * must both be provided for mTLS' — or an unreadable PEM file (the message names the path, never
 * the contents). Bad env values are ignored with a diag warning instead.
 */
export function resolveOtlpHttpExporter(
  signal: Signal,
  settings: OtlpHttpExporterSettings | undefined,
  env: EnvSnapshot,
  opts: ResolveOptions = {},
): ResolvedOtlpHttpExporter {
  return resolveOtlp(signal, settings, env, opts, (path, issues) => {
    let url: string;
    let protocol: 'json' | 'binary';
    if (settings !== undefined) {
      url = settings.endpoint;
      if (typeof url !== 'string' || !isHttpUrl(url)) {
        issues.push({ path: `${path}.endpoint`, message: 'must be an absolute http:// or https:// URL' });
      }
      protocol = settings.protocol;
      if (protocol !== 'json' && protocol !== 'binary') {
        issues.push({ path: `${path}.protocol`, message: "must be 'json' or 'binary'" });
      }
    } else {
      url = endpointFromEnv(signal, env);
      protocol = opts.protocol ?? (readOtlpProtocol(signal, env) === 'http/protobuf' ? 'binary' : 'json');
    }
    const transport = settings?.transport;
    if (transport !== undefined && transport !== 'auto' && transport !== 'undici') {
      issues.push({ path: `${path}.transport`, message: "must be 'auto' or 'undici'" });
    }
    return { kind: 'otlp-http' as const, signal, url, protocol, ...(transport === 'undici' ? { transport } : {}) };
  });
}
