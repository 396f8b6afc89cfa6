// The tracer: starts spans under the right parent (explicit, else the active span, else root),
// applies the sampler, configured span attributes and links, and makes spans active for a
// callback (AsyncLocalStorage, so children parent across await). With traces disabled it is a
// no-op tracer: children carry their parent's context, roots an invalid one.
import type { Attributes, SpanData } from '../../../proto-json/model.ts';
import { SpanFlags, SpanKind } from '../../../proto-json/model.ts';
import type { SpanLimits } from '../../config/limits.ts';
import type { InstrumentationScope, Resource } from '../../../proto-json/model.ts';
import type { TimeInput } from '../../platform/clock.ts';
import { isValidSpanId, isValidTraceId, newSpanId, newTraceId } from '../../platform/ids.ts';
import type { Sink } from '../../contracts.ts';
import { activeSpan, runWithSpan } from './context.ts';
import type { Sampler } from './sampler.ts';
import { PARENT_BASED_ALWAYS_ON } from './sampler.ts';
import {
  INVALID_SPAN_CONTEXT,
  NonRecordingSpan,
  RecordingSpan,
  spanName,
  type Link,
  type Span,
  type SpanContext,
  type SpanCore,
  type TracerCounters,
} from './span.ts';

/** Span kind by name, or the OTLP number (1 = internal … 5 = consumer). */
export type SpanKindInput = 'internal' | 'server' | 'client' | 'producer' | 'consumer' | SpanKind;

const KIND_BY_NAME: Readonly<Record<string, number>> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

/** Options of startSpan / startActiveSpan. */
export interface SpanOptions {
  /** @default 'internal' */
  readonly kind?: SpanKindInput;
  readonly attributes?: Attributes;
  readonly links?: readonly Link[];
  /** Epoch ms, Date, epoch ns (bigint) or [sec, ns]. @default now */
  readonly startTime?: TimeInput;
  /** The parent: a span or (remote) context; `null` forces a root span. @default the active span */
  readonly parent?: Span | SpanContext | null | undefined;
}

/** How a tracer is built (by OtelProvider). `sink` undefined = traces disabled (no-op tracer). */
export interface TracerConfig {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly sink: Sink<SpanData> | undefined;
  readonly limits: SpanLimits;
  readonly sampler?: Sampler;
  /** Set on every recording span at start (codex-otel's span_attributes). */
  readonly spanAttributes?: Readonly<Record<string, string>>;
  /** Counters to share (a tracer made by forScope shares its origin's). @default new counters */
  readonly counters?: TracerCounters;
}

function kindOf(kind: SpanKindInput | undefined): number {
  if (kind === undefined) return SpanKind.INTERNAL;
  if (typeof kind === 'number') return kind >= 1 && kind <= 5 ? kind : SpanKind.INTERNAL;
  return KIND_BY_NAME[kind] ?? SpanKind.INTERNAL;
}

/** True for a Span (as opposed to a bare SpanContext). */
export function isSpan(v: unknown): v is Span {
  return v instanceof RecordingSpan || v instanceof NonRecordingSpan || (typeof v === 'object' && v !== null && typeof (v as Span).spanContext === 'function');
}

/** A valid (non-zero, lowercase hex) context, else undefined. */
export function validContext(c: SpanContext | undefined): SpanContext | undefined {
  return c !== undefined && isValidTraceId(c.traceId) && isValidSpanId(c.spanId) ? c : undefined;
}

/** Creates spans. Get it from `provider.tracer`. */
export class Tracer {
  /** Counters shared by this tracer's spans. */
  readonly counters: TracerCounters;
  readonly #config: TracerConfig;
  readonly #core: SpanCore | undefined;
  readonly #sampler: Sampler;
  readonly #attrKeys: readonly string[];
  readonly #attrValues: readonly string[];

  constructor(config: TracerConfig) {
    this.#config = config;
    this.counters = config.counters ?? {
      spansStarted: 0,
      spansEnded: 0,
      spansNonRecording: 0,
      endedTwice: 0,
      changedAfterEnd: 0,
      traceEventsDropped: 0,
      invalidInputs: 0,
    };
    this.#core =
      config.sink === undefined
        ? undefined
        : { resource: config.resource, scope: config.scope, sink: config.sink, limits: config.limits, counters: this.counters };
    this.#sampler = config.sampler ?? PARENT_BASED_ALWAYS_ON;
    const attrs = config.spanAttributes ?? {};
    this.#attrKeys = Object.keys(attrs);
    this.#attrValues = this.#attrKeys.map((k) => attrs[k]!);
  }

