// Metrics → ExportMetricsServiceRequest JSON (string or UTF-8 bytes). Owns the Metric and data
// point rules: asInt/asDouble oneofs, int64 counts as strings, histogram optional sum/min/max
// emitted whenever set, histogram bucket layout validated (an invalid layout is never emitted).
// Metric point attributes are exempt from the attribute limits.

import type {
  ExemplarData, ExponentialBucketsData, ExponentialHistogramPointData, HistogramPointData, MetricData,
  NumberPointData, PointBase, SummaryPointData,
} from './model.ts';
import { keyValues, NO_LIMITS } from './attributes.ts';
import { BytesOut, writeEnvelope, type EnvelopeKeys } from './envelope.ts';
import { countText, doubleText, int64Text, nanosText, quote, spanIdOrEmpty, traceIdOrEmpty } from './json.ts';

const KEYS: EnvelopeKeys = { open: '{"resourceMetrics":[', scopes: ',"scopeMetrics":[', items: ',"metrics":[' };

let invalidHistograms = 0;

/**
 * Histogram points whose bucket layout was invalid since process start (never reset):
 * `bucketCounts.length !== explicitBounds.length + 1`, bounds not finite and strictly increasing,
 * or bucket counts not summing to `count`. Such a point is written WITHOUT `bucketCounts` and
 * `explicitBounds` (count, sum, min, max kept): valid OTLP, and no made-up distribution.
 */
export function invalidHistogramCount(): number { return invalidHistograms; }

/**
 * Encodes metrics as an OTLP/JSON `ExportMetricsServiceRequest` string, grouped by resource then
 * scope object identity. Metric points without data are still written (an empty point list).
 * Does not throw for any `AttributeValue`; a throwing getter or iterator in a user value propagates.
 */
export function encodeMetrics(metrics: readonly MetricData[]): string {
  const out = new BytesOut(sizeFor(metrics));
  write(out, metrics);
  return out.finishText();
}

/** `encodeMetrics` as UTF-8 bytes, written metric by metric into one Buffer. */
export function encodeMetricsToBytes(metrics: readonly MetricData[]): Uint8Array {
  const out = new BytesOut(sizeFor(metrics));
  write(out, metrics);
  return out.finish();
}

// A rough first size; the buffer doubles when it is short.
function sizeFor(metrics: readonly MetricData[]): number {
  let points = 0;
  for (const m of metrics) points += m.points.length;
  return points * 256 + metrics.length * 128 + 512;
}

function write(out: BytesOut, metrics: readonly MetricData[]): void {
  writeEnvelope(out, metrics, KEYS, renderMetric);
}

function sep(o: string): string {
  return o.length === 1 ? '' : ',';
}

/** One metric → its `Metric` object text (name, description, unit, then the data oneof). */
export function renderMetric(m: MetricData): string {
  let o = m.name ? '{"name":' + quote(m.name) : '{';
  if (m.description) o += sep(o) + '"description":' + quote(m.description);
  if (m.unit) o += sep(o) + '"unit":' + quote(m.unit);
  o += sep(o);
  switch (m.type) {
    case 'sum':
      o += '"sum":{' + points(m.points, renderNumberPoint) + temporality(m.temporality);
      if (m.isMonotonic) o += ',"isMonotonic":true';
      break;
    case 'gauge':
      o += '"gauge":{' + points(m.points, renderNumberPoint);
      break;
    case 'histogram':
      o += '"histogram":{' + points(m.points, renderHistogramPoint) + temporality(m.temporality);
      break;
    case 'exponentialHistogram':
      o += '"exponentialHistogram":{' + points(m.points, renderExponentialPoint) + temporality(m.temporality);
      break;
    case 'summary':
      o += '"summary":{' + points(m.points, renderSummaryPoint);
      break;
  }
  return o + '}}';
}

// `"dataPoints":[…]` or '' when there are none; always the first key of the data object.
function points<P>(list: readonly P[], render: (p: P) => string): string {
  if (list.length === 0) return '';
  let o = '"dataPoints":[';
  for (let i = 0; i < list.length; i++) o += (i === 0 ? '' : ',') + render(list[i]!);
  return o + ']';
}

function temporality(t: number): string {
  const v = t | 0;
  return v === 0 ? '' : ',"aggregationTemporality":' + v;
}

// Hot path: the fields every point shares: attributes (pre-rendered text wins), start and time.
function pointHead(p: PointBase): string {
  let o = '{';
  const attrs = p.attributesJson !== undefined ? (p.attributesJson === '[]' ? '' : p.attributesJson) : keyValues(p.attributes, NO_LIMITS);
  if (attrs !== '') o += '"attributes":' + attrs;
  const start = nanosText(p.startSec, p.startNs);
  if (start !== '') o += sep(o) + '"startTimeUnixNano":"' + start + '"';
  const time = nanosText(p.timeSec, p.timeNs);
  if (time !== '') o += sep(o) + '"timeUnixNano":"' + time + '"';
  return o;
}

// The shared tail: exemplars and flags (the caller closes the object).
function exemplarsAndFlags(o: string, p: PointBase): string {
  const ex = p.exemplars;
  if (ex !== undefined && ex.length > 0) {
    o += sep(o) + '"exemplars":[';
    for (let i = 0; i < ex.length; i++) o += (i === 0 ? '' : ',') + renderExemplar(ex[i]!);
    o += ']';
  }
  const flags = p.flags >>> 0;
  if (flags !== 0) o += sep(o) + '"flags":' + flags;
  return o;
}

// asInt when the value is declared and is an integer, else asDouble (oneof: always written).
function numberValue(value: number, isInt: boolean): string {
  return isInt && Number.isInteger(value) ? '"asInt":"' + int64Text(value) + '"' : '"asDouble":' + doubleText(value);
}

