// Cross-check against the official SDK's protobuf serializers. otlp-transformer 0.223.1 has no
// request deserializer (only serializeRequest and deserializeResponse), so the same spans, logs
// and metrics created through @opentelemetry/sdk-* are compared after field-order normalization:
// the SDK's protobuf bytes and ours are both decoded with our decoder into canonical objects and
// must be deepEqual. Our decoder itself is checked against an independent encoder: the SDK's
// protobuf bytes decode to exactly what the SDK's JSON bytes decode to with the JSON decoder.
// Known SDK defaults normalized by hand: a log record without body (the SDK writes an empty body).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest } from '../../../proto-json/index.ts';
import {
  decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf, encodeExportResponseProtobuf, encodeLogsProtobuf, encodeMetricsProtobuf,
  encodeTracesProtobuf,
} from '../../../proto-json/protobuf/index.ts';
import { dropEmptyBodies, sdkLogs as sdkLogsOf, sdkMetrics as sdkMetricsOf, sdkSpans as sdkSpansOf } from '../../helpers/sdk-crosscheck.ts';
import { benchResource, logDataFromSdk, makeSdkLogs, makeSdkSpans, metricDataFromSdk, spanDataFromSdk } from '../sdk-records.ts';

const text = 'quote " backslash \\ newline \n nul \u0000 sep \u2028 emoji 😀 accents ñü 中文';

/** The spans of this file: int64 attributes beyond 2^32 on the root span. */
const sdkSpans = () => sdkSpansOf({ text, rootAttributes: { big: -(2 ** 40), neg: -1 } });
const sdkLogs = () => sdkLogsOf(text);
/** Two up-down counters (int and double) and a negative exponential histogram value. */
const sdkMetrics = () => sdkMetricsOf({ intUpDownCounter: true, negativeExponential: true });

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
