// SessionTelemetry (as in codex-otel): the session-scoped facade an AI coding CLI calls. One class
// holding one private state record (session/state.ts); each event method is a one-line
// delegation, inside the one `guard`, to a plain function of its area's module
// (session/events-tool.ts, events-transport.ts, events-turn.ts, websocket.ts), which builds the
// event's two attribute sets, emits them and records the event's metrics. The file is longer than
// the others because it is the documented public surface itself (one concept, 46 members).
import type { EventSink } from '../signals/events.ts';
import type { ResourceMetrics } from '../signals/metrics/collect.ts';
import type { RuntimeMetricsSummary } from '../signals/metrics/runtime-summary.ts';
import { sanitizeMetricTagValue } from '../signals/metrics/tags.ts';
import type { Timer } from '../signals/metrics/timer.ts';
import { MetricsClient, type MetricsConfig, type MetricsShutdownResult } from './metrics-client.ts';
import type { OtelProvider } from './provider.ts';
import * as tool from './session/events-tool.ts';
import type { ToolResultInput } from './session/events-tool.ts';
import * as transport from './session/events-transport.ts';
import type { ApiRequestInput, AuthRecoveryInput, ConversationStartsInput, WebsocketConnectInput } from './session/events-transport.ts';
import * as turn from './session/events-turn.ts';
import type { PluginInstallSuggestionInput } from './session/events-turn.ts';
import type { SessionTelemetryMetadata } from './session/metadata.ts';
import { recordResponseOnSpan } from './session/responses.ts';
import { guard, newSessionState, SessionState, withMeta, withMetricsAndSink, withProvider, withProviderMetrics } from './session/state.ts';
import type {
  AgentIdentityTelemetry,
  AuthEnvTelemetryMetadata,
  MetricTags,
  RecordableSpan,
  ResponseEvent,
  ReviewDecision,
  SessionTelemetryOptions,
  SseOutcome,
  TokenUsage,
  ToolDecisionSource,
  UserInput,
  WebsocketOutcome,
} from './session/types.ts';
import { recordWebsocketEvent } from './session/websocket.ts';

export type { ApiRequestInput, AuthRecoveryInput, AuthRequestFields, ConversationStartsInput, WebsocketConnectInput } from './session/events-transport.ts';
export type { ToolResultInput } from './session/events-tool.ts';
export type { PluginInstallSuggestionInput } from './session/events-turn.ts';
export { DEFAULT_APP_VERSION, REDACTED_PROMPT, type SessionTelemetryMetadata } from './session/metadata.ts';
export type * from './session/types.ts';

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
export class SessionTelemetry {
  readonly #state: SessionState;

  /**
   * Starts a session (codex-otel's `SessionTelemetry::new`): `originator` is sanitized,
   * `appVersion` defaults to `'unknown'`, and the process-global metrics client (if any) is
   * picked up with metadata tags on. Never throws.
   */
  constructor(options: SessionTelemetryOptions) {
    // The builders below pass a derived state record instead of options (see #derive).
    this.#state = options instanceof SessionState ? options : newSessionState(options);
  }

