// The protobuf reader's message tables (decode-core.ts reads them; decode.ts builds them): fields
// by field number, each with its kind, repetition, default-keeping and oneof siblings.

/** How a field's value is read (protobuf type → canonical JSON form). */
export type Kind =
  | 'string' | 'bool' | 'uint32' | 'int32' | 'sint32' | 'fixed32'
  | 'uint64' | 'int64' | 'fixed64' | 'sfixed64' | 'double'
  | 'traceId' | 'spanId' | 'bytes'
  | 'anyValue' | 'keyValue';

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
