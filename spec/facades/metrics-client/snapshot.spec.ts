// Port of codex-otel tests/suite/snapshot.rs: the runtime reader's delta snapshots, observable
// gauges observed on every snapshot, and snapshots leaving the periodic export untouched.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attrsOf, allMetrics, buildClient, findMetric, latestMetrics, numberPoint } from '../../helpers/metrics.ts';

describe('MetricsClient.snapshot', () => {
  it('collects metrics without shutdown, and nothing reaches the periodic exporter', () => {
    const { metrics, exporter } = buildClient((c) => c.withTag('service', 'codex-cli').withRuntimeReader());
    metrics.counter('codex.tool.call', 1, [['tool', 'shell'], ['success', 'true']]);
    const snap = metrics.snapshot();
    const p = numberPoint(findMetric(snap, 'codex.tool.call'));
    assert.equal(p.value, 1);
    assert.deepEqual(attrsOf(p), { service: 'codex-cli', success: 'true', tool: 'shell' });
    assert.deepEqual(exporter.getFinishedMetrics(), [], 'no export yet');
  });

  it('collects an observable gauge on every delta snapshot', () => {
    const { metrics } = buildClient((c) => c.withRuntimeReader());
    metrics.registerObservableGauge('codex.active_sessions', 'Active sessions.', () => 1, [['component', 'test']]);
    for (let i = 0; i < 2; i++) {
      const m = findMetric(metrics.snapshot(), 'codex.active_sessions');
      assert.equal(m.type, 'gauge');
      assert.equal(m.description, 'Active sessions.');
      const p = numberPoint(m);
      assert.equal(p.value, 1);
      assert.deepEqual(attrsOf(p), { component: 'test' });
    }
  });

  it('is a delta: each snapshot holds only what happened since the previous one', () => {
    const { metrics } = buildClient((c) => c.withRuntimeReader());
    metrics.counter('codex.turns', 2);
    metrics.recordDuration('codex.lat', 10);
    const first = metrics.snapshot();
    assert.equal(numberPoint(findMetric(first, 'codex.turns')).value, 2);
    const second = metrics.snapshot();
    assert.deepEqual(allMetrics(second), [], 'nothing new');
    metrics.counter('codex.turns', 3);
    const third = metrics.snapshot();
    const m = findMetric(third, 'codex.turns');
    assert.equal(m.type === 'sum' && m.temporality, 1, 'DELTA');
    assert.equal(numberPoint(m).value, 3);
    // delta start = previous collection time
    const p1 = numberPoint(findMetric(first, 'codex.turns'));
    const p3 = numberPoint(m);
    assert.ok(p3.startSec * 1e9 + p3.startNs >= p1.timeSec * 1e9 + p1.timeNs);
  });

  it('does not take data away from the periodic exporter', async () => {
    const { metrics, exporter } = buildClient((c) => c.withRuntimeReader());
    metrics.counter('codex.turns', 2);
    metrics.snapshot();
    metrics.counter('codex.turns', 1);
    metrics.snapshot();
    await metrics.shutdown();
    assert.equal(numberPoint(findMetric(latestMetrics(exporter), 'codex.turns')).value, 3);
  });

  it('throws RuntimeSnapshotUnavailable without the runtime reader', () => {
    const { metrics } = buildClient();
    assert.throws(() => metrics.snapshot(), (e: any) => e.kind === 'RuntimeSnapshotUnavailable' && e.message === 'runtime metrics snapshot reader is not enabled');
  });

  it('skips a throwing observable gauge callback and keeps the others', () => {
    const { metrics } = buildClient((c) => c.withRuntimeReader());
    metrics.registerObservableGauge('codex.bad', 'd', () => {
      throw new Error('boom');
    });
    metrics.registerObservableGauge('codex.good', 'd', () => 7);
    const snap = metrics.snapshot();
    assert.equal(numberPoint(findMetric(snap, 'codex.good')).value, 7);
    assert.equal(allMetrics(snap).some((m) => m.name === 'codex.bad'), false);
  });
});
