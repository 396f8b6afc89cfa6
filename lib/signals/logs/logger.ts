// Hot path: log records. emit() builds one fixed-shape LogRecordData (observed time now, event time
// given or now, the trace id / span id / flags of the given parent, else of the active span),
// copies attributes under the count limit and offers it to the logs Sink. No closures per record.
// With logs disabled emit is a no-op.
import type { Attributes, AttributeValue, InstrumentationScope, LogRecordData, Resource } from '../../../proto-json/model.ts';
import { SeverityNumber } from '../../../proto-json/model.ts';
import type { LogLimits } from '../../config/limits.ts';
import { nowInto, timeInputInto, type EpochTime, type TimeInput } from '../../platform/clock.ts';
import type { Sink } from '../../contracts.ts';
import { activeSpan } from '../trace/context.ts';
import type { Span, SpanContext } from '../trace/span-api.ts';
import { RecordingSpan } from '../trace/span.ts';
import { copyAttributes, dropped } from '../trace/span-attributes.ts';
import { isValidSpanId, isValidTraceId } from '../../platform/ids.ts';

/** What `logger.emit` takes. Every field is optional. */
export interface LogRecordInput {
  /** OTLP LogRecord.event_name. */
  readonly eventName?: string;
  /** 1 (TRACE) … 24 (FATAL4); see SeverityNumber. @default 0 (unspecified) */
  readonly severityNumber?: number;
  readonly severityText?: string;
  readonly body?: AttributeValue;
  readonly attributes?: Attributes;
  /** When the event happened (epoch ms, Date, epoch ns bigint or [sec, ns]). @default now */
  readonly timestamp?: TimeInput;
  /**
   * The span (or remote context) whose trace id, span id and flags the record carries, as
   * `startSpan`'s `parent`, without making it active (the OpenTelemetry logs API's `context`).
   * `null`: no trace context even inside an active span. An invalid context stamps none.
   * @default the active span
   */
  readonly parent?: Span | SpanContext | null | undefined;
}

/** Logger counters, visible in `provider.stats().logger`. */
export interface LoggerCounters {
  /** Records offered to the pipeline. */
  emitted: number;
  /** Records not emitted because logs are disabled. */
  disabled: number;
  /**
   * Calls given something unusable (`emit(null)`, a Proxy or getter that throws): the bad part
   * was dropped (the whole record when nothing of it could be read), the call did not throw.
   */
  invalid: number;
}

/** How a logger is built (by OtelProvider). `sink` undefined = logs disabled. */
export interface LoggerConfig {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** Scope of `emitEvent` records (codex-otel groups its events under target `codex_otel.log_only`). @default scope */
  readonly eventScope?: InstrumentationScope;
  readonly sink: Sink<LogRecordData> | undefined;
  readonly limits: LogLimits;
  /** Counters to share (a logger made by forScope shares its origin's). @default new counters */
  readonly counters?: LoggerCounters;
}

const scratch: EpochTime = { sec: 0, ns: 0 };

/** Emits log records. Get it from `provider.logger`. Never throws. */
export class Logger {
  readonly counters: LoggerCounters;
  readonly #config: LoggerConfig;
  readonly #resource: Resource;
  readonly #scope: InstrumentationScope;
  readonly #eventScope: InstrumentationScope;
  readonly #sink: Sink<LogRecordData> | undefined;
  readonly #limit: number;

  constructor(config: LoggerConfig) {
    this.#config = config;
    this.counters = config.counters ?? { emitted: 0, disabled: 0, invalid: 0 };
    this.#resource = config.resource;
    this.#scope = config.scope;
    this.#eventScope = config.eventScope ?? config.scope;
    this.#sink = config.sink;
    this.#limit = config.limits.attributeCountLimit;
  }

