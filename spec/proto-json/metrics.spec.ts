import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AggregationTemporality, encodeMetrics, encodeMetricsToBytes, invalidHistogramCount,
  type ExponentialHistogramPointData, type HistogramPointData, type MetricData, type NumberPointData,
} from '../../proto-json/index.ts';
import { gauge, oneMetric, parseBody, resource, scope, SPAN_ID, TRACE_ID } from './records.ts';

const r = resource();
const sc = scope();
const rawMetric = (m: MetricData): any => parseBody(encodeMetrics([m])).resourceMetrics[0].scopeMetrics[0].metrics[0];
const base = { attributes: {}, startSec: 1_700_000_000, startNs: 0, timeSec: 1_700_000_010, timeNs: 5, flags: 0 };

function histogram(p: Partial<HistogramPointData>): MetricData {
  return {
    resource: r, scope: sc, type: 'histogram', name: 'h', description: '', unit: 'ms', temporality: AggregationTemporality.CUMULATIVE,
    points: [{ ...base, count: 2, sum: 3, min: 1, max: 2, bucketCounts: [1, 1], explicitBounds: [1.5], ...p }],
  };
}

function expHistogram(p: Partial<ExponentialHistogramPointData>): MetricData {
  return {
    resource: r, scope: sc, type: 'exponentialHistogram', name: 'e', description: '', unit: '', temporality: AggregationTemporality.DELTA,
    points: [{
      ...base, count: 3, sum: 10, min: 0, max: 5, scale: 0, zeroCount: 1, zeroThreshold: 0,
      positive: { offset: 1, bucketCounts: [0, 2] }, negative: { offset: 0, bucketCounts: [] }, ...p,
    }],
  };
}

describe('encodeMetrics: sums and gauges', () => {
  it('writes a monotonic cumulative sum with asInt as a decimal string, name/description/unit', () => {
    const m: MetricData = {
      resource: r, scope: sc, type: 'sum', name: 'requests', description: 'Requests "served"', unit: '{request}',
      temporality: AggregationTemporality.CUMULATIVE, isMonotonic: true,
      points: [{ ...base, attributes: { route: '/a' }, value: 7, isInt: true }],
    };
    assert.deepEqual(rawMetric(m), {
      name: 'requests', description: 'Requests "served"', unit: '{request}',
      sum: {
        dataPoints: [{ attributes: [{ key: 'route', value: { stringValue: '/a' } }], startTimeUnixNano: '1700000000000000000', timeUnixNano: '1700000010000000005', asInt: '7' }],
        aggregationTemporality: 2, isMonotonic: true,
      },
    });
  });

  it('always writes the value oneof, even 0, and writes doubles incl. NaN/Infinity', () => {
    assert.deepEqual(rawMetric(gauge([0], true)).gauge.dataPoints[0].asInt, '0');
    assert.deepEqual(rawMetric(gauge([0], false)).gauge.dataPoints[0].asDouble, 0);
    assert.deepEqual(rawMetric(gauge([NaN, Infinity, -Infinity, 0.5])).gauge.dataPoints.map((p: any) => p.asDouble), ['NaN', 'Infinity', '-Infinity', 0.5]);
  });

  it('writes an isInt point whose value is not an integer as asDouble; big integers exactly', () => {
    assert.deepEqual(rawMetric(gauge([1.5], true)).gauge.dataPoints[0], { timeUnixNano: '1700000000000000000', asDouble: 1.5 });
    assert.equal(rawMetric(gauge([2 ** 60], true)).gauge.dataPoints[0].asInt, '1152921504606846976');
  });

  it('omits isMonotonic=false, temporality UNSPECIFIED, flags 0, and writes flags when set', () => {
    const m: MetricData = {
      resource: r, scope: sc, type: 'sum', name: 'updown', description: '', unit: '', temporality: 0, isMonotonic: false,
      points: [{ ...base, value: -1, isInt: true, flags: 1 }],
    };
    assert.deepEqual(rawMetric(m).sum, { dataPoints: [{ startTimeUnixNano: '1700000000000000000', timeUnixNano: '1700000010000000005', asInt: '-1', flags: 1 }] });
  });

  it('uses pre-rendered attributesJson over attributes', () => {
    const p: NumberPointData = { ...base, attributes: { ignored: 1 }, attributesJson: '[{"key":"a","value":{"stringValue":"b"}}]', value: 1, isInt: true };
    const m = gauge([], true, { points: [p] } as Partial<MetricData>);
    assert.deepEqual(oneMetric(encodeMetrics([m])).gauge.dataPoints[0].attributes, [{ key: 'a', value: { stringValue: 'b' } }]);
    const empty = gauge([], true, { points: [{ ...p, attributesJson: '[]' }] } as Partial<MetricData>);
    assert.equal('attributes' in rawMetric(empty).gauge.dataPoints[0], false);
  });

  it('exempts metric point attributes from the count limit', () => {
    const attributes: Record<string, number> = {};
    for (let i = 0; i < 300; i++) attributes[`k${i}`] = i;
    const m = gauge([], true, { points: [{ ...base, attributes, value: 1, isInt: true }] } as Partial<MetricData>);
    assert.equal(oneMetric(encodeMetrics([m])).gauge.dataPoints[0].attributes.length, 300);
  });

  it('writes exemplars with asInt/asDouble, ids and filtered attributes', () => {
    const m = gauge([], false, {
      points: [{
        ...base, value: 1, isInt: false,
        exemplars: [
          { filteredAttributes: { user: 'u' }, timeSec: 1_700_000_001, timeNs: 0, value: 3, isInt: true, traceId: TRACE_ID, spanId: SPAN_ID },
          { filteredAttributes: {}, timeSec: 0, timeNs: 0, value: 0.5, isInt: false, traceId: '', spanId: 'bad' },
        ],
      }],
    } as Partial<MetricData>);
    assert.deepEqual(rawMetric(m).gauge.dataPoints[0].exemplars, [
      { filteredAttributes: [{ key: 'user', value: { stringValue: 'u' } }], timeUnixNano: '1700000001000000000', asInt: '3', spanId: SPAN_ID, traceId: TRACE_ID },
      { asDouble: 0.5 },
    ]);
  });
});

