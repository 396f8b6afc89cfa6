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

/**
 * What every bound handle holds: its name and tags, the route it follows, and the series bound on
 * the route's current meter. Subclasses re-bind lazily in their recording method (one route check
 * inline, so each handle's hot path stays monomorphic).
 */
abstract class BoundSeries<S> {
  readonly name: string;
  /** @internal */ protected readonly route: MeterRoute;
  /** @internal */ protected readonly tags: MetricTags | undefined;
  /** @internal */ protected meter: Meter;
  /** @internal */ protected series: S;

  /** `series`: the handle's series on the route's current meter, bound by the subclass. */
  constructor(route: MeterRoute, name: string, tags: MetricTags | undefined, series: S) {
    this.name = name;
    this.route = route;
    this.tags = tags;
    this.meter = route.inner.meter;
    this.series = series;
  }

  /** The series of this handle on `meter`. @throws MetricsError for an invalid name or tag. */
  protected abstract bind(meter: Meter): S;
}

/** A counter handle bound to one series. */
export class BoundCounter extends BoundSeries<NumberSeries> {
  /**
   * Use `MetricsClient.bind('counter', …)`.
   * @throws MetricsError for an invalid name or tag.
   */
  constructor(route: MeterRoute, name: string, tags: MetricTags | undefined) {
    super(route, name, tags, route.inner.meter.bindCounter(name, tags));
  }

  /**
   * Adds `n` (default 1) to the bound series.
   * @throws MetricsError `NegativeCounterIncrement` for n < 0, NaN or Infinity.
   */
  add(n = 1): void {
    // Hot path: one route check and two field writes; no allocation.
    if (!(n >= 0) || n === Infinity) validateCounterIncrement(this.name, n);
    const meter = this.route.inner.meter;
    if (meter !== this.meter) {
      this.series = this.bind(meter);
      this.meter = meter;
    }
    const s = this.series;
    s.value += n;
    s.dirty = true;
  }

  protected bind(meter: Meter): NumberSeries {
    return meter.bindCounter(this.name, this.tags);
  }
}

/** A gauge handle bound to one series: `record(v)` sets the last value. */
export class BoundGauge extends BoundSeries<NumberSeries> {
  /**
   * Use `MetricsClient.bind('gauge', …)`.
   * @throws MetricsError for an invalid name or tag.
   */
  constructor(route: MeterRoute, name: string, tags: MetricTags | undefined) {
    super(route, name, tags, route.inner.meter.bindGauge(name, tags));
  }

  /** Sets the bound series' value. Never throws. */
  record(value: number): void {
    // Hot path: one route check and two field writes; no allocation.
    const meter = this.route.inner.meter;
    if (meter !== this.meter) {
      this.series = this.bind(meter);
      this.meter = meter;
    }
    const s = this.series;
    s.value = value;
    s.dirty = true;
  }

  protected bind(meter: Meter): NumberSeries {
    return meter.bindGauge(this.name, this.tags);
  }
}

/** Which histogram family a bound histogram records into. */
export type BoundHistogramFamily = 'histogram' | 'duration';

/**
 * A histogram handle bound to one series. `'histogram'`: `histogram()`'s family (SDK default
 * buckets); `'duration'`: `recordDuration`'s (whole ms truncated, unit `ms`, 34 ms bounds).
 */
export class BoundHistogram extends BoundSeries<HistogramSeries> {
  readonly #duration: boolean;

  /**
   * Use `MetricsClient.bind('histogram' | 'duration', …)`.
   * @throws MetricsError for an invalid name or tag.
   */
  constructor(route: MeterRoute, family: BoundHistogramFamily, name: string, tags: MetricTags | undefined) {
    super(route, name, tags, bindHistogram(route.inner.meter, family === 'duration', name, tags));
    this.#duration = family === 'duration';
  }

  /**
   * Records one value (duration family: whole ms, truncated). NaN and infinities (and, for
   * durations, negative values) are dropped and counted in the client's stats. Never throws.
   */
  record(value: number): void {
    // Hot path: one route check, then recordHistogram's bucket search; no allocation.
    const meter = this.route.inner.meter;
    if (meter !== this.meter) {
      this.series = this.bind(meter);
      this.meter = meter;
    }
    if (!recordHistogram(this.series, this.#duration ? wholeMs(value) : value)) meter.invalidValues++;
  }

  protected bind(meter: Meter): HistogramSeries {
    return bindHistogram(meter, this.#duration, this.name, this.tags);
  }
}

function bindHistogram(meter: Meter, duration: boolean, name: string, tags: MetricTags | undefined): HistogramSeries {
  return duration
    ? meter.bindHistogram(name, DURATION_UNIT, DURATION_DESCRIPTION, MILLISECOND_DURATION_BOUNDARIES, tags)
    : meter.bindHistogram(name, '', '', DEFAULT_HISTOGRAM_BOUNDARIES, tags);
}

/** Kinds accepted by `MetricsClient.bind`. */
export type BindKind = 'counter' | 'gauge' | BoundHistogramFamily;

