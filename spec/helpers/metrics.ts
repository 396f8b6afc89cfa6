// Shared helpers of the metrics specs (signals/metrics, facades/metrics-client, facades/session):
// the seed's harness (`MetricsConfig.inMemory("test", "codex-cli", VERSION, exporter)`,
// `latest_metrics`), small finders over collected data, and the runtime summary the seed's
// runtime_summary tests expect.
import assert from 'node:assert/strict';
import type { HistogramPointData, MetricData, NumberPointData } from '../../proto-json/model.ts';
import { InMemoryMetricExporter, MetricsClient, MetricsConfig } from '../../lib/facades/metrics-client.ts';
import type { ResourceMetrics } from '../../lib/signals/metrics/collect.ts';
import { RuntimeMetricsSummary, RuntimeMetricTotals } from '../../lib/signals/metrics/runtime-summary.ts';
import { VERSION } from '../../lib/version.ts';

/** The seed's harness config. */
export function inMemoryConfig(exporter: InMemoryMetricExporter): MetricsConfig {
  return MetricsConfig.inMemory('test', 'codex-cli', VERSION, exporter);
}

/** A client on a fresh in-memory exporter. */
export function buildClient(tweak: (c: MetricsConfig) => MetricsConfig = (c) => c): { metrics: MetricsClient; exporter: InMemoryMetricExporter } {
  const exporter = new InMemoryMetricExporter();
  return { metrics: new MetricsClient(tweak(inMemoryConfig(exporter))), exporter };
}

/** The last export (the seed's `latest_metrics`). */
export function latestMetrics(exporter: InMemoryMetricExporter): ResourceMetrics {
  const all = exporter.getFinishedMetrics();
  assert.ok(all.length > 0, 'expected at least one export');
  return all[all.length - 1]!;
}

/** Every metric of a collection. */
export function allMetrics(rm: ResourceMetrics): MetricData[] {
  return rm.scopeMetrics.flatMap((s) => [...s.metrics]);
}

/** The metric named `name` (asserts it exists once). */
export function findMetric(rm: ResourceMetrics, name: string): MetricData {
  const found = allMetrics(rm).filter((m) => m.name === name);
  assert.equal(found.length, 1, `expected one metric named ${name}, got ${found.length}`);
  return found[0]!;
}

/** The single point of a sum or gauge. */
export function numberPoint(m: MetricData): NumberPointData {
  assert.ok(m.type === 'sum' || m.type === 'gauge', `${m.name} is a ${m.type}`);
  assert.equal(m.points.length, 1, `${m.name}: expected one point`);
  return m.points[0]!;
}

/** The single point of a histogram. */
export function histogramPoint(m: MetricData): HistogramPointData {
  assert.equal(m.type, 'histogram', `${m.name} is a ${m.type}`);
  assert.equal(m.points.length, 1, `${m.name}: expected one point`);
  return (m as Extract<MetricData, { type: 'histogram' }>).points[0]!;
}

/** Point attributes as a plain object. */
export function attrsOf(p: { attributes: Record<string, unknown> }): Record<string, unknown> {
  return { ...p.attributes };
}

/**
 * Asserts the sum or gauge `name` of `rm`: its type and description (when given), and the value and
 * attributes of its one point, which it returns.
 */
export function assertNumberMetric(
  rm: ResourceMetrics,
  name: string,
  want: { type: 'sum' | 'gauge'; description?: string; value: number; attrs: Record<string, unknown> },
): NumberPointData {
  const m = findMetric(rm, name);
  assert.equal(m.type, want.type);
  if (want.description !== undefined) assert.equal(m.description, want.description);
  const p = numberPoint(m);
  assert.equal(p.value, want.value);
  assert.deepEqual(attrsOf(p), want.attrs);
  return p;
}

/** `value` per `kind/success` of a counter's points (websocket and SSE outcome counters). */
export function outcomeCounts(metric: MetricData): Record<string, number> {
  return Object.fromEntries(metric.points.map((p) => [`${p.attributes['kind']}/${p.attributes['success']}`, (p as NumberPointData).value as number]));
}

/**
 * The summary codex-otel's runtime_summary test expects after one tool call (250 ms), API call
 * (300 ms), streaming event (120 ms), websocket call (400 ms), two websocket events (100 ms), the
 * responses-API timings, TTFT 95 ms and TTFM 180 ms.
 */
export function expectedRuntimeSummary(): RuntimeMetricsSummary {
  const s = new RuntimeMetricsSummary();
  s.toolCalls = new RuntimeMetricTotals(1, 250);
  s.apiCalls = new RuntimeMetricTotals(1, 300);
  s.streamingEvents = new RuntimeMetricTotals(1, 120);
  s.websocketCalls = new RuntimeMetricTotals(1, 400);
  s.websocketEvents = new RuntimeMetricTotals(2, 100);
  s.responsesApiOverheadMs = 124;
  s.responsesApiInferenceTimeMs = 457;
  s.responsesApiEngineIapiTtftMs = 211;
  s.responsesApiEngineServiceTtftMs = 233;
  s.responsesApiEngineIapiTbtMs = 2.450638;
  s.responsesApiEngineServiceTbtMs = 5.267279;
  s.turnTtftMs = 95;
  s.turnTtfmMs = 180;
  return s;
}
