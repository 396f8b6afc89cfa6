// The meter: one client's instruments by name, the recording entry points (validation order of
// codex-otel: name, then counter increment, then tags) and bound handles. Collection lives in
// collect.ts; export scheduling in the MetricsClient facade.
import { MetricsError } from '../../errors.ts';
import type { Attributes, InstrumentationScope, MetricData, Resource } from '../../../proto-json/model.ts';
import { nowInto, type EpochTime } from '../../platform/clock.ts';
import { DEFAULT_CARDINALITY_LIMIT, DURATION_DESCRIPTION, DURATION_UNIT } from './names.ts';
import { HistogramSeries, NumberSeries, renderTagsJson, tagsKey, type SortedTags } from './series.ts';
import { mergeTags, SyncInstrument, type InstrumentContext } from './instruments.ts';
import { validateCounterIncrement, validateMetricName, validateTags, type MetricTags } from './validation.ts';

/** How a reader wants each instrument kind aggregated over time. */
export interface ReaderSpec {
  /** true = delta for counters (monotonic sums). */
  readonly sumDelta: boolean;
  /** true = delta for histograms. */
  readonly histogramDelta: boolean;
  /** true = a gauge point only when the series was recorded since the reader's last collect. */
  readonly gaugeDelta: boolean;
}

/** A registered observable gauge callback with its fixed attributes. */
export interface GaugeCallback {
  readonly observe: () => number;
  readonly key: string;
  readonly attributes: Attributes;
  readonly attributesJson: string;
}

/** An observable gauge: callbacks run on every collection. */
export interface ObservableGauge {
  readonly kind: 'observableGauge';
  readonly name: string;
  readonly description: string;
  readonly denied: boolean;
  readonly callbacks: GaugeCallback[];
  readonly createdSec: number;
  readonly createdNs: number;
  readonly deltaStartSec: number[];
  readonly deltaStartNs: number[];
}

/**
 * Metrics aggregated outside the meter's own instruments (the OpenTelemetry API bridge's), collected
 * after them for every reader. `collect` returns this reader's points (delta or cumulative as `spec`
 * asks, timestamped `at`); it must not throw (a throw is reported once and skipped).
 */
export interface MetricProducer {
  collect(reader: number, spec: ReaderSpec, at: EpochTime): MetricData[];
}

/** Any instrument of the meter. */
export type AnyInstrument = SyncInstrument<NumberSeries> | SyncInstrument<HistogramSeries> | ObservableGauge;

/** Construction options of a meter. */
export interface MeterOptions {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** Validated default tags. */
  readonly defaultTags: ReadonlyMap<string, string>;
  readonly readers: readonly ReaderSpec[];
  /** Exact metric names never exported. */
  readonly deniedMetrics: ReadonlySet<string>;
  /** @default 2000 */
  readonly cardinalityLimit?: number;
}

const scratch: EpochTime = { sec: 0, ns: 0 };

/** One client's metric state. Recording methods throw `MetricsError` on invalid input. */
export class Meter {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly readers: readonly ReaderSpec[];
  /** Every instrument in creation order (collection order). */
  readonly instruments: AnyInstrument[] = [];
  /** Producers collected after the instruments (see MetricProducer). */
  readonly producers: MetricProducer[] = [];
  /** Measurements dropped as invalid (non-finite histogram values, impossible durations). */
  invalidValues = 0;
  readonly #ctx: InstrumentContext;
  readonly #denied: ReadonlySet<string>;
  // Instruments by identity, found without building a key string per call (codex-otel's cache
  // keys): counters and gauges by (description, name); histograms by (unit, description, name).
  // The bare families ('' description / '' unit) and recordDuration's family have direct maps.
  readonly #counters = new Map<string, SyncInstrument<NumberSeries>>();
  readonly #gauges = new Map<string, SyncInstrument<NumberSeries>>();
  readonly #describedCounters = new Map<string, Map<string, SyncInstrument<NumberSeries>>>();
  readonly #describedGauges = new Map<string, Map<string, SyncInstrument<NumberSeries>>>();
  readonly #histograms = new Map<string, SyncInstrument<HistogramSeries>>();
  readonly #msHistograms = new Map<string, SyncInstrument<HistogramSeries>>();
  readonly #histogramFamilies = new Map<string, Map<string, Map<string, SyncInstrument<HistogramSeries>>>>();
  readonly #observable = new Map<string, ObservableGauge>();

