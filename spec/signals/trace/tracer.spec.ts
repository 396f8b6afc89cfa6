// The tracer and spans: parenting (explicit, active via AsyncLocalStorage across await, root),
// sampling, limits with dropped counts, events/links/exceptions/status, counted no-ops after end.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SpanData } from '../../../proto-json/model.ts';
import { SpanKind, StatusCode } from '../../../proto-json/model.ts';
import { readSpanLimits } from '../../../lib/config/limits.ts';
import { isValidSpanId, isValidTraceId } from '../../../lib/platform/ids.ts';
import { samplerFromEnv } from '../../../lib/signals/trace/sampler.ts';
import type { Span } from '../../../lib/signals/trace/span.ts';
import { Tracer, withSpan, type TracerConfig } from '../../../lib/signals/trace/tracer.ts';

const resource = { attributes: { 'service.name': 'test' } };
const scope = { name: 'test' };

function setup(extra: Partial<TracerConfig> = {}, env: NodeJS.ProcessEnv = {}) {
  const ended: SpanData[] = [];
  const tracer = new Tracer({
    resource,
    scope,
    sink: { offer: (s) => (ended.push(s), true) },
    limits: readSpanLimits(env),
    sampler: samplerFromEnv(env),
    ...extra,
  });
  return { tracer, ended };
}

const REMOTE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, traceState: 'a=1', isRemote: true };
const tick = () => new Promise((r) => setTimeout(r, 1));

