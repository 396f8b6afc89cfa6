// Protobuf scalars and AnyValues for the table-driven reader (decode-core.ts), in the canonical
// form of the JSON decoder: 64-bit integers as decimal strings, ids as lower-case hex, bytes as
// padded base64; an AnyValue's last member wins (protobuf oneof rule), nesting is depth-limited.

import { int64Text, ProtoReader, uint64Text, zigzag32 } from './reader.ts';
import type { DecodeError } from '../errors.ts';
import { current, fault, HERE, segs, tally } from './decode-path.ts';

/** How a field's value is read (protobuf type → canonical JSON form). */
export type Kind =
  | 'string' | 'bool' | 'uint32' | 'int32' | 'sint32' | 'fixed32'
  | 'uint64' | 'int64' | 'fixed64' | 'sfixed64' | 'double'
  | 'traceId' | 'spanId' | 'bytes'
  | 'anyValue' | 'keyValue';

const MAX_ANY_VALUE_DEPTH = 256;
/** The wire type each kind is sent with. */
export const WIRE: Readonly<Record<string, number>> = {
  string: 2, bool: 0, uint32: 0, int32: 0, sint32: 0, fixed32: 5, uint64: 0, int64: 0, fixed64: 1, sfixed64: 1, double: 1,
  traceId: 2, spanId: 2, bytes: 2, anyValue: 2, keyValue: 2,
};

export function wrongWire(wire: number, kind: string): DecodeError {
  return fault(`wrong wire type ${wire} for a ${kind} field (expected ${WIRE[kind] ?? 2})`);
}

/** Reads one scalar of `kind` sent with wire type `wire`, in canonical form. */
export function readScalar(kind: Kind, wire: number, r: ProtoReader, end: number): unknown {
  if (wire !== WIRE[kind]) throw wrongWire(wire, kind);
  switch (kind) {
    case 'string': return r.utf8(r.length(end, HERE), HERE);
    case 'bool': r.varint(end, HERE); return r.lo !== 0 || r.hi !== 0;
    case 'uint32': return r.varint(end, HERE);
    case 'int32': return r.varint(end, HERE) | 0;
    case 'sint32': return zigzag32(r.varint(end, HERE));
    case 'fixed32': return r.fixed32(end, HERE);
    case 'uint64': r.varint(end, HERE); return uint64Text(r.lo, r.hi);
    case 'int64': r.varint(end, HERE); return int64Text(r.lo, r.hi);
    case 'fixed64': r.fixed64(end, HERE); return uint64Text(r.lo, r.hi);
    case 'sfixed64': r.fixed64(end, HERE); return int64Text(r.lo, r.hi);
    case 'double': return r.double(end, HERE);
    case 'traceId': return readId(r, end, 16);
    case 'spanId': return readId(r, end, 8);
    case 'bytes': {
      const len = r.length(end, HERE);
      const p = r.pos;
      r.pos = p + len;
      return Buffer.from(r.buf.buffer, r.buf.byteOffset + p, len).toString('base64');
    }
    default: throw fault(`unsupported field kind ${kind}`);
  }
}

const HEX_DIGITS = '0123456789abcdef';

function readId(r: ProtoReader, end: number, bytes: number): string {
  const len = r.length(end, HERE);
  if (len === 0) return '';
  if (len !== bytes) throw fault(`invalid id length: ${len} bytes, expected ${bytes}`);
  const buf = r.buf;
  let p = r.pos;
  let hex = '';
  for (let i = 0; i < len; i++, p++) hex += HEX_DIGITS[buf[p]! >>> 4]! + HEX_DIGITS[buf[p]! & 15]!;
  r.pos = p;
  return hex;
}

/** Reads a KeyValue up to `end`; `key` left out when empty, `value` always present (`{}` when absent). */
export function readKeyValue(r: ProtoReader, end: number, depth: number): Record<string, unknown> {
  let key = '';
  let value: Record<string, unknown> | undefined;
  while (r.pos < end) {
    const tag = r.varint(end, HERE);
    const no = tag >>> 3;
    const wire = tag & 7;
    if (no === 0 || r.hi !== 0) throw fault(`invalid field tag ${tag}`);
    if (no === 1) {
      segs.push('key');
      key = readScalar('string', wire, r, end) as string;
      segs.pop();
    } else if (no === 2) {
      segs.push('value');
      if (wire !== 2) throw wrongWire(wire, 'anyValue');
      value = readAnyValue(r, r.limit(end, HERE), depth);
      segs.pop();
    } else r.skip(wire, no, end, HERE);
  }
  const out: Record<string, unknown> = {};
  if (key !== '') out.key = key;
  out.value = value ?? {};
  return out;
}

const ANY_NAMES = ['', 'stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] as const;

/**
 * Reads an AnyValue up to `end` (recursive, depth-limited like the JSON decoder). `{}` is the empty
 * value. When several members are sent, the last one wins (protobuf oneof rule).
 */
export function readAnyValue(r: ProtoReader, end: number, depth: number): Record<string, unknown> {
  if (depth > MAX_ANY_VALUE_DEPTH) throw fault(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH}`);
  let out: Record<string, unknown> = {};
  while (r.pos < end) {
    const tag = r.varint(end, HERE);
    const no = tag >>> 3;
    const wire = tag & 7;
    if (no === 0 || r.hi !== 0) throw fault(`invalid field tag ${tag}`);
    if (no > 7) { r.skip(wire, no, end, HERE); continue; }
    segs.push(ANY_NAMES[no]!);
    switch (no) {
      case 1: out = { stringValue: readScalar('string', wire, r, end) }; break;
      case 2: out = { boolValue: readScalar('bool', wire, r, end) }; break;
      case 3: out = { intValue: readScalar('int64', wire, r, end) }; break;
      case 4: out = { doubleValue: readScalar('double', wire, r, end) }; break;
      case 5: out = { arrayValue: readValues(r, wire, end, depth, false) }; break;
      case 6: out = { kvlistValue: readValues(r, wire, end, depth, true) }; break;
      case 7: out = { bytesValue: readScalar('bytes', wire, r, end) }; break;
    }
    segs.pop();
  }
  return out;
}

// ArrayValue / KeyValueList: `{ values?: [...] }`.
function readValues(r: ProtoReader, wire: number, end: number, depth: number, keyed: boolean): Record<string, unknown> {
  if (wire !== 2) throw fault(`wrong wire type ${wire} for a message field (expected 2)`);
  const stop = r.limit(end, HERE);
  let values: unknown[] | undefined;
  while (r.pos < stop) {
    const tag = r.varint(stop, HERE);
    const no = tag >>> 3;
    const w = tag & 7;
    if (no === 0 || r.hi !== 0) throw fault(`invalid field tag ${tag}`);
    if (no !== 1) { r.skip(w, no, stop, HERE); continue; }
    values ??= [];
    segs.push('values', values.length);
    tally(current, false);
    if (w !== 2) throw fault(`wrong wire type ${w} for a message field (expected 2)`);
    const len = r.length(stop, HERE);
    values.push(keyed ? readKeyValue(r, r.pos + len, depth + 1) : readAnyValue(r, r.pos + len, depth + 1));
    segs.length -= 2;
  }
  return values === undefined ? {} : { values };
}
