// The zod/mini schema of OtelSettings: the single source of truth for settings error messages.
// zod costs ~40 ms to import, so it is loaded synchronously with createRequire on the error path
// only (settings.ts runs a cheap structural pre-check first); nothing here runs on the happy path.
import type * as Z from 'zod/mini';
import type { ConfigIssue } from '../errors.ts';
import { lazyRequire } from './builtin.ts';
import { headerProblem } from './env-read.ts';
import { spanAttributeIssues, tracestateIssues } from './tracestate.ts';
import { isHttpUrl } from './url.ts';

/**
 * Shared predicate for an OTLP/gRPC endpoint: undefined when `s` is an http:// (plaintext HTTP/2)
 * or https:// (TLS) URL with a host, else why not. A value without a host gets the seed's message
 * (any user-info is redacted; the endpoint is cut at 256 characters).
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
 * Shared predicate: header names are RFC 9110 tokens and not hop-by-hop/framing headers, values
 * Latin-1 strings without control characters.
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

/** Messages shared by the pre-check's documentation and the schema. */
export const MESSAGES = {
  object: 'settings must be an object',
  string: 'must be a string',
  boolean: 'must be a boolean',
  kind: "must be an object whose kind is 'none', 'statsig', 'otlp-http', 'otlp-grpc' or 'custom'",
  url: 'must be an absolute http:// or https:// URL',
  protocol: "must be 'json' or 'binary'",
  grpcUrl: 'must be an http:// (plaintext) or https:// (TLS) URL with a host',
  grpcScheme: 'must use http:// (plaintext HTTP/2) or https:// (TLS); gRPC has no other scheme',
  statsigOnly: "'statsig' is a metrics-only exporter",
  timeout: 'must be a finite number of milliseconds ≥ 0 (0 = no limit)',
  compression: "must be 'none' or 'gzip'",
  tlsPath: 'must be a non-empty file path',
  mtls: 'client_certificate and client_private_key must both be provided for mTLS',
  exporter: 'must be an Exporter (an object with export() and shutdown() methods)',
} as const;

type Signal = 'traces' | 'logs' | 'metrics';
let schema: Z.ZodMiniType | undefined;

function build(z: typeof Z): Z.ZodMiniType {
  const str = z.string({ error: MESSAGES.string });
  const nonEmpty = z.string({ error: MESSAGES.tlsPath }).check(z.minLength(1, { error: MESSAGES.tlsPath }));
  const url = z.string({ error: MESSAGES.url }).check(z.refine(isHttpUrl, { error: MESSAGES.url }));
  const headers = z.unknown().check(
    z.superRefine((h, ctx) => {
      for (const i of headerIssues(h)) ctx.addIssue({ code: 'custom', message: i.message, path: i.path, input: h });
    }),
  );
  const tls = z
    .object(
      { caCertificate: z.optional(nonEmpty), clientCertificate: z.optional(nonEmpty), clientPrivateKey: z.optional(nonEmpty) },
      { error: 'must be an object' },
    )
    .check(z.refine((t) => (t.clientCertificate === undefined) === (t.clientPrivateKey === undefined), { error: MESSAGES.mtls }));
  const common = {
    headers: z.optional(headers),
    tls: z.optional(tls),
    timeoutMs: z.optional(
      z.number({ error: MESSAGES.timeout }).check(z.refine((n) => Number.isFinite(n) && n >= 0, { error: MESSAGES.timeout })),
    ),
    compression: z.optional(z.enum(['none', 'gzip'], { error: MESSAGES.compression })),
  };
  const none = z.object({ kind: z.literal('none') });
  const otlpHttp = z.object({
    kind: z.literal('otlp-http'),
    endpoint: url,
    protocol: z.enum(['json', 'binary'], { error: MESSAGES.protocol }),
    ...common,
  });
  const grpcUrl = z.unknown().check(
    z.superRefine((v, ctx) => {
      const message = grpcEndpointIssue(v);
      if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: v });
    }),
  );
  const otlpGrpc = z.object({ kind: z.literal('otlp-grpc'), endpoint: grpcUrl, ...common });
  const custom = z.object({ kind: z.literal('custom'), exporter: z.custom(isExporterLike, { error: MESSAGES.exporter }) });
  const statsigFor = (signal: Signal) =>
    signal === 'metrics'
      ? z.object({ kind: z.literal('statsig'), apiKey: z.optional(str), endpoint: z.optional(url) })
      : z.object({ kind: z.literal('statsig') }).check(z.refine(() => false, { error: MESSAGES.statsigOnly }));
  const exporter = (signal: Signal) =>
    z.optional(z.discriminatedUnion('kind', [none, statsigFor(signal), otlpHttp, otlpGrpc, custom], { error: MESSAGES.kind }));
  const fromIssues = (fn: (v: unknown) => ConfigIssue[]) =>
    z.unknown().check(
      z.superRefine((v, ctx) => {
        for (const i of fn(v)) ctx.addIssue({ code: 'custom', message: i.message, input: v, params: { fullPath: i.path } });
      }),
    );
  return z.object(
    {
      environment: z.optional(str),
      serviceName: z.optional(str),
      serviceVersion: z.optional(str),
      exporter: exporter('logs'),
      traceExporter: exporter('traces'),
      metricsExporter: exporter('metrics'),
      runtimeMetrics: z.optional(z.boolean({ error: MESSAGES.boolean })),
      spanAttributes: z.optional(fromIssues(spanAttributeIssues)),
      tracestate: z.optional(fromIssues(tracestateIssues)),
    },
    { error: MESSAGES.object },
  );
}

/**
 * Every problem with `settings` according to the zod/mini schema (loads zod on first call).
 * Paths are dotted (`traceExporter.endpoint`); messages never hold header values or API keys.
 */
export function settingsSchemaIssues(settings: unknown): ConfigIssue[] {
  if (schema === undefined) {
    const z = lazyRequire('zod/mini') as typeof Z;
    schema = build(z);
  }
  const r = schema.safeParse(settings);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const full = (i as { params?: { fullPath?: unknown } }).params?.fullPath;
    return { path: typeof full === 'string' ? full : i.path.map(String).join('.'), message: i.message };
  });
}
