// The protobuf encoders carry exactly the data of the JSON encoders (both decoded and compared),
// and lay it out on the wire as the proto says (checked with an independent field lister).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  coercedValueCount, invalidHistogramCount, markerCount, type AttributeValue, type ExponentialHistogramPointData, type HistogramPointData,
  type MetricData, type PointBase, type SummaryPointData,
} from '../../../proto-json/index.ts';
import { encodeLogsProtobuf, encodeMetricsProtobuf, encodeTracesProtobuf, decodeTracesProtobuf } from '../../../proto-json/protobuf/index.ts';
import { logRecord, PARENT_ID, resource, scope, span, SPAN_ID, TRACE_ID } from '../records.ts';
import { field, firstSpanBytes, le64, rawFields, sameLogs, sameMetrics, sameTraces } from './support.ts';

const T = { startSec: 1_700_000_000, startNs: 1, timeSec: 1_700_000_001, timeNs: 999_999_999 };

function base(over: Partial<PointBase> = {}): PointBase {
  return { attributes: { host: 'h' }, ...T, flags: 0, ...over };
}

const metricResource = resource({ 'service.name': 'metrics' });
const metricScope = scope('meter', '1');

function metric(m: Partial<MetricData> & Pick<MetricData, 'type' | 'points'>): MetricData {
  return { resource: metricResource, scope: metricScope, name: 'm', description: 'd', unit: 'ms', ...m } as MetricData;
}

function histPoint(over: Partial<HistogramPointData> = {}): HistogramPointData {
  return { ...base(), count: 3, sum: 6, min: 1, max: 3, bucketCounts: [1, 2, 0], explicitBounds: [1, 5], ...over };
}

function expPoint(over: Partial<ExponentialHistogramPointData> = {}): ExponentialHistogramPointData {
  return {
    ...base(), count: 6, sum: 10.5, min: -4, max: 100, scale: -3, zeroCount: 1, zeroThreshold: 0,
    positive: { offset: -2, bucketCounts: [1, 0, 3] }, negative: { offset: 5, bucketCounts: [1] }, ...over,
  };
}

describe('protobuf and JSON encoders carry the same spans', () => {
  it('a span with every field set', () => {
    sameTraces([span({
      parentSpanId: PARENT_ID, traceState: 'a=1,b=2', flags: 0x301, name: 'GET /x', kind: 3,
      startSec: 1_700_000_000, startNs: 123_456_789, endSec: 1_700_000_001, endNs: 5,
      attributes: { s: 's', i: 7, d: 1.5, b: true }, droppedAttributesCount: 2,
      events: [{ name: 'e', timeSec: 1_700_000_000, timeNs: 5, attributes: { k: 'v' }, droppedAttributesCount: 1 }, { name: '', timeSec: 0, timeNs: 0, attributes: {}, droppedAttributesCount: 0 }],
      droppedEventsCount: 3,
      links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceState: 'x=y', attributes: { l: 1 }, droppedAttributesCount: 4, flags: 0x101 }],
      droppedLinksCount: 5, statusCode: 2, statusMessage: 'boom',
    })]);
  });

  it('invalid, zero, empty and upper-case ids (omitted / lowered), roots without parent, empty status', () => {
    const out = sameTraces([
      span({ traceId: 'XYZ', spanId: '0000000000000000', parentSpanId: 'short' }),
      span({ traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID.toUpperCase(), parentSpanId: '' }),
      span({ traceId: '', spanId: '', links: [{ traceId: 'nothex'.padEnd(32, 'z'), spanId: '', traceState: '', attributes: {}, droppedAttributesCount: 0, flags: 0 }] }),
      span({ statusCode: 0, statusMessage: '' }), span({ statusCode: 1 }), span({ statusMessage: 'only a message' }),
      span({ spanId: '\u0161'.repeat(16), traceId: 'A'.repeat(31) + 'g', parentSpanId: '0'.repeat(15) + 'F' }), span({ traceId: 42 as unknown as string }),
    ]);
    const spans = out.resourceSpans[0].scopeSpans[0].spans;
    assert.equal(spans[0].traceId, undefined);
    assert.equal(spans[0].spanId, undefined);
    assert.equal(spans[0].parentSpanId, undefined);
    assert.equal(spans[1].traceId, TRACE_ID);
    assert.equal(spans[3].status, undefined);
  });

  it('unset, zero-second, negative, fractional and uint64-edge times', () => {
    sameTraces([
      span({ startSec: 0, startNs: 0, endSec: 0, endNs: 5 }),
      span({ startSec: -1, startNs: 0, endSec: 1, endNs: -1 }),
      span({ startSec: 18_446_744_072, startNs: 999_999_999, endSec: 18_446_744_073, endNs: 709_551_615 }),
      span({ startSec: 1.5, startNs: 0.5, endSec: 2, endNs: 1.5 }),
    ]);
  });

  it('omits a time beyond uint64 nanoseconds', () => {
    // (the JSON encoder currently prints these as decimals above 2^64-1, which its own decoder rejects)
    const s = decodeTracesProtobuf(encodeTracesProtobuf([span({ startSec: 99_999_999_999, startNs: 0, endSec: 18_446_744_073, endNs: 709_551_616 })]))
      .resourceSpans![0]!.scopeSpans![0]!.spans![0]!;
    assert.equal(s.startTimeUnixNano, undefined);
    assert.equal(s.endTimeUnixNano, undefined);
  });

  it('groups by resource then scope identity like the JSON encoder, with schema URLs and scope attributes', () => {
    const r1 = { attributes: { 'service.name': 'a', nul: null }, schemaUrl: 'https://r', droppedAttributesCount: 2 };
    const r2 = resource({ 'service.name': 'b' });
    const s1 = { name: 'one', version: '1', schemaUrl: 'https://s', attributes: { x: 1, gone: undefined }, droppedAttributesCount: 1 };
    const s2 = { name: '' };
    const out = sameTraces([
      span({ resource: r1, scope: s1, name: '1' }), span({ resource: r2, scope: s1, name: '2' }), span({ resource: r1, scope: s2, name: '3' }),
      span({ resource: r1, scope: s1, name: '4' }),
    ]);
    assert.equal(out.resourceSpans.length, 2);
    assert.deepEqual(out.resourceSpans[0].resource, { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }], droppedAttributesCount: 3 });
    assert.deepEqual(out.resourceSpans[0].scopeSpans[1].scope, {});
  });

  it('encodes no spans as the empty request (0 bytes)', () => {
    assert.equal(encodeTracesProtobuf([]).length, 0);
    assert.deepEqual(sameTraces([]), {});
  });
});

