// Tracer and logger hot paths: span create+end and logger.emit, otlp-lite (OtelProvider with its
// batching pipeline over a no-op exporter) vs the official SDK (BasicTracerProvider +
// BatchSpanProcessor, LoggerProvider + BatchLogRecordProcessor, both over no-op exporters) vs a
// floor (allocating an equivalent plain record). Each run does one full batch (512 records) and
// then yields once (setImmediate) so both pipelines drain as they would in a program.
// Targets: ≤ 1/5 of the SDK per span, ≤ 1/3 per log record.
// Run: npx tsx bench/trace.bench.ts [--quick]

import { pathToFileURL } from 'node:url';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { compare, isQuick, type Comparison } from './harness.ts';
import { OtelProvider } from '../lib/facades/provider.ts';
import type { Exporter } from '../lib/contracts.ts';
import type { LogRecordData, SpanData } from '../proto-json/model.ts';
import { newSpanId, newTraceId } from '../lib/platform/ids.ts';

const BATCH = 512;
const yieldOnce = (): Promise<void> => new Promise((r) => setImmediate(r));

function noopExporter<T>(count: (n: number) => void): Exporter<T> {
  return {
    export: (items) => {
      count(items.length);
      return Promise.resolve({ exported: items.length, dropped: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
}

// Exported counts, printed at the end: proof that both pipelines really export (not just drop).
const exported = { oursSpans: 0, oursLogs: 0, sdkSpans: 0, sdkLogs: 0 };
const created = { oursSpans: 0, oursLogs: 0, sdkSpans: 0, sdkLogs: 0 };

const sdkSpanExporter: SpanExporter = {
  export: (spans: ReadableSpan[], cb) => {
    exported.sdkSpans += spans.length;
    cb({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
};
const sdkLogExporter: LogRecordExporter = {
  export: (logs: ReadableLogRecord[], cb) => {
    exported.sdkLogs += logs.length;
    cb({ code: 0 });
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

type HarnessOpts = { rounds: number; minMs: number };

/** Runs the span and log workloads; resolves to one Comparison per workload. */
export async function run(opts: { quick: boolean }): Promise<Comparison[]> {
  const harness = opts.quick ? { rounds: 3, minMs: 80 } : { rounds: 7, minMs: 200 };
  const ours = OtelProvider.from(
    {
      serviceName: 'bench',
      traceExporter: { kind: 'custom', exporter: noopExporter<SpanData>((n) => (exported.oursSpans += n)) },
      exporter: { kind: 'custom', exporter: noopExporter<LogRecordData>((n) => (exported.oursLogs += n)) },
    },
    { env: {}, beforeExitFlush: false },
  )!;
  // The SDK's queue is made big enough never to drop: its export timer often has not fired by the
  // next run, and a full 2048 queue would turn the measurement into its (cheaper) drop path.
  const sdkQueue = { maxQueueSize: 1_000_000, maxExportBatchSize: BATCH };
  const sdkTraces = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(sdkSpanExporter, sdkQueue)] });
  const sdkLogs = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: sdkLogExporter, ...sdkQueue })] });
  let results: Comparison[];
  try {
    results = [
      await spans(harness, ours, sdkTraces), await spansWithAttributes(harness, ours, sdkTraces), await logs(harness, ours, sdkLogs),
      await logsWithParent(harness, ours, sdkLogs),
    ];
  } finally {
    await Promise.all([ours.shutdown(), sdkTraces.shutdown().catch(() => undefined), sdkLogs.shutdown().catch(() => undefined)]);
    process.stderr.write(
      `created → exported: otlp-lite ${created.oursSpans} → ${exported.oursSpans} spans, ${created.oursLogs} → ${exported.oursLogs} logs; ` +
        `sdk ${created.sdkSpans} → ${exported.sdkSpans} spans, ${created.sdkLogs} → ${exported.sdkLogs} logs\n`,
    );
  }
  // A dropped record would make its side look fast: the comparison only counts if nothing was lost.
  const lost = created.oursSpans - exported.oursSpans + created.oursLogs - exported.oursLogs + created.sdkSpans - exported.sdkSpans + created.sdkLogs - exported.sdkLogs;
  if (lost !== 0) throw new Error(`records were lost during the run (created ≠ exported), so the figures are not comparable: ${JSON.stringify({ created, exported })}`);
  return results;
}

async function spans(harness: HarnessOpts, ours: OtelProvider, sdk: BasicTracerProvider): Promise<Comparison> {
  const tracer = ours.tracer;
  const sdkTracer = sdk.getTracer('bench');
  const sink: object[] = [];
  return compare(`span create+end, ${BATCH} per run (ns per span)`, [
    {
      name: 'otlp-lite tracer.startSpan().end()', impl: 'otlp-lite', items: BATCH,
      run: async () => {
        for (let i = 0; i < BATCH; i++) tracer.startSpan('op').end();
        created.oursSpans += BATCH;
        await yieldOnce();
      },
    },
    {
      name: 'sdk BasicTracerProvider + BatchSpanProcessor', impl: 'sdk', items: BATCH,
      run: async () => {
        for (let i = 0; i < BATCH; i++) sdkTracer.startSpan('op').end();
        created.sdkSpans += BATCH;
        await yieldOnce();
      },
    },
    {
      name: 'floor: ids + a plain record', impl: 'floor', items: BATCH,
      run: async () => {
        sink.length = 0;
        for (let i = 0; i < BATCH; i++) sink.push({ traceId: newTraceId(), spanId: newSpanId(), name: 'op', start: performance.now(), end: performance.now() });
        await yieldOnce();
      },
    },
  ], harness);
}

// A remote parent: ours takes it as `parent`, the SDK as a context carrying it.
const parent = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, traceState: '', isRemote: true };
const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: parent.traceId, spanId: parent.spanId, traceFlags: 1, isRemote: true });

