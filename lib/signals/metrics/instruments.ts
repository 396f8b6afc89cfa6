// Synchronous instruments (counter, gauge, histogram): the series of one metric, keyed by their
// canonical attribute set, the cardinality limit with its overflow series, and the lookup cache
// that maps per-call tags (in call order) to a series without allocating.
//
// The cache is a trie walked key, value, key, value… in the caller's order. A path exists only
// after its tags passed validation, so a hit is also a validation pass (as in codex-otel, every call
// is validated) for a couple of Map lookups. Misses take the slow path: validate, merge with the
// default tags, sort, find or create the series, remember the path.
import type { EpochTime } from '../../platform/clock.ts';
import { nowInto } from '../../platform/clock.ts';
import { HistogramSeries, NumberSeries, OVERFLOW_KEY, tagsKey, type SortedTags } from './series.ts';
import { validateTags, type MetricTags } from './validation.ts';

/** Instrument kinds with series. */
export type SyncKind = 'counter' | 'gauge' | 'histogram';

/** A trie node: the series for the path so far, and children by key then value. */
class TrieNode<S> {
  series: S | undefined = undefined;
  /** The first key seen at this depth and its value map (the common case: one key order). */
  k0: string | undefined = undefined;
  v0: Map<unknown, TrieNode<S>> | undefined = undefined;
  /** Other keys at this depth. */
  more: Map<string, Map<unknown, TrieNode<S>>> | undefined = undefined;

  valuesFor(key: string, create: boolean): Map<unknown, TrieNode<S>> | undefined {
    if (this.k0 === key) return this.v0;
    let m = this.more?.get(key);
    if (m === undefined && create) {
      m = new Map();
      if (this.k0 === undefined) {
        this.k0 = key;
        this.v0 = m;
      } else {
        (this.more ??= new Map()).set(key, m);
      }
    }
    return m;
  }
}

const scratch: EpochTime = { sec: 0, ns: 0 };

/** Shared construction settings of the instruments of one meter. */
export interface InstrumentContext {
  /** Validated default tags, sorted by key. */
  readonly defaults: SortedTags;
  /** Readers collecting from this meter (one pending aggregate per reader per series). */
  readonly readers: number;
  /** Max series per metric, the overflow series included. */
  readonly cardinalityLimit: number;
}

/** A synchronous instrument and its series. */
export class SyncInstrument<S extends NumberSeries | HistogramSeries> {
  readonly kind: SyncKind;
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  /** Histogram boundaries (empty for sums and gauges). */
  readonly bounds: readonly number[];
  /** True when the metric is on the deny-list: validated and aggregated, never exported. */
  readonly denied: boolean;
  readonly series = new Map<string, S>();
  overflow: S | undefined = undefined;
  /** Instrument creation time: the first delta start. */
  readonly createdSec: number;
  readonly createdNs: number;
  /** Per reader: start of the current delta interval. */
  readonly deltaStartSec: number[];
  readonly deltaStartNs: number[];
  #root = new TrieNode<S>();
  #leaves = 0;
  readonly #ctx: InstrumentContext;

  constructor(kind: SyncKind, name: string, description: string, unit: string, bounds: readonly number[], denied: boolean, ctx: InstrumentContext) {
    this.kind = kind;
    this.name = name;
    this.description = description;
    this.unit = unit;
    this.bounds = bounds;
    this.denied = denied;
    this.#ctx = ctx;
    nowInto(scratch);
    this.createdSec = scratch.sec;
    this.createdNs = scratch.ns;
    this.deltaStartSec = new Array<number>(ctx.readers).fill(scratch.sec);
    this.deltaStartNs = new Array<number>(ctx.readers).fill(scratch.ns);
  }

