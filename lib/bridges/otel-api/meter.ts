// The API's MeterProvider over a MetricsClient: API instruments (counter, up-down counter,
// histogram with advice buckets, gauge, and the three observable kinds, plus batch callbacks) are
// aggregated here and collected by the client's own readers (a MetricProducer on its meter), so
// they leave through the same exporter, interval and temporality as otlp-lite's metrics. Unlike
// codex-otel's Statsig-style tags, API attributes keep their types. Per instrument scope = the API
// meter's name/version. Sums of counters and histograms follow each reader's temporality;
// up-down counters are always cumulative (as the OTLP delta preference says); a gauge point is
// reported only when recorded since the reader's last collection when that reader is delta.
import type { Attributes, AttributeValue, InstrumentationScope, MetricData, NumberPointData, HistogramPointData } from '../../../proto-json/model.ts';
import { nowInto, type EpochTime } from '../../platform/clock.ts';
import type { BridgePort } from '../../facades/bridge-port.ts';
import type { Meter, MetricProducer, ReaderSpec } from '../../signals/metrics/meter.ts';
import { DEFAULT_CARDINALITY_LIMIT, DEFAULT_HISTOGRAM_BOUNDARIES, OVERFLOW_ATTRIBUTE } from '../../signals/metrics/names.ts';
import type { ApiAttributes } from './types.ts';

/** API `ValueType.INT`. */
const INT = 0;
const NAME = /^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$/;
const OVERFLOW: Attributes = Object.freeze({ [OVERFLOW_ATTRIBUTE]: true });

type Kind = 'counter' | 'upDownCounter' | 'histogram' | 'gauge' | 'observableCounter' | 'observableUpDownCounter' | 'observableGauge';

/** API MetricOptions. */
export interface ApiMetricOptions {
  description?: string;
  unit?: string;
  valueType?: number;
  advice?: { explicitBucketBoundaries?: number[] };
}

type ObserveResult = { observe(value: number, attributes?: ApiAttributes): void };
type BatchObserveResult = { observe(observable: object, value: number, attributes?: ApiAttributes): void };
type Callback = (result: ObserveResult) => void | Promise<void>;
type BatchCallback = (result: BatchObserveResult) => void | Promise<void>;

interface Series {
  readonly attributes: Attributes;
  readonly startSec: number;
  readonly startNs: number;
  /** Per reader: sum or last value, and whether it holds anything. */
  readonly value: number[];
  readonly has: boolean[];
  /** Histograms, per reader. */
  readonly hist: { count: number; sum: number; min: number; max: number; counts: number[] }[] | undefined;
}

function canonical(attributes: ApiAttributes | undefined): { key: string; attributes: Attributes } {
  if (attributes === undefined || attributes === null || typeof attributes !== 'object') return { key: '', attributes: {} };
  const keys = Object.keys(attributes).filter((k) => k !== '' && attributes[k] !== undefined && attributes[k] !== null).sort();
  const out: Attributes = {};
  for (const k of keys) out[k] = attributes[k] as AttributeValue;
  return { key: keys.length === 0 ? '' : JSON.stringify(keys.map((k) => [k, attributes[k]])), attributes: out };
}

function checkedBounds(b: unknown): readonly number[] | undefined {
  if (!Array.isArray(b)) return undefined;
  for (let i = 0; i < b.length; i++) {
    if (typeof b[i] !== 'number' || !Number.isFinite(b[i]) || (i > 0 && !(b[i] > b[i - 1]))) return undefined;
  }
  return Object.freeze(b.slice());
}

/** One API instrument and its series. */
class Instrument {
  readonly kind: Kind;
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly isInt: boolean;
  readonly bounds: readonly number[];
  readonly scope: InstrumentationScope;
  readonly series = new Map<string, Series>();
  readonly callbacks = new Set<Callback>();
  readonly createdSec: number;
  readonly createdNs: number;
  readonly deltaStartSec: number[];
  readonly deltaStartNs: number[];
  /** Observable sums, per reader: the last observed cumulative value by series key (for deltas). */
  readonly lastObserved: Map<string, number>[];
  readonly diag: BridgePort['diagOnce'];
  readonly #readers: number;
  readonly #limit: number;

