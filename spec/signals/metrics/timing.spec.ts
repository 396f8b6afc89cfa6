// Port of codex-otel tests/suite/timing.rs: millisecond and second duration histograms (units,
// descriptions, exact bucket layouts, truncation to whole ms) and Timer record semantics.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MILLISECOND_DURATION_BOUNDARIES, SECOND_DURATION_BOUNDARIES } from '../../../lib/signals/metrics/names.ts';
import { attrsOf, buildClient, findMetric, histogramPoint, latestMetrics } from '../../helpers/metrics.ts';

describe('duration metrics', () => {
  it('recordDuration records a ms histogram with the seed unit and description', async () => {
    const { metrics, exporter } = buildClient();
    metrics.recordDuration('codex.request_latency', 15, { route: 'chat' });
    await metrics.shutdown();
    const m = findMetric(latestMetrics(exporter), 'codex.request_latency');
    const p = histogramPoint(m);
    assert.equal(p.sum, 15);
    assert.equal(p.count, 1);
    assert.equal(m.unit, 'ms');
    assert.equal(m.description, 'Duration in milliseconds.');
    assert.deepEqual([...p.explicitBounds], [...MILLISECOND_DURATION_BOUNDARIES]);
    assert.equal(p.explicitBounds.length, 34);
    assert.deepEqual(attrsOf(p), { route: 'chat' });
  });

  it('recordDuration keeps whole-millisecond behaviour: 15,999 µs records 15', async () => {
    const { metrics, exporter } = buildClient();
    metrics.recordDuration('codex.request_latency', 15_999 / 1000);
    await metrics.shutdown();
    const p = histogramPoint(findMetric(latestMetrics(exporter), 'codex.request_latency'));
    assert.equal(p.sum, 15);
    assert.equal(p.min, 15);
    assert.equal(p.max, 15);
  });

  it('recordDurationSeconds uses fractional seconds and the scaled buckets', async () => {
    const { metrics, exporter } = buildClient();
    const samples = [0.2, 1, 4.9, 12, 15, 20, 30, 60, 120, 121];
    for (const s of samples) metrics.recordDurationSeconds('codex.exec_seconds', 'Exec duration in seconds.', s, { kind: 'exec' });
    await metrics.shutdown();
    const m = findMetric(latestMetrics(exporter), 'codex.exec_seconds');
    const p = histogramPoint(m);
    assert.deepEqual([...p.explicitBounds], [...SECOND_DURATION_BOUNDARIES]);
    assert.equal(p.explicitBounds.length, 21);
    assert.deepEqual([...p.bucketCounts], [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    assert.ok(Math.abs(p.sum! - 384.1) < 1e-9, `sum ${p.sum}`);
    assert.equal(p.count, 10);
    assert.equal(m.unit, 's');
    assert.equal(m.description, 'Exec duration in seconds.');
  });

  it('recordDurationMsF64 keeps fractional ms in the same instrument family', async () => {
    const { metrics, exporter } = buildClient();
    metrics.recordDurationMsF64('codex.tbt', 2.450638);
    metrics.recordDuration('codex.tbt', 3.9);
    await metrics.shutdown();
    const m = findMetric(latestMetrics(exporter), 'codex.tbt');
    const p = histogramPoint(m);
    assert.equal(m.unit, 'ms');
    assert.equal(p.count, 2);
    assert.ok(Math.abs(p.sum! - 5.450638) < 1e-9);
  });

  it('a disposed timer records exactly one ms sample with its tags', async () => {
    const { metrics, exporter } = buildClient();
    {
      using _timer = metrics.startTimer('codex.request_latency', [['route', 'chat']]);
    }
    await metrics.shutdown();
    const m = findMetric(latestMetrics(exporter), 'codex.request_latency');
    const p = histogramPoint(m);
    assert.equal(p.count, 1);
    assert.equal(m.unit, 'ms');
    assert.deepEqual(attrsOf(p), { route: 'chat' });
  });

  it('record() merges extra tags under the timer tags (timer wins); dispose after record() adds nothing', async () => {
    const { metrics, exporter } = buildClient();
    {
      using timer = metrics.startTimer('codex.request_latency', { route: 'chat' });
      timer.record({ route: 'other', status: 'ok' });
    }
    await metrics.shutdown();
    const p = histogramPoint(findMetric(latestMetrics(exporter), 'codex.request_latency'));
    assert.equal(p.count, 1, 'dispose does not record again after record() (the seed Drop would)');
    assert.deepEqual(attrsOf(p), { route: 'chat', status: 'ok' });
  });

  it('a timer measures elapsed wall time in whole ms', async () => {
    const { metrics, exporter } = buildClient();
    const timer = metrics.startTimer('codex.wait');
    await new Promise((r) => setTimeout(r, 30));
    timer.record();
    await metrics.shutdown();
    const p = histogramPoint(findMetric(latestMetrics(exporter), 'codex.wait'));
    assert.ok(p.sum! >= 25 && Number.isInteger(p.sum), `sum ${p.sum}`);
  });

  it('a timer with an invalid tag does not throw on dispose', () => {
    const { metrics } = buildClient();
    assert.doesNotThrow(() => {
      using _t = metrics.startTimer('codex.t', { 'bad key': 'v' });
    });
  });
});
