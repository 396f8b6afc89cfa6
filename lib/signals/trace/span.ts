// Hot path: the span object. A recording span IS its SpanData record (one object per span, fixed
// field order so V8 keeps it monomorphic; no closures, no per-span arrays until an event or link
// is added; time via nowInto). Ending hands the object itself to the trace Sink. Mutations after
// end and double ends are counted no-ops, never exceptions.
import type {
  Attributes,
  AttributeValue,
  InstrumentationScope,
  Resource,
  SpanData,
  SpanEventData,
  SpanLinkData,
} from '../../../proto-json/model.ts';
import { SpanFlags, StatusCode } from '../../../proto-json/model.ts';
import { nowInto, timeInputInto, type EpochTime, type TimeInput } from '../../platform/clock.ts';
import type { Link, Span, SpanContext, SpanCore, SpanStatus, TracerCounters } from './span-api.ts';

export type { Link, Span, SpanContext, SpanCore, SpanStatus, TracerCounters } from './span-api.ts';
export { INVALID_SPAN_CONTEXT, NonRecordingSpan } from './span-api.ts';

const scratch: EpochTime = { sec: 0, ns: 0 };
const NO_EVENTS: SpanEventData[] = Object.freeze([]) as unknown as SpanEventData[];
const NO_LINKS: SpanLinkData[] = Object.freeze([]) as unknown as SpanLinkData[];
const NO_ATTRIBUTES: Attributes = Object.freeze({}) as Attributes;

/** True for a TimeInput (number, bigint, Date or [sec, ns]) rather than an attributes object. */
function isTime(v: unknown): v is TimeInput {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Date || Array.isArray(v);
}

/** An array attribute's copy; undefined when copying throws (a hostile Proxy). */
function copyArray(value: readonly unknown[]): AttributeValue | undefined {
  try {
    return value.slice() as AttributeValue;
  } catch {
    return undefined;
  }
}

/**
 * Stores `value` under `key` unless the count limit is reached; returns the new count, -1 when
 * dropped at the limit, -2 when the value could not be read (an array whose copy throws).
 */
function put(attrs: Attributes, count: number, limit: number, key: string, value: AttributeValue): number {
  let v = value;
  if (Array.isArray(value)) {
    v = copyArray(value)!;
    if (v === undefined) return -2;
  }
  const cur = attrs[key];
  if (cur === undefined || !Object.hasOwn(attrs, key)) {
    if (count >= limit) return -1;
    count++;
  }
  if (key === '__proto__') Object.defineProperty(attrs, key, { value: v, enumerable: true, writable: true, configurable: true });
  else attrs[key] = v;
  return count;
}

/** Copies `src` into a new object under `limit`; returns it and the number dropped. */
function copyAttributes(src: Attributes | undefined, limit: number, out: { dropped: number }): Attributes {
  out.dropped = 0;
  if (src === undefined || src === null) return NO_ATTRIBUTES;
  const attrs: Attributes = {};
  let count = 0;
  for (const key in src) {
    if (!Object.hasOwn(src, key)) continue;
    const value = src[key];
    if (value === undefined || value === null || key === '') continue;
    const next = put(attrs, count, limit, key, value);
    if (next < 0) out.dropped++;
    else count = next;
  }
  return attrs;
}

const dropped = { dropped: 0 };

/** A name as a string: strings as given (hot path), else String(name), else '(invalid name)' counted. */
export function spanName(name: unknown, counters: TracerCounters): string {
  if (typeof name === 'string') return name;
  try {
    return String(name);
  } catch {
    counters.invalidInputs++;
    return '(invalid name)';
  }
}

