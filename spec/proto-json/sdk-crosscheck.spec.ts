// Cross-check against the official SDK: the same spans, logs and metrics created through
// @opentelemetry/sdk-* and serialized by otlp-transformer's JSON serializers decode (with our
// canonicalizing decoder: int64 string/number form, default-valued fields such as
// droppedAttributesCount: 0, events: [], status {code: 0} and empty exponential buckets dropped)
// to exactly the value our encoders' output decodes to. One more SDK default is normalized by
// hand: a log record without a body, which the SDK writes as `"body": {}`.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { context, trace, SpanKind as ApiSpanKind, SpanStatusCode, TraceFlags, ValueType } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest, encodeLogs, encodeMetrics, encodeTraces, encodeTracesToBytes,
} from '../../proto-json/index.ts';
import { CollectingReader, logDataFromSdk, metricDataFromSdk, spanDataFromSdk, benchResource, makeSdkSpans } from './sdk-records.ts';

const remote = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED, isRemote: true,
  traceState: new TraceState('vendor=abc,other=x'),
};
const hostile = 'quote " backslash \\ newline \n tab \t nul \u0000 sep \u2028\u2029 emoji 😀 accents ñü 中文';

function sdkSpans() {
  const exporter = new InMemorySpanExporter();
  const resA = resourceFromAttributes({ 'service.name': 'a', 'service.instance.id': 'i-1', count: 3 });
  const resB = resourceFromAttributes({ 'service.name': 'b' });
  const pa = new BasicTracerProvider({ resource: resA, spanProcessors: [new SimpleSpanProcessor(exporter)], spanLimits: { attributeCountLimit: 6, linkCountLimit: 1 } });
  const pb = new BasicTracerProvider({ resource: resB, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const t1 = pa.getTracer('lib.one', '1.0.0');
  const t2 = pa.getTracer('lib.two', undefined, { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
  const t3 = pb.getTracer('lib.three', '3.0');

  const parentCtx = trace.setSpanContext(context.active(), remote);
  const server = t1.startSpan('server', {
    kind: ApiSpanKind.SERVER,
    attributes: { s: 'x', i: 42, neg: -7, d: 0.125, b: false, sa: ['a', 'b'], na: [1, 2.5], ba: [true, false], zero: 0 },
  }, parentCtx);
  server.setAttribute('over.limit', 1); // 10th attribute: dropped by the SDK (limit 6), counted
  server.addEvent('exception', { 'exception.message': hostile, 'exception.type': 'Error' });
  server.setStatus({ code: SpanStatusCode.OK });
  const child = t1.startSpan('child', {
    kind: ApiSpanKind.INTERNAL,
    links: [
      { context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 0, isRemote: true }, attributes: { l: 1 } },
      { context: { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1 } },
    ],
  }, trace.setSpan(context.active(), server));
  child.addEvent('plain');
  child.setStatus({ code: SpanStatusCode.ERROR, message: hostile });
  child.end();
  server.end();
  const root = t2.startSpan(hostile, { kind: ApiSpanKind.PRODUCER, root: true });
  root.end([1_700_000_000, 123_456_789]);
  const other = t3.startSpan('consumer', { kind: ApiSpanKind.CONSUMER }, parentCtx);
  other.end();
  const spans = exporter.getFinishedSpans();
  assert.equal(spans.length, 4);
  return spans;
}

describe('cross-check with the official SDK serializers', () => {
  it('traces: the SDK JsonTraceSerializer and encodeTraces decode to the same request', () => {
    const spans = sdkSpans();
    const theirs = decodeTracesRequest(JsonTraceSerializer.serializeRequest(spans)!);
    const ours = decodeTracesRequest(encodeTracesToBytes(spans.map(spanDataFromSdk)));
    assert.equal(ours.resourceSpans!.length, 2);
    assert.deepStrictEqual(ours, theirs);
  });

  it('traces: the bench workload (10 spans) matches too', () => {
    const spans = makeSdkSpans(10, benchResource());
    assert.deepStrictEqual(decodeTracesRequest(encodeTraces(spans.map(spanDataFromSdk))), decodeTracesRequest(JsonTraceSerializer.serializeRequest(spans)!));
  });

  it('logs: the SDK JsonLogsSerializer and encodeLogs decode to the same request', () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'logs' }), processors: [new SimpleLogRecordProcessor({ exporter })] });
    const logger = provider.getLogger('log.lib', '0.1.0');
    const ctx = trace.setSpanContext(context.active(), remote);
    logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'hello', attributes: { a: 1, b: 'x', nested: { k: [1, 'two'] } }, context: ctx });
    logger.emit({ severityNumber: 17, body: { type: 0, url: 'https://x', bytes: new Uint8Array([1, 2, 3]) }, eventName: 'browser.page_view' });
    logger.emit({ body: hostile, attributes: { [hostile]: hostile }, timestamp: [1_700_000_000, 5] });
    logger.emit({ severityText: 'no body' });
    const records = exporter.getFinishedLogRecords();
    const theirs = decodeLogsRequest(JsonLogsSerializer.serializeRequest(records)!);
    for (const r of theirs.resourceLogs![0]!.scopeLogs![0]!.logRecords!) if (r.body !== undefined && Object.keys(r.body).length === 0) delete r.body;
    const ours = decodeLogsRequest(encodeLogs(records.map(logDataFromSdk)));
    assert.equal(ours.resourceLogs![0]!.scopeLogs![0]!.logRecords!.length, 4);
    assert.deepStrictEqual(ours, theirs);
  });

  it('metrics: the SDK JsonMetricsSerializer and encodeMetrics decode to the same request', async () => {
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
    meter.createUpDownCounter('inflight').add(-1.5);
    const hist = meter.createHistogram('latency', { unit: 'ms' });
    for (const v of [0, 3, 7, 12, 250, 20_000]) hist.record(v, { op: 'x' });
    meter.createHistogram('latency.custom', { advice: { explicitBucketBoundaries: [1, 10] } }).record(5);
    const exp = meter.createHistogram('latency.exp');
    for (const v of [0, 1, 2, 5, 100, 0.001]) exp.record(v);
    meter.createGauge('temperature').record(21.5, { room: 'k' });
    meter.createObservableGauge('queue.size', { valueType: ValueType.INT }).addCallback((r) => r.observe(17));
    const { resourceMetrics, errors } = await reader.collect();
    assert.deepEqual(errors, []);
    const theirs = decodeMetricsRequest(JsonMetricsSerializer.serializeRequest(resourceMetrics)!);
    const ours = decodeMetricsRequest(encodeMetrics(metricDataFromSdk(resourceMetrics)));
    assert.equal(ours.resourceMetrics![0]!.scopeMetrics![0]!.metrics!.length, 7);
    assert.deepStrictEqual(ours, theirs);
    await provider.shutdown();
  });
});

