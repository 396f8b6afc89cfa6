// Node 20 and 22 (runtime.ts's `liftoffWindowHelps` decides): after undici compiles its llhttp
// WebAssembly parser, V8 tiers it up with TurboFan on a background thread, and the process cannot
// exit until that finishes: a CLI that exports and exits sits idle ~50 ms on Node 20 and ~30 ms on
// Node 22 (measured; Node 24 waits ~15 ms but a run-time flag change costs it more, and Bun has no
// V8). Compiling llhttp with Liftoff only avoids it. The flag is set for the window in which undici
// compiles llhttp (up to our first HTTP response) and then restored, so the host's own
// WebAssembly keeps full tiering. Skipped when the user set Liftoff/tier-up flags themselves.
import { createRequire } from 'node:module';
import { liftoffWindowHelps } from './runtime.ts';

// The flag is on only while an undici request is in flight and no response has arrived yet in
// this process (undici compiles llhttp on its first connection): a dead collector does not keep
// it on between retries, and it is off for good after the first response.
let done = false;
let decided = false;
let inFlight = 0;
let flagOn = false;

function applies(): boolean {
  if (!liftoffWindowHelps) return false;
  const flags = `${process.execArgv.join(' ')} ${process.env['NODE_OPTIONS'] ?? ''}`;
  return !/liftoff|wasm-tier|wasm-dynamic-tiering/.test(flags);
}

function setFlag(on: boolean): void {
  flagOn = on;
  try {
    (createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).setFlagsFromString(on ? '--liftoff-only' : '--no-liftoff-only');
  } catch {
    // not fatal: only exit latency is at stake
  }
}

/** Call before an undici request: opens the Liftoff-only window until llhttp is compiled. */
export function openLiftoffWindow(): void {
  if (done) return;
  if (!decided) {
    decided = true;
    if (!applies()) {
      done = true;
      return;
    }
  }
  inFlight++;
  if (!flagOn) setFlag(true);
}

/**
 * Call when that request settles. `responded`: a response arrived, so undici has compiled llhttp
 * and the window closes for good; otherwise it closes once no request is in flight.
 */
export function settleLiftoffWindow(responded: boolean): void {
  if (done || inFlight === 0) return;
  inFlight--;
  if (responded) done = true;
  if (flagOn && (done || inFlight === 0)) setFlag(false);
}

/** The window's state, for specs: whether the flag is on, requests in flight, closed for good. */
export function liftoffWindowState(): { readonly flagOn: boolean; readonly inFlight: number; readonly done: boolean } {
  return { flagOn, inFlight, done };
}
