// KeyValue / AnyValue protobuf writer: JS attribute values → `repeated KeyValue` fields, with the
// exact rules of the JSON writer (../attributes.ts): count and value-length limits, null/undefined
// dropped and counted, safe integers → int_value, other numbers → double_value, bigints outside
// int64 → string_value (counted), Date → ISO string, typed arrays / Sets → array_value, Maps and
// objects → kvlist_value, and the same depth / cycle / fan-out markers (shared counters).

import type { Attributes, AttributeValue } from '../model.ts';
import {
  MARKER_CIRCULAR, MARKER_MAX_DEPTH, MARKER_TRUNCATED, MAX_NESTED_VALUES, MAX_NESTING_DEPTH, noteCoercedValue, noteMarker,
  type ResolvedLimits,
} from '../attributes.ts';
import { INT64_MAX, INT64_MIN } from '../json.ts';
import { ProtoWriter } from './writer.ts';

// AnyValue field tags: string_value=1 (LEN), bool_value=2 (VARINT), int_value=3 (VARINT),
// double_value=4 (I64), array_value=5 (LEN), kvlist_value=6 (LEN), bytes_value=7 (LEN).
const T_STRING = 0x0a;
const T_BOOL = 0x10;
const T_INT = 0x18;
const T_DOUBLE = 0x21;
const T_ARRAY = 0x2a;
const T_KVLIST = 0x32;
const T_BYTES = 0x3a;
// KeyValue: key=1 (LEN), value=2 (LEN). ArrayValue / KeyValueList: values=1 (LEN).
const T_KEY = 0x0a;
const T_VALUE = 0x12;
const T_VALUES = 0x0a;

// Per attribute key: its `key` field (tag + length + UTF-8), encoded once, and whole KeyValue
// messages (length-prefixed, without the field tag, which differs per record type) of the short
// scalar values seen with that key while it looks low-cardinality (<= VALUES_PER_KEY distinct
// values; then `values` becomes null). The JSON writer's cache, in bytes: a repeated pair such as
// http.request.method=GET costs one Map lookup and a 30-byte copy. Bounded: at most
// MAX_CACHED_KEYS keys, cleared when full.
interface KeyEntry { readonly key: Uint8Array; values: Map<string | number | boolean, Uint8Array> | null }
const keyEntries = new Map<string, KeyEntry>();
const MAX_CACHED_KEYS = 1024;
const VALUES_PER_KEY = 16;
const MAX_CACHED_STRING = 64;

function keyEntry(key: string): KeyEntry {
  let e = keyEntries.get(key);
  if (e === undefined) {
    const w = new ProtoWriter(key.length * 3 + 8);
    w.byte(T_KEY);
    w.string(key);
    e = { key: Uint8Array.prototype.slice.call(w.finish()), values: new Map() };
    if (keyEntries.size >= MAX_CACHED_KEYS) keyEntries.clear();
    keyEntries.set(key, e);
  }
  return e;
}

function keyField(key: string): Uint8Array {
  return keyEntry(key).key;
}

// A whole KeyValue (length prefix + key + value), for the value cache.
function keyValueFragment(e: KeyEntry, v: string | number | boolean, lengthLimit: number): Uint8Array {
  const w = new ProtoWriter(e.key.length + (typeof v === 'string' ? v.length * 3 : 16) + 16);
  writeKeyValue(w, e, v, lengthLimit);
  return Uint8Array.prototype.slice.call(w.finish());
}

// Hot path: one KeyValue message (length prefix + the key's cached bytes + the value).
function writeKeyValue(w: ProtoWriter, e: KeyEntry, v: AttributeValue, lengthLimit: number): void {
  const kv = w.fork(1);
  w.raw(e.key);
  w.byte(T_VALUE);
  const value = w.fork(1);
  writeAnyValue(w, v, lengthLimit);
  w.join(value, 1);
  w.join(kv, 1);
}

/**
 * Hot path: writes `attrs` as repeated KeyValue field `tag` (a one-byte LEN tag) and returns how
 * many attributes were dropped: null/undefined/functions/symbols, and those over `limits.count`.
 * The first `limits.count` kept attributes are written, in key order, like the JSON writer.
 */
export function writeKeyValues(w: ProtoWriter, tag: number, attrs: Attributes | undefined, limits: ResolvedLimits): number {
  if (attrs === undefined || attrs === null) return 0;
  let kept = 0;
  let dropped = 0;
  const max = limits.count;
  const lengthLimit = limits.length;
  const keys = Object.keys(attrs);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = attrs[key];
    if (v === undefined || v === null || typeof v === 'function' || typeof v === 'symbol') { dropped++; continue; }
    if (kept >= max) { dropped++; continue; }
    kept++;
    w.byte(tag);
    const e = keyEntry(key);
    const values = e.values;
    if (values !== null && (typeof v === 'string' ? v.length <= MAX_CACHED_STRING && v.length <= lengthLimit : typeof v === 'boolean' || Number.isSafeInteger(v))) {
      let frag = values.get(v as string | number | boolean);
      if (frag === undefined) {
        frag = keyValueFragment(e, v as string | number | boolean, lengthLimit);
        if (values.size < VALUES_PER_KEY) values.set(v as string | number | boolean, frag);
        else e.values = null; // high cardinality: stop caching this key
      }
      w.raw(frag);
      continue;
    }
    writeKeyValue(w, e, v, lengthLimit);
  }
  return dropped;
}

