// Child process of bench/dead-collector.bench.ts (bundled with esbuild, run with plain node):
// a short-lived CLI that emits one span and one log record with DEFAULT settings to a collector
// that is down, then awaits shutdown at top level and exits. Prints one JSON line with the
// epoch ms at which shutdown was called and when it settled (the parent times the exit).
// Usage: node dead-collector-client.mjs <otlp-lite|sdk> <base-url>

const [impl, base] = process.argv.slice(2);
const url = (signal: string): string => `${base}/v1/${signal}`;

async function otlpLite(): Promise<() => Promise<unknown>> {
  const { createBatchPipeline } = await import('../lib/pipeline/pipeline.ts');
  const { createOtlpHttpExporter } = await import('../lib/pipeline/otlp-http-exporter.ts');
  const d = await import('../lib/pipeline/defaults.ts');
  const { encodeLogsToBytes, encodeTracesToBytes } = await import('../proto-json/index.ts');
  const { newSpanId, newTraceId } = await import('../lib/platform/ids.ts');
  const { now } = await import('../lib/platform/clock.ts');
  type SpanData = import('../proto-json/model.ts').SpanData;
  type LogRecordData = import('../proto-json/model.ts').LogRecordData;
  const resource = { attributes: { 'service.name': 'dead-collector-bench' } };
  const scope = { name: 'bench' };
  const queue = (delay: number) => ({
    maxQueueSize: d.DEFAULT_MAX_QUEUE_SIZE, maxExportBatchSize: d.DEFAULT_MAX_EXPORT_BATCH_SIZE, scheduledDelayMs: delay,
    exportTimeoutMs: d.DEFAULT_BATCH_EXPORT_TIMEOUT_MS, maxConcurrentExports: d.DEFAULT_MAX_CONCURRENT_EXPORTS,
  });
  const dest = (signal: 'traces' | 'logs') =>
    ({ kind: 'otlp-http', signal, url: url(signal), headers: {}, protocol: 'json', timeoutMs: d.DEFAULT_EXPORT_TIMEOUT_MS, compression: 'none', tls: undefined }) as const;
  const traces = createBatchPipeline<SpanData>({ signal: 'traces', exporter: createOtlpHttpExporter(dest('traces'), (s) => encodeTracesToBytes(s)), queue: queue(d.DEFAULT_SPAN_SCHEDULE_DELAY_MS) });
  const logs = createBatchPipeline<LogRecordData>({ signal: 'logs', exporter: createOtlpHttpExporter(dest('logs'), (r) => encodeLogsToBytes(r)), queue: queue(d.DEFAULT_LOG_SCHEDULE_DELAY_MS) });
  const t = now();
  traces.offer({
    resource, scope, traceId: newTraceId(), spanId: newSpanId(), parentSpanId: '', traceState: '', flags: 1, name: 'cli.run', kind: 1,
    startSec: t.sec, startNs: t.ns, endSec: t.sec, endNs: t.ns, attributes: {}, droppedAttributesCount: 0, events: [], droppedEventsCount: 0,
    links: [], droppedLinksCount: 0, statusCode: 0, statusMessage: '',
  });
  logs.offer({
    resource, scope, timeSec: t.sec, timeNs: t.ns, observedSec: t.sec, observedNs: t.ns, severityNumber: 9, severityText: 'INFO', body: 'cli started',
    attributes: {}, droppedAttributesCount: 0, flags: 0, traceId: '', spanId: '', eventName: '',
  });
  return () => {
    const deadline = Date.now() + d.DEFAULT_SHUTDOWN_TIMEOUT_MS; // one budget for both signals
    return Promise.all([traces.shutdown({ deadline }), logs.shutdown({ deadline })]);
  };
}

async function sdk(): Promise<() => Promise<unknown>> {
  const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { LoggerProvider, BatchLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-http');
  const tp = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: url('traces') }))] });
  const lp = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: url('logs') }) })] });
  tp.getTracer('bench').startSpan('cli.run').end();
  lp.getLogger('bench').emit({ severityNumber: 9, severityText: 'INFO', body: 'cli started' });
  // Caught so the SDK's rejection does not turn into exit code 1: we time the exit, not the error.
  return () => Promise.allSettled([tp.shutdown(), lp.shutdown()]);
}

const shutdown = impl === 'sdk' ? await sdk() : await otlpLite();
const shutdownAt = Date.now();
await shutdown();
process.stdout.write(`${JSON.stringify({ impl, shutdownAt, settledAt: Date.now() })}\n`);
