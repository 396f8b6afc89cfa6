// OTLP/JSON wire types (opentelemetry-proto v1.11): the request and response messages of the
// three signals, with lowerCamelCase keys. Encoders write this shape as text; decoders return it.
// Types only: nothing here exists at runtime.
//
// Field forms: 64-bit integers are `Int64` (decimal string on output; string or number accepted
// on input), doubles are `Double` (NaN/±Infinity travel as strings), ids are hex strings, enums
// are integers. Every field is optional: proto3 omits fields at their default value. Decoders
// return the canonical form described on `decodeTracesRequest` (proto-json/decode.ts).

/** A 64-bit integer: a decimal string (canonical) or a JSON number (accepted on input). */
export type Int64 = string | number;
/** A double: a JSON number, or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export type Double = number | 'NaN' | 'Infinity' | '-Infinity';

// ---------------------------------------------------------------- common

/** `AnyValue`: exactly one key set; `{}` is the empty value. */
export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Int64;
  doubleValue?: Double;
  arrayValue?: ArrayValue;
  kvlistValue?: KeyValueList;
  /** Standard base64 on output; standard or URL-safe, padded or not, on input. */
  bytesValue?: string;
}

/** `ArrayValue`. */
export interface ArrayValue { values?: AnyValue[] }
/** `KeyValueList`. */
export interface KeyValueList { values?: KeyValue[] }
/** `KeyValue`. */
export interface KeyValue { key?: string; value?: AnyValue }

/** `InstrumentationScope` (wire form; `InstrumentationScope` in model.ts is the record form). */
export interface OtlpInstrumentationScope {
  name?: string;
  version?: string;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
}

/** `EntityRef` (Development in the proto). */
export interface EntityRef {
  schemaUrl?: string;
  type?: string;
  idKeys?: string[];
  descriptionKeys?: string[];
}

/** `Resource` (wire form; `Resource` in model.ts is the record form). */
export interface OtlpResource {
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  entityRefs?: EntityRef[];
}

// ---------------------------------------------------------------- traces

/** `Status` (code: UNSET=0, OK=1, ERROR=2). */
export interface Status { message?: string; code?: number }

/** `Span.Event`. */
export interface SpanEvent {
  timeUnixNano?: Int64;
  name?: string;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
}

