// The protobuf decoders: canonical output, protobuf semantics (unknown fields of every wire type,
// packed or not, merge, last-wins oneofs), hostile input (truncation at every byte, wrong wire
// types, bad ids, invalid UTF-8, deep nesting) as DecodeError with a path, never a crash, and
// partial mode for the receiver.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError, decodeExportResponse, decodeRequest } from '../../../proto-json/index.ts';
import {
  decodeLogsProtobuf, decodeMetricsProtobuf, decodeProtobufExportResponse, decodeProtobufRequest, decodeProtobufResponse, decodeRpcStatus,
  decodeTracesProtobuf, encodeExportResponseProtobuf, encodeMetricsProtobuf, encodeRetryInfo, encodeRpcStatus, encodeTracesProtobuf,
  retryInfoDelayMs, type AnyMessage,
} from '../../../proto-json/protobuf/index.ts';
import { span, SPAN_ID, TRACE_ID } from '../records.ts';
import { f64, hex, i32, i64, len, tag, vfield, varint } from './support.ts';

const bytes = (...parts: number[][]): Uint8Array => new Uint8Array(parts.flat());
const traces = (...spans: number[][]): Uint8Array => bytes(len(1, [...len(1, []), ...len(2, [...len(1, []), ...spans.flatMap((s) => len(2, s))])]));
const firstSpan = (body: Uint8Array): any => decodeTracesProtobuf(body).resourceSpans![0]!.scopeSpans![0]!.spans![0];

// Unknown fields of every wire type, including a nested group.
const UNKNOWN = [
  ...vfield(90, 12345678901234n), ...i64(91, -1n), ...len(92, [1, 2, 3, ...len(1, 'nested')]), ...i32(93, 7),
  ...tag(94, 3), ...vfield(1, 1), ...tag(95, 3), ...len(2, 'x'), ...tag(95, 4), ...tag(94, 4),
];

