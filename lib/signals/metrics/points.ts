// Builders of collected metric data, shared by the meter's collection (collect.ts) and metric
// producers (the OpenTelemetry API bridge): one object literal per kind, so every point and
// metric of a kind has one shape whoever made it.
import type {
  Attributes,
  GaugeMetricData,
  HistogramMetricData,
  HistogramPointData,
  InstrumentationScope,
  NumberPointData,
  Resource,
  SumMetricData,
} from '../../../proto-json/model.ts';
import type { EpochTime } from '../../platform/clock.ts';

/** What a metric says about itself: its name, description and unit. */
export interface MetricHead {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
}

/** A histogram aggregate as points carry it (min/max meaningful only when count > 0). */
export interface HistogramTotals {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

const DELTA = 1;
const CUMULATIVE = 2;

/** A Sum or Gauge point from `start` to `t`. */
export function numberPoint(attributes: Attributes, attributesJson: string | undefined, startSec: number, startNs: number, t: EpochTime, value: number, isInt: boolean): NumberPointData {
  return { attributes, attributesJson, startSec, startNs, timeSec: t.sec, timeNs: t.ns, flags: 0, value, isInt };
}

/** An explicit-bucket histogram point from `start` to `t`. */
export function histogramPoint(
  attributes: Attributes, attributesJson: string | undefined, startSec: number, startNs: number, t: EpochTime,
  h: HistogramTotals, bucketCounts: readonly number[], explicitBounds: readonly number[],
): HistogramPointData {
  return {
    attributes,
    attributesJson,
    startSec,
    startNs,
    timeSec: t.sec,
    timeNs: t.ns,
    flags: 0,
    count: h.count,
    sum: h.sum,
    min: h.count > 0 ? h.min : undefined,
    max: h.count > 0 ? h.max : undefined,
    bucketCounts,
    explicitBounds,
  };
}

/** A sum metric, delta or cumulative. */
export function sumMetric(resource: Resource, scope: InstrumentationScope, head: MetricHead, delta: boolean, isMonotonic: boolean, points: NumberPointData[]): SumMetricData {
  return { resource, scope, type: 'sum', name: head.name, description: head.description, unit: head.unit, temporality: delta ? DELTA : CUMULATIVE, isMonotonic, points };
}

/** A gauge metric. */
export function gaugeMetric(resource: Resource, scope: InstrumentationScope, head: MetricHead, points: NumberPointData[]): GaugeMetricData {
  return { resource, scope, type: 'gauge', name: head.name, description: head.description, unit: head.unit, points };
}

/** An explicit-bucket histogram metric, delta or cumulative. */
export function histogramMetric(resource: Resource, scope: InstrumentationScope, head: MetricHead, delta: boolean, points: HistogramPointData[]): HistogramMetricData {
  return { resource, scope, type: 'histogram', name: head.name, description: head.description, unit: head.unit, temporality: delta ? DELTA : CUMULATIVE, points };
}
