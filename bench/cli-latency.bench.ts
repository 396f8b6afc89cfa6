// Workload 9, short-lived CLI: a child process builds a provider with all three signals, emits one
// span, one log record and one counter, flushes to a loopback receiver in this process, and exits.
// Figure: whole-process wall time minus an empty `node -e 0`, paired per round (order rotated).
// Variants: unbundled (ours from the built dist/ via the package's self-reference 'otlp-lite',
// the SDK from node_modules: what `npm install` users run; target ≤ 0.25×) and bundled (the
// bundle workload's esbuild ESM bundles of the same two apps, no banner, no externals; target
// ≤ 0.5×). Runs on the suite's runtime (`--runtime node24` for Node 24).
// Every run must deliver its span, log and metric point, so dropping data cannot look fast.
// Run alone: npx tsx bench/cli-latency.bench.ts [--quick]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReceiver, type Receiver } from '../spec/helpers/receiver.ts';
import { buildTinyApps } from './bundle.bench.ts';
import { ensureBuilt } from './fixtures/build.ts';
import { benchRuntimeBin } from './fixtures/runtime.ts';
import type { Metric } from './report.ts';
import { childEnv } from './fixtures/child.ts';
import { median, spread } from './fixtures/stats.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'bench', 'fixtures');
const WORK = join(ROOT, '.cache', 'bench', 'cli');
const RUN_TIMEOUT_MS = 30_000;

interface Variant {
  id: 'empty' | 'ours-dist' | 'sdk-dist' | 'ours-bundle' | 'sdk-bundle';
  args: string[];
}

function log(msg: string): void {
  process.stderr.write(`  cli: ${msg}\n`);
}

/** Wall time (ms) of one child process from spawn to exit; rejects on a non-zero exit or timeout. */
function timeProcess(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(bin, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearTimeout(timer);
      if (code === 0) return resolvePromise(ms);
      reject(new Error(`${args.join(' ')} exited ${signal ?? code}: ${stderr.trim().split('\n').slice(-4).join(' | ')}`));
    });
  });
}

/** True when dist/ holds a built public surface exporting OtelProvider (needed by the unbundled app). */
function distReady(): { ok: boolean; note: string } {
  const built = ensureBuilt(ROOT);
  const buildNote = built.ok ? '' : ` (${built.note})`;
  // The package entry ('otlp-lite' resolves here through the exports map): one ESM file.
  const index = join(ROOT, 'dist', 'otlp-lite.js');
  if (!existsSync(index) || !/\bOtelProvider\b/.test(readFileSync(index, 'utf8'))) {
    return { ok: false, note: `dist/otlp-lite.js does not export OtelProvider yet${buildNote}` };
  }
  return { ok: true, note: `ours = node bench/fixtures/cli-ours.mjs importing 'otlp-lite' → dist/otlp-lite.js (the package entry)${buildNote}` };
}

/** esbuild bundles of both apps, as the bundle workload builds them (ESM, no banner, no externals). */
async function buildBundles(): Promise<{ ours: string; sdk: string; note: string }> {
  rmSync(WORK, { recursive: true, force: true });
  const apps = await buildTinyApps(WORK);
  return { ours: apps.oursEsm.outfile, sdk: apps.sdkEsm.outfile, note: 'esbuild --bundle --minify --platform=node --format=esm, no banner, no externals: ours from dist/otlp-lite.js, the SDK from its ESM builds (mainFields module,main)' };
}

/** Runs one variant and checks that its span, log record and metric point arrived. */
async function runVariant(bin: string, v: Variant, receiver: Receiver, env: NodeJS.ProcessEnv): Promise<{ ms: number; delivered: number }> {
  const before = receiver.counts();
  const ms = await timeProcess(bin, v.args, env);
  if (v.id === 'empty') return { ms, delivered: 0 };
  const after = receiver.counts();
  const delivered = Math.min(after.traces - before.traces, 1) + Math.min(after.logs - before.logs, 1) + Math.min(after.metrics - before.metrics, 1);
  return { ms, delivered };
}