describe('protobuf and JSON encoders carry the same attribute values', () => {
  const cyclic: Record<string, AttributeValue> = { a: 1 };
  (cyclic as Record<string, unknown>).self = cyclic;
  let deep: AttributeValue = 'leaf';
  for (let i = 0; i < 70; i++) deep = [deep];
  const values: Record<string, AttributeValue> = {
    str: 'x', empty: '', t: true, f: false, int: 200, negInt: -7, zero: 0, negZero: -0, dbl: 0.5, nan: NaN, inf: Infinity, ninf: -Infinity,
    big: 2 ** 60, maxSafe: Number.MAX_SAFE_INTEGER, minSafe: Number.MIN_SAFE_INTEGER,
    bigMax: 2n ** 63n - 1n, bigMin: -(2n ** 63n), bigOver: 2n ** 63n, bigUnder: -(2n ** 63n) - 1n, bigZero: 0n,
    bytes: new Uint8Array([0, 1, 254, 255]), noBytes: new Uint8Array(0), buf: Buffer.from('hi'),
    arr: ['a', 1, 2.5, true, null, undefined, ['nested']], emptyArr: [], obj: { k: 'v', n: { m: [1, { z: null }] } }, emptyObj: {},
    map: new Map<unknown, AttributeValue>([['k', 1], [2, 'two']]) as unknown as AttributeValue, set: new Set([1, 'x']) as unknown as AttributeValue,
    typed: new Float64Array([1.5, NaN]) as unknown as AttributeValue, bigs: new BigInt64Array([1n, -1n]) as unknown as AttributeValue,
    date: new Date(0) as unknown as AttributeValue, badDate: new Date(NaN) as unknown as AttributeValue,
    cyclic, deep, wide: Array.from({ length: 70_000 }, (_, i) => i),
    hostile: 'quote " \\ \n \u0000 \u2028 😀 lone \ud800 end \udc00', [('key \ud83d')]: 'lone-surrogate key', '': 'empty key',
    nul: null, undef: undefined, fn: (() => 1) as unknown as AttributeValue,
  };

  it('every kind of value, with the same coercion and marker counts', () => {
    const coerced = coercedValueCount();
    const markers = markerCount();
    sameTraces([span({ attributes: values })], { countLimit: 1000 });
    // JSON and protobuf each counted the same events once
    assert.equal((coercedValueCount() - coerced) % 2, 0);
    assert.equal(coercedValueCount() - coerced, 4);
    assert.equal(markerCount() - markers, 2 * 3);
  });

  it('the count limit keeps the first attributes and counts the rest as dropped', () => {
    const out = sameTraces([span({ attributes: { a: 1, n: null, b: 2, c: 3, d: 4 }, droppedAttributesCount: 1 })], { countLimit: 2 });
    assert.equal(out.resourceSpans[0].scopeSpans[0].spans[0].droppedAttributesCount, 1 + 1 + 2);
  });

  it('the value-length limit cuts strings (never inside a surrogate pair) and bytes, recursively', () => {
    sameTraces([span({ attributes: { s: 'abcdef', e: 'ab😀cd', b: new Uint8Array([1, 2, 3, 4]), arr: ['abcdef', { k: 'abcdef' }] } })], { valueLengthLimit: 3 });
    sameTraces([span({ attributes: { s: 'abc' } })], { valueLengthLimit: 0 });
  });

  it('log bodies of every kind (no limits on the body)', () => {
    for (const body of Object.values(values)) sameLogs([logRecord({ body })], { valueLengthLimit: 2 });
  });
});

