// `import 'otlp-lite/grpc'`: makes OTLP/gRPC (and OTLP protobuf over HTTP) available to every
// OtelProvider and MetricsClient in the program, whether chosen in settings
// (`{ kind: 'otlp-grpc' }`) or by OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL=grpc. Without this import
// the default entry carries neither the protobuf codec nor the HTTP/2 transport.
import { decodeRpcStatus } from '../proto-json/protobuf/status.ts';
import { registerGrpcExporter, registerProtobufCodecs } from './pipeline/export/exporters.ts';
import { registerStatusDecoder } from './pipeline/export/response.ts';
import { createOtlpGrpcExporter } from './pipeline/export/otlp-grpc-exporter.ts';
import { PROTOBUF_CODECS } from './pipeline/export/protobuf-codecs.ts';

registerProtobufCodecs(PROTOBUF_CODECS);
registerStatusDecoder(decodeRpcStatus);
registerGrpcExporter(createOtlpGrpcExporter);

export { createOtlpGrpcExporter, type OtlpGrpcExporterOptions } from './pipeline/export/otlp-grpc-exporter.ts';
