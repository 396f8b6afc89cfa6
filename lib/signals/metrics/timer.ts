// codex-otel's `Timer`: measures from creation and records a millisecond duration histogram
// sample through its client. Supports `using` (Symbol.dispose) with record-once semantics.
import { diag } from '../../platform/diag.ts';
import type { MetricTags } from './validation.ts';

/** What a timer records into (the MetricsClient). */
export interface DurationRecorder {
  recordDuration(name: string, ms: number, tags?: MetricTags): void;
}

function toPairs(tags: MetricTags | undefined): (readonly [string, string])[] {
  if (tags === undefined || tags === null) return [];
  if (Array.isArray(tags)) return [...(tags as readonly (readonly [string, string])[])];
  const out: (readonly [string, string])[] = [];
  const obj = tags as Readonly<Record<string, string>>;
  for (const k in obj) out.push([k, obj[k]!]);
  return out;
}

/**
 * A running duration measurement (`MetricsClient.startTimer`). `record(extraTags)` records the
 * whole milliseconds elapsed since the start into the `recordDuration` histogram, with
 * `extraTags` merged under the timer's own tags (the timer's tags win on conflict); it may be
 * called several times, each call records one sample.
 *
 * Disposal (`using timer = metrics.startTimer(…)`) records one sample only if the timer has not
 * recorded yet, and never throws (an error is reported through diag). This differs on purpose
 * from codex-otel, whose `Drop` always records again, so `record()` + drop gave two samples.
 */
export class Timer {
  readonly name: string;
  readonly #tags: readonly (readonly [string, string])[];
  readonly #recorder: DurationRecorder;
  readonly #start: number;
  #recorded = false;

  /** Starts now. Tags are copied; nothing is validated until a sample is recorded. */
  constructor(recorder: DurationRecorder, name: string, tags?: MetricTags) {
    this.#recorder = recorder;
    this.name = name;
    this.#tags = toPairs(tags);
    this.#start = performance.now();
  }

  /** Milliseconds since the timer started (fractional). */
  elapsedMs(): number {
    return performance.now() - this.#start;
  }

  /**
   * Records the elapsed whole milliseconds with `extraTags` ++ the timer's tags.
   * @throws MetricsError when the name or a tag is invalid.
   */
  record(extraTags?: MetricTags): void {
    this.#recorded = true;
    const tags = this.#tags.length === 0 ? extraTags : [...toPairs(extraTags), ...this.#tags];
    this.#recorder.recordDuration(this.name, this.elapsedMs(), tags);
  }

  /** Records once if `record()` was never called; never throws. */
  [Symbol.dispose](): void {
    if (this.#recorded) return;
    try {
      this.record();
    } catch (err) {
      diag('error', `metrics client error: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
