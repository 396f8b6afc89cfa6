// Metrics → ExportMetricsServiceRequest protobuf bytes. Same rules as the JSON encoder
// (../metrics.ts): as_int / as_double oneofs, optional sum/min/max written whenever set, histogram
// bucket layout validated (an invalid layout is written without buckets and counted), counts
// clamped to uint64, point attributes exempt from limits. Packed repeated fields for buckets.

import type {
  ExemplarData, ExponentialBucketsData, ExponentialHistogramPointData, HistogramPointData, MetricData, NumberPointData, PointBase,
  SummaryPointData,
} from '../model.ts';
import { NO_LIMITS } from '../attributes.ts';
import { checkHistogramLayout } from '../metrics.ts';
import { writeKeyValues } from './any-value.ts';
import { writeRequest } from './envelope.ts';
import { ProtoWriter, varintSize } from './writer.ts';

const TWO_32 = 4294967296;
const INT64_LIMIT = 9223372036854775808; // 2^63

/**
 * Encodes metrics as an OTLP protobuf `ExportMetricsServiceRequest`, grouped by resource then
 * scope object identity (like `encodeMetrics`, same data). A metric without points is still
 * written (an empty data message). Empty input → 0 bytes. Does not throw for any `AttributeValue`.
 */
export function encodeMetricsProtobuf(metrics: readonly MetricData[]): Uint8Array {
  let points = 0;
  for (const m of metrics) points += m.points.length;
  const w = new ProtoWriter(points * 96 + metrics.length * 64 + 256);
  writeRequest(w, metrics, writeMetric, 2, 200);
  return w.finish();
}

/** The fields of one Metric: name = 1, description = 2, unit = 3, then the data oneof. */
export function writeMetric(w: ProtoWriter, m: MetricData): void {
  if (m.name) { w.byte(0x0a); w.string(m.name); }
  if (m.description) { w.byte(0x12); w.string(m.description); }
  if (m.unit) { w.byte(0x1a); w.string(m.unit); }
  const reserve = varintSize(m.points.length * 96 + 16);
  let start: number;
  switch (m.type) {
    case 'sum': // Sum = 7 { data_points = 1, aggregation_temporality = 2, is_monotonic = 3 }
      w.byte(0x3a);
      start = w.fork(reserve);
      for (const p of m.points) point(w, p, writeNumberPoint);
      temporality(w, m.temporality);
      if (m.isMonotonic) { w.byte(0x18); w.byte(1); }
      break;
    case 'gauge': // Gauge = 5 { data_points = 1 }
      w.byte(0x2a);
      start = w.fork(reserve);
      for (const p of m.points) point(w, p, writeNumberPoint);
      break;
    case 'histogram': // Histogram = 9 { data_points = 1, aggregation_temporality = 2 }
      w.byte(0x4a);
      start = w.fork(reserve);
      for (const p of m.points) point(w, p, writeHistogramPoint);
      temporality(w, m.temporality);
      break;
    case 'exponentialHistogram': // ExponentialHistogram = 10 { data_points = 1, aggregation_temporality = 2 }
      w.byte(0x52);
      start = w.fork(reserve);
      for (const p of m.points) point(w, p, writeExponentialPoint);
      temporality(w, m.temporality);
      break;
    case 'summary': // Summary = 11 { data_points = 1 }
      w.byte(0x5a);
      start = w.fork(reserve);
      for (const p of m.points) point(w, p, writeSummaryPoint);
      break;
  }
  w.join(start, reserve);
}

function point<P>(w: ProtoWriter, p: P, write: (w: ProtoWriter, p: P) => void): void {
  w.byte(0x0a);
  const start = w.fork(1);
  write(w, p);
  w.join(start, 1);
}

function temporality(w: ProtoWriter, t: number): void {
  const v = t | 0;
  if (v !== 0) { w.byte(0x10); w.int32(v); }
}

