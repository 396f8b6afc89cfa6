// AnyValue / KeyValue writer: JS attribute values → OTLP/JSON text, with the count and value-length
// limits, dropped counts, the int64 rules for numbers and bigints, and guards that keep hostile
// values (cycles, deep nesting, huge fan-out) from overflowing the stack or the output.

import type { AttributeLimits, Attributes, AttributeValue } from './model.ts';
import { base64, doubleText, INT64_MAX, INT64_MIN, quote, quoteLimited } from './json.ts';

/** Default attribute count limit (OTEL_ATTRIBUTE_COUNT_LIMIT). */
export const DEFAULT_ATTRIBUTE_COUNT_LIMIT = 128;
/** Containers nested deeper than this are replaced by `MARKER_MAX_DEPTH`. */
export const MAX_NESTING_DEPTH = 64;
/** Nested values rendered per top-level value before the rest become `MARKER_TRUNCATED`. */
export const MAX_NESTED_VALUES = 65_536;
/** Marker string written in place of a container nested deeper than `MAX_NESTING_DEPTH`. */
export const MARKER_MAX_DEPTH = '[max depth]';
/** Marker string written in place of a container that contains itself. */
export const MARKER_CIRCULAR = '[circular]';
/** Marker string written once the `MAX_NESTED_VALUES` budget of one value is spent. */
export const MARKER_TRUNCATED = '[truncated]';

/** Limits with defaults applied; build once per encoder call with `resolveLimits`. */
export interface ResolvedLimits { readonly count: number; readonly length: number }

const UNLIMITED: ResolvedLimits = { count: Infinity, length: Infinity };
const DEFAULT_LIMITS: ResolvedLimits = { count: DEFAULT_ATTRIBUTE_COUNT_LIMIT, length: Infinity };

/** Applies defaults (count 128, length none); negative or NaN limits fall back to the default. */
export function resolveLimits(limits?: AttributeLimits): ResolvedLimits {
  if (limits === undefined) return DEFAULT_LIMITS;
  const c = limits.countLimit;
  const l = limits.valueLengthLimit;
  return {
    count: c !== undefined && c >= 0 ? Math.floor(c) : DEFAULT_ATTRIBUTE_COUNT_LIMIT,
    length: l !== undefined && l >= 0 ? Math.floor(l) : Infinity,
  };
}

/** Limits for attributes exempt from limits (resource, scope, metric points). */
export const NO_LIMITS: ResolvedLimits = UNLIMITED;

// ---------------------------------------------------------------- counters

let coerced = 0;
let markers = 0;
let droppedLast = 0;

/** Bigints outside int64 written as `stringValue` since process start (never reset). */
export function coercedValueCount(): number { return coerced; }
/** Values replaced by a depth/cycle/truncation marker since process start (never reset). */
export function markerCount(): number { return markers; }
/** Attributes dropped (null/undefined, unsupported type, over the count limit) by the last `keyValues` call. */
export function droppedByLastCall(): number { return droppedLast; }

// ---------------------------------------------------------------- KeyValue lists

// Per attribute key: the `{"key":"<escaped>","value":` prefix, and whole KeyValue fragments of the
// scalar values seen with that key while it looks low-cardinality (≤ VALUES_PER_KEY distinct
// values; then `values` becomes null and the key is rendered every time). Repeated pairs such as
// http.request.method=GET then cost one Map lookup instead of escaping and concatenating
// (bench/encode.bench.ts). Bounded: at most MAX_CACHED_KEYS keys, cleared when full.
interface KeyEntry { readonly prefix: string; values: Map<string | number | boolean, string> | null | undefined }
const keyEntries = new Map<string, KeyEntry>();
const MAX_CACHED_KEYS = 1024;
const VALUES_PER_KEY = 16;
const MAX_CACHED_STRING = 64; // worst case held: 1024 × 16 fragments of ~150 chars ≈ 2.5 MB

function keyEntry(key: string): KeyEntry {
  let e = keyEntries.get(key);
  if (e === undefined) {
    e = { prefix: '{"key":' + quote(key) + ',"value":', values: undefined }; // Map made on first use
    if (keyEntries.size >= MAX_CACHED_KEYS) keyEntries.clear();
    keyEntries.set(key, e);
  }
  return e;
}

function keyPrefix(key: string): string {
  return keyEntry(key).prefix;
}

/**
 * Hot path: `attrs` → a KeyValue array text `[…]`, or '' when nothing is kept. Keeps the first
 * `limits.count` non-null attributes; null/undefined/functions/symbols and those over the limit are
 * dropped and counted in `droppedByLastCall()` (a module variable: no result object per record).
 */
export function keyValues(attrs: Attributes | undefined, limits: ResolvedLimits): string {
  droppedLast = 0;
  if (attrs === undefined || attrs === null) return '';
  let out = '';
  let kept = 0;
  let dropped = 0;
  const max = limits.count;
  const lengthLimit = limits.length;
  const keys = Object.keys(attrs); // own enumerable keys; 3x faster than for-in + hasOwn
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = attrs[key];
    if (v === undefined || v === null || typeof v === 'function' || typeof v === 'symbol') { dropped++; continue; }
    if (kept >= max) { dropped++; continue; }
    out += (kept === 0 ? '[' : ',') + keyValue(keyEntry(key), v, lengthLimit);
    kept++;
  }
  droppedLast = dropped;
  return kept === 0 ? '' : out + ']';
}

