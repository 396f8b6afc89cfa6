// W3C Trace Context wire format: strict `traceparent` parse/format, `tracestate` parse (≤ 32
// members, key/value grammar) and codex-otel's merge of configured members into a propagated
// tracestate. Holds the process-global configured tracestate (replaced by OtelProvider.from).
import { encodeTracestateMember, isValidTracestateKey, isValidTracestateValue, MAX_TRACESTATE_MEMBERS, sortedFields } from '../../config/tracestate.ts';
import type { TracestateEntries } from '../../config/tracestate.ts';
import { diag } from '../../platform/diag.ts';

/** The parsed fields of a valid `traceparent`. */
export interface ParsedTraceparent {
  readonly traceId: string;
  readonly spanId: string;
  /** W3C trace flags: sampled (0x01) and random-trace-id (0x02); other bits dropped. */
  readonly traceFlags: number;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '00000000000000000000000000000000';
const ZERO_SPAN = '0000000000000000';

/**
 * Parses a `traceparent` header strictly: lower-case hex only, version `ff` invalid, version `00`
 * with trailing fields invalid, all-zero trace or parent id invalid. Higher versions are parsed by
 * their first four fields. Surrounding whitespace is ignored. Returns undefined when invalid.
 */
export function parseTraceparent(header: string | undefined): ParsedTraceparent | undefined {
  if (typeof header !== 'string') return undefined;
  const m = TRACEPARENT.exec(header.trim());
  if (m === null) return undefined;
  const version = m[1]!;
  if (version === 'ff' || (version === '00' && m[5] !== undefined)) return undefined;
  const traceId = m[2]!;
  const spanId = m[3]!;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, traceFlags: parseInt(m[4]!, 16) & 0x03 };
}

const HEX = '0123456789abcdef';

/** `00-<traceId>-<spanId>-<flags as 2 hex>`. */
export function formatTraceparent(traceId: string, spanId: string, traceFlags: number): string {
  const f = traceFlags & 0xff;
  return `00-${traceId}-${spanId}-${HEX[f >> 4]}${HEX[f & 15]}`;
}

/** A tracestate as ordered [key, value] members. */
export type TracestateMembers = [key: string, value: string][];

/**
 * Parses a `tracestate` header: comma-separated `key=value` members, whitespace around members
 * ignored, empty members skipped, a repeated key keeps its first occurrence. Returns undefined
 * (the whole header invalid) on a bad key or value or more than 32 members.
 */
export function parseTracestate(header: string | undefined): TracestateMembers | undefined {
  if (header === undefined) return [];
  const out: TracestateMembers = [];
  for (const raw of header.split(',')) {
    const member = raw.trim();
    if (member === '') continue;
    const eq = member.indexOf('=');
    if (eq <= 0) return undefined;
    const key = member.slice(0, eq);
    const value = member.slice(eq + 1);
    if (!isValidTracestateKey(key) || !isValidTracestateValue(value)) return undefined;
    if (out.some((m) => m[0] === key)) continue;
    out.push([key, value]);
    if (out.length > MAX_TRACESTATE_MEMBERS) return undefined;
  }
  return out;
}

/** Members → header value (`k=v,k2=v2`). */
export function formatTracestate(members: TracestateMembers): string {
  return members.map((m) => `${m[0]}=${m[1]}`).join(',');
}

/** The configured members, pre-sorted (process-global, like codex-otel's TRACESTATE_ENTRIES). */
let configured: { readonly members: readonly string[]; readonly entries: TracestateEntries } | undefined;

/** Replaces the process-global configured tracestate; undefined or empty clears it. Validate first. */
export function setConfiguredTracestate(entries: TracestateEntries | undefined): void {
  const members = entries === undefined ? [] : sortedFields(entries as Record<string, never>);
  configured = members.length === 0 ? undefined : { members, entries: entries! };
}

/** The configured tracestate entries in effect (empty when none). */
export function configuredTracestate(): TracestateEntries {
  return configured?.entries ?? {};
}

function mergeMember(existing: string | undefined, fields: Readonly<Record<string, string>>): string {
  if (existing === undefined) return encodeTracestateMember(fields);
  const done = new Set<string>();
  const parts: string[] = [];
  for (const seg of existing.split(';')) {
    if (seg === '') continue;
    const colon = seg.indexOf(':');
    const key = colon < 0 ? seg : seg.slice(0, colon);
    if (colon >= 0 && Object.hasOwn(fields, key)) {
      if (done.has(key)) continue;
      done.add(key);
      parts.push(`${key}:${fields[key]}`);
    } else {
      parts.push(seg);
    }
  }
  for (const k of sortedFields(fields)) if (!done.has(k)) parts.push(`${k}:${fields[k]}`);
  return parts.join(';');
}

/**
 * Merges the configured members into `incoming` as codex-otel does: per configured member, fields
 * already present are replaced once (later duplicates dropped), other segments kept verbatim,
 * missing fields appended in key order, and the member moved to the front (members in key order).
 * An invalid `incoming` is ignored with a warning and the merge starts empty; a member that
 * would become invalid stops the merge with a warning. At most 32 members (rightmost dropped).
 */
export function mergeConfiguredTracestate(incoming: string, entries: TracestateEntries = configuredTracestate()): string {
  let members = parseTracestate(incoming);
  if (members === undefined) {
    diag('warn', 'ignoring invalid tracestate while propagating trace context: invalid tracestate header');
    members = [];
  }
  const keys = sortedFields(entries as Record<string, never>);
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    const at = members.findIndex((m) => m[0] === key);
    const value = mergeMember(at < 0 ? undefined : members[at]![1], entries[key]!);
    if (!isValidTracestateKey(key) || !isValidTracestateValue(value)) {
      diag('warn', `ignoring configured tracestate while propagating trace context: member ${key} would be invalid`);
      break;
    }
    if (at >= 0) members.splice(at, 1);
    members.unshift([key, value]);
  }
  if (members.length > MAX_TRACESTATE_MEMBERS) members.length = MAX_TRACESTATE_MEMBERS;
  return formatTracestate(members);
}

/** The tracestate to propagate for a span: its own merged with the configured members. */
export function propagatedTracestate(spanTraceState: string): string {
  if (configured === undefined) return spanTraceState;
  return mergeConfiguredTracestate(spanTraceState, configured.entries);
}
