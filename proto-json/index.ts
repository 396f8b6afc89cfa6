// Public surface of otlp-lite/proto-json: OTLP/JSON encoders (records → request body), validating
// decoders (body → canonical wire objects), wire → record converters, the OTLP protobuf codec and
// gRPC framing helpers (protobuf/), the record model and the wire types. Imports nothing from lib/.

export { encodeTraces, encodeTracesToBytes } from './traces.ts';
export { encodeLogs, encodeLogsToBytes } from './logs.ts';
export { encodeMetrics, encodeMetricsToBytes, invalidHistogramCount } from './metrics.ts';
export {
  countItems, decodeExportResponse, decodeLogsRequest, decodeMetricsRequest, decodeRequest, decodeTracesRequest, MAX_JSON_DEPTH, parseBody,
  scanJsonBudget, type DecodedRequest, type DecodeLimits, type DecodeOptions, type OtlpSignal, type RequestBySignal,
} from './decode.ts';
export { logRecordsFromRequest, metricsFromRequest, spansFromRequest } from './from-wire.ts';
export {
  coercedValueCount, DEFAULT_ATTRIBUTE_COUNT_LIMIT, encodeAttributes, MARKER_CIRCULAR, MARKER_MAX_DEPTH, MARKER_TRUNCATED, markerCount,
  MAX_NESTED_VALUES, MAX_NESTING_DEPTH,
} from './attributes.ts';
export { DecodeError, DecodeLimitError } from './errors.ts';
export * from './protobuf/index.ts';
export * from './model.ts';
export type * from './types.ts';
