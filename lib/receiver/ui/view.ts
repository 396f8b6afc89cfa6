// The live viewer's data model: decoded OTLP requests (canonical wire form) turned into small,
// display-ready records — times as epoch milliseconds, attribute values as text, everything
// clipped to a fixed size so a hostile or huge item costs a bounded amount of memory. Pure; the
// browser gets exactly these objects as JSON and renders every string with textContent.
// Text rules and the resource cache live in view-text.ts.
import type { ExportLogsServiceRequest, ExportMetricsServiceRequest, ExportTraceServiceRequest, Int64, KeyValue, Metric } from '../../../proto-json/types.ts';
import { attrsOf, clipText, nanosToMs, num, scopeText, severityName, valueText, VIEW_LIMITS, type ResourceCache, type ViewAttr, type ViewResource } from './view-text.ts';

export { attrsOf, clipText, nanosToMs, ResourceCache, severityName, valueText, VIEW_LIMITS } from './view-text.ts';
export type { ViewAttr, ViewResource } from './view-text.ts';

/** A span event. */
export interface ViewEvent {
  readonly name: string;
  /** Epoch ms (µs precision); null when absent. */
  readonly time: number | null;
  readonly attrs: readonly ViewAttr[];
}

/** A span, as the waterfall shows it. */
export interface ViewSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root span. */
  readonly parentId: string;
  readonly name: string;
  /** OTLP numbering: 1 internal, 2 server, 3 client, 4 producer, 5 consumer (0 unspecified). */
  readonly kind: number;
  /** Epoch ms (µs precision); null when absent. */
  readonly start: number | null;
  readonly end: number | null;
  /** 0 unset, 1 ok, 2 error. */
  readonly status: number;
  readonly statusMessage: string;
  readonly attrs: readonly ViewAttr[];
  readonly events: readonly ViewEvent[];
  /** `name version` of the instrumentation scope. */
  readonly scope: string;
  readonly resource: ViewResource;
}

/** A log record, as the logs table shows it. */
export interface ViewLog {
  /** Arrival order, unique per store: a stable row id. */
  readonly seq: number;
  /** Epoch ms of timeUnixNano, else observedTimeUnixNano; null when neither. */
  readonly time: number | null;
  readonly severityNumber: number;
  /** severityText, or the name of severityNumber. */
  readonly severity: string;
  readonly body: string;
  readonly eventName: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly attrs: readonly ViewAttr[];
  readonly scope: string;
  readonly resource: ViewResource;
}

/** What one metric stream is; shared by the points of one metric in one request. */
export interface ViewMetric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly type: 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram' | 'summary';
  /** 0 unspecified, 1 delta, 2 cumulative (sums and histograms). */
  readonly temporality: number;
  readonly monotonic: boolean;
  readonly scope: string;
  readonly resource: ViewResource;
}

/** A histogram point's buckets (explicit bounds; `counts` has one more entry than `bounds`). */
export interface ViewBuckets {
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
}

/** One metric data point. */
export interface ViewPoint {
  readonly metric: ViewMetric;
  /** Identifies the series within the metric: service and attribute set. */
  readonly series: string;
  readonly attrs: readonly ViewAttr[];
  /** Epoch ms; null when absent. */
  readonly time: number | null;
  readonly startTime: number | null;
  /** Sum / gauge value; for histograms and summaries the count. null when not a finite number. */
  readonly value: number | null;
  readonly sum: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly buckets: ViewBuckets | null;
  /** Summary quantiles as `[quantile, value]`. */
  readonly quantiles: readonly (readonly [number, number])[] | null;
}

/** The spans of a traces request. */
export function spansOf(req: ExportTraceServiceRequest, resources: ResourceCache): ViewSpan[] {
  const out: ViewSpan[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const resource = resources.of(rs.resource);
    for (const ss of rs.scopeSpans ?? []) {
      const scope = scopeText(ss.scope);
      for (const s of ss.spans ?? []) {
        const events = s.events ?? [];
        const kept: ViewEvent[] = [];
        for (let i = 0; i < Math.min(events.length, VIEW_LIMITS.events); i++) {
          const e = events[i]!;
          kept.push({ name: clipText(e.name ?? ''), time: nanosToMs(e.timeUnixNano), attrs: attrsOf(e.attributes) });
        }
        const attrs = attrsOf(s.attributes);
        if (events.length > kept.length) attrs.push(['…', `${events.length - kept.length} more event(s) not kept`]);
        out.push({
          traceId: s.traceId ?? '',
          spanId: s.spanId ?? '',
          parentId: s.parentSpanId ?? '',
          name: clipText(s.name ?? ''),
          kind: s.kind ?? 0,
          start: nanosToMs(s.startTimeUnixNano),
          end: nanosToMs(s.endTimeUnixNano),
          status: s.status?.code ?? 0,
          statusMessage: clipText(s.status?.message ?? ''),
          attrs,
          events: kept,
          scope,
          resource,
        });
      }
    }
  }
  return out;
}

