// Validation of OtelSettings without any library: every problem, as `{ path, message }`, in one
// pass over the settings (an empty list for valid settings, so the happy path allocates nothing
// else). The zod/mini schema in settings-schema.ts describes the same rules for users who want a
// schema object; it is never loaded by OtelProvider (spec/config/settings.spec.ts checks that both
// report the same issues for a table of settings).
import type { ConfigIssue } from '../errors.ts';
import { headerProblem } from './headers.ts';
import { spanAttributeIssues, tracestateIssues } from './tracestate.ts';
import { isHttpUrl } from './url.ts';

/** The messages of every settings issue (shared with the zod schema). */
export const MESSAGES = {
  object: 'settings must be an object',
  string: 'must be a string',
  boolean: 'must be a boolean',
  kind: "must be an object whose kind is 'none', 'statsig', 'otlp-http', 'otlp-grpc' or 'custom'",
  url: 'must be an absolute http:// or https:// URL',
  protocol: "must be 'json' or 'binary'",
  transport: "must be 'auto' or 'undici'",
  grpcUrl: 'must be an http:// (plaintext) or https:// (TLS) URL with a host',
  grpcScheme: 'must use http:// (plaintext HTTP/2) or https:// (TLS); gRPC has no other scheme',
  timeout: 'must be a finite number of milliseconds ≥ 0 (0 = no limit)',
  compression: "must be 'none' or 'gzip'",
  tlsObject: 'must be an object',
  tlsPath: 'must be a non-empty file path',
  mtls: 'client_certificate and client_private_key must both be provided for mTLS',
  exporter: 'must be an Exporter (an object with export() and shutdown() methods)',
} as const;

/**
 * Shared predicate for an OTLP/gRPC endpoint: undefined when `s` is an http:// (plaintext HTTP/2)
 * or https:// (TLS) URL with a host, else why not. A value without a host gets codex-otel's
 * message (any user-info is redacted; the endpoint is cut at 256 characters).
 */
export function grpcEndpointIssue(s: unknown): string | undefined {
  if (typeof s !== 'string') return MESSAGES.grpcUrl;
  let u: URL | undefined;
  try {
    u = new URL(s);
  } catch {
    u = undefined;
  }
  if (u !== undefined && u.hostname !== '') {
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : MESSAGES.grpcScheme;
  }
  const shown = s.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i, '$1[REDACTED]@').slice(0, 256);
  return `OTLP gRPC endpoint ${shown} does not include a host`;
}

/** Shared predicate: an object with `export` and `shutdown` methods. */
export function isExporterLike(v: unknown): boolean {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { export?: unknown }).export === 'function' &&
    typeof (v as { shutdown?: unknown }).shutdown === 'function'
  );
}

/**
 * Header problems, paths relative to the headers object: names must be RFC 7230 tokens and not
 * hop-by-hop/framing headers, values Latin-1 strings without control characters. Never echoes a
 * value or a bad name.
 */
