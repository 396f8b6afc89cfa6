// otlp-lite/otel-api in process, against the real @opentelemetry/api and api-logs modules: span
// methods and sampling as the SDK's, one context both ways (values other than the span survive
// otlp-lite's own startActiveSpan), suppress-tracing, strict W3C inject/extract, the meter's
// instrument kinds through the MetricsClient's exporter, logs with their context, unregister.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as api from '@opentelemetry/api';
import * as logsApi from '@opentelemetry/api-logs';
import { OtelProvider } from '../../lib/facades/provider.ts';
import { InMemoryExporter, InMemoryLogExporter, InMemorySpanExporter } from '../../lib/pipeline/export/in-memory.ts';
import { registerGlobal } from '../../lib/bridges/otel-api/index.ts';
import type { HistogramMetricData, MetricData, NumberPointData, SpanData } from '../../proto-json/model.ts';

let unregister: (() => void) | undefined;
afterEach(() => {
  unregister?.();
  unregister = undefined;
});

function setup(env: NodeJS.ProcessEnv = {}) {
  const spans = new InMemorySpanExporter();
  const logs = new InMemoryLogExporter();
  const metrics = new InMemoryExporter<MetricData>();
  const provider = OtelProvider.from(
    {
      serviceName: 'bridge',
      traceExporter: { kind: 'custom', exporter: spans },
      exporter: { kind: 'custom', exporter: logs },
      metricsExporter: { kind: 'custom', exporter: metrics },
    },
    { env, beforeExitFlush: false },
  )!;
  unregister = registerGlobal(provider, { api, logsApi });
  return {
    provider,
    async done() {
      unregister?.();
      unregister = undefined;
      await provider.shutdown();
      return { spans: spans.getFinishedSpans(), logs: logs.getFinishedLogRecords(), metrics: metrics.getFinished() };
    },
  };
}

const named = (spans: SpanData[], n: string): SpanData => spans.find((s) => s.name === n) ?? assert.fail(`no span ${n}`);

