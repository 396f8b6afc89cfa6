// The OTEL_* environment resolvers in one import (for the specs): each lives in the file
// of its concern, all pure over the snapshot env-snapshot.ts reads once. Plain objects work
// wherever a snapshot is expected.
export {
  INT_MAX, SIGNAL_ENV, envBoolean, envEnum, envInteger, envString, otlpEnv, readEnv, type EnvName, type EnvSnapshot,
} from './env-snapshot.ts';
export { isValidHeaderName, isValidHeaderValue, parseHeaderList } from './headers.ts';
export { resolveOtlpHttpExporter, DEFAULT_OTLP_TIMEOUT_MS, EXPORTER_FIELD, type ResolveOptions } from './otlp-http.ts';
export { resolveOtlpGrpcExporter, DEFAULT_OTLP_GRPC_ENDPOINT } from './otlp-grpc.ts';
export {
  readOtlpProtocol, readSdkDisabled, readExporterKind, hasEndpointEnv, envExporterFor, DEFAULT_ENV_PROTOCOL, type OtlpEnvProtocol, type EnvExporterKind,
} from './selection.ts';
export { readSpanLimits, readLogLimits, DEFAULT_COUNT_LIMIT, type SpanLimits, type LogLimits } from './limits.ts';
export { readQueueOptions } from './queue.ts';
export { readServiceName, parseResourceAttributes, readResourceAttributes } from './resource.ts';
export { readMetricExportInterval, readMetricExportTimeout, readTemporalityPreference } from './metrics-export.ts';
export { readSpoolEnv } from './spool.ts';

// The queue defaults live once, in defaults.ts; these names are the OTEL_* variables' view of them.
export {
  DEFAULT_MAX_QUEUE_SIZE as DEFAULT_QUEUE_SIZE,
  DEFAULT_MAX_EXPORT_BATCH_SIZE as DEFAULT_BATCH_SIZE,
  DEFAULT_SPAN_SCHEDULE_DELAY_MS as DEFAULT_BSP_SCHEDULE_DELAY_MS,
  DEFAULT_LOG_SCHEDULE_DELAY_MS as DEFAULT_BLRP_SCHEDULE_DELAY_MS,
  DEFAULT_BATCH_EXPORT_TIMEOUT_MS as DEFAULT_QUEUE_EXPORT_TIMEOUT_MS,
  DEFAULT_METRIC_EXPORT_INTERVAL_MS,
  DEFAULT_METRIC_EXPORT_TIMEOUT_MS,
} from './defaults.ts';
