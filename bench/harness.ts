// Shared micro-benchmark harness: runs otlp-lite, SDK and floor cases of one workload in alternating
// rounds, reports ns/item medians (min-max) and paired per-round ratios, prints a table to stderr.
// Dependency-free on purpose; every bench/*.bench.ts imports it.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One implementation of a workload. `items` = work units done by one `run()` call (for ns/item). */
export interface Case {
  name: string;
  impl: 'otlp-lite' | 'sdk' | 'floor';
  setup?: () => void | Promise<void>;
  run: () => unknown | Promise<unknown>;
  items: number;
}

/** Per-case figures over all rounds. */
export interface CaseResult {
  name: string;
  impl: string;
  nsPerItem: { median: number; min: number; max: number };
  rounds: number;
}

/** Paired ratio of an otlp-lite case against an sdk or floor case (< 1 = otlp-lite faster). */
export interface Ratio { name: string; vs: string; median: number; min: number; max: number }

/** What `compare` resolves to. */
export interface Comparison { workload: string; results: CaseResult[]; ratios: Ratio[] }

/** True when the process was started with `--quick` (fewer, shorter rounds). */
export const isQuick: boolean = process.argv.includes('--quick');

let sink: unknown; // keeps results observable so the engine cannot drop the work
/** Last value returned by a case (exported only so the optimizer cannot prove it unused). */
export function lastResult(): unknown { return sink; }

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
}

/** Runs `c` repeatedly for at least `minMs` (and at least once); returns ns per item. */
async function timeCase(c: Case, minMs: number, isAsync: boolean): Promise<number> {
  const budget = BigInt(Math.round(minMs * 1e6));
  const t0 = process.hrtime.bigint();
  let iters = 0;
  let elapsed = 0n;
  do {
    const r = c.run();
    sink = isAsync ? await (r as PromiseLike<unknown>) : r;
    iters++;
    elapsed = process.hrtime.bigint() - t0;
  } while (elapsed < budget);
  return Number(elapsed) / (iters * c.items);
}

// A full GC before each timed slice, so one case's garbage is not collected on another's clock.
// Uses global.gc when started with --expose-gc, else enables it at runtime (V8 flag + a fresh context).
const maybeGc: (() => void) | undefined = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

/**
 * Benchmarks `cases` of one workload: setup, warm-up, then `rounds` rounds; each round runs every case
 * (order rotated per round) for at least `minMs`. Ratios pair each otlp-lite case with each sdk/floor
 * case round by round. Prints the table to stderr. Rejects only if a case's setup/run throws.
 */
export async function compare(
  workload: string,
  cases: Case[],
  opts: { rounds?: number; minMs?: number } = {},
): Promise<Comparison> {
  const rounds = opts.rounds ?? (isQuick ? 3 : 7);
  const minMs = opts.minMs ?? (isQuick ? 80 : 200);
  const asyncFlags: boolean[] = [];
  for (const c of cases) {
    if (c.setup) await c.setup();
    const first = c.run(); // also detects async cases
    const isAsync = isThenable(first);
    sink = isAsync ? await first : first;
    asyncFlags.push(isAsync);
  }
  // Warm-up: one short pass of each case so every path is optimized before measuring.
  for (let i = 0; i < cases.length; i++) {
    maybeGc?.();
    await timeCase(cases[i]!, Math.max(20, minMs / 2), asyncFlags[i]!);
  }

  const samples: number[][] = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + r) % cases.length; // rotate the order: no case always runs first
      maybeGc?.();
      samples[i]!.push(await timeCase(cases[i]!, minMs, asyncFlags[i]!));
    }
  }

  const results: CaseResult[] = cases.map((c, i) => {
    const s = samples[i]!;
    return { name: c.name, impl: c.impl, nsPerItem: { median: median(s), min: Math.min(...s), max: Math.max(...s) }, rounds };
  });
  const ratios: Ratio[] = [];
  for (let i = 0; i < cases.length; i++) {
    if (cases[i]!.impl !== 'otlp-lite') continue;
    for (const vsImpl of ['sdk', 'floor'] as const) {
      for (let j = 0; j < cases.length; j++) {
        if (cases[j]!.impl !== vsImpl) continue;
        const per = samples[i]!.map((v, r) => v / samples[j]![r]!);
        ratios.push({ name: cases[i]!.name, vs: cases[j]!.name, median: median(per), min: Math.min(...per), max: Math.max(...per) });
      }
    }
  }
  const out: Comparison = { workload, results, ratios };
  printTable(out);
  return out;
}

function fmtNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e4) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(ns >= 100 ? 0 : 1)} ns`;
}

/** Prints a comparison as a plain-text table on stderr. */
export function printTable(r: Comparison): void {
  const rows: string[][] = [['case', 'impl', 'median/item', 'min-max', 'rounds']];
  for (const c of r.results) {
    rows.push([c.name, c.impl, fmtNs(c.nsPerItem.median), `${fmtNs(c.nsPerItem.min)} - ${fmtNs(c.nsPerItem.max)}`, String(c.rounds)]);
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]) => row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ');
  let text = `\n== ${r.workload} ==\n`;
  for (const row of rows) text += line(row) + '\n';
  for (const q of r.ratios) {
    text += `  ${q.name} / ${q.vs}: ${q.median.toFixed(3)}x (min ${q.min.toFixed(3)}, max ${q.max.toFixed(3)})\n`;
  }
  process.stderr.write(text);
}
