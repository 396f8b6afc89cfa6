// No telemetry call throws into the host, whatever it is given: `logger.emit(null)`, attributes
// and exceptions that are throwing Proxies, tags whose getters throw, `addLink(null)`, names that
// cannot become strings. The bad part is dropped and counted; the rest of the call still works.
// MetricsClient keeps the seed's contract (invalid input → MetricsError), but never lets a raw
// error through.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogRecordData, SpanData } from '../../proto-json/model.ts';
import { readLogLimits, readSpanLimits } from '../../lib/config/limits.ts';
import { Logger } from '../../lib/signals/logs/logger.ts';
import { Tracer } from '../../lib/signals/trace/tracer.ts';
import { MetricsClient, MetricsConfig } from '../../lib/facades/metrics-client.ts';
import { InMemoryMetricExporter } from '../../lib/signals/metrics/in-memory-exporter.ts';
import { MetricsError } from '../../lib/errors.ts';

const resource = { attributes: { 'service.name': 'test' } };
const scope = { name: 'test' };

/** A Proxy whose every trap throws. */
function hostile<T extends object>(target: T = {} as T): T {
  const boom = (): never => {
    throw new Error('trap');
  };
  return new Proxy(target, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });
}
const unstringifiable = { toString: (): never => { throw new Error('no string'); } };

function tracerSetup() {
  const ended: SpanData[] = [];
  const tracer = new Tracer({ resource, scope, sink: { offer: (s) => (ended.push(s), true) }, limits: readSpanLimits({}) });
  return { tracer, ended };
}

describe('logger never throws', () => {
  it('emit(null / undefined / 42) is dropped and counted', () => {
    const records: LogRecordData[] = [];
    const logger = new Logger({ resource, scope, sink: { offer: (r) => (records.push(r), true) }, limits: readLogLimits({}) });
    for (const bad of [null, undefined, 42, 'text']) logger.emit(bad as never);
    assert.equal(records.length, 0);
    assert.equal(logger.counters.invalid, 4);
  });

  it('a throwing attributes Proxy or getter drops only that part of the record', () => {
    const records: LogRecordData[] = [];
    const logger = new Logger({ resource, scope, sink: { offer: (r) => (records.push(r), true) }, limits: readLogLimits({}) });
    logger.emit({ eventName: 'e1', body: 'kept', attributes: hostile({ a: 1 }) });
    logger.emit({ eventName: 'e2', get body(): never { throw new Error('getter'); }, attributes: { k: 'v' } });
    logger.emit(hostile({ eventName: 'e3' }));
    logger.emitEvent('e4', hostile({}));
    assert.equal(records.length, 4);
    assert.equal(records[0]!.eventName, 'e1');
    assert.equal(records[0]!.body, 'kept');
    assert.equal(records[0]!.droppedAttributesCount, 1);
    assert.equal(records[1]!.eventName, 'e2');
    assert.equal(records[1]!.body, undefined);
    assert.deepEqual({ ...records[1]!.attributes }, { k: 'v' });
    assert.equal(records[3]!.eventName, 'e4');
    assert.equal(logger.counters.invalid, 4);
  });
});

describe('spans never throw', () => {
  it('setAttributes / addEvent / recordException / setStatus with throwing Proxies, addLink(null), odd names and times', () => {
    const { tracer, ended } = tracerSetup();
    const span = tracer.startSpan('s');
    span.setAttribute('before', 1);
    span.setAttributes(hostile({ x: 1 }));
    span.setAttribute('list', hostile(['a']) as never);
    span.addEvent('ev', hostile({ a: 1 }));
    span.recordException(hostile(new Error('x')));
    span.recordException({ name: 'Boom', get message(): never { throw new Error('getter'); }, stack: 'at x' });
    span.recordException(Symbol('s'));
    span.addLink(null as never);
    span.addLink(undefined as never);
    span.addLink({ get context(): never { throw new Error('getter'); } });
    span.setStatus(hostile({ code: 'error' }) as never);
    span.updateName(unstringifiable as never);
    span.setAttribute('after', 2);
    span.end(hostile([1, 2]) as never);
    assert.equal(ended.length, 1);
    const d = ended[0]!;
    assert.equal(d.name, '(invalid name)');
    assert.deepEqual({ ...d.attributes }, { before: 1, after: 2 });
    assert.equal(d.droppedLinksCount, 3);
    assert.equal(d.events.length, 4);
    assert.deepEqual({ ...d.events[2]!.attributes }, { 'exception.type': 'Boom', 'exception.stacktrace': 'at x' }, 'only the throwing field is lost');
    assert.ok(tracer.counters.invalidInputs >= 6, String(tracer.counters.invalidInputs));
  });

  it('startSpan with an unstringifiable name or hostile options returns a span, never throws', () => {
    const { tracer, ended } = tracerSetup();
    const a = tracer.startSpan(unstringifiable as never);
    a.end();
    assert.equal(ended[0]!.name, '(invalid name)');
    const b = tracer.startSpan('x', hostile({}) as never);
    b.end();
    assert.equal(b.isRecording(), false);
    const c = tracer.startSpan('y', { attributes: hostile({}), links: [null as never, hostile({}) as never] });
    c.end();
    assert.equal(ended.at(-1)!.name, 'y');
    assert.equal(ended.at(-1)!.droppedLinksCount, 2);
  });
});

describe('MetricsClient throws only its typed MetricsError', () => {
  it('tags with throwing getters, a throwing Proxy, an unstringifiable name', () => {
    const metrics = new MetricsClient(MetricsConfig.inMemory('t', 's', '1', new InMemoryMetricExporter()));
    const tags = { get model(): string { throw new Error('getter'); } };
    const cases: (() => void)[] = [
      () => metrics.counter('codex.c', 1, tags),
      () => metrics.counter('codex.c', 1, hostile({})),
      () => metrics.histogram('codex.h', 1, tags),
      () => metrics.recordDuration('codex.d', 1, hostile([]) as never),
      () => metrics.counter(unstringifiable as never, 1),
      () => metrics.bind('counter', 'codex.b', tags),
    ];
    for (const call of cases) {
      assert.throws(call, (e: unknown) => e instanceof MetricsError && (e as Error).cause instanceof Error, String(call));
    }
    metrics.counter('codex.c', 1, { model: 'ok' }); // and it still works
  });
});
