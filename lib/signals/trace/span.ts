// Hot path: the span object. A recording span IS its SpanData record (one object per span, fixed
// field order so V8 keeps it monomorphic; no closures, no per-span arrays until an event or link
// is added; time via nowInto). Ending hands the object itself to the trace Sink. Mutations after
// end and double ends are counted no-ops, never exceptions. Attribute, link and exception
// handling is in span-attributes.ts.
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
import type { Link, Span, SpanContext, SpanCore, SpanStatus } from './span-api.ts';
import { copyAttributes, dropped, exceptionAttributes, linkData, NO_ATTRIBUTES, put, spanName } from './span-attributes.ts';

export type { Link, Span, SpanContext, SpanCore, SpanStatus, TracerCounters } from './span-api.ts';
export { INVALID_SPAN_CONTEXT, NonRecordingSpan } from './span-api.ts';
export { linkData, spanName } from './span-attributes.ts';

const scratch: EpochTime = { sec: 0, ns: 0 };
const NO_EVENTS: SpanEventData[] = Object.freeze([]) as unknown as SpanEventData[];
const NO_LINKS: SpanLinkData[] = Object.freeze([]) as unknown as SpanLinkData[];

/** True for a TimeInput (number, bigint, Date or [sec, ns]) rather than an attributes object. */
function isTime(v: unknown): v is TimeInput {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Date || Array.isArray(v);
}

/** A recording span's SpanData fields: declared once, by proto-json's SpanData. */
export interface RecordingSpan extends SpanData {}

/** A sampled span: records until end, then is handed (as its own SpanData) to the pipeline. */
export class RecordingSpan implements Span {
  declare readonly resource: Resource;
  declare readonly scope: InstrumentationScope;
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
    const attrs = exceptionAttributes(exception, this.#core.counters);
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

