// The session's streaming and turn events (codex.sse_event, codex.startup_phase,
// codex.turn_ttft, codex.turn_cost, codex.plugin_install_elicitation_sent,
// codex.plugin_install_suggestion): pure builders with codex-otel's keys, types and log/trace
// split, and the functions SessionTelemetry delegates to, which emit them and record metrics.
import type { Attributes } from '../../../proto-json/model.ts';
import {
  PLUGIN_INSTALL_ELICITATION_SENT_METRIC,
  PLUGIN_INSTALL_SUGGESTION_METRIC,
  SSE_EVENT_COUNT_METRIC,
  SSE_EVENT_DURATION_METRIC,
  STARTUP_PHASE_DURATION_METRIC,
  TURN_COST_MICROUSD_METRIC,
  TURN_TTFT_DURATION_METRIC,
} from '../../signals/metrics/names.ts';
import { durationMsString, errorText, eventTimestamp, sessionEvent, type SessionTelemetryMetadata } from './metadata.ts';
import { reportMetricFailure } from './metrics.ts';
import { classifySseOutcome } from './sse.ts';
import { emit, type SessionState } from './state.ts';
import { microUsdFromDecimal } from './turn-cost.ts';
import type { EventAttributes, SseOutcome, TokenUsage } from './types.ts';

/** Inputs of `recordPluginInstallSuggestion`. */
export interface PluginInstallSuggestionInput {
  readonly toolType: string;
  readonly toolId: string;
  readonly toolName: string;
  readonly responseAction: string;
  readonly userConfirmed: boolean;
  readonly completed: boolean;
}

/** codex.sse_event for a successful event, log only: `event.kind`, `duration_ms`. */
export function buildSseEvent(m: SessionTelemetryMetadata, ts: string, kind: string, durationMs: number): EventAttributes {
  const log: Attributes = { 'event.name': 'codex.sse_event', 'event.kind': kind, duration_ms: durationMsString(durationMs) };
  return sessionEvent(m, ts, log, undefined);
}

/**
 * codex.sse_event for a failed event, log + trace. The log has `event.kind` only when `kind` is
 * known; the trace always has it (`"unknown"` when not).
 */
export function buildSseEventFailed(
  m: SessionTelemetryMetadata,
  ts: string,
  kind: string | undefined,
  durationMs: number,
  error: string,
): EventAttributes {
  const duration = durationMsString(durationMs);
  const log: Attributes = { 'event.name': 'codex.sse_event' };
  if (kind !== undefined) log['event.kind'] = kind;
  log['duration_ms'] = duration;
  log['error.message'] = error;
  const trace: Attributes = {
    'event.name': 'codex.sse_event',
    'event.kind': kind ?? 'unknown',
    duration_ms: duration,
    'error.message': error,
  };
  return sessionEvent(m, ts, log, trace);
}

/** codex.sse_event `response.completed` that failed (codex-otel's `see_event_completed_failed`), log + trace. */
export function buildSseEventCompletedFailed(m: SessionTelemetryMetadata, ts: string, error: string): EventAttributes {
  return sessionEvent(
    m,
    ts,
    { 'event.name': 'codex.sse_event', 'event.kind': 'response.completed', 'error.message': error },
    { 'event.name': 'codex.sse_event', 'event.kind': 'response.completed', 'error.message': error },
  );
}

function completedFields(m: SessionTelemetryMetadata, usage: TokenUsage, ttftMs: number | undefined): Attributes {
  const a: Attributes = {
    'event.name': 'codex.sse_event',
    'event.kind': 'response.completed',
    input_token_count: String(usage.inputTokens),
    output_token_count: String(usage.outputTokens),
    cached_token_count: usage.cachedInputTokens,
    cache_write_token_count: usage.cacheWriteInputTokens ?? 0,
    reasoning_token_count: usage.reasoningOutputTokens,
    tool_token_count: String(usage.totalTokens),
  };
  if (ttftMs !== undefined) a['ttft_ms'] = ttftMs;
  if (m.serviceTier !== undefined) a['service_tier'] = m.serviceTier;
  if (m.modelReasoningEffort !== undefined) a['model_reasoning_effort'] = m.modelReasoningEffort;
  return a;
}

/**
 * codex.sse_event `response.completed` with token usage, log + trace. Types as codex-otel's wire
 * output: input/output/tool(= total) counts are strings; cached, cache-write and reasoning counts
 * and `ttft_ms` are ints.
 */
