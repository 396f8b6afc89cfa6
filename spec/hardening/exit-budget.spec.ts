// One beforeExit budget for every provider of the process: providers that were never shut down
// are all flushed against ONE absolute deadline (the largest budget among them), so hundreds of
// forgotten providers in front of a collector that never answers cost one budget at exit, not one
// each. Real child processes; the collector accepts and never answers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

failOnUnhandledRejection();

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const providerUrl = pathToFileURL(join(root, 'lib/facades/provider.ts')).href;

// Forgotten providers (no shutdown call); the child reports, at exit, how long each one's
// beforeExit shutdown took and how long the process took from beforeExit to exit.
const SCRIPT = `
import { writeSync } from 'node:fs';
import { OtelProvider } from ${JSON.stringify(providerUrl)};
const url = process.env.RX_URL;
const budgets = process.env.BUDGETS.split(',').map(Number);
const http = (p) => ({ kind: 'otlp-http', endpoint: url + p, protocol: 'json' });
let t0 = 0;
process.on('beforeExit', () => { if (t0 === 0) t0 = Date.now(); });
const durations = [];
for (const ms of budgets) {
  const p = OtelProvider.from({ traceExporter: http('/v1/traces'), exporter: http('/v1/logs') }, { env: {}, shutdownTimeoutMs: ms });
  p.tracer.startSpan('forgotten').end();
  p.logger.emit({ body: 'forgotten' });
  const shutdown = p.shutdown.bind(p);
  p.shutdown = (opts) => shutdown(opts).then((r) => { durations.push(Math.round(r.durationMs)); return r; });
}
process.on('exit', () => writeSync(1, JSON.stringify({ exitMs: Date.now() - t0, durations }) + '\\n'));
`;

let dir = '';
let receiver: Receiver;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otlp-exit-budget-'));
  writeFileSync(join(dir, 'child.mjs'), SCRIPT);
  receiver = await startReceiver({ replies: () => 'hang' });
});
after(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(budgets: number[]): Promise<{ code: number | null; stderr: string; exitMs: number; durations: number[] }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'child.mjs')], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', RX_URL: receiver.url, BUDGETS: budgets.join(',') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '{}';
      const parsed = JSON.parse(line) as { exitMs: number; durations: number[] };
      resolveRun({ code, stderr, ...parsed });
    });
  });
}

describe('beforeExit safety net', () => {
  it('flushes every forgotten provider against one shared deadline (the largest budget)', async () => {
    const r = await run([200, 700, 1200]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.equal(r.durations.length, 3);
    // every provider ran to the one deadline (the 200 ms one too), none past it by much
    for (const d of r.durations) assert.ok(d >= 1000 && d < 1200 + 1500, `durations ${r.durations.join(', ')}`);
    assert.ok(r.exitMs < 1200 + 2500, `exit ${r.exitMs} ms after beforeExit`);
  });

  it('300 forgotten providers cost one budget at exit, not one each', async () => {
    const r = await run(Array.from({ length: 300 }, () => 1000));
    assert.equal(r.code, 0);
    assert.equal(r.durations.length, 300);
    assert.ok(Math.max(...r.durations) < 1000 + 3000, `slowest provider ${Math.max(...r.durations)} ms`);
    assert.ok(r.exitMs < 1000 + 4000, `exit ${r.exitMs} ms after beforeExit`);
  });
});
