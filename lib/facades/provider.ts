// OtelProvider: settings + environment → resources, tracer, logger, metrics client and one batching
// pipeline per enabled signal; process-global state (configured tracestate, event target, global
// metrics); flush, bounded idempotent shutdown and the optional beforeExit safety net.
import type { LogRecordData, SpanData } from '../../proto-json/model.ts';
import { readEnv, type EnvSnapshot } from '../config/env-snapshot.ts';
import { buildResources, DEFAULT_SERVICE_NAME, readServiceName } from '../config/resource.ts';
import { resolveSettings, type ResolvedSettings } from '../config/settings.ts';
import { readSpoolEnv } from '../config/spool.ts';
import type { OtelSettings } from '../config/types.ts';
import { diag, diagNotice } from '../platform/diag.ts';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../config/defaults.ts';
import type { SignalPipeline } from '../pipeline/batching/pipeline.ts';
import { setGlobalEventSink } from '../signals/events.ts';
import { setConfiguredTracestate } from '../signals/trace/w3c.ts';
import { installGlobal, type MetricsClient } from './metrics-client.ts';
import { BRIDGE_PORT, bridgePort, type BridgePort } from './bridge-port.ts';
import type { SpoolOptions } from '../pipeline/spool/spool.ts';
import type { ExitScopeStats, SpoolScope } from '../pipeline/spool/scope.ts';
import { withSpoolScope } from '../pipeline/spool/current.ts';
import type { Replayer } from '../pipeline/spool/replay.ts';
import { clampDelay, settleWithin } from '../pipeline/timers.ts';
import type { HandoffOptions } from '../pipeline/handoff/launch.ts';
import { exitSupport } from './exit-support.ts';
import { unwatchExit, unwatchSpoolExit, watchExit, watchSpoolExit } from './provider-exit.ts';
import { buildSignals, type ProviderSignals } from './provider-signals.ts';
import type { OtelProviderOptions, ProviderFlushResult, ProviderShutdownResult, ProviderStats } from './provider-types.ts';

export type { OtelProviderOptions, ProviderFlushResult, ProviderShutdownResult, ProviderStats } from './provider-types.ts';

/** Delay before the background replay of spooled entries starts, ms (never before the host's first span). */
const REPLAY_START_MS = 50;

const ZERO_SIGNALS = Object.freeze({ traces: 0, logs: 0, metrics: 0 });
// stats() of a provider without otlp-lite/spool: nothing spooled or handed off.
const NO_EXIT_STATS: Pick<ExitScopeStats, 'spool' | 'spooled' | 'handedOff' | 'handoffLost'> = Object.freeze({
  spool: undefined, spooled: ZERO_SIGNALS, handedOff: ZERO_SIGNALS, handoffLost: ZERO_SIGNALS,
});

/** The spool options in effect: the option, else `OTLP_LITE_SPOOL_DIR` (+ `_MAX_BYTES`, `_MAX_AGE_MS`). */
function spoolOptions(options: OtelProviderOptions, env: EnvSnapshot): SpoolOptions | undefined {
  if (options.spool === false) return undefined;
  return options.spool ?? readSpoolEnv(env);
}

/**
 * The entry point (codex-otel's `OtelProvider`): build with `OtelProvider.from(settings)`, then use
 * `tracer`, `logger` and `metrics`; call `shutdown()` before exit.
 */
export class OtelProvider {
  /** Starts spans. Always present; a no-op tracer (context only) when traces are not exported. */
  readonly tracer: ProviderSignals['tracer'];
  /** Emits log records. Always present; `emit` is a counted no-op when logs are not exported. */
  readonly logger: ProviderSignals['logger'];
  /** The metrics client, when metrics are exported (also installed as the global client). */
  readonly metrics: MetricsClient | undefined;
  readonly #traces: SignalPipeline<SpanData> | undefined;
  readonly #logs: SignalPipeline<LogRecordData> | undefined;
  readonly #budgetMs: number;
  readonly #scope: SpoolScope | undefined;
  #handoff: HandoffOptions = {};
  #replayer: Replayer | undefined;
  #shutdown: Promise<ProviderShutdownResult> | undefined;

  private constructor(parts: ProviderSignals, budgetMs: number, scope: SpoolScope | undefined) {
    this.tracer = parts.tracer;
    this.logger = parts.logger;
    this.metrics = parts.metrics;
    this.#traces = parts.traces;
    this.#logs = parts.logs;
    this.#budgetMs = budgetMs;
    this.#scope = scope;
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
    const env = readEnv(options.env); // the one read of the environment: every resolver below uses this snapshot
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

  static #build(resolved: ResolvedSettings, env: EnvSnapshot, options: OtelProviderOptions, exitScope: SpoolScope | undefined): OtelProvider {
    const serviceName = resolved.serviceName ?? readServiceName(env) ?? DEFAULT_SERVICE_NAME;
    const resources = buildResources(resolved, env, options.hostName);

    const parts = buildSignals(resolved, env, serviceName, resources);
    const { tracer, logger, metrics } = parts;
    const budget = options.shutdownTimeoutMs;
    const provider = new OtelProvider(parts, budget !== undefined && Number.isFinite(budget) && budget >= 0 ? budget : DEFAULT_SHUTDOWN_TIMEOUT_MS, exitScope);

    setConfiguredTracestate(resolved.tracestate);
    setGlobalEventSink({
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