describe('protobuf and JSON encoders carry the same log records', () => {
  it('records with and without times, ids, severity, event names and flags', () => {
    sameLogs([
      logRecord({ traceId: TRACE_ID, spanId: SPAN_ID, flags: 1, eventName: 'ev', attributes: { a: 'b' }, droppedAttributesCount: 2 }),
      logRecord({ timeSec: 0, timeNs: 0, observedSec: 0, observedNs: 0, severityNumber: 0, severityText: '', body: undefined }),
      logRecord({ traceId: 'bad', spanId: 'F'.repeat(16), severityNumber: -1 }),
    ]);
  });
});

describe('protobuf and JSON encoders carry the same metrics', () => {
  it('sums and gauges with int and double values, flags and exemplars', () => {
    sameMetrics([
      metric({ type: 'sum', temporality: 1, isMonotonic: true, points: [
        { ...base({ flags: 1 }), value: 5, isInt: true },
        { ...base({ exemplars: [
          { filteredAttributes: { u: 'x' }, ...T, value: 3, isInt: true, traceId: TRACE_ID, spanId: SPAN_ID },
          { filteredAttributes: {}, timeSec: 0, timeNs: 0, value: 0.25, isInt: false, traceId: '', spanId: 'bad' },
        ] }), value: 2.5, isInt: true },
      ] }),
      metric({ type: 'sum', temporality: 2, isMonotonic: false, points: [{ ...base(), value: -3, isInt: true }] }),
      metric({ type: 'gauge', points: [{ ...base(), value: NaN, isInt: false }, { ...base(), value: -0, isInt: false }, { ...base(), value: -0, isInt: true }, { ...base(), value: -Infinity, isInt: false }] }),
      metric({ type: 'gauge', name: '', description: '', unit: '', points: [] }),
    ]);
  });

  it('int64 edges of asInt: clamped to int64, exact beyond 2^53', () => {
    const out = sameMetrics([metric({ type: 'gauge', points: [2 ** 63, -(2 ** 63), -(2 ** 64), 2 ** 60, Number.MAX_SAFE_INTEGER, -1].map((value) => ({ ...base(), value, isInt: true })) })]);
    const values = out.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints.map((p: any) => p.asInt);
    assert.deepEqual(values, ['9223372036854775807', '-9223372036854775808', '-9223372036854775808', '1152921504606846976', '9007199254740991', '-1']);
  });

  it('explicit histograms: optional sum/min/max, invalid layouts written without buckets and counted', () => {
    const before = invalidHistogramCount();
    sameMetrics([metric({ type: 'histogram', temporality: 2, points: [
      histPoint(), histPoint({ sum: undefined, min: undefined, max: undefined }), histPoint({ sum: 0, min: 0, max: 0, count: 0, bucketCounts: [0, 0, 0] }),
      histPoint({ bucketCounts: [1, 1], explicitBounds: [1, 5] }), histPoint({ explicitBounds: [5, 1] }), histPoint({ count: 99 }),
      histPoint({ bucketCounts: [], explicitBounds: [] }), histPoint({ count: 3, bucketCounts: [3], explicitBounds: [] }),
      histPoint({ count: 2 ** 60, bucketCounts: [], explicitBounds: [], sum: NaN, min: -Infinity, max: Infinity }),
      histPoint({ count: 1e30, bucketCounts: [], explicitBounds: [] }), histPoint({ count: -5, bucketCounts: [], explicitBounds: [] }),
    ] })]);
    assert.equal(invalidHistogramCount() - before, 2 * 3); // each encoder counted the 3 invalid layouts
  });

  it('exponential histograms: zig-zag scale and offsets, empty buckets omitted, zero threshold', () => {
    sameMetrics([metric({ type: 'exponentialHistogram', temporality: 1, points: [
      expPoint(), expPoint({ scale: 0, zeroCount: 0, positive: { offset: 0, bucketCounts: [] }, negative: { offset: 0, bucketCounts: [] } }),
      expPoint({ positive: { offset: 3, bucketCounts: [] }, negative: { offset: 0, bucketCounts: [2 ** 40] }, zeroThreshold: 0.001, scale: 20 }),
    ] })]);
  });

  it('summaries with quantiles', () => {
    const p: SummaryPointData = { ...base(), count: 10, sum: 55, quantileValues: [{ quantile: 0, value: 1 }, { quantile: 0.5, value: 5 }, { quantile: 1, value: 0 }] };
    sameMetrics([metric({ type: 'summary', points: [p, { ...p, count: 0, sum: 0, quantileValues: [] }] })]);
  });
});

