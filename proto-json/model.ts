// The library's in-memory records: what the signals produce and the encoders consume.
// Plain mutable objects with fixed shapes (monomorphic for V8); no OTLP wire shapes here
// (those are in types.ts). Times are exact epoch pairs, never floats or per-record bigints.

/**
 * An attribute value as a user may pass it. Encoders map it to OTLP `AnyValue`:
 * string → stringValue; boolean → boolValue; safe-integer number → intValue, other number →
 * doubleValue; bigint → intValue when it fits int64, else stringValue (counted as coerced);
 * Uint8Array → bytesValue; array → arrayValue; plain object or Map → kvlistValue;
 * null/undefined → dropped and counted in droppedAttributesCount.
 */
export type AttributeValue =
  | string
  | number
  | boolean
  | bigint
  | Uint8Array
  | null
  | undefined
  | readonly AttributeValue[]
  | ReadonlyMap<string, AttributeValue>
  | { readonly [key: string]: AttributeValue };

/** A set of attributes keyed by name. */
export type Attributes = Record<string, AttributeValue>;

/**
 * The entity producing telemetry. Encoders cache its rendered JSON by object identity, so
 * build one per provider and never mutate it after the first export.
 */
export interface Resource {
  readonly attributes: Attributes;
  readonly droppedAttributesCount?: number;
  readonly schemaUrl?: string;
}

/** The instrumentation scope (tracer / logger / meter name). Cached by identity like Resource. */
export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string;
  readonly attributes?: Attributes;
  readonly schemaUrl?: string;
  /** Attributes already dropped before encoding (added by proto-json; optional, default 0). */
  readonly droppedAttributesCount?: number;
}

// Epoch time is stored as two integer numbers: whole seconds since the epoch and nanoseconds
// within that second (0..999_999_999). `sec = 0, ns = 0` means "unset". Encoders print it as
// the exact decimal `${sec}${ns padded to 9}` without floats or bigint arithmetic.

/** OTLP SpanKind numbering (not the JS API's): INTERNAL=1 … CONSUMER=5. */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
/** An OTLP span kind number. */
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP Status.StatusCode. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
/** An OTLP status code number. */
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

/** OTLP SpanFlags masks. */
export const SpanFlags = {
  TRACE_FLAGS_MASK: 0xff,
  CONTEXT_HAS_IS_REMOTE_MASK: 0x100,
  CONTEXT_IS_REMOTE_MASK: 0x200,
} as const;

/** OTLP SeverityNumber (TRACE=1 … FATAL4=24). */
export const SeverityNumber = {
  UNSPECIFIED: 0,
  TRACE: 1, TRACE2: 2, TRACE3: 3, TRACE4: 4,
  DEBUG: 5, DEBUG2: 6, DEBUG3: 7, DEBUG4: 8,
  INFO: 9, INFO2: 10, INFO3: 11, INFO4: 12,
  WARN: 13, WARN2: 14, WARN3: 15, WARN4: 16,
  ERROR: 17, ERROR2: 18, ERROR3: 19, ERROR4: 20,
  FATAL: 21, FATAL2: 22, FATAL3: 23, FATAL4: 24,
} as const;
/** An OTLP severity number. */
export type SeverityNumber = (typeof SeverityNumber)[keyof typeof SeverityNumber];

/** OTLP AggregationTemporality. */
export const AggregationTemporality = { UNSPECIFIED: 0, DELTA: 1, CUMULATIVE: 2 } as const;
/** An OTLP temporality number. */
export type AggregationTemporality = (typeof AggregationTemporality)[keyof typeof AggregationTemporality];

/** A finished span event. */
export interface SpanEventData {
  name: string;
  timeSec: number;
  timeNs: number;
  attributes: Attributes;
  droppedAttributesCount: number;
}

/** A link to another span. `flags` is the OTLP Span.Link flags word. */
export interface SpanLinkData {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
}

/** A finished span, as handed to the trace pipeline. Ids are lowercase hex; '' means absent. */
export interface SpanData {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  traceId: string;
  spanId: string;
  /** '' for a root span: encoders then omit parentSpanId. */
  parentSpanId: string;
  /** W3C tracestate header value, '' when none. */
  traceState: string;
  /** OTLP Span.flags: W3C trace flags (low 8 bits) | HAS_IS_REMOTE | IS_REMOTE of the parent. */
  flags: number;
  name: string;
  /** OTLP numbering, see SpanKind. */
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
  /** See StatusCode. */
  statusCode: number;
  statusMessage: string;
}

