// Cross-check against the official SDK's protobuf serializers. otlp-transformer 0.223.1 has no
// request deserializer (only serializeRequest and deserializeResponse), so the same spans, logs
// and metrics created through @opentelemetry/sdk-* are compared after field-order normalization:
// the SDK's protobuf bytes and ours are both decoded with our decoder into canonical objects and
// must be deepEqual. Our decoder itself is checked against an independent encoder: the SDK's
// protobuf bytes decode to exactly what the SDK's JSON bytes decode to with the JSON decoder.
// Known SDK defaults normalized by hand: a log record without body (the SDK writes an empty body).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { context, trace, SpanKind as ApiSpanKind, SpanStatusCode, TraceFlags, ValueType } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import {
  JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';
import { decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest } from '../../../proto-json/index.ts';
import {
  decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf, encodeExportResponseProtobuf, encodeLogsProtobuf, encodeMetricsProtobuf,
  encodeTracesProtobuf,
} from '../../../proto-json/protobuf/index.ts';
import { benchResource, CollectingReader, logDataFromSdk, makeSdkLogs, makeSdkSpans, metricDataFromSdk, spanDataFromSdk } from '../sdk-records.ts';

const remote = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED, isRemote: true,
  traceState: new TraceState('vendor=abc,other=x'),
};
const text = 'quote " backslash \\ newline \n nul \u0000 sep \u2028 emoji 😀 accents ñü 中文';

function sdkSpans() {
  const exporter = new InMemorySpanExporter();
  const resA = resourceFromAttributes({ 'service.name': 'a', 'service.instance.id': 'i-1', count: 3 });
  const resB = resourceFromAttributes({ 'service.name': 'b' });
  const pa = new BasicTracerProvider({ resource: resA, spanProcessors: [new SimpleSpanProcessor(exporter)], spanLimits: { attributeCountLimit: 6 } });
  const pb = new BasicTracerProvider({ resource: resB, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const t1 = pa.getTracer('lib.one', '1.0.0');
  const t2 = pa.getTracer('lib.two', undefined, { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
  const t3 = pb.getTracer('lib.three', '3.0');
  const parentCtx = trace.setSpanContext(context.active(), remote);
  const server = t1.startSpan('server', {
    kind: ApiSpanKind.SERVER,
    attributes: { s: 'x', i: 42, neg: -7, d: 0.125, b: false, sa: ['a', 'b'], na: [1, 2.5], zero: 0 },
  }, parentCtx);
  server.addEvent('exception', { 'exception.message': text, 'exception.type': 'Error' });
  server.setStatus({ code: SpanStatusCode.OK });
  const child = t1.startSpan('child', {
    links: [
      { context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 0, isRemote: true }, attributes: { l: 1 } },
      { context: { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1 } },
    ],
  }, trace.setSpan(context.active(), server));
  child.addEvent('plain');
  child.setStatus({ code: SpanStatusCode.ERROR, message: text });
  child.end();
  server.end();
  const root = t2.startSpan(text, { kind: ApiSpanKind.PRODUCER, root: true, attributes: { big: -(2 ** 40), neg: -1 } });
  root.end([1_700_000_000, 123_456_789]);
  t3.startSpan('consumer', { kind: ApiSpanKind.CONSUMER }, parentCtx).end();
  return exporter.getFinishedSpans();
}

function sdkLogs() {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'logs' }), processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('log.lib', '0.1.0');
  const ctx = trace.setSpanContext(context.active(), remote);
  logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'hello', attributes: { a: 1, b: 'x', nested: { k: [1, 'two'] } }, context: ctx });
  logger.emit({ severityNumber: 17, body: { type: 0, url: 'https://x', bytes: new Uint8Array([1, 2, 3]) }, eventName: 'browser.page_view' });
  logger.emit({ body: text, attributes: { [text]: text }, timestamp: [1_700_000_000, 5] });
  logger.emit({ severityText: 'no body' });
  return exporter.getFinishedLogRecords();
}

async function sdkMetrics() {
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
  meter.createUpDownCounter('inflight', { valueType: ValueType.INT }).add(-3);
  meter.createUpDownCounter('level').add(-1.5);
  const hist = meter.createHistogram('latency', { unit: 'ms' });
  for (const v of [0, 3, 7, 12, 250, 20_000]) hist.record(v, { op: 'x' });
  meter.createHistogram('latency.custom', { advice: { explicitBucketBoundaries: [1, 10] } }).record(5);
  const exp = meter.createHistogram('latency.exp');
  for (const v of [0, 1, 2, 5, 100, 0.001, -4]) exp.record(v);
  meter.createGauge('temperature').record(21.5, { room: 'k' });
  meter.createObservableGauge('queue.size', { valueType: ValueType.INT }).addCallback((r) => r.observe(17));
  const { resourceMetrics, errors } = await reader.collect();
  assert.deepEqual(errors, []);
  await provider.shutdown();
  return resourceMetrics;
}

