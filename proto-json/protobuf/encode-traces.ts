// Finished spans → ExportTraceServiceRequest protobuf bytes. Same field rules as the JSON encoder
// (../traces.ts): invalid or empty ids omitted, no parent_span_id on roots, unset times omitted,
// default-valued fields skipped, attribute limits with dropped counts, empty Status omitted.

import type { AttributeLimits, SpanData, SpanEventData, SpanLinkData } from '../model.ts';
import { resolveLimits, type ResolvedLimits } from '../attributes.ts';
import { writeKeyValues } from './any-value.ts';
import { ProtobufBatchEncoder } from './envelope.ts';
import type { ProtoWriter } from './writer.ts';

// Span fields (number, wire type) → one-byte tags, except flags = 16 (I32): two bytes.
const S_TRACE_ID = 0x0a; // 1 LEN
const S_SPAN_ID = 0x12; // 2 LEN
const S_TRACE_STATE = 0x1a; // 3 LEN
const S_PARENT = 0x22; // 4 LEN
const S_NAME = 0x2a; // 5 LEN
const S_KIND = 0x30; // 6 VARINT
const S_START = 0x39; // 7 I64
const S_END = 0x41; // 8 I64
const S_ATTRS = 0x4a; // 9 LEN
const S_DROPPED_ATTRS = 0x50; // 10 VARINT
const S_EVENTS = 0x5a; // 11 LEN
const S_DROPPED_EVENTS = 0x60; // 12 VARINT
const S_LINKS = 0x6a; // 13 LEN
const S_DROPPED_LINKS = 0x70; // 14 VARINT
const S_STATUS = 0x7a; // 15 LEN
const S_FLAGS_0 = 0x85; // 16 I32: tag varint 0x85 0x01
const S_FLAGS_1 = 0x01;

let limits: ResolvedLimits = resolveLimits();

/**
 * Encodes spans as an OTLP protobuf `ExportTraceServiceRequest`, grouped by resource then scope
 * object identity (like `encodeTraces`, and carrying the same data). Attribute `limits` default to
 * count 128, no length limit; resource and scope attributes are exempt. Empty input → 0 bytes.
 * Does not throw for any `AttributeValue`; a throwing getter or iterator in a user value propagates.
 */
export function encodeTracesProtobuf(spans: readonly SpanData[], attributeLimits?: AttributeLimits): Uint8Array {
  limits = resolveLimits(attributeLimits);
  return encoder.encode(spans);
}

/**
 * Hot path: the fields of one Span message, in field-number order (flags, field 16, last).
 * No closures, no intermediate objects. Uses the module-level `limits` set by the encode call.
 */
export function writeSpan(w: ProtoWriter, s: SpanData): void {
  w.id(S_TRACE_ID, s.traceId, 16);
  w.id(S_SPAN_ID, s.spanId, 8);
  if (s.traceState) { w.byte(S_TRACE_STATE); w.string(s.traceState); }
  if (s.parentSpanId) w.id(S_PARENT, s.parentSpanId, 8);
  if (s.name) { w.byte(S_NAME); w.string(s.name); }
  const kind = s.kind | 0;
  if (kind !== 0) { w.byte(S_KIND); w.int32(kind); }
  w.time(S_START, s.startSec, s.startNs);
  w.time(S_END, s.endSec, s.endNs);
  const dropped = (s.droppedAttributesCount + writeKeyValues(w, S_ATTRS, s.attributes, limits)) >>> 0;
  if (dropped !== 0) { w.byte(S_DROPPED_ATTRS); w.varint32(dropped); }
  const events = s.events;
  for (let i = 0; i < events.length; i++) {
    w.byte(S_EVENTS);
    const start = w.fork(1);
    writeEvent(w, events[i]!);
    w.join(start, 1);
  }
  const droppedEvents = s.droppedEventsCount >>> 0;
  if (droppedEvents !== 0) { w.byte(S_DROPPED_EVENTS); w.varint32(droppedEvents); }
  const links = s.links;
  for (let i = 0; i < links.length; i++) {
    w.byte(S_LINKS);
    const start = w.fork(1);
    writeLink(w, links[i]!);
    w.join(start, 1);
  }
  const droppedLinks = s.droppedLinksCount >>> 0;
  if (droppedLinks !== 0) { w.byte(S_DROPPED_LINKS); w.varint32(droppedLinks); }
  const code = s.statusCode | 0;
  if (code !== 0 || s.statusMessage) {
    w.byte(S_STATUS);
    const start = w.fork(1);
    if (s.statusMessage) { w.byte(0x12); w.string(s.statusMessage); } // message = 2
    if (code !== 0) { w.byte(0x18); w.int32(code); } // code = 3
    w.join(start, 1);
  }
  const flags = s.flags >>> 0;
  if (flags !== 0) { w.byte(S_FLAGS_0); w.byte(S_FLAGS_1); w.fixed32(flags); }
}

// Hot path: Span.Event { time_unix_nano = 1 (I64), name = 2, attributes = 3, dropped = 4 }.
function writeEvent(w: ProtoWriter, e: SpanEventData): void {
  w.time(0x09, e.timeSec, e.timeNs);
  if (e.name) { w.byte(0x12); w.string(e.name); }
  const dropped = (e.droppedAttributesCount + writeKeyValues(w, 0x1a, e.attributes, limits)) >>> 0;
  if (dropped !== 0) { w.byte(0x20); w.varint32(dropped); }
}

// Hot path: Span.Link { trace_id = 1, span_id = 2, trace_state = 3, attributes = 4, dropped = 5,
// flags = 6 (I32) }; a link with an invalid id keeps its other fields.
function writeLink(w: ProtoWriter, l: SpanLinkData): void {
  w.id(0x0a, l.traceId, 16);
  w.id(0x12, l.spanId, 8);
  if (l.traceState) { w.byte(0x1a); w.string(l.traceState); }
  const dropped = (l.droppedAttributesCount + writeKeyValues(w, 0x22, l.attributes, limits)) >>> 0;
  if (dropped !== 0) { w.byte(0x28); w.varint32(dropped); }
  const flags = l.flags >>> 0;
  if (flags !== 0) { w.byte(0x35); w.fixed32(flags); }
}

// Output bytes per item of recent calls size the writer once.
const encoder = new ProtobufBatchEncoder<SpanData>(writeSpan, 320, 2, 400);
