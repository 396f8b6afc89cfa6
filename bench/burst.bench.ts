// Burst latency: how long ONE `span.end()` / `logger.emit()` call takes while a 100k burst goes
// through the real OTLP/HTTP JSON pipeline into a loopback receiver (a child process), the
// producer yielding to the event loop every 1,000 records, as a terminal UI redrawing between
// chunks of work would. Percentiles (p50, p99, p99.9, max) per call, otlp-lite beside the SDK
// (BatchSpanProcessor / BatchLogRecordProcessor + OTLP/HTTP exporters), each in a fresh child
// (bench/burst-client.ts), implementations alternating per round. Spans carry 8 attributes, an
// event, a status and a remote parent; log records 6 attributes and that parent's context.
// Target: p99.9 ≤ 20 µs for both calls (batch work never on the caller's stack).
// Run alone: npx tsx bench/burst.bench.ts [--quick]
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startReceiverChild } from './e2e.bench.ts';
import { childEnv, runJsonChild } from './fixtures/child.ts';
import { benchRuntimeBin, tsArgs } from './fixtures/runtime.ts';
import { spread } from './fixtures/stats.ts';
import type { Metric } from './report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const N = 100_000;
const RUN_TIMEOUT_MS = 120_000;
const IMPLS = ['otlp-lite', 'sdk'] as const;
type Impl = (typeof IMPLS)[number];
type BenchSignal = 'traces' | 'logs';
const PCTS = [['p50', 'p50'], ['p99', 'p99'], ['p999', 'p99.9'], ['max', 'max']] as const;

/** One client run's figures (latencies in ns). */
export interface BurstRun {
  round: number;
  impl: Impl;
  signal: BenchSignal;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** p99.9 of the stall over a 0.5 µs busy region timed in the same loop: the machine's own, the floor of any p99.9. */
  stallP999: number;
  burstMs: number;
  cpuUsPerItem: number;
  lost: number;
}

async function runClient(impl: Impl, signal: BenchSignal, url: string): Promise<Record<string, number>> {
  const bin = benchRuntimeBin();
  const kind = /bun/.test(bin) ? 'bun' : 'node';
  const r = await runJsonChild(bin, tsArgs({ name: kind, kind, bin }, join(ROOT, 'bench', 'burst-client.ts'), [impl, signal, String(N), url]), { cwd: ROOT, env: childEnv(), timeoutMs: RUN_TIMEOUT_MS });
  if (r.result === undefined) throw new Error(`${impl} ${signal}: exit ${r.code}, no result; stderr: ${r.stderr.slice(0, 500)}`);
  return r.result as Record<string, number>;
}

/** Runs the burst workload; resolves to normalized metrics plus every run. */
export async function run(opts: { quick: boolean }): Promise<{ metrics: Metric[]; runs: BurstRun[] }> {
  const rounds = opts.quick ? 1 : 3;
  const receiver = await startReceiverChild();
  const runs: BurstRun[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const signal of ['traces', 'logs'] as const) {
        for (const impl of round % 2 === 0 ? IMPLS : [...IMPLS].reverse()) {
          await receiver.ask('reset');
          const r = await runClient(impl, signal, `http://127.0.0.1:${receiver.port}/v1/${signal}`);
          await new Promise((x) => setTimeout(x, 50));
          const c = await receiver.ask<{ traces: number; logs: number }>('counts');
          const rec: BurstRun = {
            round, impl, signal, p50: r['p50']!, p99: r['p99']!, p999: r['p999']!, max: r['max']!, stallP999: r['stallP999']!,
            burstMs: r['burstMs']!, cpuUsPerItem: r['cpuUsPerItem']!, lost: r['expected']! - (signal === 'traces' ? c.traces : c.logs),
          };
          runs.push(rec);
          process.stderr.write(`  burst: round ${round + 1}/${rounds} ${signal} ${impl}: p50 ${(rec.p50 / 1e3).toFixed(2)} µs, p99 ${(rec.p99 / 1e3).toFixed(2)} µs, p99.9 ${(rec.p999 / 1e3).toFixed(2)} µs, max ${(rec.max / 1e6).toFixed(2)} ms, 0.5 µs busy region's stall p99.9 ${(rec.stallP999 / 1e3).toFixed(2)} µs, burst ${rec.burstMs.toFixed(0)} ms, lost ${rec.lost}\n`);
        }
      }
    }
  } finally {
    receiver.stop();
  }
  const metrics: Metric[] = [];
  for (const signal of ['traces', 'logs'] as const) {
    const call = signal === 'traces' ? 'span.end()' : 'logger.emit()';
    for (const [key, label] of PCTS) {
      const ours = runs.filter((r) => r.impl === 'otlp-lite' && r.signal === signal);
      const sdk = runs.filter((r) => r.impl === 'sdk' && r.signal === signal);
      const ratios = ours.flatMap((o) => sdk.filter((s) => s.round === o.round && s[key] > 0).map((s) => o[key] / s[key]));
      const m: Metric = { name: `burst 100k: ${call} ${label}`, unit: 'ns', ours: spread(ours.map((r) => r[key])), sdk: spread(sdk.map((r) => r[key])) };
      if (ratios.length > 0) m.ratio = { ...spread(ratios), vs: 'sdk' };
      if (key === 'p999') m.targetId = 'burst-p999';
      if (key === 'p50') m.note = 'p50 must be no worse than before batch work left the caller\'s stack';
      metrics.push(m);
    }
    const both = runs.filter((r) => r.signal === signal);
    metrics.push({
      name: `burst 100k: stall p99.9 of a 0.5 µs busy region beside ${call} (the machine's floor)`, unit: 'ns', ours: spread(both.map((r) => r.stallP999)), alt: true,
      note: 'a 0.5 µs busy-wait (no allocation, no calls) timed right after each call, in the same loop, both implementations: its p99.9 over 0.5 µs is stalls of the host (preemption, interrupts) that a call that long meets too',
    });
    const lost = runs.filter((r) => r.impl === 'otlp-lite' && r.signal === signal);
    metrics.push({ name: `burst 100k: ${signal} lost (otlp-lite)`, unit: 'items', ours: spread(lost.map((r) => r.lost)), alt: true });
  }
  return { metrics, runs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run({ quick: process.argv.includes('--quick') });
  process.stdout.write(`${JSON.stringify(r.metrics, null, 2)}\n`);
}