describe('where the SDK output is not valid OTLP/JSON and ours is', () => {
  it('keeps NaN/Infinity attribute values (the SDK writes null, losing the value)', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.getTracer('t').startSpan('s', { attributes: { nan: NaN, inf: Infinity } }).end();
    const [span] = exporter.getFinishedSpans();
    const theirs = decodeTracesRequest(JsonTraceSerializer.serializeRequest([span!])!).resourceSpans![0]!.scopeSpans![0]!.spans![0]!;
    const ours = decodeTracesRequest(encodeTraces([spanDataFromSdk(span!)])).resourceSpans![0]!.scopeSpans![0]!.spans![0]!;
    assert.deepEqual(theirs.attributes!.map((kv) => kv.value), [{}, {}]);
    assert.deepEqual(ours.attributes!.map((kv) => kv.value), [{ doubleValue: NaN }, { doubleValue: Infinity }]);
  });

  it('writes an integer beyond 2^53 exactly (the SDK prints the double, 1152921504606847000 for 2^60)', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.getTracer('t').startSpan('s', { attributes: { big: 2 ** 60 } }).end();
    const [span] = exporter.getFinishedSpans();
    const theirs = Buffer.from(JsonTraceSerializer.serializeRequest([span!])!).toString();
    const ours = decodeTracesRequest(encodeTraces([spanDataFromSdk(span!)])).resourceSpans![0]!.scopeSpans![0]!.spans![0]!;
    assert.ok(theirs.includes('{"intValue":1152921504606847000}')); // an int64 receiver reads 1152921504606847000, not 2^60
    assert.deepEqual(ours.attributes![0]!.value, { doubleValue: 2 ** 60 }); // not a safe integer → a double, exact
  });

  it('repairs a lone surrogate to U+FFFD (the SDK sends an escaped lone surrogate, not valid Unicode)', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.getTracer('t').startSpan('bad \ud800 name').end();
    const [span] = exporter.getFinishedSpans();
    const theirs = decodeTracesRequest(JsonTraceSerializer.serializeRequest([span!])!).resourceSpans![0]!.scopeSpans![0]!.spans![0]!;
    const ours = decodeTracesRequest(encodeTraces([spanDataFromSdk(span!)])).resourceSpans![0]!.scopeSpans![0]!.spans![0]!;
    assert.equal(theirs.name, 'bad \ud800 name');
    assert.equal(ours.name, 'bad \ufffd name');
  });
});
