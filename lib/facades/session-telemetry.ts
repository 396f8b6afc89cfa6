// SessionTelemetry (as in codex-otel): the session-scoped facade an AI coding CLI calls. This file
// holds the prompt, tool, turn and plugin events and the public type surface; the request and
// stream events are in session/request-events.ts, builders, routing and metric pass-through in
// session/core.ts, and the attribute sets in session/events-*.ts.
import {
  PLUGIN_INSTALL_ELICITATION_SENT_METRIC,
  PLUGIN_INSTALL_SUGGESTION_METRIC,
  STARTUP_PHASE_DURATION_METRIC,
  TOOL_CALL_COUNT_METRIC,
  TOOL_CALL_DURATION_METRIC,
  TURN_COST_MICROUSD_METRIC,
  TURN_TTFT_DURATION_METRIC,
} from '../signals/metrics/names.ts';
import { reportEventFailure } from './session/core.ts';
import { reportMetricFailure } from './session/metrics.ts';
import { microUsdFromDecimal } from './session/turn-cost.ts';
import { buildSandboxOutcome, buildToolDecision, buildToolFailed, buildToolResult, buildUserPrompt, type ToolResultInput } from './session/events-tool.ts';
import {
  buildPluginInstallElicitationSent,
  buildPluginInstallSuggestion,
  buildStartupPhase,
  buildTurnCost,
  buildTurnTtft,
  type PluginInstallSuggestionInput,
} from './session/events-turn.ts';
import { errorText, eventTimestamp } from './session/metadata.ts';
import { SessionRequestEvents } from './session/request-events.ts';
import { recordResponseOnSpan } from './session/responses.ts';
import type { RecordableSpan, ResponseEvent, ReviewDecision, ToolDecisionSource, UserInput } from './session/types.ts';

export type { ApiRequestInput, AuthRecoveryInput, AuthRequestFields, ConversationStartsInput, EventAttributes, WebsocketConnectInput } from './session/events-transport.ts';
export type { ToolResultInput } from './session/events-tool.ts';
export type { PluginInstallSuggestionInput } from './session/events-turn.ts';
export { DEFAULT_APP_VERSION, REDACTED_PROMPT, type SessionTelemetryMetadata } from './session/metadata.ts';
export type {
  AgentIdentityTelemetry,
  AuthEnvTelemetryMetadata,
  MetricTags,
  RecordableSpan,
  ResponseEvent,
  ResponseItem,
  ReviewDecision,
  SessionTelemetryOptions,
  SseOutcome,
  TelemetryAuthMode,
  TokenUsage,
  ToolDecisionSource,
  UserInput,
  WebsocketOutcome,
} from './session/types.ts';

/**
 * The session-scoped telemetry surface (codex-otel's `SessionTelemetry`): emits codex-otel's
 * `codex.*` events — a log record with the full field set (INFO, no body, `event.name` as an
 * attribute) and, for most events, a trace-safe event on the active span (never prompt text,
 * tool arguments or output, `user.email` or `user.account_id`) — and records their metrics
 * with the session metadata tags.
 *
 * Immutable: every `with…` builder returns a new instance. Nothing throws into the host except
 * where documented (`snapshotMetrics`, `withMetricsConfig`, and the rethrown rejection of the
 * function `logRequest` / `logToolResult` time); event and metric failures are reported once
 * per distinct error through the diagnostic channel and dropped.
 *
 * Events go to the process-global event target (installed by `OtelProvider.from`) at call time,
 * unless `withEventTarget` / `withProvider` pinned one. Metrics go to the client captured at
 * construction (`global()`, which follows a re-installed provider), or the one a builder set.
 * Durations are milliseconds (`number`, fractions allowed; attributes and duration metrics
 * truncate to whole ms like codex-otel's `Duration::as_millis()`).
 */
export class SessionTelemetry extends SessionRequestEvents {
  /**
   * `codex.user_prompt`: the log has the prompt (text items concatenated), or `"[REDACTED]"`
   * unless the session was built with `logUserPrompts: true`; the trace has only the length and
   * the text / image / local image counts. No metrics.
   */
  userPrompt(items: readonly UserInput[]): void {
    try {
      this.emit('codex.user_prompt', buildUserPrompt(this.metadata, eventTimestamp(), items));
    } catch (err) {
      reportEventFailure('codex.user_prompt', err);
    }
  }