  /** A new instance (of this instance's class) holding `state`. */
  #derive(state: SessionState): this {
    const Ctor = this.constructor as new (options: SessionTelemetryOptions | SessionState) => this;
    return new Ctor(state);
  }

  /** The session metadata (frozen). */
  get metadata(): SessionTelemetryMetadata {
    return this.#state.meta;
  }

  // ---- builders (each returns a new instance) ----

  /** Sets the auth environment facts (the `auth.env_*` attributes). */
  withAuthEnv(authEnv: AuthEnvTelemetryMetadata): this {
    return this.#derive(withMeta(this.#state, { authEnv: Object.freeze({ ...authEnv }) }));
  }

  /** Sets `model` and `slug` (the `model` metric tag too). */
  withModel(model: string, slug: string): this {
    return this.#derive(withMeta(this.#state, { model: String(model), slug: String(slug) }));
  }

  /** Sets the service tier and reasoning effort reported by `sseEventCompleted` (each absent when undefined). */
  withInferenceRequest(serviceTier: string | undefined, reasoningEffort: string | undefined): this {
    return this.#derive(withMeta(this.#state, { serviceTier, modelReasoningEffort: reasoningEffort }));
  }

  /** Adds the `service_name` metric tag (sanitized). */
  withMetricsServiceName(serviceName: string): this {
    return this.#derive(withMeta(this.#state, { serviceName: sanitizeMetricTagValue(serviceName) }));
  }

  /** Records metrics into `client`, with the session metadata tags. */
  withMetrics(client: MetricsClient): this {
    return this.#derive(withMetricsAndSink(this.#state, client, true, this.#state.sink));
  }

  /** Records metrics into `client` with only the caller's tags (no session metadata tags). */
  withMetricsWithoutMetadataTags(client: MetricsClient): this {
    return this.#derive(withMetricsAndSink(this.#state, client, false, this.#state.sink));
  }

  /**
   * Records metrics into a new client built from `config` (metadata tags on).
   * @throws MetricsError when the client cannot be built (as `new MetricsClient(config)`).
   */
  withMetricsConfig(config: MetricsConfig): this {
    return this.withMetrics(new MetricsClient(config));
  }

  /** Uses `provider.metrics` when the provider exports metrics; otherwise returns an unchanged copy. */
  withProviderMetrics(provider: Pick<OtelProvider, 'metrics'>): this {
    return this.#derive(withProviderMetrics(this.#state, provider, this.#state.sink));
  }

  /** Sends events to `target` instead of the process-global event target. */
  withEventTarget(target: EventSink): this {
    const s = this.#state;
    return this.#derive(withMetricsAndSink(s, s.metrics.client, s.metrics.useMetadataTags, target));
  }

  /**
   * Sends events to `provider` (its logger, and the active span of its tracer) instead of the
   * process-global target, and uses its metrics as `withProviderMetrics` does.
   */
  withProvider(provider: Pick<OtelProvider, 'metrics' | 'logger' | 'tracer'>): this {
    return this.#derive(withProvider(this.#state, provider));
  }

  // ---- metric pass-through (never throw: a failure is reported once per distinct error, and dropped) ----

  /** Adds `inc` to counter `name`, with the session metadata tags merged over `tags` (metadata wins). */
  counter(name: string, inc: number, tags?: MetricTags): void {
    this.#state.metrics.counter(name, inc, tags);
  }

  /** Records `value` into histogram `name`, with the session metadata tags merged over `tags`. */
  histogram(name: string, value: number, tags?: MetricTags): void {
    this.#state.metrics.histogram(name, value, tags);
  }

  /** Records a duration (whole ms, truncated) into `name`, with the session metadata tags merged over `tags`. */
  recordDuration(name: string, durationMs: number, tags?: MetricTags): void {
    this.#state.metrics.recordDuration(name, durationMs, tags);
  }

  /**
   * Starts a timer whose samples carry the session metadata tags and never throw; undefined when
   * the session has no metrics client (codex-otel's `Err(ExporterDisabled)`).
   */
  startTimer(name: string, tags?: MetricTags): Timer | undefined {
    return this.#state.metrics.startTimer(name, tags);
  }

  /**
   * The runtime reader's delta snapshot (resets the runtime deltas).
   * @throws MetricsError `ExporterDisabled` without a metrics client, `RuntimeSnapshotUnavailable`
   * when the client has no runtime reader.
   */
  snapshotMetrics(): ResourceMetrics {
    return this.#state.metrics.snapshot();
  }

  /** Takes and discards a snapshot, resetting the runtime deltas. A failure is reported at debug level. */
  resetRuntimeMetrics(): void {
    this.#state.metrics.resetRuntime();
  }

  /** A summary of the runtime deltas since the last snapshot; undefined when the snapshot fails or is empty. */
  runtimeMetricsSummary(): RuntimeMetricsSummary | undefined {
    return this.#state.metrics.runtimeSummary();
  }

  /**
   * Shuts the session's metrics client down (final export, then its own exporter stops); resolves
   * `undefined` without a client. Never rejects: a failed final export resolves `ok: false`.
   */
  shutdownMetrics(): Promise<MetricsShutdownResult | undefined> {
    return this.#state.metrics.shutdown();
  }

  // ---- request and stream events ----

  /** `codex.conversation_starts` (log + trace). No metrics. */
  conversationStarts(input: ConversationStartsInput): void {
    guard('codex.conversation_starts', transport.conversationStarts, this.#state, input);
  }

  /**
   * Times `fn` (an HTTP request) and records it as `recordApiRequest(attempt, …)` with
   * codex-otel's defaults (no auth fields, endpoint `unknown`). The status comes from the result's
   * `status`/`statusCode`, or from the rejection's `status`/`statusCode`/`response.status`; the
   * error text is the rejection's message. Returns `fn`'s result; a rejection (or a synchronous
   * throw) of `fn` is recorded and then rethrown unchanged.
   */
  logRequest<T>(attempt: number, fn: () => Promise<T> | T): Promise<T> {
    return transport.logRequest(this.#state, attempt, fn);
  }

  /**
   * `codex.api_request` (log + trace), counter `codex.api_request` and histogram
   * `codex.api_request.duration_ms` tagged `status` (or `none`) and `success` (2xx and no error).
   */
  recordApiRequest(input: ApiRequestInput): void {
    guard('codex.api_request', transport.recordApiRequest, this.#state, input);
  }

  /** `codex.websocket_connect` (log + trace). No metrics. */
  recordWebsocketConnect(input: WebsocketConnectInput): void {
    guard('codex.websocket_connect', transport.recordWebsocketConnect, this.#state, input);
  }

  /**
   * `codex.websocket_request` (log + trace), counter `codex.websocket.request` and histogram
   * `codex.websocket.request.duration_ms` tagged `success` (no error).
   */
  recordWebsocketRequest(durationMs: number, error: string | undefined, connectionReused: boolean, agentIdentity?: AgentIdentityTelemetry): void {
    guard('codex.websocket_request', transport.recordWebsocketRequest, this.#state, durationMs, error, connectionReused, agentIdentity);
  }

  /** `codex.auth_recovery` (log + trace). No metrics. */
  recordAuthRecovery(input: AuthRecoveryInput): void {
    guard('codex.auth_recovery', transport.recordAuthRecovery, this.#state, input);
  }

  /**
   * Metrics only (no event): counter `codex.websocket.event` and histogram
   * `codex.websocket.event.duration_ms` tagged `kind` and `success` (see `WebsocketOutcome`);
   * a `responsesapi.websocket_timing` message also records the six `codex.responses_api_*`
   * histograms from its `timing_metrics` (TBT values keep fractional ms). Ping/Pong: nothing.
   */
  recordWebsocketEvent(outcome: WebsocketOutcome, durationMs: number): void {
    guard('codex.websocket.event', recordWebsocketEvent, this.#state, outcome, durationMs);
  }

  /**
   * Records one SSE outcome (codex-otel's `log_sse_event`; rules in `classifySseOutcome`): a
   * success is a log-only `codex.sse_event`, a failure goes through `sseEventFailed`; the end of
   * the stream records nothing.
   */
  logSseEvent(outcome: SseOutcome, durationMs: number): void {
    guard('codex.sse_event', turn.logSseEvent, this.#state, outcome, durationMs);
  }

  /**
   * A failed SSE event: `codex.sse_event` (log + trace; the log omits `event.kind` when `kind` is
   * undefined, the trace says `unknown`), counter and duration tagged `kind` (or `unknown`) and
   * `success=false`. `error` is displayed as its message (Error) or string.
   */
  sseEventFailed(kind: string | undefined, durationMs: number, error: unknown): void {
    guard('codex.sse_event', turn.sseEventFailed, this.#state, kind, durationMs, error);
  }

  /** `codex.sse_event` kind `response.completed` that failed (log + trace, `error.message`). No metrics. */
  sseEventCompletedFailed(error: unknown): void {
    guard('codex.sse_event', turn.sseEventCompletedFailed, this.#state, error);
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
    guard('codex.sse_event', turn.sseEventCompleted, this.#state, usage, ttftMs);
  }

  // ---- prompt, tool, turn and plugin events ----

  /**
   * `codex.user_prompt`: the log has the prompt (text items concatenated), or `"[REDACTED]"`
   * unless the session was built with `logUserPrompts: true`; the trace has only the length and
   * the text / image / local image counts. No metrics.
   */
  userPrompt(items: readonly UserInput[]): void {
    guard('codex.user_prompt', tool.userPrompt, this.#state, items);
  }

  /** `codex.tool_decision` (log only). No metrics. */
  toolDecision(toolName: string, callId: string, decision: ReviewDecision, source?: ToolDecisionSource): void {
    guard('codex.tool_decision', tool.toolDecision, this.#state, toolName, callId, decision, source);
  }

  /** `codex.sandbox_outcome` (log + trace, same fields; durations in whole ms). No metrics. */
  sandboxOutcome(toolName: string, callId: string, outcome: string, initialDurationMs: number, escalatedDurationMs?: number): void {
    guard('codex.sandbox_outcome', tool.sandboxOutcome, this.#state, toolName, callId, outcome, initialDurationMs, escalatedDurationMs);
  }

  /**
   * Hot path: `codex.tool_result` (log: arguments and output in full; trace: lengths only),
   * counter `codex.tool.call` and histogram `codex.tool.call.duration_ms` tagged `tool`,
   * `success`, then `extraTags` (codex-otel's `tool_result_with_tags`).
   */
  toolResult(input: ToolResultInput): void {
    guard('codex.tool_result', tool.toolResult, this.#state, input);
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
  logToolResult<R extends { readonly output: string; readonly success: boolean }>(
    toolName: string,
    callId: string,
    args: string,
    fn: () => Promise<R> | R,
    options: Pick<ToolResultInput, 'extraTags' | 'extraTraceFields'> = {},
  ): Promise<R> {
    return tool.logToolResult(this.#state, toolName, callId, args, fn, options);
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
    guard('codex.tool_result', tool.logToolFailed, this.#state, toolName, error);
  }

  /** `codex.startup_phase` (log + trace) and histogram `codex.startup.phase.duration_ms` tagged `phase` (and `status`). */
  recordStartupPhase(phase: string, durationMs: number, status?: string): void {
    guard('codex.startup_phase', turn.recordStartupPhase, this.#state, phase, durationMs, status);
  }

  /** `codex.turn_ttft` (log + trace) and histogram `codex.turn.ttft.duration_ms`. */
  recordTurnTtft(durationMs: number): void {
    guard('codex.turn_ttft', turn.recordTurnTtft, this.#state, durationMs);
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
    guard('codex.turn_cost', turn.recordTurnCost, this.#state, turnId, estimatedUsd, interrupted, speed, reasoningEffort);
  }

  /** `codex.plugin_install_elicitation_sent` (log + trace) and counter `codex.plugins.install_elicitation.sent` tagged `tool_type`. */
  recordPluginInstallElicitationSent(toolType: string, toolId: string, toolName: string): void {
    guard('codex.plugin_install_elicitation_sent', turn.recordPluginInstallElicitationSent, this.#state, toolType, toolId, toolName);
  }

  /**
   * `codex.plugin_install_suggestion` (log + trace) and counter `codex.plugins.install_suggestion`
   * tagged `tool_type`, `response_action`, `completed`.
   */
  recordPluginInstallSuggestion(input: PluginInstallSuggestionInput): void {
    guard('codex.plugin_install_suggestion', turn.recordPluginInstallSuggestion, this.#state, input);
  }

  /**
   * Names `span` after a streamed response event and records its fields on it (codex-otel's
   * `record_responses`; see `recordResponseOnSpan`). Emits no event. Never throws.
   */
  recordResponses(span: RecordableSpan, event: ResponseEvent): void {
    recordResponseOnSpan(span, event);
  }
}
