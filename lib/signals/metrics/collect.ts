// Collection for one reader: folds every series' hot aggregate into all readers, emits this
// reader's points as MetricData (delta or cumulative, start times per the OTLP metrics data model), runs the
// observable gauge callbacks, and evicts idle series when every reader is delta.
//
// Start times: a delta point starts at the reader's previous collection (or at instrument
// creation for the first interval), shared by all points of the instrument; a cumulative point of
// a synchronous instrument starts at its series' first measurement; an observable gauge's
// cumulative start is the instrument's creation time.
import type { HistogramPointData, MetricData, NumberPointData } from '../../../proto-json/model.ts';
import { diagOnce } from '../../platform/diag.ts';
import { nowInto, type EpochTime } from '../../platform/clock.ts';
import type { SyncInstrument } from './instruments.ts';
import type { Meter, ObservableGauge } from './meter.ts';
import { gaugeMetric, histogramMetric, histogramPoint, numberPoint, sumMetric } from './points.ts';
import {
  foldHistogram,
  foldLastValue,
  foldSum,
  isIdle,
  takeHistogramAcc,
  type HistogramSeries,
  type NumberSeries,
} from './series.ts';

/**
 * Collects `meter` for reader `reader`: every metric with at least one point, in instrument
 * creation order. An empty array means "nothing to export". Never throws (a throwing observable
 * gauge callback is reported once through diag and skipped).
 */
export function collectMetrics(meter: Meter, reader: number): MetricData[] {
  const t: EpochTime = nowInto({ sec: 0, ns: 0 });
  const spec = meter.readers[reader];
  if (spec === undefined) return [];
  const evict = meter.deltaOnly;
  const out: MetricData[] = [];
  for (const inst of meter.instruments) {
    let metric: MetricData | undefined;
    if (inst.kind === 'observableGauge') metric = observe(meter, inst, reader, spec.gaugeDelta, t);
    else if (inst.kind === 'histogram') metric = collectHistogram(meter, inst as SyncInstrument<HistogramSeries>, reader, spec.histogramDelta, evict, t);
    else metric = collectNumbers(meter, inst as SyncInstrument<NumberSeries>, reader, inst.kind === 'counter' ? spec.sumDelta : spec.gaugeDelta, evict, t);
    inst.deltaStartSec[reader] = t.sec;
    inst.deltaStartNs[reader] = t.ns;
    if (metric !== undefined) out.push(metric);
  }
  for (const p of meter.producers) {
    try {
      for (const m of p.collect(reader, spec, t)) out.push(m);
    } catch (err) {
      diagOnce('warn', 'metrics.producer', `a metric producer failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}

function collectNumbers(meter: Meter, inst: SyncInstrument<NumberSeries>, r: number, delta: boolean, evict: boolean, t: EpochTime): MetricData | undefined {
  if (inst.denied) return undefined;
  const isSum = inst.kind === 'counter';
  const points: NumberPointData[] = [];
  const visit = (s: NumberSeries): void => {
    if (s.dirty) {
      if (isSum) foldSum(s);
      else foldLastValue(s);
    } else if (evict && s.pins === 0 && isIdle(s)) {
      inst.evict(s);
      return;
    }
    if (!s.accHas[r]) return;
    const value = s.accValue[r]!;
    points.push(numberPoint(s.attributes, s.attributesJson, delta ? inst.deltaStartSec[r]! : s.startSec, delta ? inst.deltaStartNs[r]! : s.startNs, t, value, Number.isInteger(value)));
    if (delta) {
      if (isSum) s.accValue[r] = 0;
      s.accHas[r] = false;
    }
  };
  for (const s of inst.series.values()) visit(s);
  if (inst.overflow !== undefined) visit(inst.overflow);
  if (points.length === 0) return undefined;
  return isSum ? sumMetric(meter.resource, meter.scope, inst, delta, true, points) : gaugeMetric(meter.resource, meter.scope, inst, points);
}

function collectHistogram(meter: Meter, inst: SyncInstrument<HistogramSeries>, r: number, delta: boolean, evict: boolean, t: EpochTime): MetricData | undefined {
  if (inst.denied) return undefined;
  const points: HistogramPointData[] = [];
  const visit = (s: HistogramSeries): void => {
    if (s.dirty) foldHistogram(s);
    else if (evict && s.pins === 0 && isIdle(s)) {
      inst.evict(s);
      return;
    }
    const pending = s.acc[r]!;
    if (!pending.has) return;
    const a = delta ? takeHistogramAcc(s, r) : pending;
    points.push(histogramPoint(s.attributes, s.attributesJson, delta ? inst.deltaStartSec[r]! : s.startSec, delta ? inst.deltaStartNs[r]! : s.startNs, t, a, delta ? a.counts : a.counts.slice(), inst.bounds));
  };
  for (const s of inst.series.values()) visit(s);
  if (inst.overflow !== undefined) visit(inst.overflow);
  if (points.length === 0) return undefined;
  return histogramMetric(meter.resource, meter.scope, inst, delta, points);
}

function observe(meter: Meter, inst: ObservableGauge, r: number, delta: boolean, t: EpochTime): MetricData | undefined {
  if (inst.denied || inst.callbacks.length === 0) return undefined;
  const byKey = new Map<string, NumberPointData>();
  for (const cb of inst.callbacks) {
    let value: unknown;
    try {
      value = cb.observe();
    } catch (err) {
      diagOnce('warn', `metrics.observe.${inst.name}`, `observable gauge ${inst.name} callback threw: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    byKey.set(cb.key, numberPoint(cb.attributes, cb.attributesJson, delta ? inst.deltaStartSec[r]! : inst.createdSec, delta ? inst.deltaStartNs[r]! : inst.createdNs, t, value, Number.isInteger(value)));
  }
  if (byKey.size === 0) return undefined;
  return gaugeMetric(meter.resource, meter.scope, { name: inst.name, description: inst.description, unit: '' }, [...byKey.values()]);
}

/** One scope's metrics in a collection (codex-otel's `ScopeMetrics`). */
export interface ScopeMetrics {
  readonly scope: MetricData['scope'];
  readonly metrics: readonly MetricData[];
}

/** One collection: what the in-memory exporter stores per export and `snapshot()` returns (codex-otel's `ResourceMetrics`). */
export interface ResourceMetrics {
  readonly resource: MetricData['resource'];
  readonly scopeMetrics: readonly ScopeMetrics[];
}

/** Groups collected metrics (all from one meter) as one `ResourceMetrics`. */
export function toResourceMetrics(meter: Meter, metrics: readonly MetricData[]): ResourceMetrics {
  return { resource: meter.resource, scopeMetrics: metrics.length === 0 ? [] : [{ scope: meter.scope, metrics }] };
}
