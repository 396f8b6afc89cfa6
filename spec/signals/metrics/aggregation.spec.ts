// Aggregation semantics: sums, last values, upper-inclusive histograms with min/max, delta vs
// cumulative points and their start times, the 2000-series cardinality limit with its overflow
// series, eviction of idle delta series, bound handles and the deny-list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InMemoryMetricExporter, MetricsClient } from '../../../lib/facades/metrics-client.ts';
import { STATSIG_DISABLED_METRICS } from '../../../lib/signals/metrics/names.ts';
import type { MetricData } from '../../../proto-json/model.ts';
import { allMetrics, attrsOf, findMetric, histogramPoint, inMemoryConfig, latestMetrics, numberPoint } from '../../helpers/metrics.ts';

const ns = (sec: number, n: number): bigint => BigInt(sec) * 1_000_000_000n + BigInt(n);

function deltaClient(tweak: (c: ReturnType<typeof inMemoryConfig>) => ReturnType<typeof inMemoryConfig> = (c) => c) {
  const exporter = new InMemoryMetricExporter({ temporality: 'delta' });
  return { metrics: new MetricsClient(tweak(inMemoryConfig(exporter))), exporter };
}

describe('aggregation', () => {
  it('keeps count, sum, min, max and upper-inclusive buckets per attribute set', async () => {
    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(inMemoryConfig(exporter));
    for (const v of [0, 5, 5.0001, 10, 10000, 10001, -1]) metrics.histogram('codex.h', v, { k: 'a' });
    metrics.histogram('codex.h', 7, { k: 'b' });
    metrics.histogram('codex.h', Number.NaN, { k: 'a' }); // ignored
    await metrics.shutdown();
    const m = findMetric(latestMetrics(exporter), 'codex.h');
    assert.equal(m.points.length, 2);
    const a = (m.points as ReturnType<typeof histogramPoint>[]).find((p) => p.attributes['k'] === 'a')!;
    assert.equal(a.count, 7);
    assert.equal(a.min, -1);
    assert.equal(a.max, 10001);
    assert.ok(Math.abs(a.sum! - 20020.0001) < 1e-6);
    // bounds 0,5,10,…,10000: -1 and 0 → (-inf,0]; 5 → (0,5]; 5.0001 and 10 → (5,10]; 10000 → (7500,10000]; 10001 → overflow
    assert.deepEqual([...a.bucketCounts], [2, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('sums counters and keeps the last gauge value', async () => {
    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(inMemoryConfig(exporter));
    for (let i = 0; i < 10; i++) metrics.counter('codex.c', i, { k: 'v' });
    metrics.gauge('codex.g', 5);
    metrics.gauge('codex.g', -3);
    await metrics.shutdown();
    const rm = latestMetrics(exporter);
    const c = numberPoint(findMetric(rm, 'codex.c'));
    assert.equal(c.value, 45);
    assert.equal(c.isInt, true);
    const g = numberPoint(findMetric(rm, 'codex.g'));
    assert.equal(g.value, -3);
    assert.equal(g.isInt, true);
  });

  it('exports two metrics for one name used with two descriptions (as the seed would)', async () => {
    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(inMemoryConfig(exporter));
    metrics.counter('codex.x', 1);
    metrics.counterWithDescription('codex.x', 'described', 1);
    await metrics.shutdown();
    const xs = allMetrics(latestMetrics(exporter)).filter((m) => m.name === 'codex.x');
    assert.deepEqual(xs.map((m) => m.description).sort(), ['', 'described']);
  });

  it('delta: each export holds the interval only, starts chain from the previous collection', async () => {
    const { metrics, exporter } = deltaClient();
    metrics.counter('codex.c', 2);
    metrics.histogram('codex.h', 3);
    await metrics.flush();
    metrics.counter('codex.c', 5);
    await metrics.flush();
    await metrics.flush(); // nothing recorded: nothing exported
    await metrics.shutdown();
    const all = exporter.getFinishedMetrics();
    assert.equal(all.length, 2, 'empty collections are never exported');
    const c1 = findMetric(all[0]!, 'codex.c') as Extract<MetricData, { type: 'sum' }>;
    const c2 = findMetric(all[1]!, 'codex.c') as Extract<MetricData, { type: 'sum' }>;
    assert.equal(c1.temporality, 1);
    assert.equal(c1.points[0]!.value, 2);
    assert.equal(c2.points[0]!.value, 5);
    assert.equal(allMetrics(all[1]!).some((m) => m.name === 'codex.h'), false);
    const p1 = c1.points[0]!;
    const p2 = c2.points[0]!;
    assert.ok(ns(p1.startSec, p1.startNs) <= ns(p1.timeSec, p1.timeNs));
    // start of the 2nd interval = time of the 1st collection (the empty flush in between was the 2nd).
    assert.ok(ns(p2.startSec, p2.startNs) >= ns(p1.timeSec, p1.timeNs));
    assert.ok(ns(p2.startSec, p2.startNs) < ns(p2.timeSec, p2.timeNs));
  });

  it('cumulative: start is the first measurement of the series and stays put', async () => {
    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(inMemoryConfig(exporter));
    metrics.counter('codex.c', 1, { k: 'a' });
    await metrics.flush();
    metrics.counter('codex.c', 1, { k: 'b' });
    await metrics.flush();
    await metrics.shutdown();
    const all = exporter.getFinishedMetrics();
    const last = findMetric(all[all.length - 1]!, 'codex.c');
    const a = last.points.find((p) => p.attributes['k'] === 'a')!;
    const b = last.points.find((p) => p.attributes['k'] === 'b')!;
    assert.ok(ns(a.startSec, a.startNs) < ns(b.startSec, b.startNs));
    const first = findMetric(all[0]!, 'codex.c').points[0]!;
    assert.deepEqual([a.startSec, a.startNs], [first.startSec, first.startNs]);
  });

  it('delta gauges report only series recorded in the interval; cumulative gauges repeat', async () => {
    const d = deltaClient();
    d.metrics.gauge('codex.g', 1);
    await d.metrics.flush();
    d.metrics.counter('codex.other', 1);
    await d.metrics.flush();
    const dAll = d.exporter.getFinishedMetrics();
    assert.equal(allMetrics(dAll[1]!).some((m) => m.name === 'codex.g'), false);

    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(inMemoryConfig(exporter));
    metrics.gauge('codex.g', 1);
    await metrics.flush();
    metrics.counter('codex.other', 1);
    await metrics.flush();
    assert.equal(numberPoint(findMetric(latestMetrics(exporter), 'codex.g')).value, 1);
    await Promise.all([d.metrics.shutdown(), metrics.shutdown()]);
  });

  it('caps a metric at 2000 series: the rest goes to one otel.metric.overflow=true series', async () => {
    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(inMemoryConfig(exporter).withTag('service', 'x'));
    for (let i = 0; i < 2100; i++) metrics.counter('codex.c', 1, { id: `n${i}` });
    metrics.counter('codex.c', 5, { id: 'n0' }); // an existing series still records normally
    await metrics.shutdown();
    const m = findMetric(latestMetrics(exporter), 'codex.c');
    assert.equal(m.points.length, 2000);
    const overflow = m.points.filter((p) => p.attributes['otel.metric.overflow'] === true);
    assert.equal(overflow.length, 1);
    assert.deepEqual(attrsOf(overflow[0]!), { 'otel.metric.overflow': true });
    assert.equal((overflow[0] as { value: number }).value, 101);
    assert.equal((m.points.find((p) => p.attributes['id'] === 'n0') as { value: number }).value, 6);
    assert.equal(overflow[0]!.attributesJson, '[{"key":"otel.metric.overflow","value":{"boolValue":true}}]');
  });

  it('honours a smaller cardinality limit for histograms too', async () => {
    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(inMemoryConfig(exporter).withCardinalityLimit(3));
    for (const id of ['a', 'b', 'c', 'd']) metrics.histogram('codex.h', 1, { id });
    await metrics.shutdown();
    const m = findMetric(latestMetrics(exporter), 'codex.h');
    assert.equal(m.points.length, 3);
    const o = (m.points as ReturnType<typeof histogramPoint>[]).find((p) => p.attributes['otel.metric.overflow'] === true)!;
    assert.equal(o.count, 2);
  });

  it('delta: idle series are evicted, so the limit applies per interval; bound series stay', async () => {
    const { metrics, exporter } = deltaClient((c) => c.withCardinalityLimit(3));
    const bound = metrics.bind('counter', 'codex.c', { id: 'bound' });
    bound.add(1);
    metrics.counter('codex.c', 1, { id: 'a' });
    await metrics.flush(); // a exported
    await metrics.flush(); // a idle → evicted
    metrics.counter('codex.c', 1, { id: 'b' }); // without the eviction of a, b would overflow (2 regular series max)
    bound.add(2);
    await metrics.shutdown();
    const m = findMetric(latestMetrics(exporter), 'codex.c');
    const byId = Object.fromEntries(m.points.map((p) => [String(p.attributes['id'] ?? 'overflow'), (p as { value: number }).value]));
    assert.deepEqual(byId, { bound: 2, b: 1 });
  });

  it('bound handles and per-call recordings share one series', async () => {
    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(inMemoryConfig(exporter).withTag('service', 'x'));
    const c = metrics.bind('counter', 'codex.c', { a: '1', b: '2' });
    const h = metrics.bind('histogram', 'codex.h', [['a', '1']]);
    const d = metrics.bind('duration', 'codex.d', [['a', '1']]);
    const g = metrics.bind('gauge', 'codex.g');
    c.add();
    c.add(4);
    metrics.counter('codex.c', 10, { b: '2', a: '1' }); // other key order, same series
    h.record(3);
    metrics.histogram('codex.h', 7, { a: '1' });
    d.record(15.9);
    g.record(9);
    await metrics.shutdown();
    const rm = latestMetrics(exporter);
    const cp = numberPoint(findMetric(rm, 'codex.c'));
    assert.equal(cp.value, 15);
    assert.deepEqual(attrsOf(cp), { a: '1', b: '2', service: 'x' });
    assert.equal(histogramPoint(findMetric(rm, 'codex.h')).count, 2);
    const dm = findMetric(rm, 'codex.d');
    assert.equal(dm.unit, 'ms');
    assert.equal(histogramPoint(dm).sum, 15);
    assert.equal(numberPoint(findMetric(rm, 'codex.g')).value, 9);
  });

  it('deny-listed metrics are validated, then silently not recorded (in-memory + Statsig list)', async () => {
    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(inMemoryConfig(exporter).withRuntimeReader().withDisabledMetrics(STATSIG_DISABLED_METRICS));
    metrics.counter('codex.turns', 1);
    for (const name of STATSIG_DISABLED_METRICS) {
      metrics.counter(name, 1);
      metrics.recordDuration(name, 5);
      metrics.histogram(name, 5);
    }
    metrics.bind('counter', 'codex.tool.call').add(1);
    assert.throws(() => metrics.counter('codex.tool.call', 1, { 'bad key': 'x' }), (e: any) => e.kind === 'InvalidTagComponent');
    assert.deepEqual(allMetrics(metrics.snapshot()).map((m) => m.name), ['codex.turns'], 'not in the runtime snapshot either');
    await metrics.shutdown();
    assert.deepEqual(allMetrics(latestMetrics(exporter)).map((m) => m.name), ['codex.turns']);
  });

  it('renders each series attributes once as OTLP JSON', async () => {
    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(inMemoryConfig(exporter));
    metrics.counter('codex.c', 1, { z: 'a/b', a: 'x.y-z_1' });
    await metrics.shutdown();
    const p = numberPoint(findMetric(latestMetrics(exporter), 'codex.c'));
    assert.equal(p.attributesJson, '[{"key":"a","value":{"stringValue":"x.y-z_1"}},{"key":"z","value":{"stringValue":"a/b"}}]');
    assert.deepEqual(JSON.parse(p.attributesJson!), [
      { key: 'a', value: { stringValue: 'x.y-z_1' } },
      { key: 'z', value: { stringValue: 'a/b' } },
    ]);
  });
});
