// The plain TypeScript inputs of SessionTelemetry: construction options and the shapes that stand
// in for codex-otel's Rust-specific arguments (Duration, ThreadId, ResponseEvent, TokenUsage, the
// SSE and websocket stream results), and the two attribute sets of an event. Types only; no
// runtime code.
import type { Attributes } from '../../../proto-json/model.ts';

/** The attributes of one event: the log record's and the span event's (undefined = not emitted on that side). */
export interface EventAttributes {
  readonly log: Attributes | undefined;
  readonly trace: Attributes | undefined;
}

/** How the session authenticated: codex-otel's `TelemetryAuthMode` (its `auth_mode` value). */
export type TelemetryAuthMode = 'ApiKey' | 'Chatgpt';

/**
 * Who decided a tool call: codex-otel's `ToolDecisionSource`, printed as its variant name in the
 * `source` log attribute.
 */
export type ToolDecisionSource = 'AutomatedReviewer' | 'Config' | 'User';

/**
 * codex-otel's `ReviewDecision::to_opaque_string()` values (`decision` attribute). Any other string
 * is passed through unchanged.
 */
export type ReviewDecision =
  | 'approved'
  | 'approved_with_amendment'
  | 'approved_for_session'
  | 'approved_mcp_policy_amendment'
  | 'approved_with_network_policy_allow'
  | 'denied_with_network_policy_deny'
  | 'denied'
  | 'timed_out'
  | 'abort'
  | (string & {});

/** Options of `new SessionTelemetry(...)`: codex-otel's ten positional arguments, plus `appVersion`. */
export interface SessionTelemetryOptions {
  /** The conversation (thread) id: `conversation.id` on every event. */
  readonly conversationId: string;
  /** `model` on every event and the `model` metric tag. An invalid tag value (e.g. `gpt:5`) makes every metric of the session fail validation: each failure is reported once and the sample dropped, as in codex-otel. */
  readonly model: string;
  /** `slug` on every event. */
  readonly slug: string;
  /** `user.account_id` on log records only (never on span events). */
  readonly accountId?: string | undefined;
  /** `user.email` on log records only (never on span events). */
  readonly accountEmail?: string | undefined;
  /** `auth_mode` attribute and metric tag; absent when undefined. */
  readonly authMode?: TelemetryAuthMode | undefined;
  /** The client originator (`codex_cli_rs`, …); sanitized with `sanitizeMetricTagValue`. */
  readonly originator: string;
  /** When false (codex-otel's default), `codex.user_prompt` log records carry `"[REDACTED]"` instead of the prompt. */
  readonly logUserPrompts: boolean;
  /** `terminal.type` on every event. */
  readonly terminalType: string;
  /** codex-otel's `SessionSource` as its display string: `cli`, `vscode`, `exec`, `mcp`, a custom value, `internal_x`, `subagent_x`, `unknown`. Metric tag `session_source`. */
  readonly sessionSource: string;
  /**
   * The host application's version: `app.version` on every event and metric tag, not sanitized
   * (a value with `+` makes every metric fail validation, as in codex-otel).
   * @default 'unknown'
   */
  readonly appVersion?: string | undefined;
}

/** codex-otel's `AuthEnvTelemetryMetadata`: which auth-related environment variables were seen. All `auth.env_*` attributes. */
export interface AuthEnvTelemetryMetadata {
  /** `auth.env_openai_api_key_present` */
  readonly openaiApiKeyEnvPresent: boolean;
  /** `auth.env_codex_api_key_present` */
  readonly codexApiKeyEnvPresent: boolean;
  /** `auth.env_codex_api_key_enabled` */
  readonly codexApiKeyEnvEnabled: boolean;
  /** `auth.env_provider_key_name`, absent when undefined. */
  readonly providerEnvKeyName?: string | undefined;
  /** `auth.env_provider_key_present`, absent when undefined. */
  readonly providerEnvKeyPresent?: boolean | undefined;
  /** `auth.env_refresh_token_url_override_present` */
  readonly refreshTokenUrlOverridePresent: boolean;
}

/** codex-otel's `AgentIdentityTelemetry`: `auth.agent_id` and `auth.task_id`, each absent when undefined. */
export interface AgentIdentityTelemetry {
  readonly agentId?: string | undefined;
  readonly taskId?: string | undefined;
}

