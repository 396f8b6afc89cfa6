// Self-observability counters of one signal's pipeline: enqueued, exported, dropped by reason,
// requests, retries, bytes and export latency. `snapshot()` gives the public `SignalStats`.
import type { DropReason, ExportError } from '../../errors.ts';
import type { ExportResult, Signal, SignalStats } from '../../contracts.ts';

/** Every drop reason, in a stable order (for tables and zeroed counters). */
export const DROP_REASONS: readonly DropReason[] = /* @__PURE__ */ Object.freeze([
  'queue_full',
  'non_retryable',
  'retries_exhausted',
  'shutdown',
  'rejected_by_server',
  'too_large',
  'invalid_value',
]);

function zeroDrops(): Record<DropReason, number> {
  return { queue_full: 0, non_retryable: 0, retries_exhausted: 0, shutdown: 0, rejected_by_server: 0, too_large: 0, invalid_value: 0 };
}

/** Mutable counters of one signal. */
export class StatsRecorder {
  readonly signal: Signal;
  enqueued = 0;
  exported = 0;
  readonly dropped: Record<DropReason, number> = zeroDrops();
  droppedTotal = 0;
  retries = 0;
  requests = 0;
  bytesSent = 0;
  latencyCount = 0;
  latencyTotal = 0;
  latencyMax = 0;
  latencyLast = 0;
  lastError: ExportError | undefined;

  constructor(signal: Signal) {
    this.signal = signal;
  }

  /** Counts `n` dropped items under `reason`. */
  drop(reason: DropReason, n: number): void {
    if (n <= 0) return;
    this.dropped[reason] += n;
    this.droppedTotal += n;
  }

  /** Folds one batch's export result (and its latency in ms) into the counters. */
  record(result: ExportResult, latencyMs: number): void {
    this.exported += result.exported;
    if (result.drops !== undefined) {
      for (const reason of DROP_REASONS) this.drop(reason, result.drops[reason] ?? 0);
    } else if (result.dropped > 0) {
      this.drop(result.reason ?? 'non_retryable', result.dropped);
    }
    this.requests += result.requests ?? 0;
    this.retries += result.retries ?? 0;
    this.bytesSent += result.bytesSent ?? 0;
    if (result.error !== undefined) this.lastError = result.error;
    this.latencyCount++;
    this.latencyTotal += latencyMs;
    this.latencyLast = latencyMs;
    if (latencyMs > this.latencyMax) this.latencyMax = latencyMs;
  }

  /** A frozen copy for `stats()`. */
  snapshot(queued: number): SignalStats {
    return Object.freeze({
      signal: this.signal,
      enqueued: this.enqueued,
      exported: this.exported,
      dropped: Object.freeze({ ...this.dropped }),
      droppedTotal: this.droppedTotal,
      queued,
      retries: this.retries,
      requests: this.requests,
      bytesSent: this.bytesSent,
      exportLatencyMs: Object.freeze({
        count: this.latencyCount,
        total: this.latencyTotal,
        max: this.latencyMax,
        last: this.latencyLast,
      }),
      lastError: this.lastError,
    });
  }
}
