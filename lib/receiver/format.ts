// Renders a received export request as readable lines, one per item: spans as an indented tree
// per trace, log records by severity / event name / key attributes, metric points by name, type
// and value. Used by `otlp-lite receive` and `otlp-lite demo --verbose`; never throws on odd input.
import type {
  AnyValue,
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
  Int64,
  KeyValue,
  Metric,
  Span,
} from '../../proto-json/types.ts';
import type { ReceivedExport } from './server.ts';

/** Attributes every SessionTelemetry event carries: left out of log lines as noise. */
const SESSION_KEYS = new Set([
  'event.name', 'event.timestamp', 'conversation.id', 'app.version', 'auth_mode', 'originator',
  'user.account_id', 'user.email', 'terminal.type', 'model', 'slug',
]);
/** Metric tags SessionTelemetry adds to every point: left out of metric lines as noise. */
const SESSION_TAGS = new Set(['app.version', 'auth_mode', 'model', 'originator', 'session_source', 'service_name']);
const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
const MAX_ATTRS = 6;
const MAX_VALUE = 60;

/** The readable lines for one received request, one per span / log record / metric point. */
export function formatExport(event: ReceivedExport): string[] {
  try {
    if (event.signal === 'traces') return formatTraces(event.request);
    if (event.signal === 'logs') return formatLogs(event.request);
    return formatMetrics(event.request);
  } catch {
    return [`${event.signal}: ${event.items} item(s) (not printable)`];
  }
}

/** Spans grouped by trace, children indented under their parent (when it is in the same request). */
export function formatTraces(request: ExportTraceServiceRequest): string[] {
  const spans: Span[] = [];
  for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans.push(...(ss.spans ?? []));
  const byId = new Map<string, Span>();
  for (const s of spans) if (s.spanId) byId.set(`${s.traceId ?? ''}/${s.spanId}`, s);
  const children = new Map<Span, Span[]>();
  const roots: Span[] = [];
  for (const s of spans) {
    const parent = s.parentSpanId ? byId.get(`${s.traceId ?? ''}/${s.parentSpanId}`) : undefined;
    if (parent === undefined || parent === s) roots.push(s);
    else (children.get(parent) ?? children.set(parent, []).get(parent)!).push(s);
  }
  const lines: string[] = [];
  const seen = new Set<Span>();
  const walk = (s: Span, depth: number): void => {
    if (seen.has(s)) return; // a cycle of parent ids must not loop
    seen.add(s);
    lines.push(spanLine(s, depth));
    for (const c of byStart(children.get(s) ?? [])) walk(c, depth + 1);
  };
  for (const r of byStart(roots)) walk(r, 0);
  for (const s of spans) if (!seen.has(s)) walk(s, 0);
  return lines;
}

function spanLine(s: Span, depth: number): string {
  const trace = (s.traceId ?? '').slice(0, 8).toLowerCase() || '--------';
  const orphan = depth === 0 && s.parentSpanId ? '… ' : '';
  const indent = depth === 0 ? '' : `${'  '.repeat(depth - 1)}└ `;
  const parts = [`span   ${trace} ${indent}${orphan}${clip(s.name || '(unnamed)')}`, KIND[s.kind ?? 0] ?? `kind ${s.kind}`];
  const ms = durationMs(s.startTimeUnixNano, s.endTimeUnixNano);
  if (ms !== undefined) parts.push(`${ms.toFixed(1)} ms`);
  if (s.status?.code === 2) parts.push(`ERROR${s.status.message ? ` ${clip(s.status.message)}` : ''}`);
  else if (s.status?.code === 1) parts.push('OK');
  if ((s.events?.length ?? 0) > 0) parts.push(`events=${s.events!.length}`);
  const attrs = attrText(s.attributes, SESSION_KEYS);
  if (attrs) parts.push(attrs);
  return parts.join('  ');
}

/** One line per log record: severity, event name, then the attributes that tell records apart. */
export function formatLogs(request: ExportLogsServiceRequest): string[] {
  const lines: string[] = [];
  for (const rl of request.resourceLogs ?? []) {
    for (const sl of rl.scopeLogs ?? []) {
      for (const r of sl.logRecords ?? []) {
        const name = r.eventName || attrString(r.attributes, 'event.name') || '';
        const severity = (r.severityText || severityName(r.severityNumber ?? 0)).padEnd(5);
        const parts = [`log    ${clip(severity)} ${clip(name || '-')}`];
        if (r.body !== undefined && !isEmptyValue(r.body)) parts.push(clip(valueText(r.body)));
        const attrs = attrText(r.attributes, SESSION_KEYS);
        if (attrs) parts.push(attrs);
        lines.push(parts.join('  '));
      }
    }
  }
  return lines;
}

/** One line per metric data point: name, type, value (with unit) and the point's attributes. */
export function formatMetrics(request: ExportMetricsServiceRequest): string[] {
  const lines: string[] = [];
  for (const rm of request.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) lines.push(...metricLines(m));
  }
  return lines;
}

