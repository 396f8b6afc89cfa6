// Log records → ExportLogsServiceRequest JSON (string or UTF-8 bytes). Owns the LogRecord field
// rules: times as exact int64 strings (0/0 omitted), severity as an integer, body as AnyValue,
// trace context ids validated (invalid → omitted), attribute limits with dropped counts.

import type { AttributeLimits, LogRecordData } from './model.ts';
import { anyValue, droppedByLastCall, keyValues, resolveLimits, type ResolvedLimits } from './attributes.ts';
import { closeLeadless, JsonBatchEncoder } from './envelope.ts';
import { nanosText, quote, spanIdOrEmpty, traceIdOrEmpty } from './json.ts';

let limits: ResolvedLimits = resolveLimits();

/**
 * Encodes log records as an OTLP/JSON `ExportLogsServiceRequest` string, grouped by resource then
 * scope object identity. Attribute `limits` apply to record attributes (not to the body).
 * Does not throw for any `AttributeValue`; a throwing getter or iterator in a user value propagates.
 */
export function encodeLogs(records: readonly LogRecordData[], attributeLimits?: AttributeLimits): string {
  limits = resolveLimits(attributeLimits);
  return encoder.text(records);
}

/** `encodeLogs` as UTF-8 bytes, written record by record into one Buffer (a view; no big string). */
export function encodeLogsToBytes(records: readonly LogRecordData[], attributeLimits?: AttributeLimits): Uint8Array {
  limits = resolveLimits(attributeLimits);
  return encoder.bytes(records);
}

/**
 * Hot path: one record → its `LogRecord` object text. No closures, no intermediate objects;
 * default-valued fields skipped. Uses the module-level `limits` set by the encode call.
 */
export function renderLogRecord(r: LogRecordData): string {
  const time = nanosText(r.timeSec, r.timeNs);
  let o = time === '' ? '{' : '{"timeUnixNano":"' + time + '"';
  const observed = nanosText(r.observedSec, r.observedNs);
  if (observed !== '') o += ',"observedTimeUnixNano":"' + observed + '"';
  const severity = r.severityNumber | 0;
  if (severity !== 0) o += ',"severityNumber":' + severity;
  if (r.severityText) o += ',"severityText":' + quote(r.severityText);
  const body = r.body;
  if (body !== undefined && body !== null && typeof body !== 'function' && typeof body !== 'symbol') {
    o += ',"body":' + anyValue(body, Infinity);
  }
  const attrs = keyValues(r.attributes, limits);
  if (attrs !== '') o += ',"attributes":' + attrs;
  const dropped = (r.droppedAttributesCount + droppedByLastCall()) >>> 0;
  if (dropped !== 0) o += ',"droppedAttributesCount":' + dropped;
  const flags = r.flags >>> 0;
  if (flags !== 0) o += ',"flags":' + flags;
  if (r.traceId) {
    const traceId = traceIdOrEmpty(r.traceId);
    if (traceId !== '') o += ',"traceId":"' + traceId + '"';
  }
  if (r.spanId) {
    const spanId = spanIdOrEmpty(r.spanId);
    if (spanId !== '') o += ',"spanId":"' + spanId + '"';
  }
  if (r.eventName) o += ',"eventName":' + quote(r.eventName);
  return time === '' ? closeLeadless(o) : o + '}';
}

// Output bytes per record of recent calls size the Buffer once.
const encoder = new JsonBatchEncoder<LogRecordData>({ open: '{"resourceLogs":[', scopes: ',"scopeLogs":[', items: ',"logRecords":[' }, 512, renderLogRecord);
