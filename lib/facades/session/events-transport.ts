// The session's transport and auth events (codex.conversation_starts, codex.api_request,
// codex.websocket_connect, codex.websocket_request, codex.auth_recovery): pure builders (input →
// { log attributes, trace attributes }, with codex-otel's keys, types and metadata), and the
// functions SessionTelemetry delegates to, which emit them and record their metrics.
import type { Attributes } from '../../../proto-json/model.ts';
import {
  API_CALL_COUNT_METRIC,
  API_CALL_DURATION_METRIC,
  WEBSOCKET_REQUEST_COUNT_METRIC,
  WEBSOCKET_REQUEST_DURATION_METRIC,
} from '../../signals/metrics/names.ts';
import { durationMsString, errorText, eventTimestamp, sessionEvent, writeAuthEnv, type SessionTelemetryMetadata } from './metadata.ts';
import { emit, guard, type SessionState } from './state.ts';
import type { AgentIdentityTelemetry, EventAttributes } from './types.ts';

/** Inputs of `conversationStarts` (codex-otel's eight arguments). */
export interface ConversationStartsInput {
  readonly providerName: string;
  /** `reasoning_effort`, absent when undefined. */
  readonly reasoningEffort?: string | undefined;
  readonly reasoningSummary: string;
  /** `context_window` (int), absent when undefined. */
  readonly contextWindow?: number | undefined;
  /** `auto_compact_token_limit` (int), absent when undefined. */
  readonly autoCompactTokenLimit?: number | undefined;
  /** The approval policy's display string. */
  readonly approvalPolicy: string;
  /** The sandbox policy's display string. */
  readonly sandboxPolicy: string;
  /** MCP server names: joined with `", "` on the log side, counted on the trace side. */
  readonly mcpServers: readonly string[];
}

/** The `auth.*` request fields shared by `recordApiRequest` and `recordWebsocketConnect`. */
export interface AuthRequestFields {
  /** `auth.header_attached` @default false */
  readonly authHeaderAttached?: boolean | undefined;
  /** `auth.header_name` */
  readonly authHeaderName?: string | undefined;
  /** `auth.retry_after_unauthorized` @default false */
  readonly retryAfterUnauthorized?: boolean | undefined;
  /** `auth.recovery_mode` */
  readonly recoveryMode?: string | undefined;
  /** `auth.recovery_phase` */
  readonly recoveryPhase?: string | undefined;
  /** `endpoint` @default 'unknown' */
  readonly endpoint?: string | undefined;
  /** `auth.request_id` */
  readonly requestId?: string | undefined;
  /** `auth.cf_ray` */
  readonly cfRay?: string | undefined;
  /** `auth.error` */
  readonly authError?: string | undefined;
  /** `auth.error_code` */
  readonly authErrorCode?: string | undefined;
  /** `auth.agent_id` / `auth.task_id` */
  readonly agentIdentity?: AgentIdentityTelemetry | undefined;
}

/** Inputs of `recordApiRequest` (codex-otel's fifteen arguments). */
export interface ApiRequestInput extends AuthRequestFields {
  /** `attempt` (int). */
  readonly attempt: number;
  /** HTTP status: `http.response.status_code` (int) and the `status` metric tag (`"none"` when undefined). */
  readonly status?: number | undefined;
  /** `error.message`; a request with an error is never a success. */
  readonly error?: string | undefined;
  /** Elapsed time in ms (`duration_ms`: whole ms, as a string). */
  readonly durationMs: number;
}

/** Inputs of `recordWebsocketConnect`. */
export interface WebsocketConnectInput extends AuthRequestFields {
  readonly durationMs: number;
  readonly status?: number | undefined;
  readonly error?: string | undefined;
  /** `auth.connection_reused` @default false */
  readonly connectionReused?: boolean | undefined;
}

/** Inputs of `recordAuthRecovery`. */
export interface AuthRecoveryInput extends Pick<AuthRequestFields, 'requestId' | 'cfRay' | 'authError' | 'authErrorCode'> {
  readonly mode: string;
  readonly step: string;
  readonly outcome: string;
  readonly recoveryReason?: string | undefined;
  /** `auth.state_changed` (bool), absent when undefined. */
  readonly authStateChanged?: boolean | undefined;
}

/** True for a 2xx status. */
export function isSuccessStatus(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status <= 299;
}

/** Sets `a[key] = value` unless value is undefined (codex-otel's `Option::None` = absent). */
function opt(a: Attributes, key: string, value: string | number | boolean | undefined): void {
  if (value !== undefined) a[key] = value;
}

function statusInt(status: number | undefined): number | undefined {
  return status !== undefined && Number.isInteger(status) ? status : undefined;
}

