// The public surface of otlp-lite: every export is listed here by name, grouped as a user meets
// them (provider → tracing and logging → trace context → metrics → session facade → pipeline →
// errors). Nothing here runs at import time beyond defining classes. Optional parts have their own
// entries: otlp-lite/grpc and otlp-lite/protobuf (protocols), otlp-lite/undici (proxies in a
// bundle), otlp-lite/settings-schema (the zod schema), otlp-lite/receiver, otlp-lite/proto-json.

// Provider and settings
export {
  OtelProvider,
  type OtelProviderOptions,
  type ProviderShutdownResult,
  type ProviderFlushResult,
  type ProviderStats,
} from './facades/provider.ts';
export type {
  OtelSettings,
  OtelExporter,
  OtelTlsConfig,
  NoneExporterSettings,
  StatsigExporterSettings,
  OtlpHttpExporterSettings,
  OtlpGrpcExporterSettings,
  CustomExporterSettings,
  TraceExporterSetting,
  LogsExporterSetting,
  MetricsExporterSetting,
  ResolvedOtlpHttpExporter,
  ResolvedOtlpGrpcExporter,
} from './config/types.ts';
export { validateTracestateEntries, validateTracestateMember, validateSpanAttributes } from './config/tracestate.ts';
export { DEFAULT_SERVICE_NAME } from './config/resource.ts';

// Tracing and logging
export { Tracer, withSpan, type SpanOptions, type SpanKindInput } from './signals/trace/tracer.ts';
export { activeSpan } from './signals/trace/context.ts';
export {
  INVALID_SPAN_CONTEXT,
  type Span,
  type SpanContext,
  type SpanStatus,
  type Link,
  type TracerCounters,
} from './signals/trace/span.ts';
export { Logger, type LogRecordInput, type LoggerCounters } from './signals/logs/logger.ts';
export { InMemorySpanExporter, InMemoryLogExporter, InMemoryExporter, ConsoleExporter } from './pipeline/export/in-memory.ts';

// W3C trace context
export {
  currentSpanW3cTraceContext,
  spanW3cTraceContext,
  injectTraceHeaders,
  contextFromW3cTraceContext,
  setParentFromW3cTraceContext,
  setParentFromContext,
  currentSpanTraceId,
  traceparentContextFromEnv,
  type W3cTraceContext,
  type HeaderCarrier,
} from './signals/trace/propagation.ts';

// Metrics
export {
  MetricsClient,
  MetricsConfig,
  InMemoryMetricExporter,
  BoundCounter,
  BoundGauge,
  BoundHistogram,
  installGlobal,
  global,
  globalMetrics,
  globalStatsigMetricsSettings,
  startGlobalTimer,
  recordProcessStartOnce,
  type MetricsShutdownResult,
  type MetricsFlushResult,
} from './facades/metrics-client.ts';
export * from './signals/metrics/names.ts';
export {
  sanitizeMetricTagValue,
  boundedOriginatorTagValue,
  sessionMetricTags,
  KNOWN_ORIGINATORS,
  type SessionMetricTagValues,
} from './signals/metrics/tags.ts';
export { Timer } from './signals/metrics/timer.ts';
export { RuntimeMetricsSummary, RuntimeMetricTotals } from './signals/metrics/runtime-summary.ts';
export { STATSIG_OTLP_HTTP_ENDPOINT, STATSIG_OTLP_BASE_URL, STATSIG_API_KEY_HEADER, STATSIG_API_KEY_ENV } from './signals/metrics/export-plan.ts';
export type { ResourceMetrics, ScopeMetrics } from './signals/metrics/collect.ts';
export type { MetricTags } from './signals/metrics/validation.ts';
export type { MetricsExporter } from './signals/metrics/config.ts';
export type { MetricTemporality } from './signals/metrics/in-memory-exporter.ts';

// Session facade
export {
  SessionTelemetry,
  DEFAULT_APP_VERSION,
  REDACTED_PROMPT,
  type SessionTelemetryMetadata,
  type SessionTelemetryOptions,
  type TelemetryAuthMode,
  type AuthEnvTelemetryMetadata,
  type AgentIdentityTelemetry,
  type ToolDecisionSource,
  type ReviewDecision,
  type TokenUsage,
  type UserInput,
  type SseOutcome,
  type WebsocketOutcome,
  type ResponseEvent,
  type ResponseItem,
  type RecordableSpan,
  type ConversationStartsInput,
  type ApiRequestInput,
  type AuthRequestFields,
  type WebsocketConnectInput,
  type AuthRecoveryInput,
  type ToolResultInput,
  type PluginInstallSuggestionInput,
  type EventAttributes,
} from './facades/session-telemetry.ts';

// Pipeline (for custom exporters and self-observability)
export { createBatchPipeline, type SignalPipeline, type BatchPipelineOptions } from './pipeline/batching/pipeline.ts';
export { createOtlpHttpExporter, type OtlpHttpExporterOptions } from './pipeline/export/otlp-http-exporter.ts';
export { createOtlpExporter, type OtlpDestination, type SignalCodecs } from './pipeline/export/exporters.ts';
export type {
  Signal,
  Sink,
  Exporter,
  ExportResult,
  SignalStats,
  ShutdownResult,
  QueueOptions,
} from './contracts.ts';

// Diagnostics
export { setDiagnosticHandler, type DiagnosticHandler, type DiagLevel } from './platform/diag.ts';

// Errors and version
export {
  OtlpLiteError,
  ConfigError,
  MetricsError,
  ExportError,
  DecodeError,
  ErrorCode,
  isOtlpLiteError,
  type ConfigIssue,
  type MetricsErrorKind,
  type MetricsErrorDetails,
  type DropReason,
} from './errors.ts';
export { VERSION } from './version.ts';
export { runHandoffSenderIfRequested } from './pipeline/handoff/sender.ts';
export type { HandoffOptions } from './pipeline/handoff/launch.ts';
export type { SpoolOptions, SpoolStats } from './pipeline/spool/spool.ts';

// Record model (what exporters receive)
export {
  SpanKind,
  StatusCode,
  SeverityNumber,
  AggregationTemporality,
  type Attributes,
  type AttributeValue,
  type Resource,
  type InstrumentationScope,
  type SpanData,
  type LogRecordData,
  type MetricData,
} from '../proto-json/model.ts';
