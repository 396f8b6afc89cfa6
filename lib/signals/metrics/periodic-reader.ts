// The periodic reader: every `intervalMs` (unref'ed timer) it collects one reader's view of the
// meter and hands non-empty collections to a sink; flush and shutdown collect once more first.
import type { MetricData } from '../../../proto-json/model.ts';
import { diag } from '../../platform/diag.ts';
import { collectMetrics } from './collect.ts';
import type { Meter } from './meter.ts';

/** Outcome of a flush: data points exported / dropped while waiting, and whether time ran out. */
export interface SinkFlushResult {
  readonly exported: number;
  readonly dropped: number;
  readonly timedOut: boolean;
}

/** Outcome of a sink shutdown. `failed` counts exports that failed during the final flush. */
export interface SinkShutdownResult {
  readonly exported: number;
  readonly dropped: number;
  readonly failed: number;
  readonly timedOut: boolean;
  /** The last export failure, if any (carries no header values or keys). */
  readonly lastError: Error | undefined;
}

/** Where collections go (the OTLP pipeline or the in-memory exporter). Nothing here throws or rejects. */
export interface MetricsSink {
  deliver(metrics: MetricData[]): void;
  flush(timeoutMs?: number): Promise<SinkFlushResult>;
  shutdown(opts?: { timeoutMs?: number; deadline?: number }): Promise<SinkShutdownResult>;
}

/** Collects reader `index` of a meter on a timer and at flush/shutdown. */
export class PeriodicReader {
  readonly intervalMs: number;
  readonly #meter: Meter;
  readonly #index: number;
  readonly #sink: MetricsSink;
  #timer: NodeJS.Timeout | undefined;
  #shutdown: Promise<SinkShutdownResult> | undefined;

  constructor(meter: Meter, index: number, sink: MetricsSink, intervalMs: number) {
    this.#meter = meter;
    this.#index = index;
    this.#sink = sink;
    this.intervalMs = intervalMs;
  }

  /** Starts the unref'ed interval timer (idempotent). */
  start(): void {
    if (this.#timer !== undefined || this.#shutdown !== undefined) return;
    this.#timer = setInterval(() => this.collectAndDeliver(), this.intervalMs);
    this.#timer.unref();
  }

  /** Collects now and hands a non-empty collection to the sink. Returns the data points handed over. Never throws. */
  collectAndDeliver(): number {
    try {
      const metrics = collectMetrics(this.#meter, this.#index);
      if (metrics.length === 0) return 0;
      let points = 0;
      for (const m of metrics) points += m.points.length;
      this.#sink.deliver(metrics);
      return points;
    } catch (err) {
      diag('error', `metrics collection failed: ${err instanceof Error ? err.message : String(err)}`);
      return 0;
    }
  }

  /** Collects, delivers and waits for the sink (bounded by `timeoutMs`). Never rejects. */
  async forceFlush(timeoutMs?: number): Promise<SinkFlushResult> {
    if (this.#shutdown !== undefined) return { exported: 0, dropped: 0, timedOut: false };
    this.collectAndDeliver();
    return this.#sink.flush(timeoutMs);
  }

  /** Stops the timer, collects a final time, shuts the sink down. Idempotent; never rejects. */
  shutdown(opts?: { timeoutMs?: number; deadline?: number }): Promise<SinkShutdownResult> {
    if (this.#shutdown === undefined) {
      if (this.#timer !== undefined) clearInterval(this.#timer);
      this.#timer = undefined;
      this.collectAndDeliver();
      this.#shutdown = this.#sink.shutdown(opts);
    }
    return this.#shutdown;
  }
}
