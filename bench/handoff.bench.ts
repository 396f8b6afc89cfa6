// Exit hand-off (shutdown({ handoff: true })) against in-process shutdown() and the official SDK:
// a short-lived CLI (bench/fixtures/exit-handoff-ours.mjs, first-use-sdk.mjs: 1 span, 1 log record,
// 1 counter) against a collector that answers after 300 ms and against a dead one (a closed
// port). Figure: added wall time = the child's wall time (spawn → exit) minus an empty child's
// (first-use-empty.mjs), median of the rounds. Delivery is counted at the receiver after the
// detached senders are done (300 ms collector); for the dead collector the hand-off runs with a
// spool, and a later run against a live collector on the same port must deliver every item.
// Target: added wall time with hand-off ≤ 0.1× without, everything delivered in the end.
// Run alone: npx tsx bench/handoff.bench.ts [--quick]   (builds dist/ first)
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from './fixtures/build.ts';
import type { Metric } from './report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIX = join(ROOT, 'bench', 'fixtures');
let quick = process.argv.includes('--quick');
let ROUNDS = quick ? 3 : 7;

interface Collector { url: string; port: number; items: () => number; close(): Promise<void> }

function collector(delayMs: number, port = 0): Promise<Collector> {
  let items = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => setTimeout(() => {
      items += (body.match(/"spanId"|"severityNumber"|"asInt"|"asDouble"/g) ?? []).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }, delayMs));
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => {
    const p = (server.address() as { port: number }).port;
    ok({ url: `http://127.0.0.1:${p}`, port: p, items: () => items, close: () => new Promise((c) => { server.closeAllConnections(); server.close(() => c()); }) });
  }));
}

/** Wall time of one child, spawn → exit; `anyExit`: a failing exit is measured too (the SDK's shutdown rejects on a dead collector). */
function runChild(script: string, env: Record<string, string>, anyExit = false): Promise<number> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [script], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, stdio: ['ignore', 'ignore', 'ignore'] });
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      if (code === 0 || anyExit) ok(performance.now() - t0);
      else fail(new Error(`${script} exited ${code}`));
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function waitItems(c: Collector, n: number, ms: number): Promise<number> {
  const end = Date.now() + ms;
  while (Date.now() < end && c.items() < n) await new Promise((r) => setTimeout(r, 50));
  return c.items();
}

