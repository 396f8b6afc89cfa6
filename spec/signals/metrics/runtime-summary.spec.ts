// The metrics-level part of codex-otel tests/suite/runtime_summary.rs: RuntimeMetricsSummary
// built from a delta snapshot by exact metric name, rounding, merge and isEmpty semantics.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as names from '../../../lib/signals/metrics/names.ts';
import { f64ToU64, RuntimeMetricsSummary, RuntimeMetricTotals } from '../../../lib/signals/metrics/runtime-summary.ts';
import { buildClient, expectedRuntimeSummary } from '../../helpers/metrics.ts';

const expected = expectedRuntimeSummary;

describe('RuntimeMetricsSummary', () => {
  it('collects tool, api, streaming, websocket and latency metrics from a snapshot', () => {
    const { metrics } = buildClient((c) => c.withRuntimeReader());
    metrics.snapshot(); // the seed resets the runtime metrics first
    const pair = (count: string, duration: string, ms: number, tags: Record<string, string>) => {
      metrics.counter(count, 1, tags);
      metrics.recordDuration(duration, ms, tags);
    };
    pair(names.TOOL_CALL_COUNT_METRIC, names.TOOL_CALL_DURATION_METRIC, 250, { tool: 'shell', success: 'true' });
    pair(names.API_CALL_COUNT_METRIC, names.API_CALL_DURATION_METRIC, 300, { status: '200', success: 'true' });
    pair(names.WEBSOCKET_REQUEST_COUNT_METRIC, names.WEBSOCKET_REQUEST_DURATION_METRIC, 400, { success: 'true' });
    pair(names.SSE_EVENT_COUNT_METRIC, names.SSE_EVENT_DURATION_METRIC, 120, { kind: 'response.created', success: 'true' });
    pair(names.WEBSOCKET_EVENT_COUNT_METRIC, names.WEBSOCKET_EVENT_DURATION_METRIC, 80, { kind: 'response.created', success: 'true' });
    pair(names.WEBSOCKET_EVENT_COUNT_METRIC, names.WEBSOCKET_EVENT_DURATION_METRIC, 20, { kind: 'responsesapi.websocket_timing', success: 'true' });
    metrics.recordDurationMsF64(names.RESPONSES_API_OVERHEAD_DURATION_METRIC, 124.25);
    metrics.recordDuration(names.RESPONSES_API_INFERENCE_TIME_DURATION_METRIC, 457);
    metrics.recordDuration(names.RESPONSES_API_ENGINE_IAPI_TTFT_DURATION_METRIC, 211);
    metrics.recordDuration(names.RESPONSES_API_ENGINE_SERVICE_TTFT_DURATION_METRIC, 233);
    metrics.recordDurationMsF64(names.RESPONSES_API_ENGINE_IAPI_TBT_DURATION_METRIC, 2.450638);
    metrics.recordDurationMsF64(names.RESPONSES_API_ENGINE_SERVICE_TBT_DURATION_METRIC, 5.267279);
    metrics.recordDuration(names.TURN_TTFT_DURATION_METRIC, 95);
    metrics.recordDuration(names.TURN_TTFM_DURATION_METRIC, 180);

    const summary = RuntimeMetricsSummary.fromSnapshot(metrics.snapshot());
    assert.deepEqual(summary, expected());
    assert.ok(summary.equals(expected()));
    assert.equal(summary.isEmpty(), false);
    assert.ok(RuntimeMetricsSummary.fromSnapshot(metrics.snapshot()).isEmpty(), 'the next delta is empty');
  });

  it('sums across attribute sets and accepts plain MetricData arrays', () => {
    const { metrics } = buildClient((c) => c.withRuntimeReader());
    metrics.counter(names.TOOL_CALL_COUNT_METRIC, 2, { tool: 'a' });
    metrics.counter(names.TOOL_CALL_COUNT_METRIC, 3, { tool: 'b' });
    metrics.recordDuration(names.TOOL_CALL_DURATION_METRIC, 10, { tool: 'a' });
    metrics.recordDuration(names.TOOL_CALL_DURATION_METRIC, 15, { tool: 'b' });
    const snap = metrics.snapshot();
    const s = RuntimeMetricsSummary.fromSnapshot(snap.scopeMetrics.flatMap((x) => x.metrics));
    assert.deepEqual({ ...s.toolCalls }, { count: 5, durationMs: 25 });
  });

  it('rounds like the seed f64_to_u64', () => {
    assert.equal(f64ToU64(124.25), 124);
    assert.equal(f64ToU64(124.5), 125);
    assert.equal(f64ToU64(0), 0);
    assert.equal(f64ToU64(-3), 0);
    assert.equal(f64ToU64(Number.NaN), 0);
    assert.equal(f64ToU64(Infinity), 0);
    assert.equal(f64ToU64(1e300), Number.MAX_SAFE_INTEGER);
  });

  it('merge adds totals and replaces each latency field by the other value when > 0', () => {
    const a = expected();
    const b = new RuntimeMetricsSummary();
    b.toolCalls = new RuntimeMetricTotals(2, 50);
    b.turnTtftMs = 7;
    b.responsesApiEngineIapiTbtMs = 1.5;
    a.merge(b);
    assert.deepEqual({ ...a.toolCalls }, { count: 3, durationMs: 300 });
    assert.equal(a.turnTtftMs, 7);
    assert.equal(a.turnTtfmMs, 180, 'kept: other is 0');
    assert.equal(a.responsesApiEngineIapiTbtMs, 1.5);
    const t = new RuntimeMetricTotals(Number.MAX_SAFE_INTEGER, 1);
    t.merge(new RuntimeMetricTotals(5, 1));
    assert.equal(t.count, Number.MAX_SAFE_INTEGER, 'saturating');
  });

  it('isEmpty is true only when everything is zero; responsesApiSummary keeps the six responses_api fields', () => {
    assert.equal(new RuntimeMetricsSummary().isEmpty(), true);
    assert.equal(new RuntimeMetricTotals().isEmpty(), true);
    const r = expected().responsesApiSummary();
    assert.equal(r.toolCalls.isEmpty(), true);
    assert.equal(r.turnTtftMs, 0);
    assert.equal(r.responsesApiOverheadMs, 124);
    assert.equal(r.responsesApiEngineServiceTbtMs, 5.267279);
  });
});
