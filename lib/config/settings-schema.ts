// The zod/mini schema of OtelSettings, for programs that validate settings read from a file or
// compose them into their own schema: `import { otelSettingsSchema } from 'otlp-lite/settings-schema'`.
// OtelProvider never loads it (it validates with settings-check.ts, which reports the same issues
// without zod: a spec compares the two over a table of settings).
import * as z from 'zod/mini';
import type { ConfigIssue } from '../errors.ts';
import { grpcEndpointIssue, headerIssues, isExporterLike, MESSAGES } from './settings-check.ts';
import { spanAttributeIssues, tracestateIssues } from './tracestate.ts';
import { isHttpUrl } from './url.ts';

let schema: z.ZodMiniType | undefined;

function build(): z.ZodMiniType {
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
      { error: MESSAGES.tlsObject },
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
    transport: z.optional(z.enum(['auto', 'undici'], { error: MESSAGES.transport })),
  });
  const grpcUrl = z.unknown().check(
    z.superRefine((v, ctx) => {
      const message = grpcEndpointIssue(v);
      if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: v });
    }),
  );
  const otlpGrpc = z.object({ kind: z.literal('otlp-grpc'), endpoint: grpcUrl, ...common });
  const custom = z.object({ kind: z.literal('custom'), exporter: z.custom(isExporterLike, { error: MESSAGES.exporter }) });
  const statsig = z.object({ kind: z.literal('statsig'), apiKey: z.optional(str), endpoint: z.optional(url) });
  const exporter = () => z.optional(z.discriminatedUnion('kind', [none, statsig, otlpHttp, otlpGrpc, custom], { error: MESSAGES.kind }));
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
      exporter: exporter(),
      traceExporter: exporter(),
      metricsExporter: exporter(),
      runtimeMetrics: z.optional(z.boolean({ error: MESSAGES.boolean })),
      spanAttributes: z.optional(fromIssues(spanAttributeIssues)),
      tracestate: z.optional(fromIssues(tracestateIssues)),
    },
    { error: MESSAGES.object },
  );
}

/**
 * The zod/mini schema of OtelSettings (built once). Issues from settings-level checks (span
 * attributes, tracestate, headers) carry their dotted path in `issue.params.fullPath`.
 */
export function otelSettingsSchema(): z.ZodMiniType {
  schema ??= build();
  return schema;
}

/**
 * Every problem with `settings` according to the zod/mini schema, shaped like ConfigError's
 * issues. Paths are dotted (`traceExporter.endpoint`); messages never hold header values or API keys.
 */
export function settingsSchemaIssues(settings: unknown): ConfigIssue[] {
  const r = otelSettingsSchema().safeParse(settings);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const full = (i as { params?: { fullPath?: unknown } }).params?.fullPath;
    return { path: typeof full === 'string' ? full : i.path.map(String).join('.'), message: i.message };
  });
}
