// Every metric name codex-otel defines (`metrics/names.rs`: the baseline plus the later names
// and bucket tables), the Statsig deny-list, the tag-name constants and the histogram bucket
// tables. Constants only (the logarithmic tables are built on first use, see log-buckets.ts).
import { contextLogBuckets, lazyFrozenArray } from './log-buckets.ts';

export { contextLogBuckets } from './log-buckets.ts';

/** `codex.tool.call`: counter of tool calls (tags tool, success, sandbox, …). */
export const TOOL_CALL_COUNT_METRIC = 'codex.tool.call';
/** `codex.tool.call.duration_ms`: tool call durations. */
export const TOOL_CALL_DURATION_METRIC = 'codex.tool.call.duration_ms';
/** `codex.tool.unified_exec`. */
export const TOOL_CALL_UNIFIED_EXEC_METRIC = 'codex.tool.unified_exec';
/** `codex.multi_agent.spawn.failure`: counter of failed sub-agent spawns. */
export const MULTI_AGENT_SPAWN_FAILURE_METRIC = 'codex.multi_agent.spawn.failure';
/** `codex.multi_agent.spawn.phase.duration_ms`: duration of one sub-agent spawn phase. */
export const MULTI_AGENT_SPAWN_PHASE_DURATION_METRIC = 'codex.multi_agent.spawn.phase.duration_ms';
/** `codex.artifact.operation.started`. */
export const ARTIFACT_OPERATION_STARTED_METRIC = 'codex.artifact.operation.started';
/** `codex.artifact.operation.expected_output_count`. */
export const ARTIFACT_OPERATION_EXPECTED_OUTPUT_COUNT_METRIC = 'codex.artifact.operation.expected_output_count';
/** `codex.process.start`: recorded once per process by `recordProcessStartOnce`. */
export const PROCESS_START_METRIC = 'codex.process.start';
/** `exec_server_client_requests_total`: caller-side exec-server RPC attempts, including local admission and transport failures. */
export const EXEC_SERVER_CLIENT_REQUEST_COUNT_METRIC = 'exec_server_client_requests_total';
/** `codex.api_request`: API request counter (status, success). */
export const API_CALL_COUNT_METRIC = 'codex.api_request';
/** `codex.api_request.duration_ms`. */
export const API_CALL_DURATION_METRIC = 'codex.api_request.duration_ms';
/** `codex.sse_event`: SSE event counter (kind, success). */
export const SSE_EVENT_COUNT_METRIC = 'codex.sse_event';
/** `codex.sse_event.duration_ms`. */
export const SSE_EVENT_DURATION_METRIC = 'codex.sse_event.duration_ms';
/** `codex.websocket.request`: websocket request counter (success). */
export const WEBSOCKET_REQUEST_COUNT_METRIC = 'codex.websocket.request';
/** `codex.websocket.continuation`: counter of websocket continuations. */
export const WEBSOCKET_CONTINUATION_COUNT_METRIC = 'codex.websocket.continuation';
/** `codex.websocket.request.duration_ms`. */
export const WEBSOCKET_REQUEST_DURATION_METRIC = 'codex.websocket.request.duration_ms';
/** `codex.websocket.event`: websocket event counter (kind, success). */
export const WEBSOCKET_EVENT_COUNT_METRIC = 'codex.websocket.event';
/** `codex.websocket.event.duration_ms`. */
export const WEBSOCKET_EVENT_DURATION_METRIC = 'codex.websocket.event.duration_ms';
/** `codex.responses_api_overhead.duration_ms`. */
export const RESPONSES_API_OVERHEAD_DURATION_METRIC = 'codex.responses_api_overhead.duration_ms';
/** `codex.responses_api_inference_time.duration_ms`. */
export const RESPONSES_API_INFERENCE_TIME_DURATION_METRIC = 'codex.responses_api_inference_time.duration_ms';
/** `codex.responses_api_engine_iapi_ttft.duration_ms`. */
export const RESPONSES_API_ENGINE_IAPI_TTFT_DURATION_METRIC = 'codex.responses_api_engine_iapi_ttft.duration_ms';
/** `codex.responses_api_engine_service_ttft.duration_ms`. */
export const RESPONSES_API_ENGINE_SERVICE_TTFT_DURATION_METRIC = 'codex.responses_api_engine_service_ttft.duration_ms';
/** `codex.responses_api_engine_iapi_tbt.duration_ms` (fractional ms). */
export const RESPONSES_API_ENGINE_IAPI_TBT_DURATION_METRIC = 'codex.responses_api_engine_iapi_tbt.duration_ms';
/** `codex.responses_api_engine_service_tbt.duration_ms` (fractional ms). */
export const RESPONSES_API_ENGINE_SERVICE_TBT_DURATION_METRIC = 'codex.responses_api_engine_service_tbt.duration_ms';
/** `codex.turn.e2e_duration_ms`. */
export const TURN_E2E_DURATION_METRIC = 'codex.turn.e2e_duration_ms';
/** `codex.turn.ttft.duration_ms`. */
export const TURN_TTFT_DURATION_METRIC = 'codex.turn.ttft.duration_ms';
/** `codex.turn.ttfm.duration_ms`. */
export const TURN_TTFM_DURATION_METRIC = 'codex.turn.ttfm.duration_ms';
/** `codex.turn.network_proxy`. */
export const TURN_NETWORK_PROXY_METRIC = 'codex.turn.network_proxy';
/** `codex.turn.memory`. */
export const TURN_MEMORY_METRIC = 'codex.turn.memory';
/** `codex.turn.tool.call`: histogram of tool calls per turn. */
export const TURN_TOOL_CALL_METRIC = 'codex.turn.tool.call';
/** `codex.turn.token_usage`: histogram with `token_type`. */
export const TURN_TOKEN_USAGE_METRIC = 'codex.turn.token_usage';
/**
 * `codex.turn.cost_microusd`: counter of a turn's estimated cost in whole micro-USD (recorded by
 * `SessionTelemetry.recordTurnCost`; tags `turn.id`, `conversation.id`, `turn.interrupted`,
 * `speed`?, `reasoning_effort`?). Denied on the Statsig route.
 */