function dropEmptyBodies(req: any): any {
  for (const rl of req.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) for (const r of sl.logRecords ?? []) {
    if (r.body !== undefined && Object.keys(r.body).length === 0) delete r.body;
  }
  return req;
}

describe('our protobuf decoder reads the SDK protobuf serializers exactly like the JSON decoder reads the SDK JSON', () => {
  it('traces', () => {
    const spans = sdkSpans();
    assert.deepStrictEqual(decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!), decodeTracesRequest(JsonTraceSerializer.serializeRequest(spans)!));
  });

  it('logs', () => {
    const records = sdkLogs();
    assert.deepStrictEqual(
      dropEmptyBodies(decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(records)!)),
      dropEmptyBodies(decodeLogsRequest(JsonLogsSerializer.serializeRequest(records)!)),
    );
  });

  it('metrics', async () => {
    const rm = await sdkMetrics();
    assert.deepStrictEqual(decodeMetricsProtobuf(ProtobufMetricsSerializer.serializeRequest(rm)!), decodeMetricsRequest(JsonMetricsSerializer.serializeRequest(rm)!));
  });
});

describe('our protobuf encoders and the SDK protobuf serializers carry the same request (after field-order normalization)', () => {
  it('traces: four spans in two resources and three scopes, links, events, remote parent, statuses', () => {
    const spans = sdkSpans();
    const ours = decodeTracesProtobuf(encodeTracesProtobuf(spans.map(spanDataFromSdk)));
    assert.equal(ours.resourceSpans!.length, 2);
    assert.deepStrictEqual(ours, decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!));
  });

  it('traces: the bench workload (100 spans)', () => {
    const spans = makeSdkSpans(100, benchResource());
    assert.deepStrictEqual(decodeTracesProtobuf(encodeTracesProtobuf(spans.map(spanDataFromSdk))), decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!));
  });

  it('logs: bodies of every kind, event name, trace context, hostile text', () => {
    const records = sdkLogs();
    const theirs = dropEmptyBodies(decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(records)!));
    const ours = decodeLogsProtobuf(encodeLogsProtobuf(records.map(logDataFromSdk)));
    assert.equal(ours.resourceLogs![0]!.scopeLogs![0]!.logRecords!.length, 4);
    assert.deepStrictEqual(ours, theirs);
  });

  it('logs: the bench workload (100 records)', () => {
    const records = makeSdkLogs(100, benchResource());
    assert.deepStrictEqual(decodeLogsProtobuf(encodeLogsProtobuf(records.map(logDataFromSdk))), decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(records)!));
  });

  it('metrics: int and double sums, gauges, explicit and exponential histograms', async () => {
    const rm = await sdkMetrics();
    const ours = decodeMetricsProtobuf(encodeMetricsProtobuf(metricDataFromSdk(rm)));
    assert.equal(ours.resourceMetrics![0]!.scopeMetrics![0]!.metrics!.length, 8);
    assert.deepStrictEqual(ours, decodeMetricsProtobuf(ProtobufMetricsSerializer.serializeRequest(rm)!));
  });

  it('is smaller than the SDK output for the same spans (default-valued fields are not sent)', () => {
    const spans = makeSdkSpans(50, benchResource());
    assert.ok(encodeTracesProtobuf(spans.map(spanDataFromSdk)).length < ProtobufTraceSerializer.serializeRequest(spans)!.length);
  });
});

describe('the SDK response deserializers read our protobuf responses', () => {
  it('reads partial success counts and messages for all three signals', () => {
    const t = ProtobufTraceSerializer.deserializeResponse(encodeExportResponseProtobuf('traces', { rejected: 3, errorMessage: 'bad spans' }));
    assert.deepEqual(t.partialSuccess, { rejectedSpans: 3, errorMessage: 'bad spans' });
    const l = ProtobufLogsSerializer.deserializeResponse(encodeExportResponseProtobuf('logs', { rejected: 0, errorMessage: 'warn' }));
    assert.deepEqual(l.partialSuccess, { errorMessage: 'warn' });
    const m = ProtobufMetricsSerializer.deserializeResponse(encodeExportResponseProtobuf('metrics', { rejected: 2 ** 40, errorMessage: '' }));
    assert.deepEqual(m.partialSuccess, { rejectedDataPoints: 2 ** 40 });
  });

  it('reads a full success (empty body) as no partial success', () => {
    assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(encodeExportResponseProtobuf('traces')), {});
  });
});
