// codex-otel's runtime metrics summary (`metrics/runtime_metrics.rs`): totals of tool, API,
// streaming and websocket activity plus the Responses API / turn latency figures, computed from a
// delta snapshot by exact metric name.
import type { MetricData } from '../../../proto-json/model.ts';
import type { ResourceMetrics } from './collect.ts';
import {
  API_CALL_COUNT_METRIC,
  API_CALL_DURATION_METRIC,
  RESPONSES_API_ENGINE_IAPI_TBT_DURATION_METRIC,
  RESPONSES_API_ENGINE_IAPI_TTFT_DURATION_METRIC,
  RESPONSES_API_ENGINE_SERVICE_TBT_DURATION_METRIC,
  RESPONSES_API_ENGINE_SERVICE_TTFT_DURATION_METRIC,
  RESPONSES_API_INFERENCE_TIME_DURATION_METRIC,
  RESPONSES_API_OVERHEAD_DURATION_METRIC,
  SSE_EVENT_COUNT_METRIC,
  SSE_EVENT_DURATION_METRIC,
  TOOL_CALL_COUNT_METRIC,
  TOOL_CALL_DURATION_METRIC,
  TURN_TTFM_DURATION_METRIC,
  TURN_TTFT_DURATION_METRIC,
  WEBSOCKET_EVENT_COUNT_METRIC,
  WEBSOCKET_EVENT_DURATION_METRIC,
  WEBSOCKET_REQUEST_COUNT_METRIC,
  WEBSOCKET_REQUEST_DURATION_METRIC,
} from './names.ts';

// codex-otel's values are u64; ours are capped at the largest exact integer.
const MAX_U64 = Number.MAX_SAFE_INTEGER;

/** codex-otel's `f64_to_u64`: non-finite or <= 0 gives 0, otherwise clamped and rounded. */
export function f64ToU64(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.round(Math.min(value, MAX_U64));
}

function saturatingAdd(a: number, b: number): number {
  const s = a + b;
  return s > MAX_U64 ? MAX_U64 : s;
}

/** A count and a total duration in whole milliseconds (codex-otel's `RuntimeMetricTotals`). */
export class RuntimeMetricTotals {
  count: number;
  durationMs: number;

  constructor(count = 0, durationMs = 0) {
    this.count = count;
    this.durationMs = durationMs;
  }

  /** True when both the count and the duration are zero. */
  isEmpty(): boolean {
    return this.count === 0 && this.durationMs === 0;
  }

  /** Adds `other` into this (saturating). */
  merge(other: RuntimeMetricTotals): void {
    this.count = saturatingAdd(this.count, other.count);
    this.durationMs = saturatingAdd(this.durationMs, other.durationMs);
  }
}

/** The scalar latency fields of a summary, in milliseconds. */
const SCALAR_FIELDS = [
  'responsesApiOverheadMs',
  'responsesApiInferenceTimeMs',
  'responsesApiEngineIapiTtftMs',
  'responsesApiEngineServiceTtftMs',
  'responsesApiEngineIapiTbtMs',
  'responsesApiEngineServiceTbtMs',
  'turnTtftMs',
  'turnTtfmMs',
] as const;
const TOTAL_FIELDS = ['toolCalls', 'apiCalls', 'streamingEvents', 'websocketCalls', 'websocketEvents'] as const;

/**
 * Runtime activity computed from a delta snapshot (codex-otel's `RuntimeMetricsSummary`). The
 * integer ms fields are histogram sums rounded by `f64ToU64`; the two TBT fields stay fractional.
 */
export class RuntimeMetricsSummary {
  toolCalls = new RuntimeMetricTotals();
  apiCalls = new RuntimeMetricTotals();
  streamingEvents = new RuntimeMetricTotals();
  websocketCalls = new RuntimeMetricTotals();
  websocketEvents = new RuntimeMetricTotals();
  responsesApiOverheadMs = 0;
  responsesApiInferenceTimeMs = 0;
  responsesApiEngineIapiTtftMs = 0;
  responsesApiEngineServiceTtftMs = 0;
  /** Fractional ms. */
  responsesApiEngineIapiTbtMs = 0;
  /** Fractional ms. */
  responsesApiEngineServiceTbtMs = 0;
  turnTtftMs = 0;
  turnTtfmMs = 0;

