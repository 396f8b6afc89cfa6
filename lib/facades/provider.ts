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
import { ConsoleExporter } from '../pipeline/export/in-memory.ts';
import { createOtlpExporter } from '../pipeline/export/exporters.ts';
import { createBatchPipeline, type SignalPipeline } from '../pipeline/batching/pipeline.ts';
import type { Exporter, ShutdownResult, SignalStats } from '../contracts.ts';
import { setGlobalEventTarget } from '../signals/events.ts';
import { Logger, type LoggerCounters } from '../signals/logs/logger.ts';
import { samplerFromEnv } from '../signals/trace/sampler.ts';
import type { TracerCounters } from '../signals/trace/span.ts';
import { Tracer } from '../signals/trace/tracer.ts';
import { setConfiguredTracestate } from '../signals/trace/w3c.ts';
import { installGlobal, MetricsClient, MetricsConfig, type MetricsShutdownResult } from './metrics-client.ts';
import { BRIDGE_PORT, bridgePort, type BridgePort } from './bridge-port.ts';
import type { SpoolOptions } from '../pipeline/spool/spool.ts';
import type { ExitScopeStats, SpoolScope } from '../pipeline/spool/scope.ts';
import { withSpoolScope } from '../pipeline/spool/current.ts';
import type { Replayer } from '../pipeline/spool/replay.ts';
import { clampDelay, settleWithin } from '../pipeline/timers.ts';
import type { HandoffOptions } from '../pipeline/handoff/launch.ts';
import { exitSupport } from './exit-support.ts';
import { diagNotice } from '../platform/diag.ts';

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
  /**
   * A disk spool for what a shutdown budget could not deliver (dead collector, retries
   * exhausted, `process.exit()` before shutdown): written there instead of dropped, and replayed
   * in the background by a later run that exports to the same endpoints. Off unless given here
   * or by `OTLP_LITE_SPOOL_DIR`; `false` turns the environment variable off.
   */
  readonly spool?: SpoolOptions | false;
  /**
   * Settings of `shutdown({ handoff: true })`: the detached sender's budget, the bytes per
   * hand-off, how many senders may run at once, and how the sender is started.
   */
  readonly handoff?: HandoffOptions;
}

/** Delay before the background replay of spooled entries starts, ms (never before the host's first span). */
const REPLAY_START_MS = 50;

/** What `shutdown()` / `shutdownWithTimeout()` resolve to. Never rejects. */
export interface ProviderShutdownResult {
  /**
   * 'finished' when every signal settled within the budget, else 'timed-out'; 'handed-off' when
   * `shutdown({ handoff: true })` gave everything pending to a detached sender process.
   */
  readonly status: 'finished' | 'timed-out' | 'handed-off';
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
  /** The disk spool's counters (undefined when no spool is configured). */
  readonly spool: ExitScopeStats['spool'];
  /** OTLP items written to the spool, per signal (kept instead of dropped). */
  readonly spooled: ExitScopeStats['spooled'];
  /** OTLP items given to a hand-off sender process, per signal. */
  readonly handedOff: ExitScopeStats['handedOff'];
  /** OTLP items a hand-off could not pass to its sender (entry write failed): dropped. */
  readonly handoffLost: ExitScopeStats['handoffLost'];
}

/** Scope of SessionTelemetry's log records: codex-otel's log-only tracing target, which its SDK used as the scope name. */
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

const ZERO_SIGNALS = Object.freeze({ traces: 0, logs: 0, metrics: 0 });
// stats() of a provider without otlp-lite/spool: nothing spooled or handed off.
const NO_EXIT_STATS: Pick<ExitScopeStats, 'spool' | 'spooled' | 'handedOff' | 'handoffLost'> = Object.freeze({
  spool: undefined, spooled: ZERO_SIGNALS, handedOff: ZERO_SIGNALS, handoffLost: ZERO_SIGNALS,
});

