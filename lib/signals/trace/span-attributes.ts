// Hot path: what a span stores, made safe: attributes copied under their count limit (arrays
// copied, `__proto__` kept as data), links and exceptions read field by field so a hostile Proxy
// or getter loses only its own field, names as strings. No closures; one shared scratch counter.
import type { Attributes, AttributeValue, SpanLinkData } from '../../../proto-json/model.ts';
import { SpanFlags } from '../../../proto-json/model.ts';
import type { Link, TracerCounters } from './span-api.ts';

/** The shared empty attributes of a span, event or link without any (never written). */
export const NO_ATTRIBUTES: Attributes = Object.freeze({}) as Attributes;

/** An array attribute's copy; undefined when copying throws (a hostile Proxy). */
function copyArray(value: readonly unknown[]): AttributeValue | undefined {
  try {
    return value.slice() as AttributeValue;
  } catch {
    return undefined;
  }
}

/**
 * Stores `value` under `key` unless the count limit is reached; returns the new count, -1 when
 * dropped at the limit, -2 when the value could not be read (an array whose copy throws). Arrays
 * are copied unless `copyArrays` is false (log records keep them as given).
 */
export function put(attrs: Attributes, count: number, limit: number, key: string, value: AttributeValue, copyArrays = true): number {
  let v = value;
  if (copyArrays && Array.isArray(value)) {
    v = copyArray(value)!;
    if (v === undefined) return -2;
  }
  const cur = attrs[key];
  if (cur === undefined || !Object.hasOwn(attrs, key)) {
    if (count >= limit) return -1;
    count++;
  }
  if (key === '__proto__') Object.defineProperty(attrs, key, { value: v, enumerable: true, writable: true, configurable: true });
  else attrs[key] = v;
  return count;
}

/**
 * Hot path: `src` copied by one spread when every entry is kept as is (a non-empty key; a value
 * neither null nor undefined, nor an array when arrays are copied; at most `limit` of them); else
 * undefined, for the filtering path. A spread clones per input shape in one step, where a loop of
 * `attrs[key] = v` into a fresh object goes through V8's megamorphic store cache and stalls ~10 µs
 * on some calls.
 */
function cleanClone(src: Attributes, limit: number, copyArrays: boolean): Attributes | undefined {
  const copy: Attributes = { ...src };
  let count = 0;
  for (const key in copy) {
    const v = copy[key];
    if (key === '' || v === undefined || v === null || (copyArrays && Array.isArray(v)) || ++count > limit) return undefined;
  }
  return copy;
}

/**
 * Copies `src` into a new object under `limit` (empty keys, null and undefined values left out,
 * `__proto__` kept as data); returns it, the number dropped at the limit in `out`. Arrays are
 * copied unless `copyArrays` is false.
 */
export function copyAttributes(src: Attributes | undefined, limit: number, out: { dropped: number }, copyArrays = true): Attributes {
  out.dropped = 0;
  if (src === undefined || src === null) return NO_ATTRIBUTES;
  const clean = cleanClone(src, limit, copyArrays);
  if (clean !== undefined) return clean;
  const attrs: Attributes = {};
  let count = 0;
  for (const key in src) {
    if (!Object.hasOwn(src, key)) continue;
    const value = src[key];
    if (value === undefined || value === null || key === '') continue;
    const next = put(attrs, count, limit, key, value, copyArrays);
    if (next < 0) out.dropped++;
    else count = next;
  }
  return attrs;
}

/** Scratch out-parameter of copyAttributes (one per process: spans and log records are built synchronously). */
export const dropped = { dropped: 0 };

/** A name as a string: strings as given (hot path), else String(name), else '(invalid name)' counted. */
export function spanName(name: unknown, counters: TracerCounters): string {
  if (typeof name === 'string') return name;
  try {
    return String(name);
  } catch {
    counters.invalidInputs++;
    return '(invalid name)';
  }
}

/** `obj[key]`, or undefined when reading it throws (a hostile getter or Proxy). */
function safeGet(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Builds a SpanLinkData from a link; undefined for an invalid context. */
export function linkData(link: Link, limit: number): SpanLinkData | undefined {
  if (link === null || typeof link !== 'object') return undefined;
  const c = link.context;
  if (c === undefined || c === null || typeof c.traceId !== 'string' || typeof c.spanId !== 'string') return undefined;
  const attributes = copyAttributes(link.attributes, limit, dropped);
  return {
    traceId: c.traceId,
    spanId: c.spanId,
    traceState: c.traceState ?? '',
    attributes,
    droppedAttributesCount: dropped.dropped,
    flags: (c.traceFlags & 0xff) | SpanFlags.CONTEXT_HAS_IS_REMOTE_MASK | (c.isRemote ? SpanFlags.CONTEXT_IS_REMOTE_MASK : 0),
  };
}

/**
 * The `exception` event attributes of `exception`: exception.type / .message / .stacktrace. Each
 * property is read on its own: a throwing getter or Proxy loses only that field.
 */
export function exceptionAttributes(exception: unknown, counters: TracerCounters): Attributes {
  const attrs: Attributes = {};
  if (typeof exception === 'string') attrs['exception.message'] = exception;
  else if (exception !== null && (typeof exception === 'object' || typeof exception === 'function')) {
    const name = safeGet(exception, 'name');
    const ctor = typeof name === 'string' && name !== '' ? undefined : safeGet(exception, 'constructor');
    const type = typeof name === 'string' && name !== '' ? name : (typeof ctor === 'function' ? safeGet(ctor, 'name') : undefined);
    const code = typeof type === 'string' && type !== '' ? undefined : safeGet(exception, 'code');
    if (typeof type === 'string' && type !== '') attrs['exception.type'] = type;
    else if (typeof code === 'string' || typeof code === 'number') attrs['exception.type'] = String(code);
    const message = safeGet(exception, 'message');
    if (typeof message === 'string') attrs['exception.message'] = message;
    const stack = safeGet(exception, 'stack');
    if (typeof stack === 'string') attrs['exception.stacktrace'] = stack;
  } else {
    try {
      attrs['exception.message'] = String(exception);
    } catch {
      counters.invalidInputs++; // a Symbol-like value without a string form
    }
  }
  return attrs;
}
