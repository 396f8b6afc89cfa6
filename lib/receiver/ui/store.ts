// The live viewer's memory: the most recent traces (whole traces, evicted oldest-activity first),
// log records and metric points, each capped by count, with every eviction counted. `ingest`
// returns what a request added, which the viewer pushes to open pages; the page applies the same
// caps, so both sides stay bounded and agree.
import { ConfigError } from '../../errors.ts';
import type { ExportLogsServiceRequest, ExportMetricsServiceRequest, ExportTraceServiceRequest } from '../../../proto-json/types.ts';
import type { Signal } from '../../contracts.ts';
import { logsOf, pointsOf, ResourceCache, spansOf, type ViewLog, type ViewMetric, type ViewPoint, type ViewResource, type ViewSpan } from './view.ts';

/** How much the live viewer keeps (the oldest goes first). */
export interface ViewerLimits {
  /** Traces kept; the trace with the oldest activity is evicted whole. @default 200 */
  readonly maxTraces?: number;
  /** Spans kept over all traces (whole traces are evicted to fit); also the most one trace keeps. @default 20000 */
  readonly maxSpans?: number;
  /** Log records kept. @default 5000 */
  readonly maxLogs?: number;
  /** Metric data points kept over all metrics and series. @default 20000 */
  readonly maxPoints?: number;
}

export const DEFAULT_VIEWER_LIMITS: Required<ViewerLimits> = { maxTraces: 200, maxSpans: 20_000, maxLogs: 5000, maxPoints: 20_000 };

/** What was received and what was let go, for the page's status line. */
export interface ViewerCounts {
  /** Items received: spans, log records, metric points. */
  spans: number;
  logs: number;
  points: number;
  /** Traces evicted (oldest activity first) and the spans they held. */
  evictedTraces: number;
  evictedSpans: number;
  /** Spans not kept because their trace already held `maxSpans`. */
  droppedSpans: number;
  evictedLogs: number;
  evictedPoints: number;
}

/** Items added by one request (or everything kept, for a snapshot). */
export interface ViewBatch {
  readonly spans: readonly ViewSpan[];
  readonly logs: readonly ViewLog[];
  readonly points: readonly ViewPoint[];
}

/** Validates limits, filling defaults. @throws ConfigError naming the bad limit. */
export function resolveLimits(limits: ViewerLimits = {}): Required<ViewerLimits> {
  const out = { ...DEFAULT_VIEWER_LIMITS };
  for (const key of Object.keys(DEFAULT_VIEWER_LIMITS) as (keyof ViewerLimits)[]) {
    const v = limits[key];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError([{ path: `ui.${key}`, message: `expected an integer >= 1, got ${String(v)}` }]);
    out[key] = v;
  }
  return out;
}

/** A FIFO of at most `capacity` items; pushing onto a full one drops the oldest. */
export class BoundedRing<T> {
  readonly capacity: number;
  readonly #buf: (T | undefined)[] = [];
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.#size;
  }

  /** Appends `item`; returns true when the oldest item was dropped to make room. */
  push(item: T): boolean {
    if (this.#size < this.capacity) {
      const i = (this.#head + this.#size) % this.capacity;
      this.#buf[i] = item;
      this.#size++;
      return false;
    }
    this.#buf[this.#head] = item;
    this.#head = (this.#head + 1) % this.capacity;
    return true;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = this.#buf[(this.#head + i) % this.capacity] as T;
    return out;
  }
}

interface TraceEntry {
  readonly spans: Map<string, ViewSpan>;
}

/** The viewer's bounded store. */
export class ViewerStore {
  readonly limits: Required<ViewerLimits>;
  readonly counts: ViewerCounts = { spans: 0, logs: 0, points: 0, evictedTraces: 0, evictedSpans: 0, droppedSpans: 0, evictedLogs: 0, evictedPoints: 0 };
  /** Insertion order = least recent activity first. */
  readonly #traces = new Map<string, TraceEntry>();
  #spanCount = 0;
  readonly #logs: BoundedRing<ViewLog>;
  readonly #points: BoundedRing<ViewPoint>;
  readonly #resources = new ResourceCache();
  #logSeq = 0;

  /** @throws ConfigError for a limit that is not an integer >= 1. */
  constructor(limits: ViewerLimits = {}) {
    this.limits = resolveLimits(limits);
    this.#logs = new BoundedRing(this.limits.maxLogs);
    this.#points = new BoundedRing(this.limits.maxPoints);
  }

  /** Traces currently kept. */
  get traceCount(): number {
    return this.#traces.size;
  }

