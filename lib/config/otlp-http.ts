// Resolves one signal's OTLP/HTTP destination from programmatic settings + OTEL_EXPORTER_OTLP_*:
// URL (spec §6 path rules), merged headers, timeout, compression, protocol and TLS key material
// (PEM files read synchronously here, at construction, never during export).
import type { ConfigIssue } from '../errors.ts';
import { ConfigError } from '../errors.ts';
import type { Signal } from '../pipeline/types.ts';
import { diag } from '../platform/diag.ts';
import type { OtlpHttpExporterSettings, ResolvedOtlpHttpExporter } from './types.ts';
import { INT_MAX, envString, isValidHeaderName, isValidHeaderValue, otlpEnv, parseHeaderList, SIGNAL_ENV } from './env-read.ts';
import { readOtlpProtocolValue } from './protocol.ts';
import { builtin } from './builtin.ts';

/** Default per-request timeout, ms. @default 10000 */
export const DEFAULT_OTLP_TIMEOUT_MS = 10_000;

/** The settings field each signal's exporter comes from (used in ConfigError paths). */
export const EXPORTER_FIELD = { traces: 'traceExporter', logs: 'exporter', metrics: 'metricsExporter' } as const satisfies Record<Signal, string>;

/** Options of resolveOtlpHttpExporter. */
export interface ResolveOptions {
  /** Settings path used in ConfigError issues. @default the seed's field for the signal (`traceExporter`, `exporter`, `metricsExporter`) */
  readonly path?: string;
  /** Reads a PEM file (tests may substitute). @default fs.readFileSync(path, 'utf8') */
  readonly readFile?: (path: string) => string;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** The URL of `signal` per spec §6 when no programmatic endpoint is set. */
function endpointFromEnv(signal: Signal, env: NodeJS.ProcessEnv): string {
  const specificName = `OTEL_EXPORTER_OTLP_${SIGNAL_ENV[signal]}_ENDPOINT`;
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

/** Timeout from OTEL_EXPORTER_OTLP_[SIGNAL_]TIMEOUT: integer ms ≥ 0 (0 = no limit); else ignored. */
function timeoutFromEnv(signal: Signal, env: NodeJS.ProcessEnv): number | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_${SIGNAL_ENV[signal]}_TIMEOUT`, 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
    const v = envString(env, name);
    if (v === undefined) continue;
    const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (Number.isSafeInteger(n) && n <= INT_MAX) return n;
    diag('warn', `${name}: expected an integer number of milliseconds ≥ 0; ignored`);
  }
  return undefined;
}

function compressionFromEnv(signal: Signal, env: NodeJS.ProcessEnv): 'none' | 'gzip' | undefined {
  const c = otlpEnv(env, signal, 'COMPRESSION');
  if (c === undefined) return undefined;
  const v = c.value.toLowerCase();
  if (v === 'none' || v === 'gzip') return v;
  diag('warn', `${c.name}: expected none or gzip; ignored`);
  return undefined;
}

/**
 * One signal's OTLP/HTTP destination, merging (lowest to highest precedence) defaults < generic
 * env < per-signal env < `settings`:
 * - URL: a programmatic `settings.endpoint` is used verbatim as the full URL (seed behaviour);
 *   else OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT as-is (root path `/` added when it has no path);
 *   else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/<signal>`; else `http://localhost:4318/v1/<signal>`.
 * - headers: merged per key, names lower-cased.
 * - timeout: settings.timeoutMs ?? per-signal env ?? generic env ?? 10000. `0` means "no
 *   per-request limit" (spec), stored as 2^31-1 ms; the batch export timeout and the shutdown
 *   budget still bound every request.
 * - compression: none | gzip (default none). protocol: 'json'; 'binary' (settings) or
 *   http/protobuf / grpc (env) are not supported yet.
 * - TLS: each of CA / client certificate / client key from settings.tls, else
 *   OTEL_EXPORTER_OTLP_[SIGNAL_]CERTIFICATE / CLIENT_CERTIFICATE / CLIENT_KEY; files are read now.
 *
 * @throws ConfigError naming every problem: an invalid programmatic endpoint or header, an
 * unsupported protocol, a client certificate without key (or the reverse) —
 * 'client_certificate and client_private_key must both be provided for mTLS' — or an unreadable
 * PEM file (the message names the path, never the contents). Bad env values are ignored with a
 * diag warning instead.
 */
export function resolveOtlpHttpExporter(
  signal: Signal,
  settings: OtlpHttpExporterSettings | undefined,
  env: NodeJS.ProcessEnv,
  opts: ResolveOptions = {},
): ResolvedOtlpHttpExporter {
  const path = opts.path ?? EXPORTER_FIELD[signal];
  const issues: ConfigIssue[] = [];

  let url: string;
  if (settings !== undefined) {
    url = settings.endpoint;
    if (typeof url !== 'string' || !isHttpUrl(url)) {
      issues.push({ path: `${path}.endpoint`, message: 'must be an absolute http:// or https:// URL' });
    }
    if (settings.protocol !== 'json') {
      issues.push({ path: `${path}.protocol`, message: `'${String(settings.protocol)}' (OTLP protobuf) is not supported yet; use 'json'` });
    }
  } else {
    url = endpointFromEnv(signal, env);
    const p = readOtlpProtocolValue(signal, env);
    if (p.issue !== undefined) issues.push(p.issue);
  }

  const headers: Record<string, string> = {
    ...parseHeaderList(envString(env, 'OTEL_EXPORTER_OTLP_HEADERS'), 'OTEL_EXPORTER_OTLP_HEADERS'),
  };
  const specificHeaders = `OTEL_EXPORTER_OTLP_${SIGNAL_ENV[signal]}_HEADERS`;
  Object.assign(headers, parseHeaderList(envString(env, specificHeaders), specificHeaders));
  if (settings?.headers !== undefined) {
    let i = 0;
    for (const [rawName, value] of Object.entries(settings.headers)) {
      i++;
      const name = rawName.toLowerCase();
      if (!isValidHeaderName(name)) {
        issues.push({ path: `${path}.headers`, message: `header ${i} has an invalid name` });
      } else if (typeof value !== 'string' || !isValidHeaderValue(value)) {
        issues.push({ path: `${path}.headers.${name}`, message: 'value must be a string without control characters (CR, LF, NUL)' });
      } else {
        Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
      }
    }
  }

  let timeoutMs = settings?.timeoutMs ?? timeoutFromEnv(signal, env) ?? DEFAULT_OTLP_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
    issues.push({ path: `${path}.timeoutMs`, message: 'must be a finite number of milliseconds ≥ 0 (0 = no limit)' });
    timeoutMs = DEFAULT_OTLP_TIMEOUT_MS;
  }
  if (timeoutMs === 0 || timeoutMs > INT_MAX) timeoutMs = INT_MAX;

  const compression = settings?.compression ?? compressionFromEnv(signal, env) ?? 'none';
  if (compression !== 'none' && compression !== 'gzip') {
    issues.push({ path: `${path}.compression`, message: "must be 'none' or 'gzip'" });
  }

  const tls = resolveTls(signal, settings, env, path, opts.readFile ?? readPem, issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return { kind: 'otlp-http', signal, url, headers, protocol: 'json', timeoutMs, compression, tls };
}

// node:fs is loaded only when TLS files are configured: its ESM facade costs ~2 ms at import.
function readPem(path: string): string {
  return builtin('node:fs').readFileSync(path, 'utf8');
}

type TlsFile = { file: string; from: string } | undefined;

function tlsFile(value: string | undefined, from: string, signal: Signal, env: NodeJS.ProcessEnv, option: string): TlsFile {
  if (value !== undefined) return { file: value, from };
  const e = otlpEnv(env, signal, option);
  return e === undefined ? undefined : { file: e.value, from: e.name };
}

function resolveTls(
  signal: Signal,
  settings: OtlpHttpExporterSettings | undefined,
  env: NodeJS.ProcessEnv,
  path: string,
  read: (path: string) => string,
  issues: ConfigIssue[],
): ResolvedOtlpHttpExporter['tls'] {
  const t = settings?.tls;
  const ca = tlsFile(t?.caCertificate, `${path}.tls.caCertificate`, signal, env, 'CERTIFICATE');
  const cert = tlsFile(t?.clientCertificate, `${path}.tls.clientCertificate`, signal, env, 'CLIENT_CERTIFICATE');
  const key = tlsFile(t?.clientPrivateKey, `${path}.tls.clientPrivateKey`, signal, env, 'CLIENT_KEY');
  if (ca === undefined && cert === undefined && key === undefined) return undefined;
  if ((cert === undefined) !== (key === undefined)) {
    issues.push({ path: `${path}.tls`, message: 'client_certificate and client_private_key must both be provided for mTLS' });
    return undefined;
  }
  const out: { ca?: string; cert?: string; key?: string } = {};
  const load = (f: TlsFile, field: 'ca' | 'cert' | 'key'): void => {
    if (f === undefined) return;
    try {
      out[field] = read(f.file);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      issues.push({ path: f.from, message: `failed to read ${f.file}: ${typeof code === 'string' ? code : 'unreadable'}` });
    }
  };
  load(ca, 'ca');
  load(cert, 'cert');
  load(key, 'key');
  return out;
}