  /** `codex.tool_decision` (log only). No metrics. */
  toolDecision(toolName: string, callId: string, decision: ReviewDecision, source?: ToolDecisionSource): void {
    try {
      this.emit('codex.tool_decision', buildToolDecision(this.metadata, eventTimestamp(), toolName, callId, decision, source));
    } catch (err) {
      reportEventFailure('codex.tool_decision', err);
    }
  }

  /** `codex.sandbox_outcome` (log + trace, same fields; durations in whole ms). No metrics. */
  sandboxOutcome(toolName: string, callId: string, outcome: string, initialDurationMs: number, escalatedDurationMs?: number): void {
    try {
      this.emit('codex.sandbox_outcome', buildSandboxOutcome(this.metadata, eventTimestamp(), toolName, callId, outcome, initialDurationMs, escalatedDurationMs));
    } catch (err) {
      reportEventFailure('codex.sandbox_outcome', err);
    }
  }

  /**
   * Hot path: `codex.tool_result` (log: arguments and output in full; trace: lengths only),
   * counter `codex.tool.call` and histogram `codex.tool.call.duration_ms` tagged `tool`,
   * `success`, then `extraTags` (codex-otel's `tool_result_with_tags`).
   */
  toolResult(input: ToolResultInput): void {
    try {
      this.emit('codex.tool_result', buildToolResult(this.metadata, eventTimestamp(), input));
      const tags: Record<string, string> = { tool: input.toolName, success: input.success ? 'true' : 'false' };
      const extra = input.extraTags;
      if (extra !== undefined) {
        if (Array.isArray(extra)) for (const pair of extra as readonly (readonly [string, string])[]) tags[pair[0]] = pair[1];
        else for (const k in extra) tags[k] = (extra as Readonly<Record<string, string>>)[k]!;
      }
      this.sessionMetrics.countAndTime(TOOL_CALL_COUNT_METRIC, TOOL_CALL_DURATION_METRIC, input.durationMs, tags);
    } catch (err) {
      reportEventFailure('codex.tool_result', err);
    }
  }

  /** codex-otel's name for `toolResult`. */
  toolResultWithTags(input: ToolResultInput): void {
    this.toolResult(input);
  }

  /**
   * Times `fn` (a tool call resolving to its output preview and success) and records it with
   * `toolResult`. A rejection (or synchronous throw) is recorded with the error's message as the
   * output and `success: false`, then rethrown unchanged. Resolves to `fn`'s result.
   */
  async logToolResult<R extends { readonly output: string; readonly success: boolean }>(
    toolName: string,
    callId: string,
    args: string,
    fn: () => Promise<R> | R,
    options: Pick<ToolResultInput, 'extraTags' | 'extraTraceFields'> = {},
  ): Promise<R> {
    const start = performance.now();
    let result: R;
    try {
      result = await fn();
    } catch (err) {
      this.toolResult({ ...options, toolName, callId, arguments: args, durationMs: performance.now() - start, success: false, output: errorText(err) });
      throw err;
    }
    this.toolResult({ ...options, toolName, callId, arguments: args, durationMs: performance.now() - start, success: result.success, output: result.output });
    return result;
  }

  /** codex-otel's argument order (`log_tool_result_with_tags`) of `logToolResult`. */
  logToolResultWithTags<R extends { readonly output: string; readonly success: boolean }>(
    toolName: string,
    callId: string,
    args: string,
    extraTags: ToolResultInput['extraTags'],
    extraTraceFields: ToolResultInput['extraTraceFields'],
    fn: () => Promise<R> | R,
  ): Promise<R> {
    return this.logToolResult(toolName, callId, args, fn, { extraTags, extraTraceFields });
  }

  /** `codex.tool_result` for a tool that failed before it ran (log + trace, `error.message` on the trace). No metrics. */
  logToolFailed(toolName: string, error: string): void {
    try {
      this.emit('codex.tool_result', buildToolFailed(this.metadata, eventTimestamp(), toolName, error));
    } catch (err) {
      reportEventFailure('codex.tool_result', err);
    }
  }

  /** `codex.startup_phase` (log + trace) and histogram `codex.startup.phase.duration_ms` tagged `phase` (and `status`). */
  recordStartupPhase(phase: string, durationMs: number, status?: string): void {
    try {
      this.emit('codex.startup_phase', buildStartupPhase(this.metadata, eventTimestamp(), phase, durationMs, status));
      const tags: Record<string, string> = { phase };
      if (status !== undefined) tags['status'] = status;
      this.sessionMetrics.recordDuration(STARTUP_PHASE_DURATION_METRIC, durationMs, tags);
    } catch (err) {
      reportEventFailure('codex.startup_phase', err);
    }
  }

