// The exporter a provider with a spool or hand-off gets instead of its OTLP exporter: each request
// body of a batch is sent on its own, and one given up on for lack of time is handed to the exit
// scope (scope.ts) to keep instead of being counted as dropped.
import type { DropReason } from '../../errors.ts';
import type { ExportResult, Exporter, PreparedBatch, Signal } from '../../contracts.ts';
import { isEncodedBatch, type EncodedBatch, type EncodedPart } from '../export/encoded-batch.ts';
import { ExportTally } from '../export/tally.ts';

/** What a {@link ScopedExporter} needs of its exit scope. */
export interface KeepingScope {
  /** True when undeliverable bodies are kept (a spool, or a hand-off capturing). */
  readonly keeps: boolean;
  /** True while a hand-off collects every body instead of sending it. */
  readonly capturing: boolean;
  /** Keeps one body (spool or hand-off); false when it could not. */
  keep(signal: Signal, part: EncodedPart): boolean;
  /** Registers a send in flight, so a shutdown out of time can keep its body. */
  trackSend(c: AbortController, signal: Signal, part: EncodedPart): void;
  untrackSend(c: AbortController): void;
}

function singlePart(part: EncodedPart): EncodedBatch {
  return { records: part.records, items: part.items, parts: [part], drops: {}, error: undefined };
}

/**
 * An OTLP exporter whose undeliverable bodies go to its scope (spool or hand-off capture): each
 * request body is sent on its own, and one given up on for lack of time (retries exhausted, cut by
 * shutdown) is kept instead of counted as dropped. Bodies a server refused for good are still
 * dropped: replaying them would only be refused again.
 */
export class ScopedExporter<T> implements Exporter<T> {
  readonly #inner: Exporter<T>;
  readonly #signal: Signal;
  readonly #scope: KeepingScope;

  constructor(inner: Exporter<T>, signal: Signal, scope: KeepingScope) {
    this.#inner = inner;
    this.#signal = signal;
    this.#scope = scope;
  }

  export(items: readonly T[], deadline: number, signal: AbortSignal): Promise<ExportResult> {
    return this.exportPrepared(this.prepare(items), deadline, signal);
  }

  prepare(items: readonly T[]): PreparedBatch {
    return (this.#inner.prepare as (items: readonly T[]) => PreparedBatch)(items);
  }

  async exportPrepared(batch: PreparedBatch, deadline: number, signal: AbortSignal): Promise<ExportResult> {
    const inner = this.#inner.exportPrepared as (b: PreparedBatch, d: number, s: AbortSignal) => Promise<ExportResult>;
    if (!isEncodedBatch(batch) || !this.#scope.keeps) return inner.call(this.#inner, batch, deadline, signal);
    const sum = new ExportTally();
    for (const [k, v] of Object.entries(batch.drops) as [DropReason, number][]) sum.drop(k, v);
    if (batch.error !== undefined) sum.error = batch.error;
    for (const part of batch.parts) {
      if (this.#scope.capturing && this.#scope.keep(this.#signal, part)) continue;
      const c = new AbortController();
      const onAbort = (): void => c.abort();
      if (signal.aborted) c.abort();
      else signal.addEventListener('abort', onAbort, { once: true });
      this.#scope.trackSend(c, this.#signal, part);
      let r: ExportResult;
      try {
        r = await inner.call(this.#inner, singlePart(part), deadline, c.signal);
      } finally {
        this.#scope.untrackSend(c);
        signal.removeEventListener('abort', onAbort);
      }
      const undelivered = r.exported === 0 && r.dropped === part.items && (r.reason === 'retries_exhausted' || r.reason === 'shutdown');
      if (undelivered && this.#scope.keep(this.#signal, part)) {
        sum.add({ exported: 0, dropped: 0, requests: r.requests ?? 0, retries: r.retries ?? 0, bytesSent: r.bytesSent ?? 0 });
        continue;
      }
      sum.add(r);
    }
    // An error of a body that was kept (spooled or handed off), not dropped, is not this batch's.
    const r = sum.result();
    if (r.dropped > 0 || r.error === undefined) return r;
    const { error: _kept, ...rest } = r;
    return rest;
  }

  shutdown(): Promise<void> {
    return this.#inner.shutdown();
  }
}
