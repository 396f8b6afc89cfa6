// Node 20 and 22 (runtime.ts's `liftoffWindowHelps` decides): after undici compiles its llhttp
// WebAssembly parser, V8 tiers it up with TurboFan on a background thread, and the process cannot
// exit until that finishes: a CLI that exports and exits sits idle ~50 ms on Node 20 and ~30 ms on
// Node 22 (measured; Node 24 waits ~15 ms but a run-time flag change costs it more, and Bun has no
// V8). Compiling llhttp with Liftoff only avoids it. The flag is set for the window in which undici
// compiles llhttp (up to our first HTTP response) and then restored, so the host's own
// WebAssembly keeps full tiering. Skipped when the user set Liftoff/tier-up flags themselves.
import { createRequire } from 'node:module';
import { liftoffWindowHelps } from './runtime.ts';

let state: 'idle' | 'open' | 'done' = 'idle';

function applies(): boolean {
  if (!liftoffWindowHelps) return false;
  const flags = `${process.execArgv.join(' ')} ${process.env['NODE_OPTIONS'] ?? ''}`;
  return !/liftoff|wasm-tier|wasm-dynamic-tiering/.test(flags);
}

function setFlag(flag: string): void {
  try {
    (createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).setFlagsFromString(flag);
  } catch {
    // not fatal: only exit latency is at stake
  }
}

/** Opens the Liftoff-only window before the first undici request (idempotent; Node 20 only). */
export function openLiftoffWindow(): void {
  if (state !== 'idle') return;
  if (!applies()) {
    state = 'done';
    return;
  }
  state = 'open';
  setFlag('--liftoff-only');
}

/** Closes the window: once undici has compiled llhttp (a first response arrived), or at transport close. */
export function closeLiftoffWindow(): void {
  if (state !== 'open') return;
  state = 'done';
  setFlag('--no-liftoff-only');
}
