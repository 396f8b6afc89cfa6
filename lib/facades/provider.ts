// OtelProvider: settings + environment → resources, tracer, logger, metrics client and one batching
// pipeline per enabled signal; process-global state (configured tracestate, event target, global
// metrics); flush, bounded idempotent shutdown and the optional beforeExit safety net.
import type { LogRecordData, MetricData, SpanData } from '../../proto-json/model.ts';
import type { AttributeLimits } from '../../proto-json/model.ts';
import { encodeLogs } from '../../proto-json/logs.ts';
import { encodeMetrics } from '../../proto-json/metrics.ts';
import { encodeTraces } from '../../proto-json/traces.ts';
import { readLogLimits, readQueueOptions, readServiceName, readSpanLimits } from '../config/env.ts';
import { buildResources, DEFAULT_SERVICE_NAME } from '../config/resource.ts';
import { resolveSettings, type ResolvedExport } from '../config/settings.ts';
import type { OtelSettings } from '../config/types.ts';
import { diag } from '../platform/diag.ts';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../config/defaults.ts';
import { ConsoleExporter } from '../pipeline/in-memory.ts';
import { createOtlpExporter } from '../pipeline/exporters.ts';
import { createBatchPipeline, type SignalPipeline } from '../pipeline/pipeline.ts';
import type { Exporter, ShutdownResult, SignalStats } from '../contracts.ts';
import { setGlobalEventTarget } from '../signals/events.ts';
import { Logger, type LoggerCounters } from '../signals/logs/logger.ts';
import { samplerFromEnv } from '../signals/trace/sampler.ts';
import type { TracerCounters } from '../signals/trace/span.ts';
import { Tracer } from '../signals/trace/tracer.ts';
import { setConfiguredTracestate } from '../signals/trace/w3c.ts';
import { installGlobal, MetricsClient, MetricsConfig, type MetricsShutdownResult } from './metrics-client.ts';
import { BRIDGE_PORT, bridgePort, type BridgePort } from './bridge-port.ts';

/** Options of `OtelProvider.from` (not settings: how this process runs the provider). */
export interface OtelProviderOptions {
  /** Environment read for OTEL_* variables. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Runs `shutdown()` (bounded by `shutdownTimeoutMs`) on the first `beforeExit`, for programs
   * that forget to. It never keeps the process alive past that budget and runs at most once.
   * @default true
   */
  readonly beforeExitFlush?: boolean;
  /** Budget of `shutdown()` (flush + close of every signal, in parallel). @default 2000 */
  readonly shutdownTimeoutMs?: number;
  /** host.name for the logs resource. @default os.hostname() (left out when blank) */
  readonly hostName?: string;
}

/** What `shutdown()` / `shutdownWithTimeout()` resolve to. Never rejects. */
export interface ProviderShutdownResult {
  /** 'finished' when every signal settled within the budget, else 'timed-out'. */
  readonly status: 'finished' | 'timed-out';
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** Per-signal outcome; undefined for a signal that is not exported. */
  readonly traces: ShutdownResult | undefined;
  readonly logs: ShutdownResult | undefined;
  readonly metrics: MetricsShutdownResult | undefined;
}

/** What `flush()` resolves to. Never rejects. */
export interface ProviderFlushResult {
  readonly timedOut: boolean;
  readonly traces: { exported: number; dropped: number; timedOut: boolean } | undefined;
  readonly logs: { exported: number; dropped: number; timedOut: boolean } | undefined;
  readonly metrics: { exported: number; dropped: number; timedOut: boolean } | undefined;
}

/** What `stats()` returns: pipeline counters per signal plus tracer and logger counters. */
export interface ProviderStats {
  readonly traces: SignalStats | undefined;
  readonly logs: SignalStats | undefined;
  readonly metrics: SignalStats | undefined;
  readonly tracer: Readonly<TracerCounters>;
  readonly logger: Readonly<LoggerCounters>;
}

/** Scope of SessionTelemetry's log records: the seed's log-only tracing target, which its SDK used as the scope name. */
const SESSION_EVENT_SCOPE = Object.freeze({ name: 'codex_otel.log_only' });

// One process listener for every provider that asked for the beforeExit safety net, and ONE
// budget for all of them: every forgotten provider shuts down against the same absolute deadline
// (the largest budget among them), so 2,000 providers cost one budget at exit, not more.
const pendingExit = new Set<OtelProvider>();
function onBeforeExit(): void {
  const providers = [...pendingExit];
  pendingExit.clear();
  process.off('beforeExit', onBeforeExit);
  let budgetMs = 0;
  for (const p of providers) budgetMs = Math.max(budgetMs, p.shutdownBudgetMs);
  const deadline = Date.now() + budgetMs;
  for (const p of providers) void p.shutdown({ deadline });
}
function watchExit(p: OtelProvider): void {
  if (pendingExit.size === 0) process.on('beforeExit', onBeforeExit);
  pendingExit.add(p);
}
function unwatchExit(p: OtelProvider): void {
  if (pendingExit.delete(p) && pendingExit.size === 0) process.off('beforeExit', onBeforeExit);
}

