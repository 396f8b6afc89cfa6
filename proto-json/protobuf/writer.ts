// Protobuf wire writer: one growing Buffer with varints, zig-zag, fixed32/64, doubles, UTF-8
// strings, hex ids as raw bytes, exact (sec, ns) timestamps as fixed64, and length-delimited
// submessages whose length varint is reserved up front and patched (content shifted only when the
// guess was wrong). Encoders drive it field by field; it knows nothing of OTLP messages.

interface Utf8Writable { utf8Write(text: string, offset: number, length?: number): number }

const TWO_32 = 4294967296;
// Largest whole second whose nanosecond time (+ up to 999,999,999 ns) still fits in uint64.
const MAX_FAST_SEC = 18_446_744_072;
const UINT64_MAX = 0xffff_ffff_ffff_ffffn;

// Hex digit → value ('0'-'9', 'a'-'f', 'A'-'F'); -1 for anything else.
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) { HEX[97 + i] = 10 + i; HEX[65 + i] = 10 + i; }

/** Bytes of the varint encoding of an unsigned 32-bit value. */
export function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/**
 * Writes protobuf fields into one Buffer that doubles when full. `finish()` returns a view of the
 * bytes written (no copy). Values are trusted: encoders validate before calling.
 */
export class ProtoWriter {
  buf: Buffer;
  pos = 0;
  #view: DataView;
  // Time cache: the spans of one batch mostly share their start second.
  #sec = -1;
  #secLow = 0; // (sec mod 2^16) * 1e9 + (b mod 2^16) * 2^16, with b = floor(sec / 2^16) * 1e9
  #secHigh = 0; // floor(b / 2^16)

