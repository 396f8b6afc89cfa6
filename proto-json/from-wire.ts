// Decoded wire requests → the library's in-memory records (SpanData, LogRecordData, MetricData),
// so a received body can be re-encoded by the real encoders (fixture round trips, receiver tools).
// One Resource / InstrumentationScope object per wire group keeps the grouping on re-encode.
// Lossy where the record model is narrower than the wire: an integral `doubleValue` comes back
// as a number and re-encodes as `intValue`; kvlist keys are de-duplicated (Map); resource
// `entityRefs` and metric `metadata` are not carried; a top-level `{}` attribute value is null.

import type {
  AggregationTemporality, AttributeValue, Attributes, ExemplarData, InstrumentationScope, LogRecordData, MetricData, PointBase, Resource, SpanData,
} from './model.ts';
import type * as W from './types.ts';

/** Spans of a decoded (canonical) ExportTraceServiceRequest, grouped objects shared. */
export function spansFromRequest(req: W.ExportTraceServiceRequest): SpanData[] {
  const out: SpanData[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const resource = resourceOf(rs.resource, rs.schemaUrl);
    for (const ss of rs.scopeSpans ?? []) {
      const scope = scopeOf(ss.scope, ss.schemaUrl);
      for (const s of ss.spans ?? []) {
        const [startSec, startNs] = timeOf(s.startTimeUnixNano);
        const [endSec, endNs] = timeOf(s.endTimeUnixNano);
        out.push({
          resource, scope,
          traceId: s.traceId ?? '', spanId: s.spanId ?? '', parentSpanId: s.parentSpanId ?? '', traceState: s.traceState ?? '',
          flags: s.flags ?? 0, name: s.name ?? '', kind: s.kind ?? 0, startSec, startNs, endSec, endNs,
          attributes: attributesOf(s.attributes), droppedAttributesCount: s.droppedAttributesCount ?? 0,
          events: (s.events ?? []).map((e) => {
            const [timeSec, timeNs] = timeOf(e.timeUnixNano);
            return { name: e.name ?? '', timeSec, timeNs, attributes: attributesOf(e.attributes), droppedAttributesCount: e.droppedAttributesCount ?? 0 };
          }),
          droppedEventsCount: s.droppedEventsCount ?? 0,
          links: (s.links ?? []).map((l) => ({
            traceId: l.traceId ?? '', spanId: l.spanId ?? '', traceState: l.traceState ?? '', attributes: attributesOf(l.attributes),
            droppedAttributesCount: l.droppedAttributesCount ?? 0, flags: l.flags ?? 0,
          })),
          droppedLinksCount: s.droppedLinksCount ?? 0,
          statusCode: s.status?.code ?? 0, statusMessage: s.status?.message ?? '',
        });
      }
    }
  }
  return out;
}

/** Log records of a decoded (canonical) ExportLogsServiceRequest. */
export function logRecordsFromRequest(req: W.ExportLogsServiceRequest): LogRecordData[] {
  const out: LogRecordData[] = [];
  for (const rl of req.resourceLogs ?? []) {
    const resource = resourceOf(rl.resource, rl.schemaUrl);
    for (const sl of rl.scopeLogs ?? []) {
      const scope = scopeOf(sl.scope, sl.schemaUrl);
      for (const r of sl.logRecords ?? []) {
        const [timeSec, timeNs] = timeOf(r.timeUnixNano);
        const [observedSec, observedNs] = timeOf(r.observedTimeUnixNano);
        out.push({
          resource, scope, timeSec, timeNs, observedSec, observedNs,
          severityNumber: r.severityNumber ?? 0, severityText: r.severityText ?? '',
          body: r.body === undefined ? undefined : valueOf(r.body),
          attributes: attributesOf(r.attributes), droppedAttributesCount: r.droppedAttributesCount ?? 0,
          flags: r.flags ?? 0, traceId: r.traceId ?? '', spanId: r.spanId ?? '', eventName: r.eventName ?? '',
        });
      }
    }
  }
  return out;
}