describe('encodeMetrics: histograms', () => {
  it('writes count and bucketCounts as strings, bounds as numbers, and sum/min/max', () => {
    assert.deepEqual(rawMetric(histogram({})).histogram, {
      dataPoints: [{
        startTimeUnixNano: '1700000000000000000', timeUnixNano: '1700000010000000005',
        count: '2', sum: 3, bucketCounts: ['1', '1'], explicitBounds: [1.5], min: 1, max: 2,
      }],
      aggregationTemporality: 2,
    });
  });

  it('writes optional sum, min and max whenever set, even 0, and omits them when undefined', () => {
    const zero = rawMetric(histogram({ count: 1, sum: 0, min: 0, max: 0, bucketCounts: [1, 0] })).histogram.dataPoints[0];
    assert.equal(zero.sum, 0);
    assert.equal(zero.min, 0);
    assert.equal(zero.max, 0);
    const unset = rawMetric(histogram({ sum: undefined, min: undefined, max: undefined })).histogram.dataPoints[0];
    assert.equal('sum' in unset || 'min' in unset || 'max' in unset, false);
  });

  it('writes bucketCounts with explicitBounds.length + 1 entries and strictly increasing bounds', () => {
    const bounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
    const counts = bounds.map(() => 0).concat([4]);
    const p = rawMetric(histogram({ count: 4, bucketCounts: counts, explicitBounds: bounds })).histogram.dataPoints[0];
    assert.equal(p.bucketCounts.length, p.explicitBounds.length + 1);
    for (let i = 1; i < p.explicitBounds.length; i++) assert.ok(p.explicitBounds[i] > p.explicitBounds[i - 1]);
  });

  it('never writes an invalid bucket layout: the point keeps count/sum/min/max, drops buckets, and is counted', () => {
    const before = invalidHistogramCount();
    const invalid: Partial<HistogramPointData>[] = [
      { bucketCounts: [2], explicitBounds: [1.5] }, // wrong length
      { bucketCounts: [1, 0, 1], explicitBounds: [2, 1] }, // decreasing
      { bucketCounts: [1, 0, 1], explicitBounds: [1, 1] }, // equal
      { bucketCounts: [1, 1], explicitBounds: [NaN] }, // not finite
      { bucketCounts: [1, 2], explicitBounds: [1.5] }, // sum 3 ≠ count 2
      { bucketCounts: [1.5, 0.5], explicitBounds: [1.5] }, // non-integer counts
    ];
    for (const p of invalid) {
      const out = rawMetric(histogram(p)).histogram.dataPoints[0];
      assert.deepEqual(out, { startTimeUnixNano: '1700000000000000000', timeUnixNano: '1700000010000000005', count: '2', sum: 3, min: 1, max: 2 }, JSON.stringify(p));
    }
    assert.equal(invalidHistogramCount() - before, invalid.length);
  });

  it('accepts a point without buckets (both empty) as valid and omits count 0', () => {
    const before = invalidHistogramCount();
    assert.deepEqual(rawMetric(histogram({ count: 0, sum: undefined, min: undefined, max: undefined, bucketCounts: [], explicitBounds: [] })).histogram.dataPoints[0], {
      startTimeUnixNano: '1700000000000000000', timeUnixNano: '1700000010000000005',
    });
    assert.deepEqual(rawMetric(histogram({ count: 2, bucketCounts: [2], explicitBounds: [] })).histogram.dataPoints[0].bucketCounts, ['2']);
    assert.equal(invalidHistogramCount(), before);
  });

  it('writes exponential histograms: scale, zeroCount as string, buckets, zeroThreshold; empty buckets omitted', () => {
    assert.deepEqual(rawMetric(expHistogram({})).exponentialHistogram, {
      dataPoints: [{
        startTimeUnixNano: '1700000000000000000', timeUnixNano: '1700000010000000005', count: '3', sum: 10, zeroCount: '1',
        positive: { offset: 1, bucketCounts: ['0', '2'] }, min: 0, max: 5,
      }],
      aggregationTemporality: 1,
    });
    const p = rawMetric(expHistogram({ scale: -3, zeroThreshold: 0.001, negative: { offset: -2, bucketCounts: [1] }, positive: { offset: 0, bucketCounts: [2] } })).exponentialHistogram.dataPoints[0];
    assert.equal(p.scale, -3);
    assert.equal(p.zeroThreshold, 0.001);
    assert.deepEqual(p.negative, { offset: -2, bucketCounts: ['1'] });
    assert.deepEqual(p.positive, { bucketCounts: ['2'] });
  });

  it('writes summaries with quantile values', () => {
    const m: MetricData = {
      resource: r, scope: sc, type: 'summary', name: 's', description: '', unit: '',
      points: [{ ...base, count: 4, sum: 10.5, quantileValues: [{ quantile: 0, value: 1 }, { quantile: 0.5, value: 2 }, { quantile: 1, value: 0 }] }],
    };
    assert.deepEqual(rawMetric(m).summary.dataPoints[0].quantileValues, [{ value: 1 }, { quantile: 0.5, value: 2 }, { quantile: 1 }]);
    assert.equal(rawMetric(m).summary.dataPoints[0].count, '4');
  });

  it('writes a metric with no points with its data key, and bytes equal to the string', () => {
    assert.deepEqual(rawMetric(gauge([])), { name: 'g', gauge: {} });
    const metrics = [histogram({}), expHistogram({}), gauge([1, 2.5]), gauge([3], true, { name: 'é😀' } as Partial<MetricData>)];
    assert.equal(Buffer.from(encodeMetricsToBytes(metrics)).toString('utf8'), encodeMetrics(metrics));
    assert.equal(encodeMetrics([]), '{}');
  });
});
