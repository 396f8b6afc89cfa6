// traceparentContextFromEnv reads TRACEPARENT / TRACESTATE once per process (this file runs in
// its own process, so the first call here is the process's first).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { traceparentContextFromEnv } from '../../../lib/signals/trace/propagation.ts';
import { setDiagnosticHandler } from '../../../lib/platform/diag.ts';

describe('traceparentContextFromEnv', () => {
  it('reads the variables once and caches the result for the process', () => {
    const seen: string[] = [];
    setDiagnosticHandler((_l, m) => seen.push(m));
    const env = { TRACEPARENT: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', TRACESTATE: 'vendor=x' };
    const first = traceparentContextFromEnv(env);
    assert.deepEqual(first, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, traceState: 'vendor=x', isRemote: true });
    assert.ok(seen.includes('TRACEPARENT detected; continuing trace from parent context'));
    assert.equal(traceparentContextFromEnv({ TRACEPARENT: 'invalid' }), first);
    assert.equal(traceparentContextFromEnv({}), first);
    setDiagnosticHandler(undefined);
  });
});
