// The same tiny CLI (spec/matrix/bun-cli.ts) as a plain script on every runtime — this node,
// Node 22, Node 24 (`node --import tsx`) and Bun (`bun file.ts`, no test runner involved) —
// asserting through exit codes and the receiver's counts: all three signals delivered, the
// process exits on its own and silently, and a collector that never answers costs at most the
// shutdown budget.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import { hostRuntime, tsCommand, type RuntimeInfo } from '../runtimes.mjs';
import { getRuntime, MATRIX_CLI, parseReport, runChild } from './support.ts';

failOnUnhandledRejection();

const BUDGET_MS = 500;
/** Process start (tsx compiles the sources on Node) and teardown on a loaded 2-core machine. */
const SLACK_MS = 4000;

const receivers: Receiver[] = [];
after(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

const host = hostRuntime();
const names = [host.name, ...['node22', 'node24', 'bun'].filter((n) => n !== host.name)];

for (const name of names) {
  const got = name === host.name ? host : getRuntime(name);
  const skip = 'skip' in got ? got.skip : false;
  const rt = 'skip' in got ? undefined : (got as RuntimeInfo);

  describe(`the matrix CLI as a plain script on ${name}${rt !== undefined ? ` ${rt.version}` : ''}`, () => {
    it('delivers one span, one log record and one metric point and exits 0, silently', { skip }, async () => {
      const rx = await startReceiver();
      receivers.push(rx);
      const [bin, argv] = tsCommand(rt!, MATRIX_CLI, [rx.url]);
      const r = await runChild(bin, argv, { killAfterMs: 30_000 });
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0, r.stdout);
      assert.deepEqual(rx.counts(), { traces: 1, logs: 1, metrics: 1 });
      const report = parseReport(r.stdout);
      assert.equal(report.runtime, rt!.kind);
      assert.equal(report.version, rt!.version);
      assert.equal(report.status, 'finished');
    });

    it('exits within the shutdown budget when the collector never answers', { skip }, async () => {
      const rx = await startReceiver({ replies: () => 'hang' });
      receivers.push(rx);
      const [bin, argv] = tsCommand(rt!, MATRIX_CLI, [rx.url]);
      const r = await runChild(bin, argv, { env: { OTLP_LITE_MATRIX_BUDGET_MS: String(BUDGET_MS) }, killAfterMs: 30_000 });
      assert.equal(r.stderr, '');
      assert.equal(r.signal, null);
      assert.equal(r.code, 1, r.stdout);
      const report = parseReport(r.stdout);
      assert.equal(report.status, 'timed-out');
      assert.ok(report.shutdownMs <= BUDGET_MS + 1000, `shutdown took ${report.shutdownMs} ms`);
      assert.ok(r.ms < BUDGET_MS + SLACK_MS, `exited after ${r.ms.toFixed(0)} ms`);
    });
  });
}
