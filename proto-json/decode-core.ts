// Table-driven OTLP/JSON reader: turns parsed JSON into the canonical wire form while validating
// it. Owns snake_case key rejection, oneofs, AnyValue, request limits and per-item rejection for
// partial success; the scalar rules (int64, hex ids, doubles, base64, enums) are in
// decode-scalars.ts, the message tables in decode.ts.

import { DecodeError, DecodeLimitError } from './errors.ts';
import { isDefault, kindOf, readScalar, wellFormed, type Scalar } from './decode-scalars.ts';

export { readScalar, type Scalar };

/** A message table: fields by lowerCamelCase JSON name. */
export interface MessageSpec {
  readonly name: string;
  readonly fields: Readonly<Record<string, Field>>;
  /** Groups of field names of which at most one may be set. */
  readonly oneofs?: readonly (readonly string[])[];
  /** Omit the message when it decodes to `{}` (Status, Buckets: empty ≡ absent). */
  readonly dropEmpty?: boolean;
  /** Set on item messages (span, log record, data point, metric): how many items a failure rejects. */
  readonly rejects?: (raw: unknown) => number;
  /** Fields that must be set (checked in strict mode only), e.g. a span's ids. */
  readonly required?: readonly string[];
}

/** A field: a scalar, a message, a repeated scalar/message, or an AnyValue. */
export type Field =
  | Scalar
  | { readonly message: MessageSpec }
  | { readonly list: Scalar | MessageSpec }
  | 'anyValue' // one AnyValue (log body)
  | 'keyValues'; // repeated KeyValue (attributes)

/** Caps on what one request may hold, checked while decoding (before anything is built from it). */
export interface DecodeLimits {
  /** Spans, log records and metric data points (metrics count too), valid or not. */
  readonly maxItems: number;
  /** Attributes, array/kvlist entries and the entries of every other repeated field. */
  readonly maxValues: number;
}

/**
 * Decoding state: partial mode catches failures of item messages instead of throwing; strict
 * mode also requires what our encoder always writes (span/link ids, non-zero ids); limits, when
 * set, make an oversized request throw DecodeLimitError as soon as a count passes its cap.
 */
export interface DecodeContext {
  readonly partial: boolean;
  rejected: number;
  readonly errors: DecodeError[];
  readonly strict?: boolean;
  readonly limits?: DecodeLimits | undefined;
  /** Items and values seen so far (JSON: always counted; protobuf: counted when limits are set). */
  items?: number;
  values?: number;
}

/** Counts `n` items (`item` true) or values at `path`; throws DecodeLimitError past a limit. */
export function countDecoded(ctx: DecodeContext, item: boolean, n: number, path: string): void {
  if (item) {
    const items = (ctx.items = (ctx.items ?? 0) + n);
    if (ctx.limits !== undefined && items > ctx.limits.maxItems) {
      throw new DecodeLimitError(path === '' ? '$' : path, 'items', `request holds more than ${ctx.limits.maxItems} items (spans, log records, metric points)`);
    }
  } else {
    const values = (ctx.values = (ctx.values ?? 0) + n);
    if (ctx.limits !== undefined && values > ctx.limits.maxValues) {
      throw new DecodeLimitError(path === '' ? '$' : path, 'values', `request holds more than ${ctx.limits.maxValues} values (attributes, list entries)`);
    }
  }
}

/** True for a non-empty id of only zeros (invalid in OTLP, never written by our encoder). */
export function isZeroId(hex: string): boolean {
  if (hex === '') return false;
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
}

/** Builds a message table with a null prototype (so `__proto__` and friends are plain unknown keys). */
export function message(
  name: string,
  fields: Record<string, Field>,
  extra: Omit<MessageSpec, 'name' | 'fields'> = {},
): MessageSpec {
  return { name, fields: Object.assign(Object.create(null) as Record<string, Field>, fields), ...extra };
}

const MAX_ANY_VALUE_DEPTH = 256;
const MAX_RECORDED_ERRORS = 16;

