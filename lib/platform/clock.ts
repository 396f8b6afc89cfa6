// Wall-clock time as exact (seconds, nanoseconds) pairs for the record model in
// proto-json/model.ts. The current time is anchored once to Date.now() and advanced with the
// monotonic performance.now(), so spans never run backwards when the wall clock jumps.

/** Epoch time as whole seconds plus nanoseconds within the second. */
export interface EpochTime {
  sec: number;
  ns: number;
}

/** A time a user may pass: epoch ms (number, like Date.now()), a Date, epoch ns (bigint), or an [sec, ns] pair. */
export type TimeInput = number | Date | bigint | readonly [number, number];

const anchorMs = Date.now() - performance.now();

/**
 * Hot path: writes the current time into `out` and returns it; allocates nothing.
 * Precision is that of performance.now() (about a microsecond).
 */
export function nowInto(out: EpochTime): EpochTime {
  msInto(anchorMs + performance.now(), out);
  return out;
}

/** Hot path: finite epoch milliseconds into `out` (fractions kept to the nanosecond). */
function msInto(ms: number, out: EpochTime): void {
  const sec = Math.floor(ms / 1000);
  let ns = Math.round((ms - sec * 1000) * 1e6);
  let s = sec;
  if (ns >= 1e9) {
    ns -= 1e9;
    s += 1;
  }
  out.sec = s;
  out.ns = ns;
}

/** The current time as a new pair. */
export function now(): EpochTime {
  return nowInto({ sec: 0, ns: 0 });
}

/**
 * Converts a user time into `out`. A bigint is taken as epoch nanoseconds and kept exact; a
 * number as epoch milliseconds (fractions kept to the nanosecond); returns false (leaving `out`
 * untouched) for NaN, infinities, or a value that is not a time.
 */
export function timeInputInto(input: TimeInput, out: EpochTime): boolean {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return false;
    msInto(input, out);
    return true;
  }
  if (typeof input === 'bigint') {
    let sec = input / 1_000_000_000n;
    let ns = input % 1_000_000_000n;
    if (ns < 0n) {
      ns += 1_000_000_000n;
      sec -= 1n;
    }
    out.sec = Number(sec);
    out.ns = Number(ns);
    return true;
  }
  if (input instanceof Date) return timeInputInto(input.getTime(), out);
  if (Array.isArray(input) && input.length === 2) {
    const [sec, ns] = input as readonly [number, number];
    if (!Number.isInteger(sec) || !Number.isInteger(ns) || ns < 0) return false;
    out.sec = sec + Math.floor(ns / 1e9);
    out.ns = ns % 1e9;
    return true;
  }
  return false;
}

/** Milliseconds from `a` to `b` (may be fractional or negative). */
export function diffMs(aSec: number, aNs: number, bSec: number, bNs: number): number {
  return (bSec - aSec) * 1000 + (bNs - aNs) / 1e6;
}
