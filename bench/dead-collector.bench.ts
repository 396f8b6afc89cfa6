// Dead-collector benchmark (issue 3 / workload 10): a short-lived CLI emits one span and one log
// record with DEFAULT settings, then awaits shutdown, against (a) a closed port and (b) a server
// that accepts connections and never answers. Figure: time from calling shutdown() to process
// exit, otlp-lite vs the official SDK (BatchSpanProcessor / BatchLogRecordProcessor + OTLP/HTTP),
// each in a fresh child (esbuild bundle, plain node), alternating per round. Also reports whole
// process wall time and the exit code. Run alone: npx tsx bench/dead-collector.bench.ts [--quick]
import { mkdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { childEnv, runJsonChild } from './fixtures/child.ts';
import { benchRuntimeBin } from './fixtures/runtime.ts';
import { spread } from './fixtures/stats.ts';
import type { Metric } from './report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, '.cache', 'bench', 'dead-collector');
const RUN_TIMEOUT_MS = 60_000;

type Impl = 'otlp-lite' | 'sdk' | 'sdk-2s';
type Scenario = 'refused' | 'blackhole';

/** One child run. */
export interface DeadCollectorRun {
  round: number;
  impl: Impl;
  scenario: Scenario;
  /** shutdown() called → process exited, ms. */
  exitAfterShutdownMs: number;
  /** spawn → exit, ms. */
  processMs: number;
  exitCode: number | null;
}

async function bundle(): Promise<string> {
  mkdirSync(WORK, { recursive: true });
  const outfile = join(WORK, 'dead-collector-client.mjs');
  await build({ entryPoints: [join(ROOT, 'bench', 'dead-collector-client.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  return outfile;
}

/** A TCP server that accepts connections and never answers (held until close). */
async function blackhole(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr !== null ? addr.port : 0,
    close(): void {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  await new Promise<void>((r) => srv.close(() => r()));
  return typeof addr === 'object' && addr !== null ? addr.port : 0;
}

async function runClient(file: string, impl: Impl, base: string): Promise<{ exitAfterShutdownMs: number; processMs: number; exitCode: number | null }> {
  const t0 = Date.now();
  const r = await runJsonChild(benchRuntimeBin(), [file, impl, base], { cwd: ROOT, env: childEnv(), timeoutMs: RUN_TIMEOUT_MS });
  const shutdownAt = r.result?.['shutdownAt'];
  if (typeof shutdownAt !== 'number') throw new Error(`${impl}: exit ${r.code} without a result; stderr: ${r.stderr.slice(0, 500)}`);
  return { exitAfterShutdownMs: r.exitAt - shutdownAt, processMs: r.exitAt - t0, exitCode: r.code };
}

/** Runs the dead-collector workload; resolves to normalized metrics plus every run. */
export async function run(opts: { quick: boolean }): Promise<{ metrics: Metric[]; runs: DeadCollectorRun[] }> {
  const rounds = opts.quick ? 1 : 3;
  const file = await bundle();
  const hole = await blackhole();
  const runs: DeadCollectorRun[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const scenario of ['refused', 'blackhole'] as const) {
        const impls: Impl[] = round % 2 === 0 ? ['otlp-lite', 'sdk', 'sdk-2s'] : ['sdk-2s', 'sdk', 'otlp-lite'];
        for (const impl of impls) {
          const port = scenario === 'refused' ? await closedPort() : hole.port;
          const r = await runClient(file, impl, `http://127.0.0.1:${port}`);
          runs.push({ round, impl, scenario, ...r });
          process.stderr.write(`  dead-collector: round ${round + 1}/${rounds} ${scenario} ${impl}: exit ${(r.exitAfterShutdownMs / 1000).toFixed(2)} s after shutdown() (process ${(r.processMs / 1000).toFixed(2)} s, code ${r.exitCode})\n`);
        }
      }
    }
  } finally {
    hole.close();
  }
  const pick = (impl: Impl, scenario: Scenario, f: (r: DeadCollectorRun) => number): number[] => runs.filter((r) => r.impl === impl && r.scenario === scenario).map(f);
  const metricFor = (scenario: Scenario, label: string, f: (r: DeadCollectorRun) => number, alt: boolean, vs: Impl = 'sdk'): Metric => {
    const ours = pick('otlp-lite', scenario, f);
    const sdk = pick(vs, scenario, f);
    const ratios = runs.filter((r) => r.impl === 'otlp-lite' && r.scenario === scenario).flatMap((o) => {
      const s = runs.find((x) => x.impl === vs && x.scenario === scenario && x.round === o.round);
      return s === undefined ? [] : [f(o) / f(s)];
    });
    return { name: label, unit: 's', ours: spread(ours), sdk: spread(sdk), ratio: { ...spread(ratios), vs: 'sdk' }, ...(alt ? { alt: true } : {}) };
  };
  const s = (r: DeadCollectorRun): number => r.exitAfterShutdownMs / 1000;
  const p = (r: DeadCollectorRun): number => r.processMs / 1000;
  const metrics: Metric[] = [
    metricFor('refused', 'dead collector (port closed), default settings: exit after shutdown()', s, false),
    metricFor('blackhole', 'dead collector (server never answers), default settings: exit after shutdown()', s, false),
    metricFor('refused', 'dead collector (port closed), default settings: whole process', p, true),
    metricFor('blackhole', 'dead collector (server never answers), default settings: whole process', p, true),
    // Ours is always one 2 s budget; the SDK with exporter timeoutMillis and processor exportTimeoutMillis = 2000.
    metricFor('refused', 'dead collector (port closed), 2 s budget (SDK timeouts 2000 ms): exit after shutdown()', s, true, 'sdk-2s'),
    metricFor('blackhole', 'dead collector (server never answers), 2 s budget (SDK timeouts 2000 ms): exit after shutdown()', s, true, 'sdk-2s'),
  ];
  const codes = runs.map((r) => `${r.impl}/${r.scenario}=${r.exitCode}`).join(' ');
  process.stderr.write(`\ndead collector (medians, s)\n${metrics.map((m) => `  ${m.name.padEnd(84)} ours ${m.ours!.median.toFixed(2)}  sdk ${m.sdk!.median.toFixed(2)}`).join('\n')}\n  exit codes: ${codes}\n\n`);
  return { metrics, runs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run({ quick: process.argv.includes('--quick') });
  process.stdout.write(`${JSON.stringify(r.metrics, null, 2)}\n`);
}
