// Log records → ExportLogsServiceRequest JSON (string or UTF-8 bytes). Owns the LogRecord field
// rules: times as exact int64 strings (0/0 omitted), severity as an integer, body as AnyValue,
// trace context ids validated (invalid → omitted), attribute limits with dropped counts.

import type { AttributeLimits, LogRecordData } from './model.ts';
import { anyValue, droppedByLastCall, keyValues, resolveLimits, type ResolvedLimits } from './attributes.ts';
import { BytesOut, SizeHint, writeEnvelope, type EnvelopeKeys } from './envelope.ts';
import { nanosText, quote, spanIdOrEmpty, traceIdOrEmpty } from './json.ts';

const KEYS: EnvelopeKeys = { open: '{"resourceLogs":[', scopes: ',"scopeLogs":[', items: ',"logRecords":[' };

// Output bytes per item of recent calls, to size the Buffer once.
const sizeHint = new SizeHint(512);

let limits: ResolvedLimits = resolveLimits();

/**
 * Encodes log records as an OTLP/JSON `ExportLogsServiceRequest` string, grouped by resource then
 * scope object identity. Attribute `limits` apply to record attributes (not to the body).
 * Does not throw for any `AttributeValue`; a throwing getter or iterator in a user value propagates.
 */
export function encodeLogs(records: readonly LogRecordData[], attributeLimits?: AttributeLimits): string {
  const out = new BytesOut(sizeHint.bytesFor(records.length));
  write(out, records, attributeLimits);
  const text = out.finishText();
  sizeHint.record(records.length, text.length);
  return text;
}

/** `encodeLogs` as UTF-8 bytes, written record by record into one Buffer (a view; no big string). */
export function encodeLogsToBytes(records: readonly LogRecordData[], attributeLimits?: AttributeLimits): Uint8Array {
  const out = new BytesOut(sizeHint.bytesFor(records.length));
  write(out, records, attributeLimits);
  const bytes = out.finish();
  sizeHint.record(records.length, bytes.byteLength);
  return bytes;
}

function write(out: BytesOut, records: readonly LogRecordData[], attributeLimits: AttributeLimits | undefined): void {
  limits = resolveLimits(attributeLimits);
  writeEnvelope(out, records, KEYS, renderLogRecord);
}

// Fields after the first are appended with a leading ','; when the leading field (time) is unset,
// the text starts with '{,' and `closeLeadless` drops that comma.
function closeLeadless(o: string): string {
  return o.length === 1 ? '{}' : '{' + o.slice(2) + '}';
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