  /**
   * A logger with the same resource, exporter, limits and counters whose records carry
   * instrumentation scope `scope` (how the OpenTelemetry API bridge names its loggers).
   */
  forScope(scope: InstrumentationScope): Logger {
    return new Logger({ ...this.#config, scope, eventScope: scope, counters: this.counters });
  }

  /** True when records are exported (logs enabled). */
  get enabled(): boolean {
    return this.#sink !== undefined;
  }

  /** Hot path: emits one record stamped with `input.parent`'s context, else the active span's. Never throws. */
  emit(input: LogRecordInput): void {
    const sink = this.#sink;
    if (sink === undefined) {
      this.counters.disabled++;
      return;
    }
    if (input === null || typeof input !== 'object') {
      this.counters.invalid++; // emit(null), emit(42): nothing to record
      return;
    }
    let r: LogRecordData;
    // One try around the whole call (no per-attribute cost); the slow path drops only the bad part.
    try {
      r = this.#record(
        this.#scope,
        input.eventName,
        input.severityNumber,
        input.severityText,
        input.body,
        input.attributes,
        input.timestamp,
        input.parent,
      );
    } catch {
      const safe = this.#salvage(input);
      if (safe === undefined) return;
      r = safe;
    }
    this.counters.emitted++;
    sink.offer(r);
  }

  /** The slow path of a hostile input: each field read on its own; unreadable ones left out. */
  #salvage(input: LogRecordInput): LogRecordData | undefined {
    this.counters.invalid++;
    if (input === null || typeof input !== 'object') return undefined;
    const read = (key: keyof LogRecordInput): unknown => {
      try {
        return input[key];
      } catch {
        return undefined;
      }
    };
    const eventName = read('eventName');
    const severityNumber = read('severityNumber');
    const severityText = read('severityText');
    const body = read('body');
    const timestamp = read('timestamp');
    const parent = read('parent') as LogRecordInput['parent'];
    try {
      return this.#record(this.#scope, eventName as string, severityNumber as number, severityText as string, body as AttributeValue, read('attributes') as Attributes, timestamp as TimeInput, parent);
    } catch {
      try {
        // the attributes (or the time) are what throws: the record without them
        const r = this.#record(this.#scope, eventName as string, severityNumber as number, severityText as string, body as AttributeValue, undefined, undefined, undefined);
        r.droppedAttributesCount = 1;
        return r;
      } catch {
        return undefined;
      }
    }
  }

  /**
   * Routing API (log side of codex-otel's events): an INFO record (severity 9, 'INFO', no body)
   * named `eventName` whose attributes are `attributes` as given (they carry `event.name`).
   */
  emitEvent(eventName: string, attributes: Attributes): void {
    const sink = this.#sink;
    if (sink === undefined) {
      this.counters.disabled++;
      return;
    }
    let r: LogRecordData;
    try {
      r = this.#record(this.#eventScope, eventName, SeverityNumber.INFO, 'INFO', undefined, attributes, undefined, undefined);
    } catch {
      this.counters.invalid++; // hostile attributes: the event without them
      r = this.#record(this.#eventScope, eventName, SeverityNumber.INFO, 'INFO', undefined, undefined, undefined, undefined);
      r.droppedAttributesCount = 1;
    }
    this.counters.emitted++;
    sink.offer(r);
  }

  #record(
    scope: InstrumentationScope,
    eventName: string | undefined,
    severityNumber: number | undefined,
    severityText: string | undefined,
    body: AttributeValue,
    attributes: Attributes | undefined,
    timestamp: TimeInput | undefined,
    parent: Span | SpanContext | null | undefined,
  ): LogRecordData {
    nowInto(scratch);
    const observedSec = scratch.sec;
    const observedNs = scratch.ns;
    let timeSec = observedSec;
    let timeNs = observedNs;
    if (timestamp !== undefined && timeInputInto(timestamp, scratch)) {
      timeSec = scratch.sec;
      timeNs = scratch.ns;
    }
    let traceId = '';
    let spanId = '';
    let flags = 0;
    const span = parent === undefined ? activeSpan() : parent;
    if (span !== undefined && span !== null) {
      if (span instanceof RecordingSpan) {
        traceId = span.traceId;
        spanId = span.spanId;
        flags = span.flags & 0xff;
      } else {
        const c = typeof (span as Partial<Span>).spanContext === 'function' ? (span as Span).spanContext() : (span as SpanContext);
        if (typeof c === 'object' && c !== null && isValidTraceId(c.traceId) && isValidSpanId(c.spanId)) {
          traceId = c.traceId;
          spanId = c.spanId;
          flags = c.traceFlags & 0xff;
        }
      }
    }
    // Log records keep array values as given (spans copy them).
    const attrs = copyAttributes(attributes, this.#limit, dropped, false);
    return {
      resource: this.#resource,
      scope,
      timeSec,
      timeNs,
      observedSec,
      observedNs,
      severityNumber: typeof severityNumber === 'number' ? severityNumber : 0,
      severityText: typeof severityText === 'string' ? severityText : '',
      body,
      attributes: attrs,
      droppedAttributesCount: dropped.dropped,
      flags,
      traceId,
      spanId,
      eventName: typeof eventName === 'string' ? eventName : '',
    };
  }
}
