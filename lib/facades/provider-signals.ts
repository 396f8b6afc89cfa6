// What OtelProvider builds from resolved settings and the env snapshot: the tracer and logger over
// one batching pipeline per exported signal (the exporter its destination asks for: OTLP —
// pipeline/export/exporters.ts picks JSON, protobuf or gRPC —, a custom exporter, or the console; the
// OTEL_*_LIMIT attribute limits its encoder applies), and the metrics client.
import type { AttributeLimits, LogRecordData, MetricData, Resource, SpanData } from '../../proto-json/model.ts';
import { encodeLogs } from '../../proto-json/logs.ts';
import { encodeMetrics } from '../../proto-json/metrics.ts';
import { encodeTraces } from '../../proto-json/traces.ts';
import type { EnvSnapshot } from '../config/env-snapshot.ts';
import { readLogLimits, readSpanLimits } from '../config/limits.ts';
import { readQueueOptions } from '../config/queue.ts';
import type { ResolvedExport, ResolvedSettings } from '../config/settings.ts';
import type { Exporter } from '../contracts.ts';
import { createOtlpExporter } from '../pipeline/export/exporters.ts';
import { ConsoleExporter } from '../pipeline/export/in-memory.ts';
import { createBatchPipeline, type SignalPipeline } from '../pipeline/batching/pipeline.ts';
import { Logger } from '../signals/logs/logger.ts';
import { samplerFromEnv } from '../signals/trace/sampler.ts';
import { Tracer } from '../signals/trace/tracer.ts';
import { MetricsClient, MetricsConfig } from './metrics-client.ts';

/** Scope of SessionTelemetry's log records: codex-otel's log-only tracing target, which its SDK used as the scope name. */
const SESSION_EVENT_SCOPE = Object.freeze({ name: 'codex_otel.log_only' });

// The exporter per resolved destination; the console prints OTLP/JSON text with the same attribute limits.
function exporterFor<T>(r: ResolvedExport<T>, limits: AttributeLimits, text: (items: readonly T[], limits: AttributeLimits) => string): Exporter<T> {
  switch (r.kind) {
    case 'otlp-http':
    case 'otlp-grpc':
      return createOtlpExporter<T>(r.destination, limits);
    case 'custom':
      return r.exporter;
    case 'console':
      return new ConsoleExporter<T>((items) => text(items, limits));
  }
}

function pipelineFor<T>(
  signal: 'traces' | 'logs',
  r: ResolvedExport<T> | undefined,
  env: EnvSnapshot,
  limits: { readonly attributeCountLimit: number; readonly attributeValueLengthLimit: number },
  text: (items: readonly T[], limits: AttributeLimits) => string,
): SignalPipeline<T> | undefined {
  if (r === undefined) return undefined;
  const encodeLimits = { countLimit: limits.attributeCountLimit, valueLengthLimit: limits.attributeValueLengthLimit };
  return createBatchPipeline<T>({ signal, exporter: exporterFor(r, encodeLimits, text), queue: readQueueOptions(signal, env) });
}

// The metrics client of the resolved metrics exporter (the console prints OTLP/JSON).
function metricsFor(resolved: ResolvedSettings, serviceName: string, env: EnvSnapshot): MetricsClient | undefined {
  const m = resolved.metrics;
  if (m === undefined) return undefined;
  const exporter = m.kind === 'console' ? { kind: 'custom' as const, exporter: new ConsoleExporter<MetricData>(encodeMetrics) } : m;
  let config = MetricsConfig.otlp(resolved.environment ?? '', serviceName, resolved.serviceVersion ?? '', exporter).withEnv(env);
  if (resolved.runtimeMetrics) config = config.withRuntimeReader();
  return new MetricsClient(config);
}

/** The signals of a provider: tracer, logger, metrics client, and the pipelines behind the first two (undefined when not exported). */
export interface ProviderSignals {
  readonly tracer: Tracer;
  readonly logger: Logger;
  readonly metrics: MetricsClient | undefined;
  readonly traces: SignalPipeline<SpanData> | undefined;
  readonly logs: SignalPipeline<LogRecordData> | undefined;
}

/** Builds the signals (metrics first, as codex-otel does; a bad metrics setting throws before any pipeline exists). */
export function buildSignals(
  resolved: ResolvedSettings,
  env: EnvSnapshot,
  serviceName: string,
  resources: { readonly traces: Resource; readonly logs: Resource },
): ProviderSignals {
  const metrics = metricsFor(resolved, serviceName, env);
  const spanLimits = readSpanLimits(env);
  const traces = pipelineFor<SpanData>('traces', resolved.traces, env, spanLimits, encodeTraces);
  const logLimits = readLogLimits(env);
  const logs = pipelineFor<LogRecordData>('logs', resolved.logs, env, logLimits, encodeLogs);
  const scope = Object.freeze({ name: serviceName });
  const tracer = new Tracer({
    resource: resources.traces,
    scope,
    sink: traces,
    limits: spanLimits,
    sampler: samplerFromEnv(env),
    spanAttributes: resolved.spanAttributes,
  });
  const logger = new Logger({ resource: resources.logs, scope, eventScope: SESSION_EVENT_SCOPE, sink: logs, limits: logLimits });
  return { tracer, logger, metrics, traces, logs };
}
