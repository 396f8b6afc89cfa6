// The session's prompt and tool events (codex.user_prompt, codex.tool_decision,
// codex.sandbox_outcome, codex.tool_result): pure builders, whose log side carries content
// (prompt text unless redacted, tool arguments and output) and trace side only lengths and
// counts, and the functions SessionTelemetry delegates to, which emit them and record metrics.
import type { Attributes } from '../../../proto-json/model.ts';
import { TOOL_CALL_COUNT_METRIC, TOOL_CALL_DURATION_METRIC } from '../../signals/metrics/names.ts';
import {
  durationMsString,
  errorText,
  eventTimestamp,
  REDACTED_PROMPT,
  wholeMillis,
  sessionEvent,
  type SessionTelemetryMetadata,
} from './metadata.ts';
import { emit, guard, type SessionState } from './state.ts';
import type { EventAttributes, ReviewDecision, ToolDecisionSource, UserInput } from './types.ts';

/** Inputs of `toolResult` (codex-otel's `tool_result_with_tags`). */
export interface ToolResultInput {
  readonly toolName: string;
  readonly callId: string;
  /** The tool's arguments: logged in full; only their UTF-8 byte length goes to the trace. */
  readonly arguments: string;
  /** Elapsed time in ms (`duration_ms`: whole ms, as a string). */
  readonly durationMs: number;
  readonly success: boolean;
  /** The tool's output: logged in full (unredacted, as codex-otel); only lengths go to the trace. */
  readonly output: string;
  /** Extra metric tags after `tool` and `success` (core passes `sandbox`, `sandbox_policy`, …). */
  readonly extraTags?: readonly (readonly [string, string])[] | Readonly<Record<string, string>> | undefined;
  /** Extra fields: `mcp_server` and `mcp_server_origin` are read from here (default `""`). */
  readonly extraTraceFields?: readonly (readonly [string, string])[] | Readonly<Record<string, string>> | undefined;
}

/** Unicode scalar count (Rust's `chars().count()`): surrogate pairs count once. */
export function charCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Rust's `str::lines().count()`: `\n`-separated lines, a final line ending adds no empty line. */
export function lineCount(s: string): number {
  if (s.length === 0) return 0;
  let n = 0;
  let i = s.indexOf('\n');
  while (i !== -1) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return s.charCodeAt(s.length - 1) === 10 ? n : n + 1;
}

/** UTF-8 byte length (Rust's `str::len()`). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Looks a key up in tag pairs or a plain object. */
export function lookupField(
  fields: readonly (readonly [string, string])[] | Readonly<Record<string, string>> | undefined,
  key: string,
): string | undefined {
  if (fields === undefined) return undefined;
  if (Array.isArray(fields)) {
    for (const pair of fields as readonly (readonly [string, string])[]) if (pair[0] === key) return pair[1];
    return undefined;
  }
  return Object.hasOwn(fields, key) ? (fields as Readonly<Record<string, string>>)[key] : undefined;
}

/**
 * codex.user_prompt. Log: `prompt_length` (string) and `prompt` (the text items concatenated, or
 * `"[REDACTED]"` unless `logUserPrompts`). Trace: `prompt_length` and the three input counts
 * (ints); never the prompt text.
 */
export function buildUserPrompt(m: SessionTelemetryMetadata, ts: string, items: readonly UserInput[]): EventAttributes {
  let prompt = '';
  let texts = 0;
  let images = 0;
  let localImages = 0;
  for (const item of items) {
    if (item.type === 'text') {
      texts++;
      if (typeof item.text === 'string') prompt += item.text;
    } else if (item.type === 'image') images++;
    else if (item.type === 'local_image') localImages++;
  }
  const length = String(charCount(prompt));
  const log: Attributes = {
    'event.name': 'codex.user_prompt',
    prompt_length: length,
    prompt: m.logUserPrompts ? prompt : REDACTED_PROMPT,
  };
  const trace: Attributes = {
    'event.name': 'codex.user_prompt',
    prompt_length: length,
    text_input_count: texts,
    image_input_count: images,
    local_image_input_count: localImages,
  };
  return sessionEvent(m, ts, log, trace);
}

/** codex.tool_decision, log only: `tool_name`, `call_id`, `decision`, `source` (when given). */
export function buildToolDecision(
  m: SessionTelemetryMetadata,
  ts: string,
  toolName: string,
  callId: string,
  decision: ReviewDecision,
  source: ToolDecisionSource | undefined,
): EventAttributes {
  const log: Attributes = { 'event.name': 'codex.tool_decision', tool_name: toolName, call_id: callId, decision };
  if (source !== undefined) log['source'] = source;
  return sessionEvent(m, ts, log, undefined);
}

function sandboxFields(toolName: string, callId: string, outcome: string, initialMs: number, escalatedMs: number | undefined): Attributes {
  const a: Attributes = {
    'event.name': 'codex.sandbox_outcome',
    tool_name: toolName,
    call_id: callId,
    outcome,
    initial_duration_ms: wholeMillis(initialMs),
  };
  if (escalatedMs !== undefined) a['escalated_duration_ms'] = wholeMillis(escalatedMs);
  return a;
}

/** codex.sandbox_outcome, log + trace with the same fields (durations as whole-ms ints). */
export function buildSandboxOutcome(
  m: SessionTelemetryMetadata,
  ts: string,
  toolName: string,
  callId: string,
  outcome: string,
  initialMs: number,
  escalatedMs: number | undefined,
): EventAttributes {
  return sessionEvent(m, ts, sandboxFields(toolName, callId, outcome, initialMs, escalatedMs), sandboxFields(toolName, callId, outcome, initialMs, escalatedMs));
}

