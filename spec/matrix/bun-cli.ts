// The runtime matrix's tiny CLI: exports one span, one log record and one counter point to the
// OTLP/HTTP receiver at argv[2] (or $OTLP_LITE_MATRIX_URL), shuts down within the default 2 s
// budget, prints one JSON line (runtime, shutdown status, per-signal exported counts, times) and
// exits on its own. Run as a plain script on every runtime (`node --import tsx`, `bun`) and
// compiled to a single binary with `bun build --compile` (spec/runtime/*.spec.ts drive it).
// Exit codes: 0 all three signals delivered, 1 something was not delivered, 2 usage.
import { OtelProvider } from '../../lib/index.ts';
import { runtime } from '../../lib/platform/runtime.ts';

const started = performance.now();
const base = (process.argv[2] ?? process.env['OTLP_LITE_MATRIX_URL'] ?? '').replace(/\/+$/, '');
if (base === '') {
  process.stderr.write('usage: bun-cli <receiver-url>\n');
  process.exit(2);
}
const budget = Number(process.env['OTLP_LITE_MATRIX_BUDGET_MS'] ?? 2000);

const http = (signal: 'traces' | 'logs' | 'metrics') =>
  ({ kind: 'otlp-http', endpoint: `${base}/v1/${signal}`, protocol: 'json' }) as const;

const provider = OtelProvider.from(
  {
    environment: 'matrix',
    serviceName: 'otlp-lite-matrix',
    serviceVersion: runtime.version,
    exporter: http('logs'),
    traceExporter: http('traces'),
    metricsExporter: http('metrics'),
  },
  { shutdownTimeoutMs: budget },
);
if (provider === undefined) {
  process.stderr.write('bun-cli: the provider exports nothing (OTEL_SDK_DISABLED?)\n');
  process.exit(1);
}
const attrs = { 'runtime.name': runtime.name, 'runtime.version': runtime.version };
const span = provider.tracer.startSpan('matrix.run', { attributes: attrs });
provider.logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'matrix log record', attributes: attrs });
provider.metrics?.counter('matrix.runs', 1, { runtime: runtime.name });
span.end();

const shutdownStart = performance.now();
const result = await provider.shutdown();
const shutdownMs = performance.now() - shutdownStart;

const exported = {
  traces: result.traces?.exported ?? 0,
  logs: result.logs?.exported ?? 0,
  metrics: result.metrics?.exported ?? 0,
};
process.stdout.write(
  `${JSON.stringify({
    runtime: runtime.name,
    version: runtime.version,
    status: result.status,
    exported,
    shutdownMs: Math.round(shutdownMs),
    totalMs: Math.round(performance.now() - started),
  })}\n`,
);
process.exitCode = exported.traces >= 1 && exported.logs >= 1 && exported.metrics >= 1 ? 0 : 1;
