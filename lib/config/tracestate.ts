// W3C tracestate grammar (keys, values, the 32-member cap) and codex-otel's configured tracestate
// members: `{ member: { field: value } }` encoded as `field:value;…` in key order, validated once
// at construction. Pure; the process-global configured state lives in signals/trace/w3c.ts.
import { ConfigError, type ConfigIssue } from '../errors.ts';

/** Most list-members a tracestate may hold (W3C). */
export const MAX_TRACESTATE_MEMBERS = 32;

// W3C Trace Context Level 1: simple-key or tenant@system multi-tenant key.
const KEY = /^(?:[a-z][_0-9a-z\-*/]{0,255}|[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13})$/;
// 1-256 printable ASCII chars except ',' and '=', not ending in a space.
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
// A configured field name: printable, no space, none of the list/member/field separators.
const FIELD = /^[\x21-\x2b\x2d-\x39\x3c\x3e-\x7e]+$/;
// A configured field value: printable (space allowed), none of ',', '=', ';'.
const FIELD_VALUE = /^[\x20-\x2b\x2d-\x3a\x3c\x3e-\x7e]*$/;

/** True for a valid W3C tracestate key. */
export function isValidTracestateKey(key: string): boolean {
  return KEY.test(key);
}

/** True for a valid W3C tracestate value. */
export function isValidTracestateValue(value: string): boolean {
  return VALUE.test(value);
}

/** Configured tracestate: member key → fields (field → value). */
export type TracestateEntries = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Field names of a member in codex-otel's (BTreeMap) key order. */
export function sortedFields(fields: Readonly<Record<string, string>>): string[] {
  return Object.keys(fields).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Encodes one member's fields as `field:value` joined with `;`, in key order. */
export function encodeTracestateMember(fields: Readonly<Record<string, string>>): string {
  return sortedFields(fields)
    .map((k) => `${k}:${fields[k]}`)
    .join(';');
}

/** The problems of one configured member (empty when valid). Paths are `tracestate.<member>[.<field>]`. */
export function tracestateMemberIssues(member: string, fields: unknown): ConfigIssue[] {
  const path = `tracestate.${member}`;
  const out: ConfigIssue[] = [];
  if (!isValidTracestateKey(member)) {
    out.push({ path, message: `configured tracestate member key ${JSON.stringify(member)} is not a valid W3C tracestate key` });
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    out.push({ path, message: 'configured tracestate member must be an object of field → value strings' });
    return out;
  }
  const entries = Object.entries(fields as Record<string, unknown>);
  if (entries.length === 0) out.push({ path, message: 'configured tracestate member must have at least one field' });
  for (const [field, value] of entries) {
    if (!FIELD.test(field)) {
      out.push({ path: `${path}.${field}`, message: `configured tracestate field ${JSON.stringify(field)} must be printable ASCII without spaces or any of , = ; :` });
    }
    if (typeof value !== 'string' || !FIELD_VALUE.test(value)) {
      out.push({
        path: `${path}.${field}`,
        message: `configured tracestate value ${JSON.stringify(value)} is not header-safe (printable ASCII without , = ;)`,
      });
    }
  }
  if (out.length === 0) {
    const encoded = encodeTracestateMember(fields as Record<string, string>);
    if (!isValidTracestateValue(encoded)) {
      out.push({ path, message: 'configured tracestate member value must be 1-256 characters and not end in a space' });
    }
  }
  return out;
}

/** The problems of all configured members (empty when valid). */
export function tracestateIssues(entries: unknown): ConfigIssue[] {
  if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
    return [{ path: 'tracestate', message: 'must be an object of member → { field: value }' }];
  }
  const keys = Object.keys(entries);
  const out: ConfigIssue[] = [];
  if (keys.length > MAX_TRACESTATE_MEMBERS) {
    out.push({ path: 'tracestate', message: `at most ${MAX_TRACESTATE_MEMBERS} configured tracestate members` });
  }
  for (const k of keys) out.push(...tracestateMemberIssues(k, (entries as Record<string, unknown>)[k]));
  return out;
}

/**
 * Validates every configured tracestate member (codex-otel's `validate_tracestate_entries`).
 * @throws ConfigError naming each bad member, field or value, e.g.
 * `tracestate.example.alpha: configured tracestate value "one\ntwo" is not header-safe …`.
 */
export function validateTracestateEntries(entries: TracestateEntries): void {
  const issues = tracestateIssues(entries);
  if (issues.length > 0) throw new ConfigError(issues);
}

/**
 * Validates one configured member (codex-otel's `validate_tracestate_member`).
 * @throws ConfigError as validateTracestateEntries.
 */
export function validateTracestateMember(member: string, fields: Readonly<Record<string, string>>): void {
  const issues = tracestateMemberIssues(member, fields);
  if (issues.length > 0) throw new ConfigError(issues);
}

/** codex-otel's message for an empty configured span attribute key. */
export const EMPTY_SPAN_ATTRIBUTE_KEY = 'configured span attribute key must not be empty';

/** Problems of configured span attributes: keys must be non-empty, values strings. */
export function spanAttributeIssues(attrs: unknown): ConfigIssue[] {
  if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) {
    return [{ path: 'spanAttributes', message: 'must be an object of string values' }];
  }
  const out: ConfigIssue[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    if (k === '') out.push({ path: 'spanAttributes', message: EMPTY_SPAN_ATTRIBUTE_KEY });
    else if (typeof v !== 'string') out.push({ path: `spanAttributes.${k}`, message: 'must be a string' });
  }
  return out;
}

/**
 * Validates configured span attributes (codex-otel's `validate_span_attributes`).
 * @throws ConfigError 'configured span attribute key must not be empty'.
 */
export function validateSpanAttributes(attrs: Readonly<Record<string, string>>): void {
  const issues = spanAttributeIssues(attrs);
  if (issues.length > 0) throw new ConfigError(issues);
}
