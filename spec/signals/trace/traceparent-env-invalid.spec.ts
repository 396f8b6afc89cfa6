// An invalid TRACEPARENT is ignored with the seed's warning (own process: first call here).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { traceparentContextFromEnv } from '../../../lib/signals/trace/propagation.ts';
import { setDiagnosticHandler } from '../../../lib/platform/diag.ts';

describe('traceparentContextFromEnv with an invalid value', () => {
  it('returns undefined with a warning, and stays undefined', () => {
    const seen: [string, string][] = [];
    setDiagnosticHandler((l, m) => seen.push([l, m]));
    assert.equal(traceparentContextFromEnv({ TRACEPARENT: '00-XYZ-00f067aa0ba902b7-01' }), undefined);
    assert.deepEqual(seen, [['warn', 'TRACEPARENT is set but invalid; ignoring trace context']]);
    assert.equal(traceparentContextFromEnv({ TRACEPARENT: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }), undefined);
    setDiagnosticHandler(undefined);
  });
});