/** The context of the public AnyValue readers: no limits, nothing counted that anyone reads. */
const NO_LIMITS: DecodeContext = { partial: false, rejected: 0, errors: [] };

function at(path: string, key: string): string {
  return path === '' ? key : path + '.' + key;
}

/** Reads `raw` as message `spec` at `path`, returning the canonical object. Throws DecodeError. */
export function readMessage(spec: MessageSpec, raw: unknown, path: string, ctx: DecodeContext): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DecodeError(path === '' ? '$' : path, `expected an object (${spec.name}), got ${kindOf(raw)}`);
  }
  const out: Record<string, unknown> = {};
  const src = raw as Record<string, unknown>;
  for (const key in src) {
    const field = spec.fields[key];
    if (field === undefined) {
      rejectSnakeCase(spec, key, path);
      continue; // unknown fields are ignored
    }
    const v = src[key];
    if (v === null || v === undefined) continue; // null = unset
    const value = readField(field, v, at(path, key), ctx);
    if (value !== undefined) out[key] = value;
  }
  if (ctx.strict === true && spec.required !== undefined) {
    for (const k of spec.required) if (out[k] === undefined) throw new DecodeError(at(path, k), `missing ${k} (required)`);
  }
  if (spec.oneofs !== undefined) {
    for (const group of spec.oneofs) {
      let set = 0;
      for (const k of group) if (out[k] !== undefined) set++;
      if (set > 1) throw new DecodeError(path === '' ? '$' : path, `more than one of ${group.join(' / ')} is set (oneof)`);
    }
  }
  return out;
}

function rejectSnakeCase(spec: MessageSpec, key: string, path: string): void {
  // Field names are short: a long key cannot be a snake_case spelling of one (and is not rewritten).
  if (key.length > 64 || !key.includes('_')) return;
  const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  if (spec.fields[camel] !== undefined) {
    throw new DecodeError(at(path, key), `snake_case key "${key}" is not valid OTLP/JSON; use "${camel}"`);
  }
}

function readField(field: Field, v: unknown, path: string, ctx: DecodeContext): unknown {
  if (typeof field === 'string') {
    if (field === 'anyValue') return readAnyValue(v, path, 0, ctx);
    if (field === 'keyValues') return readKeyValues(v, path, ctx);
    const value = readScalar(field, v, path);
    if (ctx.strict === true) {
      if ((field === 'traceId' || field === 'spanId') && isZeroId(value as string)) throw new DecodeError(path, 'id is all zeros (invalid)');
      if (field === 'string') wellFormed(value as string, path);
    }
    return isDefault(field, value) ? undefined : value;
  }
  if ('message' in field) {
    const m = readMessage(field.message, v, path, ctx);
    return field.message.dropEmpty === true && isEmpty(m) ? undefined : m;
  }
  if (!Array.isArray(v)) throw new DecodeError(path, `expected an array, got ${kindOf(v)}`);
  const item = field.list;
  // Counted before anything is read: an oversized list is refused without building it.
  countDecoded(ctx, typeof item !== 'string' && item.rejects !== undefined, v.length, path);
  const out: unknown[] = [];
  for (let i = 0; i < v.length; i++) {
    const p = path + '[' + i + ']';
    if (typeof item === 'string') {
      const value = readScalar(item, v[i], p);
      if (item === 'string' && ctx.strict === true) wellFormed(value as string, p);
      out.push(value);
    } else if (ctx.partial && item.rejects !== undefined) {
      try {
        out.push(readMessage(item, v[i], p, ctx));
      } catch (err) {
        if (!(err instanceof DecodeError) || err instanceof DecodeLimitError) throw err;
        ctx.rejected += item.rejects(v[i]);
        if (ctx.errors.length < MAX_RECORDED_ERRORS) ctx.errors.push(err);
      }
    } else {
      out.push(readMessage(item, v[i], p, ctx));
    }
  }
  return out.length === 0 ? undefined : out;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

const ANY_VALUE_KEYS = ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] as const;
const ANY_VALUE_SNAKE: Readonly<Record<string, string>> = {
  string_value: 'stringValue', bool_value: 'boolValue', int_value: 'intValue', double_value: 'doubleValue',
  array_value: 'arrayValue', kvlist_value: 'kvlistValue', bytes_value: 'bytesValue',
};

