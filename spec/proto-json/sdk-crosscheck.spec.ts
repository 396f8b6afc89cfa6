// Cross-check against the official SDK: the same spans, logs and metrics created through
// @opentelemetry/sdk-* and serialized by otlp-transformer's JSON serializers decode (with our
// canonicalizing decoder: int64 string/number form, default-valued fields such as
// droppedAttributesCount: 0, events: [], status {code: 0} and empty exponential buckets dropped)
// to exactly the value our encoders' output decodes to. One more SDK default is normalized by
// hand: a log record without a body, which the SDK writes as `"body": {}`.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest, encodeLogs, encodeMetrics, encodeTraces, encodeTracesToBytes,
} from '../../proto-json/index.ts';
import { dropEmptyBodies, sdkLogs, sdkMetrics, sdkSpans as sdkSpansOf } from '../helpers/sdk-crosscheck.ts';
import { logDataFromSdk, metricDataFromSdk, spanDataFromSdk, benchResource, makeSdkSpans } from './sdk-records.ts';

const hostile = 'quote " backslash \\ newline \n tab \t nul \u0000 sep \u2028\u2029 emoji 😀 accents ñü 中文';

/** The spans of this file: tab and U+2029 in the text, a boolean array, one attribute and one link over the limits. */
const sdkSpans = () => sdkSpansOf({ text: hostile, linkCountLimit: 1, serverAttributes: { ba: [true, false] }, overLimit: true });

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
    const records = sdkLogs(hostile);
    const theirs = dropEmptyBodies(decodeLogsRequest(JsonLogsSerializer.serializeRequest(records)!));
    const ours = decodeLogsRequest(encodeLogs(records.map(logDataFromSdk)));
    assert.equal(ours.resourceLogs![0]!.scopeLogs![0]!.logRecords!.length, 4);
    assert.deepStrictEqual(ours, theirs);
  });

  it('metrics: the SDK JsonMetricsSerializer and encodeMetrics decode to the same request', async () => {
    const resourceMetrics = await sdkMetrics();
    const theirs = decodeMetricsRequest(JsonMetricsSerializer.serializeRequest(resourceMetrics)!);
    const ours = decodeMetricsRequest(encodeMetrics(metricDataFromSdk(resourceMetrics)));
    assert.equal(ours.resourceMetrics![0]!.scopeMetrics![0]!.metrics!.length, 7);
    assert.deepStrictEqual(ours, theirs);
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
