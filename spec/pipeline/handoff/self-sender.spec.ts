// The single-binary pattern: a CLI whose entry calls runHandoffSenderIfRequested() and a provider
// with handoff { sender: 'self' } re-executes the program itself as the sender. Run under Node
// (tsx) and as a `bun build --compile` binary (skipped when Bun is not installed).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import type { RuntimeInfo } from '../../runtimes.mjs';
import { getRuntime, runChild } from '../../runtime/support.ts';
import { root, runHost, startCollector, waitFor } from '../spool/support.ts';

failOnUnhandledRejection();

const CLI = resolve(root, 'spec/pipeline/handoff/fixtures/self-cli.ts');
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs the program against a slow collector: it must hand off, and the sender deliver everything. */
async function assertHandsOff(start: (collectorUrl: string) => Promise<{ code: number | null; stdout: string; stderr: string }>): Promise<void> {
  const collector = await startCollector({ delayMs: 300 });
  try {
    const run = await start(collector.url);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(JSON.parse(run.stdout).status, 'handed-off');
    assert.ok(await waitFor(() => collector.spans.length === 10 && collector.logs.length === 1, 15_000));
    for (const r of collector.requests) assert.equal(r.headers['x-api-key'], 'sk-self-secret');
  } finally {
    await collector.close();
  }
}

describe('hand-off to the program itself (sender: self)', () => {
  it('Node: the re-executed entry is the sender and delivers everything with the headers', async () => {
    await assertHandsOff((url) => runHost(CLI, { RX_URL: url }));
  });

  const got = getRuntime('bun');
  const bun = 'skip' in got ? undefined : (got as RuntimeInfo);
  it('bun build --compile: the binary re-executes itself as the sender', { skip: 'skip' in got ? got.skip : false }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otlp-lite-self-bun-'));
    dirs.push(dir);
    const exe = join(dir, 'self-cli');
    const built = await runChild(bun!.bin, ['build', '--compile', CLI, '--outfile', exe], { killAfterMs: 60_000 });
    assert.equal(built.code, 0, `bun build --compile failed:\n${built.stdout}\n${built.stderr}`);
    await assertHandsOff((url) => runChild(exe, [url], { cwd: dir, env: {}, killAfterMs: 20_000 }));
  });
});