/** Paired rounds of all variants; normalized metrics (added ms, ratios per pair). */
export async function run(opts: { quick: boolean } = { quick: false }): Promise<{ workload: string; metrics: Metric[]; samples: Record<string, number[]> }> {
  const rounds = opts.quick ? 7 : 20;
  const bin = benchRuntimeBin();
  const dist = distReady();
  let bundles: Awaited<ReturnType<typeof buildBundles>> | undefined;
  let bundleError = '';
  try {
    bundles = await buildBundles();
  } catch (err) {
    bundleError = (err as Error).message.split('\n')[0] ?? '';
    log(`bundled variants skipped: ${bundleError}`);
  }
  const variants: Variant[] = [{ id: 'empty', args: ['-e', '0'] }, { id: 'sdk-dist', args: [join(FIXTURES, 'cli-sdk.mjs')] }];
  if (dist.ok) variants.push({ id: 'ours-dist', args: [join(FIXTURES, 'cli-ours.mjs')] });
  else log(`unbundled ours skipped: ${dist.note}`);
  if (bundles !== undefined) variants.push({ id: 'ours-bundle', args: [bundles.ours] }, { id: 'sdk-bundle', args: [bundles.sdk] });

  const receiver = await startReceiver();
  const env = childEnv({ OTLP_BENCH_ENDPOINT: receiver.url }); // and no OTEL_* that could change either app
  const samples: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.id, []]));
  const delivered: Record<string, number> = Object.fromEntries(variants.map((v) => [v.id, 0]));
  try {
    log(`${rounds} rounds × ${variants.length} processes (${variants.map((v) => v.id).join(', ')}), one warm-up round`);
    for (let r = -1; r < rounds; r++) {
      for (let k = 0; k < variants.length; k++) {
        const v = variants[(k + Math.max(r, 0)) % variants.length]!; // rotate the order each round
        const res = await runVariant(bin, v, receiver, env);
        if (r < 0) continue; // warm-up: file cache, JIT of the receiver
        samples[v.id]!.push(res.ms);
        delivered[v.id]! += res.delivered;
      }
      if (r >= 0) log(`round ${r + 1}/${rounds}: ${variants.map((v) => `${v.id} ${samples[v.id]!.at(-1)!.toFixed(0)} ms`).join(', ')}`);
    }
  } finally {
    await receiver.close();
  }

  const empty = samples.empty!;
  const added = (id: string) => samples[id]!.map((ms, i) => ms - empty[i]!);
  const metrics: Metric[] = [{ name: 'empty node -e 0', unit: 'ms', ours: spread(empty), sdk: spread(empty), note: `binary ${bin}` }];
  const pair = (name: string, oursId: string, sdkId: string, targetId: string | undefined, note: string): void => {
    if (samples[oursId] === undefined || samples[sdkId] === undefined) return;
    const a = added(oursId);
    const b = added(sdkId);
    const ratios = a.map((x, i) => x / Math.max(b[i]!, 1e-3));
    const m: Metric = { name, unit: 'ms', ours: spread(a), sdk: spread(b), ratio: { ...spread(ratios), vs: 'sdk' } };
    if (targetId !== undefined) m.targetId = targetId;
    const expected = rounds * 3;
    for (const id of [oursId, sdkId]) if (delivered[id] === 0) throw new Error(`${id} delivered nothing to the receiver in ${rounds} runs: its timings would mean nothing`);
    const lost = [oursId, sdkId].filter((id) => delivered[id]! < expected).map((id) => `${id} delivered ${delivered[id]}/${expected} items`);
    m.note = `${note}; whole-process wall ms: ours ${median(samples[oursId]!).toFixed(0)}, SDK ${median(samples[sdkId]!).toFixed(0)}, empty ${median(empty).toFixed(0)}` + (lost.length > 0 ? `; LOSS: ${lost.join(', ')}` : '; every run delivered its span, log and metric point');
    metrics.push(m);
  };
  pair('added latency, unbundled (dist / node_modules)', 'ours-dist', 'sdk-dist', 'cli-latency', dist.note);
  pair('added latency, bundled (both esbuild ESM bundles)', 'ours-bundle', 'sdk-bundle', 'cli-bundled', bundles?.note ?? bundleError);
  if (!dist.ok) {
    metrics.push({ name: 'SDK added latency, unbundled (node_modules)', unit: 'ms', sdk: spread(added('sdk-dist')), note: `${dist.note}; SDK delivered ${delivered['sdk-dist']}/${rounds * 3} items` });
  }

  process.stderr.write(
    `\n== short-lived CLI (whole-process wall time minus node -e 0) ==\n` +
      metrics.map((m) => `  ${m.name.padEnd(48)} ours ${m.ours ? m.ours.median.toFixed(1) : '-'} ms  sdk ${m.sdk ? m.sdk.median.toFixed(1) : '-'} ms${m.ratio ? `  ratio ${m.ratio.median.toFixed(3)}x (${m.ratio.min.toFixed(3)}-${m.ratio.max.toFixed(3)})` : ''}\n`).join(''),
  );
  return { workload: 'cli', metrics, samples };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run({ quick: process.argv.includes('--quick') });
}
