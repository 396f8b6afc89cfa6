// The request and stream events of SessionTelemetry (as in codex-otel): conversation start, API
// requests, websocket connect / request / event metrics, auth recovery and SSE events. Each
// method builds both attribute sets (events-transport.ts, events-turn.ts), emits them, records
// the event's metrics, and never throws.
import {
  API_CALL_COUNT_METRIC,
  API_CALL_DURATION_METRIC,
  SSE_EVENT_COUNT_METRIC,
  SSE_EVENT_DURATION_METRIC,
  WEBSOCKET_EVENT_COUNT_METRIC,
  WEBSOCKET_EVENT_DURATION_METRIC,
  WEBSOCKET_REQUEST_COUNT_METRIC,
  WEBSOCKET_REQUEST_DURATION_METRIC,
} from '../../signals/metrics/names.ts';
import { reportEventFailure, SessionTelemetryCore } from './core.ts';
import {
  buildApiRequest,
  buildAuthRecovery,
  buildConversationStarts,
  buildWebsocketConnect,
  buildWebsocketRequest,
  isSuccessStatus,
  type ApiRequestInput,
  type AuthRecoveryInput,
  type ConversationStartsInput,
  type WebsocketConnectInput,
} from './events-transport.ts';
import { buildSseEvent, buildSseEventCompleted, buildSseEventCompletedFailed, buildSseEventFailed } from './events-turn.ts';
import { errorText, eventTimestamp } from './metadata.ts';
import { classifySseOutcome } from './sse.ts';
import type { AgentIdentityTelemetry, SseOutcome, TokenUsage, WebsocketOutcome } from './types.ts';
import { classifyWebsocketOutcome, websocketTimingSamples } from './websocket.ts';

/** HTTP status of a response-like (`status` / `statusCode`) or of an error (also `response.status`). */
export function statusOf(v: unknown): number | undefined {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return undefined;
  const o = v as { status?: unknown; statusCode?: unknown; response?: { status?: unknown } | null };
  const s = typeof o.status === 'number' ? o.status : typeof o.statusCode === 'number' ? o.statusCode : o.response?.status;
  return typeof s === 'number' && Number.isInteger(s) && s >= 0 && s <= 65535 ? s : undefined;
}

/** The request and stream events; use `SessionTelemetry`. */
export class SessionRequestEvents extends SessionTelemetryCore {
  /** `codex.conversation_starts` (log + trace). No metrics. */
  conversationStarts(input: ConversationStartsInput): void {
    try {
      this.emit('codex.conversation_starts', buildConversationStarts(this.metadata, eventTimestamp(), input));
    } catch (err) {
      reportEventFailure('codex.conversation_starts', err);
    }
  }

