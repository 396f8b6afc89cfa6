// Request envelope shared by the three signals: groups records by resource then scope object
// identity into Resource*/Scope* arrays, renders each resource and scope once (WeakMap cache by
// identity), and writes the body straight into a growing UTF-8 Buffer (string callers decode it:
// for a 10 MB body that is ~3x faster than keeping a 10k-span rope alive; bench/encode.bench.ts).

import type { InstrumentationScope, Resource } from './model.ts';
import { droppedByLastCall, keyValues, NO_LIMITS } from './attributes.ts';
import { quote } from './json.ts';

/** Where rendered JSON text goes. */
export interface Out { write(text: string): void }

interface Utf8Writable { utf8Write(text: string, offset: number, length?: number): number }

/**
 * Writes text as UTF-8 into one growing Buffer (one write per record). Measured against
 * `Buffer.from(joinedString)`: bench/encode.bench.ts, "bytes output".
 */
export class BytesOut implements Out {
  #buf: Buffer;
  #len = 0;
  constructor(sizeHint: number) {
    this.#buf = Buffer.allocUnsafeSlow(Math.max(1024, sizeHint));
  }

  // Hot path: one call per record; grows by doubling, never scans the text first (3 bytes per
  // UTF-16 unit is the UTF-8 worst case, so the check needs no byteLength pass).
  write(text: string): void {
    const need = this.#len + text.length * 3;
    if (need > this.#buf.length) this.#grow(need);
    this.#len += (this.#buf as unknown as Utf8Writable).utf8Write(text, this.#len);
  }

  #grow(need: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(need, this.#buf.length * 2));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }

  /** The bytes written so far (a view; no copy). */
  finish(): Uint8Array { return this.#buf.subarray(0, this.#len); }

  /** The bytes written so far as a string (the text is well-formed, so this is exact). */
  finishText(): string { return this.#buf.toString('utf8', 0, this.#len); }
}

/**
 * Remembers the output size per item of one signal so the next BytesOut is allocated once at
 * about the right size (growing a 10 MB buffer costs a copy; bench/encode.bench.ts profile).
 */
export class SizeHint {
  #perItem: number;
  constructor(initialBytesPerItem: number) { this.#perItem = initialBytesPerItem; }
  /** Bytes to allocate for `items` items. */
  bytesFor(items: number): number { return Math.ceil(items * this.#perItem * 1.1) + 512; }
  /** Records an encode result of `bytes` bytes for `items` items. */
  record(items: number, bytes: number): void {
    if (items > 0) this.#perItem = Math.min(65_536, Math.max(64, bytes / items));
  }
}

/** Keys of one signal's envelope. */
export interface EnvelopeKeys {
  /** e.g. `{"resourceSpans":[` */
  readonly open: string;
  /** e.g. `,"scopeSpans":[` */
  readonly scopes: string;
  /** e.g. `,"spans":[` */
  readonly items: string;
}

/** Anything grouped by resource and scope identity. */
export interface Grouped { readonly resource: Resource; readonly scope: InstrumentationScope }

const resourceCache = new WeakMap<Resource, string>();
const scopeCache = new WeakMap<InstrumentationScope, string>();

/** `{"resource":{…}` of a Resource, rendered once per object (attributes exempt from limits). */
function resourceOpen(r: Resource): string {
  let text = resourceCache.get(r);
  if (text === undefined) {
    const attrs = keyValues(r.attributes, NO_LIMITS);
    const dropped = (r.droppedAttributesCount ?? 0) + droppedByLastCall();
    let body = attrs === '' ? '' : '"attributes":' + attrs;
    if (dropped > 0) body += (body === '' ? '' : ',') + '"droppedAttributesCount":' + (dropped >>> 0);
    text = '{"resource":{' + body + '}';
    resourceCache.set(r, text);
  }
  return text;
}

/** `{"scope":{…}` of a scope, rendered once per object (attributes exempt from limits). */
function scopeOpen(s: InstrumentationScope): string {
  let text = scopeCache.get(s);
  if (text === undefined) {
    let body = '';
    if (s.name) body += '"name":' + quote(s.name);
    if (s.version) body += (body === '' ? '' : ',') + '"version":' + quote(s.version);
    const attrs = keyValues(s.attributes, NO_LIMITS);
    const dropped = ((s.droppedAttributesCount ?? 0) + droppedByLastCall()) >>> 0;
    if (attrs !== '') body += (body === '' ? '' : ',') + '"attributes":' + attrs;
    if (dropped > 0) body += (body === '' ? '' : ',') + '"droppedAttributesCount":' + dropped;
    text = '{"scope":{' + body + '}';
    scopeCache.set(s, text);
  }
  return text;
}

function schemaClose(schemaUrl: string | undefined): string {
  return schemaUrl ? ',"schemaUrl":' + quote(schemaUrl) + '}' : '}';
}

/**
 * Writes a whole request body: `keys.open`, then per resource and scope group the cached
 * fragments and `render(item)` of each item, comma-separated. Empty input gives `{}`.
 * `render` is called once per item in input order within its group.
 */
export function writeEnvelope<T extends Grouped>(
  out: Out,
  items: readonly T[],
  keys: EnvelopeKeys,
  render: (item: T) => string,
): void {
  const n = items.length;
  if (n === 0) { out.write('{}'); return; }
  const first = items[0]!;
  let uniform = true;
  for (let i = 1; i < n; i++) {
    const it = items[i]!;
    if (it.resource !== first.resource || it.scope !== first.scope) { uniform = false; break; }
  }
  out.write(keys.open);
  if (uniform) {
    writeGroup(out, first.resource, [[first.scope, items]], keys, render);
  } else {
    let firstGroup = true;
    for (const [resource, scopes] of groupItems(items)) {
      if (!firstGroup) out.write(',');
      firstGroup = false;
      writeGroup(out, resource, scopes, keys, render);
    }
  }
  out.write(']}');
}

function writeGroup<T extends Grouped>(
  out: Out,
  resource: Resource,
  scopes: Iterable<readonly [InstrumentationScope, readonly T[]]>,
  keys: EnvelopeKeys,
  render: (item: T) => string,
): void {
  out.write(resourceOpen(resource) + keys.scopes);
  let firstScope = true;
  for (const [scope, list] of scopes) {
    out.write((firstScope ? '' : ',') + scopeOpen(scope) + keys.items);
    firstScope = false;
    // Hot path: one render + one write per record.
    const m = list.length;
    for (let i = 0; i < m; i++) out.write((i === 0 ? '' : ',') + render(list[i]!));
    out.write(']' + schemaClose(scope.schemaUrl));
  }
  out.write(']' + schemaClose(resource.schemaUrl));
}

function groupItems<T extends Grouped>(items: readonly T[]): Map<Resource, Map<InstrumentationScope, T[]>> {
  const groups = new Map<Resource, Map<InstrumentationScope, T[]>>();
  for (const it of items) {
    let scopes = groups.get(it.resource);
    if (scopes === undefined) groups.set(it.resource, (scopes = new Map()));
    let list = scopes.get(it.scope);
    if (list === undefined) scopes.set(it.scope, (list = []));
    list.push(it);
  }
  return groups;
}

/**
 * One signal's JSON batch encoder (spans, log records): the whole request written into one
 * Buffer allocated from the output size per item of recent calls (SizeHint).
 */
export class JsonBatchEncoder<T extends Grouped> {
  readonly #keys: EnvelopeKeys;
  readonly #render: (item: T) => string;
  readonly #hint: SizeHint;
  constructor(keys: EnvelopeKeys, bytesPerItem: number, render: (item: T) => string) {
    this.#keys = keys;
    this.#render = render;
    this.#hint = new SizeHint(bytesPerItem);
  }

  /** The request as a string (the UTF-8 body decoded). */
  text(items: readonly T[]): string {
    const text = this.#write(items).finishText();
    this.#hint.record(items.length, text.length);
    return text;
  }

  /** The request as UTF-8 bytes (a view of the Buffer; it may have spare capacity behind it). */
  bytes(items: readonly T[]): Uint8Array {
    const bytes = this.#write(items).finish();
    this.#hint.record(items.length, bytes.byteLength);
    return bytes;
  }

  #write(items: readonly T[]): BytesOut {
    const out = new BytesOut(this.#hint.bytesFor(items.length));
    writeEnvelope(out, items, this.#keys, this.#render);
    return out;
  }
}

/**
 * Closes a record whose leading field was absent. Fields after the first are appended with a
 * leading ',' (constant fragments, no separator logic per field); when the leading field was
 * absent (invalid id, unset time: rare), the text starts with '{,' and this drops that comma.
 */
export function closeLeadless(o: string): string {
  return o.length === 1 ? '{}' : '{' + o.slice(2) + '}';
}

// ---- The protobuf envelope groups records the same way.
export { groupItems };
