// Finished spans → ExportTraceServiceRequest JSON (string or UTF-8 bytes). Owns the Span, Event,
// Link and Status field rules: ids validated (invalid → omitted), no parentSpanId on roots,
// int64 times as exact strings, defaults omitted, attribute limits with dropped counts.

import type { AttributeLimits, SpanData, SpanEventData, SpanLinkData } from './model.ts';
import { droppedByLastCall, keyValues, resolveLimits, type ResolvedLimits } from './attributes.ts';
import { closeLeadless, JsonBatchEncoder } from './envelope.ts';
import { nanosText, quote, spanIdOrEmpty, traceIdOrEmpty } from './json.ts';

let limits: ResolvedLimits = resolveLimits();

/**
 * Encodes spans as an OTLP/JSON `ExportTraceServiceRequest` string, grouped by resource then
 * scope object identity. Attribute `limits` default to count 128, no length limit; resource and
 * scope attributes are exempt. The text is the UTF-8 body decoded (for big batches that beats
 * keeping a rope of every span alive). Does not throw for any `AttributeValue`; a throwing getter
 * or iterator inside a user value propagates.
 */
export function encodeTraces(spans: readonly SpanData[], attributeLimits?: AttributeLimits): string {
  limits = resolveLimits(attributeLimits);
  return encoder.text(spans);
}

/**
 * `encodeTraces` as UTF-8 bytes, written span by span into one Buffer (no big string). The result
 * is a view of that Buffer (it may have spare capacity behind it); it is the caller's to keep.
 */
export function encodeTracesToBytes(spans: readonly SpanData[], attributeLimits?: AttributeLimits): Uint8Array {
  limits = resolveLimits(attributeLimits);
  return encoder.bytes(spans);
}

/**
 * Hot path: one span → its `Span` object text. No closures, no intermediate objects; fields at
 * their default value are skipped. Uses the module-level `limits` set by the encode call.
 */
export function renderSpan(s: SpanData): string {
  const traceId = traceIdOrEmpty(s.traceId);
  let o = traceId === '' ? '{' : '{"traceId":"' + traceId + '"';
  const spanId = spanIdOrEmpty(s.spanId);
  if (spanId !== '') o += ',"spanId":"' + spanId + '"';
  if (s.traceState) o += ',"traceState":' + quote(s.traceState);
  const parent = s.parentSpanId ? spanIdOrEmpty(s.parentSpanId) : '';
  if (parent !== '') o += ',"parentSpanId":"' + parent + '"';
  const flags = s.flags >>> 0;
  if (flags !== 0) o += ',"flags":' + flags;
  if (s.name) o += ',"name":' + quote(s.name);
  const kind = s.kind | 0;
  if (kind !== 0) o += ',"kind":' + kind;
  const start = nanosText(s.startSec, s.startNs);
  if (start !== '') o += ',"startTimeUnixNano":"' + start + '"';
  const end = nanosText(s.endSec, s.endNs);
  if (end !== '') o += ',"endTimeUnixNano":"' + end + '"';
  const attrs = keyValues(s.attributes, limits);
  if (attrs !== '') o += ',"attributes":' + attrs;
  const dropped = (s.droppedAttributesCount + droppedByLastCall()) >>> 0;
  if (dropped !== 0) o += ',"droppedAttributesCount":' + dropped;
  const events = s.events;
  if (events.length > 0) {
    o += ',"events":[';
    for (let i = 0; i < events.length; i++) o += (i === 0 ? '' : ',') + renderEvent(events[i]!);
    o += ']';
  }
  const droppedEvents = s.droppedEventsCount >>> 0;
  if (droppedEvents !== 0) o += ',"droppedEventsCount":' + droppedEvents;
  const links = s.links;
  if (links.length > 0) {
    o += ',"links":[';
    for (let i = 0; i < links.length; i++) o += (i === 0 ? '' : ',') + renderLink(links[i]!);
    o += ']';
  }
  const droppedLinks = s.droppedLinksCount >>> 0;
  if (droppedLinks !== 0) o += ',"droppedLinksCount":' + droppedLinks;
  const code = s.statusCode | 0;
  if (code !== 0 || s.statusMessage) {
    o += ',"status":{';
    if (s.statusMessage) o += '"message":' + quote(s.statusMessage) + (code !== 0 ? ',' : '');
    if (code !== 0) o += '"code":' + code;
    o += '}';
  }
  return traceId === '' ? closeLeadless(o) : o + '}';
}

// Hot path: one event → `Span.Event` text.
function renderEvent(e: SpanEventData): string {
  const time = nanosText(e.timeSec, e.timeNs);
  let o = time === '' ? '{' : '{"timeUnixNano":"' + time + '"';
  if (e.name) o += ',"name":' + quote(e.name);
  const attrs = keyValues(e.attributes, limits);
  if (attrs !== '') o += ',"attributes":' + attrs;
  const dropped = (e.droppedAttributesCount + droppedByLastCall()) >>> 0;
  if (dropped !== 0) o += ',"droppedAttributesCount":' + dropped;
  return time === '' ? closeLeadless(o) : o + '}';
}

// Hot path: one link → `Span.Link` text (a link with an invalid id keeps its other fields).
function renderLink(l: SpanLinkData): string {
  const traceId = traceIdOrEmpty(l.traceId);
  let o = traceId === '' ? '{' : '{"traceId":"' + traceId + '"';
  const spanId = spanIdOrEmpty(l.spanId);
  if (spanId !== '') o += ',"spanId":"' + spanId + '"';
  if (l.traceState) o += ',"traceState":' + quote(l.traceState);
  const attrs = keyValues(l.attributes, limits);
  if (attrs !== '') o += ',"attributes":' + attrs;
  const dropped = (l.droppedAttributesCount + droppedByLastCall()) >>> 0;
  if (dropped !== 0) o += ',"droppedAttributesCount":' + dropped;
  const flags = l.flags >>> 0;
  if (flags !== 0) o += ',"flags":' + flags;
  return traceId === '' ? closeLeadless(o) : o + '}';
}

// Output bytes per span of recent calls size the Buffer once.
const encoder = new JsonBatchEncoder<SpanData>({ open: '{"resourceSpans":[', scopes: ',"scopeSpans":[', items: ',"spans":[' }, 640, renderSpan);
