// The public shapes of OtelProvider: the options of `OtelProvider.from` and what flush(),
// shutdown() and stats() return.
import type { ShutdownResult, SignalStats } from '../contracts.ts';
import type { HandoffOptions } from '../pipeline/handoff/launch.ts';
import type { ExitScopeStats } from '../pipeline/spool/scope.ts';
import type { SpoolOptions } from '../pipeline/spool/spool.ts';
import type { LoggerCounters } from '../signals/logs/logger.ts';
import type { TracerCounters } from '../signals/trace/span.ts';
import type { MetricsShutdownResult } from './metrics-client.ts';

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
