// Child process of bench/dead-collector.bench.ts (bundled with esbuild, run with plain node):
// a short-lived CLI that emits one span and one log record with DEFAULT settings to a collector
// that is down, then awaits shutdown at top level and exits. Prints one JSON line with the
// epoch ms at which shutdown was called and when it settled (the parent times the exit).
// Usage: node dead-collector-client.mjs <otlp-lite|sdk|sdk-2s> <base-url>

const [impl, base] = process.argv.slice(2);
const url = (signal: string): string => `${base}/v1/${signal}`;

async function otlpLite(): Promise<() => Promise<unknown>> {
  // The public API with default settings, as a CLI would write it.
  const { OtelProvider } = await import('../lib/index.ts');
  const provider = OtelProvider.from(
    {
      serviceName: 'dead-collector-bench',
      traceExporter: { kind: 'otlp-http', endpoint: url('traces'), protocol: 'json' },
      exporter: { kind: 'otlp-http', endpoint: url('logs'), protocol: 'json' },
      metricsExporter: { kind: 'none' },
    },
    { env: {} },
  );
  if (provider === undefined) throw new Error('no provider');
  provider.tracer.startSpan('cli.run').end();
  provider.logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'cli started' });
  return () => provider.shutdown(); // one default budget (2000 ms) for both signals
}

/** `budgetMs`: the SDK configured for a 2 s budget (exporter timeoutMillis + processor exportTimeoutMillis). */
async function sdk(budgetMs?: number): Promise<() => Promise<unknown>> {
  const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { LoggerProvider, BatchLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-http');
  const exp = budgetMs === undefined ? {} : { timeoutMillis: budgetMs };
  const proc = budgetMs === undefined ? {} : { exportTimeoutMillis: budgetMs };
  const tp = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: url('traces'), ...exp }), proc)] });
  const lp = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: url('logs'), ...exp }), ...proc })] });
  tp.getTracer('bench').startSpan('cli.run').end();
  lp.getLogger('bench').emit({ severityNumber: 9, severityText: 'INFO', body: 'cli started' });
  // Caught so the SDK's rejection does not turn into exit code 1: we time the exit, not the error.
  return () => Promise.allSettled([tp.shutdown(), lp.shutdown()]);
}

const shutdown = impl === 'sdk' ? await sdk() : impl === 'sdk-2s' ? await sdk(2000) : await otlpLite();
const shutdownAt = Date.now();
await shutdown();
process.stdout.write(`${JSON.stringify({ impl, shutdownAt, settledAt: Date.now() })}\n`);
