// Tag helpers of codex-otel (`metrics/tags.rs`, `codex-utils-string`): sanitizing free text into a
// valid tag value, bounding the originator to a known set, and the session tag list in its order.
import { validateTag } from './validation.ts';
import {
  APP_VERSION_TAG,
  AUTH_MODE_TAG,
  MODEL_TAG,
  ORIGINATOR_TAG,
  SERVICE_NAME_TAG,
  SESSION_SOURCE_TAG,
} from './names.ts';

const MAX_TAG_VALUE_BYTES = 256;

function isTagChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || // 0-9
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    c === 0x2e || c === 0x5f || c === 0x2d || c === 0x2f // . _ - /
  );
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * Turns any text into a valid metric tag value, with codex-otel's exact rules: every character
 * (code point) outside `[A-Za-z0-9._-/]` becomes `_`; `_` is trimmed at both ends; a result that
 * is empty or holds no ASCII letter or digit becomes `unspecified`; the rest is cut to 256 bytes.
 * `'///'` gives `'unspecified'`, `'bad value!'` gives `'bad_value'`. Never throws.
 */
export function sanitizeMetricTagValue(value: string): string {
  let out = '';
  for (const ch of String(value)) {
    const c = ch.charCodeAt(0);
    out += ch.length === 1 && isTagChar(c) ? ch : '_';
  }
  let start = 0;
  let end = out.length;
  while (start < end && out.charCodeAt(start) === 0x5f) start++;
  while (end > start && out.charCodeAt(end - 1) === 0x5f) end--;
  out = out.slice(start, end);
  let hasAlnum = false;
  for (let i = 0; i < out.length; i++) {
    if (isAlnum(out.charCodeAt(i))) {
      hasAlnum = true;
      break;
    }
  }
  if (out.length === 0 || !hasAlnum) return 'unspecified';
  // Only ASCII remains, so bytes === UTF-16 units.
  return out.length > MAX_TAG_VALUE_BYTES ? out.slice(0, MAX_TAG_VALUE_BYTES) : out;
}

/** The originators kept as-is by `boundedOriginatorTagValue`; anything else becomes `other`. */
export const KNOWN_ORIGINATORS: readonly string[] = /* @__PURE__ */ Object.freeze([
  'codex_desktop',
  'codex-app-server',
  'codex_mcp_server',
  'codex_cli_rs',
  'codex-tui',
  'codex_vscode',
  'none',
  'codex_exec',
  'codex-cli',
  'codex_sdk_ts',
  'codex-app-server-sdk',
]);
const KNOWN = /* @__PURE__ */ new Set(KNOWN_ORIGINATORS);

/**
 * The `originator` tag value: the sanitized originator when it is one of `KNOWN_ORIGINATORS`,
 * else `'other'` (keeps the tag's cardinality bounded). Never throws.
 */
export function boundedOriginatorTagValue(originator: string): string {
  const v = sanitizeMetricTagValue(originator);
  return KNOWN.has(v) ? v : 'other';
}

/** The session metadata that becomes metric tags (codex-otel's `SessionMetricTagValues`). */
export interface SessionMetricTagValues {
  /** Tag `auth_mode`; skipped when undefined. */
  readonly authMode?: string | undefined;
  /** Tag `session_source`. */
  readonly sessionSource: string;
  /** Tag `originator`. */
  readonly originator: string;
  /** Tag `service_name`; skipped when undefined. */
  readonly serviceName?: string | undefined;
  /** Tag `model`. */
  readonly model: string;
  /** Tag `app.version`. */
  readonly appVersion: string;
}

/**
 * The session tags in codex-otel's order: `auth_mode`, `session_source`, `originator`,
 * `service_name`, `model`, `app.version`, skipping absent optional ones (codex-otel's `into_tags`).
 * @throws MetricsError `EmptyTagComponent` / `InvalidTagComponent` for the first bad pair.
 */
export function sessionMetricTags(values: SessionMetricTagValues): [string, string][] {
  const out: [string, string][] = [];
  if (values.authMode !== undefined) out.push([AUTH_MODE_TAG, values.authMode]);
  out.push([SESSION_SOURCE_TAG, values.sessionSource]);
  out.push([ORIGINATOR_TAG, values.originator]);
  if (values.serviceName !== undefined) out.push([SERVICE_NAME_TAG, values.serviceName]);
  out.push([MODEL_TAG, values.model]);
  out.push([APP_VERSION_TAG, values.appVersion]);
  for (const [k, v] of out) validateTag(k, v);
  return out;
}