// A non-negative count (fixed64 / uint64) as JSON `countText` reads it: non-integers truncated,
// negatives and NaN → 0, clamped to uint64. Sets `lo`/`hi`; returns false for 0.
let lo = 0;
let hi = 0;
function countWords(n: number): boolean {
  if (!(n >= 1)) { lo = 0; hi = 0; return false; }
  if (n >= 18446744073709551615) { lo = 0xffffffff; hi = 0xffffffff; return true; }
  const t = Math.trunc(n);
  lo = t >>> 0;
  hi = Math.floor(t / TWO_32) >>> 0;
  return true;
}

// asInt (sfixed64, clamped to int64) when declared int and integral, else asDouble.
function numberValue(w: ProtoWriter, value: number, isInt: boolean, intTag: number, doubleTag: number): void {
  if (isInt && Number.isInteger(value)) {
    w.byte(intTag);
    if (value >= INT64_LIMIT) w.fixed64(0xffffffff, 0x7fffffff);
    else if (value < -INT64_LIMIT) w.fixed64(0, 0x80000000);
    else w.fixed64Int(value);
  } else {
    w.byte(doubleTag);
    w.double(value);
  }
}

// The fields every point shares, written under the point's own field numbers.
function times(w: ProtoWriter, p: PointBase): void {
  w.time(0x11, p.startSec, p.startNs); // start_time_unix_nano = 2 (I64)
  w.time(0x19, p.timeSec, p.timeNs); // time_unix_nano = 3 (I64)
}

function exemplars(w: ProtoWriter, p: PointBase, tag: number): void {
  const ex = p.exemplars;
  if (ex === undefined) return;
  for (let i = 0; i < ex.length; i++) {
    w.byte(tag);
    const start = w.fork(1);
    writeExemplar(w, ex[i]!);
    w.join(start, 1);
  }
}

function flags(w: ProtoWriter, p: PointBase, tag: number): void {
  const f = p.flags >>> 0;
  if (f !== 0) { w.byte(tag); w.varint32(f); }
}

// Hot path: NumberDataPoint { start = 2, time = 3, as_double = 4 | as_int = 6, exemplars = 5,
// attributes = 7, flags = 8 }.
function writeNumberPoint(w: ProtoWriter, p: NumberPointData): void {
  times(w, p);
  numberValue(w, p.value, p.isInt, 0x31, 0x21);
  exemplars(w, p, 0x2a);
  writeKeyValues(w, 0x3a, p.attributes, NO_LIMITS);
  flags(w, p, 0x40);
}

// HistogramDataPoint { start = 2, time = 3, count = 4, sum = 5, bucket_counts = 6 (packed
// fixed64), explicit_bounds = 7 (packed double), exemplars = 8, attributes = 9, flags = 10,
// min = 11, max = 12 }.
function writeHistogramPoint(w: ProtoWriter, p: HistogramPointData): void {
  times(w, p);
  if (p.count !== 0 && countWords(p.count)) { w.byte(0x21); w.fixed64(lo, hi); }
  if (p.sum !== undefined) { w.byte(0x29); w.double(p.sum); }
  const counts = p.bucketCounts;
  const bounds = p.explicitBounds;
  if ((counts.length > 0 || bounds.length > 0) && checkHistogramLayout(p.count, counts, bounds)) {
    w.byte(0x32);
    w.varint32(counts.length * 8);
    for (let i = 0; i < counts.length; i++) { countWords(counts[i]!); w.fixed64(lo, hi); }
    if (bounds.length > 0) {
      w.byte(0x3a);
      w.varint32(bounds.length * 8);
      for (let i = 0; i < bounds.length; i++) w.double(bounds[i]!);
    }
  }
  exemplars(w, p, 0x42);
  writeKeyValues(w, 0x4a, p.attributes, NO_LIMITS);
  flags(w, p, 0x50);
  if (p.min !== undefined) { w.byte(0x59); w.double(p.min); }
  if (p.max !== undefined) { w.byte(0x61); w.double(p.max); }
}

