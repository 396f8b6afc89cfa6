// W3C Trace Context parsing and formatting (strict), and the seed's configured-tracestate merge.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatTraceparent,
  mergeConfiguredTracestate,
  parseTraceparent,
  parseTracestate,
  propagatedTracestate,
  setConfiguredTracestate,
} from '../../../lib/signals/trace/w3c.ts';
import { setDiagnosticHandler } from '../../../lib/platform/diag.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('traceparent', () => {
  it('parses a valid header', () => {
    assert.deepEqual(parseTraceparent(`00-${TRACE}-${SPAN}-01`), { traceId: TRACE, spanId: SPAN, traceFlags: 1 });
    assert.deepEqual(parseTraceparent(` 00-${TRACE}-${SPAN}-00 `), { traceId: TRACE, spanId: SPAN, traceFlags: 0 });
  });

  it('parses the seed test vector', () => {
    const p = parseTraceparent('00-00000000000000000000000000000001-0000000000000002-01');
    assert.deepEqual(p, { traceId: '00000000000000000000000000000001', spanId: '0000000000000002', traceFlags: 1 });
  });

  it('rejects upper-case hex, version ff, all-zero ids, bad lengths and v00 trailing fields', () => {
    for (const bad of [
      `00-${TRACE.toUpperCase()}-${SPAN}-01`,
      `ff-${TRACE}-${SPAN}-01`,
      `00-${'0'.repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `00-${TRACE.slice(1)}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}-1`,
      `00-${TRACE}-${SPAN}-01-extra`,
      `0-${TRACE}-${SPAN}-01`,
      `00_${TRACE}_${SPAN}_01`,
      '',
      undefined,
    ]) {
      assert.equal(parseTraceparent(bad), undefined, String(bad));
    }
  });

  it('accepts a higher version with extra fields, reading the first four', () => {
    assert.deepEqual(parseTraceparent(`01-${TRACE}-${SPAN}-01-future`), { traceId: TRACE, spanId: SPAN, traceFlags: 1 });
  });

  it('keeps only the sampled and random flags', () => {
    assert.equal(parseTraceparent(`00-${TRACE}-${SPAN}-ff`)?.traceFlags, 3);
  });

  it('formats version 00 with two hex flag digits', () => {
    assert.equal(formatTraceparent(TRACE, SPAN, 1), `00-${TRACE}-${SPAN}-01`);
    assert.equal(formatTraceparent(TRACE, SPAN, 0), `00-${TRACE}-${SPAN}-00`);
  });
});

describe('tracestate', () => {
  it('parses members, ignoring whitespace and empty members', () => {
    assert.deepEqual(parseTracestate(' a=1 ,, tenant@sys=x y ,b=2'), [['a', '1'], ['tenant@sys', 'x y'], ['b', '2']]);
    assert.deepEqual(parseTracestate(''), []);
  });

  it('rejects bad keys and values and more than 32 members', () => {
    for (const bad of ['A=1', 'a', '=1', 'a=', 'a=b=c', 'a=x\ty', 'a=1,A=2', `k=${'v'.repeat(257)}`]) {
      assert.equal(parseTracestate(bad), undefined, bad);
    }
    const members = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(',');
    assert.equal(parseTracestate(members(32))?.length, 32);
    assert.equal(parseTracestate(members(33)), undefined);
  });
});

describe('configured tracestate merge', () => {
  afterEach(() => setConfiguredTracestate(undefined));

  it('merges exactly as the seed test does', () => {
    assert.equal(
      mergeConfiguredTracestate('example=alpha:zero;keep:yes,other=value', { example: { alpha: 'one', beta: 'two' } }),
      'example=alpha:one;keep:yes;beta:two,other=value',
    );
  });

  it('replaces a configured field once, keeps other segments verbatim, moves the member first', () => {
    assert.equal(
      mergeConfiguredTracestate('other=v,example=alpha:x;noColon;alpha:y;keep:1;keep:2', { example: { alpha: 'one' } }),
      'example=alpha:one;noColon;keep:1;keep:2,other=v',
    );
  });

  it('inserts missing members at the front in key order', () => {
    assert.equal(mergeConfiguredTracestate('z=1', { b: { f: '2' }, a: { g: '1', f: '0' } }), 'a=f:0;g:1,b=f:2,z=1');
  });

  it('ignores an invalid incoming tracestate with a warning', () => {
    const seen: string[] = [];
    setDiagnosticHandler((_l, m) => seen.push(m));
    try {
      assert.equal(mergeConfiguredTracestate('BAD KEY=1', { example: { alpha: 'one' } }), 'example=alpha:one');
    } finally {
      setDiagnosticHandler(undefined);
    }
    assert.ok(seen.some((m) => m.startsWith('ignoring invalid tracestate while propagating trace context')));
  });

  it('stops merging with a warning when a member would exceed 256 characters', () => {
    const seen: string[] = [];
    setDiagnosticHandler((_l, m) => seen.push(m));
    try {
      const long = `example=${'k:v;'.repeat(62)}kk:vv`;
      assert.equal(mergeConfiguredTracestate(long, { example: { zz: 'toolong' } }), long);
    } finally {
      setDiagnosticHandler(undefined);
    }
    assert.ok(seen.some((m) => m.startsWith('ignoring configured tracestate while propagating trace context')));
  });

  it('keeps at most 32 members, dropping from the right', () => {
    const incoming = Array.from({ length: 32 }, (_, i) => `k${i}=v`).join(',');
    const merged = parseTracestate(mergeConfiguredTracestate(incoming, { example: { a: 'b' } }))!;
    assert.equal(merged.length, 32);
    assert.deepEqual(merged[0], ['example', 'a:b']);
    assert.deepEqual(merged[31], ['k30', 'v']);
  });

  it('is process-global state: set, used by propagation, cleared', () => {
    assert.equal(propagatedTracestate('other=v'), 'other=v');
    setConfiguredTracestate({ example: { alpha: 'one' } });
    assert.equal(propagatedTracestate('other=v'), 'example=alpha:one,other=v');
    setConfiguredTracestate(undefined);
    assert.equal(propagatedTracestate(''), '');
  });
});