  /** `codex.turn_ttft` (log + trace) and histogram `codex.turn.ttft.duration_ms`. */
  recordTurnTtft(durationMs: number): void {
    try {
      this.emit('codex.turn_ttft', buildTurnTtft(this.metadata, eventTimestamp(), durationMs));
      this.sessionMetrics.recordDuration(TURN_TTFT_DURATION_METRIC, durationMs, undefined);
    } catch (err) {
      reportEventFailure('codex.turn_ttft', err);
    }
  }

  /**
   * `codex.turn_cost` (log only) and counter `codex.turn.cost_microusd`: `estimatedUsd` (a decimal
   * string such as `'0.0214'`) in whole micro-USD, rounded to nearest (`'0.0001245'` adds 125),
   * tagged `turn.id`, `conversation.id`, `turn.interrupted` and, when given, `speed` and
   * `reasoning_effort`. An amount that is not a decimal number, negative, infinite or NaN, or above
   * 2^53 − 1 micro-USD records no point (reported once per reason through the diagnostic channel);
   * the event is logged either way. The counter is not sent on the Statsig route (deny-list).
   */
  recordTurnCost(turnId: string, estimatedUsd: string, interrupted: boolean, speed?: string, reasoningEffort?: string): void {
    try {
      this.emit('codex.turn_cost', buildTurnCost(this.metadata, eventTimestamp(), turnId, estimatedUsd, interrupted, speed, reasoningEffort));
      if (this.sessionMetrics.client === undefined) return;
      const micro = microUsdFromDecimal(estimatedUsd);
      if (typeof micro !== 'number') {
        reportMetricFailure('counter', TURN_COST_MICROUSD_METRIC, `estimated_usd is ${micro === 'overflow' ? 'too large' : micro === 'malformed' ? 'not a decimal number' : micro}; no point recorded`);
        return;
      }
      const tags: Record<string, string> = { 'turn.id': turnId, 'conversation.id': this.metadata.conversationId, 'turn.interrupted': interrupted ? 'true' : 'false' };
      if (speed !== undefined) tags['speed'] = speed;
      if (reasoningEffort !== undefined) tags['reasoning_effort'] = reasoningEffort;
      this.sessionMetrics.counter(TURN_COST_MICROUSD_METRIC, micro, tags);
    } catch (err) {
      reportEventFailure('codex.turn_cost', err);
    }
  }

  /** `codex.plugin_install_elicitation_sent` (log + trace) and counter `codex.plugins.install_elicitation.sent` tagged `tool_type`. */
  recordPluginInstallElicitationSent(toolType: string, toolId: string, toolName: string): void {
    try {
      this.emit('codex.plugin_install_elicitation_sent', buildPluginInstallElicitationSent(this.metadata, eventTimestamp(), toolType, toolId, toolName));
      this.sessionMetrics.counter(PLUGIN_INSTALL_ELICITATION_SENT_METRIC, 1, { tool_type: toolType });
    } catch (err) {
      reportEventFailure('codex.plugin_install_elicitation_sent', err);
    }
  }

  /**
   * `codex.plugin_install_suggestion` (log + trace) and counter `codex.plugins.install_suggestion`
   * tagged `tool_type`, `response_action`, `completed`.
   */
  recordPluginInstallSuggestion(input: PluginInstallSuggestionInput): void {
    try {
      this.emit('codex.plugin_install_suggestion', buildPluginInstallSuggestion(this.metadata, eventTimestamp(), input));
      this.sessionMetrics.counter(PLUGIN_INSTALL_SUGGESTION_METRIC, 1, {
        tool_type: input.toolType,
        response_action: input.responseAction,
        completed: input.completed ? 'true' : 'false',
      });
    } catch (err) {
      reportEventFailure('codex.plugin_install_suggestion', err);
    }
  }

  /**
   * Names `span` after a streamed response event and records its fields on it (codex-otel's
   * `record_responses`; see `recordResponseOnSpan`). Emits no event. Never throws.
   */
  recordResponses(span: RecordableSpan, event: ResponseEvent): void {
    recordResponseOnSpan(span, event);
  }
}
