// Process-exit behaviour in child processes: a top-level `await provider.shutdown()` exits 0 (not
// 13) with the data delivered; the beforeExit safety net delivers for a program that forgot
// shutdown; a dead collector costs at most the shutdown budget; nothing is written to stderr.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { closedAfter, startReceiver } from '../../helpers/receiver.ts';

failOnUnhandledRejection();

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const providerUrl = pathToFileURL(join(root, 'lib/facades/provider.ts')).href;
let dir = '';

const SCRIPT = `
import { OtelProvider } from ${JSON.stringify(providerUrl)};
const url = process.env.RX_URL;
const http = (p) => ({ kind: 'otlp-http', endpoint: url + p, protocol: 'json' });
const provider = OtelProvider.from(
  { serviceName: 'exit-test', traceExporter: http('/v1/traces'), exporter: http('/v1/logs') },
  { shutdownTimeoutMs: Number(process.env.BUDGET) },
);
provider.tracer.startSpan('child-span').end();
provider.logger.emit({ body: 'child-log' });
if (process.env.MODE === 'await') {
  const r = await provider.shutdown();
  process.stdout.write(r.status + '\\n');
}
if (process.env.MODE === 'flush') {
  const r = await provider.flush();
  process.stdout.write(r.traces.exported + ' ' + r.logs.exported + '\\n');
}
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(env: Record<string, string>): Promise<Run> {
  return new Promise((resolveRun) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'child.mjs')], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolveRun({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

describe('process exit', () => {
  const closing = closedAfter();
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'otlp-lite-exit-'));
    writeFileSync(join(dir, 'child.mjs'), SCRIPT);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  // A collector answering after `delayMs`: the child delivers one span and one log record, prints
  // `stdout` (when given) and exits 0 with nothing on stderr.
  const delivering: { name: string; delayMs: number; mode: string; stdout?: string }[] = [
    { name: 'top-level await provider.shutdown() exits 0 (not 13) after delivering, with nothing on stderr', delayMs: 100, mode: 'await', stdout: 'finished' },
    { name: 'top-level await provider.flush() holds the process until delivered', delayMs: 100, mode: 'flush', stdout: '1 1' },
    { name: 'beforeExit delivers for a program that forgot shutdown, then exits 0', delayMs: 50, mode: 'forget' },
  ];
  for (const c of delivering) {
    it(c.name, async () => {
      const rx = closing(await startReceiver({ replies: () => ({ status: 200, delayMs: c.delayMs }) }));
      const r = await run({ RX_URL: rx.url, BUDGET: '5000', MODE: c.mode });
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      if (c.stdout !== undefined) assert.equal(r.stdout.trim(), c.stdout);
      assert.deepEqual(rx.counts(), { traces: 1, logs: 1, metrics: 0 });
    });
  }

  // A collector that never answers: the exit costs at most the 300 ms budget (plus slack), measured
  // against a process that starts the same way and exports nothing, so a loaded machine's slower
  // start does not count against the budget.
  const hanging: { mode: string; label: string; stdout?: string }[] = [
    { mode: 'forget', label: 'forgotten shutdown' },
    { mode: 'await', label: 'awaited shutdown', stdout: 'timed-out' },
  ];
  for (const c of hanging) {
    it(`a collector that never answers costs at most the budget at exit (${c.label})`, async () => {
      const rx = closing(await startReceiver({ replies: () => 'hang' }));
      const base = await run({ RX_URL: 'http://127.0.0.1:9', BUDGET: '0', MODE: 'none' });
      const r = await run({ RX_URL: rx.url, BUDGET: '300', MODE: c.mode });
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      if (c.stdout !== undefined) assert.equal(r.stdout.trim(), c.stdout);
      assert.ok(r.ms - base.ms < 300 + 1500, `exit took ${Math.round(r.ms)} ms vs ${Math.round(base.ms)} ms baseline`);
    });
  }
});