/** `Span.Link`. */
export interface SpanLink {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

/** `Span`. `kind` uses OTLP numbering (INTERNAL=1 … CONSUMER=5). */
export interface Span {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  parentSpanId?: string;
  flags?: number;
  name?: string;
  kind?: number;
  startTimeUnixNano?: Int64;
  endTimeUnixNano?: Int64;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  events?: SpanEvent[];
  droppedEventsCount?: number;
  links?: SpanLink[];
  droppedLinksCount?: number;
  status?: Status;
}

/** `ScopeSpans`. */
export interface ScopeSpans { scope?: OtlpInstrumentationScope; spans?: Span[]; schemaUrl?: string }
/** `ResourceSpans`. */
export interface ResourceSpans { resource?: OtlpResource; scopeSpans?: ScopeSpans[]; schemaUrl?: string }
/** `ExportTraceServiceRequest` (POST /v1/traces). */
export interface ExportTraceServiceRequest { resourceSpans?: ResourceSpans[] }
/** `ExportTracePartialSuccess`. */
export interface ExportTracePartialSuccess { rejectedSpans?: Int64; errorMessage?: string }
/** `ExportTraceServiceResponse`. */
export interface ExportTraceServiceResponse { partialSuccess?: ExportTracePartialSuccess }

// ---------------------------------------------------------------- logs

/** `LogRecord`. */
export interface LogRecord {
  timeUnixNano?: Int64;
  observedTimeUnixNano?: Int64;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValue;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
}

/** `ScopeLogs`. */
export interface ScopeLogs { scope?: OtlpInstrumentationScope; logRecords?: LogRecord[]; schemaUrl?: string }
/** `ResourceLogs`. */
export interface ResourceLogs { resource?: OtlpResource; scopeLogs?: ScopeLogs[]; schemaUrl?: string }
/** `ExportLogsServiceRequest` (POST /v1/logs). */
export interface ExportLogsServiceRequest { resourceLogs?: ResourceLogs[] }
/** `ExportLogsPartialSuccess`. */
export interface ExportLogsPartialSuccess { rejectedLogRecords?: Int64; errorMessage?: string }
/** `ExportLogsServiceResponse`. */
export interface ExportLogsServiceResponse { partialSuccess?: ExportLogsPartialSuccess }

// ---------------------------------------------------------------- metrics

/** `Exemplar`: one of `asDouble` / `asInt`. */
export interface Exemplar {
  filteredAttributes?: KeyValue[];
  timeUnixNano?: Int64;
  asDouble?: Double;
  asInt?: Int64;
  spanId?: string;
  traceId?: string;
}

/** `NumberDataPoint`: one of `asDouble` / `asInt`. */
export interface NumberDataPoint {
  attributes?: KeyValue[];
  startTimeUnixNano?: Int64;
  timeUnixNano?: Int64;
  asDouble?: Double;
  asInt?: Int64;
  exemplars?: Exemplar[];
  flags?: number;
}

/** `HistogramDataPoint`. `sum`/`min`/`max` are proto3 `optional`: present whenever set, even 0. */
export interface HistogramDataPoint {
  attributes?: KeyValue[];
  startTimeUnixNano?: Int64;
  timeUnixNano?: Int64;
  count?: Int64;
  sum?: Double;
  bucketCounts?: Int64[];
  explicitBounds?: Double[];
  exemplars?: Exemplar[];
  flags?: number;
  min?: Double;
  max?: Double;
}

/** `ExponentialHistogramDataPoint.Buckets`. */
export interface ExponentialHistogramBuckets { offset?: number; bucketCounts?: Int64[] }

/** `ExponentialHistogramDataPoint`. */
export interface ExponentialHistogramDataPoint {
  attributes?: KeyValue[];
  startTimeUnixNano?: Int64;
  timeUnixNano?: Int64;
  count?: Int64;
  sum?: Double;
  scale?: number;
  zeroCount?: Int64;
  positive?: ExponentialHistogramBuckets;
  negative?: ExponentialHistogramBuckets;
  flags?: number;
  exemplars?: Exemplar[];
  min?: Double;
  max?: Double;
  zeroThreshold?: Double;
}

/** `SummaryDataPoint.ValueAtQuantile`. */
export interface ValueAtQuantile { quantile?: Double; value?: Double }

/** `SummaryDataPoint`. */
export interface SummaryDataPoint {
  attributes?: KeyValue[];
  startTimeUnixNano?: Int64;
  timeUnixNano?: Int64;
  count?: Int64;
  sum?: Double;
  quantileValues?: ValueAtQuantile[];
  flags?: number;
}

/** `Gauge`. */
export interface Gauge { dataPoints?: NumberDataPoint[] }
/** `Sum` (aggregationTemporality: DELTA=1, CUMULATIVE=2). */
export interface Sum { dataPoints?: NumberDataPoint[]; aggregationTemporality?: number; isMonotonic?: boolean }
/** `Histogram`. */
export interface Histogram { dataPoints?: HistogramDataPoint[]; aggregationTemporality?: number }
/** `ExponentialHistogram`. */
export interface ExponentialHistogram { dataPoints?: ExponentialHistogramDataPoint[]; aggregationTemporality?: number }
/** `Summary`. */
export interface Summary { dataPoints?: SummaryDataPoint[] }

/** `Metric`: exactly one of gauge / sum / histogram / exponentialHistogram / summary. */
export interface Metric {
  name?: string;
  description?: string;
  unit?: string;
  gauge?: Gauge;
  sum?: Sum;
  histogram?: Histogram;
  exponentialHistogram?: ExponentialHistogram;
  summary?: Summary;
  metadata?: KeyValue[];
}

/** `ScopeMetrics`. */
export interface ScopeMetrics { scope?: OtlpInstrumentationScope; metrics?: Metric[]; schemaUrl?: string }
/** `ResourceMetrics`. */
export interface ResourceMetrics { resource?: OtlpResource; scopeMetrics?: ScopeMetrics[]; schemaUrl?: string }
/** `ExportMetricsServiceRequest` (POST /v1/metrics). */
export interface ExportMetricsServiceRequest { resourceMetrics?: ResourceMetrics[] }
/** `ExportMetricsPartialSuccess`. */
export interface ExportMetricsPartialSuccess { rejectedDataPoints?: Int64; errorMessage?: string }
/** `ExportMetricsServiceResponse`. */
export interface ExportMetricsServiceResponse { partialSuccess?: ExportMetricsPartialSuccess }

// ---------------------------------------------------------------- errors

/** `google.rpc.Status`: the JSON body of an OTLP/HTTP error response. */
export interface RpcStatus { code?: number; message?: string; details?: unknown[] }
