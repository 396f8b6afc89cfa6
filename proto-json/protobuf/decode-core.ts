// Table-driven protobuf message reader producing the canonical wire objects of the JSON decoder
// (../decode-core.ts): lowerCamelCase keys, 64-bit integers as decimal strings, ids as lower-case
// hex, bytes as padded base64, defaults left out (except oneof members and optional doubles),
// KeyValue `value` always present. Protobuf semantics: unknown fields skipped, last value wins for
// a repeated singular field, singular submessages merged, packed or unpacked repeated scalars,
// setting a oneof member clears the others. Message tables live in decode.ts (their format in
// decode-spec.ts).
// Paths are not built while decoding: the field names and list indexes of the current position sit
// on a stack (constants and small integers, no allocation) and are joined only for an error.
// Reader, path stack and AnyValue readers stay in this one module on purpose: split across modules
// (the stack as an imported binding) decoding measured about 6% slower.

import { DecodeError, DecodeLimitError } from '../errors.ts';
import { countDecoded, isZeroId, type DecodeContext } from '../decode-core.ts';
import { int64Text, ProtoReader, uint64Text, zigzag32 } from './reader.ts';
import type { FieldSpec, Kind, MessageSpec } from './decode-spec.ts';

export { message, type FieldOptions, type FieldSpec, type Kind, type MessageSpec } from './decode-spec.ts';

const MAX_ANY_VALUE_DEPTH = 256;
const MAX_RECORDED_ERRORS = 16;
const WIRE: Readonly<Record<string, number>> = {
  string: 2, bool: 0, uint32: 0, int32: 0, sint32: 0, fixed32: 5, uint64: 0, int64: 0, fixed64: 1, sfixed64: 1, double: 1,
  traceId: 2, spanId: 2, bytes: 2, anyValue: 2, keyValue: 2,
};

// ---------------------------------------------------------------- lazy paths

/** Path of errors raised while decoding; replaced by the rendered stack when caught (`locate`). */
const HERE = '\u0000';
/** The current position: field names and list indexes from the root message down. */
const segs: (string | number)[] = [];
/** The context of the body being decoded (for the value counts of AnyValue readers). */
let current: DecodeContext = { partial: false, rejected: 0, errors: [] };

/** Counts one item or value at the current position (throws DecodeLimitError past a limit). */
function tally(ctx: DecodeContext, item: boolean): void {
  // Hot path: two compares when under the limits; the path is rendered only for the error.
  if (ctx.limits === undefined) return;
  try {
    countDecoded(ctx, item, 1, HERE);
  } catch (e) {
    throw new DecodeLimitError(pathOf(), (e as DecodeLimitError).limit, (e as DecodeLimitError).message.slice(HERE.length + 2));
  }
}

function pathOf(): string {
  let out = '';
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    out += typeof s === 'number' ? '[' + s + ']' : (out === '' ? s : '.' + s);
  }
  return out === '' ? '$' : out;
}

/** An error raised at the current position (its path is rendered when caught). */
function fault(message: string): DecodeError {
  return new DecodeError(HERE, message);
}

/** Gives an error raised while decoding its real path (the stack at the time it was thrown). */
function locate(err: unknown): unknown {
  if (err instanceof DecodeError && err.path === HERE) return new DecodeError(pathOf(), err.message.slice(HERE.length + 2));
  return err;
}

/**
 * Decodes a whole body as message `spec`. Throws DecodeError naming the path of the fault
 * (`$` for the top level), e.g. `resourceSpans[0].scopeSpans[0].spans[3].traceId`.
 */
export function decodeMessage(spec: MessageSpec, body: Uint8Array, ctx: DecodeContext): Record<string, unknown> {
  segs.length = 0;
  current = ctx;
  try {
    return readMessage(spec, new ProtoReader(body), body.length, ctx, {});
  } catch (err) {
    throw locate(err);
  } finally {
    segs.length = 0;
    current = { partial: false, rejected: 0, errors: [] };
  }
}

function wrongWire(wire: number, kind: string): DecodeError {
  return fault(`wrong wire type ${wire} for a ${kind} field (expected ${WIRE[kind] ?? 2})`);
}

// ---------------------------------------------------------------- messages

/**
 * Reads the fields of message `spec` from `r` up to `end` into `out` (a new object, or the
 * existing one when a singular submessage repeats: protobuf merges them). Throws DecodeError.
 */
