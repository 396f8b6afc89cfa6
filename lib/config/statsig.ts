// The Statsig route for any signal: `{ kind: 'statsig', apiKey?, endpoint? }` becomes an ordinary
// OTLP/HTTP JSON destination (Statsig's public OTLP endpoint, header `statsig-api-key`), or
// nothing (one warning) when there is no key. The key lives only in the resolved headers.
import type { Signal } from '../contracts.ts';
import { diagNotice } from '../platform/diag.ts';
import type { EnvSnapshot } from './env-snapshot.ts';
import { DEFAULT_OTLP_TIMEOUT_MS, EXPORTER_FIELD } from './otlp-common.ts';
import type { ResolvedOtlpHttpExporter, StatsigExporterSettings } from './types.ts';

/** Statsig's OTLP ingestion base URL; each signal posts to `<base>/v1/<signal>`. */
export const STATSIG_OTLP_BASE_URL = 'https://api.statsig.com/otlp';
/** Header carrying the Statsig key. */
export const STATSIG_API_KEY_HEADER = 'statsig-api-key';
/** Env var read for the Statsig key when the setting has none. */
export const STATSIG_API_KEY_ENV = 'STATSIG_SERVER_SDK_SECRET' as const;

/** Statsig's OTLP URL for `signal`: `https://api.statsig.com/otlp/v1/{traces,logs,metrics}`. */
export function statsigEndpoint(signal: Signal): string {
  return `${STATSIG_OTLP_BASE_URL}/v1/${signal}`;
}

/**
 * The destination of a Statsig exporter setting: OTLP/HTTP JSON to `settings.endpoint` (the full
 * URL, used verbatim) or Statsig's URL for the signal, with header `statsig-api-key` set to
 * `settings.apiKey`, else STATSIG_SERVER_SDK_SECRET (trimmed), and nothing else: no
 * OTEL_EXPORTER_OTLP_* headers, timeout, compression or TLS, so nothing meant for another
 * collector reaches Statsig. Without a key: undefined, after one warning per signal per process.
 * The endpoint is validated with the settings, before this is called.
 */
export function resolveStatsigExporter(signal: Signal, settings: StatsigExporterSettings, env: EnvSnapshot): ResolvedOtlpHttpExporter | undefined {
  const setting = settings.apiKey;
  const key = typeof setting === 'string' && setting !== '' ? setting : env[STATSIG_API_KEY_ENV];
  if (typeof key !== 'string' || key.trim() === '') {
    // A configuration that delivers nothing: said once even at the default log level.
    diagNotice(
      `${signal}.statsig.no-key`,
      `Statsig ${signal} exporter disabled: no API key (set ${EXPORTER_FIELD[signal]}.apiKey or ${STATSIG_API_KEY_ENV}); ${signal} are not exported`,
    );
    return undefined;
  }
  return {
    kind: 'otlp-http',
    signal,
    url: settings.endpoint ?? statsigEndpoint(signal),
    headers: { [STATSIG_API_KEY_HEADER]: key.trim() },
    protocol: 'json',
    timeoutMs: DEFAULT_OTLP_TIMEOUT_MS,
    compression: 'none',
    tls: undefined,
  };
}
