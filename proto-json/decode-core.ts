// Table-driven OTLP/JSON reader: turns parsed JSON into the canonical wire form while validating
// it. Owns the scalar rules (int64 as string or number, case-insensitive hex ids, NaN/Infinity
// doubles, std/url-safe base64, integer-only enums), snake_case key rejection, oneofs, AnyValue,
// and per-item rejection for partial success. Message tables live in decode.ts.

import { DecodeError } from './errors.ts';

/** Scalar field kinds (proto type → JSON rule). */
export type Scalar =
  | 'string' | 'bool' | 'uint32' | 'int32' | 'enum'
  | 'uint64' | 'int64' | 'double'
  | 'optionalDouble' // proto3 `optional double`: kept even when 0
  | 'oneofDouble' | 'oneofInt64' // members of a oneof: kept even when 0
  | 'traceId' | 'spanId' | 'bytes';

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
}

/** A field: a scalar, a message, a repeated scalar/message, or an AnyValue. */
export type Field =
  | Scalar
  | { readonly message: MessageSpec }
  | { readonly list: Scalar | MessageSpec }
  | 'anyValue' // one AnyValue (log body)
  | 'keyValues'; // repeated KeyValue (attributes)

/** Decoding state: partial mode catches failures of item messages instead of throwing. */
export interface DecodeContext {
  readonly partial: boolean;
  rejected: number;
  readonly errors: DecodeError[];
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
const UINT64_MAX = 0xffff_ffff_ffff_ffffn;
const INT64_MAX = 0x7fff_ffff_ffff_ffffn;
const INT64_MIN = -0x8000_0000_0000_0000n;
const DIGITS = /^\d+$/;
const SIGNED_DIGITS = /^-?\d+$/;
const DOUBLE_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^[0-9a-fA-F]*$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function at(path: string, key: string): string {
  return path === '' ? key : path + '.' + key;
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
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
  if (!key.includes('_')) return;
  const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  if (spec.fields[camel] !== undefined) {
    throw new DecodeError(at(path, key), `snake_case key "${key}" is not valid OTLP/JSON; use "${camel}"`);
  }
}

function readField(field: Field, v: unknown, path: string, ctx: DecodeContext): unknown {
  if (typeof field === 'string') {
    if (field === 'anyValue') return readAnyValue(v, path, 0);
    if (field === 'keyValues') return readKeyValues(v, path);
    const value = readScalar(field, v, path);
    return isDefault(field, value) ? undefined : value;
  }
  if ('message' in field) {
    const m = readMessage(field.message, v, path, ctx);
    return field.message.dropEmpty === true && isEmpty(m) ? undefined : m;
  }
  if (!Array.isArray(v)) throw new DecodeError(path, `expected an array, got ${kindOf(v)}`);
  const item = field.list;
  const out: unknown[] = [];
  for (let i = 0; i < v.length; i++) {
    const p = path + '[' + i + ']';
    if (typeof item === 'string') {
      out.push(readScalar(item, v[i], p));
    } else if (ctx.partial && item.rejects !== undefined) {
      try {
        out.push(readMessage(item, v[i], p, ctx));
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
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

function isDefault(kind: Scalar, value: unknown): boolean {
  switch (kind) {
    case 'optionalDouble': case 'oneofDouble': case 'oneofInt64': return false;
    case 'uint64': case 'int64': return value === '0';
    case 'bool': return value === false;
    case 'string': case 'traceId': case 'spanId': case 'bytes': return value === '';
    default: return value === 0;
  }
}

/** Reads one scalar in canonical form: int64 → decimal string, double → number, ids → lowercase hex. */
export function readScalar(kind: Scalar, v: unknown, path: string): unknown {
  switch (kind) {
    case 'string':
      if (typeof v !== 'string') throw new DecodeError(path, `expected a string, got ${kindOf(v)}`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw new DecodeError(path, `expected true or false, got ${kindOf(v)}`);
      return v;
    case 'enum':
      if (typeof v === 'string') throw new DecodeError(path, `enum given as a name (${JSON.stringify(v)}); OTLP/JSON requires the integer value`);
      return readInt(v, path, -0x8000_0000, 0x7fff_ffff, false);
    case 'uint32': return readInt(v, path, 0, 0xffff_ffff, true);
    case 'int32': return readInt(v, path, -0x8000_0000, 0x7fff_ffff, true);
    case 'uint64': return readInt64(v, path, 0n, UINT64_MAX);
    case 'int64': case 'oneofInt64': return readInt64(v, path, INT64_MIN, INT64_MAX);
    case 'double': case 'optionalDouble': case 'oneofDouble': return readDouble(v, path);
    case 'traceId': return readId(v, path, 32);
    case 'spanId': return readId(v, path, 16);
    case 'bytes': return readBytes(v, path);
  }
}

function readInt(v: unknown, path: string, min: number, max: number, allowString: boolean): number {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (allowString && typeof v === 'string' && SIGNED_DIGITS.test(v)) n = Number(v);
  else throw new DecodeError(path, `expected an integer, got ${kindOf(v)}`);
  if (!Number.isInteger(n) || n < min || n > max) throw new DecodeError(path, `integer out of range [${min}, ${max}]: ${String(v)}`);
  return n === 0 ? 0 : n;
}

// Up to 18 digits without a leading zero always fits int64 and uint64: no BigInt needed.
const SHORT_CANONICAL = /^(?:0|-?[1-9]\d{0,17})$/;

function readInt64(v: unknown, path: string, min: bigint, max: bigint): string {
  if (typeof v === 'string' && SHORT_CANONICAL.test(v) && (min < 0n || v.charCodeAt(0) !== 45)) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && (min < 0n || v >= 0)) return '' + (v === 0 ? 0 : v);
  let b: bigint;
  if (typeof v === 'string' && SIGNED_DIGITS.test(v)) b = BigInt(v);
  else if (typeof v === 'number' && Number.isInteger(v)) b = BigInt(v);
  else throw new DecodeError(path, `expected a 64-bit integer (decimal string or integer number), got ${typeof v === 'string' ? JSON.stringify(v) : kindOf(v)}`);
  if (b < min || b > max) throw new DecodeError(path, `64-bit integer out of range: ${String(v)}`);
  return b.toString();
}

function readDouble(v: unknown, path: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    if (DOUBLE_TEXT.test(v)) return Number(v);
  }
  throw new DecodeError(path, `expected a number or "NaN"/"Infinity"/"-Infinity", got ${typeof v === 'string' ? JSON.stringify(v) : kindOf(v)}`);
}

function readId(v: unknown, path: string, hexLength: number): string {
  if (typeof v !== 'string') throw new DecodeError(path, `expected a hex id string, got ${kindOf(v)}`);
  if (v === '') return '';
  if (v.length !== hexLength) throw new DecodeError(path, `invalid id length: ${v.length} hex chars, expected ${hexLength}`);
  if (!HEX.test(v)) throw new DecodeError(path, 'id is not hex (OTLP/JSON ids are hex, not base64)');
  return v.toLowerCase();
}

function readBytes(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new DecodeError(path, `expected a base64 string, got ${kindOf(v)}`);
  const bare = v.replace(/=+$/, '');
  if (!BASE64.test(v) || bare.length % 4 === 1) throw new DecodeError(path, 'invalid base64');
  return Buffer.from(bare, 'base64').toString('base64');
}

const ANY_VALUE_KEYS = ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] as const;
const ANY_VALUE_SNAKE: Readonly<Record<string, string>> = {
  string_value: 'stringValue', bool_value: 'boolValue', int_value: 'intValue', double_value: 'doubleValue',
  array_value: 'arrayValue', kvlist_value: 'kvlistValue', bytes_value: 'bytesValue',
};

/** Reads an AnyValue (recursive, depth-limited). `{}` is the empty value and is kept. */
export function readAnyValue(v: unknown, path: string, depth: number): Record<string, unknown> {
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
      case 'stringValue': out = { stringValue: readScalar('string', x, p) }; break;
      case 'boolValue': out = { boolValue: readScalar('bool', x, p) }; break;
      case 'intValue': out = { intValue: readScalar('int64', x, p) }; break;
      case 'doubleValue': out = { doubleValue: readScalar('double', x, p) }; break;
      case 'bytesValue': out = { bytesValue: readScalar('bytes', x, p) }; break;
      case 'arrayValue': out = { arrayValue: readValues(x, p, depth, false) }; break;
      case 'kvlistValue': out = { kvlistValue: readValues(x, p, depth, true) }; break;
    }
  }
  return out;
}

// ArrayValue / KeyValueList: `{ values?: [...] }`.
function readValues(v: unknown, path: string, depth: number, keyed: boolean): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DecodeError(path, `expected an object, got ${kindOf(v)}`);
  const values = (v as { values?: unknown }).values;
  if (values === undefined || values === null) return {};
  if (!Array.isArray(values)) throw new DecodeError(path + '.values', `expected an array, got ${kindOf(values)}`);
  if (values.length === 0) return {};
  const out: unknown[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const p = path + '.values[' + i + ']';
    out[i] = keyed ? readKeyValue(values[i], p, depth + 1) : readAnyValue(values[i], p, depth + 1);
  }
  return { values: out };
}

function readKeyValues(v: unknown, path: string): unknown[] | undefined {
  if (!Array.isArray(v)) throw new DecodeError(path, `expected an array, got ${kindOf(v)}`);
  if (v.length === 0) return undefined;
  const out: unknown[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = readKeyValue(v[i], path + '[' + i + ']', 0);
  return out;
}

/** Reads a KeyValue; `value` is always present in the canonical form (`{}` when absent). */
export function readKeyValue(v: unknown, path: string, depth: number): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DecodeError(path, `expected an object (KeyValue), got ${kindOf(v)}`);
  const src = v as { key?: unknown; value?: unknown };
  const out: Record<string, unknown> = {};
  if (src.key !== undefined && src.key !== null) {
    const key = readScalar('string', src.key, at(path, 'key'));
    if (key !== '') out.key = key;
  }
  out.value = src.value === undefined || src.value === null ? {} : readAnyValue(src.value, at(path, 'value'), depth);
  return out;
}
