// Protobuf wire reader: varints (to 64 bits as two 32-bit words), fixed32/64, doubles, strict
// UTF-8 strings, length checks against the enclosing message, and skipping of unknown fields of
// every wire type (groups included). Every fault is a DecodeError naming the path; nothing reads
// past the end of its message. Also the exact decimal text of 64-bit words (no BigInt).

import { isUtf8 } from 'node:buffer';
import { DecodeError } from '../errors.ts';

interface Utf8Sliceable { utf8Slice(start: number, end: number): string }

const TWO_32 = 4294967296;
const MAX_GROUP_DEPTH = 64;

/** A cursor over one protobuf body. `lo`/`hi` hold the 32-bit words of the last 64-bit read. */
export class ProtoReader {
  readonly buf: Uint8Array;
  pos = 0;
  lo = 0;
  hi = 0;
  readonly #text: Utf8Sliceable;
  readonly #view: DataView;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.#text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as unknown as Utf8Sliceable;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Hot path: reads a varint of up to 10 bytes; returns its low 32 bits (unsigned), sets lo/hi. */
  varint(end: number, path: string): number {
    const buf = this.buf;
    let p = this.pos;
    if (p >= end) throw truncated(path, 'varint');
    let b = buf[p++]!;
    if (b < 0x80) {
      this.pos = p;
      this.lo = b;
      this.hi = 0;
      return b;
    }
    let lo = b & 0x7f;
    for (let shift = 7; shift < 28; shift += 7) {
      if (p >= end) throw truncated(path, 'varint');
      b = buf[p++]!;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = p;
        this.lo = lo >>> 0;
        this.hi = 0;
        return this.lo;
      }
    }
    if (p >= end) throw truncated(path, 'varint');
    b = buf[p++]!;
    lo = (lo | ((b & 0x0f) << 28)) >>> 0;
    let hi = (b & 0x7f) >>> 4;
    if (b >= 0x80) {
      let shift = 3;
      for (; shift < 32; shift += 7) {
        if (p >= end) throw truncated(path, 'varint');
        b = buf[p++]!;
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
      if (shift >= 32) throw new DecodeError(path, 'malformed varint: more than 10 bytes');
    }
    this.pos = p;
    this.lo = lo;
    this.hi = hi >>> 0;
    return lo;
  }

  /** Reads a length prefix and checks it fits before `end`; returns the length. */
  length(end: number, path: string): number {
    const len = this.varint(end, path);
    if (this.hi !== 0 || len > end - this.pos) {
      throw new DecodeError(path, `truncated: length ${this.hi !== 0 ? 'over 2^32' : len} exceeds the ${end - this.pos} bytes left`);
    }
    return len;
  }

  /** Reads a length prefix (checked like `length`) and returns where that submessage ends. */
  limit(end: number, path: string): number {
    const len = this.length(end, path);
    return this.pos + len;
  }

  /** Four little-endian bytes as an unsigned number. */
  fixed32(end: number, path: string): number {
    const p = this.pos;
    if (end - p < 4) throw truncated(path, 'fixed32');
    const buf = this.buf;
    this.pos = p + 4;
    return (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
  }

  /** Eight little-endian bytes into lo/hi. */
  fixed64(end: number, path: string): void {
    const p = this.pos;
    if (end - p < 8) throw truncated(path, 'fixed64');
    const buf = this.buf;
    this.lo = (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
    this.hi = (buf[p + 4]! | (buf[p + 5]! << 8) | (buf[p + 6]! << 16) | (buf[p + 7]! << 24)) >>> 0;
    this.pos = p + 8;
  }

  /** A little-endian IEEE 754 double. */
  double(end: number, path: string): number {
    const p = this.pos;
    if (end - p < 8) throw truncated(path, 'double');
    this.pos = p + 8;
    return this.#view.getFloat64(p, true);
  }

  /** `len` bytes as UTF-8 text. @throws DecodeError when they are not valid UTF-8. */
  utf8(len: number, path: string): string {
    const p = this.pos;
    this.pos = p + len;
    if (len === 0) return '';
    const s = this.#text.utf8Slice(p, p + len);
    // The decoder replaces invalid sequences with U+FFFD: only then is a strict check needed.
    if (s.includes('\ufffd') && !isUtf8(this.buf.subarray(p, p + len))) throw new DecodeError(path, 'string is not valid UTF-8');
    return s;
  }

  /** Skips the value of an unknown field of wire type `wire` (groups included, nested). */
  skip(wire: number, field: number, end: number, path: string, depth = 0): void {
    switch (wire) {
      case 0: this.varint(end, path); return;
      case 1: if (end - this.pos < 8) throw truncated(path, 'fixed64'); this.pos += 8; return;
      case 2: this.pos = this.limit(end, path); return;
      case 5: if (end - this.pos < 4) throw truncated(path, 'fixed32'); this.pos += 4; return;
      case 3: {
        if (depth >= MAX_GROUP_DEPTH) throw new DecodeError(path, `groups nested deeper than ${MAX_GROUP_DEPTH}`);
        for (;;) {
          if (this.pos >= end) throw new DecodeError(path, `truncated: group ${field} has no end`);
          const tag = this.varint(end, path);
          const w = tag & 7;
          const f = tag >>> 3;
          if (w === 4) {
            if (f !== field) throw new DecodeError(path, `group ${field} closed by end-group ${f}`);
            return;
          }
          if (f === 0 || this.hi !== 0) throw new DecodeError(path, 'invalid field tag');
          this.skip(w, f, end, path, depth + 1);
        }
      }
      case 4: throw new DecodeError(path, `unexpected end-group for field ${field}`);
      default: throw new DecodeError(path, `invalid wire type ${wire} (field ${field})`);
    }
  }
}

function truncated(path: string, what: string): DecodeError {
  return new DecodeError(path, `truncated: ${what} runs past the end of the message`);
}

/** Exact decimal text of the unsigned 64-bit value hi·2^32 + lo (no BigInt). */
export function uint64Text(lo: number, hi: number): string {
  if (hi < 0x200000) return '' + (hi * TWO_32 + lo); // < 2^53: exact as a double
  // Split into 24-bit limbs and recombine in base 1e7 (2^24 = 1·1e7 + 6777216,
  // 2^48 = 28147497·1e7 + 6710656): each partial sum stays far below 2^53.
  const low = lo & 0xffffff;
  const mid = ((lo >>> 24) | (hi << 8)) & 0xffffff;
  const high = (hi >>> 16) & 0xffff;
  let a = low + mid * 6777216 + high * 6710656;
  let b = mid + high * 8147497;
  let c = high * 2;
  const base = 10_000_000;
  if (a >= base) { b += Math.floor(a / base); a %= base; }
  if (b >= base) { c += Math.floor(b / base); b %= base; }
  return c > 0 ? c + pad7(b) + pad7(a) : b + pad7(a);
}

function pad7(n: number): string {
  const s = '' + n;
  return '0000000'.slice(s.length) + s;
}

/** Exact decimal text of the two's complement signed 64-bit value in lo/hi. */
export function int64Text(lo: number, hi: number): string {
  if ((hi & 0x80000000) === 0) return uint64Text(lo, hi);
  const nlo = (~lo + 1) >>> 0;
  const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
  return '-' + uint64Text(nlo, nhi);
}

/** Zig-zag decode of a sint32 varint's low 32 bits. */
export function zigzag32(n: number): number {
  return (n >>> 1) ^ -(n & 1);
}