/** Reads an AnyValue (recursive, depth-limited). `{}` is the empty value and is kept. */
export function readAnyValue(v: unknown, path: string, depth: number, ctx: DecodeContext = NO_LIMITS): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DecodeError(path, `expected an object (AnyValue), got ${kindOf(v)}`);
  if (depth > MAX_ANY_VALUE_DEPTH) throw new DecodeError(path, `AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH}`);
  const src = v as Record<string, unknown>;
  for (const key in src) {
    const camel = Object.hasOwn(ANY_VALUE_SNAKE, key) ? ANY_VALUE_SNAKE[key] : undefined;
    if (camel !== undefined) throw new DecodeError(at(path, key), `snake_case key "${key}" is not valid OTLP/JSON; use "${camel}"`);
  }
  let out: Record<string, unknown> = {};
  let set: string | undefined;
  for (const key of ANY_VALUE_KEYS) {
    const x = src[key];
    if (x === undefined || x === null) continue;
    if (set !== undefined) throw new DecodeError(path, `more than one of ${set} / ${key} is set (AnyValue oneof)`);
    set = key;
    const p = at(path, key);
    switch (key) {
      case 'stringValue': out = { stringValue: ctx.strict === true ? wellFormed(readScalar('string', x, p) as string, p) : readScalar('string', x, p) }; break;
      case 'boolValue': out = { boolValue: readScalar('bool', x, p) }; break;
      case 'intValue': out = { intValue: readScalar('int64', x, p) }; break;
      case 'doubleValue': out = { doubleValue: readScalar('double', x, p) }; break;
      case 'bytesValue': out = { bytesValue: readScalar('bytes', x, p) }; break;
      case 'arrayValue': out = { arrayValue: readValues(x, p, depth, false, ctx) }; break;
      case 'kvlistValue': out = { kvlistValue: readValues(x, p, depth, true, ctx) }; break;
    }
  }
  return out;
}

// ArrayValue / KeyValueList: `{ values?: [...] }`.
function readValues(v: unknown, path: string, depth: number, keyed: boolean, ctx: DecodeContext): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DecodeError(path, `expected an object, got ${kindOf(v)}`);
  const values = (v as { values?: unknown }).values;
  if (values === undefined || values === null) return {};
  if (!Array.isArray(values)) throw new DecodeError(path + '.values', `expected an array, got ${kindOf(values)}`);
  if (values.length === 0) return {};
  countDecoded(ctx, false, values.length, path + '.values');
  const out: unknown[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const p = path + '.values[' + i + ']';
    out[i] = keyed ? readKeyValue(values[i], p, depth + 1, ctx) : readAnyValue(values[i], p, depth + 1, ctx);
  }
  return { values: out };
}

function readKeyValues(v: unknown, path: string, ctx: DecodeContext): unknown[] | undefined {
  if (!Array.isArray(v)) throw new DecodeError(path, `expected an array, got ${kindOf(v)}`);
  if (v.length === 0) return undefined;
  countDecoded(ctx, false, v.length, path);
  const out: unknown[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = readKeyValue(v[i], path + '[' + i + ']', 0, ctx);
  return out;
}

/** Reads a KeyValue; `value` is always present in the canonical form (`{}` when absent). */
export function readKeyValue(v: unknown, path: string, depth: number, ctx: DecodeContext = NO_LIMITS): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DecodeError(path, `expected an object (KeyValue), got ${kindOf(v)}`);
  const src = v as { key?: unknown; value?: unknown };
  const out: Record<string, unknown> = {};
  if (src.key !== undefined && src.key !== null) {
    const key = readScalar('string', src.key, at(path, 'key')) as string;
    if (ctx.strict === true) wellFormed(key, at(path, 'key'));
    if (key !== '') out.key = key;
  }
  out.value = src.value === undefined || src.value === null ? {} : readAnyValue(src.value, at(path, 'value'), depth, ctx);
  return out;
}
