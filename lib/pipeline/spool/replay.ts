// Replay of spooled entries: the entries for this process's own destinations (same signal,
// endpoint URL and content type) are claimed one at a time by atomic rename, sent through an
// exporter of their own (so closing the live pipelines never cuts a replay), deleted once
// delivered and released for a later run when time ran out. Entries for other destinations stay
// for their owner until they expire. Throttled (one entry at a time, a pause between entries),
// timers unref'ed; never throws.
import type { Exporter, PreparedBatch, Signal } from '../../contracts.ts';
import { holdProcessOpen, sleep } from '../timers.ts';
import { builtin } from '../../platform/builtin.ts';
import { decodeEntry } from './entry.ts';
import type { ClaimedEntry, Spool } from './spool.ts';

/** A destination entries may be replayed to. */
export interface ReplayTarget {
  readonly signal: Signal;
  readonly url: string;
  readonly contentType: string;
  /** Builds the exporter replay sends through (called at most once, when an entry matches). */
  readonly exporter: () => Exporter<unknown>;
}

/** Pause between two replayed entries, ms (throttle). */
const REPLAY_PAUSE_MS = 5;

/** One replay pass over a spool. `run` resolves when done or stopped; never rejects. */
export class Replayer {
  readonly #spool: Spool;
  readonly #targets: readonly ReplayTarget[];
  readonly #exporters = new Map<ReplayTarget, Exporter<unknown>>();
  readonly #abort = new AbortController();
  #deadline = Number.POSITIVE_INFINITY;
  #running: Promise<void> | undefined;

  constructor(spool: Spool, targets: readonly ReplayTarget[]) {
    this.#spool = spool;
    this.#targets = targets;
  }

  /** Starts the pass (once). `exportTimeoutMs` bounds each entry. */
  start(exportTimeoutMs = 10_000): Promise<void> {
    this.#running ??= this.#run(exportTimeoutMs).catch(() => undefined);
    return this.#running;
  }

  /**
   * Lets the pass go on until `deadline` (epoch ms), then cuts it: the entry being sent is
   * released for a later run. Resolves once the pass and its exporters are closed.
   */
  async finish(deadline: number): Promise<void> {
    // An awaited finish (shutdown, the sender) holds the process until it settles (bounded).
    const release = holdProcessOpen();
    try {
      this.#deadline = Math.min(this.#deadline, deadline);
      const running = this.start();
      const left = deadline - Date.now();
      if (left > 0) await Promise.race([running, sleep(left)]);
      this.#abort.abort();
      await running;
      await Promise.all([...this.#exporters.values()].map((e) => e.shutdown().catch(() => undefined)));
    } finally {
      release();
    }
  }

  /** Stops at once: the entry being sent goes back to the spool. */
  stop(): Promise<void> {
    return this.finish(Date.now());
  }

  #target(e: ClaimedEntry): ReplayTarget | undefined {
    for (const t of this.#targets) if (t.signal === e.meta.signal && t.url === e.meta.url && t.contentType === e.meta.contentType) return t;
    return undefined;
  }

  async #run(exportTimeoutMs: number): Promise<void> {
    const names = this.#spool.scan();
    for (const name of names) {
      if (this.#abort.signal.aborted || Date.now() >= this.#deadline) return;
      const entry = this.#peekAndClaim(name);
      if (entry === undefined) continue;
      const target = this.#target(entry);
      if (target === undefined) {
        this.#spool.release(entry); // another process's destination: it stays for its owner
        continue;
      }
      let exporter = this.#exporters.get(target);
      if (exporter === undefined) {
        try {
          exporter = target.exporter();
        } catch {
          this.#spool.release(entry);
          continue;
        }
        this.#exporters.set(target, exporter);
      }
      const part = { body: entry.body, items: entry.meta.items, records: 1 };
      const batch = { records: 1, items: part.items, parts: [part], drops: {}, error: undefined } as PreparedBatch;
      const deadline = Math.min(Date.now() + exportTimeoutMs, this.#deadline);
      let done = false;
      try {
        const r = exporter.exportPrepared === undefined ? undefined : await exporter.exportPrepared(batch, deadline, this.#abort.signal);
        // Delivered, or refused for good (replaying it again would only be refused again).
        done = r !== undefined && !(r.exported === 0 && (r.reason === 'retries_exhausted' || r.reason === 'shutdown'));
      } catch {
        done = false;
      }
      if (done) this.#spool.complete(entry);
      else {
        this.#spool.release(entry);
        return; // the destination is not answering: leave the rest for a later run
      }
      if (!(await sleep(REPLAY_PAUSE_MS, this.#abort.signal))) return;
    }
  }

  // Reads the entry first (no claim) so entries of other destinations are never touched; hostile
  // ones are claimed so that the spool counts and removes them.
  #peekAndClaim(name: string): ClaimedEntry | undefined {
    let data: Uint8Array;
    try {
      data = builtin('node:fs').readFileSync(builtin('node:path').join(this.#spool.dir, name));
    } catch {
      return undefined;
    }
    const d = decodeEntry(data);
    if (d !== 'corrupt' && d !== 'newer') {
      const e = { meta: d.meta } as ClaimedEntry;
      if (this.#target(e) === undefined) return undefined;
    }
    return this.#spool.claim(name);
  }
}