async function main(): Promise<{ rows: string[]; result: Record<string, any> }> {
  const built = ensureBuilt(ROOT);
  if (!built.ok) process.stderr.write(`  handoff: ${built.note}\n`);
  const ours = join(FIX, 'exit-handoff-ours.mjs');
  const sdk = join(FIX, 'first-use-sdk.mjs');
  const empty = join(FIX, 'first-use-empty.mjs');
  const ITEMS = 3; // one span, one log record, one metric point per run
  const rows: string[] = [];
  const result: Record<string, unknown> = {};

  // Collector answering after 300 ms.
  {
    const c = await collector(300);
    const walls: Record<string, number[]> = { floor: [], inProcess: [], handoff: [], sdk: [] };
    for (let i = 0; i < ROUNDS; i++) {
      walls.floor!.push(await runChild(empty, {}));
      walls.inProcess!.push(await runChild(ours, { OTLP_BENCH_ENDPOINT: c.url }));
      walls.handoff!.push(await runChild(ours, { OTLP_BENCH_ENDPOINT: c.url, OTLP_BENCH_HANDOFF: '1' }));
      walls.sdk!.push(await runChild(sdk, { OTLP_BENCH_ENDPOINT: c.url }));
    }
    const expected = ROUNDS * 3 * ITEMS;
    const got = await waitItems(c, expected, 35_000);
    await c.close();
    const floor = median(walls.floor!);
    const added = (k: string): number => Math.max(0, median(walls[k]!) - floor);
    result['slow300'] = { floorMs: floor, addedMs: { inProcess: added('inProcess'), handoff: added('handoff'), sdk: added('sdk') }, delivered: got, expected };
    rows.push(`collector +300 ms  added wall: in-process ${added('inProcess').toFixed(0)} ms, hand-off ${added('handoff').toFixed(0)} ms (${(added('handoff') / added('inProcess')).toFixed(3)}×), SDK ${added('sdk').toFixed(0)} ms; delivered ${got}/${expected}`);
  }

  // Dead collector (closed port); hand-off with a spool, then a live collector on that port.
  {
    const probe = await collector(0);
    const port = probe.port;
    await probe.close();
    const url = `http://127.0.0.1:${port}`;
    const spool = mkdtempSync(join(tmpdir(), 'otlp-lite-bench-spool-'));
    const walls: Record<string, number[]> = { floor: [], inProcess: [], handoff: [], sdk: [] };
    const sdkRounds = quick ? 1 : 3; // the SDK waits out its own timeouts here
    for (let i = 0; i < ROUNDS; i++) {
      walls.floor!.push(await runChild(empty, {}));
      walls.inProcess!.push(await runChild(ours, { OTLP_BENCH_ENDPOINT: url }));
      walls.handoff!.push(await runChild(ours, { OTLP_BENCH_ENDPOINT: url, OTLP_BENCH_HANDOFF: '1', OTLP_BENCH_SPOOL: spool }));
      if (i < sdkRounds) walls.sdk!.push(await runChild(sdk, { OTLP_BENCH_ENDPOINT: url }, true));
    }
    // The detached senders give up after their 30 s budget (or at once on ECONNREFUSED retries
    // exhausted); what they could not deliver is back in the spool. A live collector appears.
    await new Promise((r) => setTimeout(r, 1000));
    const live = await collector(0, port);
    await runChild(ours, { OTLP_BENCH_ENDPOINT: url, OTLP_BENCH_SPOOL: spool });
    const expected = ROUNDS * ITEMS + ITEMS;
    const got = await waitItems(live, expected, 35_000);
    await live.close();
    rmSync(spool, { recursive: true, force: true });
    const floor = median(walls.floor!);
    const added = (k: string): number => Math.max(0, median(walls[k]!) - floor);
    result['dead'] = { floorMs: floor, addedMs: { inProcess: added('inProcess'), handoff: added('handoff'), sdk: added('sdk') }, deliveredLater: got, expected };
    rows.push(`dead collector     added wall: in-process ${added('inProcess').toFixed(0)} ms, hand-off ${added('handoff').toFixed(0)} ms (${(added('handoff') / added('inProcess')).toFixed(3)}×), SDK ${added('sdk').toFixed(0)} ms; hand-off runs' items delivered by a later run: ${got}/${expected}`);
  }
  return { rows, result };
}

const one = (v: number) => ({ median: v, min: v, max: v });

/** `npm run bench` entry: hand-off vs in-process shutdown vs the SDK; fails when anything was not delivered. */
export async function run(opts: { quick: boolean }): Promise<{ workload: string; metrics: Metric[] }> {
  quick = opts.quick;
  ROUNDS = quick ? 3 : 7;
  const { rows, result } = await main();
  for (const r of rows) process.stderr.write(`  ${r}\n`);
  const metrics: Metric[] = [];
  for (const [key, label] of [['slow300', 'collector answering after 300 ms'], ['dead', 'dead collector (port closed), spool']] as const) {
    const r = result[key];
    const delivered = key === 'slow300' ? r.delivered : r.deliveredLater;
    if (delivered < r.expected) throw new Error(`${label}: only ${delivered} of ${r.expected} items delivered in the end`);
    const ratio = r.addedMs.handoff / r.addedMs.inProcess;
    metrics.push({
      name: `${label}: added wall time, shutdown({ handoff: true }) over shutdown()`, unit: '×', ours: one(ratio), targetId: 'handoff',
      note: `hand-off ${r.addedMs.handoff.toFixed(0)} ms, in-process ${r.addedMs.inProcess.toFixed(0)} ms, SDK ${r.addedMs.sdk.toFixed(0)} ms (process wall minus an empty process, medians of ${ROUNDS} rounds); ${delivered}/${r.expected} items delivered in the end`,
    });
    metrics.push({ name: `${label}: added wall time with hand-off vs the SDK's shutdown()`, unit: 'ms', ours: one(r.addedMs.handoff), sdk: one(r.addedMs.sdk), ratio: { ...one(r.addedMs.handoff / r.addedMs.sdk), vs: 'sdk' } });
  }
  return { workload: 'handoff', metrics };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { rows, result } = await main();
  for (const r of rows) process.stdout.write(`${r}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