describe('protobuf request decoding', () => {
  it('decodes a hand-built span into the canonical form of the JSON decoder', () => {
    const body = traces([
      ...len(1, hex(TRACE_ID.toUpperCase())), ...len(2, hex(SPAN_ID)), ...len(5, 'op'), ...vfield(6, 2), ...i64(7, 1_700_000_000_123_456_789n),
      ...len(9, [...len(1, 'k'), ...len(2, vfield(3, -5))]), ...len(9, [...len(1, ''), ...len(2, [])]), ...vfield(10, 0), ...len(15, vfield(3, 0)),
      ...i32(16, 0x301),
    ]);
    assert.deepStrictEqual(firstSpan(body), {
      traceId: TRACE_ID, spanId: SPAN_ID, name: 'op', kind: 2, startTimeUnixNano: '1700000000123456789',
      attributes: [{ key: 'k', value: { intValue: '-5' } }, { value: {} }], flags: 0x301,
    });
  });

  it('skips unknown fields of every wire type (varint, i64, len, i32, nested groups) at every level', () => {
    const body = bytes(len(1, [
      ...UNKNOWN, ...len(1, [...UNKNOWN, ...len(1, [...len(1, 'k'), ...UNKNOWN, ...len(2, [...UNKNOWN, ...len(1, 's'), ...vfield(8, 3)])])]),
      ...len(2, [...UNKNOWN, ...len(2, [...UNKNOWN, ...len(5, 'op'), ...len(11, [...UNKNOWN, ...len(2, 'ev')])])]),
    ]), UNKNOWN);
    assert.deepStrictEqual(decodeTracesProtobuf(body), {
      resourceSpans: [{ resource: { attributes: [{ key: 'k', value: { stringValue: 's' } }] }, scopeSpans: [{ spans: [{ name: 'op', events: [{ name: 'ev' }] }] }] }],
    });
  });

  it('accepts packed and unpacked repeated scalars alike', () => {
    const point = (counts: number[]): any => decodeMetricsProtobuf(bytes(len(1, len(2, len(2, len(9, len(1, counts))))))).resourceMetrics![0]!.scopeMetrics![0]!.metrics![0]!.histogram!.dataPoints![0];
    const packed = point([...tag(6, 2), ...varint(16), ...Buffer.alloc(8, 0), 1, 0, 0, 0, 0, 0, 0, 0, ...len(7, [...f64(0, 1.5).slice(1)])]);
    const unpacked = point([...i64(6, 0n), ...i64(6, 1n), ...f64(7, 1.5)]);
    assert.deepStrictEqual(packed, { bucketCounts: ['0', '1'], explicitBounds: [1.5] });
    assert.deepStrictEqual(unpacked, packed);
  });

  it('keeps the last value of a repeated scalar, merges repeated submessages, and lets the last oneof member win', () => {
    const s = firstSpan(traces([...len(5, 'first'), ...len(5, 'last'), ...len(15, len(2, 'm')), ...len(15, vfield(3, 2))]));
    assert.deepStrictEqual(s, { name: 'last', status: { message: 'm', code: 2 } });
    const metric = decodeMetricsProtobuf(bytes(len(1, len(2, len(2, [...len(5, len(1, f64(4, 1))), ...len(7, len(1, i64(6, 2n)))]))))).resourceMetrics![0]!.scopeMetrics![0]!.metrics![0];
    assert.deepStrictEqual(metric, { sum: { dataPoints: [{ asInt: '2' }] } });
    const point = decodeMetricsProtobuf(bytes(len(1, len(2, len(2, len(5, len(1, [...f64(4, 1), ...i64(6, 3n)]))))))).resourceMetrics![0]!.scopeMetrics![0]!.metrics![0]!.gauge!.dataPoints![0];
    assert.deepStrictEqual(point, { asInt: '3' });
  });

  it('reads int64 edges, NaN and infinities, empty strings and empty messages', () => {
    const kv = (k: string, v: number[]): number[] => len(9, [...len(1, k), ...len(2, v)]);
    const s = firstSpan(traces([
      ...kv('max', vfield(3, 2n ** 63n - 1n)), ...kv('min', vfield(3, -(2n ** 63n))), ...kv('nan', f64(4, NaN)), ...kv('inf', f64(4, -Infinity)),
      ...kv('empty', len(1, '')), ...kv('bytes', len(7, [])), ...kv('arr', len(5, [])), ...kv('kv', len(6, [])), ...kv('bool', vfield(2, 0)),
    ]));
    assert.deepStrictEqual(s.attributes.map((a: any) => a.value), [
      { intValue: '9223372036854775807' }, { intValue: '-9223372036854775808' }, { doubleValue: NaN }, { doubleValue: -Infinity },
      { stringValue: '' }, { bytesValue: '' }, { arrayValue: {} }, { kvlistValue: {} }, { boolValue: false },
    ]);
    assert.deepStrictEqual(decodeTracesProtobuf(new Uint8Array(0)), {});
    assert.deepStrictEqual(decodeTracesProtobuf(traces([])), { resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans: [{}] }] }] });
  });

  it('reads a fixed64 time of 2^64-1 and a uint64 bucket count exactly', () => {
    const s = firstSpan(traces(i64(8, 2n ** 64n - 1n)));
    assert.equal(s.endTimeUnixNano, '18446744073709551615');
  });

  it('throws DecodeError (with a path), never a crash, for every truncation of a valid body', () => {
    const body = encodeTracesProtobuf([span({ attributes: { a: 'x', n: [1, { k: 2.5 }] }, events: [{ name: 'e', timeSec: 1, timeNs: 2, attributes: { q: true }, droppedAttributesCount: 0 }] })]);
    let errors = 0;
    for (let n = 1; n < body.length; n++) {
      try {
        decodeTracesProtobuf(body.subarray(0, n));
      } catch (err) {
        assert.ok(err instanceof DecodeError, `prefix ${n}: ${String(err)}`);
        assert.ok(err.path.length > 0);
        errors++;
      }
    }
    assert.ok(errors > body.length / 2);
    const metricsBody = encodeMetricsProtobuf([{ resource: { attributes: {} }, scope: { name: 's' }, type: 'histogram', name: 'h', description: '', unit: '', temporality: 2, points: [{ attributes: {}, startSec: 1, startNs: 0, timeSec: 2, timeNs: 0, flags: 0, count: 1, sum: 1, min: 1, max: 1, bucketCounts: [0, 1], explicitBounds: [0] }] }]);
    for (let n = 1; n < metricsBody.length; n++) {
      try { decodeMetricsProtobuf(metricsBody.subarray(0, n)); } catch (err) { assert.ok(err instanceof DecodeError, String(err)); }
    }
  });

  it('names the path of the fault', () => {
    const bad = (b: Uint8Array, path: string, message: RegExp): void => {
      assert.throws(() => decodeTracesProtobuf(b), (e: unknown) => e instanceof DecodeError && e.path === path && message.test(e.message));
    };
    bad(traces(len(1, hex('abcd'))), 'resourceSpans[0].scopeSpans[0].spans[0].traceId', /invalid id length: 2 bytes, expected 16/);
    bad(traces(len(4, hex(TRACE_ID))), 'resourceSpans[0].scopeSpans[0].spans[0].parentSpanId', /expected 8/);
    bad(traces(vfield(5, 1)), 'resourceSpans[0].scopeSpans[0].spans[0].name', /wrong wire type 0/);
    bad(traces(i64(16, 1n)), 'resourceSpans[0].scopeSpans[0].spans[0].flags', /wrong wire type 1/);
    bad(traces(len(5, [0x61, 0xff])), 'resourceSpans[0].scopeSpans[0].spans[0].name', /not valid UTF-8/);
    bad(traces([...tag(13, 2), ...varint(50), 1]), 'resourceSpans[0].scopeSpans[0].spans[0].links', /truncated: length 50 exceeds the 1 bytes left/);
    bad(bytes([0x00]), '$', /invalid field tag/);
    bad(bytes([0x2f]), '$', /invalid wire type 7/);
    bad(bytes([0x0f]), 'resourceSpans', /wrong wire type 7/);
    bad(bytes(tag(3, 4)), '$', /unexpected end-group/);
    bad(bytes([...tag(3, 3), ...vfield(1, 1)]), '$', /group 3 has no end/);
    assert.throws(() => decodeTracesProtobuf('x' as unknown as Uint8Array), DecodeError);
  });

  it('rejects AnyValues nested deeper than 256 (like the JSON decoder) without overflowing the stack', () => {
    let v: number[] = len(1, 'leaf');
    for (let i = 0; i < 300; i++) v = len(5, len(1, v));
    assert.throws(() => firstSpan(traces(len(9, [...len(1, 'k'), ...len(2, v)]))), /nested deeper than 256/);
  });

  it('in partial mode leaves out faulty items, counts them, and reports their paths (as the JSON decoder does)', () => {
    const good = [...len(1, hex(TRACE_ID)), ...len(5, 'ok')];
    const body = traces(good, len(1, hex('ab')), good, len(5, [0xff]));
    const r = decodeProtobufRequest('traces', body, { partial: true });
    assert.equal(r.items, 2);
    assert.equal(r.rejected, 2);
    assert.deepEqual(r.errors.map((e) => e.path), ['resourceSpans[0].scopeSpans[0].spans[1].traceId', 'resourceSpans[0].scopeSpans[0].spans[3].name']);
    assert.throws(() => decodeProtobufRequest('traces', body), DecodeError);
  });

  it('in partial mode, a faulty metric rejects the data points it carried', () => {
    const points = [...len(1, f64(4, 1)), ...len(1, f64(4, 2)), ...len(1, f64(4, 3))];
    const body = bytes(len(1, len(2, [...len(2, [...len(1, [0xff]), ...len(5, points)]), ...len(2, [...len(1, 'ok'), ...len(5, len(1, f64(4, 1)))])])));
    const r = decodeProtobufRequest('metrics', body, { partial: true });
    assert.equal(r.rejected, 3);
    assert.equal(r.items, 1);
  });

  it('gives the same decoded request and item counts as the JSON decoder', () => {
    const spans = [span(), span({ name: 'b', attributes: { x: 1 } })];
    const json = decodeRequest('traces', JSON.stringify(decodeTracesProtobuf(encodeTracesProtobuf(spans))), { partial: true });
    const proto = decodeProtobufRequest('traces', encodeTracesProtobuf(spans), { partial: true });
    assert.deepStrictEqual(proto, json);
    assert.equal(decodeLogsProtobuf(new Uint8Array(0)).resourceLogs, undefined);
  });
});