  /**
   * Times `fn` (an HTTP request) and records it as `recordApiRequest(attempt, …)` with
   * codex-otel's defaults (no auth fields, endpoint `unknown`). The status comes from the result's
   * `status`/`statusCode`, or from the rejection's `status`/`statusCode`/`response.status`; the
   * error text is the rejection's message. Returns `fn`'s result; a rejection (or a synchronous
   * throw) of `fn` is recorded and then rethrown unchanged.
   */
  async logRequest<T>(attempt: number, fn: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      this.recordApiRequest({ attempt, status: statusOf(err), error: errorText(err), durationMs: performance.now() - start });
      throw err;
    }
    this.recordApiRequest({ attempt, status: statusOf(result), durationMs: performance.now() - start });
    return result;
  }

  /**
   * `codex.api_request` (log + trace), counter `codex.api_request` and histogram
   * `codex.api_request.duration_ms` tagged `status` (or `none`) and `success` (2xx and no error).
   */
  recordApiRequest(input: ApiRequestInput): void {
    try {
      this.emit('codex.api_request', buildApiRequest(this.metadata, eventTimestamp(), input));
      const success = input.error === undefined && isSuccessStatus(input.status) ? 'true' : 'false';
      const status = input.status === undefined ? 'none' : String(input.status);
      this.sessionMetrics.countAndTime(API_CALL_COUNT_METRIC, API_CALL_DURATION_METRIC, input.durationMs, { status, success });
    } catch (err) {
      reportEventFailure('codex.api_request', err);
    }
  }

  /** `codex.websocket_connect` (log + trace). No metrics. */
  recordWebsocketConnect(input: WebsocketConnectInput): void {
    try {
      this.emit('codex.websocket_connect', buildWebsocketConnect(this.metadata, eventTimestamp(), input));
    } catch (err) {
      reportEventFailure('codex.websocket_connect', err);
    }
  }

  /**
   * `codex.websocket_request` (log + trace), counter `codex.websocket.request` and histogram
   * `codex.websocket.request.duration_ms` tagged `success` (no error).
   */
  recordWebsocketRequest(durationMs: number, error: string | undefined, connectionReused: boolean, agentIdentity?: AgentIdentityTelemetry): void {
    try {
      this.emit('codex.websocket_request', buildWebsocketRequest(this.metadata, eventTimestamp(), durationMs, error, connectionReused, agentIdentity));
      this.sessionMetrics.countAndTime(WEBSOCKET_REQUEST_COUNT_METRIC, WEBSOCKET_REQUEST_DURATION_METRIC, durationMs, { success: error === undefined ? 'true' : 'false' });
    } catch (err) {
      reportEventFailure('codex.websocket_request', err);
    }
  }

  /** `codex.auth_recovery` (log + trace). No metrics. */
  recordAuthRecovery(input: AuthRecoveryInput): void {
    try {
      this.emit('codex.auth_recovery', buildAuthRecovery(this.metadata, eventTimestamp(), input));
    } catch (err) {
      reportEventFailure('codex.auth_recovery', err);
    }
  }

  /**
   * Metrics only (no event): counter `codex.websocket.event` and histogram
   * `codex.websocket.event.duration_ms` tagged `kind` and `success` (see `WebsocketOutcome`);
   * a `responsesapi.websocket_timing` message also records the six `codex.responses_api_*`
   * histograms from its `timing_metrics` (TBT values keep fractional ms). Ping/Pong: nothing.
   */
  recordWebsocketEvent(outcome: WebsocketOutcome, durationMs: number): void {
    try {
      const d = classifyWebsocketOutcome(outcome);
      if (d === undefined) return;
      if (d.timingMetrics !== undefined) {
        for (const s of websocketTimingSamples(d.timingMetrics)) this.sessionMetrics.recordDuration(s.metric, s.ms, undefined, s.fractional);
      }
      this.sessionMetrics.countAndTime(WEBSOCKET_EVENT_COUNT_METRIC, WEBSOCKET_EVENT_DURATION_METRIC, durationMs, { kind: d.kind, success: d.success ? 'true' : 'false' });
    } catch (err) {
      reportEventFailure('codex.websocket.event', err);
    }
  }

  /**
   * Records one SSE outcome (codex-otel's `log_sse_event`; rules in `classifySseOutcome`): a
   * success is a log-only `codex.sse_event`, a failure goes through `sseEventFailed`; the end of
   * the stream records nothing.
   */
  logSseEvent(outcome: SseOutcome, durationMs: number): void {
    try {
      const d = classifySseOutcome(outcome);
      if (d === undefined) return;
      if (!d.ok) {
        this.sseEventFailed(d.kind, durationMs, d.error);
        return;
      }
      this.emit('codex.sse_event', buildSseEvent(this.metadata, eventTimestamp(), d.kind, durationMs));
      this.sessionMetrics.countAndTime(SSE_EVENT_COUNT_METRIC, SSE_EVENT_DURATION_METRIC, durationMs, { kind: d.kind, success: 'true' });
    } catch (err) {
      reportEventFailure('codex.sse_event', err);
    }
  }

  /**
   * A failed SSE event: `codex.sse_event` (log + trace; the log omits `event.kind` when `kind` is
   * undefined, the trace says `unknown`), counter and duration tagged `kind` (or `unknown`) and
   * `success=false`. `error` is displayed as its message (Error) or string.
   */
  sseEventFailed(kind: string | undefined, durationMs: number, error: unknown): void {
    try {
      this.emit('codex.sse_event', buildSseEventFailed(this.metadata, eventTimestamp(), kind, durationMs, errorText(error)));
      this.sessionMetrics.countAndTime(SSE_EVENT_COUNT_METRIC, SSE_EVENT_DURATION_METRIC, durationMs, { kind: kind ?? 'unknown', success: 'false' });
    } catch (err) {
      reportEventFailure('codex.sse_event', err);
    }
  }

  /** `codex.sse_event` kind `response.completed` that failed (log + trace, `error.message`). No metrics. */
  sseEventCompletedFailed(error: unknown): void {
    try {
      this.emit('codex.sse_event', buildSseEventCompletedFailed(this.metadata, eventTimestamp(), errorText(error)));
    } catch (err) {
      reportEventFailure('codex.sse_event', err);
    }
  }

  /** codex-otel's misspelled name (`see_event_completed_failed`) of `sseEventCompletedFailed`. */
  seeEventCompletedFailed(error: unknown): void {
    this.sseEventCompletedFailed(error);
  }

  /**
   * `codex.sse_event` kind `response.completed` with token usage (log + trace), plus
   * `ttft_ms` when given and the session's service tier / reasoning effort. No metrics.
   */
  sseEventCompleted(usage: TokenUsage, ttftMs?: number): void {
    try {
      this.emit('codex.sse_event', buildSseEventCompleted(this.metadata, eventTimestamp(), usage, ttftMs));
    } catch (err) {
      reportEventFailure('codex.sse_event', err);
    }
  }
}
