// `bun build --compile` of a tiny CLI that uses the library (spec/matrix/bun-cli.ts) gives one
// self-contained executable; run from an empty folder it delivers one span, one log record and
// one metric point to a loopback receiver in this process and exits on its own, within the 2 s
// shutdown budget, silently, also when the collector never answers.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import type { RuntimeInfo } from '../runtimes.mjs';
import { getRuntime, MATRIX_CLI, parseReport, runChild } from './support.ts';

failOnUnhandledRejection();

const BUDGET_MS = 2000;
/** Process start and teardown on a loaded 2-core machine; generous on purpose. */
const SLACK_MS = 1500;

describe('a Bun-compiled CLI', () => {
  const got = getRuntime('bun');
  const bun = 'skip' in got ? undefined : (got as RuntimeInfo);
  const skip = 'skip' in got ? got.skip : false;
  let dir = '';
  let exe = '';
  const receivers: Receiver[] = [];

  before(async () => {
    if (bun === undefined) return;
    dir = mkdtempSync(join(tmpdir(), 'otlp-lite-bun-compile-'));
    exe = join(dir, 'otlp-lite-matrix-cli');
    const r = await runChild(bun.bin, ['build', '--compile', MATRIX_CLI, '--outfile', exe], { killAfterMs: 60_000 });
    assert.equal(r.code, 0, `bun build --compile failed:\n${r.stdout}\n${r.stderr}`);
  });
  after(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('is one executable file, the Bun runtime plus a few MB of library', { skip }, (t) => {
    const size = statSync(exe).size;
    const runtimeSize = statSync(bun!.bin).size;
    assert.ok((statSync(exe).mode & 0o111) !== 0, 'executable bit set');
    assert.ok(size > runtimeSize, 'embeds the runtime');
    t.diagnostic(`compiled binary ${size} bytes (${(size / 2 ** 20).toFixed(1)} MiB); bun ${bun!.version} runtime ${runtimeSize} bytes; app + library ${size - runtimeSize} bytes`);
  });

  it('exports one span, one log record and one metric point, then exits 0 within the shutdown budget, silently', { skip }, async () => {
    const rx = await startReceiver();
    receivers.push(rx);
    // Run from the empty build folder with a bare environment: nothing but the binary itself.
    const r = await runChild(exe, [rx.url], { cwd: dir, env: {}, killAfterMs: 20_000 });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(rx.counts(), { traces: 1, logs: 1, metrics: 1 });
    const report = parseReport(r.stdout);
    assert.equal(report.runtime, 'bun');
    assert.equal(report.status, 'finished');
    assert.deepEqual(report.exported, { traces: 1, logs: 1, metrics: 1 });
    assert.ok(r.ms < BUDGET_MS, `exited after ${r.ms.toFixed(0)} ms`);
  });

  it('exits within the budget (exit code 1, nothing on stderr) when the collector never answers', { skip }, async () => {
    const rx = await startReceiver({ replies: () => 'hang' });
    receivers.push(rx);
    const r = await runChild(exe, [rx.url], { cwd: dir, env: {}, killAfterMs: 20_000 });
    assert.equal(r.stderr, '');
    assert.equal(r.signal, null);
    assert.equal(r.code, 1, r.stdout);
    assert.equal(parseReport(r.stdout).status, 'timed-out');
    assert.ok(r.ms < BUDGET_MS + SLACK_MS, `exited after ${r.ms.toFixed(0)} ms`);
    assert.ok(rx.requests.length >= 1, 'the exports reached the receiver');
  });
});
