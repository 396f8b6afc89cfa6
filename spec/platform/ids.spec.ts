import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidSpanId, isValidTraceId, newSpanId, newTraceId } from '../../lib/platform/ids.ts';

describe('ids', () => {
  it('makes 32-char lowercase hex trace ids and 16-char span ids across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const t = newTraceId();
      const s = newSpanId();
      assert.ok(isValidTraceId(t), t);
      assert.ok(isValidSpanId(s), s);
      seen.add(t);
    }
    assert.equal(seen.size, 5000);
  });

  it('rejects all-zero, upper-case and wrong-length ids', () => {
    assert.equal(isValidTraceId('0'.repeat(32)), false);
    assert.equal(isValidSpanId('0'.repeat(16)), false);
    assert.equal(isValidTraceId('A'.repeat(32)), false);
    assert.equal(isValidSpanId('a'.repeat(15)), false);
  });
});
