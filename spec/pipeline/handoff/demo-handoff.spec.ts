// `otlp-lite demo --handoff`: the session's shutdown returns without waiting out the injected
// 503's 1 s Retry-After; the detached sender retries and the embedded receiver gets everything.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { runCli } from '../../cli/support.ts';

failOnUnhandledRejection();

const SIGNALS = ['traces', 'logs', 'metrics'] as const;

describe('otlp-lite demo --handoff', () => {
  it('shuts down without waiting for the retry; the sender delivers every item', async () => {
    const r = await runCli(['demo', '--json', '--handoff']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0, r.stdout);
    const report = JSON.parse(r.stdout);
    assert.equal(report.ok, true);
    assert.ok(report.handoff.items > 0);
    assert.notEqual(report.handoff.deliveredAfterMs, null);
    for (const s of SIGNALS) {
      assert.ok(report.receiver[s].items > 0, `${s} items`);
      assert.equal(report.receiver[s].items, report.pipeline[s].exported, `${s}: receiver items = exported + handed off`);
    }
    assert.equal(report.receiver.traces.faults, 1); // the sender met the 503 and retried
    // In process, the 503's Retry-After alone holds shutdown for 1000 ms.
    assert.ok(report.shutdown.durationMs < 1000, `shutdown ${report.shutdown.durationMs} ms`);
  });
});
