// HTTP header rules shared by settings validation and OTEL_EXPORTER_OTLP_[SIGNAL_]HEADERS: what a
// header name and value may be, which headers the transport owns, and the `k1=v1,k2=v2` list
// syntax of the environment variables (percent-decoded, as OTEL_RESOURCE_ATTRIBUTES is).
import { diag } from '../platform/diag.ts';

// RFC 9110 token: what a header name may contain.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
// A header value a request can carry: Latin-1 text (RFC 7230 field-vchar, obs-text, SP, HTAB),
// no CR, LF, NUL or other control character, nothing above U+00FF.
// eslint-disable-next-line no-control-regex
const HEADER_VALUE_BAD = /[^\u0009\u0020-\u007e\u0080-\u00ff]/;
// Hop-by-hop and framing headers: the transport owns them; a setting may not.
const FORBIDDEN_HEADERS = new Set(['transfer-encoding', 'content-length', 'connection', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer', 'host']);

/** True for a hop-by-hop or framing header (and every `proxy-*` one) that settings may not set. */
export function isForbiddenHeaderName(name: string): boolean {
  return FORBIDDEN_HEADERS.has(name) || name.startsWith('proxy-');
}

/**
 * Why a header setting cannot be sent (`name`: true when the issue path may name the header),
 * or undefined when it can. An invalid name is never echoed (it may be a pasted secret), a value
 * never.
 */
export function headerProblem(name: string, value: unknown, index: number): { readonly named: boolean; readonly message: string } | undefined {
  const lower = name.toLowerCase();
  if (!isValidHeaderName(lower)) return { named: false, message: `header ${index} has an invalid name (not an RFC 7230 token)` };
  if (isForbiddenHeaderName(lower)) return { named: true, message: 'cannot be set: a hop-by-hop or framing header the transport owns' };
  if (typeof value !== 'string' || !isValidHeaderValue(value)) {
    return { named: true, message: 'value must be a string of Latin-1 text without control characters (CR, LF, NUL)' };
  }
  return undefined;
}

/** True for a valid (lower-case) HTTP header name. */
export function isValidHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}

/** True for a header value a request can carry: Latin-1, no CR, LF, NUL or other control character. */
export function isValidHeaderValue(value: string): boolean {
  return !HEADER_VALUE_BAD.test(value);
}

/** decodeURIComponent, or undefined for a malformed `%` escape. */
export function decodePercent(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * Parses a W3C-Baggage-style header list `k1=v1,k2=v2` (OTEL_EXPORTER_OTLP_HEADERS): each entry is
 * cut at its first `;` (metadata dropped) and first `=`, key and value are trimmed and
 * percent-decoded, keys lower-cased. Entries with an empty key or value, a bad `%` escape, an
 * invalid header name, a value no request can carry (control characters, non-Latin-1 text) or a
 * hop-by-hop/framing header (`connection`, `transfer-encoding`, `proxy-*`…) are skipped with one
 * warning per entry, naming the variable and entry position (and a forbidden header's name), never
 * the value: an environment variable is not worth refusing to start over.
 */
export function parseHeaderList(value: string | undefined, source = 'headers'): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined) return out;
  const parts = value.split(',');
  for (let i = 0; i < parts.length; i++) {
    let entry = parts[i]!;
    const semi = entry.indexOf(';');
    if (semi >= 0) entry = entry.slice(0, semi);
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const k = eq < 0 ? undefined : decodePercent(entry.slice(0, eq).trim());
    const v = eq < 0 ? undefined : decodePercent(entry.slice(eq + 1).trim());
    const key = k?.trim().toLowerCase();
    const val = v?.trim();
    if (key === undefined || val === undefined || key === '' || val === '' || !isValidHeaderName(key) || !isValidHeaderValue(val)) {
      diag('warn', `${source}: entry ${i + 1} is not a valid key=value header; skipped`);
      continue;
    }
    if (isForbiddenHeaderName(key)) {
      diag('warn', `${source}: entry ${i + 1} sets "${key}", a hop-by-hop or framing header the transport owns; skipped`);
      continue;
    }
    Object.defineProperty(out, key, { value: val, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

