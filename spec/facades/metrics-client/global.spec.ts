// The process-global client (codex-otel §6.4): re-install semantics (cached references follow the
// new client; shutdown only stops the caller's own exporter), start_global_timer and
// record_process_start_once. Tests share process state, so they run in order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  global,
  globalStatsigMetricsSettings,
  installGlobal,
  InMemoryMetricExporter,
  MetricsClient,
  MetricsConfig,
  recordProcessStartOnce,
  startGlobalTimer,
} from '../../../lib/facades/metrics-client.ts';
import { allMetrics, attrsOf, findMetric, histogramPoint, inMemoryConfig, latestMetrics, numberPoint } from '../../helpers/metrics.ts';

describe('global metrics client', { concurrency: 1 }, () => {
  it('has no global client and no timer before an install', () => {
    assert.equal(global(), undefined);
    assert.throws(() => startGlobalTimer('codex.t'), (e: any) => e.kind === 'ExporterDisabled');
    assert.equal(globalStatsigMetricsSettings(), undefined);
  });

  it('routes a cached global reference to the re-installed client', async () => {
    const first = new InMemoryMetricExporter();
    const second = new InMemoryMetricExporter();
    const a = new MetricsClient(inMemoryConfig(first));
    installGlobal(a);
    const cached = global()!;
    assert.equal(cached, a);
    const bound = cached.bind('counter', 'codex.bound');
    bound.add(1);

    const b = new MetricsClient(inMemoryConfig(second));
    installGlobal(b);
    assert.equal(global(), b);
    cached.counter('codex.turns', 1, { model: 'gpt-5.1' });
    bound.add(2); // handles follow too

    await a.shutdown(); // shuts down a's own exporter only
    assert.deepEqual(allMetrics(latestMetrics(first)).map((m) => m.name), ['codex.bound']);
    assert.equal(numberPoint(findMetric(latestMetrics(first), 'codex.bound')).value, 1);

    cached.counter('codex.turns', 1, { model: 'gpt-5.1' }); // still records into b after a's shutdown
    await b.shutdown();
    const rm = latestMetrics(second);
    assert.equal(numberPoint(findMetric(rm, 'codex.turns')).value, 2);
    assert.equal(numberPoint(findMetric(rm, 'codex.bound')).value, 2);
  });

  it('startGlobalTimer records on the installed client', async () => {
    const exporter = new InMemoryMetricExporter();
    const c = new MetricsClient(inMemoryConfig(exporter));
    installGlobal(c);
    startGlobalTimer('codex.remote_models.fetch_update.duration_ms', { phase: 'x' }).record();
    await c.shutdown();
    const p = histogramPoint(findMetric(latestMetrics(exporter), 'codex.remote_models.fetch_update.duration_ms'));
    assert.equal(p.count, 1);
    assert.deepEqual(attrsOf(p), { phase: 'x' });
  });

  it('recordProcessStartOnce counts codex.process.start once with a bounded originator', async () => {
    const exporter = new InMemoryMetricExporter();
    const c = new MetricsClient(inMemoryConfig(exporter));
    assert.equal(recordProcessStartOnce(c, 'my weird originator'), true);
    assert.equal(recordProcessStartOnce(c, 'codex_cli_rs'), false);
    await c.shutdown();
    const p = numberPoint(findMetric(latestMetrics(exporter), 'codex.process.start'));
    assert.equal(p.value, 1);
    assert.deepEqual(attrsOf(p), { originator: 'other' });
  });

  it('globalStatsigMetricsSettings reports the environment of an installed Statsig client', async () => {
    const c = new MetricsClient(
      MetricsConfig.otlp('staging', 'codex-cli', '1', { kind: 'statsig', apiKey: 'k-123', endpoint: 'http://127.0.0.1:9/otlp/v1/metrics' }),
    );
    installGlobal(c);
    assert.deepEqual(globalStatsigMetricsSettings(), { environment: 'staging' });
    await c.shutdown({ timeoutMs: 200 });
  });
});