// One process 'exit' listener for every provider with a spool: process.exit() and fatal exits
// skip beforeExit, so what is still queued is written to the spool synchronously instead.
const spoolOnExit = new Set<SpoolScope>();
function onExit(): void {
  for (const scope of spoolOnExit) scope.spoolPendingSync();
  spoolOnExit.clear();
}
function watchSpoolExit(scope: SpoolScope): void {
  if (spoolOnExit.size === 0) process.on('exit', onExit);
  spoolOnExit.add(scope);
}
function unwatchSpoolExit(scope: SpoolScope): void {
  if (spoolOnExit.delete(scope) && spoolOnExit.size === 0) process.off('exit', onExit);
}

/** The spool options in effect: the option, else `OTLP_LITE_SPOOL_DIR` (+ `_MAX_BYTES`, `_MAX_AGE_MS`). */
function spoolOptions(options: OtelProviderOptions, env: NodeJS.ProcessEnv): SpoolOptions | undefined {
  if (options.spool === false) return undefined;
  if (options.spool !== undefined) return options.spool;
  const dir = env['OTLP_LITE_SPOOL_DIR']?.trim();
  if (dir === undefined || dir === '') return undefined;
  const num = (v: string | undefined): number | undefined => (v === undefined || v.trim() === '' ? undefined : Number(v));
  const maxBytes = num(env['OTLP_LITE_SPOOL_MAX_BYTES']);
  const maxAgeMs = num(env['OTLP_LITE_SPOOL_MAX_AGE_MS']);
  return { dir, ...(maxBytes !== undefined ? { maxBytes } : {}), ...(maxAgeMs !== undefined ? { maxAgeMs } : {}) };
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

/**
 * The entry point (codex-otel's `OtelProvider`): build with `OtelProvider.from(settings)`, then use
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
  readonly #scope: SpoolScope | undefined;
  #handoff: HandoffOptions = {};
  #replayer: Replayer | undefined;
  #shutdown: Promise<ProviderShutdownResult> | undefined;

  private constructor(
    tracer: Tracer,
    logger: Logger,
    metrics: MetricsClient | undefined,
    traces: SignalPipeline<SpanData> | undefined,
    logs: SignalPipeline<LogRecordData> | undefined,
    budgetMs: number,
    scope: SpoolScope | undefined,
  ) {
    this.#scope = scope;
    this.tracer = tracer;
    this.logger = logger;
    this.metrics = metrics;
    this.#traces = traces;
    this.#logs = logs;
    this.#budgetMs = budgetMs;
    this.#shutdown = undefined;
  }

  /**
   * Builds a provider from settings and the environment (codex-otel's `OtelProvider::try_new`).
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
    const spoolOpts = spoolOptions(options, env);
    const support = exitSupport();
    if (support === undefined && spoolOpts !== undefined) {
      diagNotice('spool-unavailable', "a spool is configured but not loaded, so what a shutdown cannot deliver is dropped (counted): add `import 'otlp-lite/spool'` to the program's entry");
    }
    const scope = support === undefined ? undefined : support.newScope(spoolOpts === undefined ? undefined : support.openSpool(spoolOpts));
    return withSpoolScope(scope, () => OtelProvider.#build(resolved, env, options, scope));
  }

  static #build(resolved: NonNullable<ReturnType<typeof resolveSettings>>, env: NodeJS.ProcessEnv, options: OtelProviderOptions, exitScope: SpoolScope | undefined): OtelProvider {
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
      exitScope,
    );

    setConfiguredTracestate(resolved.tracestate);
    setGlobalEventTarget({
      log: (name, attributes) => logger.emitEvent(name, attributes),
      trace: (name, attributes) => tracer.addEventToActiveSpan(name, attributes),
    });
    if (metrics !== undefined) installGlobal(metrics);
    if (options.beforeExitFlush !== false) watchExit(provider);
    provider.#handoff = options.handoff ?? {};
    if (exitScope?.spool !== undefined) {
      // At exit, the metrics recorded since the last export are collected (synchronously) and spooled too.
      if (metrics !== undefined) exitScope.addExitCollector(() => void metrics.flush({ timeoutMs: 0 }).catch(() => undefined));
      watchSpoolExit(exitScope);
      provider.#scheduleReplay();
    }
    return provider;
  }

  // Replays the spool's entries for this provider's endpoints in the background: an unref'ed
  // timer, so the host's first span never waits for the disk and an idle process may exit.
  #scheduleReplay(): void {
    const scope = this.#scope;
    const support = exitSupport();
    const spool = scope?.spool;
    if (scope === undefined || support === undefined || spool === undefined) return;
    const targets = scope.replayTargets();
    if (targets.length === 0) return;
    const replayer = support.newReplayer(spool, targets);
    this.#replayer = replayer;
    const t = setTimeout(() => {
      if (this.#shutdown === undefined) void replayer.start();
    }, clampDelay(REPLAY_START_MS));
    t.unref();
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
  shutdown(opts: { timeoutMs?: number; deadline?: number; handoff?: boolean } = {}): Promise<ProviderShutdownResult> {
    if (this.#shutdown === undefined) {
      unwatchExit(this);
      const t = opts.timeoutMs;
      const d = opts.deadline;
      const deadline = d !== undefined && Number.isFinite(d) ? d : Date.now() + (t !== undefined && Number.isFinite(t) && t >= 0 ? t : this.#budgetMs);
      this.#shutdown = opts.handoff === true ? this.#runHandoff(deadline) : this.#runShutdown(deadline);
    }
    return this.#shutdown;
  }

  /** This provider's shutdown budget (`shutdownTimeoutMs`), ms. */
  get shutdownBudgetMs(): number {
    return this.#budgetMs;
  }

  /**
   * Bounded shutdown (codex-otel's `shutdown_with_timeout`): resolves within `ms` (plus timer
   * latency) with status 'finished' or 'timed-out'. When a shutdown is already running, waits
   * for it at most `ms`.
   */
  shutdownWithTimeout(ms: number): Promise<ProviderShutdownResult> {
    const started = performance.now();
    const running = this.#shutdown !== undefined;
    const p = this.shutdown({ timeoutMs: ms });
    if (!running) return p;
    return settleWithin(p, ms).then(
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
      ...(this.#scope?.stats() ?? NO_EXIT_STATS),
    };
  }

  // shutdown({ handoff: true }): start one detached sender, let every pipeline give up what it
  // holds (the final metrics collection included) to the scope's capture instead of the network,
  // write it as entries claimed for the sender, and hand the sender the destinations (headers
  // through its stdin only). No sender possible (gRPC, cap reached, spawn failed): the ordinary
  // in-process shutdown.
  async #runHandoff(deadline: number): Promise<ProviderShutdownResult> {
    const scope = this.#scope;
    const support = exitSupport();
    if (scope === undefined || support === undefined) {
      diagNotice('handoff-unavailable', "shutdown({ handoff: true }) needs `import 'otlp-lite/spool'`; shutting down in process instead");
      return this.#runShutdown(deadline);
    }
    return support.runHandoff<ProviderShutdownResult>({
      scope,
      options: this.#handoff,
      enabled: this.enabled,
      deadline,
      takeReplayer: () => {
        const r = this.#replayer;
        this.#replayer = undefined;
        return r;
      },
      runShutdown: (d) => this.#runShutdown(d),
    });
  }

  async #runShutdown(deadline: number): Promise<ProviderShutdownResult> {
    const started = performance.now();
    const budgetMs = Math.max(0, deadline - Date.now());
    const all = Promise.all([
      this.#traces?.shutdown({ deadline }).catch(() => undefined),
      this.#logs?.shutdown({ deadline }).catch(() => undefined),
      this.metrics?.shutdown({ deadline }).catch(() => undefined),
      // A run that shuts down at once still replays the spool, within the same budget.
      this.#replayer?.finish(deadline).catch(() => undefined),
    ]);
    // Safety net: every part honours the deadline; this bounds a part that would not.
    const settled = await settleWithin(all, budgetMs + 50);
    const [traces, logs, metrics] = settled ?? [undefined, undefined, undefined];
    if (this.#scope !== undefined) unwatchSpoolExit(this.#scope);
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
