// OTLP protobuf decoders for the three export requests and responses: message tables (field
// numbers → JSON names) and the public entry points. Output is the canonical wire form of the
// JSON decoders (../decode.ts), so a receiver handles both encodings alike.

import { DecodeError } from '../errors.ts';
import { countItems, type DecodedRequest, type DecodeOptions, type OtlpSignal, type RequestBySignal } from '../decode.ts';
import type { DecodeContext } from '../decode-core.ts';
import type {
  ExportLogsServiceRequest, ExportLogsServiceResponse, ExportMetricsServiceRequest, ExportMetricsServiceResponse,
  ExportTraceServiceRequest, ExportTraceServiceResponse,
} from '../types.ts';
import { decodeMessage, message, type MessageSpec } from './decode-core.ts';
import { ProtoReader } from './reader.ts';

// ---------------------------------------------------------------- message tables

const R = { repeated: true } as const;
const one = (): number => 1;

const EntityRef = message('EntityRef', { 1: ['schemaUrl', 'string'], 2: ['type', 'string'], 3: ['idKeys', 'string', R], 4: ['descriptionKeys', 'string', R] });
const Resource = message('Resource', { 1: ['attributes', 'keyValue', R], 2: ['droppedAttributesCount', 'uint32'], 3: ['entityRefs', EntityRef, R] });
const Scope = message('InstrumentationScope', {
  1: ['name', 'string'], 2: ['version', 'string'], 3: ['attributes', 'keyValue', R], 4: ['droppedAttributesCount', 'uint32'],
});

const Status = message('Status', { 2: ['message', 'string'], 3: ['code', 'int32'] }, { dropEmpty: true });
const SpanEvent = message('Span.Event', {
  1: ['timeUnixNano', 'fixed64'], 2: ['name', 'string'], 3: ['attributes', 'keyValue', R], 4: ['droppedAttributesCount', 'uint32'],
});
const SpanLink = message('Span.Link', {
  1: ['traceId', 'traceId'], 2: ['spanId', 'spanId'], 3: ['traceState', 'string'], 4: ['attributes', 'keyValue', R],
  5: ['droppedAttributesCount', 'uint32'], 6: ['flags', 'fixed32'],
}, { required: ['traceId', 'spanId'] });
const Span = message('Span', {
  1: ['traceId', 'traceId'], 2: ['spanId', 'spanId'], 3: ['traceState', 'string'], 4: ['parentSpanId', 'spanId'], 5: ['name', 'string'],
  6: ['kind', 'int32'], 7: ['startTimeUnixNano', 'fixed64'], 8: ['endTimeUnixNano', 'fixed64'], 9: ['attributes', 'keyValue', R],
  10: ['droppedAttributesCount', 'uint32'], 11: ['events', SpanEvent, R], 12: ['droppedEventsCount', 'uint32'], 13: ['links', SpanLink, R],
  14: ['droppedLinksCount', 'uint32'], 15: ['status', Status], 16: ['flags', 'fixed32'],
}, { rejects: one, required: ['traceId', 'spanId'] });
const ScopeSpans = message('ScopeSpans', { 1: ['scope', Scope], 2: ['spans', Span, R], 3: ['schemaUrl', 'string'] });
const ResourceSpans = message('ResourceSpans', { 1: ['resource', Resource], 2: ['scopeSpans', ScopeSpans, R], 3: ['schemaUrl', 'string'] });
const TracesRequest = message('ExportTraceServiceRequest', { 1: ['resourceSpans', ResourceSpans, R] });

const LogRecord = message('LogRecord', {
  1: ['timeUnixNano', 'fixed64'], 11: ['observedTimeUnixNano', 'fixed64'], 2: ['severityNumber', 'int32'], 3: ['severityText', 'string'],
  5: ['body', 'anyValue'], 6: ['attributes', 'keyValue', R], 7: ['droppedAttributesCount', 'uint32'], 8: ['flags', 'fixed32'],
  9: ['traceId', 'traceId'], 10: ['spanId', 'spanId'], 12: ['eventName', 'string'],
}, { rejects: one });
const ScopeLogs = message('ScopeLogs', { 1: ['scope', Scope], 2: ['logRecords', LogRecord, R], 3: ['schemaUrl', 'string'] });
const ResourceLogs = message('ResourceLogs', { 1: ['resource', Resource], 2: ['scopeLogs', ScopeLogs, R], 3: ['schemaUrl', 'string'] });
const LogsRequest = message('ExportLogsServiceRequest', { 1: ['resourceLogs', ResourceLogs, R] });

