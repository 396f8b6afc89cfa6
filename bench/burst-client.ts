// Child process of bench/burst.bench.ts: one implementation, one signal. Emits a 100k burst
// through the real OTLP/HTTP JSON pipeline into the loopback receiver at URL, yielding to the
// event loop (setImmediate) every 1,000 records, and times each `span.end()` / `logger.emit()`
// call on its own. Prints one JSON line: the call latencies' percentiles (ns), what the receiver
// should have got, and CPU. Queues are 100k on both sides so neither turns into its drop path.
// A 5,000-record warm-up burst (flushed) runs first, so the figures are of JIT-compiled code.
// Usage: node --import tsx bench/burst-client.ts <otlp-lite|sdk> <traces|logs> <N> <url>

import { oneSignalProvider } from './fixtures/ours-provider.ts';

type Impl = 'otlp-lite' | 'sdk';
type BenchSignal = 'traces' | 'logs';

interface Driver {
  /** Prepares record i (not timed) and returns the timed call. */
  one(i: number): number;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const [implArg, signalArg, nArg, url] = process.argv.slice(2);
const impl = implArg as Impl;
const signal = signalArg as BenchSignal;
const N = Number(nArg);
const EVERY = 1000;
const WARMUP = 5000;

const REMOTE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, traceState: '', isRemote: true };
const SPAN_ATTRS = (i: number) => ({
  'http.request.method': 'GET', 'url.path': '/v1/items', 'server.address': 'api.example.com', 'server.port': 443,
  'http.response.status_code': 200, 'network.protocol.version': '1.1', 'bench.i': i, 'bench.ok': true,
});
const LOG_ATTRS = (i: number) => ({ 'event.name': 'bench.event', route: '/v1/items', status: 200, 'bench.i': i, ok: true, user: 'u-42' });

async function otlpLite(): Promise<Driver> {
  const provider = await oneSignalProvider(signal, url!, N + WARMUP, { serviceName: 'burst-bench' });
  const flush = async (): Promise<void> => void (await provider.flush());
  const shutdown = async (): Promise<void> => void (await provider.shutdown());
  if (signal === 'traces') {
    const tracer = provider.tracer;
    return {
      one(i) {
        const s = tracer.startSpan('bench.op', { kind: 'client', parent: REMOTE, attributes: SPAN_ATTRS(i) });
        s.addEvent('sent', { bytes: 1234 });
        s.setStatus({ code: 'ok' });
        const t = performance.now();
        s.end();
        return performance.now() - t;
      },
      flush,
      shutdown,
    };
  }
  const logger = provider.logger;
  return {
    one(i) {
      const rec = { severityNumber: 9, severityText: 'INFO', body: 'request done', attributes: LOG_ATTRS(i), parent: REMOTE };
      const t = performance.now();
      logger.emit(rec);
      return performance.now() - t;
    },
    flush,
    shutdown,
  };
}

async function sdk(): Promise<Driver> {
  const api = await import('@opentelemetry/api');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const resource = resourceFromAttributes({ 'service.name': 'burst-bench' });
  const queue = { maxQueueSize: N + WARMUP };
  // The SDK's traceState is a TraceState object or absent (a string breaks its serializer).
  const ctx = api.trace.setSpanContext(api.ROOT_CONTEXT, { traceId: REMOTE.traceId, spanId: REMOTE.spanId, traceFlags: REMOTE.traceFlags, isRemote: true });
  if (signal === 'traces') {
    const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const provider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: url! }), queue)] });
    const tracer = provider.getTracer('burst-bench');
    return {
      one(i) {
        const s = tracer.startSpan('bench.op', { kind: api.SpanKind.CLIENT, attributes: SPAN_ATTRS(i) }, ctx);
        s.addEvent('sent', { bytes: 1234 });
        s.setStatus({ code: api.SpanStatusCode.OK });
        const t = performance.now();
        s.end();
        return performance.now() - t;
      },
      flush: () => provider.forceFlush().catch(() => undefined),
      shutdown: () => provider.shutdown().catch(() => undefined),
    };
  }
  const { LoggerProvider, BatchLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-http');
  const provider = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: url! }), ...queue })] });
  const logger = provider.getLogger('burst-bench');
  return {
    one(i) {
      const rec = { severityNumber: 9, severityText: 'INFO', body: 'request done', attributes: LOG_ATTRS(i), context: ctx };
      const t = performance.now();
      logger.emit(rec);
      return performance.now() - t;
    },
    flush: () => provider.forceFlush().catch(() => undefined),
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}

const yieldOnce = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Length of the busy region timed beside each call, ms (about a logger.emit() p50). */
const BUSY_MS = 0.0005;

// `busy`: a 0.5 µs busy-wait timed right after each call, in the same loop. It allocates nothing
// and calls nothing, so its tail is the machine's own stalls (preemption on a shared host,
// interrupts) at the exposure of a call that long: the floor no implementation's p99.9 can beat.
async function burst(d: Driver, n: number, out: Float64Array | undefined, busy?: Float64Array): Promise<void> {
  for (let i = 0; i < n; i++) {
    const ms = d.one(i);
    if (out !== undefined) out[i] = ms;
    if (busy !== undefined) {
      const t = performance.now();
      let e = 0;
      while ((e = performance.now() - t) < BUSY_MS);
      busy[i] = e - BUSY_MS;
    }
    if ((i + 1) % EVERY === 0) await yieldOnce();
  }
}

function pct(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 1e6; // ms → ns
}

async function main(): Promise<void> {
  const d = impl === 'otlp-lite' ? await otlpLite() : await sdk();
  await burst(d, WARMUP, undefined);
  await d.flush();
  const lat = new Float64Array(N);
  const busy = new Float64Array(N);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await burst(d, N, lat, busy);
  const burstMs = performance.now() - t0;
  await d.flush();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await d.shutdown();
  lat.sort();
  busy.sort();
  process.stdout.write(`${JSON.stringify({
    impl, signal, n: N, expected: N + WARMUP,
    p50: pct(lat, 50), p99: pct(lat, 99), p999: pct(lat, 99.9), max: lat[lat.length - 1]! * 1e6,
    stallP999: pct(busy, 99.9),
    burstMs, wallMs, cpuUsPerItem: (cpu.user + cpu.system) / N,
  })}\n`);
}

await main();
process.exit(0);