export const TURN_COST_MICROUSD_METRIC = 'codex.turn.cost_microusd';
/** `codex.turn.unified_exec.running_processes`. */
export const TURN_UNIFIED_EXEC_RUNNING_PROCESSES_METRIC = 'codex.turn.unified_exec.running_processes';
/** `codex.guardian.review`. */
export const GUARDIAN_REVIEW_COUNT_METRIC = 'codex.guardian.review';
/** `codex.guardian.review.duration_ms`. */
export const GUARDIAN_REVIEW_DURATION_METRIC = 'codex.guardian.review.duration_ms';
/** `codex.guardian.review.ttft.duration_ms`. */
export const GUARDIAN_REVIEW_TTFT_DURATION_METRIC = 'codex.guardian.review.ttft.duration_ms';
/** `codex.guardian.review.token_usage`. */
export const GUARDIAN_REVIEW_TOKEN_USAGE_METRIC = 'codex.guardian.review.token_usage';
/** `codex.goal.created`. */
export const GOAL_CREATED_METRIC = 'codex.goal.created';
/** `codex.goal.resumed`. */
export const GOAL_RESUMED_METRIC = 'codex.goal.resumed';
/** `codex.goal.completed`. */
export const GOAL_COMPLETED_METRIC = 'codex.goal.completed';
/** `codex.goal.budget_limited`. */
export const GOAL_BUDGET_LIMITED_METRIC = 'codex.goal.budget_limited';
/** `codex.goal.usage_limited`. */
export const GOAL_USAGE_LIMITED_METRIC = 'codex.goal.usage_limited';
/** `codex.goal.blocked`. */
export const GOAL_BLOCKED_METRIC = 'codex.goal.blocked';
/** `codex.goal.token_count`. */
export const GOAL_TOKEN_COUNT_METRIC = 'codex.goal.token_count';
/** `codex.goal.duration_s`. */
export const GOAL_DURATION_SECONDS_METRIC = 'codex.goal.duration_s';
/** `codex.plugins.install_elicitation.sent`. */
export const PLUGIN_INSTALL_ELICITATION_SENT_METRIC = 'codex.plugins.install_elicitation.sent';
/** `codex.plugins.install_suggestion`. */
export const PLUGIN_INSTALL_SUGGESTION_METRIC = 'codex.plugins.install_suggestion';
/** `codex.plugins.startup_sync`. */
export const CURATED_PLUGINS_STARTUP_SYNC_METRIC = 'codex.plugins.startup_sync';
/** `codex.plugins.startup_sync.final`. */
export const CURATED_PLUGINS_STARTUP_SYNC_FINAL_METRIC = 'codex.plugins.startup_sync.final';
/** `codex.hooks.run`. */
export const HOOK_RUN_METRIC = 'codex.hooks.run';
/** `codex.hooks.run.duration_ms`. */
export const HOOK_RUN_DURATION_METRIC = 'codex.hooks.run.duration_ms';
/** `codex.startup.phase.duration_ms`. */
export const STARTUP_PHASE_DURATION_METRIC = 'codex.startup.phase.duration_ms';
/** `codex.startup_prewarm.duration_ms`. */
export const STARTUP_PREWARM_DURATION_METRIC = 'codex.startup_prewarm.duration_ms';
/** `codex.startup_prewarm.age_at_first_turn_ms`. */
export const STARTUP_PREWARM_AGE_AT_FIRST_TURN_METRIC = 'codex.startup_prewarm.age_at_first_turn_ms';
/** `codex.thread.started` (tag `is_git`). */
export const THREAD_STARTED_METRIC = 'codex.thread.started';
/** `codex.thread.skills.enabled_total`. */
export const THREAD_SKILLS_ENABLED_TOTAL_METRIC = 'codex.thread.skills.enabled_total';
/** `codex.thread.skills.kept_total`. */
export const THREAD_SKILLS_KEPT_TOTAL_METRIC = 'codex.thread.skills.kept_total';
/** `codex.thread.skills.description_truncated_chars`. */
export const THREAD_SKILLS_DESCRIPTION_TRUNCATED_CHARS_METRIC = 'codex.thread.skills.description_truncated_chars';
/** `codex.thread.skills.truncated`. */
export const THREAD_SKILLS_TRUNCATED_METRIC = 'codex.thread.skills.truncated';
/** `codex.thread.tools.namespaces_total`: tool namespaces in the rendered tools block (tag `kind` = `snapshot` | `delta`); buckets `THREAD_TOOLS_METRIC_BUCKETS`. */
export const THREAD_TOOLS_NAMESPACES_TOTAL_METRIC = 'codex.thread.tools.namespaces_total';
/** `codex.thread.tools.fragment_bytes`: bytes of the rendered tools block (tag `kind` = `snapshot` | `delta`); buckets `THREAD_TOOLS_METRIC_BUCKETS`. */
export const THREAD_TOOLS_FRAGMENT_BYTES_METRIC = 'codex.thread.tools.fragment_bytes';