  /**
   * Hot path: the series for per-call tags; no allocation once the path is cached.
   * @throws MetricsError when a tag is invalid (the slow path validates).
   */
  lookup(tags: MetricTags | undefined): S {
    // Hot path: walks the cached trie with Map lookups only; no allocation, no closures.
    let node: TrieNode<S> | undefined = this.#root;
    if (tags !== undefined) {
      if (Array.isArray(tags)) {
        const pairs = tags as readonly (readonly [string, string])[];
        for (let i = 0; i < pairs.length; i++) {
          const p = pairs[i]!;
          const vm: Map<unknown, TrieNode<S>> | undefined = node.k0 === p[0] ? node.v0 : node.more?.get(p[0]);
          node = vm?.get(p[1]);
          if (node === undefined) return this.#resolve(tags);
        }
      } else {
        const obj = tags as Readonly<Record<string, string>>;
        for (const k in obj) {
          const vm: Map<unknown, TrieNode<S>> | undefined = node.k0 === k ? node.v0 : node.more?.get(k);
          node = vm?.get(obj[k]);
          if (node === undefined) return this.#resolve(tags);
        }
      }
    }
    const s = node.series;
    if (s === undefined || s.evicted) return this.#resolve(tags);
    return s;
  }

  /** Slow path: validate, merge with defaults, find or create the series, cache the path. */
  #resolve(tags: MetricTags | undefined): S {
    validateTags(tags);
    const merged = mergeTags(this.#ctx.defaults, tags);
    const key = tagsKey(merged);
    let s = this.series.get(key);
    if (s === undefined) {
      if (this.series.size >= this.#ctx.cardinalityLimit - 1) return this.#overflowSeries();
      s = this.#newSeries(key, merged);
      this.series.set(key, s);
    }
    this.#remember(tags, s);
    return s;
  }

  #overflowSeries(): S {
    let s = this.overflow;
    if (s === undefined || s.evicted) {
      s = this.#newSeries(OVERFLOW_KEY, undefined);
      this.overflow = s;
    }
    return s;
  }

  #newSeries(key: string, tags: SortedTags | undefined): S {
    nowInto(scratch);
    const s =
      this.kind === 'histogram'
        ? new HistogramSeries(key, tags, scratch.sec, scratch.ns, this.#ctx.readers, this.bounds)
        : new NumberSeries(key, tags, scratch.sec, scratch.ns, this.#ctx.readers);
    return s as S;
  }

  /** Caches the call-order path of `tags` to `s`; the trie is reset when it grows past 4× the limit. */
  #remember(tags: MetricTags | undefined, s: S): void {
    if (this.#leaves >= this.#ctx.cardinalityLimit * 4) {
      this.#root = new TrieNode<S>();
      this.#leaves = 0;
    }
    let node = this.#root;
    const step = (k: string, v: unknown): void => {
      const vm = node.valuesFor(k, true)!;
      let next = vm.get(v);
      if (next === undefined) {
        next = new TrieNode<S>();
        vm.set(v, next);
      }
      node = next;
    };
    if (tags !== undefined) {
      if (Array.isArray(tags)) for (const p of tags as readonly (readonly [string, string])[]) step(p[0], p[1]);
      else for (const k in tags as Readonly<Record<string, string>>) step(k, (tags as Record<string, string>)[k]);
    }
    if (node.series === undefined) this.#leaves++;
    node.series = s;
  }

  /** Drops an idle series (collection calls this in delta-only meters). */
  evict(s: S): void {
    s.evicted = true;
    if (s === this.overflow) this.overflow = undefined;
    else this.series.delete(s.key);
  }
}

/**
 * Default tags overridden by per-call tags (last duplicate wins), sorted by key. Tags must be
 * validated already.
 */
export function mergeTags(defaults: SortedTags, tags: MetricTags | undefined): SortedTags {
  if (tags === undefined || tags === null) return defaults;
  const m = new Map<string, string>(defaults as [string, string][]);
  if (Array.isArray(tags)) for (const [k, v] of tags as readonly (readonly [string, string])[]) m.set(k, v);
  else for (const k in tags as Readonly<Record<string, string>>) m.set(k, (tags as Record<string, string>)[k]!);
  return sortTags(m);
}

/** Sorted `[key, value]` pairs of a map (by UTF-16 code unit; tag chars are ASCII). */
export function sortTags(m: ReadonlyMap<string, string>): SortedTags {
  return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