const NUMBER = ['asDouble', 'asInt'] as const;
const asDouble = { keep: true, oneof: ['asInt'] } as const;
const asInt = { keep: true, oneof: ['asDouble'] } as const;
const KEEP = { keep: true } as const;
const Exemplar = message('Exemplar', {
  7: ['filteredAttributes', 'keyValue', R], 2: ['timeUnixNano', 'fixed64'], 3: [NUMBER[0], 'double', asDouble], 6: [NUMBER[1], 'sfixed64', asInt],
  4: ['spanId', 'spanId'], 5: ['traceId', 'traceId'],
});
const NumberDataPoint = message('NumberDataPoint', {
  7: ['attributes', 'keyValue', R], 2: ['startTimeUnixNano', 'fixed64'], 3: ['timeUnixNano', 'fixed64'], 4: ['asDouble', 'double', asDouble],
  6: ['asInt', 'sfixed64', asInt], 5: ['exemplars', Exemplar, R], 8: ['flags', 'uint32'],
}, { rejects: one });
const HistogramDataPoint = message('HistogramDataPoint', {
  9: ['attributes', 'keyValue', R], 2: ['startTimeUnixNano', 'fixed64'], 3: ['timeUnixNano', 'fixed64'], 4: ['count', 'fixed64'],
  5: ['sum', 'double', KEEP], 6: ['bucketCounts', 'fixed64', R], 7: ['explicitBounds', 'double', R], 8: ['exemplars', Exemplar, R],
  10: ['flags', 'uint32'], 11: ['min', 'double', KEEP], 12: ['max', 'double', KEEP],
}, { rejects: one });
const Buckets = message('ExponentialHistogramDataPoint.Buckets', { 1: ['offset', 'sint32'], 2: ['bucketCounts', 'uint64', R] }, { dropEmpty: true });
const ExponentialHistogramDataPoint = message('ExponentialHistogramDataPoint', {
  1: ['attributes', 'keyValue', R], 2: ['startTimeUnixNano', 'fixed64'], 3: ['timeUnixNano', 'fixed64'], 4: ['count', 'fixed64'],
  5: ['sum', 'double', KEEP], 6: ['scale', 'sint32'], 7: ['zeroCount', 'fixed64'], 8: ['positive', Buckets], 9: ['negative', Buckets],
  10: ['flags', 'uint32'], 11: ['exemplars', Exemplar, R], 12: ['min', 'double', KEEP], 13: ['max', 'double', KEEP],
  14: ['zeroThreshold', 'double'],
}, { rejects: one });
const ValueAtQuantile = message('SummaryDataPoint.ValueAtQuantile', { 1: ['quantile', 'double'], 2: ['value', 'double'] });
const SummaryDataPoint = message('SummaryDataPoint', {
  7: ['attributes', 'keyValue', R], 2: ['startTimeUnixNano', 'fixed64'], 3: ['timeUnixNano', 'fixed64'], 4: ['count', 'fixed64'],
  5: ['sum', 'double'], 6: ['quantileValues', ValueAtQuantile, R], 8: ['flags', 'uint32'],
}, { rejects: one });
const Gauge = message('Gauge', { 1: ['dataPoints', NumberDataPoint, R] });
const Sum = message('Sum', { 1: ['dataPoints', NumberDataPoint, R], 2: ['aggregationTemporality', 'int32'], 3: ['isMonotonic', 'bool'] });
const Histogram = message('Histogram', { 1: ['dataPoints', HistogramDataPoint, R], 2: ['aggregationTemporality', 'int32'] });
const ExponentialHistogram = message('ExponentialHistogram', { 1: ['dataPoints', ExponentialHistogramDataPoint, R], 2: ['aggregationTemporality', 'int32'] });
const Summary = message('Summary', { 1: ['dataPoints', SummaryDataPoint, R] });
const DATA = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;
const data = (name: (typeof DATA)[number]) => ({ keep: true, oneof: DATA.filter((d) => d !== name) });
const Metric = message('Metric', {
  1: ['name', 'string'], 2: ['description', 'string'], 3: ['unit', 'string'], 5: ['gauge', Gauge, data('gauge')], 7: ['sum', Sum, data('sum')],
  9: ['histogram', Histogram, data('histogram')], 10: ['exponentialHistogram', ExponentialHistogram, data('exponentialHistogram')],
  11: ['summary', Summary, data('summary')], 12: ['metadata', 'keyValue', R],
}, { rejects: rawPointCount });
const ScopeMetrics = message('ScopeMetrics', { 1: ['scope', Scope], 2: ['metrics', Metric, R], 3: ['schemaUrl', 'string'] });
const ResourceMetrics = message('ResourceMetrics', { 1: ['resource', Resource], 2: ['scopeMetrics', ScopeMetrics, R], 3: ['schemaUrl', 'string'] });
const MetricsRequest = message('ExportMetricsServiceRequest', { 1: ['resourceMetrics', ResourceMetrics, R] });

const DATA_FIELDS = new Set([5, 7, 9, 10, 11]);

// A metric that fails as a whole rejects the data points it carried (at least 1): counted by a
// lenient scan of its data message for `data_points = 1` fields.
function rawPointCount(buf: Uint8Array, start: number, end: number): number {
  const r = new ProtoReader(buf);
  r.pos = start;
  let n = 0;
  try {
    while (r.pos < end) {
      const tag = r.varint(end, '');
      const no = tag >>> 3;
      const wire = tag & 7;
      if (wire === 2 && DATA_FIELDS.has(no)) {
        const stop = r.limit(end, '');
        while (r.pos < stop) {
          const t = r.varint(stop, '');
          if (t === 0x0a) n++;
          r.skip(t & 7, t >>> 3, stop, '');
        }
      } else {
        r.skip(wire, no, end, '');
      }
    }
  } catch {
    // a broken metric: count what was seen
  }
  return Math.max(1, n);
}