export function headerIssues(headers: unknown): { path: string[]; message: string }[] {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    return [{ path: [], message: 'must be an object of header name → string value' }];
  }
  const out: { path: string[]; message: string }[] = [];
  let i = 0;
  for (const [name, value] of Object.entries(headers)) {
    i++;
    // Never echo an invalid name (it may be a pasted secret) or any value.
    const problem = headerProblem(name, value, i);
    if (problem !== undefined) out.push({ path: problem.named ? [name.toLowerCase()] : [], message: problem.message });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function optional(out: ConfigIssue[], v: unknown, path: string, ok: (v: unknown) => boolean, message: string): void {
  if (v !== undefined && !ok(v)) out.push({ path, message });
}

const isString = (v: unknown): boolean => typeof v === 'string';
const isTimeout = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isCompression = (v: unknown): boolean => v === 'none' || v === 'gzip';

function tlsIssues(out: ConfigIssue[], t: unknown, path: string): void {
  if (t === undefined) return;
  if (!isObject(t)) {
    out.push({ path, message: MESSAGES.tlsObject });
    return;
  }
  const before = out.length;
  for (const k of ['caCertificate', 'clientCertificate', 'clientPrivateKey'] as const) {
    optional(out, t[k], join(path, k), (v) => typeof v === 'string' && v !== '', MESSAGES.tlsPath);
  }
  if (out.length === before && (t['clientCertificate'] === undefined) !== (t['clientPrivateKey'] === undefined)) {
    out.push({ path, message: MESSAGES.mtls });
  }
}

// headers, tls, timeoutMs and compression: shared by otlp-http and otlp-grpc.
function transportIssues(out: ConfigIssue[], e: Record<string, unknown>, path: string): void {
  if (e['headers'] !== undefined) {
    for (const i of headerIssues(e['headers'])) out.push({ path: [path, 'headers', ...i.path].join('.'), message: i.message });
  }
  tlsIssues(out, e['tls'], join(path, 'tls'));
  optional(out, e['timeoutMs'], join(path, 'timeoutMs'), isTimeout, MESSAGES.timeout);
  optional(out, e['compression'], join(path, 'compression'), isCompression, MESSAGES.compression);
}

function exporterIssues(out: ConfigIssue[], e: unknown, path: string): void {
  if (e === undefined) return;
  if (!isObject(e)) {
    out.push({ path, message: MESSAGES.kind });
    return;
  }
  switch (e['kind']) {
    case 'none':
      return;
    case 'statsig':
      optional(out, e['apiKey'], join(path, 'apiKey'), isString, MESSAGES.string);
      optional(out, e['endpoint'], join(path, 'endpoint'), isHttpUrl, MESSAGES.url);
      return;
    case 'otlp-http':
      if (!isHttpUrl(e['endpoint'])) out.push({ path: join(path, 'endpoint'), message: MESSAGES.url });
      if (e['protocol'] !== 'json' && e['protocol'] !== 'binary') out.push({ path: join(path, 'protocol'), message: MESSAGES.protocol });
      transportIssues(out, e, path);
      optional(out, e['transport'], join(path, 'transport'), (v) => v === 'auto' || v === 'undici', MESSAGES.transport);
      return;
    case 'otlp-grpc': {
      const message = grpcEndpointIssue(e['endpoint']);
      if (message !== undefined) out.push({ path: join(path, 'endpoint'), message });
      transportIssues(out, e, path);
      return;
    }
    case 'custom':
      if (!isExporterLike(e['exporter'])) out.push({ path: join(path, 'exporter'), message: MESSAGES.exporter });
      return;
    default:
      out.push({ path: join(path, 'kind'), message: MESSAGES.kind });
  }
}

/**
 * Every problem with `settings`: an empty array when they are valid. Paths are dotted
 * (`traceExporter.endpoint`); messages never hold header values or API keys.
 */
export function settingsIssues(settings: unknown): ConfigIssue[] {
  if (!isObject(settings)) return [{ path: '', message: MESSAGES.object }];
  const s = settings;
  const out: ConfigIssue[] = [];
  optional(out, s['environment'], 'environment', isString, MESSAGES.string);
  optional(out, s['serviceName'], 'serviceName', isString, MESSAGES.string);
  optional(out, s['serviceVersion'], 'serviceVersion', isString, MESSAGES.string);
  exporterIssues(out, s['exporter'], 'exporter');
  exporterIssues(out, s['traceExporter'], 'traceExporter');
  exporterIssues(out, s['metricsExporter'], 'metricsExporter');
  optional(out, s['runtimeMetrics'], 'runtimeMetrics', (v) => typeof v === 'boolean', MESSAGES.boolean);
  if (s['spanAttributes'] !== undefined) out.push(...spanAttributeIssues(s['spanAttributes']));
  if (s['tracestate'] !== undefined) out.push(...tracestateIssues(s['tracestate']));
  return out;
}