  constructor(opts: MeterOptions) {
    this.resource = opts.resource;
    this.scope = opts.scope;
    this.readers = opts.readers;
    this.#denied = opts.deniedMetrics;
    const defaults: SortedTags = mergeTags([...opts.defaultTags.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)), undefined);
    this.#ctx = { defaults, readers: opts.readers.length, cardinalityLimit: Math.max(2, opts.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT) };
  }

  /** True when every reader is delta for every kind: idle series may then be evicted. */
  get deltaOnly(): boolean {
    return this.readers.every((r) => r.sumDelta && r.histogramDelta && r.gaugeDelta);
  }

  /**
   * Hot path: adds `inc` to counter `name` for `tags` (no allocation once the series exists).
   * @throws MetricsError `EmptyMetricName` / `InvalidMetricName`, `NegativeCounterIncrement`, tag kinds.
   */
  counter(name: string, inc: number, tags: MetricTags | undefined, description = ''): void {
    // Hot path: one or two Map lookups for the instrument, the trie walk, two field writes.
    const map = description === '' ? this.#counters : this.#described(this.#describedCounters, description);
    let inst = map.get(name);
    if (inst === undefined) inst = this.#numberInstrument(map, 'counter', name, description);
    if (!(inc >= 0) || inc === Infinity) validateCounterIncrement(name, inc);
    const s = inst.lookup(tags);
    s.value += inc;
    s.dirty = true;
  }

  /**
   * Hot path: sets gauge `name` to `value` for `tags` (last value wins).
   * @throws MetricsError for an invalid name or tag.
   */
  gauge(name: string, value: number, tags: MetricTags | undefined, description = ''): void {
    // Hot path: as counter(); no allocation once the series exists.
    const map = description === '' ? this.#gauges : this.#described(this.#describedGauges, description);
    let inst = map.get(name);
    if (inst === undefined) inst = this.#numberInstrument(map, 'gauge', name, description);
    const s = inst.lookup(tags);
    s.value = value;
    s.dirty = true;
  }

  /**
   * Hot path: records `value` into histogram `name` (identity: name, unit, description; the
   * boundaries of the first call win). Non-finite values are ignored.
   * @throws MetricsError for an invalid name or tag; `InvalidConfig` for bad boundaries.
   */
  histogram(name: string, unit: string, description: string, bounds: readonly number[], value: number, tags: MetricTags | undefined): void {
    // Hot path: instrument found through nested maps (no key string), then the trie walk.
    const map = this.#histogramFamily(unit, description);
    let inst = map.get(name);
    if (inst === undefined) inst = this.#histogramInstrument(map, name, unit, description, bounds);
    if (!recordHistogram(inst.lookup(tags), value)) this.invalidValues++;
  }

  /**
   * Registers an observable gauge; `observe` runs on every collection (a throw or a non-finite
   * result skips that point). Tags are fixed here. Never unregistered.
   * @throws MetricsError for an invalid name or tag.
   */
  observableGauge(name: string, description: string, observe: () => number, tags: MetricTags | undefined): void {
    validateMetricName(name);
    validateTags(tags);
    const merged = mergeTags(this.#ctx.defaults, tags);
    const id = `${name}\n${description}`;
    let inst = this.#observable.get(id);
    if (inst === undefined) {
      nowInto(scratch);
      inst = {
        kind: 'observableGauge',
        name,
        description,
        denied: this.#denied.has(name),
        callbacks: [],
        createdSec: scratch.sec,
        createdNs: scratch.ns,
        deltaStartSec: new Array<number>(this.readers.length).fill(scratch.sec),
        deltaStartNs: new Array<number>(this.readers.length).fill(scratch.ns),
      };
      this.#observable.set(id, inst);
      this.instruments.push(inst);
    }
    const attributes: Record<string, string> = {};
    for (const [k, v] of merged) attributes[k] = v;
    inst.callbacks.push({ observe, key: tagsKey(merged), attributes: Object.freeze(attributes), attributesJson: renderTagsJson(merged) });
  }

  /**
   * Resolves the series of a bound handle (validated like a recording; pins the series so it is
   * never evicted).
   * @throws MetricsError for an invalid name or tag.
   */
  bindCounter(name: string, tags: MetricTags | undefined): NumberSeries {
    const inst = this.#counters.get(name) ?? this.#numberInstrument(this.#counters, 'counter', name, '');
    const s = inst.lookup(tags);
    s.pins++;
    return s;
  }

  /** Like `bindCounter`, for a gauge. */
  bindGauge(name: string, tags: MetricTags | undefined): NumberSeries {
    const inst = this.#gauges.get(name) ?? this.#numberInstrument(this.#gauges, 'gauge', name, '');
    const s = inst.lookup(tags);
    s.pins++;
    return s;
  }

  /** Like `bindCounter`, for a histogram (`unit`/`description` '' for plain histograms). */
  bindHistogram(name: string, unit: string, description: string, bounds: readonly number[], tags: MetricTags | undefined): HistogramSeries {
    const map = this.#histogramFamily(unit, description);
    const inst = map.get(name) ?? this.#histogramInstrument(map, name, unit, description, bounds);
    const s = inst.lookup(tags);
    s.pins++;
    return s;
  }

  #described(families: Map<string, Map<string, SyncInstrument<NumberSeries>>>, description: string): Map<string, SyncInstrument<NumberSeries>> {
    let m = families.get(description);
    if (m === undefined) families.set(description, (m = new Map()));
    return m;
  }

  #histogramFamily(unit: string, description: string): Map<string, SyncInstrument<HistogramSeries>> {
    if (unit === '' && description === '') return this.#histograms;
    if (unit === DURATION_UNIT && description === DURATION_DESCRIPTION) return this.#msHistograms;
    let byDescription = this.#histogramFamilies.get(unit);
    if (byDescription === undefined) this.#histogramFamilies.set(unit, (byDescription = new Map()));
    let m = byDescription.get(description);
    if (m === undefined) byDescription.set(description, (m = new Map()));
    return m;
  }

  #numberInstrument(map: Map<string, SyncInstrument<NumberSeries>>, kind: 'counter' | 'gauge', name: string, description: string): SyncInstrument<NumberSeries> {
    validateMetricName(name);
    const inst = new SyncInstrument<NumberSeries>(kind, name, description, '', [], this.#denied.has(name), this.#ctx);
    map.set(name, inst);
    this.instruments.push(inst);
    return inst;
  }

  #histogramInstrument(map: Map<string, SyncInstrument<HistogramSeries>>, name: string, unit: string, description: string, bounds: readonly number[]): SyncInstrument<HistogramSeries> {
    validateMetricName(name);
    const inst = new SyncInstrument<HistogramSeries>('histogram', name, description, unit, checkBounds(bounds), this.#denied.has(name), this.#ctx);
    map.set(name, inst);
    this.instruments.push(inst);
    return inst;
  }
}

