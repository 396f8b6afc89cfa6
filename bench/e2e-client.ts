// Child process of bench/e2e.bench.ts (bundled with esbuild, run with plain node so its RSS is
// clean): produces N spans or N log records with one implementation, pushes them through its
// batching pipeline into the loopback receiver at URL, flushes, shuts down, and prints one JSON
// line: CPU µs (user+system), wall ms, peak RSS, RSS before the work, and what the client counted.
// Usage: node e2e-client.mjs <impl> <traces|logs> <N> <url>
//   impl: otlp-lite (queue N) | otlp-lite-default (queue 2048) | sdk-default | sdk-queue-n (queue N)
// Only the chosen implementation is imported, so the other one's modules cost it nothing.

import { oneSignalProvider } from './fixtures/ours-provider.ts';

type Impl = 'otlp-lite' | 'otlp-lite-default' | 'sdk-default' | 'sdk-queue-n';
type BenchSignal = 'traces' | 'logs';

interface Driver {
  /** Produces and hands over record i. */
  emit(i: number): void;
  /** Flush + shutdown; resolves to what the client itself counted as exported/dropped, if it can tell. */
  finish(): Promise<{ exported?: number; dropped?: number; error?: string }>;
  /**
   * otlp-lite only: CPU µs, in this same process after the run, of just creating the N records
   * (tracer/logger into a plain array) and encoding them in batches of 512 — the floor the
   * pipeline's cost is judged against.
   */
  floor?(): Promise<number>;
  /**
   * otlp-lite only, informational: the same create + encode with the whole burst held first (all N
   * records created, then encoded in batches of 512), as the pipeline must when the caller never
   * yields — what holding a burst costs (promotion GC, encoding records no longer in cache).
   */
  heldFloor?(): Promise<number>;
}

const [implArg, signalArg, nArg, url] = process.argv.slice(2);
const impl = implArg as Impl;
const signal = signalArg as BenchSignal;
const N = Number(nArg);

async function otlpLite(queueSize: number): Promise<Driver> {
  // Through the public API, like the SDK side: OtelProvider → tracer/logger → pipeline → HTTP.
  const provider = await oneSignalProvider(signal, url!, queueSize, { serviceName: 'e2e-bench', serviceVersion: '1.0.0' });
  const finish = async (): Promise<{ exported?: number; dropped?: number }> => {
    await provider.flush();
    const r = await provider.shutdown();
    const s = signal === 'traces' ? r.traces : r.logs;
    return s === undefined ? {} : { exported: s.exported, dropped: s.dropped };
  };
  const { Tracer, Logger } = await import('../lib/index.ts');
  const { readLogLimits, readSpanLimits } = await import('../lib/config/limits.ts');
  const { encodeTracesToBytes } = await import('../proto-json/traces.ts');
  const { encodeLogsToBytes } = await import('../proto-json/logs.ts');
  const resource = { attributes: { 'service.name': 'e2e-bench', 'service.version': '1.0.0' } };
  const scope = { name: 'e2e-bench' };
  // Create + encode only: records into an array, encoded (and dropped) every 512, no queue, no socket.
  // `holdAll`: create all N first, then encode them in batches of 512 (the held-burst variant).
  const floorRun = (make: (held: unknown[]) => (i: number) => void, encode: (batch: never[]) => Uint8Array, holdAll = false): number => {
    const held: unknown[] = [];
    const one = make(held);
    let bytes = 0;
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < N; i++) {
      one(i);
      if (!holdAll && (held.length === 512 || i === N - 1)) {
        bytes += encode(held as never[]).byteLength;
        held.length = 0;
      }
    }
    if (holdAll) for (let i = 0; i < held.length; i += 512) bytes += encode(held.slice(i, i + 512) as never[]).byteLength;
    const cpu = process.cpuUsage(cpu0);
    if (bytes === 0) throw new Error('floor encoded nothing');
    return cpu.user + cpu.system;
  };
  if (signal === 'traces') {
    const tracer = provider.tracer;
    const makeSpans = (held: unknown[]) => {
      const t = new Tracer({ resource, scope, sink: { offer: (s) => (held.push(s), true) }, limits: readSpanLimits({}) });
      return (i: number) => t.startSpan('bench.op', { kind: 'internal', attributes: { 'http.method': 'GET', 'http.status_code': 200, 'bench.i': i } }).end();
    };
    return {
      emit(i) {
        tracer.startSpan('bench.op', { kind: 'internal', attributes: { 'http.method': 'GET', 'http.status_code': 200, 'bench.i': i } }).end();
      },
      finish,
      floor: async () => floorRun(makeSpans, encodeTracesToBytes),
      heldFloor: async () => floorRun(makeSpans, encodeTracesToBytes, true),
    };
  }
  const logger = provider.logger;
  const makeLogs = (held: unknown[]) => {
    const l = new Logger({ resource, scope, sink: { offer: (r) => (held.push(r), true) }, limits: readLogLimits({}) });
    return (i: number) => l.emit({ severityNumber: 9, severityText: 'INFO', body: 'bench log record', attributes: { 'event.name': 'bench.event', 'bench.i': i } });
  };
  return {
    emit(i) {
      logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'bench log record', attributes: { 'event.name': 'bench.event', 'bench.i': i } });
    },
    finish,
    floor: async () => floorRun(makeLogs, encodeLogsToBytes),
    heldFloor: async () => floorRun(makeLogs, encodeLogsToBytes, true),
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
  // After the run (so peak RSS is the pipeline's); warm JIT makes this floor, if anything, low.
  const floorCpuUs = driver.floor === undefined ? undefined : await driver.floor();
  const heldFloorCpuUs = driver.heldFloor === undefined ? undefined : await driver.heldFloor();
  // otlp-lite (queue N), informational: the same burst again through a second provider, now that
  // the JIT has compiled the pipeline — the share of the first run that is warm-up of a fresh
  // process. Its records reach the receiver too; `warmSent` tells the parent to discount them.
  let warm: { warmCpuUs: number; warmSent: number } | undefined;
  if (impl === 'otlp-lite') {
    const again = await otlpLite(N);
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) again.emit(i);
    const r = await again.finish();
    const c = process.cpuUsage(c0);
    warm = { warmCpuUs: c.user + c.system, warmSent: r.exported ?? N };
  }
  process.stdout.write(`${JSON.stringify({ impl, signal, n: N, cpuUs: cpu.user + cpu.system, wallMs, maxRssBytes, rssBefore, ...counted, ...(floorCpuUs === undefined ? {} : { floorCpuUs }), ...(heldFloorCpuUs === undefined ? {} : { heldFloorCpuUs }), ...warm })}\n`);
}

await main();
// The figures are out; exit even if an implementation left sockets or timers behind.
process.exit(0);