function readMessage(spec: MessageSpec, r: ProtoReader, end: number, ctx: DecodeContext, out: Record<string, unknown>): Record<string, unknown> {
  let rejectedAt: Record<string, number> | undefined; // per list: items left out (partial mode), for paths
  while (r.pos < end) {
    const tag = r.varint(end, HERE);
    const no = tag >>> 3;
    const wire = tag & 7;
    if (no === 0 || r.hi !== 0) throw fault(`invalid field tag ${tag} (field number 0 or too large)`);
    const f = spec.fields[no];
    if (f === undefined) {
      r.skip(wire, no, end, HERE);
      continue;
    }
    const name = f.name;
    const kind = f.kind;
    segs.push(name);
    if (typeof kind === 'object') {
      // submessage (or a list of them)
      if (wire !== 2) throw fault(`wrong wire type ${wire} for a message field (expected 2)`);
      const stop = r.limit(end, HERE);
      if (f.repeated) {
        let list = out[name] as Record<string, unknown>[] | undefined;
        segs.push((list?.length ?? 0) + (rejectedAt?.[name] ?? 0));
        tally(ctx, kind.rejects !== undefined);
        if (ctx.partial && kind.rejects !== undefined) {
          const start = r.pos;
          const depth = segs.length;
          try {
            const item = readMessage(kind, r, stop, ctx, {});
            if (list === undefined) out[name] = list = [];
            list.push(item);
          } catch (err) {
            const e = locate(err);
            if (!(e instanceof DecodeError) || e instanceof DecodeLimitError) throw e;
            ctx.rejected += kind.rejects(r.buf, start, stop);
            if (ctx.errors.length < MAX_RECORDED_ERRORS) ctx.errors.push(e);
            (rejectedAt ??= {})[name] = (rejectedAt[name] ?? 0) + 1;
            r.pos = stop;
            segs.length = depth;
          }
        } else {
          const item = readMessage(kind, r, stop, ctx, {});
          if (list === undefined) out[name] = list = [];
          list.push(item);
        }
        segs.pop();
      } else {
        const prev = out[name];
        const m = readMessage(kind, r, stop, ctx, typeof prev === 'object' && prev !== null ? prev as Record<string, unknown> : {});
        if (kind.dropEmpty && isEmpty(m)) { if (prev !== undefined) delete out[name]; }
        else setMember(out, f, m);
      }
    } else if (kind === 'keyValue') {
      if (wire !== 2) throw wrongWire(wire, kind);
      const stop = r.limit(end, HERE);
      let list = out[name] as unknown[] | undefined;
      if (list === undefined) out[name] = list = [];
      segs.push(list.length);
      tally(ctx, false);
      list.push(readKeyValue(r, stop, 0));
      segs.pop();
    } else if (kind === 'anyValue') {
      if (wire !== 2) throw wrongWire(wire, kind);
      out[name] = readAnyValue(r, r.limit(end, HERE), 0);
    } else if (f.repeated) {
      let list = out[name] as unknown[] | undefined;
      if (wire === 2 && WIRE[kind] !== 2) {
        // packed
        const stop = r.limit(end, HERE);
        const w = WIRE[kind]!;
        while (r.pos < stop) {
          if (list === undefined) out[name] = list = [];
          tally(ctx, false);
          list.push(readScalar(kind, w, r, stop));
        }
      } else {
        const value = readScalar(kind, wire, r, end);
        if (list === undefined) out[name] = list = [];
        tally(ctx, false);
        list.push(value);
      }
    } else {
      const value = readScalar(kind, wire, r, end);
      if (ctx.strict === true && (kind === 'traceId' || kind === 'spanId') && isZeroId(value as string)) throw fault('id is all zeros (invalid)');
      if (!f.keep && isDefault(value)) { if (out[name] !== undefined) delete out[name]; }
      else setMember(out, f, value);
    }
    segs.pop();
  }
  if (ctx.strict === true && spec.required !== undefined) {
    for (const k of spec.required) {
      if (out[k] === undefined) {
        segs.push(k);
        throw fault(`missing ${k} (required)`);
      }
    }
  }
  return out;
}

function setMember(out: Record<string, unknown>, f: FieldSpec, value: unknown): void {
  if (f.oneof !== undefined) for (const other of f.oneof) if (out[other] !== undefined) delete out[other];
  out[f.name] = value;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

function isDefault(value: unknown): boolean {
  return value === 0 || value === '' || value === '0' || value === false;
}

/** Reads one scalar of `kind` sent with wire type `wire`, in canonical form. */
function readScalar(kind: Kind, wire: number, r: ProtoReader, end: number): unknown {
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

// ---------------------------------------------------------------- AnyValue

/** Reads a KeyValue up to `end`; `key` left out when empty, `value` always present (`{}` when absent). */
function readKeyValue(r: ProtoReader, end: number, depth: number): Record<string, unknown> {
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
function readAnyValue(r: ProtoReader, end: number, depth: number): Record<string, unknown> {
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