/** codex.conversation_starts, log + trace (log: `mcp_servers`; trace: `mcp_server_count`). */
export function buildConversationStarts(m: SessionTelemetryMetadata, ts: string, i: ConversationStartsInput): EventAttributes {
  const log = conversationCommon(m, i);
  log['mcp_servers'] = i.mcpServers.join(', ');
  const trace = conversationCommon(m, i);
  trace['mcp_server_count'] = i.mcpServers.length;
  return sessionEvent(m, ts, log, trace);
}

function conversationCommon(m: SessionTelemetryMetadata, i: ConversationStartsInput): Attributes {
  const a: Attributes = { 'event.name': 'codex.conversation_starts', provider_name: i.providerName };
  writeAuthEnv(a, m.authEnv);
  opt(a, 'reasoning_effort', i.reasoningEffort);
  a['reasoning_summary'] = i.reasoningSummary;
  opt(a, 'context_window', i.contextWindow);
  opt(a, 'auto_compact_token_limit', i.autoCompactTokenLimit);
  a['approval_policy'] = i.approvalPolicy;
  a['sandbox_policy'] = i.sandboxPolicy;
  return a;
}

/** `auth.request_id`, `auth.cf_ray`, `auth.error`, `auth.error_code` (each absent when undefined). */
function writeAuthIds(a: Attributes, i: Pick<AuthRequestFields, 'requestId' | 'cfRay' | 'authError' | 'authErrorCode'>): void {
  opt(a, 'auth.request_id', i.requestId);
  opt(a, 'auth.cf_ray', i.cfRay);
  opt(a, 'auth.error', i.authError);
  opt(a, 'auth.error_code', i.authErrorCode);
}

/** `auth.agent_id`, `auth.task_id` (each absent when undefined). */
function writeAgentIdentity(a: Attributes, agent: AgentIdentityTelemetry | undefined): void {
  opt(a, 'auth.agent_id', agent?.agentId);
  opt(a, 'auth.task_id', agent?.taskId);
}

function writeAuthRequest(a: Attributes, m: SessionTelemetryMetadata, i: AuthRequestFields): void {
  a['auth.header_attached'] = i.authHeaderAttached === true;
  opt(a, 'auth.header_name', i.authHeaderName);
  a['auth.retry_after_unauthorized'] = i.retryAfterUnauthorized === true;
  opt(a, 'auth.recovery_mode', i.recoveryMode);
  opt(a, 'auth.recovery_phase', i.recoveryPhase);
  a['endpoint'] = i.endpoint ?? 'unknown';
  writeAuthEnv(a, m.authEnv);
  writeAuthIds(a, i);
  writeAgentIdentity(a, i.agentIdentity);
}

function apiRequestFields(m: SessionTelemetryMetadata, i: ApiRequestInput, duration: string): Attributes {
  const a: Attributes = { 'event.name': 'codex.api_request', duration_ms: duration };
  opt(a, 'http.response.status_code', statusInt(i.status));
  opt(a, 'error.message', i.error);
  a['attempt'] = i.attempt;
  writeAuthRequest(a, m, i);
  return a;
}

/** codex.api_request, log + trace with the same fields. */
export function buildApiRequest(m: SessionTelemetryMetadata, ts: string, i: ApiRequestInput): EventAttributes {
  const duration = durationMsString(i.durationMs);
  return sessionEvent(m, ts, apiRequestFields(m, i, duration), apiRequestFields(m, i, duration));
}

/** `success` of a websocket connect: no error, and a status that is absent or 2xx. */
export function websocketConnectSuccess(status: number | undefined, error: string | undefined): boolean {
  return error === undefined && (status === undefined || isSuccessStatus(status));
}

function websocketConnectFields(m: SessionTelemetryMetadata, i: WebsocketConnectInput, duration: string): Attributes {
  const a: Attributes = { 'event.name': 'codex.websocket_connect', duration_ms: duration };
  opt(a, 'http.response.status_code', statusInt(i.status));
  a['success'] = websocketConnectSuccess(i.status, i.error) ? 'true' : 'false';
  opt(a, 'error.message', i.error);
  writeAuthRequest(a, m, i);
  a['auth.connection_reused'] = i.connectionReused === true;
  return a;
}

/** codex.websocket_connect, log + trace with the same fields. */
export function buildWebsocketConnect(m: SessionTelemetryMetadata, ts: string, i: WebsocketConnectInput): EventAttributes {
  const duration = durationMsString(i.durationMs);
  return sessionEvent(m, ts, websocketConnectFields(m, i, duration), websocketConnectFields(m, i, duration));
}