  /**
   * Sums counter values and histogram sums by exact metric name across all scopes of `snapshot`
   * (a `MetricsClient.snapshot()` result or collected metrics). Never throws.
   */
  static fromSnapshot(snapshot: ResourceMetrics | readonly MetricData[]): RuntimeMetricsSummary {
    const counters = new Map<string, number>();
    const histSums = new Map<string, number>();
    const metrics: readonly MetricData[] = Array.isArray(snapshot)
      ? (snapshot as readonly MetricData[])
      : (snapshot as ResourceMetrics).scopeMetrics.flatMap((s) => s.metrics);
    for (const m of metrics) {
      if (m.type === 'sum') {
        let total = counters.get(m.name) ?? 0;
        for (const p of m.points) total = saturatingAdd(total, p.value > 0 ? p.value : 0);
        counters.set(m.name, total);
      } else if (m.type === 'histogram') {
        let total = histSums.get(m.name) ?? 0;
        for (const p of m.points) total += p.sum ?? 0;
        histSums.set(m.name, total);
      }
    }
    const count = (name: string): number => counters.get(name) ?? 0;
    const ms = (name: string): number => f64ToU64(histSums.get(name) ?? 0);
    const totals = (countName: string, durationName: string): RuntimeMetricTotals => new RuntimeMetricTotals(count(countName), ms(durationName));

    const s = new RuntimeMetricsSummary();
    s.toolCalls = totals(TOOL_CALL_COUNT_METRIC, TOOL_CALL_DURATION_METRIC);
    s.apiCalls = totals(API_CALL_COUNT_METRIC, API_CALL_DURATION_METRIC);
    s.streamingEvents = totals(SSE_EVENT_COUNT_METRIC, SSE_EVENT_DURATION_METRIC);
    s.websocketCalls = totals(WEBSOCKET_REQUEST_COUNT_METRIC, WEBSOCKET_REQUEST_DURATION_METRIC);
    s.websocketEvents = totals(WEBSOCKET_EVENT_COUNT_METRIC, WEBSOCKET_EVENT_DURATION_METRIC);
    s.responsesApiOverheadMs = ms(RESPONSES_API_OVERHEAD_DURATION_METRIC);
    s.responsesApiInferenceTimeMs = ms(RESPONSES_API_INFERENCE_TIME_DURATION_METRIC);
    s.responsesApiEngineIapiTtftMs = ms(RESPONSES_API_ENGINE_IAPI_TTFT_DURATION_METRIC);
    s.responsesApiEngineServiceTtftMs = ms(RESPONSES_API_ENGINE_SERVICE_TTFT_DURATION_METRIC);
    s.responsesApiEngineIapiTbtMs = histSums.get(RESPONSES_API_ENGINE_IAPI_TBT_DURATION_METRIC) ?? 0;
    s.responsesApiEngineServiceTbtMs = histSums.get(RESPONSES_API_ENGINE_SERVICE_TBT_DURATION_METRIC) ?? 0;
    s.turnTtftMs = ms(TURN_TTFT_DURATION_METRIC);
    s.turnTtfmMs = ms(TURN_TTFM_DURATION_METRIC);
    return s;
  }

  /** True when every total and every latency field is zero. */
  isEmpty(): boolean {
    for (const f of TOTAL_FIELDS) if (!this[f].isEmpty()) return false;
    for (const f of SCALAR_FIELDS) if (this[f] !== 0) return false;
    return true;
  }

  /** Adds `other`'s totals; each latency field takes `other`'s value when that is > 0. */
  merge(other: RuntimeMetricsSummary): void {
    for (const f of TOTAL_FIELDS) this[f].merge(other[f]);
    for (const f of SCALAR_FIELDS) if (other[f] > 0) this[f] = other[f];
  }

  /** A summary holding only the six `responsesApi*` fields (everything else zero). */
  responsesApiSummary(): RuntimeMetricsSummary {
    const s = new RuntimeMetricsSummary();
    s.responsesApiOverheadMs = this.responsesApiOverheadMs;
    s.responsesApiInferenceTimeMs = this.responsesApiInferenceTimeMs;
    s.responsesApiEngineIapiTtftMs = this.responsesApiEngineIapiTtftMs;
    s.responsesApiEngineServiceTtftMs = this.responsesApiEngineServiceTtftMs;
    s.responsesApiEngineIapiTbtMs = this.responsesApiEngineIapiTbtMs;
    s.responsesApiEngineServiceTbtMs = this.responsesApiEngineServiceTbtMs;
    return s;
  }

  /** True when every field equals `other`'s (codex-otel derives `PartialEq`). */
  equals(other: RuntimeMetricsSummary): boolean {
    for (const f of TOTAL_FIELDS) if (this[f].count !== other[f].count || this[f].durationMs !== other[f].durationMs) return false;
    for (const f of SCALAR_FIELDS) if (this[f] !== other[f]) return false;
    return true;
  }
}