  /**
   * A tracer with the same resource, exporter, limits, sampler and counters whose spans carry
   * instrumentation scope `scope` (how the OpenTelemetry API bridge names its tracers).
   */
  forScope(scope: InstrumentationScope): Tracer {
    return new Tracer({ ...this.#config, scope, counters: this.counters });
  }

  /** True when spans are exported (traces enabled). */
  get enabled(): boolean {
    return this.#core !== undefined;
  }

  /**
   * Hot path: starts a span. Not made active: use startActiveSpan or withSpan for that. Never
   * throws; unsampled (or traces disabled) → a non-recording span that still carries context.
   */
  startSpan(name: string, options?: SpanOptions): Span {
    // One try around the whole call (no per-option cost): hostile options (throwing getters,
    // Proxies) give a counted non-recording span instead of an exception in the host.
    try {
      return this.#startSpan(name, options);
    } catch {
      this.counters.invalidInputs++;
      this.counters.spansNonRecording++;
      return new NonRecordingSpan(INVALID_SPAN_CONTEXT);
    }
  }

  #startSpan(name: string, options: SpanOptions | undefined): Span {
    let parent = options?.parent;
    if (parent === undefined) parent = activeSpan();
    let pTrace = '';
    let pSpan = '';
    let pFlags = -1;
    let pState = '';
    let pRemote = false;
    if (parent !== null && parent !== undefined) {
      if (parent instanceof RecordingSpan) {
        pTrace = parent.traceId;
        pSpan = parent.spanId;
        pFlags = parent.flags & 0xff;
        pState = parent.traceState;
      } else {
        const c = validContext(isSpan(parent) ? parent.spanContext() : parent);
        if (c !== undefined) {
          pTrace = c.traceId;
          pSpan = c.spanId;
          pFlags = c.traceFlags & 0xff;
          pState = c.traceState ?? '';
          pRemote = c.isRemote === true;
        }
      }
    }
    const core = this.#core;
    if (core === undefined) {
      this.counters.spansNonRecording++;
      if (pFlags < 0) return new NonRecordingSpan(INVALID_SPAN_CONTEXT);
      return new NonRecordingSpan({ traceId: pTrace, spanId: pSpan, traceFlags: pFlags, traceState: pState, isRemote: pRemote });
    }
    const traceId = pFlags < 0 ? newTraceId() : pTrace;
    if (!this.#sampler.shouldSample(pFlags, traceId)) {
      this.counters.spansNonRecording++;
      return new NonRecordingSpan({ traceId, spanId: newSpanId(), traceFlags: pFlags < 0 ? 0 : pFlags & 0xfe, traceState: pState, isRemote: false });
    }
    const flags =
      pFlags < 0
        ? 0x01
        : (pFlags & 0xff) | 0x01 | SpanFlags.CONTEXT_HAS_IS_REMOTE_MASK | (pRemote ? SpanFlags.CONTEXT_IS_REMOTE_MASK : 0);
    const span = new RecordingSpan(core, spanName(name, this.counters), kindOf(options?.kind), traceId, newSpanId(), pSpan, pState, flags);
    if (options !== undefined) {
      if (options.startTime !== undefined) span.setStartTime(options.startTime);
      if (options.attributes !== undefined) span.setAttributes(options.attributes);
      const links = options.links;
      if (links !== undefined) for (let i = 0; i < links.length; i++) span.addLink(links[i]!);
    }
    const keys = this.#attrKeys;
    for (let i = 0; i < keys.length; i++) span.putAttribute(keys[i]!, this.#attrValues[i]!);
    return span;
  }

  /**
   * Starts a span, makes it active while `fn` runs (and across everything `fn` awaits) and
   * returns what `fn` returns. The span is not ended for you (as in the OpenTelemetry API).
   */
  startActiveSpan<R>(name: string, fn: (span: Span) => R): R;
  startActiveSpan<R>(name: string, options: SpanOptions | undefined, fn: (span: Span) => R): R;
  startActiveSpan<R>(name: string, a: SpanOptions | undefined | ((span: Span) => R), b?: (span: Span) => R): R {
    const fn = typeof a === 'function' ? a : b!;
    const span = this.startSpan(name, typeof a === 'function' ? undefined : a);
    return runWithSpan(span, () => fn(span));
  }

  /** Runs `fn` with `span` (or a remote context, wrapped) active. */
  withSpan<R>(span: Span | SpanContext, fn: () => R): R {
    return withSpan(span, fn);
  }

  /** The active span, if any. */
  activeSpan(): Span | undefined {
    return activeSpan();
  }

  /**
   * Routing API (trace side of codex-otel's events): adds an event to the active recording span.
   * Returns false and counts `traceEventsDropped` when no recording span is active.
   */
  addEventToActiveSpan(name: string, attributes: Attributes): boolean {
    const span = activeSpan();
    if (span instanceof RecordingSpan && !span.ended) {
      span.addEvent(name, attributes);
      return true;
    }
    this.counters.traceEventsDropped++;
    return false;
  }
}

/** Runs `fn` with `span` (or a remote SpanContext, wrapped in a non-recording span) active. */
export function withSpan<R>(span: Span | SpanContext, fn: () => R): R {
  return runWithSpan(isSpan(span) ? span : new NonRecordingSpan(span), fn);
}

