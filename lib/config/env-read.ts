// Primitive OTEL_* readers shared by env.ts, limits.ts and otlp-http.ts: trimmed strings (empty =
// unset), signal-specific-over-generic lookup, booleans, integers, enums, header lists. Pure over
// the `env` object given; invalid values are ignored with one diag warning, never thrown.
import type { Signal } from '../contracts.ts';
import { diag } from '../platform/diag.ts';

/** Largest integer an OTEL_* number may hold (2^31-1); also what a timeout of 0 ("no limit") maps to. */
export const INT_MAX = 2_147_483_647;

/** `OTEL_EXPORTER_OTLP_<SIGNAL>_…` infix per signal. */
export const SIGNAL_ENV = { traces: 'TRACES', logs: 'LOGS', metrics: 'METRICS' } as const satisfies Record<Signal, string>;

/** The trimmed value of `name`, or undefined when unset, empty or whitespace-only. */
export function envString(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** Signal-specific `OTEL_EXPORTER_OTLP_<SIGNAL>_<option>` if set, else the generic one; with the variable it came from. */
export function otlpEnv(env: NodeJS.ProcessEnv, signal: Signal, option: string): { value: string; name: string } | undefined {
  const specific = `OTEL_EXPORTER_OTLP_${SIGNAL_ENV[signal]}_${option}`;
  const s = envString(env, specific);
  if (s !== undefined) return { value: s, name: specific };
  const generic = `OTEL_EXPORTER_OTLP_${option}`;
  const g = envString(env, generic);
  return g === undefined ? undefined : { value: g, name: generic };
}

/** Boolean per spec: only case-insensitive "true" is true; anything but "false"/unset warns. */
export function envBoolean(env: NodeJS.ProcessEnv, name: string): boolean {
  const v = envString(env, name);
  if (v === undefined) return false;
  const l = v.toLowerCase();
  if (l === 'true') return true;
  if (l !== 'false') diag('warn', `${name}: expected "true" or "false"; treated as false`);
  return false;
}

/**
 * A non-negative integer in [min, 2^31-1], or undefined (unset, or invalid with a warning).
 * Accepts only decimal digits (no sign, no fraction, no exponent).
 */
export function envInteger(env: NodeJS.ProcessEnv, name: string, min = 0): number | undefined {
  const v = envString(env, name);
  if (v === undefined) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > INT_MAX) {
    diag('warn', `${name}: expected an integer in ${min}..${INT_MAX}; ignored`);
    return undefined;
  }
  return n;
}

/** A case-insensitive enum value from `allowed`, or undefined (unset, or unknown with a warning). */
export function envEnum<const T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[]): T | undefined {
  const v = envString(env, name);
  if (v === undefined) return undefined;
  const l = v.toLowerCase();
  for (const a of allowed) if (a === l) return a;
  diag('warn', `${name}: expected one of ${allowed.join(', ')}; ignored`);
  return undefined;
}

// RFC 9110 token: what a header name may contain.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
// A header value may not contain control characters other than HTAB.
// eslint-disable-next-line no-control-regex
const HEADER_VALUE_BAD = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** True for a valid (lower-case) HTTP header name. */
export function isValidHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}

/** True for a header value without CR, LF, NUL or other control characters. */
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
 * invalid header name or a control character in the value are skipped (one warning per entry,
 * naming the variable and entry position, never the value).
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
    Object.defineProperty(out, key, { value: val, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

