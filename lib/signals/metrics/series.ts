// One time series (a metric + one attribute set): its canonical attributes, their OTLP JSON
// rendered once, the live ("hot") aggregate the recording path updates, and one pending
// aggregate per reader that collection folds the hot values into.
import type { Attributes } from '../../../proto-json/model.ts';
import { OVERFLOW_ATTRIBUTE } from './names.ts';

/** Canonical, validated attributes of a series: sorted `[key, value]` pairs. */
export type SortedTags = readonly (readonly [string, string])[];

/** Renders validated tags as an OTLP KeyValue array. No escaping needed: chars are `[A-Za-z0-9._/-]`. */
export function renderTagsJson(tags: SortedTags): string {
  let out = '[';
  for (let i = 0; i < tags.length; i++) {
    const [k, v] = tags[i]!;
    if (i > 0) out += ',';
    out += `{"key":"${k}","value":{"stringValue":"${v}"}}`;
  }
  return out + ']';
}

/** The canonical map key of a tag set: `k=v,k=v` (validated chars never contain `=` or `,`). */
export function tagsKey(tags: SortedTags): string {
  let out = '';
  for (let i = 0; i < tags.length; i++) {
    const [k, v] = tags[i]!;
    out += i === 0 ? `${k}=${v}` : `,${k}=${v}`;
  }
  return out;
}

const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ [OVERFLOW_ATTRIBUTE]: true });
const OVERFLOW_JSON = `[{"key":"${OVERFLOW_ATTRIBUTE}","value":{"boolValue":true}}]`;
/** Map key of the overflow series (cannot collide: validated keys never contain `!`). */
export const OVERFLOW_KEY = '!overflow';

/** Fields every series has. */
abstract class SeriesBase {
  readonly key: string;
  readonly attributes: Attributes;
  readonly attributesJson: string;
  /** Time of the first measurement (cumulative start time). */
  readonly startSec: number;
  readonly startNs: number;
  /** Set when collection dropped this idle series from its instrument; recorders then re-resolve. */
  evicted = false;
  /** Bound handles holding this series; a pinned series is never evicted. */
  pins = 0;
  /** True when the hot aggregate holds measurements not yet folded into the readers. */
  dirty = false;

  constructor(key: string, tags: SortedTags | undefined, sec: number, ns: number) {
    this.key = key;
    if (tags === undefined) {
      this.attributes = OVERFLOW_ATTRIBUTES;
      this.attributesJson = OVERFLOW_JSON;
    } else {
      const attrs: Record<string, string> = {};
      for (const [k, v] of tags) attrs[k] = v;
      this.attributes = Object.freeze(attrs);
      this.attributesJson = renderTagsJson(tags);
    }
    this.startSec = sec;
    this.startNs = ns;
  }
}

/** A sum (counter) or last-value (gauge) series. */
export class NumberSeries extends SeriesBase {
  /** Counter: sum since the last fold. Gauge: last value since the last fold. */
  value = 0;
  /** Per reader: pending value and whether it holds anything. */
  readonly accValue: number[];
  readonly accHas: boolean[];

  constructor(key: string, tags: SortedTags | undefined, sec: number, ns: number, readers: number) {
    super(key, tags, sec, ns);
    this.accValue = new Array<number>(readers).fill(0);
    this.accHas = new Array<boolean>(readers).fill(false);
  }
}

/** Pending histogram aggregate of one reader. */
export interface HistogramAcc {
  counts: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
  has: boolean;
}

function emptyAcc(buckets: number): HistogramAcc {
  return { counts: new Array<number>(buckets).fill(0), count: 0, sum: 0, min: Infinity, max: -Infinity, has: false };
}

/** An explicit-bucket histogram series. Buckets are `(prev, bound]`, plus the overflow bucket. */
export class HistogramSeries extends SeriesBase {
  readonly bounds: readonly number[];
  counts: number[];
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  readonly acc: HistogramAcc[];

  constructor(key: string, tags: SortedTags | undefined, sec: number, ns: number, readers: number, bounds: readonly number[]) {
    super(key, tags, sec, ns);
    this.bounds = bounds;
    this.counts = new Array<number>(bounds.length + 1).fill(0);
    this.acc = [];
    for (let r = 0; r < readers; r++) this.acc.push(emptyAcc(bounds.length + 1));
  }
}

/** Adds the hot counter value to every reader's pending sum, then clears it. */
export function foldSum(s: NumberSeries): void {
  const n = s.accValue.length;
  for (let r = 0; r < n; r++) {
    s.accValue[r]! += s.value;
    s.accHas[r] = true;
  }
  s.value = 0;
  s.dirty = false;
}

/** Hands the hot gauge value to every reader (last value wins), then clears the dirty flag. */
export function foldLastValue(s: NumberSeries): void {
  const n = s.accValue.length;
  for (let r = 0; r < n; r++) {
    s.accValue[r] = s.value;
    s.accHas[r] = true;
  }
  s.dirty = false;
}

/** Merges the hot histogram into every reader's pending aggregate, then resets it. */
export function foldHistogram(s: HistogramSeries): void {
  const n = s.acc.length;
  const counts = s.counts;
  for (let r = 0; r < n; r++) {
    const a = s.acc[r]!;
    for (let i = 0; i < counts.length; i++) a.counts[i]! += counts[i]!;
    a.count += s.count;
    a.sum += s.sum;
    if (s.min < a.min) a.min = s.min;
    if (s.max > a.max) a.max = s.max;
    a.has = true;
  }
  counts.fill(0);
  s.count = 0;
  s.sum = 0;
  s.min = Infinity;
  s.max = -Infinity;
  s.dirty = false;
}

/** Takes a reader's pending histogram for a delta export and leaves an empty one in its place. */
export function takeHistogramAcc(s: HistogramSeries, reader: number): HistogramAcc {
  const a = s.acc[reader]!;
  s.acc[reader] = emptyAcc(s.bounds.length + 1);
  return a;
}

/** True when nothing is pending for any reader (the series is idle). */
export function isIdle(s: NumberSeries | HistogramSeries): boolean {
  if (s.dirty) return false;
  if (s instanceof NumberSeries) {
    for (const h of s.accHas) if (h) return false;
    return true;
  }
  for (const a of s.acc) if (a.has) return false;
  return true;
}
