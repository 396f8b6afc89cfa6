// JSON scalar writers for OTLP/JSON: string literals, int64 decimals from (sec, ns) pairs and
// integers, doubles (NaN/±Infinity as strings), hex ids, base64. Each returns JSON text; none
// allocates more than the result string. Structure (objects, arrays) is written by the callers.

// Characters JSON.stringify would escape (C0 controls, quote, backslash) plus UTF-16 surrogates,
// which may be lone and then must become U+FFFD. Strings without them are quoted by plain
// concatenation: ~1.7x faster than JSON.stringify per short string (bench/encode.bench.ts, escape).
const NEEDS_WORK = /[\u0000-\u001f"\\\ud800-\udfff]/;

/**
 * Hot path: a JS string → a JSON string literal that is valid JSON and valid UTF-8.
 * Quotes, backslashes and controls are escaped; U+2028/U+2029 stay raw (legal in JSON);
 * surrogate pairs are kept; lone surrogates become U+FFFD. No allocation beyond the result.
 */
export function quote(s: string): string {
  if (!NEEDS_WORK.test(s)) return '"' + s + '"';
  const w = s as unknown as WellFormed; // ES2024 String methods (Node >= 20); lib is es2023
  return JSON.stringify(w.isWellFormed() ? s : w.toWellFormed());
}

interface WellFormed { isWellFormed(): boolean; toWellFormed(): string }

/**
 * `quote` after cutting `s` to at most `limit` UTF-16 units; a surrogate pair is never split
 * (the cut moves one unit left instead).
 */
export function quoteLimited(s: string, limit: number): string {
  if (s.length <= limit) return quote(s);
  let end = limit;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return quote(s.slice(0, end));
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '000000000'] as const;
let lastSec = -1;
let lastSecText = '';

/**
 * Hot path: the exact decimal text (no quotes) of `sec * 1e9 + ns` without floats or bigints,
 * or '' when the pair is 0/0 (unset) or not a non-negative time. The seconds text of the last call
 * is reused: the spans of one batch mostly share it.
 */
export function nanosText(sec: number, ns: number): string {
  if (ns >= 0 && ns < 1e9 && (ns | 0) === ns && sec >= 0 && Number.isSafeInteger(sec)) {
    if (sec === 0) return ns === 0 ? '' : '' + ns;
    if (sec !== lastSec) { lastSec = sec; lastSecText = '' + sec; }
    const n = '' + ns;
    return lastSecText + ZEROS[9 - n.length]! + n;
  }
  return nanosTextSlow(sec, ns);
}

function nanosTextSlow(sec: number, ns: number): string {
  if (!Number.isFinite(sec) || !Number.isFinite(ns)) return '';
  const total = BigInt(Math.trunc(sec)) * 1_000_000_000n + BigInt(Math.trunc(ns));
  if (total <= 0n || total > 0xffff_ffff_ffff_ffffn) return '';
  return total.toString();
}

/**
 * Hot path: a non-negative integer count (fixed64/uint64 field) as decimal text without quotes.
 * Non-integers are truncated; negatives and non-finite values become '0'.
 */
export function countText(n: number): string {
  if (n >= 0 && Number.isSafeInteger(n)) return '' + n;
  if (!(n > 0)) return '0';
  if (n >= 18446744073709551615) return '18446744073709551615'; // clamp to uint64 (also +Infinity)
  return BigInt(Math.trunc(n)).toString(); // > 2^53: exact digits of the double, no exponent
}

/** A signed integer value (int64/sfixed64, e.g. asInt) as decimal text without quotes. */
export function int64Text(n: number): string {
  if (Number.isSafeInteger(n)) return '' + (n === 0 ? 0 : n); // -0 → "0"
  if (!Number.isFinite(n)) return '0';
  const b = BigInt(Math.trunc(n));
  return (b > INT64_MAX ? INT64_MAX : b < INT64_MIN ? INT64_MIN : b).toString();
}

/** Largest int64. */
export const INT64_MAX = 0x7fff_ffff_ffff_ffffn;
/** Smallest int64. */
export const INT64_MIN = -0x8000_0000_0000_0000n;

/** Hot path: a double as JSON: a number, or `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export function doubleText(v: number): string {
  if (Number.isFinite(v)) return '' + v;
  return v !== v ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

// 1 for '0'-'9' and 'a'-'f'. A table lookup per char is branch-free: random hex digits defeat a
// range-compare loop or regex (~3x slower on random ids, bench/encode.bench.ts profile).
const LOWER_HEX = new Uint8Array(256);
for (const c of '0123456789abcdef') LOWER_HEX[c.charCodeAt(0)] = 1;

function isLowerHex(id: string): boolean {
  let ok = 1;
  let all = 0;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    ok &= LOWER_HEX[c & 0xff]!;
    all |= c;
  }
  return ok === 1 && all < 256;
}

const ZERO_TRACE_ID = '00000000000000000000000000000000';
const ZERO_SPAN_ID = '0000000000000000';
let lastTraceId = '';

/**
 * Hot path: a trace id as it may be emitted: 32 lowercase hex chars, or '' when the id is invalid
 * (wrong length, non-hex, all zero) and must be omitted. Upper case is lowered.
 * The last valid id is remembered: the spans of one trace repeat it.
 */
export function traceIdOrEmpty(id: string): string {
  if (id === lastTraceId) return id;
  if (typeof id !== 'string' || id.length !== 32 || id === ZERO_TRACE_ID) return '';
  if (isLowerHex(id)) return (lastTraceId = id);
  const lower = id.toLowerCase();
  return lower !== id && isLowerHex(lower) ? traceIdOrEmpty(lower) : '';
}

/** Hot path: a span id as it may be emitted (16 lowercase hex chars) or '' when invalid. */
export function spanIdOrEmpty(id: string): string {
  if (typeof id !== 'string' || id.length !== 16 || id === ZERO_SPAN_ID) return '';
  if (isLowerHex(id)) return id;
  const lower = id.toLowerCase();
  return lower !== id && isLowerHex(lower) ? lower : '';
}

/** Standard base64 with padding of the bytes' view (never the whole backing buffer). */
export function base64(bytes: Uint8Array, limit?: number): string {
  const len = limit !== undefined && bytes.byteLength > limit ? limit : bytes.byteLength;
  return Buffer.from(bytes.buffer, bytes.byteOffset, len).toString('base64');
}
