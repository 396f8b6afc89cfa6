// The parts of an OTLP destination that OTLP/HTTP and OTLP/gRPC resolve the same way: headers
// (gRPC metadata), timeout, compression and TLS key material, from programmatic settings over
// OTEL_EXPORTER_OTLP_[SIGNAL_]* variables (the env snapshot), and the resolve-then-throw frame both
// resolvers share. PEM files are read synchronously here, at construction, never during export.
import { ConfigError, type ConfigIssue } from '../errors.ts';
import type { Signal } from '../contracts.ts';
import { diag } from '../platform/diag.ts';
import { builtin } from '../platform/builtin.ts';
import { INT_MAX, envString, otlpEnv, otlpEnvName, otlpEnvNames, type EnvSnapshot, type OtlpEnvOption } from './env-snapshot.ts';
import { headerProblem, parseHeaderList } from './headers.ts';
import type { OtelTlsConfig, ResolvedOtlpDestination } from './types.ts';

/** Default per-request timeout, ms. @default 10000 */
export const DEFAULT_OTLP_TIMEOUT_MS = 10_000;

/** The settings field each signal's exporter comes from (used in ConfigError paths). */
export const EXPORTER_FIELD = { traces: 'traceExporter', logs: 'exporter', metrics: 'metricsExporter' } as const satisfies Record<Signal, string>;

/** Options of the OTLP resolvers (resolveOtlpHttpExporter, resolveOtlpGrpcExporter). */
export interface ResolveOptions {
  /** Settings path used in ConfigError issues. @default codex-otel's field for the signal (`traceExporter`, `exporter`, `metricsExporter`) */
  readonly path?: string;
  /** Reads a PEM file (tests may substitute). @default fs.readFileSync(path, 'utf8') */
  readonly readFile?: (path: string) => string;
  /** OTLP/HTTP without settings: the encoding, when the caller already read OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL. */
  readonly protocol?: 'json' | 'binary';
}

/** The settings fields both OTLP exporter kinds share. */
export interface OtlpCommonSettings {
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: OtelTlsConfig;
  readonly timeoutMs?: number;
  readonly compression?: 'none' | 'gzip';
}

/** PEM contents read for a destination. */
export type ResolvedTls = ResolvedOtlpDestination['tls'];

/** The shared, resolved part of an OTLP destination. */
export type ResolvedCommon = Pick<ResolvedOtlpDestination, 'headers' | 'timeoutMs' | 'compression' | 'tls'>;

/**
 * The frame of resolveOtlpHttpExporter and resolveOtlpGrpcExporter: `own` resolves the
 * kind-specific fields (pushing its problems to `issues`), then the shared part; one ConfigError
 * names every problem.
 */
export function resolveOtlp<R extends object>(
  signal: Signal,
  settings: OtlpCommonSettings | undefined,
  env: EnvSnapshot,
  opts: ResolveOptions,
  own: (path: string, issues: ConfigIssue[]) => R,
): R & ResolvedCommon {
  const path = opts.path ?? EXPORTER_FIELD[signal];
  const issues: ConfigIssue[] = [];
  const specific = own(path, issues);
  const common = resolveCommon(signal, settings, env, path, opts.readFile, issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return { ...specific, ...common };
}

/** Timeout from OTEL_EXPORTER_OTLP_[SIGNAL_]TIMEOUT: integer ms ≥ 0 (0 = no limit); else ignored. */
function timeoutFromEnv(signal: Signal, env: EnvSnapshot): number | undefined {
  for (const name of otlpEnvNames(signal, 'TIMEOUT')) {
    const v = envString(env, name);
    if (v === undefined) continue;
    const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (Number.isSafeInteger(n) && n <= INT_MAX) return n;
    diag('warn', `${name}: expected an integer number of milliseconds ≥ 0; ignored`);
  }
  return undefined;
}

function compressionFromEnv(signal: Signal, env: EnvSnapshot): 'none' | 'gzip' | undefined {
  const c = otlpEnv(env, signal, 'COMPRESSION');
  if (c === undefined) return undefined;
  const v = c.value.toLowerCase();
  if (v === 'none' || v === 'gzip') return v;
  diag('warn', `${c.name}: expected none or gzip; ignored`);
  return undefined;
}

/**
 * Headers, timeout, compression and TLS of one signal, merging (lowest to highest precedence)
 * defaults < generic env < per-signal env < `settings`:
 * - headers: merged per key, names lower-cased (for gRPC they are the call metadata).
 * - timeout: settings.timeoutMs ?? per-signal env ?? generic env ?? 10000. `0` means "no
 *   per-request limit" (spec), stored as 2^31-1 ms; the batch export timeout and the shutdown
 *   budget still bound every request.
 * - compression: none | gzip (default none).
 * - TLS: each of CA / client certificate / client key from settings.tls, else
 *   OTEL_EXPORTER_OTLP_[SIGNAL_]CERTIFICATE / CLIENT_CERTIFICATE / CLIENT_KEY; files are read now.
 * Problems with settings (and unreadable files) are pushed to `issues`; bad env values are ignored
 * with a diag warning.
 */
export function resolveCommon(
  signal: Signal,
  settings: OtlpCommonSettings | undefined,
  env: EnvSnapshot,
  path: string,
  readFile: ((path: string) => string) | undefined,
  issues: ConfigIssue[],
): ResolvedCommon {
  const headers: Record<string, string> = {
    ...parseHeaderList(envString(env, 'OTEL_EXPORTER_OTLP_HEADERS'), 'OTEL_EXPORTER_OTLP_HEADERS'),
  };
  const specificHeaders = otlpEnvName(signal, 'HEADERS');
  Object.assign(headers, parseHeaderList(envString(env, specificHeaders), specificHeaders));
  if (settings?.headers !== undefined) {
    let i = 0;
    for (const [rawName, value] of Object.entries(settings.headers)) {
      i++;
      const name = rawName.toLowerCase();
      const problem = headerProblem(rawName, value, i);
      if (problem !== undefined) {
        issues.push({ path: problem.named ? `${path}.headers.${name}` : `${path}.headers`, message: problem.message });
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

  let compression = settings?.compression ?? compressionFromEnv(signal, env) ?? 'none';
  if (compression !== 'none' && compression !== 'gzip') {
    issues.push({ path: `${path}.compression`, message: "must be 'none' or 'gzip'" });
    compression = 'none';
  }

  const tls = resolveTls(signal, settings?.tls, env, path, readFile ?? readPem, issues);
  return { headers, timeoutMs, compression, tls };
}

// node:fs is loaded only when TLS files are configured: its ESM facade costs ~2 ms at import.
function readPem(path: string): string {
  return builtin('node:fs').readFileSync(path, 'utf8');
}

type TlsFile = { file: string; from: string } | undefined;

function tlsFile(value: string | undefined, from: string, signal: Signal, env: EnvSnapshot, option: OtlpEnvOption): TlsFile {
  if (value !== undefined) return { file: value, from };
  const e = otlpEnv(env, signal, option);
  return e === undefined ? undefined : { file: e.value, from: e.name };
}

function resolveTls(
  signal: Signal,
  t: OtelTlsConfig | undefined,
  env: EnvSnapshot,
  path: string,
  read: (path: string) => string,
  issues: ConfigIssue[],
): ResolvedTls {
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
