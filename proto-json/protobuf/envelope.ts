// Protobuf request envelope shared by the three signals: Resource*/Scope* nesting grouped by
// resource then scope object identity (as the JSON envelope), with each resource's and scope's
// field bytes encoded once per object (WeakMap cache by identity).
//
// Every signal has the same layout: Export*ServiceRequest.resource_* = 1; Resource* { resource = 1,
// scope_* = 2, schema_url = 3 }; Scope* { scope = 1, items = 2, schema_url = 3 }.

import type { InstrumentationScope, Resource } from '../model.ts';
import { NO_LIMITS } from '../attributes.ts';
import { groupItems, SizeHint, type Grouped } from '../envelope.ts';
import { writeKeyValues } from './any-value.ts';
import { fragment, ProtoWriter, varintSize } from './writer.ts';

const T1 = 0x0a; // field 1, LEN
const T2 = 0x12; // field 2, LEN
const T3 = 0x1a; // field 3, LEN

const resourceCache = new WeakMap<Resource, Uint8Array>();
const scopeCache = new WeakMap<InstrumentationScope, Uint8Array>();

/** `resource = 1` field bytes of a Resource (attributes exempt from limits), encoded once per object. */
function resourceField(r: Resource): Uint8Array {
  let bytes = resourceCache.get(r);
  if (bytes === undefined) {
    bytes = fragment((w) => {
      w.byte(T1);
      const start = w.fork(2);
      const dropped = ((r.droppedAttributesCount ?? 0) + writeKeyValues(w, T1, r.attributes, NO_LIMITS)) >>> 0;
      if (dropped > 0) { w.byte(0x10); w.varint32(dropped); }
      w.join(start, 2);
    });
    resourceCache.set(r, bytes);
  }
  return bytes;
}

/** `scope = 1` field bytes of an InstrumentationScope (attributes exempt), encoded once per object. */
function scopeField(s: InstrumentationScope): Uint8Array {
  let bytes = scopeCache.get(s);
  if (bytes === undefined) {
    bytes = fragment((w) => {
      w.byte(T1);
      const start = w.fork(1);
      if (s.name) { w.byte(T1); w.string(s.name); }
      if (s.version) { w.byte(T2); w.string(s.version); }
      const dropped = ((s.droppedAttributesCount ?? 0) + writeKeyValues(w, T3, s.attributes, NO_LIMITS)) >>> 0;
      if (dropped > 0) { w.byte(0x20); w.varint32(dropped); }
      w.join(start, 1);
    });
    scopeCache.set(s, bytes);
  }
  return bytes;
}

/** Writes one item's message fields (the envelope writes its tag and length). */
export type ItemWriter<T> = (w: ProtoWriter, item: T) => void;

/**
 * Writes a whole Export*ServiceRequest: per resource and scope group the cached fragments, then
 * `write(w, item)` for each item as a `= 2` submessage with `itemReserve` length bytes reserved.
 * `bytesPerItem` sizes the length reservation of the group levels. Empty input writes nothing
 * (the empty request).
 */
export function writeRequest<T extends Grouped>(
  w: ProtoWriter,
  items: readonly T[],
  write: ItemWriter<T>,
  itemReserve: number,
  bytesPerItem: number,
): void {
  const n = items.length;
  if (n === 0) return;
  const first = items[0]!;
  let uniform = true;
  for (let i = 1; i < n; i++) {
    const it = items[i]!;
    if (it.resource !== first.resource || it.scope !== first.scope) { uniform = false; break; }
  }
  if (uniform) {
    writeResource(w, first.resource, [[first.scope, items]], n, write, itemReserve, bytesPerItem);
    return;
  }
  for (const [resource, scopes] of groupItems(items)) {
    let count = 0;
    for (const list of scopes.values()) count += list.length;
    writeResource(w, resource, scopes, count, write, itemReserve, bytesPerItem);
  }
}

function writeResource<T>(
  w: ProtoWriter,
  resource: Resource,
  scopes: Iterable<readonly [InstrumentationScope, readonly T[]]>,
  count: number,
  write: ItemWriter<T>,
  itemReserve: number,
  bytesPerItem: number,
): void {
  w.byte(T1);
  const reserve = varintSize(Math.min(0xffff_ffff, count * bytesPerItem + 256));
  const rs = w.fork(reserve);
  w.raw(resourceField(resource));
  for (const [scope, list] of scopes) {
    w.byte(T2);
    const scopeReserve = varintSize(Math.min(0xffff_ffff, list.length * bytesPerItem + 128));
    const ss = w.fork(scopeReserve);
    w.raw(scopeField(scope));
    // Hot path: one submessage per record.
    const m = list.length;
    for (let i = 0; i < m; i++) {
      w.byte(T2);
      const start = w.fork(itemReserve);
      write(w, list[i]!);
      w.join(start, itemReserve);
    }
    if (scope.schemaUrl) { w.byte(T3); w.string(scope.schemaUrl); }
    w.join(ss, scopeReserve);
  }
  if (resource.schemaUrl) { w.byte(T3); w.string(resource.schemaUrl); }
  w.join(rs, reserve);
}

/**
 * One signal's protobuf batch encoder (spans, log records): the whole request written into one
 * ProtoWriter allocated from the output size per item of recent calls (SizeHint).
 */
export class ProtobufBatchEncoder<T extends Grouped> {
  readonly #write: ItemWriter<T>;
  readonly #itemReserve: number;
  readonly #bytesPerItem: number;
  readonly #hint: SizeHint;
  /** `hintBytesPerItem` sizes the first buffer; `itemReserve` and `bytesPerItem` as for writeRequest. */
  constructor(write: ItemWriter<T>, hintBytesPerItem: number, itemReserve: number, bytesPerItem: number) {
    this.#write = write;
    this.#itemReserve = itemReserve;
    this.#bytesPerItem = bytesPerItem;
    this.#hint = new SizeHint(hintBytesPerItem);
  }

  /** The request's bytes (a view of the writer's buffer). */
  encode(items: readonly T[]): Uint8Array {
    const w = new ProtoWriter(this.#hint.bytesFor(items.length));
    writeRequest(w, items, this.#write, this.#itemReserve, this.#bytesPerItem);
    const bytes = w.finish();
    this.#hint.record(items.length, bytes.byteLength);
    return bytes;
  }
}