/** A log record, as handed to the logs pipeline. */
export interface LogRecordData {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** Event time; 0/0 = unknown (omitted). */
  timeSec: number;
  timeNs: number;
  observedSec: number;
  observedNs: number;
  severityNumber: number;
  severityText: string;
  /** undefined = no body. */
  body: AttributeValue;
  attributes: Attributes;
  droppedAttributesCount: number;
  /** W3C trace flags of the active span (low 8 bits). */
  flags: number;
  /** '' when there is no span context. */
  traceId: string;
  spanId: string;
  /** OTLP LogRecord.event_name, '' when none. */
  eventName: string;
}

/** An exemplar on a metric point. */
export interface ExemplarData {
  filteredAttributes: Attributes;
  timeSec: number;
  timeNs: number;
  value: number;
  /** true → asInt, false → asDouble. */
  isInt: boolean;
  traceId: string;
  spanId: string;
}

/**
 * Fields shared by every metric point. `attributesJson`, when set, is the pre-rendered OTLP
 * KeyValue array text (e.g. `[{"key":"a","value":{"stringValue":"b"}}]`) and wins over
 * `attributes`: aggregation renders a series' attributes once, not per export.
 */
export interface PointBase {
  attributes: Attributes;
  attributesJson?: string | undefined;
  startSec: number;
  startNs: number;
  timeSec: number;
  timeNs: number;
  /** DataPointFlags (1 = NO_RECORDED_VALUE). */
  flags: number;
  exemplars?: ExemplarData[] | undefined;
}

/** A Sum or Gauge point. `value` is an integer when `isInt` (asInt), else a double (asDouble). */
export interface NumberPointData extends PointBase {
  value: number;
  isInt: boolean;
}

/** An explicit-bucket histogram point. `bucketCounts.length === explicitBounds.length + 1`. */
export interface HistogramPointData extends PointBase {
  count: number;
  /** Omitted when undefined (e.g. negative values were recorded). */
  sum: number | undefined;
  min: number | undefined;
  max: number | undefined;
  bucketCounts: readonly number[];
  explicitBounds: readonly number[];
}

/** Buckets of one side of an exponential histogram: element i counts bucket offset+i. */
export interface ExponentialBucketsData {
  offset: number;
  bucketCounts: readonly number[];
}

/** A base-2 exponential histogram point. */
export interface ExponentialHistogramPointData extends PointBase {
  count: number;
  sum: number | undefined;
  min: number | undefined;
  max: number | undefined;
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: ExponentialBucketsData;
  negative: ExponentialBucketsData;
}

/** A summary point. */
export interface SummaryPointData extends PointBase {
  count: number;
  sum: number;
  quantileValues: readonly { quantile: number; value: number }[];
}

interface MetricDataBase {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  name: string;
  description: string;
  unit: string;
}

/** A monotonic or non-monotonic sum. */
export interface SumMetricData extends MetricDataBase {
  readonly type: 'sum';
  temporality: AggregationTemporality;
  isMonotonic: boolean;
  points: NumberPointData[];
}

/** A last-value gauge. */
export interface GaugeMetricData extends MetricDataBase {
  readonly type: 'gauge';
  points: NumberPointData[];
}

/** An explicit-bucket histogram. */
export interface HistogramMetricData extends MetricDataBase {
  readonly type: 'histogram';
  temporality: AggregationTemporality;
  points: HistogramPointData[];
}

/** A base-2 exponential histogram. */
export interface ExponentialHistogramMetricData extends MetricDataBase {
  readonly type: 'exponentialHistogram';
  temporality: AggregationTemporality;
  points: ExponentialHistogramPointData[];
}

/** A summary (only produced by bridges; kept for wire completeness). */
export interface SummaryMetricData extends MetricDataBase {
  readonly type: 'summary';
  points: SummaryPointData[];
}

/** One collected metric with its points. */
export type MetricData =
  | SumMetricData
  | GaugeMetricData
  | HistogramMetricData
  | ExponentialHistogramMetricData
  | SummaryMetricData;

/** Limits applied while encoding attributes (OTEL_ATTRIBUTE_* rules). */
export interface AttributeLimits {
  /** Max attributes per record (top level only). Default 128. Resource and metric attributes are exempt. */
  readonly countLimit?: number;
  /** Max string length in UTF-16 units / byte-array length, applied recursively. Default: none. */
  readonly valueLengthLimit?: number;
}