describe('otel-api bridge: tracing', () => {
  it('implements the API span methods as the SDK does', async () => {
    const t = setup();
    const tracer = api.trace.getTracer('my-lib', '2.0.0');
    const other = tracer.startSpan('other');
    const span = tracer.startSpan('first-name', { kind: api.SpanKind.CLIENT, attributes: { 'a.num': 1, 'a.list': ['x', 'y'] }, links: [{ context: other.spanContext(), attributes: { why: 'start' } }] });
    assert.equal(span.isRecording(), true);
    span.setAttribute('b', true).setAttributes({ c: 'd' });
    span.addEvent('evt', { k: 'v' }, [1_700_000_000, 5]);
    span.addLink({ context: other.spanContext() });
    span.addLinks([{ context: other.spanContext(), attributes: { n: 3 } }]);
    span.recordException(new TypeError('bad input'));
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: 'failed' });
    span.updateName('renamed');
    const endAt = performance.now();
    span.end(endAt);
    assert.equal(span.isRecording(), false);
    span.setAttribute('after', 1);
    other.end();
    const { spans } = await t.done();
    const s = named(spans, 'renamed');
    assert.equal(s.kind, 3);
    assert.equal(s.scope.name, 'my-lib');
    assert.equal(s.scope.version, '2.0.0');
    assert.deepEqual(s.attributes, { 'a.num': 1, 'a.list': ['x', 'y'], b: true, c: 'd' });
    assert.deepEqual(s.events.map((e) => e.name), ['evt', 'exception']);
    assert.equal(s.events[0]!.timeSec, 1_700_000_000);
    assert.equal(s.events[0]!.timeNs, 5);
    assert.equal(s.events[1]!.attributes['exception.type'], 'TypeError');
    assert.equal(s.links.length, 3);
    assert.equal(s.links[0]!.spanId, other.spanContext().spanId);
    assert.deepEqual(s.links[2]!.attributes, { n: 3 });
    assert.ok(Math.abs(s.endSec * 1000 + s.endNs / 1e6 - (performance.timeOrigin + endAt)) < 1, 'performance.now()-relative end time');
    assert.equal(s.statusCode, 2);
    assert.equal(s.statusMessage, 'failed');
    assert.equal(s.traceId === named(spans, 'other').traceId, false);
  });

  it('shares one context with otlp-lite both ways and keeps other context values', async () => {
    const t = setup();
    const tracer = api.trace.getTracer('t');
    const key = api.createContextKey('my-key');
    const seen: Record<string, unknown> = {};
    await tracer.startActiveSpan('api-parent', async (apiSpan) => {
      await new Promise((r) => setTimeout(r, 1));
      seen['liteActive'] = t.provider.tracer.activeSpan()?.spanContext().spanId === apiSpan.spanContext().spanId;
      await api.context.with(api.context.active().setValue(key, 'kept'), async () => {
        await t.provider.tracer.startActiveSpan('lite', async (lite) => {
          await new Promise((r) => setTimeout(r, 1));
          seen['value'] = api.context.active().getValue(key);
          seen['apiSeesLite'] = api.trace.getActiveSpan()?.spanContext().spanId === lite.spanContext().spanId;
          seen['sameObject'] = api.trace.getActiveSpan() === api.trace.getActiveSpan();
          tracer.startSpan('api-grandchild').end();
          lite.end();
        });
      });
      apiSpan.end();
    });
    // root: true ignores the active span; an explicit context wins over the active one.
    await tracer.startActiveSpan('outer', async (outer) => {
      tracer.startSpan('forced-root', { root: true }).end();
      tracer.startSpan('explicit-root-context', {}, api.ROOT_CONTEXT).end();
      outer.end();
    });
    const { spans } = await t.done();
    assert.deepEqual(seen, { liteActive: true, value: 'kept', apiSeesLite: true, sameObject: true });
    const p = named(spans, 'api-parent');
    const lite = named(spans, 'lite');
    assert.equal(lite.parentSpanId, p.spanId);
    assert.equal(named(spans, 'api-grandchild').parentSpanId, lite.spanId);
    assert.equal(named(spans, 'forced-root').parentSpanId, '');
    assert.equal(named(spans, 'explicit-root-context').parentSpanId, '');
  });

  it('binds functions and event emitters to a context', async () => {
    const t = setup();
    const tracer = api.trace.getTracer('t');
    const span = tracer.startSpan('bound');
    const ctx = api.trace.setSpan(api.ROOT_CONTEXT, span);
    const fn = api.context.bind(ctx, () => api.trace.getActiveSpan()?.spanContext().spanId);
    const ee = api.context.bind(ctx, new EventEmitter());
    let fromListener: string | undefined;
    const listener = (): void => {
      fromListener = api.trace.getActiveSpan()?.spanContext().spanId;
    };
    ee.on('x', listener);
    ee.emit('x');
    assert.equal(fn(), span.spanContext().spanId);
    assert.equal(fromListener, span.spanContext().spanId);
    ee.off('x', listener);
    assert.equal(ee.listenerCount('x'), 0);
    span.end();
    await t.done();
  });

  it('returns non-recording spans under suppress-tracing and respects the sampler', async () => {
    const t = setup({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' });
    const tracer = api.trace.getTracer('t');
    const suppressed = api.context.active().setValue(api.createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING'), true);
    const s = tracer.startSpan('suppressed', {}, suppressed);
    assert.equal(s.isRecording(), false);
    assert.equal(api.isSpanContextValid(s.spanContext()), false);
    // An unsampled remote parent: the child is not recorded but keeps the trace.
    const remote = api.propagation.extract(api.ROOT_CONTEXT, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' });
    const child = tracer.startSpan('unsampled-child', {}, remote);
    assert.equal(child.isRecording(), false);
    assert.equal(child.spanContext().traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(child.spanContext().traceFlags & 1, 0);
    const sampled = tracer.startSpan('sampled-child', {}, api.propagation.extract(api.ROOT_CONTEXT, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'vendor=x' }));
    assert.equal(sampled.isRecording(), true);
    assert.equal(sampled.spanContext().traceState?.get('vendor'), 'x');
    sampled.end();
    child.end();
    s.end();
    const { spans } = await t.done();
    assert.deepEqual(spans.map((x) => x.name), ['sampled-child']);
    assert.equal(spans[0]!.parentSpanId, 'b7ad6b7169203331');
  });

  it('injects and extracts W3C headers through the strict parser', async () => {
    const t = setup();
    const tracer = api.trace.getTracer('t');
    const span = tracer.startSpan('outgoing');
    const headers: Record<string, string> = {};
    api.propagation.inject(api.trace.setSpan(api.ROOT_CONTEXT, span), headers);
    assert.equal(headers['traceparent'], `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    assert.equal(headers['tracestate'], undefined);
    assert.deepEqual(api.propagation.fields(), ['traceparent', 'tracestate']);
    const none: Record<string, string> = {};
    api.propagation.inject(api.ROOT_CONTEXT, none);
    assert.deepEqual(none, {});
    // Upper-case hex, version ff and all-zero ids are refused: the context is returned unchanged.
    for (const bad of ['00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01', 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', '00-00000000000000000000000000000000-b7ad6b7169203331-01']) {
      assert.equal(api.trace.getSpan(api.propagation.extract(api.ROOT_CONTEXT, { traceparent: bad })), undefined, bad);
    }
    const ctx = api.propagation.extract(api.ROOT_CONTEXT, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'bad key=1' });
    const sc = api.trace.getSpanContext(ctx)!;
    assert.equal(sc.isRemote, true);
    assert.equal(sc.traceState, undefined);
    span.end();
    await t.done();
  });
});

describe('otel-api bridge: metrics and logs', () => {
  it('maps every instrument kind onto the MetricsClient export with typed attributes and advice buckets', async () => {
    const t = setup();
    const meter = api.metrics.getMeter('my-meter', '1.0.0');
    const counter = meter.createCounter('requests', { unit: '{request}', description: 'Requests' });
    counter.add(2, { 'http.response.status_code': 200, ok: true });
    counter.add(3, { ok: true, 'http.response.status_code': 200 });
    counter.add(-1);
    const updown = meter.createUpDownCounter('in_flight');
    updown.add(5);
    updown.add(-2);
    const hist = meter.createHistogram('latency', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1, 10] } });
    hist.record(0.05);
    hist.record(5);
    const gauge = meter.createGauge('temperature');
    gauge.record(20);
    gauge.record(21.5);
    meter.createObservableGauge('queue.depth').addCallback((r) => r.observe(7, { queue: 'a' }));
    meter.createObservableCounter('cpu.time', { valueType: api.ValueType.INT }).addCallback((r) => r.observe(42));
    const batchA = meter.createObservableUpDownCounter('batch.a');
    meter.addBatchObservableCallback((r) => r.observe(batchA, 9), [batchA]);
    meter.createCounter('bad name!').add(1);
    const { metrics } = await t.done();
    const m = (n: string): MetricData => metrics.find((x) => x.name === n) ?? assert.fail(`no metric ${n}: ${metrics.map((x) => x.name).join(',')}`);
    assert.equal(metrics.find((x) => x.name === 'bad name!'), undefined);
    const req = m('requests');
    assert.equal(req.type, 'sum');
    assert.equal(req.scope.name, 'my-meter');
    assert.equal(req.unit, '{request}');
    if (req.type !== 'sum') return;
    assert.equal(req.isMonotonic, true);
    assert.equal(req.points.length, 1);
    assert.equal(req.points[0]!.value, 5);
    assert.deepEqual(req.points[0]!.attributes, { 'http.response.status_code': 200, ok: true });
    const ud = m('in_flight');
    assert.ok(ud.type === 'sum' && ud.isMonotonic === false && ud.temporality === 2 && (ud.points[0] as NumberPointData).value === 3);
    const h = m('latency') as HistogramMetricData;
    assert.deepEqual(h.points[0]!.explicitBounds, [0.1, 1, 10]);
    assert.deepEqual(h.points[0]!.bucketCounts, [1, 0, 1, 0]);
    assert.equal(h.unit, 's');
    assert.equal((m('temperature') as { points: NumberPointData[] }).points[0]!.value, 21.5);
    const q = m('queue.depth');
    assert.ok(q.type === 'gauge');
    assert.deepEqual((q.points[0] as NumberPointData).attributes, { queue: 'a' });
    const cpu = m('cpu.time');
    assert.ok(cpu.type === 'sum' && cpu.isMonotonic && (cpu.points[0] as NumberPointData).value === 42 && (cpu.points[0] as NumberPointData).isInt);
    assert.equal((m('batch.a') as { points: NumberPointData[] }).points[0]!.value, 9);
  });

  it('emits API log records with their context and scope', async () => {
    const t = setup();
    const span = api.trace.getTracer('t').startSpan('ctx');
    const logger = logsApi.logs.getLogger('my-logger', '3.0.0');
    logger.emit({ severityNumber: logsApi.SeverityNumber.WARN, severityText: 'WARN', body: 'hello', attributes: { k: 1 }, context: api.trace.setSpan(api.ROOT_CONTEXT, span) });
    logger.emit({ body: { structured: true }, exception: new RangeError('out of range') });
    span.end();
    const { logs } = await t.done();
    assert.equal(logs.length, 2);
    assert.equal(logs[0]!.scope.name, 'my-logger');
    assert.equal(logs[0]!.traceId, span.spanContext().traceId);
    assert.equal(logs[0]!.spanId, span.spanContext().spanId);
    assert.equal(logs[0]!.severityNumber, 13);
    assert.equal(logs[0]!.body, 'hello');
    assert.equal(logs[1]!.traceId, '');
    assert.equal(logs[1]!.body, '{"structured":true}');
    assert.equal(logs[1]!.attributes['exception.type'], 'RangeError');
  });

  it('unregister() puts the API back to its no-op providers', async () => {
    const t = setup();
    unregister!();
    unregister = undefined;
    const span = api.trace.getTracer('t').startSpan('after');
    assert.equal(span.isRecording(), false);
    const { spans } = await t.done();
    assert.equal(spans.length, 0);
  });
});
