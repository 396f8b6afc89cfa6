// One API metric instrument and its series: measurements aggregated per reader (sums, last
// values, explicit-bucket histograms), attribute sets keyed canonically, the cardinality limit's
// overflow series, and the handles the API's instruments are (sync and observable).
import type { Attributes, AttributeValue, InstrumentationScope } from '../../../proto-json/model.ts';
import { nowInto } from '../../platform/clock.ts';
import type { BridgePort } from '../../facades/bridge-port.ts';
import { DEFAULT_HISTOGRAM_BOUNDARIES, OVERFLOW_ATTRIBUTE } from '../../signals/metrics/names.ts';
import type { ApiAttributes } from './types.ts';

/** API `ValueType.INT`. */
const INT = 0;
/** A valid instrument name. */
export const NAME = /^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$/;
const OVERFLOW: Attributes = Object.freeze({ [OVERFLOW_ATTRIBUTE]: true });

/** The API instrument kinds. */
export type Kind = 'counter' | 'upDownCounter' | 'histogram' | 'gauge' | 'observableCounter' | 'observableUpDownCounter' | 'observableGauge';

/** API MetricOptions. */
export interface ApiMetricOptions {
  description?: string;
  unit?: string;
  valueType?: number;
  advice?: { explicitBucketBoundaries?: number[] };
}

export type ObserveResult = { observe(value: number, attributes?: ApiAttributes): void };
export type BatchObserveResult = { observe(observable: object, value: number, attributes?: ApiAttributes): void };
export type Callback = (result: ObserveResult) => void | Promise<void>;
export type BatchCallback = (result: BatchObserveResult) => void | Promise<void>;

/** One attribute set of an instrument. */
export interface Series {
  readonly attributes: Attributes;
  readonly startSec: number;
  readonly startNs: number;
  /** Per reader: sum or last value, and whether it holds anything. */
  readonly value: number[];
  readonly has: boolean[];
  /** Histograms, per reader. */
  readonly hist: { count: number; sum: number; min: number; max: number; counts: number[] }[] | undefined;
}

/** Attributes without empty keys and null values, sorted, with their series key ('' for none). */
export function canonical(attributes: ApiAttributes | undefined): { key: string; attributes: Attributes } {
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
export class Instrument {
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

/** The API handle of a synchronous instrument (`add` or `record`); a no-op for an invalid one. */
export function syncInstrument(inst: Instrument | undefined, method: 'add' | 'record'): object {
  const fn = inst === undefined ? () => {} : (value: number, attributes?: ApiAttributes) => inst.record(value, attributes);
  return { [method]: fn };
}

/** The API handle of an observable instrument; a no-op for an invalid one. */
export function observableInstrument(inst: Instrument | undefined): object {
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

/** The instrument behind an observable handle (batch callbacks name handles). */
export const instrumentOf = new WeakMap<object, Instrument>();