  constructor(kind: Kind, name: string, o: ApiMetricOptions, scope: InstrumentationScope, readers: number, limit: number, diag: BridgePort['diagOnce']) {
    this.diag = diag;
    this.kind = kind;
    this.name = name;
    this.description = typeof o.description === 'string' ? o.description : '';
    this.unit = typeof o.unit === 'string' ? o.unit : '';
    this.isInt = o.valueType === INT;
    this.bounds = kind === 'histogram' ? (checkedBounds(o.advice?.explicitBucketBoundaries) ?? DEFAULT_HISTOGRAM_BOUNDARIES) : [];
    this.scope = scope;
    const t = nowInto({ sec: 0, ns: 0 });
    this.createdSec = t.sec;
    this.createdNs = t.ns;
    this.deltaStartSec = new Array<number>(readers).fill(t.sec);
    this.deltaStartNs = new Array<number>(readers).fill(t.ns);
    this.lastObserved = Array.from({ length: readers }, () => new Map<string, number>());
    this.#readers = readers;
    this.#limit = limit;
  }

  seriesFor(attributes: ApiAttributes | undefined): Series {
    const c = canonical(attributes);
    let s = this.series.get(c.key);
    if (s === undefined) {
      const overflow = this.series.size >= this.#limit - 1;
      const key = overflow ? '!overflow' : c.key;
      s = this.series.get(key);
      if (s === undefined) {
        const t = nowInto({ sec: 0, ns: 0 });
        const n = this.#readers;
        s = {
          attributes: overflow ? OVERFLOW : c.attributes,
          startSec: t.sec,
          startNs: t.ns,
          value: new Array<number>(n).fill(0),
          has: new Array<boolean>(n).fill(false),
          hist:
            this.kind === 'histogram'
              ? Array.from({ length: n }, () => ({ count: 0, sum: 0, min: Infinity, max: -Infinity, counts: new Array<number>(this.bounds.length + 1).fill(0) }))
              : undefined,
        };
        this.series.set(key, s);
      }
    }
    return s;
  }

  /** A synchronous measurement; bad values are dropped (reported once), never thrown. */
  record(value: number, attributes: ApiAttributes | undefined): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) return void this.diag('warn', `otel-api.nan.${this.name}`, `metric ${this.name}: ignoring a non-finite value`);
    if (this.isInt && !Number.isInteger(value)) value = Math.trunc(value);
    const k = this.kind;
    if ((k === 'counter' || k === 'histogram') && value < 0) {
      return void this.diag('warn', `otel-api.negative.${this.name}`, `metric ${this.name}: ignoring a negative value for a ${k}`);
    }
    const s = this.seriesFor(attributes);
    for (let r = 0; r < this.#readers; r++) {
      if (k === 'histogram') {
        const h = s.hist![r]!;
        const b = this.bounds;
        let i = 0;
        while (i < b.length && value > b[i]!) i++;
        h.counts[i]!++;
        h.count++;
        h.sum += value;
        if (value < h.min) h.min = value;
        if (value > h.max) h.max = value;
      } else if (k === 'gauge') s.value[r] = value;
      else s.value[r]! += value;
      s.has[r] = true;
    }
  }
}

function syncInstrument(inst: Instrument | undefined, method: 'add' | 'record'): object {
  const fn = inst === undefined ? () => {} : (value: number, attributes?: ApiAttributes) => inst.record(value, attributes);
  return { [method]: fn };
}