// The exporter per resolved destination: OTLP (pipeline/exporters.ts picks JSON, protobuf or
// gRPC), a custom exporter, or the console (OTLP/JSON text with the same attribute limits).
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
  r: ResolvedExport<T>,
  env: NodeJS.ProcessEnv,
  limits: AttributeLimits,
  text: (items: readonly T[], limits: AttributeLimits) => string,
): SignalPipeline<T> {
  return createBatchPipeline<T>({ signal, exporter: exporterFor(r, limits, text), queue: readQueueOptions(signal, env) });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    // ref'ed on purpose: an awaited shutdown keeps the process alive until it settles (bounded).
    const t = setTimeout(() => resolve(undefined), Math.max(0, ms));
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(undefined);
      },
    );
  });
}

/**
 * The entry point (the seed's `OtelProvider`): build with `OtelProvider.from(settings)`, then use
 * `tracer`, `logger` and `metrics`; call `shutdown()` before exit.
 */
export class OtelProvider {
  /** Starts spans. Always present; a no-op tracer (context only) when traces are not exported. */
  readonly tracer: Tracer;
  /** Emits log records. Always present; `emit` is a counted no-op when logs are not exported. */
  readonly logger: Logger;
  /** The metrics client, when metrics are exported (also installed as the global client). */
  readonly metrics: MetricsClient | undefined;
  readonly #traces: SignalPipeline<SpanData> | undefined;
  readonly #logs: SignalPipeline<LogRecordData> | undefined;
  readonly #budgetMs: number;
  #shutdown: Promise<ProviderShutdownResult> | undefined;

  private constructor(
    tracer: Tracer,
    logger: Logger,
    metrics: MetricsClient | undefined,
    traces: SignalPipeline<SpanData> | undefined,
    logs: SignalPipeline<LogRecordData> | undefined,
    budgetMs: number,
  ) {
    this.tracer = tracer;
    this.logger = logger;
    this.metrics = metrics;
    this.#traces = traces;
    this.#logs = logs;
    this.#budgetMs = budgetMs;
    this.#shutdown = undefined;
  }

  /**
   * Builds a provider from settings and the environment (the seed's `OtelProvider::try_new`).
   * Returns undefined when no signal is exported (and clears the configured tracestate), e.g.
   * all exporters `none`/unset with no OTEL_* exporter or endpoint variables, or
   * OTEL_SDK_DISABLED=true. Everything is validated before any process-global state changes;
   * then the configured tracestate, the SessionTelemetry event target and the global metrics
   * client are replaced.
   * @throws ConfigError naming every bad setting (and unreadable TLS files); MetricsError from the
   * metrics client (e.g. an invalid default tag).
   */
  static from(settings: OtelSettings = {}, options: OtelProviderOptions = {}): OtelProvider | undefined {
    const env = options.env ?? process.env;
    const resolved = resolveSettings(settings, env);
    if (resolved === undefined) {
      setConfiguredTracestate(undefined);
      diag('debug', 'No OTEL exporter enabled in settings.');
      return undefined;
    }
    const serviceName = resolved.serviceName ?? readServiceName(env) ?? DEFAULT_SERVICE_NAME;
    const resources = buildResources(resolved, env, options.hostName);

    let metrics: MetricsClient | undefined;
    const m = resolved.metrics;
    if (m !== undefined) {
      const exporter = m.kind === 'console' ? { kind: 'custom' as const, exporter: new ConsoleExporter<MetricData>(encodeMetrics) } : m;
      let config = MetricsConfig.otlp(resolved.environment ?? '', serviceName, resolved.serviceVersion ?? '', exporter).withEnv(env);
      if (resolved.runtimeMetrics) config = config.withRuntimeReader();
      metrics = new MetricsClient(config);
    }

    const spanLimits = readSpanLimits(env);
    const spanEncodeLimits = { countLimit: spanLimits.attributeCountLimit, valueLengthLimit: spanLimits.attributeValueLengthLimit };
    const traces =
      resolved.traces === undefined
        ? undefined
        : pipelineFor<SpanData>('traces', resolved.traces, env, spanEncodeLimits, encodeTraces);
    const logLimits = readLogLimits(env);
    const logEncodeLimits = { countLimit: logLimits.attributeCountLimit, valueLengthLimit: logLimits.attributeValueLengthLimit };
    const logs =
      resolved.logs === undefined
        ? undefined
        : pipelineFor<LogRecordData>('logs', resolved.logs, env, logEncodeLimits, encodeLogs);

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
    const budget = options.shutdownTimeoutMs;
    const provider = new OtelProvider(
      tracer,
      logger,
      metrics,
      traces,
      logs,
      budget !== undefined && Number.isFinite(budget) && budget >= 0 ? budget : DEFAULT_SHUTDOWN_TIMEOUT_MS,
    );

    setConfiguredTracestate(resolved.tracestate);
    setGlobalEventTarget({
      log: (name, attributes) => logger.emitEvent(name, attributes),
      trace: (name, attributes) => tracer.addEventToActiveSpan(name, attributes),
    });
    if (metrics !== undefined) installGlobal(metrics);
    if (options.beforeExitFlush !== false) watchExit(provider);
    return provider;
  }

