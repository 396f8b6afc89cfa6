// One signal's export pipeline: the record queue (queue.ts) wired to an exporter, with counters, flush,
// and a shutdown that fits the final flush, every retry and closing the sockets in ONE budget.
// Nothing here throws or rejects into the host: every failure is a counted outcome.
import { diag, diagEnabled } from '../../platform/diag.ts';
import { DEFAULT_FLUSH_TIMEOUT_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../../config/defaults.ts';
import { RecordQueue, type QueuedBatch } from './queue.ts';
import { checkedResult, failedResult } from './result-check.ts';
import { StatsRecorder } from './stats.ts';
import { clampDelay, holdProcessOpen, sleep } from '../timers.ts';
import type { ExportResult, Exporter, PreparedBatch, QueueOptions, ShutdownResult, Signal, SignalStats, Sink } from '../../contracts.ts';
import { currentSpoolScope } from '../spool/current.ts';
import type { SpoolScope } from '../spool/scope.ts';
import { countItems } from '../count.ts';

/** A signal's pipeline: what the tracer, logger and metrics reader hand records to. */
export interface SignalPipeline<T> extends Sink<T> {
  readonly signal: Signal;
  /** O(1), never throws. False means the record was dropped and counted (queue full or shut down). */
  offer(item: T): boolean;
  /**
   * Exports everything queued at call time as sequential batches. Resolves (never rejects) when
   * done or at the deadline (`timeoutMs`, default 30000); records still queued then stay queued.
   */
  flush(opts?: { timeoutMs?: number }): Promise<{ exported: number; dropped: number; timedOut: boolean }>;
  /**
   * Final flush + exporter shutdown within ONE budget (`timeoutMs`, default 2000, or an absolute
   * `deadline` in epoch ms shared by several pipelines). Idempotent (later calls return the same
   * promise); never rejects. Records offered afterwards are dropped and counted as `shutdown`.
   */
  shutdown(opts?: { timeoutMs?: number; deadline?: number }): Promise<ShutdownResult>;
  /** A snapshot of this signal's counters. */
  stats(): SignalStats;
}

/** Options of {@link createBatchPipeline}. */
export interface BatchPipelineOptions<T> {
  readonly signal: Signal;
  readonly exporter: Exporter<T>;
  readonly queue: QueueOptions;
  /** OTLP items in a batch (e.g. metric data points). @default batch.length */
  readonly countItems?: (batch: readonly T[]) => number;
}

/** A caller's timeout when it is a usable number of ms (≥ 0, finite), else the default. */
function budget(timeoutMs: number | undefined, fallback: number): number {
  return timeoutMs !== undefined && Number.isFinite(timeoutMs) && timeoutMs >= 0 ? timeoutMs : fallback;
}

/** Extra time past a batch deadline before an exporter that ignores it is given up on, ms. */
const WATCHDOG_GRACE_MS = 250;
/** How long shutdown waits for aborted exports to report, ms. */
const ABORT_SETTLE_GRACE_MS = 100;
/** Minimum time given to closing sockets even when the budget is spent, ms. */
const CLOSE_GRACE_MS = 50;
/** How close to the deadline a shutdown that lost records counts as having run out of budget (timer rounding). */
const DEADLINE_SLACK_MS = 5;

/**
 * Creates the batching pipeline of one signal. Never throws; the exporter's failures are
 * counted in `stats()` and reported in `shutdown()`'s result.
 */
export function createBatchPipeline<T>(opts: BatchPipelineOptions<T>): SignalPipeline<T> {
  return new QueuedPipeline(opts);
}

/** The {@link SignalPipeline} of one signal: a {@link RecordQueue} feeding one exporter, its counters and shutdown. */
class QueuedPipeline<T> implements SignalPipeline<T> {
  readonly signal: Signal;
  readonly #exporter: Exporter<T>;
  readonly #countItems: ((batch: readonly T[]) => number) | undefined;
  readonly #queue: RecordQueue<T>;
  readonly #stats: StatsRecorder;
  readonly #controllers = new Set<AbortController>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #scope: SpoolScope | undefined;
  #closed = false;
  #shuttingDown = false;
  #failedInShutdown = 0;
  #shutdown: Promise<ShutdownResult> | undefined;

  constructor(opts: BatchPipelineOptions<T>) {
    this.signal = opts.signal;
    this.#exporter = opts.exporter;
    this.#countItems = opts.countItems;
    this.#stats = new StatsRecorder(opts.signal);
    const ex = opts.exporter;
    // Exporters that can encode eagerly get full batches encoded after the caller's turn: a burst
    // is then held as bytes.
    const prepare = ex.prepare !== undefined && ex.exportPrepared !== undefined ? ex.prepare.bind(ex) : undefined;
    this.#queue = new RecordQueue<T>(opts.queue, (work, deadline) => this.#exportBatch(work, deadline), prepare);
    // A provider with a spool or hand-off (spool/scope.ts) may take what this pipeline holds.
    this.#scope = currentSpoolScope();
    this.#scope?.attach(this);
  }

  /**
   * Closes the pipeline and takes everything still queued, encoded when the exporter can
   * (synchronous: the process `exit` listener spools it). Raw records of an exporter without
   * `prepare` are dropped and counted as `shutdown`.
   */
  takePending(): PreparedBatch[] {
    this.#closed = true;
    this.#queue.close();
    const rest = this.#queue.discardAll();
    const out = [...rest.prepared];
    const ex = this.#exporter;
    if (rest.records.length > 0) {
      if (ex.prepare !== undefined) {
        try {
          out.push(ex.prepare(rest.records));
        } catch {
          this.#stats.drop('shutdown', this.#count(rest.records));
        }
      } else {
        this.#stats.drop('shutdown', this.#count(rest.records));
      }
    }
    return out;
  }

  // Hot path: one fifo push and a counter; no allocation unless countItems is configured.
  offer(item: T): boolean {
    if (this.#queue.offer(item)) {
      this.#stats.enqueued += this.#countItems === undefined ? 1 : this.#count([item]);
      return true;
    }
    this.#stats.drop(this.#closed ? 'shutdown' : 'queue_full', this.#countItems === undefined ? 1 : this.#count([item]));
    return false;
  }

  async flush(opts?: { timeoutMs?: number }): Promise<{ exported: number; dropped: number; timedOut: boolean }> {
    if (this.#closed) return { exported: 0, dropped: 0, timedOut: false };
    const release = holdProcessOpen();
    try {
      const exported0 = this.#stats.exported;
      const dropped0 = this.#stats.droppedTotal;
      const done = await this.#drainWithin(Date.now() + budget(opts?.timeoutMs, DEFAULT_FLUSH_TIMEOUT_MS));
      return { exported: this.#stats.exported - exported0, dropped: this.#stats.droppedTotal - dropped0, timedOut: !done };
    } catch {
      return { exported: 0, dropped: 0, timedOut: true };
    } finally {
      release();
    }
  }

  shutdown(opts?: { timeoutMs?: number; deadline?: number }): Promise<ShutdownResult> {
    if (this.#shutdown === undefined) {
      const started = performance.now();
      this.#shutdown = this.#runShutdown(opts, started).catch(() => this.#result(started, true));
    }
    return this.#shutdown;
  }

  stats(): SignalStats {
    return this.#stats.snapshot(this.#queue.size);
  }

  async #runShutdown(opts: { timeoutMs?: number; deadline?: number } | undefined, started: number): Promise<ShutdownResult> {
    const release = holdProcessOpen();
    try {
      return await this.#shutdownWithin(opts, started);
    } finally {
      release();
    }
  }

  async #shutdownWithin(opts: { timeoutMs?: number; deadline?: number } | undefined, started: number): Promise<ShutdownResult> {
    const given = opts?.deadline;
    const deadline = given !== undefined && Number.isFinite(given) ? given : Date.now() + budget(opts?.timeoutMs, DEFAULT_SHUTDOWN_TIMEOUT_MS);
    this.#closed = true;
    this.#shuttingDown = true;
    this.#queue.close();
    let drained = false;
    try {
      drained = await this.#drainWithin(deadline);
      if (!drained) {
        // Out of budget: cut in-flight exports (even ones started before shutdown with later
        // deadlines, or sleeping in a backoff) and drop what is still queued.
        this.#abortAll();
        if (this.#inFlight.size > 0) {
          await Promise.race([Promise.allSettled([...this.#inFlight]), sleep(ABORT_SETTLE_GRACE_MS)]);
        }
        const scope = this.#scope;
        if (scope !== undefined && scope.keeps) {
          // Out of time, but the provider keeps what is left (spool or hand-off): not dropped.
          const rest = this.takePending();
          let items = 0;
          for (const p of rest) items += p.items;
          this.#stats.drop('shutdown', items - scope.keepPrepared(this.signal, rest));
        } else {
          const rest = this.#queue.discardAll();
          let items = this.#count(rest.records);
          for (const p of rest.prepared) items += p.items;
          this.#stats.drop('shutdown', items);
        }
      }
    } catch {
      // drain never rejects; be defensive anyway
    }
    try {
      const left = Math.max(CLOSE_GRACE_MS, deadline - Date.now());
      await Promise.race([this.#exporter.shutdown().catch(() => undefined), sleep(left)]);
    } catch {
      // exporter shutdown must not break ours
    }
    const result = this.#result(started, !drained);
    if (diagEnabled('debug')) {
      diag('debug', `${this.signal} pipeline shut down: exported=${result.exported} dropped=${result.dropped} failed=${result.failed} timedOut=${result.timedOut} ms=${Math.round(result.durationMs)}`);
    }
    return result;
  }

  /**
   * Waits until everything queued now is exported, at most until `deadline`; true when that
   * happened within the budget. An export cut off at the deadline can settle just before the
   * drain's own deadline timer fires (both are due at the same instant): records lost then mean
   * the budget ran out all the same, so that is false too.
   */
  async #drainWithin(deadline: number): Promise<boolean> {
    const droppedBefore = this.#stats.droppedTotal;
    const drained = await this.#queue.drain(deadline);
    return drained && !(this.#stats.droppedTotal > droppedBefore && Date.now() >= deadline - DEADLINE_SLACK_MS);
  }

  #result(started: number, timedOut: boolean): ShutdownResult {
    const s = this.stats();
    return Object.freeze({
      exported: s.exported,
      dropped: s.droppedTotal,
      failed: this.#failedInShutdown,
      timedOut,
      durationMs: performance.now() - started,
      signals: Object.freeze([s]),
    });
  }

  #abortAll(): void {
    for (const c of this.#controllers) c.abort();
  }

  #count(batch: readonly T[]): number {
    return countItems(batch, this.#countItems);
  }

  #exportBatch(work: QueuedBatch<T>, deadline: number): Promise<void> {
    const p = this.#runExport(work, deadline);
    this.#inFlight.add(p);
    return p.finally(() => this.#inFlight.delete(p));
  }

  async #runExport(work: QueuedBatch<T>, deadline: number): Promise<void> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    const t0 = performance.now();
    let watchdog: NodeJS.Timeout | undefined;
    let result: ExportResult;
    try {
      const ex = this.#exporter;
      const exported =
        work.prepared !== undefined && ex.exportPrepared !== undefined
          ? ex.exportPrepared(work.prepared, deadline, controller.signal)
          : ex.export(work.records ?? [], deadline, controller.signal);
      const ms = deadline - Date.now() + WATCHDOG_GRACE_MS;
      if (Number.isFinite(ms)) {
        // An exporter that ignores its deadline must not wedge the queue.
        const late = new Promise<ExportResult>((resolve) => {
          watchdog = setTimeout(() => {
            controller.abort();
            resolve(failedResult(this.#items(work), 'retries_exhausted', 'exporter did not settle by its deadline'));
          }, clampDelay(ms));
          watchdog.unref();
        });
        result = await Promise.race([exported, late]);
      } else {
        result = await exported;
      }
    } catch (e) {
      result = failedResult(this.#items(work), 'non_retryable', `exporter threw: ${e instanceof Error ? e.message : String(e)}`, e);
    } finally {
      if (watchdog !== undefined) clearTimeout(watchdog);
      this.#controllers.delete(controller);
    }
    result = checkedResult(result, this.#items(work));
    this.#stats.record(result, performance.now() - t0);
    if (this.#shuttingDown && result.error !== undefined) this.#failedInShutdown++;
  }

  #items(work: QueuedBatch<T>): number {
    return work.prepared !== undefined ? work.prepared.items : this.#count(work.records);
  }
}