describe('protobuf responses and google.rpc.Status', () => {
  it('decodes Export*ServiceResponse like decodeExportResponse decodes JSON', () => {
    assert.equal(decodeProtobufExportResponse('traces', new Uint8Array(0)), undefined);
    assert.equal(decodeProtobufExportResponse('traces', encodeExportResponseProtobuf('traces')), undefined);
    const partial = encodeExportResponseProtobuf('logs', { rejected: 7, errorMessage: 'bad records' });
    assert.deepEqual(decodeProtobufExportResponse('logs', partial), { rejected: 7, errorMessage: 'bad records' });
    assert.deepEqual(decodeProtobufResponse('logs', partial), { partialSuccess: { rejectedLogRecords: '7', errorMessage: 'bad records' } });
    assert.deepEqual(decodeProtobufExportResponse('metrics', encodeExportResponseProtobuf('metrics', { rejected: 0, errorMessage: '' })), decodeExportResponse('metrics', '{"partialSuccess":{}}'));
    assert.deepEqual(decodeProtobufExportResponse('traces', bytes(UNKNOWN, len(1, [...UNKNOWN, ...vfield(1, 2)]))), { rejected: 2, errorMessage: '' });
    assert.throws(() => decodeProtobufExportResponse('traces', bytes([0x0a, 0x05, 0x08])), DecodeError);
  });

  it('round-trips a Status with details, and finds a RetryInfo delay', () => {
    const detail: AnyMessage = { typeUrl: 'type.googleapis.com/google.rpc.BadRequest', value: new Uint8Array([1, 2, 3]) };
    const body = encodeRpcStatus({ code: 8, message: 'slow down ⏳', details: [detail, encodeRetryInfo(2500)] });
    const status = decodeRpcStatus(body);
    assert.equal(status.code, 8);
    assert.equal(status.message, 'slow down ⏳');
    assert.deepEqual(status.details[0], { typeUrl: detail.typeUrl, value: new Uint8Array([1, 2, 3]) });
    assert.equal(retryInfoDelayMs(status), 2500);
    assert.equal(retryInfoDelayMs(decodeRpcStatus(encodeRpcStatus({ code: 8, details: [encodeRetryInfo(0)] }))), 0);
    assert.equal(retryInfoDelayMs(decodeRpcStatus(encodeRpcStatus({ code: 8, message: 'x' }))), undefined);
    assert.deepEqual(decodeRpcStatus(new Uint8Array(0)), { code: 0, message: '', details: [] });
    assert.equal(decodeRpcStatus(bytes(UNKNOWN, vfield(1, -1))).code, -1);
  });

  it('reads a RetryInfo with a multi-second delay written by another encoder', () => {
    const duration = [...vfield(1, 3), ...vfield(2, 250_000_000)];
    const any: AnyMessage = { typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: new Uint8Array(len(1, duration)) };
    assert.equal(retryInfoDelayMs({ code: 8, message: '', details: [any] }), 3250);
    assert.equal(retryInfoDelayMs({ code: 8, message: '', details: [{ typeUrl: any.typeUrl, value: new Uint8Array([0x0a, 0x09]) }] }), undefined);
  });
});
