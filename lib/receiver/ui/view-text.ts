// The live viewer's text rules: every received value becomes bounded display text here (attribute
// values JSON-like, times as epoch ms, severity names, scope labels), and resources are interned
// by content. Pure; view.ts builds the display records with these.
import type { AnyValue, Double, Int64, KeyValue, OtlpInstrumentationScope, OtlpResource } from '../../../proto-json/types.ts';

/** An attribute as `[key, value as text]`. */
export type ViewAttr = readonly [key: string, value: string];

/** A resource, shared by the items of one request group. */
export interface ViewResource {
  /** `service.name`, or '' when absent. */
  readonly service: string;
  readonly attrs: readonly ViewAttr[];
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

export function num(v: Int64 | Double | undefined): number | null {
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

export function scopeText(scope: OtlpInstrumentationScope | undefined): string {
  if (scope === undefined) return '';
  return clipText(scope.version ? `${scope.name ?? ''} ${scope.version}` : (scope.name ?? ''));
}