/** `codex.conversation.turn.count`: private in codex-otel (`metrics/config.rs`), only on the deny-list. */
export const CONVERSATION_TURN_COUNT_METRIC = 'codex.conversation.turn.count';

/**
 * Metrics validated and then silently not recorded when the exporter is Statsig (exact-name
 * match; custom OTLP exporters still get them). codex-otel's `STATSIG_DISABLED_METRICS`.
 */
export const STATSIG_DISABLED_METRICS: readonly string[] = /* @__PURE__ */ Object.freeze([
  API_CALL_COUNT_METRIC,
  API_CALL_DURATION_METRIC,
  CONVERSATION_TURN_COUNT_METRIC,
  RESPONSES_API_ENGINE_IAPI_TTFT_DURATION_METRIC,
  RESPONSES_API_ENGINE_SERVICE_TBT_DURATION_METRIC,
  RESPONSES_API_ENGINE_SERVICE_TTFT_DURATION_METRIC,
  TOOL_CALL_COUNT_METRIC,
  TOOL_CALL_DURATION_METRIC,
  TURN_COST_MICROUSD_METRIC,
  TURN_TOKEN_USAGE_METRIC,
]);

/** Tag key `app.version`. */
export const APP_VERSION_TAG = 'app.version';
/** Tag key `auth_mode`. */
export const AUTH_MODE_TAG = 'auth_mode';
/** Tag key `model`. */
export const MODEL_TAG = 'model';
/** Tag key `originator`. */
export const ORIGINATOR_TAG = 'originator';
/** Tag key `service_name`. */
export const SERVICE_NAME_TAG = 'service_name';
/** Tag key `session_source`. */
export const SESSION_SOURCE_TAG = 'session_source';

