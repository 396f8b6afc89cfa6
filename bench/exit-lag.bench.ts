// First use in a fresh process, and exit lag: a child runs the tiny app (bench/fixtures/first-use-
// {ours,sdk}.mjs: construct, then 1 span + 1 log record + 1 counter, then shutdown() of one export
// per signal to a loopback receiver in this process) on Node 20, 22, 24 and Bun. Three figures:
// - first emit: the child's performance.now() around its first span, log record and counter;
// - shutdown(): the child's performance.now() from calling shutdown() to its resolution;
// - exit lag: from the moment shutdown() resolved to the child's exit. The child stamps
//   process.hrtime (CLOCK_MONOTONIC on Node, the same clock as this process's) and epoch ms at
//   resolution and writes them on a pipe; this process stamps its clocks when it receives the
//   child's 'exit'. A stamp is used only if it lies between spawn and the pipe's arrival here
//   (Bun's hrtime has another origin, so Bun falls back to the epoch clock); failing both, the
//   pipe's arrival time is used. An empty child (floor) measures the runtime's own teardown.
// Rounds alternate ours / SDK / floor (order rotated) per runtime; ratios are paired per round.
// Every run must deliver its span, log and metric point (checked at the receiver), else the
// workload fails; the SDK is skipped on a runtime where it does not deliver, and says so.
// Targets: exit lag ≤ 10 ms for ours on every runtime; first emit and shutdown() ≤ 1.0× the SDK's
// on the suite's runtime (`--runtime node24` for Node 24).
// Run alone: npx tsx bench/exit-lag.bench.ts [--quick]
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReceiver, type Receiver } from '../spec/helpers/receiver.ts';
import { ensureBuilt } from './fixtures/build.ts';
import { benchRuntimeBin } from './fixtures/runtime.ts';
import type { Metric } from './report.ts';
import { childEnv } from './fixtures/child.ts';
import { median, spread } from './fixtures/stats.ts';
import { resolveRuntimeSync, type BenchRuntime } from './runtimes.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'bench', 'fixtures');
const RUN_TIMEOUT_MS = 30_000;
const RUNTIMES = ['node20', 'node22', 'node24', 'bun'] as const;

type Impl = 'ours' | 'sdk' | 'empty';
const SCRIPT: Record<Impl, string> = {
  ours: join(FIXTURES, 'first-use-ours.mjs'),
  sdk: join(FIXTURES, 'first-use-sdk.mjs'),
  empty: join(FIXTURES, 'first-use-empty.mjs'),
};

/** One child run. */
interface Sample {
  firstEmitMs: number;
  shutdownMs: number;
  /** shutdown() resolved → child exited, ms. */
  exitLagMs: number;
  /** Which clock the exit lag was measured on. */
  clock: 'hrtime' | 'epoch' | 'pipe';
  wallMs: number;
  delivered: { traces: number; logs: number; metrics: number };
  exported?: { traces: number; logs: number; metrics: number };
  status: string;
}

function log(msg: string): void {
  process.stderr.write(`  exit-lag: ${msg}\n`);
}

const epochNow = (): number => performance.timeOrigin + performance.now();

