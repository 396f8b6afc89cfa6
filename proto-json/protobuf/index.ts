// Public surface of the OTLP protobuf codec: encoders (records → request bytes, the same data as
// the JSON encoders), decoders (bytes → the JSON decoders' canonical wire objects), response and
// google.rpc.Status messages, and the gRPC framing / status helpers. Imports nothing from lib/.

export { encodeTracesProtobuf } from './encode-traces.ts';
export { encodeLogsProtobuf } from './encode-logs.ts';
export { encodeMetricsProtobuf } from './encode-metrics.ts';
export {
  decodeLogsProtobuf, decodeMetricsProtobuf, decodeProtobufExportResponse, decodeProtobufRequest, decodeProtobufResponse,
  decodeTracesProtobuf, type ResponseBySignal,
} from './decode.ts';
export {
  decodeRpcStatus, encodeExportResponseProtobuf, encodeRetryInfo, encodeRpcStatus, retryInfoDelayMs, RETRY_INFO_TYPE_URL,
  type AnyMessage, type RpcStatusMessage,
} from './status.ts';
export {
  decodeGrpcMessage, encodeGrpcMessage, encodeStatusDetailsHeader, frameGrpcMessage, GRPC_EXPORT_PATHS, GrpcStatus, grpcStatusFromHttp, grpcStatusName,
  isRetryableGrpcStatus,
  parseGrpcFrames, readStatusDetailsHeader, type GrpcFrame,
} from './grpc.ts';
