// OTLP/JSON scalar rules for the table-driven reader (decode-core.ts): int64 as a decimal string
// or number, case-insensitive hex ids, NaN/Infinity doubles, std/url-safe base64, integer-only
// enums, proto3 defaults, and well-formed strings in strict mode.

import { DecodeError } from './errors.ts';

/** Scalar field kinds (proto type → JSON rule). */
export type Scalar =
  | 'string' | 'bool' | 'uint32' | 'int32' | 'enum'
  | 'uint64' | 'int64' | 'double'
  | 'optionalDouble' // proto3 `optional double`: kept even when 0
  | 'oneofDouble' | 'oneofInt64' // members of a oneof: kept even when 0
  | 'traceId' | 'spanId' | 'bytes';

const UINT64_MAX = 0xffff_ffff_ffff_ffffn;
const INT64_MAX = 0x7fff_ffff_ffff_ffffn;
const INT64_MIN = -0x8000_0000_0000_0000n;
// Every check below runs in time linear in its input: anchored regular expressions without
// nested or adjacent quantifiers over the same characters, or hand-written scanners.
const SIGNED_DIGITS = /^-?\d+$/;
const HEX = /^[0-9a-fA-F]*$/;
/** Longest excerpt of a bad value quoted in an error message. */
const MAX_QUOTED = 64;

/** A bad value for an error message: JSON-quoted, at most MAX_QUOTED characters of it. */
function quoted(v: string): string {
  return v.length > MAX_QUOTED ? `${JSON.stringify(v.slice(0, MAX_QUOTED))}… (${v.length} chars)` : JSON.stringify(v);
}

interface WellFormed { isWellFormed(): boolean }

/**
 * Strict mode: JSON escapes can spell lone surrogates, which are not UTF-8 (our encoder never
 * writes them). Returns `v`. @throws DecodeError
 */
export function wellFormed(v: string, path: string): string {
  if (!(v as unknown as WellFormed).isWellFormed()) throw new DecodeError(path, 'string holds a lone surrogate (not valid UTF-8)');
  return v;
}

/** A value's JSON kind for an error message. */
export function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** True when `value` is the proto3 default of `kind` (left out of the canonical form). */
export function isDefault(kind: Scalar, value: unknown): boolean {
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
      if (typeof v === 'string') throw new DecodeError(path, `enum given as a name (${quoted(v)}); OTLP/JSON requires the integer value`);
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
  else throw new DecodeError(path, `expected an integer, got ${typeof v === 'string' ? quoted(v) : kindOf(v)}`);
  if (!Number.isInteger(n) || n < min || n > max) throw new DecodeError(path, `integer out of range [${min}, ${max}]: ${typeof v === 'string' ? quoted(v) : String(v)}`);
  return n === 0 ? 0 : n;
}

// Up to 18 digits without a leading zero always fits int64 and uint64: no BigInt needed.
const SHORT_CANONICAL = /^(?:0|-?[1-9]\d{0,17})$/;

function readInt64(v: unknown, path: string, min: bigint, max: bigint): string {
  if (typeof v === 'string' && SHORT_CANONICAL.test(v) && (min < 0n || v.charCodeAt(0) !== 45)) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && (min < 0n || v >= 0)) return '' + (v === 0 ? 0 : v);
  let b: bigint;
  if (typeof v === 'string' && SIGNED_DIGITS.test(v)) {
    // More than 20 significant digits is out of range: refused before BigInt parses it (which is
    // not linear in the length of the text).
    let i = v.charCodeAt(0) === 45 ? 1 : 0;
    while (i < v.length - 1 && v.charCodeAt(i) === 48) i++;
    if (v.length - i > 20) throw new DecodeError(path, `64-bit integer out of range: ${quoted(v)}`);
    b = BigInt((i > 0 && v.charCodeAt(0) === 45 ? '-' : '') + v.slice(i));
  }
  else if (typeof v === 'number' && Number.isInteger(v)) b = BigInt(v);
  else throw new DecodeError(path, `expected a 64-bit integer (decimal string or integer number), got ${typeof v === 'string' ? quoted(v) : kindOf(v)}`);
  if (b < min || b > max) throw new DecodeError(path, `64-bit integer out of range: ${typeof v === 'string' ? quoted(v) : String(v)}`);
  return b.toString();
}

function readDouble(v: unknown, path: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    if (isDoubleText(v)) return Number(v);
  }
  throw new DecodeError(path, `expected a number or "NaN"/"Infinity"/"-Infinity", got ${typeof v === 'string' ? quoted(v) : kindOf(v)}`);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?` as one left-to-right scan (linear; a regex backtracks). */
function isDoubleText(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (i < n && s.charCodeAt(i) === 45) i++;
  let digits = 0;
  while (i < n && isDigit(s.charCodeAt(i))) { i++; digits++; }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) { i++; digits++; }
  }
  if (digits === 0) return false;
  if (i < n && (s.charCodeAt(i) | 0x20) === 101) {
    i++;
    if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
    let exp = 0;
    while (i < n && isDigit(s.charCodeAt(i))) { i++; exp++; }
    if (exp === 0) return false;
  }
  return i === n;
}

/** Standard or url-safe base64 alphabet (padding excluded). */
function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 43 || c === 47 || c === 95 || c === 45;
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
  // One scan: at most two '=' at the end, the base64 alphabet before them.
  let end = v.length;
  while (end > 0 && v.charCodeAt(end - 1) === 61) end--;
  let ok = v.length - end <= 2 && end % 4 !== 1;
  for (let i = 0; ok && i < end; i++) ok = isBase64Char(v.charCodeAt(i));
  if (!ok) throw new DecodeError(path, 'invalid base64');
  return Buffer.from(end === v.length ? v : v.slice(0, end), 'base64').toString('base64');
}
