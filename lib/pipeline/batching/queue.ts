// The bounded record queue of one signal: a chunked FIFO of records (fifo.ts), a size trigger and
// a schedule timer that cut batches, eager encoding of full batches after the caller's turn, and a
// drain that exports batches one after another with at most `maxConcurrentExports` in flight;
// drain waiters (flush/shutdown) and their deadlines live in drain.ts. It knows nothing of HTTP or encodings: `prepare`
// and `exportBatch` are handed in.
//
//   offer() ──► fifo [ r r r r r r r ... ]        fifo + ready ≤ maxQueueSize, else refused
//                 │ offer() only pushes; a full fifo batch schedules a work step (setImmediate), so
//                 │ nothing is encoded on the caller's stack. The step (and every settled export)
//                 │ cuts full batches and, when the exporter can, encodes them (prepare), up to 4
//                 │ ready ahead
//                 ▼
//               ready [ P P P ... ]  (FIFO of prepared batches, oldest records first)
//                 │ dispatch: ready first; then a partial fifo batch when the timer fired or a
//                 ▼ drain (flush/shutdown) is pending
//            exportBatch(work, deadline) ──► settled ──► pump again
//            (≤ maxConcurrentExports in flight; default 1, so batches go out in order)
//
//   Memory: records held (raw or prepared) never exceed maxQueueSize; at most MAX_PREPARED_AHEAD
//   (4) encoded batches wait behind the exports in flight (each split under the exporter's request
//   size cap); a longer backlog stays as records and is encoded as exports settle.
//
//   seq numbers: enqueued ──► dispatched ──► settled. drain(deadline) waits until everything
//   enqueued at call time is dispatched and its batches settled, or until the deadline.
import { DrainWaiters } from './drain.ts';
import { ChunkedFifo } from './fifo.ts';
import { clampDelay } from '../timers.ts';
import type { PreparedBatch, QueueOptions } from '../../contracts.ts';

const SETTLED = Promise.resolve();

/** Encoded batches kept ready ahead of the export in flight: bounds the bytes a backlog holds. */
const MAX_PREPARED_AHEAD = 4;

/** What one dispatched export carries: raw records, or a batch the exporter prepared. */
export type QueuedBatch<T> = { readonly records: T[]; readonly prepared?: undefined } | { readonly records?: undefined; readonly prepared: PreparedBatch };

/** Receives batches; must settle (never reject) by `deadline` or soon after. */
export type DispatchBatch<T> = (work: QueuedBatch<T>, deadline: number) => Promise<void>;

/** Eager encoder of a full batch (the exporter's `prepare`); must not throw. */
export type PrepareBatch<T> = (records: T[]) => PreparedBatch;

/** What `discardAll` removed. */
export interface Discarded<T> {
  readonly records: T[];
  readonly prepared: PreparedBatch[];
}

/** The bounded record queue of one signal: batching and export scheduling. See the diagram at the top of the file. */
export class RecordQueue<T> {
  readonly #fifo: ChunkedFifo<T>;
  readonly #capacity: number;
  readonly #batchSize: number;
  readonly #delayMs: number;
  readonly #exportTimeoutMs: number;
  readonly #maxInFlight: number;
  readonly #exportBatch: DispatchBatch<T>;
  readonly #prepare: PrepareBatch<T> | undefined;
  readonly #workBound = (): void => this.#work();
  readonly #kickBound = (): void => this.#kick();
  readonly #onTimerBound = (): void => this.#onTimer();
  readonly #drainedBound = (target: number): boolean => this.#drained(target);
  #ready: (QueuedBatch<T> | undefined)[] = [];
  #readyHead = 0;
  #readyRecords = 0;
  #readyPrepared = 0; // prepared (encoded) batches waiting in #ready
  #inFlight: number[] = []; // start seq of each batch in flight
  #timer: NodeJS.Timeout | undefined;
  #timerDue = false;
  #workScheduled = false;
  #kickPending = false;
  #closed = false;
  #enqueued = 0;
  #dispatched = 0;
  #drainTarget = 0;
  readonly #waiters = new DrainWaiters();

