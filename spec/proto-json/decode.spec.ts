import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  countItems, decodeExportResponse, DecodeError, decodeLogsRequest, decodeMetricsRequest, decodeRequest, decodeTracesRequest,
} from '../../proto-json/index.ts';

const T = '5b8efff798038103d269b633813fc60c';
const S = 'eee19b7ec3c1b174';

/** A traces body with the given spans in one resource/scope. */
const traces = (...spans: unknown[]): string => JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ scope: { name: 'x' }, spans }] }] });
const logs = (...logRecords: unknown[]): string => JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords }] }] });
const metrics = (...ms: unknown[]): string => JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: ms }] }] });
const firstSpan = (body: string): any => decodeTracesRequest(body).resourceSpans![0]!.scopeSpans![0]!.spans![0];

function rejects(body: string | Uint8Array, path: string, message: RegExp, decode: (b: string | Uint8Array) => unknown = decodeTracesRequest): void {
  assert.throws(() => decode(body), (err: unknown) => {
    assert.ok(err instanceof DecodeError, String(err));
    assert.equal(err.path, path);
    assert.match(err.message, message);
    assert.equal(err.code, 'OTLP_LITE_DECODE');
    return true;
  });
}

describe('decoders accept what receivers must accept', () => {
  it('reads 64-bit integers given as strings or numbers into canonical decimal strings', () => {
    const s = firstSpan(traces({ traceId: T, spanId: S, startTimeUnixNano: 1544712660000000000, endTimeUnixNano: '1544712661000000000', attributes: [{ key: 'i', value: { intValue: 10 } }, { key: 'j', value: { intValue: '-9223372036854775808' } }] }));
    assert.equal(s.startTimeUnixNano, '1544712660000000000');
    assert.equal(s.endTimeUnixNano, '1544712661000000000');
    assert.deepEqual(s.attributes.map((kv: any) => kv.value.intValue), ['10', '-9223372036854775808']);
    const z = firstSpan(traces({ traceId: T, spanId: S, startTimeUnixNano: '0001', endTimeUnixNano: '18446744073709551615', attributes: [{ key: 'n', value: { intValue: '-0' } }] }));
    assert.deepEqual([z.startTimeUnixNano, z.endTimeUnixNano, z.attributes[0].value.intValue], ['1', '18446744073709551615', '0']);
  });

  it('reads hex ids in either case and returns them lower-case', () => {
    const s = firstSpan(traces({ traceId: T.toUpperCase(), spanId: S.toUpperCase(), parentSpanId: 'EEE19B7EC3C1B173' }));
    assert.deepEqual([s.traceId, s.spanId, s.parentSpanId], [T, S, 'eee19b7ec3c1b173']);
  });

  it('treats an empty id as absent', () => {
    const s = firstSpan(traces({ traceId: T, spanId: S, parentSpanId: '' }));
    assert.equal('parentSpanId' in s, false);
  });

  it('ignores unknown fields at every level, including __proto__', () => {
    const body = '{"resourceSpans":[{"futureField":1,"resource":{"entityRefs":[{"type":"service","idKeys":["service.name"]}],"schemaUrl":"x"},"scopeSpans":[{"spans":[{"traceId":"' + T + '","spanId":"' + S + '","newThing":{"a":[1]},"__proto__":{"polluted":true}}]}]}],"extra":true}';
    const req = decodeTracesRequest(body);
    assert.deepEqual(req.resourceSpans![0]!.resource, { entityRefs: [{ type: 'service', idKeys: ['service.name'] }] });
    assert.deepEqual(req.resourceSpans![0]!.scopeSpans![0]!.spans![0], { traceId: T, spanId: S });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('reads "NaN", "Infinity", "-Infinity" and numeric strings as doubles', () => {
    const m = decodeMetricsRequest(metrics({ name: 'g', gauge: { dataPoints: [{ asDouble: 'NaN' }, { asDouble: 'Infinity' }, { asDouble: '-Infinity' }, { asDouble: '1.5e3' }] } }));
    const values = m.resourceMetrics![0]!.scopeMetrics![0]!.metrics![0]!.gauge!.dataPoints!.map((p) => p.asDouble);
    assert.deepEqual(values, [NaN, Infinity, -Infinity, 1500]);
  });

  it('reads base64 bytes, standard or URL-safe, padded or not, into padded standard base64', () => {
    const values = ['+/+/', '-_-_', 'AQI=', 'AQI'].map((b) => ({ key: 'b', value: { bytesValue: b } }));
    const s = firstSpan(traces({ traceId: T, spanId: S, attributes: values }));
    assert.deepEqual(s.attributes.map((kv: any) => kv.value.bytesValue), ['+/+/', '+/+/', 'AQI=', 'AQI=']);
  });

  it('treats null as unset and leaves out fields at their default value', () => {
    const s = firstSpan(traces({ traceId: T, spanId: S, name: '', kind: 0, flags: null, droppedAttributesCount: 0, events: [], status: { code: 0 }, startTimeUnixNano: '0' }));
    assert.deepEqual(s, { traceId: T, spanId: S });
  });

  it('keeps oneof members and optional histogram fields at 0', () => {
    const m = decodeMetricsRequest(metrics(
      { name: 'g', gauge: { dataPoints: [{ asInt: '0' }, { asDouble: 0 }] } },
      { name: 'h', histogram: { dataPoints: [{ count: '0', sum: 0, min: 0, max: 0 }] } },
    ));
    const [g, h] = m.resourceMetrics![0]!.scopeMetrics![0]!.metrics!;
    assert.deepEqual(g!.gauge!.dataPoints, [{ asInt: '0' }, { asDouble: 0 }]);
    assert.deepEqual(h!.histogram!.dataPoints, [{ sum: 0, min: 0, max: 0 }]);
  });

  it('decodes bytes bodies and gives KeyValue a value ({} when absent)', () => {
    const req = decodeLogsRequest(new TextEncoder().encode(logs({ body: { stringValue: 'ü' }, attributes: [{ key: 'k' }] })));
    const rec = req.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!;
    assert.deepEqual(rec, { body: { stringValue: 'ü' }, attributes: [{ key: 'k', value: {} }] });
  });
});

describe('decoders reject invalid bodies with the JSON path of the fault', () => {
  it('rejects a wrong-length or non-hex id', () => {
    rejects(traces({ traceId: T, spanId: S }, { traceId: T + '00', spanId: S }), 'resourceSpans[0].scopeSpans[0].spans[1].traceId', /invalid id length: 34/);
    rejects(traces({ traceId: T, spanId: 'zz' + S.slice(2) }), 'resourceSpans[0].scopeSpans[0].spans[0].spanId', /not hex/);
    rejects(traces({ traceId: 'W46P95gDgQPSabYzgT/GDA==', spanId: S }), 'resourceSpans[0].scopeSpans[0].spans[0].traceId', /length/);
    rejects(logs({ spanId: S.slice(1) }), 'resourceLogs[0].scopeLogs[0].logRecords[0].spanId', /invalid id length/, decodeLogsRequest);
  });

  it('rejects an enum given as a name', () => {
    rejects(traces({ traceId: T, spanId: S, kind: 'SPAN_KIND_SERVER' }), 'resourceSpans[0].scopeSpans[0].spans[0].kind', /enum given as a name/);
    rejects(traces({ traceId: T, spanId: S, status: { code: 'STATUS_CODE_ERROR' } }), 'resourceSpans[0].scopeSpans[0].spans[0].status.code', /enum given as a name/);
    rejects(logs({ severityNumber: 'SEVERITY_NUMBER_INFO' }), 'resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber', /enum/, decodeLogsRequest);
    rejects(metrics({ name: 's', sum: { aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA' } }), 'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.aggregationTemporality', /enum/, decodeMetricsRequest);
  });

  it('rejects snake_case keys at any level', () => {
    rejects('{"resource_spans":[]}', 'resource_spans', /snake_case key "resource_spans".*"resourceSpans"/);
    rejects(traces({ traceId: T, spanId: S, dropped_attributes_count: 1 }), 'resourceSpans[0].scopeSpans[0].spans[0].dropped_attributes_count', /use "droppedAttributesCount"/);
    rejects(traces({ traceId: T, spanId: S, attributes: [{ key: 'k', value: { string_value: 'v' } }] }), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.string_value', /use "stringValue"/);
    rejects(logs({ time_unix_nano: '1' }), 'resourceLogs[0].scopeLogs[0].logRecords[0].time_unix_nano', /timeUnixNano/, decodeLogsRequest);
  });

  it('rejects two members of a oneof', () => {
    rejects(traces({ traceId: T, spanId: S, attributes: [{ key: 'k', value: { stringValue: 'a', intValue: '1' } }] }), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value', /more than one/);
    rejects(metrics({ name: 'm', gauge: {}, sum: {} }), 'resourceMetrics[0].scopeMetrics[0].metrics[0]', /more than one/, decodeMetricsRequest);
    rejects(metrics({ name: 'm', gauge: { dataPoints: [{ asInt: 1, asDouble: 1 }] } }), 'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0]', /more than one/, decodeMetricsRequest);
  });

  it('rejects wrong types and out-of-range integers', () => {
    rejects(traces({ traceId: T, spanId: S, name: 5 }), 'resourceSpans[0].scopeSpans[0].spans[0].name', /expected a string/);
    rejects(traces({ traceId: T, spanId: S, startTimeUnixNano: '-1' }), 'resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano', /out of range/);
    rejects(traces({ traceId: T, spanId: S, startTimeUnixNano: '1.5' }), 'resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano', /64-bit integer/);
    rejects(traces({ traceId: T, spanId: S, droppedAttributesCount: 2 ** 32 }), 'resourceSpans[0].scopeSpans[0].spans[0].droppedAttributesCount', /out of range/);
    rejects(traces({ traceId: T, spanId: S, attributes: [{ key: 'k', value: { boolValue: 'true' } }] }), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.boolValue', /true or false/);
    rejects(traces({ traceId: T, spanId: S, attributes: [{ key: 'k', value: { bytesValue: 'a' } }] }), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.bytesValue', /base64/);
    rejects('{"resourceSpans":{}}', 'resourceSpans', /expected an array/);
    rejects('[]', '$', /expected an object/);
  });

  it('rejects invalid JSON and invalid UTF-8 at $', () => {
    rejects('{"resourceSpans":[', '$', /invalid JSON/);
    rejects(new Uint8Array([0x7b, 0xff, 0x7d]), '$', /UTF-8/);
  });

  it('rejects absurdly deep AnyValue nesting with a DecodeError, not a stack overflow', () => {
    let v = '{"stringValue":"x"}';
    for (let i = 0; i < 1000; i++) v = `{"arrayValue":{"values":[${v}]}}`;
    assert.throws(() => decodeLogsRequest(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${v}}]}]}]}`), DecodeError);
  });
});

describe('partial decoding, item counts and responses', () => {
  it('counts spans, log records and metric data points', () => {
    assert.equal(countItems('traces', decodeTracesRequest(traces({ traceId: T, spanId: S }, {}, {}))), 3);
    assert.equal(countItems('logs', decodeLogsRequest(logs({}, {}))), 2);
    const m = decodeMetricsRequest(metrics({ name: 'a', gauge: { dataPoints: [{ asInt: 1 }, { asInt: 2 }] } }, { name: 'b', histogram: { dataPoints: [{}] } }, { name: 'c' }));
    assert.equal(countItems('metrics', m), 3);
    assert.equal(countItems('traces', {}), 0);
  });

  it('in partial mode leaves out invalid spans, counts them, and keeps the valid ones', () => {
    const body = traces({ traceId: T, spanId: S, name: 'ok' }, { traceId: 'bad', spanId: S }, { traceId: T, spanId: S, kind: 'SERVER' }, { traceId: T, spanId: S, name: 'ok2' });
    const r = decodeRequest('traces', body, { partial: true });
    assert.equal(r.items, 2);
    assert.equal(r.rejected, 2);
    assert.deepEqual(r.errors.map((e) => e.path), ['resourceSpans[0].scopeSpans[0].spans[1].traceId', 'resourceSpans[0].scopeSpans[0].spans[2].kind']);
    assert.deepEqual(r.request.resourceSpans![0]!.scopeSpans![0]!.spans!.map((s) => s.name), ['ok', 'ok2']);
    assert.throws(() => decodeRequest('traces', body), DecodeError); // strict by default
  });

  it('in partial mode rejects a bad data point alone, and a bad metric with all its points', () => {
    const body = metrics(
      { name: 'a', gauge: { dataPoints: [{ asInt: 1 }, { asInt: 'x' }] } },
      { name: 'b', gauge: { dataPoints: [{}, {}, {}] }, sum: {} },
    );
    const r = decodeRequest('metrics', body, { partial: true });
    assert.equal(r.items, 1);
    assert.equal(r.rejected, 4);
  });

  it('still throws in partial mode for faults above item level', () => {
    assert.throws(() => decodeRequest('logs', '{"resourceLogs":[{"scopeLogs":[{"scope":{"name":1}}]}]}', { partial: true }), DecodeError);
  });

  it('decodeExportResponse: empty body, {} and no partialSuccess mean full success (undefined)', () => {
    assert.equal(decodeExportResponse('traces', ''), undefined);
    assert.equal(decodeExportResponse('traces', '  \n'), undefined);
    assert.equal(decodeExportResponse('logs', new Uint8Array(0)), undefined);
    assert.equal(decodeExportResponse('metrics', '{}'), undefined);
    assert.equal(decodeExportResponse('metrics', '{"partialSuccess":null}'), undefined);
  });

  it('decodeExportResponse reads the per-signal rejected count as string or number, and the message', () => {
    assert.deepEqual(decodeExportResponse('traces', '{"partialSuccess":{"rejectedSpans":"3","errorMessage":"bad spans"}}'), { rejected: 3, errorMessage: 'bad spans' });
    assert.deepEqual(decodeExportResponse('logs', Buffer.from('{"partialSuccess":{"rejectedLogRecords":2}}')), { rejected: 2, errorMessage: '' });
    assert.deepEqual(decodeExportResponse('metrics', '{"partialSuccess":{"rejectedDataPoints":"0","errorMessage":"warning"}}'), { rejected: 0, errorMessage: 'warning' });
    assert.deepEqual(decodeExportResponse('metrics', '{"partialSuccess":{}}'), { rejected: 0, errorMessage: '' });
  });

  it('decodeExportResponse throws DecodeError for invalid JSON or field types', () => {
    assert.throws(() => decodeExportResponse('traces', '{oops'), DecodeError);
    assert.throws(() => decodeExportResponse('traces', '{"partialSuccess":{"rejectedSpans":"abc"}}'), (e: unknown) => e instanceof DecodeError && e.path === 'partialSuccess.rejectedSpans');
    assert.throws(() => decodeExportResponse('traces', '{"partial_success":{}}'), DecodeError);
    assert.throws(() => decodeExportResponse('traces', '[1]'), DecodeError);
  });
});