function renderNumberPoint(p: NumberPointData): string {
  const o = pointHead(p);
  return exemplarsAndFlags(o + sep(o) + numberValue(p.value, p.isInt), p) + '}';
}

function renderHistogramPoint(p: HistogramPointData): string {
  let o = pointHead(p);
  if (p.count !== 0) o += sep(o) + '"count":"' + countText(p.count) + '"';
  if (p.sum !== undefined) o += sep(o) + '"sum":' + doubleText(p.sum);
  const counts = p.bucketCounts;
  const bounds = p.explicitBounds;
  if (counts.length > 0 || bounds.length > 0) {
    if (validLayout(p.count, counts, bounds)) {
      o += sep(o) + '"bucketCounts":' + countList(counts);
      if (bounds.length > 0) o += ',"explicitBounds":' + doubleList(bounds);
    } else {
      invalidHistograms++;
    }
  }
  o = exemplarsAndFlags(o, p);
  if (p.min !== undefined) o += sep(o) + '"min":' + doubleText(p.min);
  if (p.max !== undefined) o += sep(o) + '"max":' + doubleText(p.max);
  return o + '}';
}

function validLayout(count: number, counts: readonly number[], bounds: readonly number[]): boolean {
  if (counts.length !== bounds.length + 1) return false;
  for (let i = 0; i < bounds.length; i++) {
    const b = bounds[i]!;
    if (!Number.isFinite(b) || (i > 0 && !(b > bounds[i - 1]!))) return false;
  }
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!(c >= 0) || !Number.isSafeInteger(c)) return false;
    total += c;
  }
  return total === count;
}

function renderExponentialPoint(p: ExponentialHistogramPointData): string {
  let o = pointHead(p);
  if (p.count !== 0) o += sep(o) + '"count":"' + countText(p.count) + '"';
  if (p.sum !== undefined) o += sep(o) + '"sum":' + doubleText(p.sum);
  const scale = p.scale | 0;
  if (scale !== 0) o += sep(o) + '"scale":' + scale;
  if (p.zeroCount !== 0) o += sep(o) + '"zeroCount":"' + countText(p.zeroCount) + '"';
  const pos = buckets(p.positive);
  if (pos !== '') o += sep(o) + '"positive":' + pos;
  const neg = buckets(p.negative);
  if (neg !== '') o += sep(o) + '"negative":' + neg;
  o = exemplarsAndFlags(o, p);
  if (p.min !== undefined) o += sep(o) + '"min":' + doubleText(p.min);
  if (p.max !== undefined) o += sep(o) + '"max":' + doubleText(p.max);
  if (p.zeroThreshold !== 0 && p.zeroThreshold !== undefined) o += sep(o) + '"zeroThreshold":' + doubleText(p.zeroThreshold);
  return o + '}';
}

// `{"offset":n,"bucketCounts":[…]}`, or '' when both are at their default (same as absent).
function buckets(b: ExponentialBucketsData | undefined): string {
  if (b === undefined) return '';
  const offset = b.offset | 0;
  const n = b.bucketCounts.length;
  if (offset === 0 && n === 0) return '';
  if (n === 0) return '{"offset":' + offset + '}';
  return (offset === 0 ? '{' : '{"offset":' + offset + ',') + '"bucketCounts":' + countList(b.bucketCounts) + '}';
}

function renderSummaryPoint(p: SummaryPointData): string {
  let o = pointHead(p);
  if (p.count !== 0) o += sep(o) + '"count":"' + countText(p.count) + '"';
  if (p.sum !== 0) o += sep(o) + '"sum":' + doubleText(p.sum);
  const q = p.quantileValues;
  if (q.length > 0) {
    o += sep(o) + '"quantileValues":[';
    for (let i = 0; i < q.length; i++) {
      const { quantile, value } = q[i]!;
      let v = '{';
      if (quantile !== 0) v += '"quantile":' + doubleText(quantile);
      if (value !== 0) v += sep(v) + '"value":' + doubleText(value);
      o += (i === 0 ? '' : ',') + v + '}';
    }
    o += ']';
  }
  return exemplarsAndFlags(o, p) + '}';
}

function renderExemplar(e: ExemplarData): string {
  let o = '{';
  const attrs = keyValues(e.filteredAttributes, NO_LIMITS);
  if (attrs !== '') o += '"filteredAttributes":' + attrs;
  const time = nanosText(e.timeSec, e.timeNs);
  if (time !== '') o += sep(o) + '"timeUnixNano":"' + time + '"';
  o += sep(o) + numberValue(e.value, e.isInt);
  const spanId = e.spanId ? spanIdOrEmpty(e.spanId) : '';
  if (spanId !== '') o += ',"spanId":"' + spanId + '"';
  const traceId = e.traceId ? traceIdOrEmpty(e.traceId) : '';
  if (traceId !== '') o += ',"traceId":"' + traceId + '"';
  return o + '}';
}

function countList(xs: readonly number[]): string {
  let o = '[';
  for (let i = 0; i < xs.length; i++) o += (i === 0 ? '"' : ',"') + countText(xs[i]!) + '"';
  return o + ']';
}

function doubleList(xs: readonly number[]): string {
  let o = '[';
  for (let i = 0; i < xs.length; i++) o += (i === 0 ? '' : ',') + doubleText(xs[i]!);
  return o + ']';
}

// ---- One histogram layout rule and counter for both encoders.

/**
 * True when a histogram point's buckets may be written (see `invalidHistogramCount`); when not,
 * counts the point as invalid. Used by the protobuf encoder.
 */
export function checkHistogramLayout(count: number, counts: readonly number[], bounds: readonly number[]): boolean {
  if (validLayout(count, counts, bounds)) return true;
  invalidHistograms++;
  return false;
}
