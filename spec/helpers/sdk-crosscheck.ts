// Test helper for the cross-checks against the official SDK (OTLP/JSON in spec/proto-json, protobuf
// in spec/proto-json/protobuf): the spans, log records and metrics both create through
// @opentelemetry/sdk-*, with the few differences between the two files as options. The bench
// workloads and the SDK → record conversions live in spec/proto-json/sdk-records.ts (bench/ uses them).
import assert from 'node:assert/strict';
import { context, trace, SpanKind as ApiSpanKind, SpanStatusCode, TraceFlags, ValueType, type Attributes } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';
import { CollectingReader } from '../proto-json/sdk-records.ts';

/** A remote parent with a trace state. */
export const REMOTE = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED, isRemote: true,
  traceState: new TraceState('vendor=abc,other=x'),
};

/** Options of `sdkSpans`. */
export interface SdkSpansOptions {
  /** Hostile text for the exception message, error status and root span name. */
  readonly text: string;
  /** The SDK's link count limit of the first provider (unset: the SDK default). */
  readonly linkCountLimit?: number;
  /** Extra attributes of the server span (after `na`, before `zero`). */
  readonly serverAttributes?: Attributes;
  /** Set a 10th server attribute, dropped by the SDK (limit 6) and counted. */
  readonly overLimit?: boolean;
  /** Attributes of the root span. */
  readonly rootAttributes?: Attributes;
}

/** Four spans in two resources and three scopes: links, events, remote parent, statuses. */
export function sdkSpans(opts: SdkSpansOptions): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const resA = resourceFromAttributes({ 'service.name': 'a', 'service.instance.id': 'i-1', count: 3 });
  const resB = resourceFromAttributes({ 'service.name': 'b' });
  const spanLimits = opts.linkCountLimit !== undefined ? { attributeCountLimit: 6, linkCountLimit: opts.linkCountLimit } : { attributeCountLimit: 6 };
  const pa = new BasicTracerProvider({ resource: resA, spanProcessors: [new SimpleSpanProcessor(exporter)], spanLimits });
  const pb = new BasicTracerProvider({ resource: resB, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const t1 = pa.getTracer('lib.one', '1.0.0');
  const t2 = pa.getTracer('lib.two', undefined, { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
  const t3 = pb.getTracer('lib.three', '3.0');

  const parentCtx = trace.setSpanContext(context.active(), REMOTE);
  const server = t1.startSpan('server', {
    kind: ApiSpanKind.SERVER,
    attributes: { s: 'x', i: 42, neg: -7, d: 0.125, b: false, sa: ['a', 'b'], na: [1, 2.5], ...opts.serverAttributes, zero: 0 },
  }, parentCtx);
  if (opts.overLimit === true) server.setAttribute('over.limit', 1); // 10th attribute: dropped by the SDK (limit 6), counted
  server.addEvent('exception', { 'exception.message': opts.text, 'exception.type': 'Error' });
  server.setStatus({ code: SpanStatusCode.OK });
  const child = t1.startSpan('child', {
    kind: ApiSpanKind.INTERNAL,
    links: [
      { context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 0, isRemote: true }, attributes: { l: 1 } },
      { context: { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1 } },
    ],
  }, trace.setSpan(context.active(), server));
  child.addEvent('plain');
  child.setStatus({ code: SpanStatusCode.ERROR, message: opts.text });
  child.end();
  server.end();
  const root = t2.startSpan(opts.text, { kind: ApiSpanKind.PRODUCER, root: true, ...(opts.rootAttributes !== undefined ? { attributes: opts.rootAttributes } : {}) });
  root.end([1_700_000_000, 123_456_789]);
  t3.startSpan('consumer', { kind: ApiSpanKind.CONSUMER }, parentCtx).end();
  const spans = exporter.getFinishedSpans();
  assert.equal(spans.length, 4);
  return spans;
}

/** Four log records: bodies of every kind, event name, trace context, hostile `text`, one without body. */
export function sdkLogs(text: string): ReadableLogRecord[] {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'logs' }), processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('log.lib', '0.1.0');
  const ctx = trace.setSpanContext(context.active(), REMOTE);
  logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'hello', attributes: { a: 1, b: 'x', nested: { k: [1, 'two'] } }, context: ctx });
  logger.emit({ severityNumber: 17, body: { type: 0, url: 'https://x', bytes: new Uint8Array([1, 2, 3]) }, eventName: 'browser.page_view' });
  logger.emit({ body: text, attributes: { [text]: text }, timestamp: [1_700_000_000, 5] });
  logger.emit({ severityText: 'no body' });
  return exporter.getFinishedLogRecords();
}

/** Options of `sdkMetrics`. */
export interface SdkMetricsOptions {
  /** Two up-down counters (`inflight` as INT -3, `level` -1.5) instead of one (`inflight` -1.5). */
  readonly intUpDownCounter?: boolean;
  /** Also record -4 into the exponential histogram. */
  readonly negativeExponential?: boolean;
}

/** Int and double sums, gauges, explicit and exponential histograms, collected once (provider shut down). */
export async function sdkMetrics(opts: SdkMetricsOptions = {}): Promise<ResourceMetrics> {
  const reader = new CollectingReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'metrics' }),
    readers: [reader],
    views: [{ instrumentName: 'latency.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('meter.lib', '2.0');
  const counter = meter.createCounter('requests', { description: 'Requests', unit: '{request}', valueType: ValueType.INT });
  counter.add(5, { route: '/a' });
  counter.add(2, { route: '/b', ok: true });
  if (opts.intUpDownCounter === true) {
    meter.createUpDownCounter('inflight', { valueType: ValueType.INT }).add(-3);
    meter.createUpDownCounter('level').add(-1.5);
  } else {
    meter.createUpDownCounter('inflight').add(-1.5);
  }
  const hist = meter.createHistogram('latency', { unit: 'ms' });
  for (const v of [0, 3, 7, 12, 250, 20_000]) hist.record(v, { op: 'x' });
  meter.createHistogram('latency.custom', { advice: { explicitBucketBoundaries: [1, 10] } }).record(5);
  const exp = meter.createHistogram('latency.exp');
  for (const v of [0, 1, 2, 5, 100, 0.001, ...(opts.negativeExponential === true ? [-4] : [])]) exp.record(v);
  meter.createGauge('temperature').record(21.5, { room: 'k' });
  meter.createObservableGauge('queue.size', { valueType: ValueType.INT }).addCallback((r) => r.observe(17));
  const { resourceMetrics, errors } = await reader.collect();
  assert.deepEqual(errors, []);
  await provider.shutdown();
  return resourceMetrics;
}

/** Drops the empty `body: {}` the SDK writes for a log record without a body (a decoded request, in place). */
export function dropEmptyBodies<T extends { resourceLogs?: { scopeLogs?: { logRecords?: { body?: object }[] }[] }[] }>(req: T): T {
  for (const rl of req.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) for (const r of sl.logRecords ?? []) {
    if (r.body !== undefined && Object.keys(r.body).length === 0) delete r.body;
  }
  return req;
}