/** The meter (instrumentation scope) name of every metric: `codex`. */
export const METER_NAME = 'codex';

/** Unit and description of the millisecond duration histograms (`recordDuration`). */
export const DURATION_UNIT = 'ms';
/** Description of `recordDuration` histograms. */
export const DURATION_DESCRIPTION = 'Duration in milliseconds.';
/** Unit of `recordDurationSeconds` histograms. */
export const SECONDS_UNIT = 's';

/** Explicit-bucket defaults of the OTel SDK, used by plain `histogram()` (15 bounds). */
export const DEFAULT_HISTOGRAM_BOUNDARIES: readonly number[] = /* @__PURE__ */ Object.freeze([
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
]);

/** codex-otel's `MILLISECOND_DURATION_BOUNDARIES` (34 bounds), used by `recordDuration`. */
export const MILLISECOND_DURATION_BOUNDARIES: readonly number[] = /* @__PURE__ */ Object.freeze([
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250, 2500, 3000, 3500, 4000,
  4500, 5000, 6000, 7000, 7500, 8000, 9000, 10000, 12000, 15000, 20000, 30000, 60000, 120000,
]);

/** codex-otel's `SECOND_DURATION_BOUNDARIES` (21 bounds), used by `recordDurationSeconds`. */
export const SECOND_DURATION_BOUNDARIES: readonly number[] = /* @__PURE__ */ Object.freeze([
  0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 12, 15, 20, 30, 60, 120,
]);

/** Default cardinality limit per metric, the overflow series included (OTel SDK default). */
export const DEFAULT_CARDINALITY_LIMIT = 2000;

/** Attribute key of the overflow series (value `true`). */
export const OVERFLOW_ATTRIBUTE = 'otel.metric.overflow';

/**
 * codex-otel's `THREAD_TOOLS_METRIC_BUCKETS`: 511 logarithmic boundaries up to 32,768 (0, then
 * 2^(15·(i−1)/509)) for `codex.thread.tools.fragment_bytes` and
 * `codex.thread.tools.namespaces_total`; pass to `histogramWithBuckets`.
 */
export const THREAD_TOOLS_METRIC_BUCKETS: readonly number[] = /* @__PURE__ */ lazyFrozenArray(() => contextLogBuckets(15));

/** codex-otel's `THREAD_SKILLS_COUNT_METRIC_BUCKETS`: the integers 0 to 512 (513 boundaries), for the skill counts. */
export const THREAD_SKILLS_COUNT_METRIC_BUCKETS: readonly number[] = /* @__PURE__ */ lazyFrozenArray(() => Array.from({ length: 513 }, (_, i) => i));

/**
 * codex-otel's `THREAD_SKILLS_DESCRIPTION_TRUNCATED_CHARS_BUCKETS`: 511 logarithmic boundaries up
 * to 131,072 removed description characters (0, then 2^(17·(i−1)/509)).
 */
export const THREAD_SKILLS_DESCRIPTION_TRUNCATED_CHARS_BUCKETS: readonly number[] = /* @__PURE__ */ lazyFrozenArray(() => contextLogBuckets(17));

/** codex-otel's `THREAD_SKILLS_TRUNCATED_BUCKETS`: `[0, 1]` (nothing truncated / truncated). */
export const THREAD_SKILLS_TRUNCATED_BUCKETS: readonly number[] = /* @__PURE__ */ Object.freeze([0, 1]);
