// codex-otel's `record_websocket_event`: the classification as pure functions (a websocket
// outcome → the metric `kind` and `success`, plus the Responses API timing samples carried by a
// `responsesapi.websocket_timing` message), and the metrics-only recording SessionTelemetry
// delegates to.
import {
  RESPONSES_API_ENGINE_IAPI_TBT_DURATION_METRIC,
  RESPONSES_API_ENGINE_IAPI_TTFT_DURATION_METRIC,
  RESPONSES_API_ENGINE_SERVICE_TBT_DURATION_METRIC,
  RESPONSES_API_ENGINE_SERVICE_TTFT_DURATION_METRIC,
  RESPONSES_API_INFERENCE_TIME_DURATION_METRIC,
  RESPONSES_API_OVERHEAD_DURATION_METRIC,
  WEBSOCKET_EVENT_COUNT_METRIC,
  WEBSOCKET_EVENT_DURATION_METRIC,
} from '../../signals/metrics/names.ts';
import type { SessionState } from './state.ts';
import type { WebsocketOutcome } from './types.ts';

/** The metric tags of one websocket event, plus the timing payload to record (if any). */
export interface WebsocketDisposition {
  readonly kind: string;
  readonly success: boolean;
  /** `value.timing_metrics` of a `responsesapi.websocket_timing` message, else undefined. */
  readonly timingMetrics: unknown;
}

/** The message `type` that carries timing metrics. */
export const WEBSOCKET_TIMING_TYPE = 'responsesapi.websocket_timing';

/**
 * Classifies a websocket outcome as codex-otel does. Ping and Pong return undefined (no metric at
 * all). A Text frame is parsed as JSON: `kind` = its string `type` (`unknown` when absent);
 * `response.failed` is a failure; unparsable text gives kind `parse_error`, failure. Binary,
 * Close and raw frames, stream errors, the end of the stream and request errors are failures of
 * kind `unknown`.
 */
export function classifyWebsocketOutcome(outcome: WebsocketOutcome): WebsocketDisposition | undefined {
  switch (outcome.kind) {
    case 'ping':
    case 'pong':
      return undefined;
    case 'text': {
      let value: unknown;
      try {
        value = JSON.parse(outcome.text);
      } catch {
        return { kind: 'parse_error', success: false, timingMetrics: undefined };
      }
      const type = value !== null && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
      if (typeof type !== 'string') return { kind: 'unknown', success: true, timingMetrics: undefined };
      const timing = type === WEBSOCKET_TIMING_TYPE ? (value as { timing_metrics?: unknown }).timing_metrics : undefined;
      return { kind: type, success: type !== 'response.failed', timingMetrics: timing };
    }
    default:
      return { kind: 'unknown', success: false, timingMetrics: undefined };
  }
}

/** One timing sample: metric name, value in ms, and whether fractional ms are kept. */
export interface TimingSample {
  readonly metric: string;
  readonly ms: number;
  readonly fractional: boolean;
}

/** `timing_metrics` field → metric, in codex-otel's order; the last two keep fractional ms. */
export const WEBSOCKET_TIMING_FIELDS = [
  ['responses_duration_excl_engine_and_client_tool_time_ms', RESPONSES_API_OVERHEAD_DURATION_METRIC, false],
  ['engine_service_total_ms', RESPONSES_API_INFERENCE_TIME_DURATION_METRIC, false],
  ['engine_iapi_ttft_total_ms', RESPONSES_API_ENGINE_IAPI_TTFT_DURATION_METRIC, false],
  ['engine_service_ttft_total_ms', RESPONSES_API_ENGINE_SERVICE_TTFT_DURATION_METRIC, false],
  ['engine_iapi_tbt_across_engine_calls_ms', RESPONSES_API_ENGINE_IAPI_TBT_DURATION_METRIC, true],
  ['engine_service_tbt_across_engine_calls_ms', RESPONSES_API_ENGINE_SERVICE_TBT_DURATION_METRIC, true],
] as const;

/**
 * The samples of a `timing_metrics` object: the first four rounded to whole ms, the two TBT
 * values kept fractional. Negative, non-finite and non-numeric values are skipped.
 */
export function websocketTimingSamples(timingMetrics: unknown): TimingSample[] {
  const out: TimingSample[] = [];
  if (timingMetrics === null || typeof timingMetrics !== 'object') return out;
  const t = timingMetrics as Record<string, unknown>;
  for (const [field, metric, fractional] of WEBSOCKET_TIMING_FIELDS) {
    const v = t[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) continue;
    out.push({ metric, ms: fractional ? v : Math.round(v), fractional });
  }
  return out;
}

/** Metrics only (no event): counter and duration tagged `kind` and `success`, plus the timing samples. */
export function recordWebsocketEvent(s: SessionState, outcome: WebsocketOutcome, durationMs: number): void {
  const d = classifyWebsocketOutcome(outcome);
  if (d === undefined) return;
  if (d.timingMetrics !== undefined) {
    for (const t of websocketTimingSamples(d.timingMetrics)) s.metrics.recordDuration(t.metric, t.ms, undefined, t.fractional);
  }
  s.metrics.countAndTime(WEBSOCKET_EVENT_COUNT_METRIC, WEBSOCKET_EVENT_DURATION_METRIC, durationMs, { kind: d.kind, success: d.success ? 'true' : 'false' });
}