/** The log records of a logs request; `seq` numbers them from `firstSeq`. */
export function logsOf(req: ExportLogsServiceRequest, resources: ResourceCache, firstSeq: number): ViewLog[] {
  const out: ViewLog[] = [];
  let seq = firstSeq;
  for (const rl of req.resourceLogs ?? []) {
    const resource = resources.of(rl.resource);
    for (const sl of rl.scopeLogs ?? []) {
      const scope = scopeText(sl.scope);
      for (const r of sl.logRecords ?? []) {
        const attrs = attrsOf(r.attributes);
        let eventName = r.eventName ?? '';
        if (eventName === '') for (const [k, v] of attrs) if (k === 'event.name') eventName = v;
        const severityNumber = r.severityNumber ?? 0;
        out.push({
          seq: seq++,
          time: nanosToMs(r.timeUnixNano) ?? nanosToMs(r.observedTimeUnixNano),
          severityNumber,
          severity: clipText(r.severityText || severityName(severityNumber)),
          body: r.body === undefined ? '' : valueText(r.body, VIEW_LIMITS.body),
          eventName: clipText(eventName),
          traceId: r.traceId ?? '',
          spanId: r.spanId ?? '',
          attrs,
          scope,
          resource,
        });
      }
    }
  }
  return out;
}

/** The data points of a metrics request. */
export function pointsOf(req: ExportMetricsServiceRequest, resources: ResourceCache): ViewPoint[] {
  const out: ViewPoint[] = [];
  for (const rm of req.resourceMetrics ?? []) {
    const resource = resources.of(rm.resource);
    for (const sm of rm.scopeMetrics ?? []) {
      const scope = scopeText(sm.scope);
      for (const m of sm.metrics ?? []) metricPoints(m, scope, resource, out);
    }
  }
  return out;
}

function metricPoints(m: Metric, scope: string, resource: ViewResource, out: ViewPoint[]): void {
  const head = { name: clipText(m.name ?? ''), description: clipText(m.description ?? ''), unit: clipText(m.unit ?? ''), scope, resource };
  const point = (metric: ViewMetric, p: { attributes?: KeyValue[]; timeUnixNano?: Int64; startTimeUnixNano?: Int64 }, rest: Omit<ViewPoint, 'metric' | 'series' | 'attrs' | 'time' | 'startTime'>): void => {
    const attrs = attrsOf(p.attributes);
    const series = `${resource.service}\u0000${attrs.map(([k, v]) => `${k}=${v}`).sort().join('\u0000')}`;
    out.push({ metric, series, attrs, time: nanosToMs(p.timeUnixNano), startTime: nanosToMs(p.startTimeUnixNano), ...rest });
  };
  const none = { sum: null, min: null, max: null, buckets: null, quantiles: null } as const;
  if (m.sum !== undefined) {
    const metric: ViewMetric = { ...head, type: 'sum', temporality: m.sum.aggregationTemporality ?? 0, monotonic: m.sum.isMonotonic === true };
    for (const p of m.sum.dataPoints ?? []) point(metric, p, { ...none, value: num(p.asInt ?? p.asDouble) });
  } else if (m.gauge !== undefined) {
    const metric: ViewMetric = { ...head, type: 'gauge', temporality: 0, monotonic: false };
    for (const p of m.gauge.dataPoints ?? []) point(metric, p, { ...none, value: num(p.asInt ?? p.asDouble) });
  } else if (m.histogram !== undefined) {
    const metric: ViewMetric = { ...head, type: 'histogram', temporality: m.histogram.aggregationTemporality ?? 0, monotonic: false };
    for (const p of m.histogram.dataPoints ?? []) {
      const counts = (p.bucketCounts ?? []).slice(0, VIEW_LIMITS.buckets + 1).map((c) => num(c) ?? 0);
      const bounds = (p.explicitBounds ?? []).slice(0, Math.max(0, counts.length - 1)).map((b) => num(b) ?? 0);
      point(metric, p, {
        value: num(p.count), sum: num(p.sum), min: num(p.min), max: num(p.max),
        buckets: counts.length > 0 ? { bounds, counts } : null, quantiles: null,
      });
    }
  } else if (m.exponentialHistogram !== undefined) {
    const metric: ViewMetric = { ...head, type: 'exponentialHistogram', temporality: m.exponentialHistogram.aggregationTemporality ?? 0, monotonic: false };
    for (const p of m.exponentialHistogram.dataPoints ?? []) {
      point(metric, p, { value: num(p.count), sum: num(p.sum), min: num(p.min), max: num(p.max), buckets: null, quantiles: null });
    }
  } else if (m.summary !== undefined) {
    const metric: ViewMetric = { ...head, type: 'summary', temporality: 0, monotonic: false };
    for (const p of m.summary.dataPoints ?? []) {
      const quantiles = (p.quantileValues ?? []).slice(0, VIEW_LIMITS.buckets).map((q) => [num(q.quantile) ?? 0, num(q.value) ?? 0] as const);
      point(metric, p, { value: num(p.count), sum: num(p.sum), min: null, max: null, buckets: null, quantiles });
    }
  }
}
