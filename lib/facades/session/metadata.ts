// The session metadata every SessionTelemetry event and metric carries: built once per instance
// (instances are immutable; builders make new ones), then appended to each event's attributes by
// direct assignment, and turned once into the session's metric tags.
import type { Attributes } from '../../../proto-json/model.ts';
import { sanitizeMetricTagValue } from '../../signals/metrics/tags.ts';
import type { AuthEnvTelemetryMetadata, EventAttributes, SessionTelemetryOptions, TelemetryAuthMode } from './types.ts';

/** `app.version` when the host passes none. */
export const DEFAULT_APP_VERSION = 'unknown';

/** What `codex.user_prompt` logs instead of the prompt unless `logUserPrompts` is set. */
export const REDACTED_PROMPT = '[REDACTED]';

/** codex-otel's `AuthEnvTelemetryMetadata::default()`: nothing seen. */
export const EMPTY_AUTH_ENV: AuthEnvTelemetryMetadata = Object.freeze({
  openaiApiKeyEnvPresent: false,
  codexApiKeyEnvPresent: false,
  codexApiKeyEnvEnabled: false,
  refreshTokenUrlOverridePresent: false,
});

/** codex-otel's `SessionTelemetryMetadata`: immutable, frozen. */
export interface SessionTelemetryMetadata {
  readonly conversationId: string;
  readonly authMode: TelemetryAuthMode | undefined;
  readonly authEnv: AuthEnvTelemetryMetadata;
  readonly accountId: string | undefined;
  readonly accountEmail: string | undefined;
  /** Sanitized. */
  readonly originator: string;
  /** Sanitized; set by `withMetricsServiceName`. */
  readonly serviceName: string | undefined;
  readonly sessionSource: string;
  readonly model: string;
  readonly slug: string;
  readonly serviceTier: string | undefined;
  readonly modelReasoningEffort: string | undefined;
  readonly logUserPrompts: boolean;
  readonly appVersion: string;
  readonly terminalType: string;
}

/** Builds the frozen metadata of a new session (codex-otel's `SessionTelemetry::new`). */
export function metadataFromOptions(o: SessionTelemetryOptions): SessionTelemetryMetadata {
  return Object.freeze({
    conversationId: String(o.conversationId),
    authMode: o.authMode,
    authEnv: EMPTY_AUTH_ENV,
    accountId: o.accountId,
    accountEmail: o.accountEmail,
    originator: sanitizeMetricTagValue(String(o.originator)),
    serviceName: undefined,
    sessionSource: String(o.sessionSource),
    model: String(o.model),
    slug: String(o.slug),
    serviceTier: undefined,
    modelReasoningEffort: undefined,
    logUserPrompts: o.logUserPrompts === true,
    appVersion: o.appVersion ?? DEFAULT_APP_VERSION,
    terminalType: String(o.terminalType),
  });
}

/** A copy of `m` with `patch` applied, frozen (the builders). */
export function withMetadata(m: SessionTelemetryMetadata, patch: Partial<SessionTelemetryMetadata>): SessionTelemetryMetadata {
  return Object.freeze({ ...m, ...patch });
}

/**
 * Hot path: appends the log-side metadata to an event's attributes, in codex-otel's order
 * (`event.timestamp`, `conversation.id`, `app.version`, `auth_mode`?, `originator`,
 * `user.account_id`?, `user.email`?, `terminal.type`, `model`, `slug`). Absent optionals are not
 * written at all (an undefined attribute would count as dropped).
 */
function appendLogMetadata(a: Attributes, m: SessionTelemetryMetadata, timestamp: string): Attributes {
  a['event.timestamp'] = timestamp;
  a['conversation.id'] = m.conversationId;
  a['app.version'] = m.appVersion;
  if (m.authMode !== undefined) a['auth_mode'] = m.authMode;
  a['originator'] = m.originator;
  if (m.accountId !== undefined) a['user.account_id'] = m.accountId;
  if (m.accountEmail !== undefined) a['user.email'] = m.accountEmail;
  a['terminal.type'] = m.terminalType;
  a['model'] = m.model;
  a['slug'] = m.slug;
  return a;
}