describe('protobuf wire layout', () => {
  it('writes ids as raw bytes, times as fixed64, flags as fixed32, in field-number order', () => {
    const bytes = firstSpanBytes(encodeTracesProtobuf([span({ parentSpanId: PARENT_ID, flags: 0x301, startSec: 1_700_000_000, startNs: 123_456_789, kind: 2 })]));
    const fields = rawFields(bytes);
    assert.deepEqual(fields.map((f) => f.no), [...fields.map((f) => f.no)].sort((a, b) => a - b));
    assert.deepEqual(Buffer.from(field(bytes, 1) as Uint8Array).toString('hex'), TRACE_ID);
    assert.deepEqual(Buffer.from(field(bytes, 2) as Uint8Array).toString('hex'), SPAN_ID);
    assert.deepEqual(Buffer.from(field(bytes, 4) as Uint8Array).toString('hex'), PARENT_ID);
    assert.equal(field(bytes, 6), 2n);
    const start = fields.find((f) => f.no === 7)!;
    assert.equal(start.wire, 1);
    assert.equal(le64(start.value as Uint8Array), 1_700_000_000_123_456_789n);
    const flags = fields.find((f) => f.no === 16)!;
    assert.equal(flags.wire, 5);
    assert.equal(Buffer.from(flags.value as Uint8Array).readUInt32LE(0), 0x301);
  });

  it('packs histogram bucket counts (fixed64) and bounds (double), and zig-zags the exponential scale', () => {
    const body = encodeMetricsProtobuf([
      metric({ type: 'histogram', temporality: 2, points: [histPoint()] }),
      metric({ type: 'exponentialHistogram', temporality: 2, points: [expPoint()] }),
    ]);
    const sm = rawFields(field(field(body, 1) as Uint8Array, 2) as Uint8Array).filter((f) => f.no === 2).map((f) => f.value as Uint8Array);
    const hp = field(field(sm[0]!, 9) as Uint8Array, 1) as Uint8Array;
    const counts = rawFields(hp).find((f) => f.no === 6)!;
    assert.equal(counts.wire, 2);
    assert.equal((counts.value as Uint8Array).length, 3 * 8);
    const bounds = rawFields(hp).find((f) => f.no === 7)!;
    assert.deepEqual([0, 8].map((o) => Buffer.from(bounds.value as Uint8Array).readDoubleLE(o)), [1, 5]);
    const ep = field(field(sm[1]!, 10) as Uint8Array, 1) as Uint8Array;
    assert.equal(field(ep, 6), 5n); // zig-zag(-3)
    assert.equal(field(field(ep, 8) as Uint8Array, 1), 3n); // zig-zag(-2)
  });

  it('writes asInt as sfixed64 (two\'s complement) and asDouble as a double', () => {
    const body = encodeMetricsProtobuf([metric({ type: 'gauge', points: [{ ...base(), value: -2, isInt: true }] })]);
    const point = field(field(field(field(field(body, 1) as Uint8Array, 2) as Uint8Array, 2) as Uint8Array, 5) as Uint8Array, 1) as Uint8Array;
    const asInt = rawFields(point).find((f) => f.no === 6)!;
    assert.equal(asInt.wire, 1);
    assert.equal(Buffer.from(asInt.value as Uint8Array).readBigInt64LE(0), -2n);
  });

  it('decodes what it encodes for a large batch spanning multi-byte lengths', () => {
    const spans = Array.from({ length: 3000 }, (_, i) => span({ name: 'x'.repeat(i % 300), attributes: { i, s: 'y'.repeat(i % 200) } }));
    const out = decodeTracesProtobuf(encodeTracesProtobuf(spans));
    assert.equal(out.resourceSpans![0]!.scopeSpans![0]!.spans!.length, 3000);
    assert.equal(out.resourceSpans![0]!.scopeSpans![0]!.spans![299]!.name, 'x'.repeat(299));
    assert.equal(encodeLogsProtobuf([]).length, 0);
    assert.equal(encodeMetricsProtobuf([]).length, 0);
  });
});