function observableInstrument(inst: Instrument | undefined): object {
  const o = {
    addCallback(cb: Callback): void {
      if (inst !== undefined && typeof cb === 'function') inst.callbacks.add(cb);
    },
    removeCallback(cb: Callback): void {
      inst?.callbacks.delete(cb);
    },
  };
  if (inst !== undefined) instrumentOf.set(o, inst);
  return o;
}

const instrumentOf = new WeakMap<object, Instrument>();

/** An API Meter (one instrumentation scope). */
export class ApiMeter {
  readonly #producer: ApiMetricsProducer;
  readonly #scope: InstrumentationScope;
  readonly #byName = new Map<string, { inst: Instrument | undefined; handle: object }>();
  constructor(producer: ApiMetricsProducer, scope: InstrumentationScope) {
    this.#producer = producer;
    this.#scope = scope;
  }

  #create(kind: Kind, name: string, options: ApiMetricOptions | undefined, handle: (inst: Instrument | undefined) => object): object {
    const key = `${kind}\n${String(name).toLowerCase()}`;
    const existing = this.#byName.get(key);
    if (existing !== undefined) return existing.handle;
    let inst: Instrument | undefined;
    if (typeof name !== 'string' || !NAME.test(name)) {
      this.#producer.diag('warn', `otel-api.name.${String(name)}`, `metric instrument name ${JSON.stringify(String(name))} is invalid; its measurements are ignored`);
    } else {
      inst = this.#producer.add(kind, name, options ?? {}, this.#scope);
    }
    const entry = { inst, handle: handle(inst) };
    this.#byName.set(key, entry);
    return entry.handle;
  }

  createCounter(name: string, options?: ApiMetricOptions): object {
    return this.#create('counter', name, options, (i) => syncInstrument(i, 'add'));
  }
  createUpDownCounter(name: string, options?: ApiMetricOptions): object {
    return this.#create('upDownCounter', name, options, (i) => syncInstrument(i, 'add'));
  }
  createHistogram(name: string, options?: ApiMetricOptions): object {
    return this.#create('histogram', name, options, (i) => syncInstrument(i, 'record'));
  }
  createGauge(name: string, options?: ApiMetricOptions): object {
    return this.#create('gauge', name, options, (i) => syncInstrument(i, 'record'));
  }
  createObservableCounter(name: string, options?: ApiMetricOptions): object {
    return this.#create('observableCounter', name, options, observableInstrument);
  }
  createObservableUpDownCounter(name: string, options?: ApiMetricOptions): object {
    return this.#create('observableUpDownCounter', name, options, observableInstrument);
  }
  createObservableGauge(name: string, options?: ApiMetricOptions): object {
    return this.#create('observableGauge', name, options, observableInstrument);
  }
  addBatchObservableCallback(cb: BatchCallback, observables: object[]): void {
    if (typeof cb !== 'function' || !Array.isArray(observables)) return;
    const set = new Set<Instrument>();
    for (const o of observables) {
      const i = instrumentOf.get(o);
      if (i !== undefined) set.add(i);
    }
    this.#producer.batches.set(cb, set);
  }
  removeBatchObservableCallback(cb: BatchCallback): void {
    this.#producer.batches.delete(cb);
  }
}

/** Holds every API instrument of a registration and collects them for the client's readers. */
export class ApiMetricsProducer implements MetricProducer {
  readonly batches = new Map<BatchCallback, Set<Instrument>>();
  readonly diag: BridgePort['diagOnce'];
  readonly #meter: Meter;
  readonly #instruments: Instrument[] = [];
  constructor(meter: Meter, diag: BridgePort['diagOnce']) {
    this.#meter = meter;
    this.diag = diag;
  }