/**
 * Hot path: codex.tool_result. Log: arguments and output in full plus `mcp_server` /
 * `mcp_server_origin`. Trace: byte lengths, line count, `tool_origin`, `mcp_tool`; no content.
 */
export function buildToolResult(m: SessionTelemetryMetadata, ts: string, i: ToolResultInput): EventAttributes {
  const duration = durationMsString(i.durationMs);
  const success = i.success ? 'true' : 'false';
  const mcpServer = lookupField(i.extraTraceFields, 'mcp_server') ?? '';
  const mcpOrigin = lookupField(i.extraTraceFields, 'mcp_server_origin') ?? '';
  const log: Attributes = {
    'event.name': 'codex.tool_result',
    tool_name: i.toolName,
    call_id: i.callId,
    arguments: i.arguments,
    duration_ms: duration,
    success,
    output: i.output,
    mcp_server: mcpServer,
    mcp_server_origin: mcpOrigin,
  };
  const trace: Attributes = {
    'event.name': 'codex.tool_result',
    tool_name: i.toolName,
    call_id: i.callId,
    duration_ms: duration,
    success,
    arguments_length: utf8Length(i.arguments),
    output_length: utf8Length(i.output),
    output_line_count: lineCount(i.output),
    tool_origin: mcpServer.length > 0 ? 'mcp' : 'builtin',
    mcp_tool: mcpServer.length > 0,
  };
  return sessionEvent(m, ts, log, trace);
}

/**
 * codex.tool_result for a tool that failed before running (codex-otel's `log_tool_failed`): log has
 * `duration_ms="0"`, `success="false"`, `output` = the error and empty MCP fields (no call_id);
 * trace has lengths, `tool_origin="builtin"` and `error.message`.
 */
export function buildToolFailed(m: SessionTelemetryMetadata, ts: string, toolName: string, error: string): EventAttributes {
  const log: Attributes = {
    'event.name': 'codex.tool_result',
    tool_name: toolName,
    duration_ms: '0',
    success: 'false',
    output: error,
    mcp_server: '',
    mcp_server_origin: '',
  };
  const trace: Attributes = {
    'event.name': 'codex.tool_result',
    tool_name: toolName,
    duration_ms: '0',
    success: 'false',
    output_length: utf8Length(error),
    output_line_count: lineCount(error),
    tool_origin: 'builtin',
    'error.message': error,
  };
  return sessionEvent(m, ts, log, trace);
}

// ---- recording (SessionTelemetry's methods delegate here, inside `guard`) ----

/** `codex.user_prompt` (log: the prompt or `"[REDACTED]"`; trace: length and counts). No metrics. */
export function userPrompt(s: SessionState, items: readonly UserInput[]): void {
  emit(s, 'codex.user_prompt', buildUserPrompt(s.meta, eventTimestamp(), items));
}

/** `codex.tool_decision` (log only). No metrics. */
export function toolDecision(s: SessionState, toolName: string, callId: string, decision: ReviewDecision, source?: ToolDecisionSource): void {
  emit(s, 'codex.tool_decision', buildToolDecision(s.meta, eventTimestamp(), toolName, callId, decision, source));
}

/** `codex.sandbox_outcome` (log + trace). No metrics. */
export function sandboxOutcome(s: SessionState, toolName: string, callId: string, outcome: string, initialDurationMs: number, escalatedDurationMs?: number): void {
  emit(s, 'codex.sandbox_outcome', buildSandboxOutcome(s.meta, eventTimestamp(), toolName, callId, outcome, initialDurationMs, escalatedDurationMs));
}

/** Hot path: `codex.tool_result`, then counter and duration tagged `tool`, `success`, then `extraTags`. */
export function toolResult(s: SessionState, input: ToolResultInput): void {
  emit(s, 'codex.tool_result', buildToolResult(s.meta, eventTimestamp(), input));
  const tags: Record<string, string> = { tool: input.toolName, success: input.success ? 'true' : 'false' };
  const extra = input.extraTags;
  if (extra !== undefined) {
    if (Array.isArray(extra)) for (const pair of extra as readonly (readonly [string, string])[]) tags[pair[0]] = pair[1];
    else for (const k in extra) tags[k] = (extra as Readonly<Record<string, string>>)[k]!;
  }
  s.metrics.countAndTime(TOOL_CALL_COUNT_METRIC, TOOL_CALL_DURATION_METRIC, input.durationMs, tags);
}

/** Times `fn` and records it with `toolResult`; `fn`'s rejection is recorded (its message as the output), then rethrown unchanged. */
export async function logToolResult<R extends { readonly output: string; readonly success: boolean }>(
  s: SessionState,
  toolName: string,
  callId: string,
  args: string,
  fn: () => Promise<R> | R,
  options: Pick<ToolResultInput, 'extraTags' | 'extraTraceFields'>,
): Promise<R> {
  const start = performance.now();
  let result: R;
  try {
    result = await fn();
  } catch (err) {
    guard('codex.tool_result', toolResult, s, { ...options, toolName, callId, arguments: args, durationMs: performance.now() - start, success: false, output: errorText(err) });
    throw err;
  }
  guard('codex.tool_result', toolResult, s, { ...options, toolName, callId, arguments: args, durationMs: performance.now() - start, success: result.success, output: result.output });
  return result;
}

/** `codex.tool_result` for a tool that failed before it ran. No metrics. */
export function logToolFailed(s: SessionState, toolName: string, error: string): void {
  emit(s, 'codex.tool_result', buildToolFailed(s.meta, eventTimestamp(), toolName, error));
}