/** Cuts `s` to at most `limit` UTF-16 units without splitting a surrogate pair. */
function cut(s: string, limit: number): string {
  let end = limit;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return s.slice(0, end);
}

const ancestors: object[] = [];
let budget = 0;

/**
 * Hot path: the fields of one AnyValue message for `v` (the caller wrote the tag and length
 * reservation). null/undefined/functions/symbols write nothing (the empty AnyValue); callers drop
 * them at top level. Strings are cut to `lengthLimit` UTF-16 units, bytes to `lengthLimit` bytes.
 */
export function writeAnyValue(w: ProtoWriter, v: AttributeValue, lengthLimit: number): void {
  switch (typeof v) {
    case 'string':
      w.byte(T_STRING);
      w.string(v.length > lengthLimit ? cut(v, lengthLimit) : v);
      return;
    case 'number':
      if (Number.isSafeInteger(v)) { w.byte(T_INT); w.int64(v); } else { w.byte(T_DOUBLE); w.double(v); }
      return;
    case 'boolean':
      w.byte(T_BOOL);
      w.byte(v ? 1 : 0);
      return;
    case 'bigint':
      if (v >= INT64_MIN && v <= INT64_MAX) { w.byte(T_INT); w.int64Big(v); return; }
      noteCoercedValue();
      w.byte(T_STRING);
      w.string(v.toString());
      return;
    case 'object':
      if (v === null) return;
      if (v instanceof Uint8Array) {
        w.byte(T_BYTES);
        w.bytes(v, v.byteLength > lengthLimit ? lengthLimit : v.byteLength);
        return;
      }
      ancestors.length = 0;
      budget = MAX_NESTED_VALUES;
      container(w, v, lengthLimit);
      return;
    default:
      return;
  }
}

// Arrays, Maps and other objects, with the cycle / depth / budget guards of the JSON writer.
function container(w: ProtoWriter, v: object, lengthLimit: number): void {
  if (ancestors.length >= MAX_NESTING_DEPTH) { marker(w, MARKER_MAX_DEPTH); return; }
  if (ancestors.includes(v)) { marker(w, MARKER_CIRCULAR); return; }
  ancestors.push(v);
  if (v instanceof Date) {
    w.byte(T_STRING);
    w.string(Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString());
    ancestors.pop();
    return;
  }
  const isArray = Array.isArray(v);
  const isMap = !isArray && v instanceof Map;
  const isTyped = !isArray && !isMap && ArrayBuffer.isView(v) && !(v instanceof DataView);
  const isSet = !isArray && !isMap && !isTyped && v instanceof Set;
  w.byte(isArray || isTyped || isSet ? T_ARRAY : T_KVLIST);
  const start = w.fork(1);
  if (isArray) {
    for (let i = 0; i < v.length; i++) {
      element(w, v[i] as AttributeValue, lengthLimit);
      if (budget < 0) break;
    }
  } else if (isMap) {
    for (const [k, x] of v as Map<unknown, AttributeValue>) {
      entry(w, typeof k === 'string' ? k : String(k), x, lengthLimit);
      if (budget < 0) break;
    }
  } else if (isTyped) {
    const a = v as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < a.length; i++) {
      element(w, a[i]!, lengthLimit);
      if (budget < 0) break;
    }
  } else if (isSet) {
    for (const x of v as Set<AttributeValue>) {
      element(w, x, lengthLimit);
      if (budget < 0) break;
    }
  } else {
    const o = v as Record<string, AttributeValue>;
    const keys = Object.keys(o);
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      entry(w, k, o[k], lengthLimit);
      if (budget < 0) break;
    }
  }
  w.join(start, 1);
  ancestors.pop();
}

// One ArrayValue.values element.
function element(w: ProtoWriter, x: AttributeValue, lengthLimit: number): void {
  w.byte(T_VALUES);
  const start = w.fork(1);
  nested(w, x, lengthLimit);
  w.join(start, 1);
}

// One KeyValueList.values entry.
function entry(w: ProtoWriter, key: string, x: AttributeValue, lengthLimit: number): void {
  w.byte(T_VALUES);
  const start = w.fork(1);
  w.raw(keyField(key));
  w.byte(T_VALUE);
  const value = w.fork(1);
  nested(w, x, lengthLimit);
  w.join(value, 1);
  w.join(start, 1);
}

function nested(w: ProtoWriter, v: AttributeValue, lengthLimit: number): void {
  if (--budget < 0) { marker(w, MARKER_TRUNCATED); return; } // callers' loops stop after it
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) container(w, v, lengthLimit);
  else writeAnyValue(w, v, lengthLimit);
}

function marker(w: ProtoWriter, text: string): void {
  noteMarker();
  w.byte(T_STRING);
  w.string(text);
}
