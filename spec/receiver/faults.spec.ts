// Fault scripts: the CLI text form and the order in which rules are handed out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFaultPlan, parseFaultSpec } from '../../lib/receiver/faults.ts';

describe('parseFaultSpec', () => {
  it('parses status, signal, count and retry-after', () => {
    assert.deepEqual(parseFaultSpec('503'), { reply: 503 });
    assert.deepEqual(parseFaultSpec('traces:429x2,retry-after=1'), { signal: 'traces', reply: 429, times: 2, retryAfterSeconds: 1 });
    assert.deepEqual(parseFaultSpec('LOGS:reset'), { signal: 'logs', reply: 'reset' });
  });

  it('throws a ConfigError naming the text for anything else', () => {
    for (const bad of ['', 'boom', 'spans:503', '503x0', '99', '503,retry=1', '700']) {
      assert.throws(() => parseFaultSpec(bad), (e: Error & { code?: string }) => {
        assert.equal(e.name, 'ConfigError');
        assert.equal(e.code, 'OTLP_LITE_CONFIG');
        assert.ok(e.message.includes(JSON.stringify(bad)), e.message);
        return true;
      });
    }
  });
});

describe('createFaultPlan', () => {
  it('hands out rules in order, per signal, until each is used up', () => {
    const plan = createFaultPlan([{ signal: 'logs', reply: 503, times: 2 }, { reply: 500 }]);
    assert.equal(plan.take('traces')?.reply, 500);
    assert.equal(plan.take('traces'), undefined);
    assert.equal(plan.take('logs')?.reply, 503);
    assert.equal(plan.take('logs')?.reply, 503);
    assert.equal(plan.take('logs'), undefined);
    assert.equal(plan.injected(), 3);
  });

  it('rejects an out-of-range rule with a ConfigError', () => {
    assert.throws(() => createFaultPlan([{ reply: 42 }]), { name: 'ConfigError' });
    assert.throws(() => createFaultPlan([{ reply: 503, times: 0 }]), { name: 'ConfigError' });
  });
});
