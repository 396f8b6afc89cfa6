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
/** Deepest indentation drawn; deeper spans show their depth instead, so a line's length is bounded. */
const MAX_INDENT = 16;

/** The readable lines for one received request, one per span / log record / metric point. */
export function formatExport(event: ReceivedExport): string[] {
  return linesOf(event, forEachLine);
}

/**
 * Hands the readable lines of one request to `emit`, one at a time (one per span / log record /
 * metric point, each of bounded length): a large request is printed without building one string.
 * Never throws (a line `emit` throws on is skipped… and so is the rest).
 */
export function forEachLine(event: ReceivedExport, emit: (line: string) => void): void {
  try {
    if (event.signal === 'traces') eachTraceLine(event.request, emit);
    else if (event.signal === 'logs') eachLogLine(event.request, emit);
    else eachMetricLine(event.request, emit);
  } catch {
    try {
      emit(`${event.signal}: ${event.items} item(s) (not printable)`);
    } catch {
      // nothing more to do
    }
  }
}

/** Spans grouped by trace, children indented under their parent (when it is in the same request). */
export function formatTraces(request: ExportTraceServiceRequest): string[] {
  return linesOf(request, eachTraceLine);
}

function eachTraceLine(request: ExportTraceServiceRequest, emit: (line: string) => void): void {
  const spans: Span[] = [];
  for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) spans.push(s);
  const byId = new Map<string, Span>();
  for (const s of spans) if (s.spanId) byId.set(`${s.traceId ?? ''}/${s.spanId}`, s);
  const children = new Map<Span, Span[]>();
  const roots: Span[] = [];
  for (const s of spans) {
    const parent = s.parentSpanId ? byId.get(`${s.traceId ?? ''}/${s.parentSpanId}`) : undefined;
    if (parent === undefined || parent === s) roots.push(s);
    else (children.get(parent) ?? children.set(parent, []).get(parent)!).push(s);
  }
  const seen = new Set<Span>();
  // Depth-first with an explicit stack: a chain of a million spans must not overflow the call stack.
  const stack: { span: Span; depth: number }[] = [];
  const walk = (root: Span): void => {
    stack.push({ span: root, depth: 0 });
    while (stack.length > 0) {
      const { span, depth } = stack.pop()!;
      if (seen.has(span)) continue; // a cycle of parent ids must not loop
      seen.add(span);
      emit(spanLine(span, depth));
      const kids = children.get(span);
      if (kids === undefined) continue;
      const sorted = byStart(kids);
      for (let i = sorted.length - 1; i >= 0; i--) stack.push({ span: sorted[i]!, depth: depth + 1 });
    }
  };
  for (const r of byStart(roots)) walk(r);
  for (const s of spans) if (!seen.has(s)) walk(s);
}

function spanLine(s: Span, depth: number): string {
  const trace = (s.traceId ?? '').slice(0, 8).toLowerCase() || '--------';
  const orphan = depth === 0 && s.parentSpanId ? '… ' : '';
  // Indentation capped: output stays linear in the depth of the trace.
  const indent = depth === 0 ? '' : depth <= MAX_INDENT ? `${'  '.repeat(depth - 1)}└ ` : `${'  '.repeat(MAX_INDENT - 1)}└[${depth}] `;
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
  return linesOf(request, eachLogLine);
}

function eachLogLine(request: ExportLogsServiceRequest, emit: (line: string) => void): void {
  for (const rl of request.resourceLogs ?? []) {
    for (const sl of rl.scopeLogs ?? []) {
      for (const r of sl.logRecords ?? []) {
        const name = r.eventName || attrString(r.attributes, 'event.name') || '';
        const severity = (r.severityText || severityName(r.severityNumber ?? 0)).padEnd(5);
        const parts = [`log    ${clip(severity)} ${clip(name || '-')}`];
        if (r.body !== undefined && !isEmptyValue(r.body)) parts.push(clip(valueText(r.body)));
        const attrs = attrText(r.attributes, SESSION_KEYS);
        if (attrs) parts.push(attrs);
        emit(parts.join('  '));
      }
    }
  }
}

/** One line per metric data point: name, type, value (with unit) and the point's attributes. */
export function formatMetrics(request: ExportMetricsServiceRequest): string[] {
  return linesOf(request, eachMetricLine);
}

function eachMetricLine(request: ExportMetricsServiceRequest, emit: (line: string) => void): void {
  for (const rm of request.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) metricLines(m, emit);
  }
}

function metricLines(m: Metric, emit: (line: string) => void): void {
  const unit = m.unit ? ` ${clip(m.unit)}` : '';
  const head = (type: string): string => `metric ${clip(m.name || '(unnamed)')}  ${type}`;
  const tail = (attrs: KeyValue[] | undefined): string => {
    const t = attrText(attrs, SESSION_TAGS);
    return t ? `  {${t}}` : '';
  };
  const out = { push: emit };
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
  if (v.stringValue !== undefined) {
    // Only the start of a long value can be shown: never quote more than that.
    const sv = v.stringValue.length > MAX_VALUE * 2 ? v.stringValue.slice(0, MAX_VALUE * 2) : v.stringValue;
    return /[\s"=]/.test(sv) || sv === '' ? JSON.stringify(sv) : sv;
  }
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.doubleValue !== undefined) return numberText(v.doubleValue);
  if (v.bytesValue !== undefined) return `bytes(${v.bytesValue})`;
  if (v.arrayValue !== undefined) return `[${firstOf(v.arrayValue.values).map((x) => valueText(x, depth + 1)).join(',')}]`;
  if (v.kvlistValue !== undefined) {
    return `{${firstOf(v.kvlistValue.values).map((kv) => `${clip(kv.key ?? '')}=${valueText(kv.value ?? {}, depth + 1)}`).join(',')}}`;
  }
  return '(empty)';
}

/** The entries of a list worth rendering (the line shows at most MAX_VALUE characters anyway). */
function firstOf<T>(values: readonly T[] | undefined): { map(f: (x: T) => string): string[] } {
  if (values === undefined) return [];
  if (values.length <= 16) return values;
  const head = values.slice(0, 16);
  return { map: (f) => [...head.map(f), '…'] };
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

/** The lines `each` emits for `input`, as an array. */
function linesOf<T>(input: T, each: (input: T, emit: (line: string) => void) => void): string[] {
  const lines: string[] = [];
  each(input, (line) => lines.push(line));
  return lines;
}