  constructor(opts: QueueOptions, exportBatch: DispatchBatch<T>, prepare?: PrepareBatch<T>) {
    const cap = Math.max(1, Math.floor(opts.maxQueueSize));
    this.#capacity = cap;
    this.#fifo = new ChunkedFifo<T>(cap);
    this.#batchSize = Math.max(1, Math.min(Math.floor(opts.maxExportBatchSize), cap));
    this.#delayMs = Math.max(0, opts.scheduledDelayMs);
    this.#exportTimeoutMs = opts.exportTimeoutMs > 0 ? opts.exportTimeoutMs : Number.POSITIVE_INFINITY;
    this.#maxInFlight = Math.max(1, Math.floor(opts.maxConcurrentExports));
    this.#exportBatch = exportBatch;
    this.#prepare = prepare;
  }

  /** Records waiting now (raw or prepared). */
  get size(): number {
    return this.#fifo.size + this.#readyRecords;
  }

  /** Batches being exported now. */
  get inFlight(): number {
    return this.#inFlight.length;
  }

  /**
   * Hot path: queues one record. False when closed or full (the caller counts the drop).
   * No closures or promises per record: triggers reuse pre-bound functions.
   */
  offer(item: T): boolean {
    if (this.#closed || this.#fifo.size + this.#readyRecords >= this.#capacity) return false;
    this.#fifo.push(item);
    this.#enqueued++;
    // Even scheduling waits: a first setImmediate/setTimeout of a loop turn costs 5-30 µs (libuv
    // handle ref, async hooks), a then() on a settled promise well under 1 µs.
    if (!this.#kickPending && (this.#fifo.size >= this.#batchSize ? !this.#workScheduled : this.#timer === undefined)) {
      this.#kickPending = true;
      SETTLED.then(this.#kickBound);
    }
    return true;
  }

  /**
   * Exports everything queued now as sequential batches. Resolves true once all of it is
   * settled, false at `deadline` (epoch ms) if not. The deadline also caps each batch started
   * meanwhile. Never rejects.
   */
  drain(deadline: number): Promise<boolean> {
    const target = this.#enqueued;
    if (this.#drained(target)) return Promise.resolve(true);
    if (target > this.#drainTarget) this.#drainTarget = target;
    const done = this.#waiters.wait(target, deadline);
    // The export (and the encoding of raw records) starts after the caller's turn, not inside flush().
    this.#schedule();
    return done;
  }

  /** Refuses further offers. Queued records stay until drained or discarded. */
  close(): void {
    this.#closed = true;
  }

  /** Removes everything queued (e.g. when a shutdown budget ran out) and returns it. */
  discardAll(): Discarded<T> {
    const records: T[] = [];
    const prepared: PreparedBatch[] = [];
    for (let i = this.#readyHead; i < this.#ready.length; i++) {
      const w = this.#ready[i] as QueuedBatch<T>;
      if (w.prepared !== undefined) prepared.push(w.prepared);
      else for (const r of w.records) records.push(r);
    }
    const rest = this.#fifo.take(this.#fifo.size);
    for (const r of rest) records.push(r);
    this.#ready = [];
    this.#readyHead = 0;
    this.#dispatched += this.#readyRecords + rest.length;
    this.#readyRecords = 0;
    this.#readyPrepared = 0;
    this.#clearTimer();
    this.#checkWaiters();
    return { records, prepared };
  }

  // Right after the caller's synchronous code (a microtask): arm the schedule timer or a work step.
  #kick(): void {
    this.#kickPending = false;
    try {
      if (this.#fifo.size >= this.#batchSize) this.#schedule();
      else if (this.#timer === undefined && this.#fifo.size > 0) this.#armTimer();
    } catch {
      // never reject: this runs in a then() callback
    }
  }

  /** Runs one work step after the caller's turn (one pending step at most). */
  #schedule(): void {
    if (this.#workScheduled) return;
    this.#workScheduled = true;
    if (typeof setImmediate === 'function') setImmediate(this.#workBound);
    else setTimeout(this.#workBound, 0);
  }

  // One step: dispatch, then encode full batches up to MAX_PREPARED_AHEAD (the pump tops up
  // again as exports settle), so encoded bytes held stay bounded whatever the backlog.
  #work(): void {
    this.#workScheduled = false;
    this.#pump();
  }

  #topUp(): void {
    if (this.#prepare === undefined) return;
    while (this.#fifo.size >= this.#batchSize && this.#readyPrepared < MAX_PREPARED_AHEAD) this.#cutPrepared();
  }

  #cutPrepared(): void {
    const records = this.#fifo.take(this.#batchSize);
    let work: QueuedBatch<T>;
    try {
      work = { prepared: (this.#prepare as PrepareBatch<T>)(records) };
      this.#readyPrepared++;
    } catch {
      work = { records }; // never throws: export the raw records later instead
    }
    this.#ready.push(work);
    this.#readyRecords += records.length;
  }

  #drained(target: number): boolean {
    if (this.#dispatched < target) return false;
    for (const start of this.#inFlight) if (start < target) return false;
    return true;
  }

  #armTimer(): void {
    if (this.#closed && this.#waiters.size === 0) return;
    this.#timer = setTimeout(this.#onTimerBound, clampDelay(this.#delayMs));
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerDue = false;
  }

  #onTimer(): void {
    this.#timer = undefined;
    this.#timerDue = true;
    this.#pump();
  }

  #pump(): void {
    const fifo = this.#fifo;
    while (this.#inFlight.length < this.#maxInFlight) {
      const start = this.#dispatched;
      if (this.#readyHead < this.#ready.length) {
        const work = this.#ready[this.#readyHead] as QueuedBatch<T>;
        this.#ready[this.#readyHead++] = undefined;
        if (this.#readyHead === this.#ready.length) {
          this.#ready = [];
          this.#readyHead = 0;
        }
        if (work.prepared !== undefined) this.#readyPrepared--;
        const n = work.prepared !== undefined ? work.prepared.records : work.records.length;
        this.#readyRecords -= n;
        this.#dispatched += n;
        this.#start(work, start);
        continue;
      }
      if (fifo.size === 0) break;
      if (this.#prepare !== undefined && fifo.size >= this.#batchSize) {
        this.#cutPrepared(); // pump never runs on the caller's stack (see #schedule)
        continue;
      }
      const draining = this.#dispatched < this.#drainTarget;
      if (!(fifo.size >= this.#batchSize || this.#timerDue || draining)) break;
      this.#timerDue = false;
      const records = fifo.take(this.#batchSize);
      this.#dispatched += records.length;
      this.#start({ records }, start);
    }
    this.#topUp();
    if (this.size === 0) this.#clearTimer();
    else if (this.#timer === undefined && !this.#timerDue) this.#armTimer();
    this.#checkWaiters();
  }

  #start(work: QueuedBatch<T>, start: number): void {
    this.#inFlight.push(start);
    const deadline = Math.min(Date.now() + this.#exportTimeoutMs, this.#waiters.earliestDeadline());
    let p: Promise<void>;
    try {
      p = this.#exportBatch(work, deadline);
    } catch {
      p = Promise.resolve();
    }
    p.then(
      () => this.#settled(start),
      () => this.#settled(start),
    );
  }

  #settled(start: number): void {
    const i = this.#inFlight.indexOf(start);
    if (i >= 0) this.#inFlight.splice(i, 1);
    this.#pump();
  }

  #checkWaiters(): void {
    this.#waiters.settleReached(this.#drainedBound);
  }
}
