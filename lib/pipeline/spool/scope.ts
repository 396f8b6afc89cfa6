// One provider's exit scope: the OTLP exporters and pipelines built for it, and where what they
// could not deliver goes instead of being dropped. With a spool: request bodies a budget could not
// deliver (retries exhausted, cut by shutdown, still queued when the budget ran out, or pending
// at process 'exit') are written to it. While a hand-off captures, every body the pipelines send
// is collected for the sender process instead of being sent here.
//
// The scope reaches exporters and pipelines without new constructor parameters: OtelProvider
// builds them inside `withSpoolScope(scope, build)`, and createOtlpExporter / createBatchPipeline
// attach to `currentSpoolScope()` (construction is synchronous, so the ambient scope is exact).
import type { Exporter, PreparedBatch, Signal } from '../../contracts.ts';
import type { OtlpDestinationLike } from './dest.ts';
import { contentTypeOf } from './dest.ts';
import type { Spool, SpoolStats } from './spool.ts';
import type { ReplayTarget } from './replay.ts';
import { isEncodedBatch, type EncodedPart } from '../export/encoded-batch.ts';
import { ScopedExporter, type KeepingScope } from './scoped-exporter.ts';

/** A body collected by a hand-off capture. */
export interface CapturedBody {
  readonly signal: Signal;
  readonly body: Uint8Array;
  readonly items: number;
}

/** What a pipeline lends its scope: everything it still holds, taken synchronously. */
export interface PendingSource {
  readonly signal: Signal;
  /** Closes the pipeline and takes everything queued, prepared (encoded). */
  takePending(): PreparedBatch[];
}

/** Counters of the scope, per signal (OTLP items). */
export interface ExitScopeStats {
  readonly spool: SpoolStats | undefined;
  /** Items written to the spool, per signal. */
  readonly spooled: Readonly<Record<Signal, number>>;
  /** Items given to a hand-off sender, per signal. */
  readonly handedOff: Readonly<Record<Signal, number>>;
  /** Items a hand-off collected but could not pass on (its entry could not be written): dropped. */
  readonly handoffLost: Readonly<Record<Signal, number>>;
}


/** A destination this scope exports to: its exporter (unwrapped) and how entries name it. */
export interface ScopeDestination {
  readonly signal: Signal;
  readonly dest: OtlpDestinationLike;
  readonly contentType: string;
  readonly inner: Exporter<unknown>;
  /** A second exporter to the same destination, for replay and hand-off fallbacks. */
  readonly fresh: () => Exporter<unknown>;
}

/** See the top of the file. */
export class SpoolScope implements KeepingScope {
  readonly spool: Spool | undefined;
  readonly destinations = new Map<Signal, ScopeDestination>();
  readonly #sources = new Set<PendingSource>();
  readonly #exitCollectors: (() => void)[] = [];
  readonly #inFlight = new Map<AbortController, { signal: Signal; part: EncodedPart }>();
  readonly #spooled: Record<Signal, number> = { traces: 0, logs: 0, metrics: 0 };
  readonly #handedOff: Record<Signal, number> = { traces: 0, logs: 0, metrics: 0 };
  readonly #handoffLost: Record<Signal, number> = { traces: 0, logs: 0, metrics: 0 };
  #capture: { bodies: CapturedBody[]; bytes: number; maxBytes: number } | undefined;

  constructor(spool: Spool | undefined) {
    this.spool = spool;
  }

  /** Wraps an OTLP exporter so what it cannot deliver is spooled or captured. */
  wrap<T>(exporter: Exporter<T>, dest: OtlpDestinationLike, fresh: () => Exporter<T>): Exporter<T> {
    if (exporter.prepare === undefined || exporter.exportPrepared === undefined) return exporter;
    this.destinations.set(dest.signal, {
      signal: dest.signal, dest, contentType: contentTypeOf(dest), inner: exporter as Exporter<unknown>, fresh: fresh as () => Exporter<unknown>,
    });
    return new ScopedExporter<T>(exporter, dest.signal, this);
  }

  /** Where replay may send spooled entries: this scope's own destinations. */
  replayTargets(): ReplayTarget[] {
    return [...this.destinations.values()].map((d) => ({ signal: d.signal, url: d.dest.url, contentType: d.contentType, exporter: d.fresh }));
  }