export function buildSseEventCompleted(m: SessionTelemetryMetadata, ts: string, usage: TokenUsage, ttftMs: number | undefined): EventAttributes {
  return sessionEvent(m, ts, completedFields(m, usage, ttftMs), completedFields(m, usage, ttftMs));
}

function startupFields(phase: string, duration: string, status: string | undefined): Attributes {
  const a: Attributes = { 'event.name': 'codex.startup_phase', 'startup.phase': phase };
  if (status !== undefined) a['startup.status'] = status;
  a['duration_ms'] = duration;
  return a;
}

/** codex.startup_phase, log + trace: `startup.phase`, `startup.status`?, `duration_ms`. */
export function buildStartupPhase(m: SessionTelemetryMetadata, ts: string, phase: string, durationMs: number, status: string | undefined): EventAttributes {
  const duration = durationMsString(durationMs);
  return sessionEvent(m, ts, startupFields(phase, duration, status), startupFields(phase, duration, status));
}

/** codex.turn_ttft, log + trace: `duration_ms`. */
export function buildTurnTtft(m: SessionTelemetryMetadata, ts: string, durationMs: number): EventAttributes {
  const duration = durationMsString(durationMs);
  return sessionEvent(m, ts, { 'event.name': 'codex.turn_ttft', duration_ms: duration }, { 'event.name': 'codex.turn_ttft', duration_ms: duration });
}

/** codex.turn_cost, log only: `turn.id`, `usage.estimated_usd` (string), `turn.interrupted` (bool), `speed`?, `reasoning_effort`?. */
export function buildTurnCost(
  m: SessionTelemetryMetadata,
  ts: string,
  turnId: string,
  estimatedUsd: string,
  interrupted: boolean,
  speed: string | undefined,
  reasoningEffort: string | undefined,
): EventAttributes {
  const log: Attributes = {
    'event.name': 'codex.turn_cost',
    'turn.id': turnId,
    'usage.estimated_usd': estimatedUsd,
    'turn.interrupted': interrupted,
  };
  if (speed !== undefined) log['speed'] = speed;
  if (reasoningEffort !== undefined) log['reasoning_effort'] = reasoningEffort;
  return sessionEvent(m, ts, log, undefined);
}

function elicitationFields(toolType: string, toolId: string, toolName: string): Attributes {
  return {
    'event.name': 'codex.plugin_install_elicitation_sent',
    'plugin_install.tool_type': toolType,
    'plugin_install.tool_id': toolId,
    'plugin_install.tool_name': toolName,
  };
}

/** codex.plugin_install_elicitation_sent, log + trace. */
export function buildPluginInstallElicitationSent(m: SessionTelemetryMetadata, ts: string, toolType: string, toolId: string, toolName: string): EventAttributes {
  return sessionEvent(m, ts, elicitationFields(toolType, toolId, toolName), elicitationFields(toolType, toolId, toolName));
}

function suggestionFields(i: PluginInstallSuggestionInput): Attributes {
  return {
    'event.name': 'codex.plugin_install_suggestion',
    'plugin_install.tool_type': i.toolType,
    'plugin_install.tool_id': i.toolId,
    'plugin_install.tool_name': i.toolName,
    'plugin_install.response_action': i.responseAction,
    'plugin_install.user_confirmed': i.userConfirmed,
    'plugin_install.completed': i.completed,
  };
}

/** codex.plugin_install_suggestion, log + trace (`user_confirmed`, `completed` as bools). */
export function buildPluginInstallSuggestion(m: SessionTelemetryMetadata, ts: string, i: PluginInstallSuggestionInput): EventAttributes {
  return sessionEvent(m, ts, suggestionFields(i), suggestionFields(i));
}

// ---- recording (SessionTelemetry's methods delegate here, inside `guard`) ----

/** One SSE outcome (rules in `classifySseOutcome`): a log-only success, a failure, or nothing at the end. */
export function logSseEvent(s: SessionState, outcome: SseOutcome, durationMs: number): void {
  const d = classifySseOutcome(outcome);
  if (d === undefined) return;
  if (!d.ok) {
    sseEventFailed(s, d.kind, durationMs, d.error);
    return;
  }
  emit(s, 'codex.sse_event', buildSseEvent(s.meta, eventTimestamp(), d.kind, durationMs));
  s.metrics.countAndTime(SSE_EVENT_COUNT_METRIC, SSE_EVENT_DURATION_METRIC, durationMs, { kind: d.kind, success: 'true' });
}

