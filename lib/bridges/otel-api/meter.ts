// The API's MeterProvider over a MetricsClient: API instruments (counter, up-down counter,
// histogram with advice buckets, gauge, and the three observable kinds, plus batch callbacks) are
// aggregated here and collected by the client's own readers (a MetricProducer on its meter), so
// they leave through the same exporter, interval and temporality as otlp-lite's metrics. Unlike
// codex-otel's Statsig-style tags, API attributes keep their types. Per instrument scope = the API
// meter's name/version. Sums of counters and histograms follow each reader's temporality;
// up-down counters are always cumulative (as the OTLP delta preference says); a gauge point is
// reported only when recorded since the reader's last collection when that reader is delta.
// The instrument and its handles are in instrument.ts.
import type { Attributes, InstrumentationScope, MetricData, NumberPointData, HistogramPointData } from '../../../proto-json/model.ts';
import type { EpochTime } from '../../platform/clock.ts';
import type { BridgePort } from '../../facades/bridge-port.ts';
import type { Meter, MetricProducer, ReaderSpec } from '../../signals/metrics/meter.ts';
import { DEFAULT_CARDINALITY_LIMIT } from '../../signals/metrics/names.ts';
import { gaugeMetric, histogramMetric, histogramPoint, numberPoint, sumMetric } from '../../signals/metrics/points.ts';
import {
  canonical, Instrument, instrumentOf, NAME, observableInstrument, syncInstrument,
  type ApiMetricOptions, type BatchCallback, type Kind,
} from './instrument.ts';
import { forScope } from './scope.ts';
import type { ApiAttributes } from './types.ts';

export type { ApiMetricOptions } from './instrument.ts';

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
    const resource = this.#meter.resource;
    const k = inst.kind;
    if (k === 'observableCounter' || k === 'observableUpDownCounter' || k === 'observableGauge') {
      if (observed === undefined || observed.size === 0) return undefined;
      const delta = k === 'observableCounter' && spec.sumDelta;
      const fromDeltaStart = delta || k === 'observableGauge';
      const last = inst.lastObserved[r]!;
      const points: NumberPointData[] = [];
      for (const [key, o] of observed) {
        let value = o.value;
        if (delta) {
          value = o.value - (last.get(key) ?? 0);
          last.set(key, o.value);
        }
        points.push(numberPoint(o.attributes, undefined, fromDeltaStart ? inst.deltaStartSec[r]! : inst.createdSec, fromDeltaStart ? inst.deltaStartNs[r]! : inst.createdNs, t, value, inst.isInt && Number.isInteger(value)));
      }
      if (k === 'observableGauge') return gaugeMetric(resource, inst.scope, inst, points);
      return sumMetric(resource, inst.scope, inst, delta, k === 'observableCounter', points);
    }
    if (k === 'histogram') {
      const delta = spec.histogramDelta;
      const points: HistogramPointData[] = [];
      for (const s of inst.series.values()) {
        if (!s.has[r]) continue;
        const h = s.hist![r]!;
        points.push(histogramPoint(s.attributes, undefined, delta ? inst.deltaStartSec[r]! : s.startSec, delta ? inst.deltaStartNs[r]! : s.startNs, t, h, h.counts.slice(), inst.bounds));
        if (delta) {
          s.hist![r] = { count: 0, sum: 0, min: Infinity, max: -Infinity, counts: new Array<number>(inst.bounds.length + 1).fill(0) };
          s.has[r] = false;
        }
      }
      return points.length === 0 ? undefined : histogramMetric(resource, inst.scope, inst, delta, points);
    }
    const delta = k === 'counter' ? spec.sumDelta : k === 'gauge' ? spec.gaugeDelta : false;
    const fromDeltaStart = delta || k === 'gauge';
    const points: NumberPointData[] = [];
    for (const s of inst.series.values()) {
      if (!s.has[r]) continue;
      const value = s.value[r]!;
      points.push(numberPoint(s.attributes, undefined, fromDeltaStart ? inst.deltaStartSec[r]! : s.startSec, fromDeltaStart ? inst.deltaStartNs[r]! : s.startNs, t, value, inst.isInt && Number.isInteger(value)));
      if (delta) {
        if (k === 'counter') s.value[r] = 0;
        s.has[r] = false;
      }
    }
    if (points.length === 0) return undefined;
    if (k === 'gauge') return gaugeMetric(resource, inst.scope, inst, points);
    return sumMetric(resource, inst.scope, inst, delta, k === 'counter', points);
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
    const producer = this.#producer;
    return forScope(this.#meters, name, version, options, (scope) => (producer === undefined ? (NOOP_METER as unknown as ApiMeter) : new ApiMeter(producer, scope)));
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
