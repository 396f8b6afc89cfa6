// Port of codex-otel tests/suite/send.rs: payload shape with tags, histograms and gauges,
// default tags merged per call, export at shutdown, nothing exported without recordings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { MetricsClient, MetricsConfig } from '../../../lib/facades/metrics-client.ts';
import { assertNumberMetric, attrsOf, buildClient, findMetric, histogramPoint, latestMetrics, numberPoint } from '../../helpers/metrics.ts';

failOnUnhandledRejection();

describe('MetricsClient send', () => {
  it('builds a payload with tags, histograms and gauges (per-call tags override defaults)', async () => {
    const { metrics, exporter } = buildClient((c) => c.withTag('service', 'codex-cli').withTag('env', 'prod'));
    metrics.counterWithDescription('codex.turns', 'Total number of Codex turns.', 1, [['model', 'gpt-5.1'], ['env', 'dev']]);
    metrics.histogram('codex.tool_latency', 25, [['tool', 'shell']]);
    metrics.gaugeWithDescription('codex.active', 'Active things.', 2, [['component', 'test']]);
    await metrics.shutdown();

    const rm = latestMetrics(exporter);
    const tp = assertNumberMetric(rm, 'codex.turns', {
      type: 'sum',
      description: 'Total number of Codex turns.',
      value: 1,
      attrs: { service: 'codex-cli', env: 'dev', model: 'gpt-5.1' },
    });
    assert.deepEqual(Object.keys(tp.attributes), ['env', 'model', 'service'], 'attributes sorted by key');

    const hp = histogramPoint(findMetric(rm, 'codex.tool_latency'));
    assert.ok(hp.explicitBounds.length > 0);
    assert.equal(hp.bucketCounts.reduce((a, b) => a + b, 0), 1);
    assert.equal(hp.sum, 25);
    assert.equal(hp.count, 1);
    assert.deepEqual(attrsOf(hp), { service: 'codex-cli', env: 'prod', tool: 'shell' });

    assertNumberMetric(rm, 'codex.active', { type: 'gauge', description: 'Active things.', value: 2, attrs: { service: 'codex-cli', env: 'prod', component: 'test' } });
  });

  it('merges the default tags independently for each call', async () => {
    const { metrics, exporter } = buildClient((c) => c.withTag('service', 'codex-cli').withTag('env', 'prod').withTag('region', 'us'));
    metrics.counter('codex.alpha', 1, { component: 'alpha', env: 'dev' });
    metrics.counter('codex.beta', 2, { service: 'worker' });
    await metrics.shutdown();
    const rm = latestMetrics(exporter);
    const a = numberPoint(findMetric(rm, 'codex.alpha'));
    assert.deepEqual(attrsOf(a), { component: 'alpha', env: 'dev', region: 'us', service: 'codex-cli' });
    const b = numberPoint(findMetric(rm, 'codex.beta'));
    assert.equal(b.value, 2);
    assert.deepEqual(attrsOf(b), { env: 'prod', region: 'us', service: 'worker' });
  });

  it('accepts tags as an object or as pairs, the last duplicate winning', async () => {
    const { metrics, exporter } = buildClient();
    metrics.counter('codex.pairs', 1, [['k', 'first'], ['k', 'second']]);
    metrics.counter('codex.pairs', 1, { k: 'second' });
    await metrics.shutdown();
    const p = numberPoint(findMetric(latestMetrics(exporter), 'codex.pairs'));
    assert.equal(p.value, 2);
    assert.deepEqual(attrsOf(p), { k: 'second' });
  });

  it('sends an enqueued counter at shutdown', async () => {
    const { metrics, exporter } = buildClient();
    metrics.counter('codex.turns', 1, [['model', 'gpt-5.1']]);
    assert.equal(exporter.getFinishedMetrics().length, 0, 'nothing exported before shutdown');
    await metrics.shutdown();
    const p = numberPoint(findMetric(latestMetrics(exporter), 'codex.turns'));
    assert.equal(p.value, 1);
    assert.equal(p.attributes['model'], 'gpt-5.1');
  });

  it('flushes the in-memory exporter at shutdown and resolves ok', async () => {
    const { metrics, exporter } = buildClient();
    metrics.counter('codex.turns', 1);
    const r = await metrics.shutdown();
    assert.equal(r.ok, true);
    assert.equal(r.error, undefined);
    assert.equal(r.exported, 1);
    assert.equal(exporter.getFinishedMetrics().length, 1);
    assert.equal(exporter.isShutdown, true);
  });

  it('exports nothing at shutdown when nothing was recorded', async () => {
    const { metrics, exporter } = buildClient();
    await metrics.shutdown();
    assert.deepEqual(exporter.getFinishedMetrics(), []);
  });

  it('shutdown is idempotent: the same promise, one export', async () => {
    const { metrics, exporter } = buildClient();
    metrics.counter('codex.turns', 1);
    const a = metrics.shutdown();
    const b = metrics.shutdown();
    assert.equal(a, b);
    await a;
    assert.equal(exporter.getFinishedMetrics().length, 1);
  });

  it('flush() exports now without shutting down; the in-memory exporter stays cumulative', async () => {
    const { metrics, exporter } = buildClient();
    metrics.counter('codex.turns', 1);
    const f = await metrics.flush();
    assert.equal(f.exported, 1);
    metrics.counter('codex.turns', 2);
    await metrics.shutdown();
    const all = exporter.getFinishedMetrics();
    assert.equal(all.length, 2);
    const first = numberPoint(findMetric(all[0]!, 'codex.turns'));
    const last = numberPoint(findMetric(all[1]!, 'codex.turns'));
    assert.equal(first.value, 1);
    assert.equal(last.value, 3, 'cumulative');
    assert.equal(findMetric(all[1]!, 'codex.turns').type === 'sum' && (findMetric(all[1]!, 'codex.turns') as { temporality: number }).temporality, 2);
    assert.deepEqual([last.startSec, last.startNs], [first.startSec, first.startNs], 'cumulative start is stable');
  });

  it('exports periodically at the configured interval', async () => {
    const { metrics, exporter } = buildClient((c) => c.withExportInterval(20));
    metrics.counter('codex.turns', 1);
    const until = Date.now() + 3000;
    while (exporter.getFinishedMetrics().length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.ok(exporter.getFinishedMetrics().length >= 1);
    await metrics.shutdown();
  });

  it('carries the seed resource (service.name, service.version, env, telemetry.sdk.*) and scope codex, no host.name', async () => {
    const { metrics, exporter } = buildClient();
    metrics.counter('codex.turns', 1);
    await metrics.shutdown();
    const rm = latestMetrics(exporter);
    const a = rm.resource.attributes;
    assert.equal(a['service.name'], 'codex-cli');
    assert.equal(a['env'], 'test');
    assert.equal(typeof a['service.version'], 'string');
    assert.equal(a['telemetry.sdk.name'], 'otlp-lite');
    assert.equal(a['telemetry.sdk.language'], 'nodejs');
    assert.equal(a['host.name'], undefined);
    assert.equal(rm.scopeMetrics[0]!.scope.name, 'codex');
  });

  it("refuses the { kind: 'none' } exporter with ExporterDisabled", () => {
    assert.throws(
      () => new MetricsClient(MetricsConfig.otlp('test', 'codex-cli', '1', { kind: 'none' })),
      (e: any) => e.kind === 'ExporterDisabled' && e.message === 'metrics exporter is disabled',
    );
  });
});
