// Table-driven protobuf message reader producing the canonical wire objects of the JSON decoder
// (../decode-core.ts): lowerCamelCase keys, 64-bit integers as decimal strings, ids as lower-case
// hex, bytes as padded base64, defaults left out (except oneof members and optional doubles),
// KeyValue `value` always present. Protobuf semantics: unknown fields skipped, last value wins for
// a repeated singular field, singular submessages merged, packed or unpacked repeated scalars,
// setting a oneof member clears the others. Message tables live in decode.ts, scalars and
// AnyValues in decode-values.ts; error paths are built lazily (decode-path.ts).

import { DecodeError, DecodeLimitError } from '../errors.ts';
import { isZeroId, type DecodeContext } from '../decode-core.ts';
import { ProtoReader } from './reader.ts';
import { fault, HERE, locate, segs, setCurrent, tally } from './decode-path.ts';
import { readAnyValue, readKeyValue, readScalar, WIRE, wrongWire, type Kind } from './decode-values.ts';

export type { Kind };

/** One field of a message table. */
export interface FieldSpec {
  readonly name: string;
  readonly kind: Kind | MessageSpec;
  readonly repeated: boolean;
  /** Kept even at its default value (proto3 `optional`, oneof members). */
  readonly keep: boolean;
  /** Other members of its oneof, cleared when this one is set. */
  readonly oneof: readonly string[] | undefined;
}

/** A message table: fields by field number. */
export interface MessageSpec {
  readonly name: string;
  readonly fields: readonly (FieldSpec | undefined)[];
  /** Leave the message out when it decodes to `{}` (Status, Buckets). */
  readonly dropEmpty: boolean;
  /** Item messages: how many items a failure of this message (bytes start..end) rejects. */
  readonly rejects: ((buf: Uint8Array, start: number, end: number) => number) | undefined;
  /** Fields that must be set (strict mode only), e.g. a span's ids. */
  readonly required: readonly string[] | undefined;
}

/** Field options in a table: `repeated`, `keep` (optional / oneof member), `oneof: [siblings]`. */
export interface FieldOptions { readonly repeated?: boolean; readonly keep?: boolean; readonly oneof?: readonly string[] }

/** Builds a message table from `{ number: [name, kind, options?] }`. */
export function message(
  name: string,
  fields: Record<number, readonly [string, Kind | MessageSpec, FieldOptions?]>,
  opts: { dropEmpty?: boolean; rejects?: (buf: Uint8Array, start: number, end: number) => number; required?: readonly string[] } = {},
): MessageSpec {
  const table: (FieldSpec | undefined)[] = [];
  for (const [no, [fieldName, kind, o]] of Object.entries(fields)) {
    table[Number(no)] = { name: fieldName, kind, repeated: o?.repeated === true, keep: o?.keep === true, oneof: o?.oneof };
  }
  return { name, fields: table, dropEmpty: opts.dropEmpty === true, rejects: opts.rejects, required: opts.required };
}

const MAX_RECORDED_ERRORS = 16;

/**
 * Decodes a whole body as message `spec`. Throws DecodeError naming the path of the fault
 * (`$` for the top level), e.g. `resourceSpans[0].scopeSpans[0].spans[3].traceId`.
 */
export function decodeMessage(spec: MessageSpec, body: Uint8Array, ctx: DecodeContext): Record<string, unknown> {
  setCurrent(ctx);
  try {
    return readMessage(spec, new ProtoReader(body), body.length, ctx, {});
  } catch (err) {
    throw locate(err);
  } finally {
    setCurrent(undefined);
  }
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
