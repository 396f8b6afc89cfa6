// The contract between the signals and the export pipeline. Signals hand records to a Sink;
// the pipeline batches them and gives batches to an Exporter (OTLP over HTTP, or in-memory).
// Nothing here throws into the host: every failure is a counted outcome.
import type { DropReason, ExportError } from './errors.ts';

/** The three OTLP signals. */
export type Signal = 'traces' | 'logs' | 'metrics';

/** Where a signal's records go. `offer` never throws; a refused record is counted as dropped. */
export interface Sink<T> {
  /** Hands one record to the pipeline. Returns false if it was dropped (queue full or shut down). */
  offer(item: T): boolean;
}

/** The outcome of exporting one batch. */
export interface ExportResult {
  /** Items the receiver accepted. */
  readonly exported: number;
  /** Items not delivered (rejected by the server via partialSuccess, or the whole batch on failure). */
  readonly dropped: number;
  /** Why they were dropped, when dropped > 0. */
  readonly reason?: DropReason;
  /** The failure, when the batch was not delivered. */
  readonly error?: ExportError;
  /**
   * Per-reason breakdown when parts of one batch were dropped for different reasons (e.g. a
   * split batch); when given it replaces `reason` for counting.
   */
  readonly drops?: Readonly<Partial<Record<DropReason, number>>>;
  /** HTTP requests made for this batch, including retries (transport exporters only). */
  readonly requests?: number;
  /** Of those requests, how many were retries. */
  readonly retries?: number;
  /** Request body bytes sent for this batch (after compression), including retries. */
  readonly bytesSent?: number;
}

/**
 * Sends batches somewhere. `export` resolves (never rejects) once the batch is delivered or
 * given up on; it must stop retrying and resolve by `deadline` (epoch ms from Date.now()), and
 * promptly when `signal` aborts.
 */
export interface Exporter<T> {
  export(items: readonly T[], deadline: number, signal: AbortSignal): Promise<ExportResult>;
  /** Releases sockets and timers. Resolves, never rejects. */
  shutdown(): Promise<void>;
  /**
   * Optional eager encoding: turns a full batch into its request body as soon as the caller's
   * turn ends (never inside `offer`), so a queued burst is held as compact bytes instead of
   * records. Synchronous; never throws (failures are
   * carried in the result and counted when it is exported). Requires `exportPrepared`.
   */
  prepare?(items: readonly T[]): PreparedBatch;
  /** Sends a batch made by this exporter's `prepare`; same contract as `export`. */
  exportPrepared?(batch: PreparedBatch, deadline: number, signal: AbortSignal): Promise<ExportResult>;
}

/** A batch already encoded by `Exporter.prepare`; opaque to the pipeline beyond these counts. */
export interface PreparedBatch {
  /** Records it was made from (queue accounting). */
  readonly records: number;
  /** OTLP items it carries (e.g. metric data points), for counting drops. */
  readonly items: number;
}

/** Per-signal counters, readable through `stats()`. */
export interface SignalStats {
  readonly signal: Signal;
  /** Records accepted into the queue. */
  readonly enqueued: number;
  /** Records the receiver accepted. */
  readonly exported: number;
  /** Records dropped, by reason. */
  readonly dropped: Readonly<Record<DropReason, number>>;
  /** Total dropped across reasons. */
  readonly droppedTotal: number;
  /** Records waiting in the queue now. */
  readonly queued: number;
  /** Requests that were retries (not counting first attempts). */
  readonly retries: number;
  /** Requests sent, including retries. */
  readonly requests: number;
  /** Request body bytes sent (after compression), including retries. */
  readonly bytesSent: number;
  /** Export latency per batch (first attempt to settle), in ms. */
  readonly exportLatencyMs: { readonly count: number; readonly total: number; readonly max: number; readonly last: number };
  /** The last export failure, if any. */
  readonly lastError: ExportError | undefined;
}

/** What `shutdown()` resolves to. It never rejects or throws. */
export interface ShutdownResult {
  /** Records exported over the pipeline's lifetime. */
  readonly exported: number;
  /** Records dropped over the pipeline's lifetime (all reasons). */
  readonly dropped: number;
  /** Batches whose export failed during the final flush. */
  readonly failed: number;
  /** True when the budget ran out before everything settled. */
  readonly timedOut: boolean;
  /** Wall time the shutdown took. */
  readonly durationMs: number;
  /** Per-signal detail. */
  readonly signals: readonly SignalStats[];
}

/** Batching settings for one signal's queue. */
export interface QueueOptions {
  /** Max records waiting. Default 2048 (OTEL_BSP/BLRP_MAX_QUEUE_SIZE). */
  readonly maxQueueSize: number;
  /** Records per export. Default 512 (…_MAX_EXPORT_BATCH_SIZE); clamped to maxQueueSize. */
  readonly maxExportBatchSize: number;
  /** Delay before a partial batch goes out. Default 5000 spans / 1000 logs (…_SCHEDULE_DELAY). */
  readonly scheduledDelayMs: number;
  /** Per-batch export timeout (…_EXPORT_TIMEOUT). Default 30000. */
  readonly exportTimeoutMs: number;
  /** Exports in flight at once. Default 1. */
  readonly maxConcurrentExports: number;
}