// The span of the pipeline-cost target: 8 attributes (2 at start, 6 set), an event, a status and
// a remote parent, as a CLI's request span carries them.
async function spansWithAttributes(harness: HarnessOpts, ours: OtelProvider, sdk: BasicTracerProvider): Promise<Comparison> {
  const tracer = ours.tracer;
  const sdkTracer = sdk.getTracer('bench');
  return compare(`span with 8 attributes, an event, a status and a remote parent, ${BATCH} per run (ns per span)`, [
    {
      name: 'otlp-lite', impl: 'otlp-lite', items: BATCH,
      run: async () => {
        for (let i = 0; i < BATCH; i++) {
          const s = tracer.startSpan('op', { kind: 'client', parent, attributes: { 'http.request.method': 'GET', 'server.port': 443 } });
          s.setAttribute('http.response.status_code', 200).setAttribute('retry', false).setAttribute('server.address', 'api.example.com');
          s.setAttribute('url.path', '/v1/items').setAttribute('bytes', 1234).setAttribute('user', 'u-42');
          s.addEvent('sent', { bytes: 1234 });
          s.setStatus({ code: 'error', message: 'upstream 503' });
          s.end();
        }
        created.oursSpans += BATCH;
        await yieldOnce();
      },
    },
    {
      name: 'sdk', impl: 'sdk', items: BATCH,
      run: async () => {
        for (let i = 0; i < BATCH; i++) {
          const s = sdkTracer.startSpan('op', { kind: 2, attributes: { 'http.request.method': 'GET', 'server.port': 443 } }, ctx);
          s.setAttribute('http.response.status_code', 200).setAttribute('retry', false).setAttribute('server.address', 'api.example.com');
          s.setAttribute('url.path', '/v1/items').setAttribute('bytes', 1234).setAttribute('user', 'u-42');
          s.addEvent('sent', { bytes: 1234 });
          s.setStatus({ code: 2, message: 'upstream 503' });
          s.end();
        }
        created.sdkSpans += BATCH;
        await yieldOnce();
      },
    },
  ], harness);
}

async function logs(harness: HarnessOpts, ours: OtelProvider, sdk: LoggerProvider): Promise<Comparison> {
  const logger = ours.logger;
  const sdkLogger = sdk.getLogger('bench');
  const sink: object[] = [];
  return compare(`logger.emit with 2 attributes, ${BATCH} per run (ns per record)`, [
    {
      name: 'otlp-lite logger.emit', impl: 'otlp-lite', items: BATCH,
      run: async () => {
        for (let i = 0; i < BATCH; i++) logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'request done', attributes: { route: '/v1/items', status: 200 } });
        created.oursLogs += BATCH;
        await yieldOnce();
      },
    },
    {
      name: 'sdk LoggerProvider + BatchLogRecordProcessor', impl: 'sdk', items: BATCH,
      run: async () => {
        for (let i = 0; i < BATCH; i++) sdkLogger.emit({ severityNumber: 9, severityText: 'INFO', body: 'request done', attributes: { route: '/v1/items', status: 200 } });
        created.sdkLogs += BATCH;
        await yieldOnce();
      },
    },
    {
      name: 'floor: a plain record', impl: 'floor', items: BATCH,
      run: async () => {
        sink.length = 0;
        for (let i = 0; i < BATCH; i++) sink.push({ t: performance.now(), severityNumber: 9, body: 'request done', attributes: { route: '/v1/items', status: 200 } });
        await yieldOnce();
      },
    },
  ], harness);
}

// The OpenTelemetry logs API stamps trace context from the `context` on the record; ours takes
// `parent` (a span or span context) the same way, without entering a context.
async function logsWithParent(harness: HarnessOpts, ours: OtelProvider, sdk: LoggerProvider): Promise<Comparison> {
  const logger = ours.logger;
  const sdkLogger = sdk.getLogger('bench');
  const attrs = { 'event.name': 'bench.event', route: '/v1/items', status: 200, ok: true, user: 'u-42', bytes: 1234 };
  return compare(`logger.emit with 6 attributes and a parent (SDK: a context), ${BATCH} per run (ns per record)`, [
    {
      name: 'otlp-lite logger.emit({ parent })', impl: 'otlp-lite', items: BATCH,
      run: async () => {
        for (let i = 0; i < BATCH; i++) logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'request done', attributes: attrs, parent });
        created.oursLogs += BATCH;
        await yieldOnce();
      },
    },
    {
      name: 'sdk logger.emit({ context })', impl: 'sdk', items: BATCH,
      run: async () => {
        for (let i = 0; i < BATCH; i++) sdkLogger.emit({ severityNumber: 9, severityText: 'INFO', body: 'request done', attributes: attrs, context: ctx });
        created.sdkLogs += BATCH;
        await yieldOnce();
      },
    },
  ], harness);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ quick: isQuick });
}
