// The seed's trace-context helpers: current/span W3C context with configured tracestate merged,
// header injection into plain objects and Headers, remote contexts, re-parenting.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { SpanData } from '../../../proto-json/model.ts';
import { readSpanLimits } from '../../../lib/config/limits.ts';
import {
  contextFromW3cTraceContext,
  currentSpanTraceId,
  currentSpanW3cTraceContext,
  injectTraceHeaders,
  setParentFromContext,
  setParentFromW3cTraceContext,
  spanW3cTraceContext,
} from '../../../lib/signals/trace/propagation.ts';
import { Tracer } from '../../../lib/signals/trace/tracer.ts';
import { setConfiguredTracestate } from '../../../lib/signals/trace/w3c.ts';

const ended: SpanData[] = [];
const tracer = new Tracer({ resource: { attributes: {} }, scope: { name: 't' }, sink: { offer: (s) => (ended.push(s), true) }, limits: readSpanLimits({}) });
const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C context of a span', () => {
  afterEach(() => setConfiguredTracestate(undefined));

  it('is undefined without an active span', () => {
    assert.equal(currentSpanW3cTraceContext(), undefined);
    assert.equal(currentSpanTraceId(), undefined);
  });

  it('gives the active span traceparent and trace id', () => {
    tracer.startActiveSpan('s', (span) => {
      const c = span.spanContext();
      assert.deepEqual(currentSpanW3cTraceContext(), { traceparent: `00-${c.traceId}-${c.spanId}-01` });
      assert.match(currentSpanTraceId()!, /^[0-9a-f]{32}$/);
      assert.notEqual(currentSpanTraceId(), '0'.repeat(32));
    });
  });

  it('merges the configured tracestate into the propagated one (seed test)', () => {
    setConfiguredTracestate({ example: { alpha: 'one', beta: 'two' } });
    const remote = contextFromW3cTraceContext({ traceparent: TP, tracestate: 'example=alpha:zero;keep:yes,other=value' })!;
    const span = tracer.startSpan('child', { parent: remote });
    assert.deepEqual(spanW3cTraceContext(span), {
      traceparent: `00-${remote.traceId}-${span.spanContext().spanId}-01`,
      tracestate: 'example=alpha:one;keep:yes;beta:two,other=value',
    });
  });

  it('is undefined for a span with an invalid context', () => {
    const noop = new Tracer({ resource: { attributes: {} }, scope: { name: 't' }, sink: undefined, limits: readSpanLimits({}) });
    assert.equal(spanW3cTraceContext(noop.startSpan('x')), undefined);
    assert.equal(spanW3cTraceContext(undefined), undefined);
  });
});

describe('injectTraceHeaders', () => {
  afterEach(() => setConfiguredTracestate(undefined));

  it('sets traceparent and removes a stale tracestate on a plain object', () => {
    const span = tracer.startSpan('x');
    const headers: Record<string, unknown> = { Traceparent: 'stale', TraceState: 'stale=1', other: 'kept' };
    assert.equal(injectTraceHeaders(span, headers), true);
    const c = span.spanContext();
    assert.deepEqual(headers, { other: 'kept', traceparent: `00-${c.traceId}-${c.spanId}-01` });
  });

  it('sets both headers on a Headers instance', () => {
    setConfiguredTracestate({ example: { alpha: 'one' } });
    const span = tracer.startSpan('x');
    const headers = new Headers({ tracestate: 'stale=1' });
    assert.equal(injectTraceHeaders(span, headers), true);
    assert.match(headers.get('traceparent')!, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.equal(headers.get('tracestate'), 'example=alpha:one');
  });

  it('removes tracestate from Headers when the span has none', () => {
    const headers = new Headers({ tracestate: 'stale=1' });
    injectTraceHeaders(tracer.startSpan('x'), headers);
    assert.equal(headers.get('tracestate'), null);
  });

  it('returns false and leaves headers untouched without a valid context', () => {
    const headers = { traceparent: 'keep' };
    assert.equal(injectTraceHeaders(undefined, headers), false);
    assert.deepEqual(headers, { traceparent: 'keep' });
  });
});

describe('remote contexts', () => {
  it('parses the seed vector into a remote context', () => {
    const c = contextFromW3cTraceContext({ traceparent: '00-00000000000000000000000000000001-0000000000000002-01' });
    assert.deepEqual(c, { traceId: '00000000000000000000000000000001', spanId: '0000000000000002', traceFlags: 1, traceState: '', isRemote: true });
  });

  it('returns undefined for a missing or invalid traceparent (a tracestate alone is not enough)', () => {
    assert.equal(contextFromW3cTraceContext({ tracestate: 'a=1' }), undefined);
    assert.equal(contextFromW3cTraceContext({ traceparent: 'garbage', tracestate: 'a=1' }), undefined);
    assert.equal(contextFromW3cTraceContext(undefined), undefined);
  });

  it('ignores an invalid tracestate and keeps the traceparent', () => {
    const c = contextFromW3cTraceContext({ traceparent: TP, tracestate: 'BAD=1' });
    assert.equal(c?.traceState, '');
    assert.equal(c?.spanId, '00f067aa0ba902b7');
  });

  it('re-parents a recording span under a W3C context', () => {
    ended.length = 0;
    const span = tracer.startSpan('late-parent');
    assert.equal(setParentFromW3cTraceContext(span, { traceparent: TP, tracestate: 'a=1' }), true);
    span.end();
    assert.equal(ended[0]!.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(ended[0]!.parentSpanId, '00f067aa0ba902b7');
    assert.equal(ended[0]!.traceState, 'a=1');
    assert.equal(ended[0]!.flags, 0x301);
  });

  it('refuses to re-parent an ended span or from an invalid context', () => {
    const span = tracer.startSpan('x');
    assert.equal(setParentFromW3cTraceContext(span, { traceparent: 'bad' }), false);
    span.end();
    assert.equal(setParentFromW3cTraceContext(span, { traceparent: TP }), false);
    assert.equal(setParentFromContext(span, contextFromW3cTraceContext({ traceparent: TP })!), false);
  });
});
