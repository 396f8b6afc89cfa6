// The callers waiting for a queue to drain (flush, shutdown): each waits until everything enqueued
// when it asked has been exported, or until its deadline. The queue says when a target is reached;
// this module keeps the waiters, their deadline timers, and the earliest deadline still ahead.
import { clampDelay } from '../timers.ts';

interface DrainWaiter {
  readonly target: number;
  readonly deadline: number;
  readonly resolve: (done: boolean) => void;
  timer: NodeJS.Timeout | undefined;
}

/** The pending drain() calls of one queue. */
export class DrainWaiters {
  #waiters: DrainWaiter[] = [];

  get size(): number {
    return this.#waiters.length;
  }

  /**
   * Resolves true once `settle` finds `target` reached, false at `deadline` (epoch ms). The
   * deadline timer is ref'ed on purpose: an awaited drain keeps the process alive until it settles.
   */
  wait(target: number, deadline: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: DrainWaiter = { target, deadline, resolve, timer: undefined };
      const ms = deadline - Date.now();
      if (Number.isFinite(ms)) waiter.timer = setTimeout(() => this.#settle(waiter, false), clampDelay(ms));
      this.#waiters.push(waiter);
    });
  }

  /**
   * The earliest deadline still ahead. A waiter whose deadline has passed is about to settle as
   * timed out (its timer may fire late on a busy loop); it must not hand a batch started now a
   * deadline that is already over.
   */
  earliestDeadline(): number {
    const now = Date.now();
    let d = Number.POSITIVE_INFINITY;
    for (const w of this.#waiters) if (w.deadline > now && w.deadline < d) d = w.deadline;
    return d;
  }

  /** Resolves (true) every waiter whose target `reached` says is done. */
  settleReached(reached: (target: number) => boolean): void {
    if (this.#waiters.length === 0) return;
    for (const w of this.#waiters.slice()) if (reached(w.target)) this.#settle(w, true);
  }

  #settle(w: DrainWaiter, done: boolean): void {
    const i = this.#waiters.indexOf(w);
    if (i < 0) return;
    this.#waiters.splice(i, 1);
    if (w.timer !== undefined) clearTimeout(w.timer);
    w.resolve(done);
  }
}