  /** A pipeline registers what it holds (for the `exit` listener and for hand-off). */
  attach(source: PendingSource): void {
    this.#sources.add(source);
  }

  /** True when this scope can keep something (a spool, or an active capture). */
  get keeps(): boolean {
    return this.spool !== undefined || this.#capture !== undefined;
  }

  /**
   * Keeps a body the pipeline could not send: captured during a hand-off (up to its byte cap),
   * else written to the spool. False when neither took it (the caller counts the drop).
   */
  keep(signal: Signal, part: EncodedPart): boolean {
    const c = this.#capture;
    if (c !== undefined && c.bytes + part.body.byteLength <= c.maxBytes) {
      c.bodies.push({ signal, body: part.body, items: part.items });
      c.bytes += part.body.byteLength;
      this.#handedOff[signal] += part.items;
      return true;
    }
    return this.spoolPart(signal, part);
  }

  /** Writes a body to the spool (synchronously). False when there is no spool or the write failed. */
  spoolPart(signal: Signal, part: Pick<EncodedPart, 'body' | 'items'>): boolean {
    const d = this.destinations.get(signal);
    if (this.spool === undefined || d === undefined) return false;
    const name = this.spool.write({ signal, url: d.dest.url, contentType: d.contentType, items: part.items }, part.body);
    if (name === undefined) return false;
    this.#spooled[signal] += part.items;
    return true;
  }

  /** Runs `collect` (synchronous: e.g. a final metrics collection into its queue) before the exit listener takes what is pending. */
  addExitCollector(collect: () => void): void {
    this.#exitCollectors.push(collect);
  }

  /** Keeps every part of prepared batches; returns the OTLP items kept. */
  keepPrepared(signal: Signal, batches: readonly PreparedBatch[]): number {
    let kept = 0;
    for (const b of batches) {
      if (!isEncodedBatch(b)) continue;
      for (const part of b.parts) if (this.keep(signal, part)) kept += part.items;
    }
    return kept;
  }

  /**
   * Takes everything every attached pipeline still holds and spools it, synchronously (the
   * process `exit` listener). Returns the OTLP items written.
   */
  spoolPendingSync(): number {
    if (this.spool === undefined) return 0;
    for (const collect of this.#exitCollectors) {
      try {
        collect();
      } catch {
        // never throw out of an exit listener
      }
    }
    let n = 0;
    for (const s of this.#sources) {
      try {
        n += this.keepPrepared(s.signal, s.takePending());
      } catch {
        // never throw out of an exit listener
      }
    }
    // Bodies on the wire now may or may not arrive: kept too (at-least-once, a duplicate is possible).
    for (const { signal, part } of this.#inFlight.values()) if (this.spoolPart(signal, part)) n += part.items;
    this.#inFlight.clear();
    return n;
  }

  /** Starts a hand-off capture: every body sent from now on is collected; sends in flight are cut and collected. */
  startCapture(maxBytes: number): void {
    this.#capture = { bodies: [], bytes: 0, maxBytes };
    for (const c of this.#inFlight.keys()) c.abort();
  }

  /** Ends the capture and returns what it collected. */
  endCapture(): CapturedBody[] {
    const c = this.#capture;
    this.#capture = undefined;
    return c?.bodies ?? [];
  }

  /** A captured body could not be passed to the sender: counted as lost, not handed off. */
  lostAtHandoff(signal: Signal, items: number): void {
    this.#handedOff[signal] -= items;
    this.#handoffLost[signal] += items;
  }

  /** @internal: a capture is running. */
  get capturing(): boolean {
    return this.#capture !== undefined;
  }

  /** @internal */
  trackSend(c: AbortController, signal: Signal, part: EncodedPart): void {
    this.#inFlight.set(c, { signal, part });
  }

  /** @internal */
  untrackSend(c: AbortController): void {
    this.#inFlight.delete(c);
  }

  stats(): ExitScopeStats {
    return Object.freeze({
      spool: this.spool?.stats(),
      spooled: Object.freeze({ ...this.#spooled }),
      handedOff: Object.freeze({ ...this.#handedOff }),
      handoffLost: Object.freeze({ ...this.#handoffLost }),
    });
  }
}
