// Bound instrument handles (`MetricsClient.bind`): validation and series lookup happen once at
// bind time; each recording is a route check plus a few field writes. Handles follow the
// client's route, so a global re-install moves them to the new meter (they re-bind lazily).
import type { Meter } from './meter.ts';
import { recordHistogram } from './meter.ts';
import { DEFAULT_HISTOGRAM_BOUNDARIES, DURATION_DESCRIPTION, DURATION_UNIT, MILLISECOND_DURATION_BOUNDARIES } from './names.ts';
import type { HistogramSeries, NumberSeries } from './series.ts';
import { validateCounterIncrement, type MetricTags } from './validation.ts';

/** Where a client currently records (its own meter, or the re-installed global one). */
export interface MeterRoute {
  readonly inner: { readonly meter: Meter };
}

/**
 * codex-otel's `Duration::as_millis()`: whole ms, truncated. A duration that cannot be one (NaN,
 * negative, infinite) gives NaN, which the histogram drops and counts: never a fake 0 ms sample.
 */
export function wholeMs(ms: number): number {
  return ms >= 0 && ms < Infinity ? Math.min(Math.floor(ms), Number.MAX_SAFE_INTEGER) : NaN;
}

/** A counter handle bound to one series. */
export class BoundCounter {
  readonly name: string;
  readonly #route: MeterRoute;
  readonly #tags: MetricTags | undefined;
  #meter: Meter;
  #series: NumberSeries;

  /**
   * Use `MetricsClient.bind('counter', …)`.
   * @throws MetricsError for an invalid name or tag.
   */
  constructor(route: MeterRoute, name: string, tags: MetricTags | undefined) {
    this.name = name;
    this.#route = route;
    this.#tags = tags;
    this.#meter = route.inner.meter;
    this.#series = this.#meter.bindCounter(name, tags);
  }

  /**
   * Adds `n` (default 1) to the bound series.
   * @throws MetricsError `NegativeCounterIncrement` for n < 0, NaN or Infinity.
   */
  add(n = 1): void {
    // Hot path: one route check and two field writes; no allocation.
    if (!(n >= 0) || n === Infinity) validateCounterIncrement(this.name, n);
    const meter = this.#route.inner.meter;
    if (meter !== this.#meter) {
      this.#series = meter.bindCounter(this.name, this.#tags);
      this.#meter = meter;
    }
    const s = this.#series;
    s.value += n;
    s.dirty = true;
  }
}

/** A gauge handle bound to one series: `record(v)` sets the last value. */
export class BoundGauge {
  readonly name: string;
  readonly #route: MeterRoute;
  readonly #tags: MetricTags | undefined;
  #meter: Meter;
  #series: NumberSeries;

  /**
   * Use `MetricsClient.bind('gauge', …)`.
   * @throws MetricsError for an invalid name or tag.
   */
  constructor(route: MeterRoute, name: string, tags: MetricTags | undefined) {
    this.name = name;
    this.#route = route;
    this.#tags = tags;
    this.#meter = route.inner.meter;
    this.#series = this.#meter.bindGauge(name, tags);
  }

  /** Sets the bound series' value. Never throws. */
  record(value: number): void {
    // Hot path: one route check and two field writes; no allocation.
    const meter = this.#route.inner.meter;
    if (meter !== this.#meter) {
      this.#series = meter.bindGauge(this.name, this.#tags);
      this.#meter = meter;
    }
    const s = this.#series;
    s.value = value;
    s.dirty = true;
  }
}

/** Which histogram family a bound histogram records into. */
export type BoundHistogramFamily = 'histogram' | 'duration';

/**
 * A histogram handle bound to one series. `'histogram'`: `histogram()`'s family (SDK default
 * buckets); `'duration'`: `recordDuration`'s (whole ms truncated, unit `ms`, 34 ms bounds).
 */
export class BoundHistogram {
  readonly name: string;
  readonly #route: MeterRoute;
  readonly #tags: MetricTags | undefined;
  readonly #duration: boolean;
  #meter: Meter;
  #series: HistogramSeries;

  /**
   * Use `MetricsClient.bind('histogram' | 'duration', …)`.
   * @throws MetricsError for an invalid name or tag.
   */
  constructor(route: MeterRoute, family: BoundHistogramFamily, name: string, tags: MetricTags | undefined) {
    this.name = name;
    this.#route = route;
    this.#tags = tags;
    this.#duration = family === 'duration';
    this.#meter = route.inner.meter;
    this.#series = this.#bind(this.#meter);
  }

  /**
   * Records one value (duration family: whole ms, truncated). NaN and infinities (and, for
   * durations, negative values) are dropped and counted in the client's stats. Never throws.
   */
  record(value: number): void {
    // Hot path: one route check, then recordHistogram's bucket search; no allocation.
    const meter = this.#route.inner.meter;
    if (meter !== this.#meter) {
      this.#series = this.#bind(meter);
      this.#meter = meter;
    }
    if (!recordHistogram(this.#series, this.#duration ? wholeMs(value) : value)) meter.invalidValues++;
  }

  #bind(meter: Meter): HistogramSeries {
    return this.#duration
      ? meter.bindHistogram(this.name, DURATION_UNIT, DURATION_DESCRIPTION, MILLISECOND_DURATION_BOUNDARIES, this.#tags)
      : meter.bindHistogram(this.name, '', '', DEFAULT_HISTOGRAM_BOUNDARIES, this.#tags);
  }
}

/** Kinds accepted by `MetricsClient.bind`. */
export type BindKind = 'counter' | 'gauge' | BoundHistogramFamily;