const PartialTraces = message('ExportTracePartialSuccess', { 1: ['rejectedSpans', 'int64'], 2: ['errorMessage', 'string'] });
const PartialLogs = message('ExportLogsPartialSuccess', { 1: ['rejectedLogRecords', 'int64'], 2: ['errorMessage', 'string'] });
const PartialMetrics = message('ExportMetricsPartialSuccess', { 1: ['rejectedDataPoints', 'int64'], 2: ['errorMessage', 'string'] });

const REQUESTS: Record<OtlpSignal, MessageSpec> = { traces: TracesRequest, logs: LogsRequest, metrics: MetricsRequest };
const RESPONSES: Record<OtlpSignal, MessageSpec> = {
  traces: message('ExportTraceServiceResponse', { 1: ['partialSuccess', PartialTraces] }),
  logs: message('ExportLogsServiceResponse', { 1: ['partialSuccess', PartialLogs] }),
  metrics: message('ExportMetricsServiceResponse', { 1: ['partialSuccess', PartialMetrics] }),
};
const REJECTED_KEY = { traces: 'rejectedSpans', logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints' } as const;

/** Response type per signal. */
export interface ResponseBySignal {
  traces: ExportTraceServiceResponse;
  logs: ExportLogsServiceResponse;
  metrics: ExportMetricsServiceResponse;
}

// ---------------------------------------------------------------- public API

function decodeWith(spec: MessageSpec, body: Uint8Array, ctx: DecodeContext): Record<string, unknown> {
  if (!(body instanceof Uint8Array)) throw new DecodeError('$', 'expected protobuf bytes (a Uint8Array)');
  return decodeMessage(spec, body, ctx);
}

/**
 * Decodes and validates a protobuf request body of `signal` into the canonical wire form of the
 * JSON decoder (`decodeRequest`), with the same item counts. With `partial: true`, a faulty span /
 * log record / data point (or a whole metric) is left out and counted in `rejected` instead.
 * @throws DecodeError naming the path of the first fault (truncated input, wrong wire type, bad id
 *   length, invalid UTF-8, malformed varint) when the request as a whole does not decode.
 */
export function decodeProtobufRequest<S extends OtlpSignal>(signal: S, body: Uint8Array, opts: DecodeOptions = {}): DecodedRequest<S> {
  const ctx: DecodeContext = { partial: opts.partial === true, rejected: 0, errors: [], strict: opts.strict === true, limits: opts.limits, items: 0, values: 0 };
  const request = decodeWith(REQUESTS[signal], body, ctx) as RequestBySignal[S];
  return { request, items: countItems(signal, request), rejected: ctx.rejected, errors: ctx.errors };
}

/**
 * Decodes a protobuf ExportTraceServiceRequest into the canonical wire form (as `decodeTracesRequest`
 * does for JSON): int64 as decimal strings, ids lower-case hex, bytes as base64, defaults left out,
 * unknown fields skipped. @throws DecodeError(path, message)
 */
export function decodeTracesProtobuf(body: Uint8Array): ExportTraceServiceRequest {
  return decodeProtobufRequest('traces', body).request;
}

/** Like `decodeTracesProtobuf`, for ExportLogsServiceRequest. @throws DecodeError */
export function decodeLogsProtobuf(body: Uint8Array): ExportLogsServiceRequest {
  return decodeProtobufRequest('logs', body).request;
}

/** Like `decodeTracesProtobuf`, for ExportMetricsServiceRequest. @throws DecodeError */
export function decodeMetricsProtobuf(body: Uint8Array): ExportMetricsServiceRequest {
  return decodeProtobufRequest('metrics', body).request;
}

/**
 * Decodes a protobuf Export*ServiceResponse of `signal` into its wire object, e.g.
 * `{ partialSuccess: { rejectedSpans: '3', errorMessage: 'bad' } }`; `{}` for an empty body.
 * @throws DecodeError for malformed protobuf.
 */
export function decodeProtobufResponse<S extends OtlpSignal>(signal: S, body: Uint8Array): ResponseBySignal[S] {
  return decodeWith(RESPONSES[signal], body, { partial: false, rejected: 0, errors: [] }) as ResponseBySignal[S];
}

/**
 * Reads a protobuf Export*ServiceResponse like `decodeExportResponse` reads JSON: undefined for an
 * empty body or no `partial_success`, else `{ rejected, errorMessage }` (`{0, ''}` also means success).
 * @throws DecodeError for malformed protobuf.
 */
export function decodeProtobufExportResponse(signal: OtlpSignal, body: Uint8Array): { rejected: number; errorMessage: string } | undefined {
  if (body.length === 0) return undefined;
  const ps = (decodeProtobufResponse(signal, body) as { partialSuccess?: Record<string, string | undefined> }).partialSuccess;
  if (ps === undefined) return undefined;
  return { rejected: Math.max(0, Number(ps[REJECTED_KEY[signal]] ?? '0')), errorMessage: ps['errorMessage'] ?? '' };
}