function metricLines(m: Metric): string[] {
  const unit = m.unit ? ` ${clip(m.unit)}` : '';
  const head = (type: string): string => `metric ${clip(m.name || '(unnamed)')}  ${type}`;
  const tail = (attrs: KeyValue[] | undefined): string => {
    const t = attrText(attrs, SESSION_TAGS);
    return t ? `  {${t}}` : '';
  };
  const out: string[] = [];
  if (m.sum !== undefined) {
    const type = `sum(${temporality(m.sum.aggregationTemporality)}${m.sum.isMonotonic ? ', monotonic' : ''})`;
    for (const p of m.sum.dataPoints ?? []) out.push(`${head(type)}  ${numberText(p.asInt ?? p.asDouble ?? 0)}${unit}${tail(p.attributes)}`);
  } else if (m.gauge !== undefined) {
    for (const p of m.gauge.dataPoints ?? []) out.push(`${head('gauge')}  ${numberText(p.asInt ?? p.asDouble ?? 0)}${unit}${tail(p.attributes)}`);
  } else if (m.histogram !== undefined) {
    const type = `histogram(${temporality(m.histogram.aggregationTemporality)})`;
    for (const p of m.histogram.dataPoints ?? []) {
      const stats = [`count=${numberText(p.count ?? 0)}`];
      if (p.sum !== undefined) stats.push(`sum=${numberText(p.sum)}${unit}`);
      if (p.min !== undefined) stats.push(`min=${numberText(p.min)}`);
      if (p.max !== undefined) stats.push(`max=${numberText(p.max)}`);
      out.push(`${head(type)}  ${stats.join(' ')}${tail(p.attributes)}`);
    }
  } else if (m.exponentialHistogram !== undefined) {
    const type = `exponentialHistogram(${temporality(m.exponentialHistogram.aggregationTemporality)})`;
    for (const p of m.exponentialHistogram.dataPoints ?? []) {
      const sum = p.sum !== undefined ? ` sum=${numberText(p.sum)}${unit}` : '';
      out.push(`${head(type)}  count=${numberText(p.count ?? 0)}${sum} scale=${p.scale ?? 0}${tail(p.attributes)}`);
    }
  } else if (m.summary !== undefined) {
    for (const p of m.summary.dataPoints ?? []) {
      out.push(`${head('summary')}  count=${numberText(p.count ?? 0)} sum=${numberText(p.sum ?? 0)}${unit}${tail(p.attributes)}`);
    }
  } else {
    out.push(head('(no data)'));
  }
  return out;
}

function temporality(t: number | undefined): string {
  return t === 1 ? 'delta' : t === 2 ? 'cumulative' : 'unspecified';
}

function severityName(n: number): string {
  if (n <= 0) return '-';
  const names = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
  const base = names[Math.min(5, Math.floor((n - 1) / 4))]!;
  const step = (n - 1) % 4;
  return step === 0 ? base : `${base}${step + 1}`;
}

function byStart(spans: Span[]): Span[] {
  return spans.slice().sort((a, b) => {
    const x = toBig(a.startTimeUnixNano);
    const y = toBig(b.startTimeUnixNano);
    return x === y ? 0 : x < y ? -1 : 1;
  });
}

function toBig(v: Int64 | undefined): bigint {
  try {
    return v === undefined ? 0n : BigInt(typeof v === 'number' ? Math.trunc(v) : v);
  } catch {
    return 0n;
  }
}

function durationMs(start: Int64 | undefined, end: Int64 | undefined): number | undefined {
  const s = toBig(start);
  const e = toBig(end);
  if (s === 0n || e === 0n || e < s) return undefined;
  return Number(e - s) / 1e6;
}

function attrString(attrs: KeyValue[] | undefined, key: string): string | undefined {
  for (const kv of attrs ?? []) if (kv.key === key && kv.value?.stringValue !== undefined) return kv.value.stringValue;
  return undefined;
}

function attrText(attrs: KeyValue[] | undefined, skip: ReadonlySet<string> | undefined): string {
  const parts: string[] = [];
  let more = 0;
  for (const kv of attrs ?? []) {
    if (kv.key === undefined || skip?.has(kv.key) === true) continue;
    if (parts.length >= MAX_ATTRS) {
      more++;
      continue;
    }
    parts.push(`${clip(kv.key)}=${clip(valueText(kv.value ?? {}))}`);
  }
  if (more > 0) parts.push(`(+${more})`);
  return parts.join(' ');
}

function isEmptyValue(v: AnyValue): boolean {
  return Object.keys(v).length === 0;
}

/** Compact text for an AnyValue: strings bare (quoted when they hold spaces), lists in brackets. */
function valueText(v: AnyValue, depth = 0): string {
  if (depth > 4) return '…';
  if (v.stringValue !== undefined) return /[\s"=]/.test(v.stringValue) || v.stringValue === '' ? JSON.stringify(v.stringValue) : v.stringValue;
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.doubleValue !== undefined) return numberText(v.doubleValue);
  if (v.bytesValue !== undefined) return `bytes(${v.bytesValue})`;
  if (v.arrayValue !== undefined) return `[${(v.arrayValue.values ?? []).map((x) => valueText(x, depth + 1)).join(',')}]`;
  if (v.kvlistValue !== undefined) {
    return `{${(v.kvlistValue.values ?? []).map((kv) => `${kv.key ?? ''}=${valueText(kv.value ?? {}, depth + 1)}`).join(',')}}`;
  }
  return '(empty)';
}

function numberText(v: number | string): string {
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
}

function clip(text: string): string {
  // Received text is untrusted: no control characters (ANSI escapes, CR) reach the terminal.
  const oneLine = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return oneLine.length > MAX_VALUE ? `${oneLine.slice(0, MAX_VALUE - 1)}…` : oneLine;
}