// ExponentialHistogramDataPoint { attributes = 1, start = 2, time = 3, count = 4, sum = 5,
// scale = 6 (sint32), zero_count = 7, positive = 8, negative = 9, flags = 10, exemplars = 11,
// min = 12, max = 13, zero_threshold = 14 }.
function writeExponentialPoint(w: ProtoWriter, p: ExponentialHistogramPointData): void {
  writeKeyValues(w, 0x0a, p.attributes, NO_LIMITS);
  times(w, p);
  if (p.count !== 0 && countWords(p.count)) { w.byte(0x21); w.fixed64(lo, hi); }
  if (p.sum !== undefined) { w.byte(0x29); w.double(p.sum); }
  const scale = p.scale | 0;
  if (scale !== 0) { w.byte(0x30); w.sint32(scale); }
  if (p.zeroCount !== 0 && countWords(p.zeroCount)) { w.byte(0x39); w.fixed64(lo, hi); }
  buckets(w, 0x42, p.positive);
  buckets(w, 0x4a, p.negative);
  flags(w, p, 0x50);
  exemplars(w, p, 0x5a);
  if (p.min !== undefined) { w.byte(0x61); w.double(p.min); }
  if (p.max !== undefined) { w.byte(0x69); w.double(p.max); }
  if (p.zeroThreshold !== 0 && p.zeroThreshold !== undefined) { w.byte(0x71); w.double(p.zeroThreshold); }
}

// Buckets { offset = 1 (sint32), bucket_counts = 2 (packed uint64) }; omitted when both default.
function buckets(w: ProtoWriter, tag: number, b: ExponentialBucketsData | undefined): void {
  if (b === undefined) return;
  const offset = b.offset | 0;
  const counts = b.bucketCounts;
  if (offset === 0 && counts.length === 0) return;
  w.byte(tag);
  const start = w.fork(1);
  if (offset !== 0) { w.byte(0x08); w.sint32(offset); }
  if (counts.length > 0) {
    w.byte(0x12);
    const packed = w.fork(1);
    for (let i = 0; i < counts.length; i++) { countWords(counts[i]!); w.varint64(lo, hi); }
    w.join(packed, 1);
  }
  w.join(start, 1);
}

// SummaryDataPoint { start = 2, time = 3, count = 4, sum = 5, quantile_values = 6, attributes = 7,
// flags = 8 }; ValueAtQuantile { quantile = 1, value = 2 } (doubles, 0 omitted).
function writeSummaryPoint(w: ProtoWriter, p: SummaryPointData): void {
  times(w, p);
  if (p.count !== 0 && countWords(p.count)) { w.byte(0x21); w.fixed64(lo, hi); }
  if (p.sum !== 0) { w.byte(0x29); w.double(p.sum); }
  const q = p.quantileValues;
  for (let i = 0; i < q.length; i++) {
    const { quantile, value } = q[i]!;
    w.byte(0x32);
    const start = w.fork(1);
    if (quantile !== 0) { w.byte(0x09); w.double(quantile); }
    if (value !== 0) { w.byte(0x11); w.double(value); }
    w.join(start, 1);
  }
  // SummaryDataPoint has no exemplars field: any exemplars on the record are not sent.
  writeKeyValues(w, 0x3a, p.attributes, NO_LIMITS);
  flags(w, p, 0x40);
}

// Exemplar { time = 2 (I64), as_double = 3 | as_int = 6, span_id = 4, trace_id = 5,
// filtered_attributes = 7 }.
function writeExemplar(w: ProtoWriter, e: ExemplarData): void {
  w.time(0x11, e.timeSec, e.timeNs);
  numberValue(w, e.value, e.isInt, 0x31, 0x19);
  if (e.spanId) w.id(0x22, e.spanId, 8);
  if (e.traceId) w.id(0x2a, e.traceId, 16);
  writeKeyValues(w, 0x3a, e.filteredAttributes, NO_LIMITS);
}