  /** Spans currently kept over all traces. */
  get spanCount(): number {
    return this.#spanCount;
  }

  /** Adds a decoded request; returns the items it added (spans over a trace's cap left out). */
  ingest(signal: Signal, request: unknown): ViewBatch {
    if (signal === 'traces') return { spans: this.#addSpans(spansOf(request as ExportTraceServiceRequest, this.#resources)), logs: [], points: [] };
    if (signal === 'logs') {
      const logs = logsOf(request as ExportLogsServiceRequest, this.#resources, this.#logSeq);
      this.#logSeq += logs.length;
      this.counts.logs += logs.length;
      for (const l of logs) if (this.#logs.push(l)) this.counts.evictedLogs++;
      return { spans: [], logs, points: [] };
    }
    const points = pointsOf(request as ExportMetricsServiceRequest, this.#resources);
    this.counts.points += points.length;
    for (const p of points) if (this.#points.push(p)) this.counts.evictedPoints++;
    return { spans: [], logs: [], points };
  }

  #addSpans(spans: ViewSpan[]): ViewSpan[] {
    const kept: ViewSpan[] = [];
    this.counts.spans += spans.length;
    for (const s of spans) {
      let entry = this.#traces.get(s.traceId);
      if (entry === undefined) entry = { spans: new Map() };
      else this.#traces.delete(s.traceId); // re-inserted below: most recent activity last
      this.#traces.set(s.traceId, entry);
      if (entry.spans.has(s.spanId)) {
        entry.spans.set(s.spanId, s); // the same span sent again (a retried export): replace it
      } else if (entry.spans.size >= this.limits.maxSpans) {
        this.counts.droppedSpans++;
        continue;
      } else {
        entry.spans.set(s.spanId, s);
        this.#spanCount++;
      }
      kept.push(s);
      this.#evict();
    }
    return kept;
  }

  /** Drops whole traces, least recent activity first, until both trace and span caps hold. */
  #evict(): void {
    while (this.#traces.size > this.limits.maxTraces || this.#spanCount > this.limits.maxSpans) {
      const first = this.#traces.entries().next();
      if (first.done === true) return;
      const [id, entry] = first.value;
      this.#traces.delete(id);
      this.#spanCount -= entry.spans.size;
      this.counts.evictedTraces++;
      this.counts.evictedSpans += entry.spans.size;
    }
  }

  /** Trace ids kept, least recent activity first. */
  traceIds(): string[] {
    return [...this.#traces.keys()];
  }

  /** Everything kept, oldest first (spans grouped by trace, least recent trace first). */
  snapshot(): ViewBatch {
    const spans: ViewSpan[] = [];
    for (const entry of this.#traces.values()) for (const s of entry.spans.values()) spans.push(s);
    return { spans, logs: this.#logs.toArray(), points: this.#points.toArray() };
  }
}

/**
 * A batch as the page receives it (JSON text): resources and metric descriptions are sent once
 * in tables and referenced by index, `counts` and (for snapshots) `limits` ride along.
 */
export function encodeBatch(batch: ViewBatch, counts: ViewerCounts, limits?: Required<ViewerLimits>): string {
  const resources: ViewResource[] = [];
  const res = indexer(resources, (r: ViewResource) => r);
  const metrics: unknown[] = [];
  const met = indexer(metrics, (m: ViewMetric) => ({ ...m, resource: res(m.resource) }));
  const body = {
    ...(limits !== undefined ? { limits } : {}),
    counts,
    spans: batch.spans.map((s) => ({ ...s, resource: res(s.resource) })),
    logs: batch.logs.map((l) => ({ ...l, resource: res(l.resource) })),
    points: batch.points.map((p) => ({ ...p, metric: met(p.metric) })),
    metrics,
    resources,
  };
  return JSON.stringify(body);
}

/** A function giving each distinct value its index in `table`, appending `entry(value)` on first sight. */
function indexer<T>(table: unknown[], entry: (value: T) => unknown): (value: T) => number {
  const index = new Map<T, number>();
  return (value) => {
    let i = index.get(value);
    if (i === undefined) {
      i = table.length;
      table.push(entry(value));
      index.set(value, i);
    }
    return i;
  };
}

/**
 * One Server-Sent Events message. `data` may hold line breaks: each line becomes its own
 * `data:` field (the browser joins them with '\n'), so no received text can end the message
 * early or forge another event; the event name keeps only [A-Za-z0-9_-].
 */
export function sseFrame(event: string, data: string): string {
  const name = event.replace(/[^A-Za-z0-9_-]/g, '');
  return `event: ${name}\n${data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`).join('')}\n`;
}