  constructor(sizeHint: number) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(256, sizeHint));
    this.#view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** The bytes written so far (a view of the buffer). */
  finish(): Uint8Array { return this.buf.subarray(0, this.pos); }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.#grow(n);
  }

  #grow(n: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(this.pos + n, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.#view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  /** One raw byte (a one-byte tag, a bool). */
  byte(b: number): void {
    if (this.pos >= this.buf.length) this.#grow(1);
    this.buf[this.pos++] = b;
  }

  /** Raw bytes (a pre-encoded fragment). */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    if (n <= 32) for (let i = 0; i < n; i++) buf[p++] = bytes[i]!;
    else { buf.set(bytes, p); p += n; }
    this.pos = p;
  }

  /** Hot path: an unsigned 32-bit varint (tags, lengths, uint32 fields). */
  varint32(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    let p = this.pos;
    while (v > 0x7f) {
      buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[p++] = v;
    this.pos = p;
  }

  /** A 64-bit varint from its low and high unsigned 32-bit words. */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let p = this.pos;
    while (hi !== 0 || lo > 0x7f) {
      buf[p++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[p++] = lo;
    this.pos = p;
  }

  /** An int32 / enum varint: negative values take 10 bytes (sign-extended to 64 bits). */
  int32(v: number): void {
    if (v >= 0) this.varint32(v);
    else this.varint64(v >>> 0, 0xffffffff);
  }

  /** A sint32 varint (zig-zag). */
  sint32(v: number): void {
    this.varint32(((v << 1) ^ (v >> 31)) >>> 0);
  }

  /** An int64 varint from an integer number (safe integers, or any integer double within int64). */
  int64(v: number): void {
    if (v >= 0 && v < TWO_32) this.varint32(v);
    else this.varint64(v >>> 0, Math.floor(v / TWO_32) >>> 0);
  }

  /** An int64 varint from a bigint within int64 (two's complement). */
  int64Big(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.varint64(Number(u & 0xffff_ffffn), Number(u >> 32n));
  }

  /** Four little-endian bytes. */
  fixed32(v: number): void {
    this.ensure(4);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = v;
    buf[p + 1] = v >>> 8;
    buf[p + 2] = v >>> 16;
    buf[p + 3] = v >>> 24;
    this.pos = p + 4;
  }

  /** Eight little-endian bytes from the low and high 32-bit words. */
  fixed64(lo: number, hi: number): void {
    this.ensure(8);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = lo;
    buf[p + 1] = lo >>> 8;
    buf[p + 2] = lo >>> 16;
    buf[p + 3] = lo >>> 24;
    buf[p + 4] = hi;
    buf[p + 5] = hi >>> 8;
    buf[p + 6] = hi >>> 16;
    buf[p + 7] = hi >>> 24;
    this.pos = p + 8;
  }

  /** A fixed64/sfixed64 from an integer number within int64 or uint64 (two's complement). */
  fixed64Int(v: number): void {
    this.fixed64(v >>> 0, Math.floor(v / TWO_32) >>> 0);
  }

  /**
   * An IEEE 754 double, little-endian (NaN and ±Infinity included). -0 is written as 0, as the
   * JSON encoder prints it, so both encodings carry the same value.
   */
  double(v: number): void {
    this.ensure(8);
    this.#view.setFloat64(this.pos, v === 0 ? 0 : v, true);
    this.pos += 8;
  }

  /**
   * Hot path: tag byte + fixed64 nanoseconds of the exact time (sec, ns), or nothing when the time
   * is unset (0/0) or invalid (negative, not finite, beyond uint64): the rules of the JSON encoder's
   * `nanosText`. Integer arithmetic only (every intermediate < 2^53); BigInt only for odd inputs.
   */
  time(tag: number, sec: number, ns: number): void {
    if (ns >= 0 && ns < 1e9 && (ns | 0) === ns && sec >= 0 && sec <= MAX_FAST_SEC && (sec === Math.floor(sec))) {
      if (sec === 0) {
        if (ns !== 0) { this.byte(tag); this.fixed64(ns, 0); }
        return;
      }
      if (sec !== this.#sec) this.#setSec(sec);
      const c = this.#secLow + ns; // < 2^32 + 2^47: exact
      const lo = c >>> 0;
      this.byte(tag);
      this.fixed64(lo, this.#secHigh + (c - lo) / TWO_32);
      return;
    }
    this.#timeSlow(tag, sec, ns);
  }

  // sec * 1e9 = b * 2^16 + (sec mod 2^16) * 1e9 with b = floor(sec / 2^16) * 1e9 (< 2^49 for
  // sec <= MAX_FAST_SEC); b * 2^16 = floor(b / 2^16) * 2^32 + (b mod 2^16) * 2^16.
  #setSec(sec: number): void {
    const sl = sec % 65536;
    const b = ((sec - sl) / 65536) * 1e9;
    const bl = b % 65536;
    this.#sec = sec;
    this.#secLow = bl * 65536 + sl * 1e9;
    this.#secHigh = (b - bl) / 65536;
  }

  #timeSlow(tag: number, sec: number, ns: number): void {
    if (!Number.isFinite(sec) || !Number.isFinite(ns)) return;
    const total = BigInt(Math.trunc(sec)) * 1_000_000_000n + BigInt(Math.trunc(ns));
    if (total <= 0n || total > UINT64_MAX) return;
    this.byte(tag);
    this.fixed64(Number(total & 0xffff_ffffn), Number(total >> 32n));
  }

  /**
   * Hot path: a length-delimited UTF-8 string (length varint + bytes). ASCII is copied in a JS
   * loop; other text goes through the native encoder, which writes lone surrogates as U+FFFD.
   */
  string(s: string): void {
    const n = s.length;
    if (n < 0x4000) {
      const lenSize = n < 0x80 ? 1 : 2;
      this.ensure(lenSize + n);
      const buf = this.buf;
      const start = this.pos;
      let p = start + lenSize;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
      if (i === n) {
        if (lenSize === 1) buf[start] = n;
        else { buf[start] = (n & 0x7f) | 0x80; buf[start + 1] = n >>> 7; }
        this.pos = p;
        return;
      }
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.varint32(len);
    this.ensure(len);
    this.pos += (this.buf as unknown as Utf8Writable).utf8Write(s, this.pos, len);
  }

  /** Length-delimited raw bytes, the first `len` of `bytes`. */
  bytes(bytes: Uint8Array, len: number): void {
    this.varint32(len);
    this.ensure(len);
    this.buf.set(len === bytes.length ? bytes : bytes.subarray(0, len), this.pos);
    this.pos += len;
  }

  /**
   * Hot path: tag + length + raw bytes of a hex id of `n` bytes (trace id 16, span id 8), decoded
   * and validated in one pass; writes nothing when the id is not a valid id, the rule of the JSON
   * encoder's traceIdOrEmpty / spanIdOrEmpty: exactly 2n hex digits of either case, not all zero.
   */
  id(tag: number, id: string, n: number): void {
    if (typeof id !== 'string' || id.length !== 2 * n) return;
    this.ensure(2 + n);
    const buf = this.buf;
    const start = this.pos;
    let p = start + 2;
    let bad = 0;
    let any = 0;
    for (let i = 0; i < 2 * n; i += 2) {
      const c1 = id.charCodeAt(i);
      const c2 = id.charCodeAt(i + 1);
      const h = HEX[c1 & 0xff]!;
      const l = HEX[c2 & 0xff]!;
      bad |= h | l | ((c1 | c2) & ~0xff);
      const b = (h << 4) | l;
      any |= b;
      buf[p++] = b;
    }
    if (bad < 0 || bad > 0xf) return; // a non-hex digit (or a char above 0xff): nothing written
    if (any === 0) return; // all zero: invalid
    buf[start] = tag;
    buf[start + 1] = n;
    this.pos = p;
  }

  /**
   * Starts a submessage: reserves `reserve` bytes for its length varint and returns the position
   * to hand to `join`. Pick `reserve` = the varint size of the expected length.
   */
  fork(reserve: number): number {
    this.ensure(reserve);
    const start = this.pos;
    this.pos = start + reserve;
    return start;
  }

  /** Ends a submessage started by `fork(reserve)`: writes its length, shifting the content if needed. */
  join(start: number, reserve: number): void {
    const len = this.pos - start - reserve;
    const size = varintSize(len);
    if (size !== reserve) {
      if (size > reserve) this.ensure(size - reserve);
      this.buf.copyWithin(start + size, start + reserve, this.pos);
      this.pos += size - reserve;
    }
    const buf = this.buf;
    let p = start;
    let v = len;
    while (v > 0x7f) {
      buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[p] = v;
  }
}

/** Encodes a fragment with a throwaway writer and returns an exact-size copy of its bytes. */
export function fragment(write: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter(256);
  write(w);
  return Uint8Array.prototype.slice.call(w.finish());
}
