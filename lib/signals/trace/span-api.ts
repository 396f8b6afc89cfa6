// The span API as users see it (Span, SpanContext, status, links), the counters and shared state
// of a tracer's spans, and the non-recording span (sampled out, remote parent, traces disabled).
import type { Attributes, AttributeValue, InstrumentationScope, Resource, SpanData } from '../../../proto-json/model.ts';
import type { StatusCode } from '../../../proto-json/model.ts';
import type { SpanLimits } from '../../config/limits.ts';
import type { TimeInput } from '../../platform/clock.ts';
import type { Sink } from '../../contracts.ts';

/** The propagated identity of a span. Ids are lowercase hex; `traceState` is the W3C header value ('' = none). */
export interface SpanContext {
  readonly traceId: string;
  readonly spanId: string;
  /** W3C trace flags (0x01 = sampled). */
  readonly traceFlags: number;
  readonly traceState: string;
  /** True when the context came from another process (a W3C header or TRACEPARENT). */
  readonly isRemote: boolean;
}

/** A status to set: `code` by OTLP number or name; `message` is kept only with 'error'. */
export interface SpanStatus {
  readonly code: StatusCode | 'unset' | 'ok' | 'error';
  readonly message?: string;
}

/** A link to another span, given at start or with addLink. */
export interface Link {
  readonly context: SpanContext;
  readonly attributes?: Attributes;
}

/** A span as users see it. Every method is safe after end (a counted no-op). */
export interface Span {
  /** The span's trace id, span id, flags and tracestate. */
  spanContext(): SpanContext;
  /** True while the span records (sampled and not ended). */
  isRecording(): boolean;
  /** Sets one attribute; null/undefined values are ignored; beyond the count limit it is dropped and counted. */
  setAttribute(key: string, value: AttributeValue): this;
  /** Sets several attributes. */
  setAttributes(attributes: Attributes): this;
  /** Adds an event (now, or at `time`). The second argument may be the time instead of attributes. */
  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this;
  /** Adds a link to another span. */
  addLink(link: Link): this;
  /** Adds an `exception` event with exception.type / exception.message / exception.stacktrace. Does not set the status. */
  recordException(exception: unknown, time?: TimeInput): this;
  /** Sets the status. OK is final; UNSET is ignored; a message is kept only with ERROR. */
  setStatus(status: SpanStatus): this;
  /** Renames the span. */
  updateName(name: string): this;
  /** Ends the span (now, or at `endTime`, clamped to the start) and hands it to the exporter. */
  end(endTime?: TimeInput): void;
}

/** Counters shared by a tracer's spans; visible in `provider.stats().tracer`. */
export interface TracerCounters {
  /** Recording spans started. */
  spansStarted: number;
  /** Recording spans ended (and offered to the pipeline). */
  spansEnded: number;
  /** Spans not recorded (sampled out, or traces disabled). */
  spansNonRecording: number;
  /** end() called on an already ended span. */
  endedTwice: number;
  /** Attribute/event/link/status/name changes after end (ignored). */
  changedAfterEnd: number;
  /** Trace-only events dropped because no recording span was active. */
  traceEventsDropped: number;
  /**
   * Calls given something unusable (a null link, a Proxy or getter that throws, a name that
   * cannot become a string): the bad part was dropped, the call did not throw.
   */
  invalidInputs: number;
}

/** What a tracer's spans share. */
export interface SpanCore {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly sink: Sink<SpanData>;
  readonly limits: SpanLimits;
  readonly counters: TracerCounters;
}

/** The all-zero context of a span that belongs to no trace. */
export const INVALID_SPAN_CONTEXT: SpanContext = Object.freeze({
  traceId: '00000000000000000000000000000000',
  spanId: '0000000000000000',
  traceFlags: 0,
  traceState: '',
  isRemote: false,
});

/** A span that records nothing but carries a context (sampled out, remote parent, or traces off). */
export class NonRecordingSpan implements Span {
  readonly #ctx: SpanContext;
  constructor(ctx: SpanContext) {
    this.#ctx = ctx;
  }
  spanContext(): SpanContext {
    return this.#ctx;
  }
  isRecording(): boolean {
    return false;
  }
  setAttribute(): this {
    return this;
  }
  setAttributes(): this {
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(): this {
    return this;
  }
  recordException(): this {
    return this;
  }
  setStatus(): this {
    return this;
  }
  updateName(): this {
    return this;
  }
  end(): void {}
}
