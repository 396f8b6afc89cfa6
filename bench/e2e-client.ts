// Child process of bench/e2e.bench.ts (bundled with esbuild, run with plain node so its RSS is
// clean): produces N spans or N log records with one implementation, pushes them through its
// batching pipeline into the loopback receiver at URL, flushes, shuts down, and prints one JSON
// line: CPU µs (user+system), wall ms, peak RSS, RSS before the work, and what the client counted.
// Usage: node e2e-client.mjs <impl> <traces|logs> <N> <url>
//   impl: otlp-lite (queue N) | otlp-lite-default (queue 2048) | sdk-default | sdk-queue-n (queue N)
// Only the chosen implementation is imported, so the other one's modules cost it nothing.

type Impl = 'otlp-lite' | 'otlp-lite-default' | 'sdk-default' | 'sdk-queue-n';
type BenchSignal = 'traces' | 'logs';

interface Driver {
  /** Produces and hands over record i. */
  emit(i: number): void;
  /** Flush + shutdown; resolves to what the client itself counted as exported/dropped, if it can tell. */
  finish(): Promise<{ exported?: number; dropped?: number; error?: string }>;
}

const [implArg, signalArg, nArg, url] = process.argv.slice(2);
const impl = implArg as Impl;
const signal = signalArg as BenchSignal;
const N = Number(nArg);

async function otlpLite(queueSize: number): Promise<Driver> {
  const { createBatchPipeline } = await import('../lib/pipeline/pipeline.ts');
  const { createOtlpHttpExporter } = await import('../lib/pipeline/otlp-http-exporter.ts');
  const d = await import('../lib/pipeline/defaults.ts');
  const { encodeLogsToBytes, encodeTracesToBytes } = await import('../proto-json/index.ts');
  const { newSpanId, newTraceId } = await import('../lib/platform/ids.ts');
  const { nowInto } = await import('../lib/platform/clock.ts');
  type SpanData = import('../proto-json/model.ts').SpanData;
  type LogRecordData = import('../proto-json/model.ts').LogRecordData;
  const resource = { attributes: { 'service.name': 'e2e-bench', 'service.version': '1.0.0' } };
  const scope = { name: 'e2e-bench', version: '1.0.0' };
  const queue = {
    maxQueueSize: queueSize,
    maxExportBatchSize: d.DEFAULT_MAX_EXPORT_BATCH_SIZE,
    scheduledDelayMs: signal === 'traces' ? d.DEFAULT_SPAN_SCHEDULE_DELAY_MS : d.DEFAULT_LOG_SCHEDULE_DELAY_MS,
    exportTimeoutMs: d.DEFAULT_BATCH_EXPORT_TIMEOUT_MS,
    maxConcurrentExports: d.DEFAULT_MAX_CONCURRENT_EXPORTS,
  };
  const dest = { kind: 'otlp-http', signal, url: url!, headers: {}, protocol: 'json', timeoutMs: d.DEFAULT_EXPORT_TIMEOUT_MS, compression: 'none', tls: undefined } as const;
  const t = { sec: 0, ns: 0 };
  const finish = async (p: { flush(): Promise<unknown>; shutdown(): Promise<{ exported: number; dropped: number }> }) => {
    await p.flush();
    const r = await p.shutdown();
    return { exported: r.exported, dropped: r.dropped };
  };
  if (signal === 'traces') {
    const p = createBatchPipeline<SpanData>({ signal, exporter: createOtlpHttpExporter(dest, (s) => encodeTracesToBytes(s)), queue });
    return {
      emit(i) {
        nowInto(t);
        const span: SpanData = {
          resource, scope, traceId: newTraceId(), spanId: newSpanId(), parentSpanId: '', traceState: '', flags: 1,
          name: 'bench.op', kind: 1, startSec: t.sec, startNs: t.ns, endSec: t.sec, endNs: t.ns,
          attributes: { 'http.method': 'GET', 'http.status_code': 200, 'bench.i': i },
          droppedAttributesCount: 0, events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0, statusCode: 0, statusMessage: '',
        };
        nowInto(t);
        span.endSec = t.sec;
        span.endNs = t.ns;
        p.offer(span);
      },
      finish: () => finish(p),
    };
  }
  const p = createBatchPipeline<LogRecordData>({ signal, exporter: createOtlpHttpExporter(dest, (r) => encodeLogsToBytes(r)), queue });
  return {
    emit(i) {
      nowInto(t);
      p.offer({
        resource, scope, timeSec: t.sec, timeNs: t.ns, observedSec: t.sec, observedNs: t.ns, severityNumber: 9, severityText: 'INFO',
        body: 'bench log record', attributes: { 'event.name': 'bench.event', 'bench.i': i }, droppedAttributesCount: 0, flags: 0,
        traceId: '', spanId: '', eventName: '',
      });
    },
    finish: () => finish(p),
  };
}

async function sdk(queueSize: number | undefined): Promise<Driver> {
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const resource = resourceFromAttributes({ 'service.name': 'e2e-bench', 'service.version': '1.0.0' });
  // A failed forceFlush (e.g. "Concurrent export limit reached") must not skip shutdown, which
  // waits for the exports still in flight: the SDK gets every chance to deliver.
  const wrap = async (flush: () => Promise<void>, shutdown: () => Promise<void>) => {
    const errors: string[] = [];
    for (const step of [flush, shutdown]) {
      try {
        await step();
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
    return errors.length > 0 ? { error: errors.join('; ') } : {};
  };
  if (signal === 'traces') {
    const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const bsp = new BatchSpanProcessor(new OTLPTraceExporter({ url: url! }), queueSize === undefined ? {} : { maxQueueSize: queueSize });
    const provider = new BasicTracerProvider({ resource, spanProcessors: [bsp] });
    const tracer = provider.getTracer('e2e-bench', '1.0.0');
    return {
      emit(i) {
        tracer.startSpan('bench.op', { kind: 0, attributes: { 'http.method': 'GET', 'http.status_code': 200, 'bench.i': i } }).end();
      },
      finish: () => wrap(() => provider.forceFlush(), () => provider.shutdown()),
    };
  }
  const { LoggerProvider, BatchLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-http');
  const exporter = new OTLPLogExporter({ url: url! });
  const blrp = new BatchLogRecordProcessor(queueSize === undefined ? { exporter } : { exporter, maxQueueSize: queueSize });
  const provider = new LoggerProvider({ resource, processors: [blrp] });
  const logger = provider.getLogger('e2e-bench', '1.0.0');
  return {
    emit(i) {
      logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'bench log record', attributes: { 'event.name': 'bench.event', 'bench.i': i } });
    },
    finish: () => wrap(() => provider.forceFlush(), () => provider.shutdown()),
  };
}

async function main(): Promise<void> {
  const driver =
    impl === 'otlp-lite' ? await otlpLite(N)
    : impl === 'otlp-lite-default' ? await otlpLite(2048)
    : impl === 'sdk-default' ? await sdk(undefined)
    : await sdk(N);
  const rssBefore = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) driver.emit(i);
  const counted = await driver.finish();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ impl, signal, n: N, cpuUs: cpu.user + cpu.system, wallMs, maxRssBytes, rssBefore, ...counted })}\n`);
}

await main();
// The figures are out; exit even if an implementation left sockets or timers behind.
process.exit(0);