// Hot path: one KeyValue fragment, from the key's value cache when the value is a short scalar.
function keyValue(e: KeyEntry, v: AttributeValue, lengthLimit: number): string {
  let values = e.values;
  if (values !== null && (typeof v === 'string' ? v.length <= MAX_CACHED_STRING && v.length <= lengthLimit : typeof v === 'boolean' || Number.isSafeInteger(v))) {
    if (values === undefined) values = e.values = new Map();
    let frag = values.get(v as string | number | boolean);
    if (frag === undefined) {
      frag = e.prefix + anyValue(v, lengthLimit) + '}';
      if (values.size < VALUES_PER_KEY) values.set(v as string | number | boolean, frag);
      else e.values = null; // high cardinality: stop caching this key
    }
    return frag;
  }
  return e.prefix + anyValue(v, lengthLimit) + '}';
}

/**
 * Renders attributes as an OTLP KeyValue array text (`[…]`, `[]` when empty), without limits:
 * for metric points' `attributesJson` (render a series once, reuse it on every export).
 * null/undefined values are left out. Throws only if a user value's getter/iterator throws.
 */
export function encodeAttributes(attrs: Attributes): string {
  const text = keyValues(attrs, NO_LIMITS);
  return text === '' ? '[]' : text;
}

// ---------------------------------------------------------------- AnyValue

const TRUE = '{"boolValue":true}';
const FALSE = '{"boolValue":false}';
const EMPTY = '{}';
const ancestors: object[] = [];
let budget = 0;

/**
 * Hot path: one attribute value → AnyValue text. `null`/`undefined` (and functions/symbols)
 * become the empty value `{}`; callers drop them at top level. Strings are cut to `lengthLimit`
 * UTF-16 units, bytes to `lengthLimit` bytes, recursively.
 */
export function anyValue(v: AttributeValue, lengthLimit: number): string {
  switch (typeof v) {
    case 'string':
      return '{"stringValue":' + (v.length > lengthLimit ? quoteLimited(v, lengthLimit) : quote(v)) + '}';
    case 'number':
      return Number.isSafeInteger(v) ? '{"intValue":"' + (v === 0 ? 0 : v) + '"}' : '{"doubleValue":' + doubleText(v) + '}';
    case 'boolean':
      return v ? TRUE : FALSE;
    case 'bigint':
      if (v >= INT64_MIN && v <= INT64_MAX) return '{"intValue":"' + v + '"}';
      coerced++;
      return '{"stringValue":"' + v + '"}';
    case 'object':
      if (v === null) return EMPTY;
      if (v instanceof Uint8Array) return '{"bytesValue":"' + base64(v, lengthLimit) + '"}';
      ancestors.length = 0;
      budget = MAX_NESTED_VALUES;
      return container(v, lengthLimit);
    default:
      return EMPTY;
  }
}

// Arrays, Maps and other objects, with the cycle / depth / budget guards. `ancestors` is the
// path from the top-level value (module-level: no allocation per call).
function container(v: object, lengthLimit: number): string {
  if (ancestors.length >= MAX_NESTING_DEPTH) return marker(MARKER_MAX_DEPTH);
  if (ancestors.includes(v)) return marker(MARKER_CIRCULAR);
  ancestors.push(v);
  let out: string;
  if (Array.isArray(v)) {
    out = '{"arrayValue":{';
    const n = v.length;
    for (let i = 0; i < n; i++) {
      out += (i === 0 ? '"values":[' : ',') + nested(v[i] as AttributeValue, lengthLimit);
      if (budget < 0) break;
    }
    out += n > 0 ? ']}}' : '}}';
  } else if (v instanceof Map) {
    out = '{"kvlistValue":{';
    let i = 0;
    for (const [k, x] of v as Map<unknown, AttributeValue>) {
      out += (i++ === 0 ? '"values":[' : ',') + keyPrefix(typeof k === 'string' ? k : String(k)) + nested(x, lengthLimit) + '}';
      if (budget < 0) break;
    }
    out += i > 0 ? ']}}' : '}}';
  } else if (v instanceof Date) {
    out = '{"stringValue":' + quote(Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()) + '}';
  } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    // other typed arrays (Float64Array, BigInt64Array, …): an array of their numbers
    out = '{"arrayValue":{';
    const a = v as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < a.length; i++) {
      out += (i === 0 ? '"values":[' : ',') + nested(a[i]!, lengthLimit);
      if (budget < 0) break;
    }
    out += a.length > 0 ? ']}}' : '}}';
  } else if (v instanceof Set) {
    out = '{"arrayValue":{';
    let i = 0;
    for (const x of v as Set<AttributeValue>) {
      out += (i++ === 0 ? '"values":[' : ',') + nested(x, lengthLimit);
      if (budget < 0) break;
    }
    out += i > 0 ? ']}}' : '}}';
  } else {
    out = '{"kvlistValue":{';
    let i = 0;
    const o = v as Record<string, AttributeValue>;
    const keys = Object.keys(o);
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      out += (i++ === 0 ? '"values":[' : ',') + keyPrefix(k) + nested(o[k], lengthLimit) + '}';
      if (budget < 0) break;
    }
    out += i > 0 ? ']}}' : '}}';
  }
  ancestors.pop();
  return out;
}

function nested(v: AttributeValue, lengthLimit: number): string {
  if (--budget < 0) return marker(MARKER_TRUNCATED); // callers' loops stop after it
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) return container(v, lengthLimit);
  return anyValue(v, lengthLimit);
}

function marker(text: string): string {
  markers++;
  return '{"stringValue":"' + text + '"}';
}

// ---- The protobuf AnyValue writer shares these counters.

/** Counts one bigint outside int64 written as `stringValue` by another encoder (protobuf). */
export function noteCoercedValue(): void { coerced++; }
/** Counts one depth/cycle/truncation marker written by another encoder (protobuf). */
export function noteMarker(): void { markers++; }
