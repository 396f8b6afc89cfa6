// `import 'otlp-lite/protobuf'`: makes OTLP/HTTP protobuf (`protocol: 'binary'`, or
// OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL=http/protobuf) available to every OtelProvider and
// MetricsClient in the program. Without this import the default entry carries no protobuf code.
import { decodeRpcStatus } from '../proto-json/protobuf/status.ts';
import { registerProtobufCodecs } from './pipeline/export/exporters.ts';
import { registerStatusDecoder } from './pipeline/export/response.ts';
import { PROTOBUF_CODECS } from './pipeline/export/protobuf-codecs.ts';

registerProtobufCodecs(PROTOBUF_CODECS);
registerStatusDecoder(decodeRpcStatus);

export { PROTOBUF_CODECS } from './pipeline/export/protobuf-codecs.ts';
export { encodeTracesProtobuf } from '../proto-json/protobuf/encode-traces.ts';
export { encodeLogsProtobuf } from '../proto-json/protobuf/encode-logs.ts';
export { encodeMetricsProtobuf } from '../proto-json/protobuf/encode-metrics.ts';