/** `obj[key]`, or undefined when reading it throws (a hostile getter or Proxy). */
function safeGet(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Builds a SpanLinkData from a link; undefined for an invalid context. */
export function linkData(link: Link, limit: number): SpanLinkData | undefined {
  if (link === null || typeof link !== 'object') return undefined;
  const c = link.context;
  if (c === undefined || c === null || typeof c.traceId !== 'string' || typeof c.spanId !== 'string') return undefined;
  const attributes = copyAttributes(link.attributes, limit, dropped);
  return {
    traceId: c.traceId,
    spanId: c.spanId,
    traceState: c.traceState ?? '',
    attributes,
    droppedAttributesCount: dropped.dropped,
    flags: (c.traceFlags & 0xff) | SpanFlags.CONTEXT_HAS_IS_REMOTE_MASK | (c.isRemote ? SpanFlags.CONTEXT_IS_REMOTE_MASK : 0),
  };
}

/** A sampled span: records until end, then is handed (as its own SpanData) to the pipeline. */
export class RecordingSpan implements Span, SpanData {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: number;
  startSec: number;
  startNs: number;
  endSec: number;
  endNs: number;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: SpanEventData[];
  droppedEventsCount: number;
  links: SpanLinkData[];
  droppedLinksCount: number;
  statusCode: number;
  statusMessage: string;
  #core: SpanCore;
  #attrCount: number;
  #ended: boolean;
  #ctx: SpanContext | undefined;

  /** `flags` is the OTLP Span.flags word: W3C flags | parent HAS_IS_REMOTE / IS_REMOTE bits. */
  constructor(core: SpanCore, name: string, kind: number, traceId: string, spanId: string, parentSpanId: string, traceState: string, flags: number) {
    this.resource = core.resource;
    this.scope = core.scope;
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.traceState = traceState;
    this.flags = flags;
    this.name = name;
    this.kind = kind;
    nowInto(scratch);
    this.startSec = scratch.sec;
    this.startNs = scratch.ns;
    this.endSec = 0;
    this.endNs = 0;
    this.attributes = NO_ATTRIBUTES; // allocated on the first attribute
    this.droppedAttributesCount = 0;
    this.events = NO_EVENTS;
    this.droppedEventsCount = 0;
    this.links = NO_LINKS;
    this.droppedLinksCount = 0;
    this.statusCode = StatusCode.UNSET;
    this.statusMessage = '';
    this.#core = core;
    this.#attrCount = 0;
    this.#ended = false;
    this.#ctx = undefined;
    core.counters.spansStarted++;
  }

  /** Overrides the start time (used by the tracer for `startTime`); ignored when not a valid time. */
  setStartTime(time: TimeInput): void {
    if (timeInputInto(time, scratch)) {
      this.startSec = scratch.sec;
      this.startNs = scratch.ns;
    }
  }

  spanContext(): SpanContext {
    return (this.#ctx ??= {
      traceId: this.traceId,
      spanId: this.spanId,
      traceFlags: this.flags & 0xff,
      traceState: this.traceState,
      isRemote: false,
    });
  }

  isRecording(): boolean {
    return !this.#ended;
  }

  /** True once end() ran. */
  get ended(): boolean {
    return this.#ended;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.#ended) {
      this.#core.counters.changedAfterEnd++;
      return this;
    }
    if (value === undefined || value === null) return this;
    if (typeof key !== 'string' || key === '') {
      this.droppedAttributesCount++;
      return this;
    }
    let attrs = this.attributes;
    if (attrs === NO_ATTRIBUTES) attrs = this.attributes = {};
    const next = put(attrs, this.#attrCount, this.#core.limits.attributeCountLimit, key, value);
    if (next === -2) this.#invalid();
    else if (next < 0) this.droppedAttributesCount++;
    else this.#attrCount = next;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    if (this.#ended) {
      this.#core.counters.changedAfterEnd++;
      return this;
    }
    if (attributes === undefined || attributes === null) return this;
    try {
      for (const key in attributes) if (Object.hasOwn(attributes, key)) this.setAttribute(key, attributes[key]);
    } catch {
      // a Proxy or getter that throws: what was read before stays, the rest is dropped
      this.#invalid();
    }
    return this;
  }

  /** Counts an unusable input (dropped) on the span and the tracer. */
  #invalid(): void {
    this.droppedAttributesCount++;
    this.#core.counters.invalidInputs++;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.#ended) {
      this.#core.counters.changedAfterEnd++;
      return this;
    }
    const limits = this.#core.limits;
    if (this.events.length >= limits.eventCountLimit) {
      this.droppedEventsCount++;
      return this;
    }
    let attributes: Attributes;
    try {
      let attrs: Attributes | undefined;
      let t = time;
      if (isTime(attributesOrTime)) t = attributesOrTime;
      else attrs = attributesOrTime;
      if (t === undefined || !timeInputInto(t, scratch)) nowInto(scratch);
      attributes = copyAttributes(attrs, limits.attributePerEventCountLimit, dropped);
    } catch {
      // hostile attributes or time (a Proxy, a throwing getter): the event keeps its name only
      this.#core.counters.invalidInputs++;
      nowInto(scratch);
      attributes = NO_ATTRIBUTES;
      dropped.dropped = 1;
    }
    const event: SpanEventData = {
      name: spanName(name, this.#core.counters),
      timeSec: scratch.sec,
      timeNs: scratch.ns,
      attributes,
      droppedAttributesCount: dropped.dropped,
    };
    if (this.events === NO_EVENTS) this.events = [event];
    else this.events.push(event);
    return this;
  }

  addLink(link: Link): this {
    if (this.#ended) {
      this.#core.counters.changedAfterEnd++;
      return this;
    }
    const limits = this.#core.limits;
    let data: SpanLinkData | undefined;
    try {
      data = this.links.length >= limits.linkCountLimit ? undefined : linkData(link, limits.attributePerLinkCountLimit);
    } catch {
      this.#core.counters.invalidInputs++; // a link whose getters throw: dropped and counted
    }
    if (data === undefined) this.droppedLinksCount++;
    else if (this.links === NO_LINKS) this.links = [data];
    else this.links.push(data);
    return this;
  }

  recordException(exception: unknown, time?: TimeInput): this {
    if (this.#ended) {
      this.#core.counters.changedAfterEnd++;
      return this;
    }
    const attrs: Attributes = {};
    if (typeof exception === 'string') attrs['exception.message'] = exception;
    else if (exception !== null && (typeof exception === 'object' || typeof exception === 'function')) {
      // Each property read on its own: a throwing getter or Proxy loses only that field.
      const name = safeGet(exception, 'name');
      const ctor = typeof name === 'string' && name !== '' ? undefined : safeGet(exception, 'constructor');
      const type = typeof name === 'string' && name !== '' ? name : (typeof ctor === 'function' ? safeGet(ctor, 'name') : undefined);
      const code = typeof type === 'string' && type !== '' ? undefined : safeGet(exception, 'code');
      if (typeof type === 'string' && type !== '') attrs['exception.type'] = type;
      else if (typeof code === 'string' || typeof code === 'number') attrs['exception.type'] = String(code);
      const message = safeGet(exception, 'message');
      if (typeof message === 'string') attrs['exception.message'] = message;
      const stack = safeGet(exception, 'stack');
      if (typeof stack === 'string') attrs['exception.stacktrace'] = stack;
    } else {
      try {
        attrs['exception.message'] = String(exception);
      } catch {
        this.#core.counters.invalidInputs++; // a Symbol-like value without a string form
      }
    }
    return this.addEvent('exception', attrs, time);
  }

  setStatus(status: SpanStatus): this {
    if (this.#ended) {
      this.#core.counters.changedAfterEnd++;
      return this;
    }
    if (this.statusCode === StatusCode.OK || status === undefined || status === null) return this;
    try {
      const c = status.code;
      if (c === StatusCode.OK || c === 'ok') {
        this.statusCode = StatusCode.OK;
        this.statusMessage = '';
      } else if (c === StatusCode.ERROR || c === 'error') {
        const message = status.message;
        this.statusCode = StatusCode.ERROR;
        this.statusMessage = typeof message === 'string' ? message : '';
      }
    } catch {
      this.#core.counters.invalidInputs++; // a status whose getters throw: ignored
    }
    return this;
  }

  updateName(name: string): this {
    if (this.#ended) this.#core.counters.changedAfterEnd++;
    else this.name = spanName(name, this.#core.counters);
    return this;
  }

  end(endTime?: TimeInput): void {
    const core = this.#core;
    if (this.#ended) {
      core.counters.endedTwice++;
      return;
    }
    this.#ended = true;
    if (endTime === undefined) nowInto(scratch);
    else {
      try {
        if (!timeInputInto(endTime, scratch)) nowInto(scratch);
      } catch {
        core.counters.invalidInputs++; // a hostile time (a Proxy array): now instead
        nowInto(scratch);
      }
    }
    if (scratch.sec < this.startSec || (scratch.sec === this.startSec && scratch.ns < this.startNs)) {
      this.endSec = this.startSec;
      this.endNs = this.startNs;
    } else {
      this.endSec = scratch.sec;
      this.endNs = scratch.ns;
    }
    core.counters.spansEnded++;
    core.sink.offer(this);
  }

  /** Moves this (not yet ended) span under a remote or other parent; keeps its own sampling decision. */
  reparent(parent: SpanContext): boolean {
    if (this.#ended) return false;
    this.traceId = parent.traceId;
    this.parentSpanId = parent.spanId;
    this.traceState = parent.traceState;
    this.flags = (this.flags & 0xff) | SpanFlags.CONTEXT_HAS_IS_REMOTE_MASK | (parent.isRemote ? SpanFlags.CONTEXT_IS_REMOTE_MASK : 0);
    this.#ctx = undefined;
    return true;
  }

  /** Adds a configured (string) attribute at start. */
  putAttribute(key: string, value: AttributeValue): void {
    let attrs = this.attributes;
    if (attrs === NO_ATTRIBUTES) attrs = this.attributes = {};
    const next = put(attrs, this.#attrCount, this.#core.limits.attributeCountLimit, key, value);
    if (next < 0) this.droppedAttributesCount++;
    else this.#attrCount = next;
  }
}