/** Runs one child; rejects on a non-zero exit, a timeout or a missing stamp. */
function runOnce(bin: string, impl: Impl, rx: Receiver, env: NodeJS.ProcessEnv): Promise<Sample> {
  const before = rx.counts();
  return new Promise((resolvePromise, reject) => {
    const spawnHr = process.hrtime.bigint();
    const spawnEpoch = epochNow();
    const child = spawn(bin, [SCRIPT[impl]], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let dataHr: bigint | undefined;
    let dataEpoch: number | undefined;
    let exitHr = 0n;
    let exitEpoch = 0;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    child.stdout!.on('data', (d: Buffer) => {
      if (dataHr === undefined) {
        dataHr = process.hrtime.bigint();
        dataEpoch = epochNow();
      }
      out += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (err.length < 4000) err += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      exitHr = process.hrtime.bigint();
      exitEpoch = epochNow();
      exitCode = code;
      exitSignal = signal;
    });
    child.on('close', () => {
      clearTimeout(timer);
      const fail = (why: string) => reject(new Error(`${impl} on ${bin}: ${why}${err.trim() !== '' ? `; stderr: ${err.trim().split('\n').slice(-3).join(' | ')}` : ''}`));
      if (exitCode !== 0) return fail(`exited ${exitSignal ?? exitCode}`);
      let line: { firstEmitMs: number; shutdownMs: number; hr: string; epoch: number; status: string; exported?: Sample['exported'] };
      try {
        line = JSON.parse(out.trim().split('\n').pop() ?? '') as typeof line;
      } catch {
        return fail(`no stamp on stdout (${JSON.stringify(out.slice(0, 200))})`);
      }
      // The pipe's arrival here, or the exit if the exit was seen first: a valid stamp precedes both.
      const arrivalHr = dataHr !== undefined && dataHr < exitHr ? dataHr : exitHr;
      const arrivalEpoch = dataEpoch !== undefined && dataEpoch < exitEpoch ? dataEpoch : exitEpoch;
      const hr = BigInt(line.hr);
      let exitLagMs: number;
      let clock: Sample['clock'];
      if (hr >= spawnHr && hr <= arrivalHr) {
        exitLagMs = Number(exitHr - hr) / 1e6;
        clock = 'hrtime';
      } else if (line.epoch >= spawnEpoch && line.epoch <= arrivalEpoch + 0.05) {
        exitLagMs = exitEpoch - line.epoch;
        clock = 'epoch';
      } else {
        exitLagMs = Number(exitHr - arrivalHr) / 1e6;
        clock = 'pipe';
      }
      const after = rx.counts();
      const s: Sample = {
        firstEmitMs: line.firstEmitMs,
        shutdownMs: line.shutdownMs,
        exitLagMs,
        clock,
        wallMs: Number(exitHr - spawnHr) / 1e6,
        delivered: { traces: after.traces - before.traces, logs: after.logs - before.logs, metrics: after.metrics - before.metrics },
        status: line.status,
      };
      if (line.exported !== undefined) s.exported = line.exported;
      resolvePromise(s);
    });
  });
}

/** True when a run delivered its span, log record and metric point (and, for ours, reported so). */
function delivered(s: Sample, impl: Impl): boolean {
  if (impl === 'empty') return true;
  const d = s.delivered;
  const ok = s.status === 'finished' && d.traces >= 1 && d.logs >= 1 && d.metrics >= 1;
  return impl === 'ours' ? ok && s.exported?.traces === 1 && s.exported.logs === 1 && s.exported.metrics === 1 : ok;
}

interface RuntimeResult {
  rt: BenchRuntime;
  /** This is the suite's runtime: first emit and shutdown() are judged here. */
  suite: boolean;
  samples: Record<Impl, Sample[]>;
  sdkSkipped?: string;
}

/** Finds the runtimes: node20/22/24/bun (installed on first use), the suite's runtime marked. */
function runtimes(): { list: { rt: BenchRuntime; suite: boolean }[]; unavailable: string[] } {
  const suiteBin = benchRuntimeBin();
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const list: { rt: BenchRuntime; suite: boolean }[] = [];
  const unavailable: string[] = [];
  for (const name of RUNTIMES) {
    try {
      const rt = resolveRuntimeSync(name);
      list.push({ rt, suite: real(rt.bin) === real(suiteBin) });
    } catch (err) {
      unavailable.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (!list.some((x) => x.suite)) list.unshift({ rt: { name: suiteBin, kind: /bun/.test(suiteBin) ? 'bun' : 'node', bin: suiteBin, version: '?' }, suite: true });
  list.sort((a, b) => Number(b.suite) - Number(a.suite)); // the suite's runtime first
  return { list, unavailable };
}

async function measure(rt: BenchRuntime, suite: boolean, rounds: number, rx: Receiver, env: NodeJS.ProcessEnv): Promise<RuntimeResult> {
  const res: RuntimeResult = { rt, suite, samples: { ours: [], sdk: [], empty: [] } };
  let impls: Impl[] = ['ours', 'sdk', 'empty'];
  // Warm-up (file cache): one run each. The SDK is dropped on a runtime where it does not deliver.
  for (const impl of impls) {
    try {
      const s = await runOnce(rt.bin, impl, rx, env);
      if (!delivered(s, impl)) throw new Error(`delivered ${JSON.stringify(s.delivered)}, status ${s.status}`);
    } catch (err) {
      if (impl !== 'sdk') throw new Error(`${impl} on ${rt.name}: ${(err as Error).message}`);
      res.sdkSkipped = `the SDK does not run on ${rt.name} ${rt.version}: ${(err as Error).message.slice(0, 200)}`;
      log(res.sdkSkipped);
    }
  }
  if (res.sdkSkipped !== undefined) impls = ['ours', 'empty'];
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < impls.length; k++) {
      const impl = impls[(k + r) % impls.length]!;
      const s = await runOnce(rt.bin, impl, rx, env);
      if (!delivered(s, impl)) throw new Error(`${impl} on ${rt.name} did not deliver its span, log and metric point (receiver: ${JSON.stringify(s.delivered)}, status ${s.status}${s.exported !== undefined ? `, exported ${JSON.stringify(s.exported)}` : ''})`);
      res.samples[impl].push(s);
    }
    log(`${rt.name} round ${r + 1}/${rounds}: exit lag ${impls.map((i) => `${i} ${res.samples[i].at(-1)!.exitLagMs.toFixed(1)} ms`).join(', ')}`);
  }
  return res;
}

function metricsFor(r: RuntimeResult): Metric[] {
  const label = `${r.rt.name} ${r.rt.version}`;
  const { ours, sdk, empty } = r.samples;
  const clocks = [...new Set([...ours, ...sdk, ...empty].map((s) => s.clock))].join('/');
  const out: Metric[] = [];
  const one = (name: string, pick: (s: Sample) => number, targetId: string | undefined, note: string, withFloor: boolean): void => {
    const a = ours.map(pick);
    const m: Metric = { name: `${name}, ${label}`, unit: 'ms', ours: spread(a) };
    if (sdk.length > 0) {
      const b = sdk.map(pick);
      m.sdk = spread(b);
      m.ratio = { ...spread(a.map((x, i) => x / Math.max(b[i]!, 1e-3))), vs: 'sdk' };
    }
    if (withFloor) m.floor = spread(empty.map(pick));
    if (targetId !== undefined) m.targetId = targetId;
    m.note = `${note}; ${ours.length} rounds${r.sdkSkipped !== undefined ? `; ${r.sdkSkipped}` : ''}; every run delivered its span, log and metric point`;
    out.push(m);
  };
  one('exit lag after shutdown() resolved', (s) => s.exitLagMs, 'exit-lag',
    `child stamps the clock when shutdown() resolves, the parent when it sees the exit (${clocks} clock); floor = an empty child that stamps and ends`, true);
  // The runtime's own teardown is in every exit lag (and grows with machine load): the figure
  // above minus the empty child's of the same round isolates what the library adds.
  const added = (xs: Sample[]) => xs.map((s, i) => s.exitLagMs - empty[i]!.exitLagMs);
  const m: Metric = { name: `exit lag minus the empty child's (same round), ${label}`, unit: 'ms', ours: spread(added(ours)) };
  if (sdk.length > 0) m.sdk = spread(added(sdk));
  m.note = `the empty child's exit lag (the runtime's own teardown) was ${median(empty.map((s) => s.exitLagMs)).toFixed(1)} ms median`;
  out.push(m);
  one('first emit (1 span + 1 log + 1 counter) in a fresh process', (s) => s.firstEmitMs, r.suite ? 'first-emit' : undefined,
    'performance.now() around the first calls after construction (getTracer/getLogger/getMeter+createCounter included on the SDK side)', false);
  one('shutdown() of one export per signal on loopback', (s) => s.shutdownMs, r.suite ? 'first-shutdown' : undefined,
    'performance.now() from calling shutdown() (the SDK: its three providers) to its resolution', false);
  return out;
}

/** Measures every runtime; normalized metrics (suite runtime first). */
export async function run(opts: { quick: boolean } = { quick: false }): Promise<{ workload: string; metrics: Metric[]; samples: Record<string, Record<Impl, { exitLagMs: number[]; firstEmitMs: number[]; shutdownMs: number[]; clock: string[] }>> }> {
  const rounds = opts.quick ? 7 : 15;
  const built = ensureBuilt(ROOT);
  if (!built.ok) log(built.note);
  const { list, unavailable } = runtimes();
  for (const u of unavailable) log(`runtime unavailable: ${u}`);
  const rx = await startReceiver();
  const env = childEnv({ OTLP_BENCH_ENDPOINT: rx.url }, ['OTEL_', 'NODE_OPTIONS']); // no OTEL_* that could change either app
  const results: RuntimeResult[] = [];
  try {
    for (const { rt, suite } of list) {
      log(`${rt.name} ${rt.version} (${rt.bin})${suite ? ' [suite runtime]' : ''}: ${rounds} rounds`);
      results.push(await measure(rt, suite, rounds, rx, env));
    }
  } finally {
    await rx.close();
  }
  const metrics = results.flatMap(metricsFor);
  for (const u of unavailable) metrics.push({ name: `runtime unavailable: ${u.split(':')[0]}`, unit: 'ms', note: u });

  process.stderr.write(
    `\n== first use and exit lag (medians; ratio ours/SDK paired per round) ==\n` +
      metrics.filter((m) => m.ours !== undefined).map((m) => `  ${m.name.padEnd(78)} ours ${m.ours!.median.toFixed(2)} ms  sdk ${m.sdk ? `${m.sdk.median.toFixed(2)} ms` : '-'}${m.floor ? `  floor ${m.floor.median.toFixed(2)} ms` : ''}${m.ratio ? `  ${m.ratio.median.toFixed(3)}×` : ''}\n`).join(''),
  );
  // Per-round figures, compact (latest.json keeps them next to the medians).
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const compact = (xs: Sample[]) => ({ exitLagMs: xs.map((s) => r2(s.exitLagMs)), firstEmitMs: xs.map((s) => r2(s.firstEmitMs)), shutdownMs: xs.map((s) => r2(s.shutdownMs)), clock: [...new Set(xs.map((s) => s.clock))] });
  return { workload: 'exit-lag', metrics, samples: Object.fromEntries(results.map((r) => [r.rt.name, { ours: compact(r.samples.ours), sdk: compact(r.samples.sdk), empty: compact(r.samples.empty) }])) };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run({ quick: process.argv.includes('--quick') });
}