/**
 * Hot path: the trace-side metadata, the log set without `user.account_id` and `user.email`.
 * A second function on purpose: one function for both sides (a flag for the account fields)
 * made every event about twice as slow, its property stores seeing both sides' shapes.
 */
function appendTraceMetadata(a: Attributes, m: SessionTelemetryMetadata, timestamp: string): Attributes {
  a['event.timestamp'] = timestamp;
  a['conversation.id'] = m.conversationId;
  a['app.version'] = m.appVersion;
  if (m.authMode !== undefined) a['auth_mode'] = m.authMode;
  a['originator'] = m.originator;
  a['terminal.type'] = m.terminalType;
  a['model'] = m.model;
  a['slug'] = m.slug;
  return a;
}

/**
 * Hot path: an event's two attribute sets with the session metadata appended (the log side's with
 * the account fields, the trace side's without); `trace` undefined = a log-only event. Builders
 * whose two sides carry the same fields build them twice on purpose: a copy of the first set
 * (spread or key by key) made those events about 1.5x slower.
 */
export function sessionEvent(m: SessionTelemetryMetadata, ts: string, log: Attributes, trace: Attributes | undefined): EventAttributes {
  return { log: appendLogMetadata(log, m, ts), trace: trace === undefined ? undefined : appendTraceMetadata(trace, m, ts) };
}

/** Writes the six `auth.env_*` attributes (two optional) of `env`. */
export function writeAuthEnv(a: Attributes, env: AuthEnvTelemetryMetadata): void {
  a['auth.env_openai_api_key_present'] = env.openaiApiKeyEnvPresent;
  a['auth.env_codex_api_key_present'] = env.codexApiKeyEnvPresent;
  a['auth.env_codex_api_key_enabled'] = env.codexApiKeyEnvEnabled;
  if (env.providerEnvKeyName !== undefined) a['auth.env_provider_key_name'] = env.providerEnvKeyName;
  if (env.providerEnvKeyPresent !== undefined) a['auth.env_provider_key_present'] = env.providerEnvKeyPresent;
  a['auth.env_refresh_token_url_override_present'] = env.refreshTokenUrlOverridePresent;
}

/**
 * The session's metric tags in codex-otel's order (`SessionMetricTagValues::into_tags`):
 * `auth_mode`?, `session_source`, `originator`, `service_name`?, `model`, `app.version`.
 * Not validated here: the metrics client validates every recording, so an invalid value fails
 * (and is reported) per recording, as in codex-otel.
 */
export function sessionMetricTags(m: SessionTelemetryMetadata): readonly (readonly [string, string])[] {
  const tags: (readonly [string, string])[] = [];
  if (m.authMode !== undefined) tags.push(['auth_mode', m.authMode]);
  tags.push(['session_source', m.sessionSource]);
  tags.push(['originator', m.originator]);
  if (m.serviceName !== undefined) tags.push(['service_name', m.serviceName]);
  tags.push(['model', m.model]);
  tags.push(['app.version', m.appVersion]);
  return Object.freeze(tags);
}

let lastMs = -1;
let lastIso = '';

/**
 * Hot path: `event.timestamp` as codex-otel prints it (RFC 3339, milliseconds, `Z`:
 * `2026-08-19T12:34:56.789Z`). Cached per millisecond: a burst of events formats the date once.
 */
export function eventTimestamp(nowMs: number = Date.now()): string {
  if (nowMs !== lastMs) {
    lastMs = nowMs;
    lastIso = new Date(nowMs).toISOString();
  }
  return lastIso;
}

/**
 * codex-otel's `Duration::as_millis()` as an integer: fractional ms truncated; negative or
 * non-finite durations count as 0.
 */
export function wholeMillis(durationMs: number): number {
  return durationMs > 0 && durationMs < Infinity ? Math.floor(durationMs) : 0;
}

/** The `duration_ms` attribute: whole milliseconds as a string, as codex-otel's `%duration.as_millis()`. */
export function durationMsString(durationMs: number): string {
  return String(wholeMillis(durationMs));
}

/** Display text of an error-like value: an Error's message, a string as-is, else `String(value)` (JSON for plain objects). */
export function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  if (error !== null && typeof error === 'object') {
    try {
      const json = JSON.stringify(error);
      if (json !== undefined) return json;
    } catch {
      // fall through to String()
    }
  }
  return String(error);
}