function websocketRequestFields(m: SessionTelemetryMetadata, duration: string, error: string | undefined, reused: boolean, agent: AgentIdentityTelemetry | undefined): Attributes {
  const a: Attributes = { 'event.name': 'codex.websocket_request', duration_ms: duration, success: error === undefined ? 'true' : 'false' };
  opt(a, 'error.message', error);
  writeAuthEnv(a, m.authEnv);
  a['auth.connection_reused'] = reused;
  writeAgentIdentity(a, agent);
  return a;
}

/** codex.websocket_request, log + trace with the same fields. */
export function buildWebsocketRequest(
  m: SessionTelemetryMetadata,
  ts: string,
  durationMs: number,
  error: string | undefined,
  reused: boolean,
  agent: AgentIdentityTelemetry | undefined,
): EventAttributes {
  const duration = durationMsString(durationMs);
  return sessionEvent(m, ts, websocketRequestFields(m, duration, error, reused, agent), websocketRequestFields(m, duration, error, reused, agent));
}

function authRecoveryFields(i: AuthRecoveryInput): Attributes {
  const a: Attributes = { 'event.name': 'codex.auth_recovery', 'auth.mode': i.mode, 'auth.step': i.step, 'auth.outcome': i.outcome };
  writeAuthIds(a, i);
  opt(a, 'auth.recovery_reason', i.recoveryReason);
  opt(a, 'auth.state_changed', i.authStateChanged);
  return a;
}

/** codex.auth_recovery, log + trace with the same fields. */
export function buildAuthRecovery(m: SessionTelemetryMetadata, ts: string, i: AuthRecoveryInput): EventAttributes {
  return sessionEvent(m, ts, authRecoveryFields(i), authRecoveryFields(i));
}

// ---- recording (SessionTelemetry's methods delegate here, inside `guard`) ----

/** `codex.conversation_starts` (log + trace). No metrics. */
export function conversationStarts(s: SessionState, input: ConversationStartsInput): void {
  emit(s, 'codex.conversation_starts', buildConversationStarts(s.meta, eventTimestamp(), input));
}

/** `codex.api_request`, counter and duration tagged `status` (or `none`) and `success` (2xx and no error). */
export function recordApiRequest(s: SessionState, input: ApiRequestInput): void {
  emit(s, 'codex.api_request', buildApiRequest(s.meta, eventTimestamp(), input));
  const success = input.error === undefined && isSuccessStatus(input.status) ? 'true' : 'false';
  const status = input.status === undefined ? 'none' : String(input.status);
  s.metrics.countAndTime(API_CALL_COUNT_METRIC, API_CALL_DURATION_METRIC, input.durationMs, { status, success });
}

/** HTTP status of a response-like (`status` / `statusCode`) or of an error (also `response.status`). */
export function statusOf(v: unknown): number | undefined {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return undefined;
  const o = v as { status?: unknown; statusCode?: unknown; response?: { status?: unknown } | null };
  const st = typeof o.status === 'number' ? o.status : typeof o.statusCode === 'number' ? o.statusCode : o.response?.status;
  return typeof st === 'number' && Number.isInteger(st) && st >= 0 && st <= 65535 ? st : undefined;
}

/** Times `fn` and records it with `recordApiRequest`; `fn`'s rejection is recorded, then rethrown unchanged. */
export async function logRequest<T>(s: SessionState, attempt: number, fn: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    guard('codex.api_request', recordApiRequest, s, { attempt, status: statusOf(err), error: errorText(err), durationMs: performance.now() - start });
    throw err;
  }
  guard('codex.api_request', recordApiRequest, s, { attempt, status: statusOf(result), durationMs: performance.now() - start });
  return result;
}

/** `codex.websocket_connect` (log + trace). No metrics. */
export function recordWebsocketConnect(s: SessionState, input: WebsocketConnectInput): void {
  emit(s, 'codex.websocket_connect', buildWebsocketConnect(s.meta, eventTimestamp(), input));
}

/** `codex.websocket_request`, counter and duration tagged `success` (no error). */
export function recordWebsocketRequest(s: SessionState, durationMs: number, error: string | undefined, connectionReused: boolean, agentIdentity?: AgentIdentityTelemetry): void {
  emit(s, 'codex.websocket_request', buildWebsocketRequest(s.meta, eventTimestamp(), durationMs, error, connectionReused, agentIdentity));
  s.metrics.countAndTime(WEBSOCKET_REQUEST_COUNT_METRIC, WEBSOCKET_REQUEST_DURATION_METRIC, durationMs, { success: error === undefined ? 'true' : 'false' });
}

/** `codex.auth_recovery` (log + trace). No metrics. */
export function recordAuthRecovery(s: SessionState, input: AuthRecoveryInput): void {
  emit(s, 'codex.auth_recovery', buildAuthRecovery(s.meta, eventTimestamp(), input));
}