/** A failed SSE event (log + trace), counter and duration tagged `kind` (or `unknown`) and `success=false`. */
export function sseEventFailed(s: SessionState, kind: string | undefined, durationMs: number, error: unknown): void {
  emit(s, 'codex.sse_event', buildSseEventFailed(s.meta, eventTimestamp(), kind, durationMs, errorText(error)));
  s.metrics.countAndTime(SSE_EVENT_COUNT_METRIC, SSE_EVENT_DURATION_METRIC, durationMs, { kind: kind ?? 'unknown', success: 'false' });
}

/** `codex.sse_event` kind `response.completed` that failed. No metrics. */
export function sseEventCompletedFailed(s: SessionState, error: unknown): void {
  emit(s, 'codex.sse_event', buildSseEventCompletedFailed(s.meta, eventTimestamp(), errorText(error)));
}

/** `codex.sse_event` kind `response.completed` with token usage. No metrics. */
export function sseEventCompleted(s: SessionState, usage: TokenUsage, ttftMs?: number): void {
  emit(s, 'codex.sse_event', buildSseEventCompleted(s.meta, eventTimestamp(), usage, ttftMs));
}

/** `codex.startup_phase` and its duration tagged `phase` (and `status`). */
export function recordStartupPhase(s: SessionState, phase: string, durationMs: number, status?: string): void {
  emit(s, 'codex.startup_phase', buildStartupPhase(s.meta, eventTimestamp(), phase, durationMs, status));
  const tags: Record<string, string> = { phase };
  if (status !== undefined) tags['status'] = status;
  s.metrics.recordDuration(STARTUP_PHASE_DURATION_METRIC, durationMs, tags);
}

/** `codex.turn_ttft` and its duration. */
export function recordTurnTtft(s: SessionState, durationMs: number): void {
  emit(s, 'codex.turn_ttft', buildTurnTtft(s.meta, eventTimestamp(), durationMs));
  s.metrics.recordDuration(TURN_TTFT_DURATION_METRIC, durationMs, undefined);
}

/** `codex.turn_cost` (log only) and counter `codex.turn.cost_microusd` (no point for an amount it cannot count, reported once per reason). */
export function recordTurnCost(s: SessionState, turnId: string, estimatedUsd: string, interrupted: boolean, speed?: string, reasoningEffort?: string): void {
  emit(s, 'codex.turn_cost', buildTurnCost(s.meta, eventTimestamp(), turnId, estimatedUsd, interrupted, speed, reasoningEffort));
  if (s.metrics.client === undefined) return;
  const micro = microUsdFromDecimal(estimatedUsd);
  if (typeof micro !== 'number') {
    reportMetricFailure('counter', TURN_COST_MICROUSD_METRIC, `estimated_usd is ${micro === 'overflow' ? 'too large' : micro === 'malformed' ? 'not a decimal number' : micro}; no point recorded`);
    return;
  }
  const tags: Record<string, string> = { 'turn.id': turnId, 'conversation.id': s.meta.conversationId, 'turn.interrupted': interrupted ? 'true' : 'false' };
  if (speed !== undefined) tags['speed'] = speed;
  if (reasoningEffort !== undefined) tags['reasoning_effort'] = reasoningEffort;
  s.metrics.counter(TURN_COST_MICROUSD_METRIC, micro, tags);
}

/** `codex.plugin_install_elicitation_sent` and its counter tagged `tool_type`. */
export function recordPluginInstallElicitationSent(s: SessionState, toolType: string, toolId: string, toolName: string): void {
  emit(s, 'codex.plugin_install_elicitation_sent', buildPluginInstallElicitationSent(s.meta, eventTimestamp(), toolType, toolId, toolName));
  s.metrics.counter(PLUGIN_INSTALL_ELICITATION_SENT_METRIC, 1, { tool_type: toolType });
}

/** `codex.plugin_install_suggestion` and its counter tagged `tool_type`, `response_action`, `completed`. */
export function recordPluginInstallSuggestion(s: SessionState, input: PluginInstallSuggestionInput): void {
  emit(s, 'codex.plugin_install_suggestion', buildPluginInstallSuggestion(s.meta, eventTimestamp(), input));
  s.metrics.counter(PLUGIN_INSTALL_SUGGESTION_METRIC, 1, {
    tool_type: input.toolType,
    response_action: input.responseAction,
    completed: input.completed ? 'true' : 'false',
  });
}