/** Metric tags: a plain object or `[key, value]` pairs (pairs keep their order; a later duplicate key wins). */
export type { MetricTags } from '../../signals/metrics/validation.ts';

/**
 * Token usage of a completed response (codex-otel's `TokenUsage`), all non-negative integers.
 * `cacheWriteInputTokens` defaults to 0.
 */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
  readonly cacheWriteInputTokens?: number | undefined;
  readonly outputTokens: number;
  readonly reasoningOutputTokens: number;
  readonly totalTokens: number;
}

/**
 * One item of a user prompt (codex-otel's `UserInput`, serde shape): text, a remote image or a
 * local image. Other `type`s are ignored by `userPrompt`.
 */
export type UserInput =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly imageUrl?: string }
  | { readonly type: 'local_image'; readonly path?: string }
  | { readonly type: string; readonly text?: string };

/**
 * The result of waiting for the next SSE event: codex-otel's
 * `Result<Option<Result<eventsource_stream::Event, EventStreamError<E>>>, Elapsed>`.
 * - `{ kind: 'event', event, data }` = `Ok(Some(Ok(event)))`: an event arrived;
 * - `{ kind: 'error', error }` = `Ok(Some(Err(e)))`: the stream failed (`error` is displayed as
 *   its `message` for an Error, else `String(error)`);
 * - `{ kind: 'end' }` = `Ok(None)`: the stream ended (nothing is recorded);
 * - `{ kind: 'timeout' }` = `Err(Elapsed)`: the idle timeout fired.
 */
export type SseOutcome =
  | { readonly kind: 'event'; readonly event: string; readonly data: string }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'end' }
  | { readonly kind: 'timeout' };

/**
 * The result of waiting for the next websocket message: codex-otel's
 * `Result<Option<Result<tungstenite::Message, tungstenite::Error>>, ApiError>`.
 * - `{ kind: 'text', text }`: a Text frame (parsed as JSON; `type` becomes the metric `kind`);
 * - `{ kind: 'binary' | 'close' | 'frame' }`: other frames (success false, kind `unknown`);
 * - `{ kind: 'ping' | 'pong' }`: ignored (no metric at all);
 * - `{ kind: 'error', error? }` = `Ok(Some(Err))`: the websocket failed;
 * - `{ kind: 'end' }` = `Ok(None)`: the stream ended;
 * - `{ kind: 'api_error', error? }` = `Err(ApiError)`: the request failed.
 */
export type WebsocketOutcome =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary' | 'close' | 'frame' | 'ping' | 'pong' }
  | { readonly kind: 'error' | 'api_error'; readonly error?: unknown }
  | { readonly kind: 'end' };

/**
 * An output item of a response (codex-otel's `ResponseItem`, serde shape): `type` is the snake_case
 * variant (`message`, `reasoning`, `function_call`, …), `role` names a message's author and
 * `name` a function call's tool.
 */
export interface ResponseItem {
  readonly type: string;
  readonly role?: string | undefined;
  readonly name?: string | undefined;
}

/**
 * A streamed response event (codex-otel's `ResponseEvent`) for `recordResponses`: `type` is the
 * span name codex-otel uses for it; `output_item_done`/`output_item_added` carry the item, and
 * `completed` may carry token usage.
 */
export type ResponseEvent =
  | { readonly type: 'output_item_done' | 'output_item_added'; readonly item: ResponseItem }
  | { readonly type: 'completed'; readonly tokenUsage?: TokenUsage | undefined }
  | {
      readonly type:
        | 'created'
        | 'text_delta'
        | 'tool_input_delta'
        | 'reasoning_summary_delta'
        | 'reasoning_summary_done'
        | 'reasoning_content_delta'
        | 'reasoning_summary_part_added'
        | 'server_model'
        | 'model_verifications'
        | 'turn_moderation_metadata'
        | 'safety_buffering'
        | 'server_reasoning_included'
        | 'rate_limits'
        | 'models_etag';
    };

/** The span operations `recordResponses` needs (the provider's spans have them). */
export interface RecordableSpan {
  updateName(name: string): unknown;
  setAttribute(key: string, value: string | number | boolean): unknown;
}
