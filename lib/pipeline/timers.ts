// Timer helpers for the pipeline: an abortable, unref'ed delay (so shutdown can cancel a pending
// backoff and idle timers never keep the process alive), and a hold that keeps the process alive
// while an awaited flush()/shutdown() is pending (else a top-level await exits with code 13).

/** Largest delay setTimeout accepts (longer ones fire at once, with a warning on stderr). */
export const MAX_TIMER_MS = 2_147_483_647;

/** `ms` clamped to what setTimeout accepts: 0 … 2^31-1 (NaN → 0). */
export function clampDelay(ms: number): number {
  return ms > 0 ? Math.min(ms, MAX_TIMER_MS) : 0;
}

/**
 * Waits `ms` on an unref'ed timer. Resolves true when the time elapsed, false when `signal`
 * aborted first. Never rejects.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, clampDelay(ms));
    timer.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

let holds = 0;
let holdTimer: NodeJS.Timeout | undefined;
function noop(): void {}

/**
 * Keeps the event loop alive (one ref'ed timer shared by all holders) until the returned
 * release function is called. Release is idempotent.
 */
export function holdProcessOpen(): () => void {
  holds++;
  if (holdTimer === undefined) holdTimer = setInterval(noop, MAX_TIMER_MS);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds--;
    if (holds === 0 && holdTimer !== undefined) {
      clearInterval(holdTimer);
      holdTimer = undefined;
    }
  };
}

/**
 * `p`'s value, or undefined when it rejects or `ms` pass first. Never rejects. The timer is ref'ed
 * on purpose: an awaited shutdown keeps the process alive until it settles (bounded by `ms`).
 */
export function settleWithin<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(undefined), clampDelay(ms));
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(undefined);
      },
    );
  });
}