  /** For the optional bridges (otlp-lite/otel-api, otlp-lite/ai-sdk): this copy's shared state. */
  [BRIDGE_PORT](): BridgePort {
    return bridgePort(this.metrics);
  }

  /** Which signals this provider exports. */
  get enabled(): { readonly traces: boolean; readonly logs: boolean; readonly metrics: boolean } {
    return { traces: this.#traces !== undefined, logs: this.#logs !== undefined, metrics: this.metrics !== undefined };
  }

  /**
   * Exports everything recorded so far (all signals in parallel), waiting at most `timeoutMs`
   * (default: the pipelines' 30000). Resolves, never rejects; after shutdown it does nothing.
   */
  async flush(opts: { timeoutMs?: number } = {}): Promise<ProviderFlushResult> {
    const o = opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs };
    const [traces, logs, metrics] = await Promise.all([
      this.#traces?.flush(o).catch(() => undefined),
      this.#logs?.flush(o).catch(() => undefined),
      this.metrics?.flush(o).catch(() => undefined),
    ]);
    const timedOut = traces?.timedOut === true || logs?.timedOut === true || metrics?.timedOut === true;
    return { timedOut, traces, logs, metrics };
  }

  /**
   * Flushes and closes every signal in parallel within ONE budget (`timeoutMs`, default the
   * provider's `shutdownTimeoutMs`, 2000 ms, or an absolute `deadline` in epoch ms shared with
   * other providers). Idempotent: later calls return the first call's promise. Never rejects;
   * keeps the process alive only until it settles. Records emitted after shutdown are dropped and
   * counted.
   */
  shutdown(opts: { timeoutMs?: number; deadline?: number } = {}): Promise<ProviderShutdownResult> {
    if (this.#shutdown === undefined) {
      unwatchExit(this);
      const t = opts.timeoutMs;
      const d = opts.deadline;
      const deadline = d !== undefined && Number.isFinite(d) ? d : Date.now() + (t !== undefined && Number.isFinite(t) && t >= 0 ? t : this.#budgetMs);
      this.#shutdown = this.#runShutdown(deadline);
    }
    return this.#shutdown;
  }

  /** This provider's shutdown budget (`shutdownTimeoutMs`), ms. */
  get shutdownBudgetMs(): number {
    return this.#budgetMs;
  }

  /**
   * Bounded shutdown (the seed's `shutdown_with_timeout`): resolves within `ms` (plus timer
   * latency) with status 'finished' or 'timed-out'. When a shutdown is already running, waits
   * for it at most `ms`.
   */
  shutdownWithTimeout(ms: number): Promise<ProviderShutdownResult> {
    const started = performance.now();
    const running = this.#shutdown !== undefined;
    const p = this.shutdown({ timeoutMs: ms });
    if (!running) return p;
    return withTimeout(p, ms).then(
      (r) =>
        r ?? {
          status: 'timed-out',
          timedOut: true,
          durationMs: performance.now() - started,
          traces: undefined,
          logs: undefined,
          metrics: undefined,
        },
    );
  }

  /** Pipeline counters per signal plus tracer and logger counters (copies). */
  stats(): ProviderStats {
    return {
      traces: this.#traces?.stats(),
      logs: this.#logs?.stats(),
      metrics: this.metrics?.stats(),
      tracer: { ...this.tracer.counters },
      logger: { ...this.logger.counters },
    };
  }

  async #runShutdown(deadline: number): Promise<ProviderShutdownResult> {
    const started = performance.now();
    const budgetMs = Math.max(0, deadline - Date.now());
    const all = Promise.all([
      this.#traces?.shutdown({ deadline }).catch(() => undefined),
      this.#logs?.shutdown({ deadline }).catch(() => undefined),
      this.metrics?.shutdown({ deadline }).catch(() => undefined),
    ]);
    // Safety net: every part honours the deadline; this bounds a part that would not.
    const settled = await withTimeout(all, budgetMs + 50);
    const [traces, logs, metrics] = settled ?? [undefined, undefined, undefined];
    const timedOut = settled === undefined || traces?.timedOut === true || logs?.timedOut === true || metrics?.timedOut === true;
    return Object.freeze({
      status: timedOut ? 'timed-out' : 'finished',
      timedOut,
      durationMs: performance.now() - started,
      traces,
      logs,
      metrics,
    });
  }
}
