// Log records → ExportLogsServiceRequest protobuf bytes. Same field rules as the JSON encoder
// (../logs.ts): unset times omitted, body as AnyValue (no limits), attribute limits with dropped
// counts, trace context ids validated (invalid → omitted), default-valued fields skipped.

import type { AttributeLimits, LogRecordData } from '../model.ts';
import { resolveLimits, type ResolvedLimits } from '../attributes.ts';
import { writeAnyValue, writeKeyValues } from './any-value.ts';
import { ProtobufBatchEncoder } from './envelope.ts';
import type { ProtoWriter } from './writer.ts';

// LogRecord fields (number, wire type) → one-byte tags.
const L_TIME = 0x09; // 1 I64
const L_SEVERITY = 0x10; // 2 VARINT
const L_SEVERITY_TEXT = 0x1a; // 3 LEN
const L_BODY = 0x2a; // 5 LEN
const L_ATTRS = 0x32; // 6 LEN
const L_DROPPED = 0x38; // 7 VARINT
const L_FLAGS = 0x45; // 8 I32
const L_TRACE_ID = 0x4a; // 9 LEN
const L_SPAN_ID = 0x52; // 10 LEN
const L_OBSERVED = 0x59; // 11 I64
const L_EVENT_NAME = 0x62; // 12 LEN

let limits: ResolvedLimits = resolveLimits();

/**
 * Encodes log records as an OTLP protobuf `ExportLogsServiceRequest`, grouped by resource then
 * scope object identity (like `encodeLogs`, same data). Attribute `limits` apply to record
 * attributes, not to the body. Empty input → 0 bytes. Does not throw for any `AttributeValue`;
 * a throwing getter or iterator in a user value propagates.
 */
export function encodeLogsProtobuf(records: readonly LogRecordData[], attributeLimits?: AttributeLimits): Uint8Array {
  limits = resolveLimits(attributeLimits);
  return encoder.encode(records);
}

/**
 * Hot path: the fields of one LogRecord message, in field-number order. Uses the module-level
 * `limits` set by the encode call.
 */
export function writeLogRecord(w: ProtoWriter, r: LogRecordData): void {
  w.time(L_TIME, r.timeSec, r.timeNs);
  const severity = r.severityNumber | 0;
  if (severity !== 0) { w.byte(L_SEVERITY); w.int32(severity); }
  if (r.severityText) { w.byte(L_SEVERITY_TEXT); w.string(r.severityText); }
  const body = r.body;
  if (body !== undefined && body !== null && typeof body !== 'function' && typeof body !== 'symbol') {
    w.byte(L_BODY);
    const start = w.fork(1);
    writeAnyValue(w, body, Infinity);
    w.join(start, 1);
  }
  const dropped = (r.droppedAttributesCount + writeKeyValues(w, L_ATTRS, r.attributes, limits)) >>> 0;
  if (dropped !== 0) { w.byte(L_DROPPED); w.varint32(dropped); }
  const flags = r.flags >>> 0;
  if (flags !== 0) { w.byte(L_FLAGS); w.fixed32(flags); }
  if (r.traceId) w.id(L_TRACE_ID, r.traceId, 16);
  if (r.spanId) w.id(L_SPAN_ID, r.spanId, 8);
  w.time(L_OBSERVED, r.observedSec, r.observedNs);
  if (r.eventName) { w.byte(L_EVENT_NAME); w.string(r.eventName); }
}

// Output bytes per item of recent calls size the writer once.
const encoder = new ProtobufBatchEncoder<LogRecordData>(writeLogRecord, 256, 2, 300);
