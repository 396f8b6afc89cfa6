import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProtoWriter } from '../../../proto-json/protobuf/writer.ts';
import { int64Text, ProtoReader, uint64Text, zigzag32 } from '../../../proto-json/protobuf/reader.ts';
import { DecodeError } from '../../../proto-json/index.ts';
import { varint } from './support.ts';

function written(fn: (w: ProtoWriter) => void, size = 16): number[] {
  const w = new ProtoWriter(size);
  fn(w);
  return [...w.finish()];
}

describe('protobuf writer primitives', () => {
  it('writes varints of 1 to 10 bytes, matching a BigInt reference', () => {
    for (const v of [0, 1, 127, 128, 300, 16383, 16384, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 32 - 1]) {
      assert.deepEqual(written((w) => w.varint32(v)), varint(v), String(v));
    }
    for (const v of [2n ** 32n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n]) {
      const u = BigInt.asUintN(64, v);
      assert.deepEqual(written((w) => w.varint64(Number(u & 0xffffffffn), Number(u >> 32n))), varint(v), String(v));
    }
  });

  it('writes int32/enum negatives as 10-byte sign-extended varints and sint32 zig-zag', () => {
    assert.deepEqual(written((w) => w.int32(-1)), varint(-1n));
    assert.equal(varint(-1n).length, 10);
    assert.deepEqual(written((w) => w.int32(-2147483648)), varint(-2147483648n));
    assert.deepEqual(written((w) => w.sint32(0)), [0]);
    assert.deepEqual(written((w) => w.sint32(-1)), [1]);
    assert.deepEqual(written((w) => w.sint32(1)), [2]);
    assert.deepEqual(written((w) => w.sint32(-2147483648)), varint(4294967295));
    assert.deepEqual(written((w) => w.sint32(2147483647)), varint(4294967294));
  });

  it('writes int64 from safe integers and bigints at the int64 edges', () => {
    for (const v of [0, 1, -1, 2 ** 32, -(2 ** 32), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      assert.deepEqual(written((w) => w.int64(v)), varint(BigInt(v)), String(v));
    }
    for (const v of [2n ** 63n - 1n, -(2n ** 63n), -1n, 0n]) assert.deepEqual(written((w) => w.int64Big(v)), varint(v), String(v));
  });

  it('writes (sec, ns) times as the exact fixed64 nanoseconds, without floats', () => {
    const cases: [number, number][] = [
      [0, 1], [1, 0], [1_700_000_000, 123_456_789], [1_700_000_000, 999_999_999], [65_535, 999_999_999], [65_536, 0],
      [4_294_967_295, 999_999_999], [18_446_744_072, 999_999_999], [18_446_744_073, 709_551_615], [12_345_678_901, 5],
    ];
    for (const [sec, ns] of cases) {
      const bytes = Buffer.from(written((w) => w.time(0x39, sec, ns)));
      assert.equal(bytes[0], 0x39);
      assert.equal(bytes.readBigUInt64LE(1), BigInt(sec) * 1_000_000_000n + BigInt(ns), `${sec}.${ns}`);
    }
  });

  it('omits unset or invalid times (0/0, negative, NaN, beyond uint64) like the JSON encoder', () => {
    for (const [sec, ns] of [[0, 0], [-1, 0], [NaN, 0], [0, NaN], [18_446_744_073, 709_551_616], [Infinity, 0]] as [number, number][]) {
      assert.deepEqual(written((w) => w.time(0x39, sec, ns)), [], `${sec}.${ns}`);
    }
    // fractional or out-of-range ns take the exact slow path (truncated, then carried into seconds)
    const b = Buffer.from(written((w) => w.time(0x39, 1, 1_500_000_000)));
    assert.equal(b.readBigUInt64LE(1), 2_500_000_000n);
  });

  it('writes doubles little-endian, NaN and infinities included, -0 as 0', () => {
    for (const v of [0, 1.5, -2.5, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE]) {
      const b = Buffer.from(written((w) => w.double(v)));
      assert.ok(Object.is(b.readDoubleLE(0), v), String(v));
    }
    // -0 becomes 0: the JSON encoder prints it as 0, and both encodings carry the same data
    assert.ok(Object.is(Buffer.from(written((w) => w.double(-0))).readDoubleLE(0), 0));
  });

  it('writes strings as UTF-8 with lone surrogates replaced by U+FFFD, at every length class', () => {
    for (const s of ['', 'a', 'x'.repeat(127), 'x'.repeat(128), 'x'.repeat(20_000), 'ñü 中文 😀', 'bad \ud800 lone', '\udc00', 'é'.repeat(100)]) {
      const bytes = Buffer.from(written((w) => w.string(s)));
      const expected = Buffer.from(s, 'utf8'); // Node's encoder also writes U+FFFD for lone surrogates
      const head = Buffer.from(varint(expected.length));
      assert.deepEqual(bytes, Buffer.concat([head, expected]), JSON.stringify(s.slice(0, 20)));
    }
    assert.deepEqual([...Buffer.from('bad \ud800 lone', 'utf8')].slice(4, 7), [0xef, 0xbf, 0xbd]);
  });

  it('patches submessage lengths, shifting the content when the reserved varint size was wrong', () => {
    for (const reserve of [1, 2, 3, 5]) {
      for (const size of [0, 5, 127, 128, 16383, 16384, 70_000]) {
        const bytes = written((w) => {
          const start = w.fork(reserve);
          for (let i = 0; i < size; i++) w.byte(i & 0xff);
          w.join(start, reserve);
          w.byte(0xaa);
        });
        const head = varint(size);
        assert.deepEqual(bytes.slice(0, head.length), head, `reserve ${reserve}, size ${size}`);
        assert.equal(bytes.length, head.length + size + 1);
        if (size > 0) assert.equal(bytes[head.length + size - 1], (size - 1) & 0xff);
        assert.equal(bytes.at(-1), 0xaa);
      }
    }
  });

  it('grows its buffer as needed', () => {
    const w = new ProtoWriter(1);
    for (let i = 0; i < 100_000; i++) w.varint32(i);
    const r = new ProtoReader(w.finish());
    for (let i = 0; i < 100_000; i++) assert.equal(r.varint(w.pos, ''), i);
  });
});

describe('protobuf reader primitives', () => {
  it('reads varints up to 10 bytes into 32-bit words and renders exact 64-bit decimals', () => {
    for (const v of [0n, 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 1_700_000_000_123_456_789n, 2n ** 63n, 2n ** 64n - 1n, 10_000_000_000_000_000_000n]) {
      const r = new ProtoReader(new Uint8Array(varint(v)));
      r.varint(r.buf.length, '');
      assert.equal(uint64Text(r.lo, r.hi), v.toString());
    }
  });

  it('renders signed 64-bit values including INT64_MIN', () => {
    for (const v of [0n, -1n, 1n, -(2n ** 63n), 2n ** 63n - 1n, -1_700_000_000_123_456_789n, -(2n ** 53n) - 1n]) {
      const u = BigInt.asUintN(64, v);
      assert.equal(int64Text(Number(u & 0xffffffffn), Number(u >> 32n)), v.toString());
    }
  });

  it('matches BigInt for many random 64-bit values', () => {
    let seed = 12345;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0);
    for (let i = 0; i < 2000; i++) {
      const lo = rnd();
      const hi = rnd() >>> (i % 32);
      const u = (BigInt(hi) << 32n) | BigInt(lo);
      assert.equal(uint64Text(lo, hi), u.toString());
      assert.equal(int64Text(lo, hi), BigInt.asIntN(64, u).toString());
    }
  });

  it('decodes zig-zag', () => {
    assert.equal(zigzag32(0), 0);
    assert.equal(zigzag32(1), -1);
    assert.equal(zigzag32(2), 1);
    assert.equal(zigzag32(4294967295), -2147483648);
  });

  it('throws DecodeError (never reads past the end) on a truncated or over-long varint', () => {
    assert.throws(() => new ProtoReader(new Uint8Array([0x80, 0x80])).varint(2, 'x'), (e: unknown) => e instanceof DecodeError && e.path === 'x');
    const eleven = new Uint8Array([...Array(10).fill(0xff), 0x01]);
    assert.throws(() => new ProtoReader(eleven).varint(11, 'x'), /more than 10 bytes/);
    // the end of the enclosing message counts, not the end of the buffer
    assert.throws(() => new ProtoReader(new Uint8Array([0x80, 0x01])).varint(1, 'x'), DecodeError);
  });

  it('rejects invalid UTF-8 in strings but accepts a literal U+FFFD', () => {
    const ok = Buffer.from('a\ufffdb', 'utf8');
    assert.equal(new ProtoReader(ok).utf8(ok.length, 's'), 'a\ufffdb');
    const bad = new Uint8Array([0x61, 0xc3, 0x28]);
    assert.throws(() => new ProtoReader(bad).utf8(3, 's'), /not valid UTF-8/);
    const cesu = new Uint8Array([0xed, 0xa0, 0x80]); // an encoded lone surrogate
    assert.throws(() => new ProtoReader(cesu).utf8(3, 's'), DecodeError);
  });
});
