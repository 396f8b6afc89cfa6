// The live viewer's data model: decoded OTLP requests (canonical wire form) turned into small,
// display-ready records — times as epoch milliseconds, attribute values as text, everything
// clipped to a fixed size so a hostile or huge item costs a bounded amount of memory. Pure; the
// browser gets exactly these objects as JSON and renders every string with textContent.
import type {
  AnyValue, Double, ExportLogsServiceRequest, ExportMetricsServiceRequest, ExportTraceServiceRequest, Int64, KeyValue, Metric,
  OtlpInstrumentationScope, OtlpResource,
} from '../../../proto-json/types.ts';

/** An attribute as `[key, value as text]`. */
export type ViewAttr = readonly [key: string, value: string];

/** A resource, shared by the items of one request group. */
export interface ViewResource {
  /** `service.name`, or '' when absent. */
  readonly service: string;
  readonly attrs: readonly ViewAttr[];
}

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

/** Size limits applied to every converted item. */
export const VIEW_LIMITS = {
  /** Characters kept of an attribute value, name or key (the rest becomes `…(+N chars)`). */
  text: 1024,
  /** Characters kept of a log body. */
  body: 8192,
  /** Attributes kept per item (the rest is summarized as one `…` entry). */
  attrs: 64,
  /** Events kept per span. */
  events: 64,
  /** Histogram buckets kept per point. */
  buckets: 256,
} as const;

const SEVERITY = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/** Clips `text` to `max` characters, saying how much was cut. */
export function clipText(text: string, max: number = VIEW_LIMITS.text): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(+${text.length - max} chars)`;
}

/** An AnyValue as display text: strings as they are, arrays and maps JSON-like. */
export function valueText(v: AnyValue | undefined, max: number = VIEW_LIMITS.text): string {
  return clipText(anyText(v, 0, max + 1), max);
}

function anyText(v: AnyValue | undefined, depth: number, budget: number): string {
  if (v === undefined) return '';
  if (v.stringValue !== undefined) return v.stringValue.length > budget ? v.stringValue.slice(0, budget) : v.stringValue;
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.doubleValue !== undefined) return doubleText(v.doubleValue);
  if (v.bytesValue !== undefined) return `base64:${v.bytesValue.slice(0, budget)}`;
  if (depth > 8) return '…';
  if (v.arrayValue !== undefined) {
    const parts: string[] = [];
    let len = 2;
    for (const x of v.arrayValue.values ?? []) {
      if (len > budget) break;
      const t = x.stringValue !== undefined ? JSON.stringify(x.stringValue.slice(0, budget)) : anyText(x, depth + 1, budget - len);
      parts.push(t);
      len += t.length + 2;
    }
    return `[${parts.join(', ')}]`;
  }
  if (v.kvlistValue !== undefined) {
    const parts: string[] = [];
    let len = 2;
    for (const kv of v.kvlistValue.values ?? []) {
      if (len > budget) break;
      const x = kv.value;
      const t = `${kv.key ?? ''}: ${x?.stringValue !== undefined ? JSON.stringify(x.stringValue.slice(0, budget)) : anyText(x, depth + 1, budget - len)}`;
      parts.push(t);
      len += t.length + 2;
    }
    return `{${parts.join(', ')}}`;
  }
  return '';
}

function doubleText(d: Double): string {
  return typeof d === 'number' ? String(d) : d;
}

/** Attributes as `[key, text]` pairs, at most VIEW_LIMITS.attrs (then one `…` pair saying how many more). */
export function attrsOf(kvs: readonly KeyValue[] | undefined): ViewAttr[] {
  const out: ViewAttr[] = [];
  const list = kvs ?? [];
  const n = Math.min(list.length, VIEW_LIMITS.attrs);
  for (let i = 0; i < n; i++) {
    const kv = list[i]!;
    out.push([clipText(kv.key ?? ''), valueText(kv.value)]);
  }
  if (list.length > n) out.push(['…', `${list.length - n} more attribute(s) not kept`]);
  return out;
}

/** Epoch nanoseconds (Int64) → epoch ms with µs precision; null for absent or 0. */
export function nanosToMs(v: Int64 | undefined): number | null {
  if (v === undefined) return null;
  try {
    const n = typeof v === 'number' ? BigInt(Math.trunc(v)) : BigInt(v);
    if (n <= 0n) return null;
    return Number(n / 1000n) / 1000;
  } catch {
    return null;
  }
}

function num(v: Int64 | Double | undefined): number | null {
  if (v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** The name of an OTLP severity number: 9 → INFO, 10 → INFO2, 0 → ''. */
export function severityName(n: number): string {
  if (!(n >= 1 && n <= 24)) return '';
  const base = SEVERITY[Math.floor((n - 1) / 4)]!;
  const step = (n - 1) % 4;
  return step === 0 ? base : `${base}${step + 1}`;
}

/** Interns resources by content so repeated requests from one service share one object. */
export class ResourceCache {
  readonly #byKey = new Map<string, ViewResource>();
  readonly #max: number;
  constructor(max = 256) {
    this.#max = max;
  }
  of(resource: OtlpResource | undefined): ViewResource {
    const attrs = attrsOf(resource?.attributes);
    const key = JSON.stringify(attrs);
    const hit = this.#byKey.get(key);
    if (hit !== undefined) return hit;
    if (this.#byKey.size >= this.#max) this.#byKey.clear();
    let service = '';
    for (const [k, v] of attrs) if (k === 'service.name') service = v;
    const made: ViewResource = { service, attrs };
    this.#byKey.set(key, made);
    return made;
  }
}

function scopeText(scope: OtlpInstrumentationScope | undefined): string {
  if (scope === undefined) return '';
  return clipText(scope.version ? `${scope.name ?? ''} ${scope.version}` : (scope.name ?? ''));
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