describe('spans', () => {
  it('records name, kind, ids, times and attributes, and is handed to the sink on end', () => {
    const { tracer, ended } = setup();
    const span = tracer.startSpan('op', { kind: 'client', attributes: { a: 1, b: 'x', n: null } });
    assert.equal(span.isRecording(), true);
    span.setAttribute('c', true).setAttributes({ d: [1, 2] });
    assert.equal(ended.length, 0);
    span.end();
    assert.equal(ended.length, 1);
    const d = ended[0]!;
    assert.equal(d, span as unknown as SpanData);
    assert.equal(d.name, 'op');
    assert.equal(d.kind, SpanKind.CLIENT);
    assert.ok(isValidTraceId(d.traceId) && isValidSpanId(d.spanId));
    assert.equal(d.parentSpanId, '');
    assert.equal(d.flags, 1);
    assert.deepEqual(d.attributes, { a: 1, b: 'x', c: true, d: [1, 2] });
    assert.ok(d.endSec * 1e9 + d.endNs >= d.startSec * 1e9 + d.startNs);
    assert.equal(d.resource, resource);
    assert.equal(d.scope, scope);
    assert.equal(span.isRecording(), false);
  });

  it('accepts span kinds by name or OTLP number, defaulting to internal', () => {
    const { tracer, ended } = setup();
    for (const k of ['internal', 'server', 'client', 'producer', 'consumer', 2, 99, undefined] as const) {
      tracer.startSpan('k', k === undefined ? {} : { kind: k as never }).end();
    }
    assert.deepEqual(ended.map((s) => s.kind), [1, 2, 3, 4, 5, 2, 1, 1]);
  });

  it('honours startTime and endTime and clamps an end before the start', () => {
    const { tracer, ended } = setup();
    tracer.startSpan('t', { startTime: 1_700_000_000_123 }).end([1_700_000_001, 5]);
    tracer.startSpan('t2', { startTime: new Date(1_700_000_000_000) }).end(1_600_000_000_000);
    assert.deepEqual([ended[0]!.startSec, ended[0]!.startNs, ended[0]!.endSec, ended[0]!.endNs], [1_700_000_000, 123_000_000, 1_700_000_001, 5]);
    assert.deepEqual([ended[1]!.endSec, ended[1]!.endNs], [ended[1]!.startSec, ended[1]!.startNs]);
  });

  it('ending twice or changing an ended span is a counted no-op, never an exception', () => {
    const { tracer, ended } = setup();
    const span = tracer.startSpan('once');
    span.end();
    span.end();
    span.setAttribute('late', 1).setAttributes({ x: 1 }).addEvent('late').recordException(new Error('x'));
    span.setStatus({ code: 'error' }).updateName('renamed').addLink({ context: REMOTE });
    assert.equal(ended.length, 1);
    assert.equal(ended[0]!.name, 'once');
    assert.deepEqual(ended[0]!.attributes, {});
    assert.equal(tracer.counters.endedTwice, 1);
    assert.equal(tracer.counters.changedAfterEnd, 7);
    assert.equal(tracer.counters.spansStarted, 1);
    assert.equal(tracer.counters.spansEnded, 1);
  });

  it('applies attribute, event and link limits (128 by default, env overrides) and counts drops', () => {
    const env = { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '2', OTEL_SPAN_EVENT_COUNT_LIMIT: '1', OTEL_SPAN_LINK_COUNT_LIMIT: '1', OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '1', OTEL_LINK_ATTRIBUTE_COUNT_LIMIT: '0' };
    const { tracer, ended } = setup({}, env);
    const span = tracer.startSpan('lim', { attributes: { a: 1, b: 2, c: 3 }, links: [{ context: REMOTE, attributes: { x: 1 } }, { context: REMOTE }] });
    span.setAttribute('a', 10); // overwriting an existing key is not a new attribute
    span.setAttribute('d', 4);
    span.addEvent('e1', { p: 1, q: 2 }).addEvent('e2');
    span.end();
    const d = ended[0]!;
    assert.deepEqual(d.attributes, { a: 10, b: 2 });
    assert.equal(d.droppedAttributesCount, 2);
    assert.equal(d.events.length, 1);
    assert.deepEqual(d.events[0]!.attributes, { p: 1 });
    assert.equal(d.events[0]!.droppedAttributesCount, 1);
    assert.equal(d.droppedEventsCount, 1);
    assert.equal(d.links.length, 1);
    assert.deepEqual(d.links[0]!.attributes, {});
    assert.equal(d.links[0]!.droppedAttributesCount, 1);
    assert.equal(d.droppedLinksCount, 1);
  });

  it('defaults every limit to 128', () => {
    const { tracer, ended } = setup();
    const span = tracer.startSpan('many');
    for (let i = 0; i < 130; i++) span.setAttribute(`k${i}`, i).addEvent(`e${i}`);
    span.end();
    assert.equal(Object.keys(ended[0]!.attributes).length, 128);
    assert.equal(ended[0]!.droppedAttributesCount, 2);
    assert.equal(ended[0]!.events.length, 128);
    assert.equal(ended[0]!.droppedEventsCount, 2);
  });

  it('copies event attributes: clean ones as given, arrays copied, unusable entries and those over the limit dropped', () => {
    const { tracer, ended } = setup({}, { OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '2' });
    const list = [1, 2];
    const clean: Record<string, unknown> = { k: 'v', list };
    const span = tracer.startSpan('events-copy');
    span.addEvent('clean', clean as never).addEvent('mixed', { ok: 1, '': 2, nil: null, gone: undefined } as never);
    span.addEvent('over', { a: 1, b: 2, c: 3 });
    clean['k'] = 'changed';
    list.push(3);
    span.end();
    const events = ended[0]!.events;
    assert.deepEqual(events[0]!.attributes, { k: 'v', list: [1, 2] });
    assert.deepEqual(events[1]!.attributes, { ok: 1 });
    assert.deepEqual(events[2]!.attributes, { a: 1, b: 2 });
    assert.equal(events[2]!.droppedAttributesCount, 1);
  });

  it('treats prototype-named keys as ordinary attributes', () => {
    const { tracer, ended } = setup({}, { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '3' });
    tracer.startSpan('p').setAttribute('toString', 'a').setAttribute('__proto__', 'b').setAttribute('constructor', 'c').setAttribute('x', 'd').end();
    const attrs = ended[0]!.attributes;
    assert.deepEqual(Object.keys(attrs), ['toString', '__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
    assert.equal(ended[0]!.droppedAttributesCount, 1);
  });

  it('copies array values and skips empty keys (counted)', () => {
    const { tracer, ended } = setup();
    const arr = [1, 2];
    tracer.startSpan('c').setAttribute('arr', arr).setAttribute('', 1).end();
    arr.push(3);
    assert.deepEqual(ended[0]!.attributes['arr'], [1, 2]);
    assert.equal(ended[0]!.droppedAttributesCount, 1);
  });

  it('adds events with attributes and explicit times, the time may be the second argument', () => {
    const { tracer, ended } = setup();
    tracer.startSpan('ev').addEvent('a', { k: 'v' }, 1_700_000_000_500).addEvent('b', 1_700_000_001_000).end();
    const [a, b] = ended[0]!.events;
    assert.deepEqual([a!.name, a!.attributes, a!.timeSec, a!.timeNs], ['a', { k: 'v' }, 1_700_000_000, 500_000_000]);
    assert.deepEqual([b!.name, b!.attributes, b!.timeSec], ['b', {}, 1_700_000_001]);
  });

  it('records exceptions as events without changing the status', () => {
    const { tracer, ended } = setup();
    const err = new TypeError('boom');
    tracer.startSpan('ex').recordException(err).recordException('plain').end();
    const [e1, e2] = ended[0]!.events;
    assert.equal(e1!.name, 'exception');
    assert.equal(e1!.attributes['exception.type'], 'TypeError');
    assert.equal(e1!.attributes['exception.message'], 'boom');
    assert.equal(e1!.attributes['exception.stacktrace'], err.stack);
    assert.deepEqual(e2!.attributes, { 'exception.message': 'plain' });
    assert.equal(ended[0]!.statusCode, StatusCode.UNSET);
  });

  it('sets status: error keeps its message, ok is final, unset is ignored', () => {
    const { tracer, ended } = setup();
    tracer.startSpan('s1').setStatus({ code: 'error', message: 'bad' }).end();
    tracer.startSpan('s2').setStatus({ code: StatusCode.OK, message: 'ignored' }).setStatus({ code: 'error', message: 'x' }).end();
    tracer.startSpan('s3').setStatus({ code: 'error', message: 'x' }).setStatus({ code: 'unset' }).end();
    assert.deepEqual(ended.map((s) => [s.statusCode, s.statusMessage]), [[2, 'bad'], [1, ''], [2, 'x']]);
  });

  it('renames with updateName', () => {
    const { tracer, ended } = setup();
    tracer.startSpan('old').updateName('new').end();
    assert.equal(ended[0]!.name, 'new');
  });

  it('adds the configured span attributes at start', () => {
    const { tracer, ended } = setup({ spanAttributes: { 'test.configured_attribute': 'configured-value' } });
    tracer.startSpan('c', { attributes: { own: 1 } }).end();
    assert.deepEqual(ended[0]!.attributes, { own: 1, 'test.configured_attribute': 'configured-value' });
  });

  it('draws fresh, valid ids for every span', () => {
    const { tracer } = setup();
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) ids.add(tracer.startSpan('x').spanContext().spanId);
    assert.equal(ids.size, 1000);
  });
});

describe('parenting', () => {
  it('children parent to the active span across await', async () => {
    const { tracer, ended } = setup();
    await tracer.startActiveSpan('root', async (root) => {
      await tick();
      const child = tracer.startSpan('child');
      await tracer.startActiveSpan('mid', async (mid) => {
        await tick();
        tracer.startSpan('grandchild').end();
        mid.end();
      });
      child.end();
      root.end();
    });
    const by = Object.fromEntries(ended.map((s) => [s.name, s]));
    assert.equal(by['child']!.parentSpanId, by['root']!.spanId);
    assert.equal(by['mid']!.parentSpanId, by['root']!.spanId);
    assert.equal(by['grandchild']!.parentSpanId, by['mid']!.spanId);
    assert.equal(new Set(ended.map((s) => s.traceId)).size, 1);
    assert.equal(by['child']!.flags, 0x101);
    assert.equal(tracer.activeSpan(), undefined);
  });

  it('keeps concurrent async flows apart', async () => {
    const { tracer, ended } = setup();
    const flow = (name: string) =>
      tracer.startActiveSpan(name, async (s) => {
        await tick();
        tracer.startSpan(`${name}.child`).end();
        s.end();
      });
    await Promise.all([flow('a'), flow('b')]);
    const by = Object.fromEntries(ended.map((s) => [s.name, s]));
    assert.equal(by['a.child']!.parentSpanId, by['a']!.spanId);
    assert.equal(by['b.child']!.parentSpanId, by['b']!.spanId);
    assert.notEqual(by['a']!.traceId, by['b']!.traceId);
  });

  it('uses an explicit parent, or none with parent: null', () => {
    const { tracer, ended } = setup();
    const p = tracer.startSpan('p');
    tracer.withSpan(p, () => {
      tracer.startSpan('root', { parent: null }).end();
      tracer.startSpan('explicit', { parent: p.spanContext() }).end();
    });
    assert.equal(ended[0]!.parentSpanId, '');
    assert.equal(ended[1]!.parentSpanId, p.spanContext().spanId);
  });

  it('follows a sampled remote parent and marks it remote in the flags', () => {
    const { tracer, ended } = setup();
    withSpan(REMOTE, () => tracer.startSpan('server', { kind: 'server' }).end());
    const d = ended[0]!;
    assert.equal(d.traceId, REMOTE.traceId);
    assert.equal(d.parentSpanId, REMOTE.spanId);
    assert.equal(d.traceState, 'a=1');
    assert.equal(d.flags, 0x301);
  });

  it('an unsampled remote parent gives a non-recording span that still propagates context', () => {
    const { tracer, ended } = setup();
    const span = tracer.startSpan('x', { parent: { ...REMOTE, traceFlags: 0 } });
    assert.equal(span.isRecording(), false);
    const c = span.spanContext();
    assert.equal(c.traceId, REMOTE.traceId);
    assert.ok(isValidSpanId(c.spanId) && c.spanId !== REMOTE.spanId);
    assert.equal(c.traceFlags & 1, 0);
    span.setAttribute('a', 1);
    span.end();
    assert.equal(ended.length, 0);
    assert.equal(tracer.counters.spansNonRecording, 1);
    // its children inherit the decision
    tracer.withSpan(span, () => assert.equal(tracer.startSpan('child').isRecording(), false));
  });

  it('honours OTEL_TRACES_SAMPLER=always_off and parentbased_traceidratio', () => {
    assert.equal(setup({}, { OTEL_TRACES_SAMPLER: 'always_off' }).tracer.startSpan('x').isRecording(), false);
    const { tracer } = setup({}, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' });
    assert.equal(tracer.startSpan('root').isRecording(), false);
    assert.equal(tracer.startSpan('child', { parent: REMOTE }).isRecording(), true);
  });

  it('with traces disabled, children carry the parent context and roots an invalid one', () => {
    const { tracer } = setup({ sink: undefined });
    assert.equal(tracer.enabled, false);
    const root = tracer.startSpan('root');
    assert.equal(root.isRecording(), false);
    assert.equal(root.spanContext().traceId, '0'.repeat(32));
    const child: Span = tracer.startSpan('child', { parent: REMOTE });
    assert.deepEqual(child.spanContext(), REMOTE);
  });

  it('routes trace-only events to the active recording span, dropping (counted) without one', () => {
    const { tracer, ended } = setup();
    assert.equal(tracer.addEventToActiveSpan('lost', {}), false);
    tracer.startActiveSpan('root', (s) => {
      assert.equal(tracer.addEventToActiveSpan('codex.test.trace_event', { k: 'v' }), true);
      s.end();
      assert.equal(tracer.addEventToActiveSpan('after-end', {}), false);
    });
    assert.deepEqual(ended[0]!.events.map((e) => [e.name, e.attributes]), [['codex.test.trace_event', { k: 'v' }]]);
    assert.equal(tracer.counters.traceEventsDropped, 2);
  });
});