/**
 * Hot path: one histogram measurement; binary search for the `(prev, bound]` bucket, no
 * allocation. NaN and infinities are not recorded: returns false for them (the caller counts).
 */
export function recordHistogram(s: HistogramSeries, value: number): boolean {
  // Hot path: no allocation, no closures.
  if (!(value - value === 0)) return false;
  const b = s.bounds;
  let lo = 0;
  let hi = b.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= b[mid]!) hi = mid;
    else lo = mid + 1;
  }
  s.counts[lo]!++;
  s.count++;
  s.sum += value;
  if (value < s.min) s.min = value;
  if (value > s.max) s.max = value;
  s.dirty = true;
  return true;
}

/**
 * Copies and checks histogram boundaries: finite and strictly increasing.
 * @throws MetricsError `InvalidConfig` naming the problem.
 */
export function checkBounds(bounds: readonly number[]): readonly number[] {
  const out = Object.freeze(Array.from(bounds, Number));
  for (let i = 0; i < out.length; i++) {
    const b = out[i]!;
    if (!Number.isFinite(b)) throw new MetricsError('InvalidConfig', { message: `histogram boundary ${i} is not a finite number` });
    if (i > 0 && !(b > out[i - 1]!)) throw new MetricsError('InvalidConfig', { message: 'histogram boundaries must be strictly increasing' });
  }
  return out;
}