/** Metrics of a decoded (canonical) ExportMetricsServiceRequest; a metric without data is skipped. */
export function metricsFromRequest(req: W.ExportMetricsServiceRequest): MetricData[] {
  const out: MetricData[] = [];
  for (const rm of req.resourceMetrics ?? []) {
    const resource = resourceOf(rm.resource, rm.schemaUrl);
    for (const sm of rm.scopeMetrics ?? []) {
      const scope = scopeOf(sm.scope, sm.schemaUrl);
      for (const m of sm.metrics ?? []) {
        const head = { resource, scope, name: m.name ?? '', description: m.description ?? '', unit: m.unit ?? '' };
        if (m.sum) {
          out.push({ ...head, type: 'sum', temporality: (m.sum.aggregationTemporality ?? 0) as AggregationTemporality, isMonotonic: m.sum.isMonotonic ?? false, points: (m.sum.dataPoints ?? []).map(numberPoint) });
        } else if (m.gauge) {
          out.push({ ...head, type: 'gauge', points: (m.gauge.dataPoints ?? []).map(numberPoint) });
        } else if (m.histogram) {
          out.push({
            ...head, type: 'histogram', temporality: (m.histogram.aggregationTemporality ?? 0) as AggregationTemporality,
            points: (m.histogram.dataPoints ?? []).map((p) => ({
              ...pointBase(p), count: num(p.count), sum: optional(p.sum), min: optional(p.min), max: optional(p.max),
              bucketCounts: (p.bucketCounts ?? []).map(num), explicitBounds: (p.explicitBounds ?? []).map(dbl),
            })),
          });
        } else if (m.exponentialHistogram) {
          out.push({
            ...head, type: 'exponentialHistogram', temporality: (m.exponentialHistogram.aggregationTemporality ?? 0) as AggregationTemporality,
            points: (m.exponentialHistogram.dataPoints ?? []).map((p) => ({
              ...pointBase(p), count: num(p.count), sum: optional(p.sum), min: optional(p.min), max: optional(p.max),
              scale: p.scale ?? 0, zeroCount: num(p.zeroCount), zeroThreshold: dbl(p.zeroThreshold ?? 0),
              positive: { offset: p.positive?.offset ?? 0, bucketCounts: (p.positive?.bucketCounts ?? []).map(num) },
              negative: { offset: p.negative?.offset ?? 0, bucketCounts: (p.negative?.bucketCounts ?? []).map(num) },
            })),
          });
        } else if (m.summary) {
          out.push({
            ...head, type: 'summary',
            points: (m.summary.dataPoints ?? []).map((p) => ({
              ...pointBase(p), count: num(p.count), sum: dbl(p.sum ?? 0),
              quantileValues: (p.quantileValues ?? []).map((q) => ({ quantile: dbl(q.quantile ?? 0), value: dbl(q.value ?? 0) })),
            })),
          });
        }
      }
    }
  }
  return out;
}

function resourceOf(r: W.OtlpResource | undefined, schemaUrl: string | undefined): Resource {
  const out: { attributes: Attributes; droppedAttributesCount?: number; schemaUrl?: string } = { attributes: attributesOf(r?.attributes) };
  if (r?.droppedAttributesCount) out.droppedAttributesCount = r.droppedAttributesCount;
  if (schemaUrl) out.schemaUrl = schemaUrl;
  return out;
}

function scopeOf(s: W.OtlpInstrumentationScope | undefined, schemaUrl: string | undefined): InstrumentationScope {
  const out: { name: string; version?: string; attributes?: Attributes; schemaUrl?: string; droppedAttributesCount?: number } = { name: s?.name ?? '' };
  if (s?.version) out.version = s.version;
  if (s?.attributes) out.attributes = attributesOf(s.attributes);
  if (s?.droppedAttributesCount) out.droppedAttributesCount = s.droppedAttributesCount;
  if (schemaUrl) out.schemaUrl = schemaUrl;
  return out;
}

function numberPoint(p: W.NumberDataPoint): PointBase & { value: number; isInt: boolean } {
  return { ...pointBase(p), value: p.asInt !== undefined ? num(p.asInt) : dbl(p.asDouble ?? 0), isInt: p.asInt !== undefined };
}

function pointBase(p: W.NumberDataPoint | W.HistogramDataPoint | W.ExponentialHistogramDataPoint | W.SummaryDataPoint): PointBase {
  const [startSec, startNs] = timeOf(p.startTimeUnixNano);
  const [timeSec, timeNs] = timeOf(p.timeUnixNano);
  const base: PointBase = { attributes: attributesOf(p.attributes), startSec, startNs, timeSec, timeNs, flags: p.flags ?? 0 };
  const ex = 'exemplars' in p ? p.exemplars : undefined;
  if (ex !== undefined) base.exemplars = ex.map(exemplarOf);
  return base;
}

function exemplarOf(e: W.Exemplar): ExemplarData {
  const [timeSec, timeNs] = timeOf(e.timeUnixNano);
  return {
    filteredAttributes: attributesOf(e.filteredAttributes), timeSec, timeNs,
    value: e.asInt !== undefined ? num(e.asInt) : dbl(e.asDouble ?? 0), isInt: e.asInt !== undefined,
    traceId: e.traceId ?? '', spanId: e.spanId ?? '',
  };
}

/** `"1544712660300000000"` → [1544712660, 300000000] without floats. */
function timeOf(t: W.Int64 | undefined): [number, number] {
  if (t === undefined) return [0, 0];
  const s = String(t);
  return s.length <= 9 ? [0, Number(s)] : [Number(s.slice(0, -9)), Number(s.slice(-9))];
}

function num(v: W.Int64 | undefined): number {
  return v === undefined ? 0 : Number(v);
}

function dbl(v: W.Double): number {
  return typeof v === 'number' ? v : Number(v);
}

function optional(v: W.Double | undefined): number | undefined {
  return v === undefined ? undefined : dbl(v);
}

function attributesOf(kvs: readonly W.KeyValue[] | undefined): Attributes {
  const out: Attributes = Object.create(null) as Attributes;
  for (const kv of kvs ?? []) out[kv.key ?? ''] = valueOf(kv.value ?? {});
  return out;
}

function valueOf(v: W.AnyValue): AttributeValue {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const b = BigInt(v.intValue);
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }
  if (v.doubleValue !== undefined) return dbl(v.doubleValue);
  if (v.bytesValue !== undefined) return new Uint8Array(Buffer.from(v.bytesValue, 'base64'));
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(valueOf);
  if (v.kvlistValue !== undefined) {
    const m = new Map<string, AttributeValue>();
    for (const kv of v.kvlistValue.values ?? []) m.set(kv.key ?? '', valueOf(kv.value ?? {}));
    return m;
  }
  return null;
}