  add(kind: Kind, name: string, options: ApiMetricOptions, scope: InstrumentationScope): Instrument {
    const inst = new Instrument(kind, name, options, scope, this.#meter.readers.length, DEFAULT_CARDINALITY_LIMIT, this.diag);
    this.#instruments.push(inst);
    return inst;
  }

  collect(reader: number, spec: ReaderSpec, at: EpochTime): MetricData[] {
    const observed = this.#observe();
    const out: MetricData[] = [];
    for (const inst of this.#instruments) {
      const m = this.#collectOne(inst, reader, spec, at, observed.get(inst));
      inst.deltaStartSec[reader] = at.sec;
      inst.deltaStartNs[reader] = at.ns;
      if (m !== undefined) out.push(m);
    }
    return out;
  }

  // Runs every observable callback once; observations keyed per instrument and series (last wins).
  #observe(): Map<Instrument, Map<string, { attributes: Attributes; value: number }>> {
    const out = new Map<Instrument, Map<string, { attributes: Attributes; value: number }>>();
    const put = (inst: Instrument, value: number, attributes: ApiAttributes | undefined): void => {
      if (typeof value !== 'number' || !Number.isFinite(value)) return;
      let m = out.get(inst);
      if (m === undefined) out.set(inst, (m = new Map()));
      const c = canonical(attributes);
      m.set(c.key, { attributes: c.attributes, value: inst.isInt ? Math.trunc(value) : value });
    };
    const run = (name: string, fn: () => unknown): void => {
      try {
        const p = fn();
        if (p !== null && typeof p === 'object' && typeof (p as Promise<void>).catch === 'function') (p as Promise<void>).catch(() => undefined);
      } catch (err) {
        this.diag('warn', `otel-api.callback.${name}`, `observable callback of ${name} threw: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    for (const inst of this.#instruments) {
      for (const cb of inst.callbacks) run(inst.name, () => cb({ observe: (v, a) => put(inst, v, a) }));
    }
    for (const [cb, set] of this.batches) {
      run('a batch callback', () =>
        cb({
          observe: (o, v, a) => {
            const inst = instrumentOf.get(o);
            if (inst !== undefined && set.has(inst)) put(inst, v, a);
          },
        }),
      );
    }
    return out;
  }

  #collectOne(inst: Instrument, r: number, spec: ReaderSpec, t: EpochTime, observed: Map<string, { attributes: Attributes; value: number }> | undefined): MetricData | undefined {
    const base = { resource: this.#meter.resource, scope: inst.scope, name: inst.name, description: inst.description, unit: inst.unit };
    const k = inst.kind;
    if (k === 'observableCounter' || k === 'observableUpDownCounter' || k === 'observableGauge') {
      if (observed === undefined || observed.size === 0) return undefined;
      const delta = k === 'observableCounter' && spec.sumDelta;
      const last = inst.lastObserved[r]!;
      const points: NumberPointData[] = [];
      for (const [key, o] of observed) {
        let value = o.value;
        if (delta) {
          value = o.value - (last.get(key) ?? 0);
          last.set(key, o.value);
        }
        points.push(this.#point(o.attributes, delta || k === 'observableGauge' ? inst.deltaStartSec[r]! : inst.createdSec, delta || k === 'observableGauge' ? inst.deltaStartNs[r]! : inst.createdNs, t, value, inst.isInt));
      }
      if (k === 'observableGauge') return { ...base, type: 'gauge', points };
      return { ...base, type: 'sum', temporality: delta ? 1 : 2, isMonotonic: k === 'observableCounter', points };
    }
    if (k === 'histogram') {
      const delta = spec.histogramDelta;
      const points: HistogramPointData[] = [];
      for (const s of inst.series.values()) {
        if (!s.has[r]) continue;
        const h = s.hist![r]!;
        points.push({
          attributes: s.attributes,
          startSec: delta ? inst.deltaStartSec[r]! : s.startSec,
          startNs: delta ? inst.deltaStartNs[r]! : s.startNs,
          timeSec: t.sec,
          timeNs: t.ns,
          flags: 0,
          count: h.count,
          sum: h.sum,
          min: h.count > 0 ? h.min : undefined,
          max: h.count > 0 ? h.max : undefined,
          bucketCounts: h.counts.slice(),
          explicitBounds: inst.bounds,
        });
        if (delta) {
          s.hist![r] = { count: 0, sum: 0, min: Infinity, max: -Infinity, counts: new Array<number>(inst.bounds.length + 1).fill(0) };
          s.has[r] = false;
        }
      }
      return points.length === 0 ? undefined : { ...base, type: 'histogram', temporality: delta ? 1 : 2, points };
    }
    const delta = k === 'counter' ? spec.sumDelta : k === 'gauge' ? spec.gaugeDelta : false;
    const points: NumberPointData[] = [];
    for (const s of inst.series.values()) {
      if (!s.has[r]) continue;
      const gaugeStart = k === 'gauge';
      points.push(this.#point(s.attributes, delta || gaugeStart ? inst.deltaStartSec[r]! : s.startSec, delta || gaugeStart ? inst.deltaStartNs[r]! : s.startNs, t, s.value[r]!, inst.isInt));
      if (delta) {
        if (k === 'counter') s.value[r] = 0;
        s.has[r] = false;
      }
    }
    if (points.length === 0) return undefined;
    if (k === 'gauge') return { ...base, type: 'gauge', points };
    return { ...base, type: 'sum', temporality: delta ? 1 : 2, isMonotonic: k === 'counter', points };
  }

  #point(attributes: Attributes, startSec: number, startNs: number, t: EpochTime, value: number, isInt: boolean): NumberPointData {
    return { attributes, startSec, startNs, timeSec: t.sec, timeNs: t.ns, flags: 0, value, isInt: isInt && Number.isInteger(value) };
  }
}

/** The API MeterProvider: one ApiMeter per (name, version, schemaUrl). */
export class ApiMeterProvider {
  readonly #producer: ApiMetricsProducer | undefined;
  readonly #meters = new Map<string, ApiMeter>();
  /** `meter` undefined (metrics not exported): every instrument is a no-op. */
  constructor(meter: Meter | undefined, diag: BridgePort['diagOnce']) {
    if (meter !== undefined) {
      this.#producer = new ApiMetricsProducer(meter, diag);
      meter.producers.push(this.#producer);
    }
  }

  /** The producer registered on the meter (undefined when metrics are off). */
  get producer(): ApiMetricsProducer | undefined {
    return this.#producer;
  }

  getMeter(name: string, version?: string, options?: { schemaUrl?: string }): object {
    const key = `${name}\u0000${version ?? ''}\u0000${options?.schemaUrl ?? ''}`;
    let m = this.#meters.get(key);
    if (m === undefined) {
      const scope: { -readonly [K in keyof InstrumentationScope]: InstrumentationScope[K] } = { name: String(name ?? '') };
      if (typeof version === 'string' && version !== '') scope.version = version;
      if (typeof options?.schemaUrl === 'string' && options.schemaUrl !== '') scope.schemaUrl = options.schemaUrl;
      m = this.#producer === undefined ? (NOOP_METER as unknown as ApiMeter) : new ApiMeter(this.#producer, Object.freeze(scope));
      this.#meters.set(key, m);
    }
    return m;
  }
}

const noop = (): void => {};
const NOOP_SYNC = Object.freeze({ add: noop, record: noop });
const NOOP_OBS = Object.freeze({ addCallback: noop, removeCallback: noop });
const NOOP_METER = Object.freeze({
  createCounter: () => NOOP_SYNC,
  createUpDownCounter: () => NOOP_SYNC,
  createHistogram: () => NOOP_SYNC,
  createGauge: () => NOOP_SYNC,
  createObservableCounter: () => NOOP_OBS,
  createObservableUpDownCounter: () => NOOP_OBS,
  createObservableGauge: () => NOOP_OBS,
  addBatchObservableCallback: noop,
  removeBatchObservableCallback: noop,
});
