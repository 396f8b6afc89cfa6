// Test helpers for the protobuf codec: "JSON and protobuf carry the same data" checks (encode
// with both encoders, decode both with our decoders, compare the canonical objects), and a tiny
// independent field lister used to check the raw wire layout without our decoder.

import assert from 'node:assert/strict';
import {
  decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest, encodeLogs, encodeMetrics, encodeTraces,
  type AttributeLimits, type LogRecordData, type MetricData, type SpanData,
} from '../../../proto-json/index.ts';
import {
  decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf, encodeLogsProtobuf, encodeMetricsProtobuf, encodeTracesProtobuf,
} from '../../../proto-json/protobuf/index.ts';

/** Encodes spans both ways, asserts both decode to the same canonical request, returns it. */
export function sameTraces(spans: readonly SpanData[], limits?: AttributeLimits): any {
  const fromProto = decodeTracesProtobuf(encodeTracesProtobuf(spans, limits));
  const fromJson = decodeTracesRequest(encodeTraces(spans, limits));
  assert.deepStrictEqual(fromProto, fromJson);
  return fromProto;
}

/** Encodes log records both ways, asserts both decode to the same canonical request, returns it. */
export function sameLogs(records: readonly LogRecordData[], limits?: AttributeLimits): any {
  const fromProto = decodeLogsProtobuf(encodeLogsProtobuf(records, limits));
  const fromJson = decodeLogsRequest(encodeLogs(records, limits));
  assert.deepStrictEqual(fromProto, fromJson);
  return fromProto;
}

/** Encodes metrics both ways, asserts both decode to the same canonical request, returns it. */
export function sameMetrics(metrics: readonly MetricData[]): any {
  const fromProto = decodeMetricsProtobuf(encodeMetricsProtobuf(metrics));
  const fromJson = decodeMetricsRequest(encodeMetrics(metrics));
  assert.deepStrictEqual(fromProto, fromJson);
  return fromProto;
}

/** One raw field: number, wire type and value (varint as bigint, LEN as bytes, I64/I32 as bytes). */
export interface RawField { no: number; wire: number; value: bigint | Uint8Array }

/** Lists the top-level fields of a protobuf message (independent of the codec under test). */
export function rawFields(buf: Uint8Array): RawField[] {
  const out: RawField[] = [];
  let p = 0;
  const varint = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[p++];
      if (b === undefined) throw new Error('truncated varint');
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
      shift += 7n;
    }
  };
  while (p < buf.length) {
    const tag = Number(varint());
    const no = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 1) { out.push({ no, wire, value: buf.subarray(p, p + 8) }); p += 8; }
    else if (wire === 5) { out.push({ no, wire, value: buf.subarray(p, p + 4) }); p += 4; }
    else if (wire === 2) {
      const len = Number(varint());
      if (p + len > buf.length) throw new Error('truncated LEN field');
      out.push({ no, wire, value: buf.subarray(p, p + len) });
      p += len;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

/** The value of the only field numbered `no` (asserts there is exactly one). */
export function field(buf: Uint8Array, no: number): bigint | Uint8Array {
  const found = rawFields(buf).filter((f) => f.no === no);
  assert.equal(found.length, 1, `expected one field ${no}, got ${found.length}`);
  return found[0]!.value;
}

/** The first span message of a traces request, as raw bytes. */
export function firstSpanBytes(request: Uint8Array): Uint8Array {
  const rs = field(request, 1) as Uint8Array;
  const ss = rawFields(rs).find((f) => f.no === 2)!.value as Uint8Array;
  return rawFields(ss).find((f) => f.no === 2)!.value as Uint8Array;
}

/** Little-endian uint64 of 8 bytes, as a bigint. */
export function le64(bytes: Uint8Array): bigint {
  return Buffer.from(bytes).readBigUInt64LE(0);
}

// ---------------------------------------------------------------- hand-built protobuf bodies

/** Encodes a varint (bigint or number, non-negative or two's complement 64-bit). */
export function varint(v: number | bigint): number[] {
  let x = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  while (x > 0x7fn) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}

/** A tag. */
export function tag(no: number, wire: number): number[] {
  return varint((no << 3) | wire);
}

/** A LEN field holding `content`. */
export function len(no: number, content: readonly number[] | Uint8Array | string): number[] {
  const bytes = typeof content === 'string' ? [...Buffer.from(content, 'utf8')] : [...content];
  return [...tag(no, 2), ...varint(bytes.length), ...bytes];
}

/** A VARINT field. */
export function vfield(no: number, v: number | bigint): number[] {
  return [...tag(no, 0), ...varint(v)];
}

/** An I64 field from a bigint (two's complement). */
export function i64(no: number, v: bigint): number[] {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, v));
  return [...tag(no, 1), ...b];
}

/** An I64 field holding a double. */
export function f64(no: number, v: number): number[] {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return [...tag(no, 1), ...b];
}

/** An I32 field. */
export function i32(no: number, v: number): number[] {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return [...tag(no, 5), ...b];
}

/** Bytes of a hex string. */
export function hex(h: string): number[] {
  return [...Buffer.from(h, 'hex')];
}
