import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTracesRequest, encodeTraces, encodeTracesToBytes, SpanKind, StatusCode, type SpanData } from '../../proto-json/index.ts';
import { oneSpan, parseBody, PARENT_ID, rawSpan, resource, scope, span, SPAN_ID, TRACE_ID } from './records.ts';

const CAMEL_KEY = /^[a-z][a-zA-Z]*$/;

function allKeys(v: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(v)) for (const x of v) allKeys(x, out);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      allKeys(x, out);
    }
  }
  return out;
}

function fullSpan(): SpanData {
  return span({
    traceState: 'vendor=abc', parentSpanId: PARENT_ID, flags: 0x301, name: 'GET /items', kind: SpanKind.CLIENT,
    attributes: { 'http.method': 'GET' }, droppedAttributesCount: 1,
    events: [{ name: 'retry', timeSec: 1_700_000_000, timeNs: 5, attributes: { attempt: 1 }, droppedAttributesCount: 2 }],
    droppedEventsCount: 3,
    links: [{ traceId: TRACE_ID, spanId: PARENT_ID, traceState: 'k=v', attributes: { l: true }, droppedAttributesCount: 4, flags: 0x101 }],
    droppedLinksCount: 5, statusCode: StatusCode.ERROR, statusMessage: 'boom',
  });
}

describe('encodeTraces: span fields', () => {
  it('uses lowerCamelCase keys only', () => {
    const body = parseBody(encodeTraces([fullSpan()]));
    const keys = [...allKeys(body)];
    assert.ok(keys.length >= 25, String(keys.length));
    for (const k of keys) assert.match(k, CAMEL_KEY);
    for (const k of ['resourceSpans', 'scopeSpans', 'parentSpanId', 'startTimeUnixNano', 'droppedAttributesCount', 'droppedEventsCount', 'droppedLinksCount', 'traceState']) {
      assert.ok(keys.includes(k), k);
    }
  });

  it('writes every field of a full span exactly', () => {
    assert.deepEqual(rawSpan(encodeTraces([fullSpan()])), {
      traceId: TRACE_ID, spanId: SPAN_ID, traceState: 'vendor=abc', parentSpanId: PARENT_ID, flags: 0x301,
      name: 'GET /items', kind: 3, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000',
      attributes: [{ key: 'http.method', value: { stringValue: 'GET' } }], droppedAttributesCount: 1,
      events: [{ timeUnixNano: '1700000000000000005', name: 'retry', attributes: [{ key: 'attempt', value: { intValue: '1' } }], droppedAttributesCount: 2 }],
      droppedEventsCount: 3,
      links: [{ traceId: TRACE_ID, spanId: PARENT_ID, traceState: 'k=v', attributes: [{ key: 'l', value: { boolValue: true } }], droppedAttributesCount: 4, flags: 0x101 }],
      droppedLinksCount: 5, status: { message: 'boom', code: 2 },
    });
  });

  it('writes trace ids as 32 and span ids as 16 lowercase hex chars (upper case input is lowered)', () => {
    const s = rawSpan(encodeTraces([span({ traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID.toUpperCase(), parentSpanId: PARENT_ID.toUpperCase() })]));
    assert.equal(s.traceId, TRACE_ID);
    assert.equal(s.spanId, SPAN_ID);
    assert.equal(s.parentSpanId, PARENT_ID);
  });

  it('never emits an all-zero or wrong-length id: the field is omitted', () => {
    const bad = [
      span({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), parentSpanId: '0'.repeat(16) }),
      span({ traceId: 'abc', spanId: 'abcdef', parentSpanId: 'a'.repeat(17) }),
      span({ traceId: 'g'.repeat(32), spanId: 'x'.repeat(16), parentSpanId: '' }),
    ];
    for (const b of bad) {
      const s = rawSpan(encodeTraces([b]));
      assert.equal('traceId' in s || 'spanId' in s || 'parentSpanId' in s, false, JSON.stringify(s));
      assert.equal(s.name, 'op'); // the rest of the span is still there and valid JSON
    }
    const link = rawSpan(encodeTraces([span({ links: [{ traceId: '0'.repeat(32), spanId: 'short', traceState: '', attributes: {}, droppedAttributesCount: 0, flags: 0 }] })])).links[0];
    assert.deepEqual(link, {});
  });

  it('writes no parentSpanId for a root span', () => {
    const s = rawSpan(encodeTraces([span({ parentSpanId: '' })]));
    assert.equal('parentSpanId' in s, false);
  });

  it('writes enums as integers: span kind in OTLP numbering and status codes', () => {
    for (const [kind, n] of [[SpanKind.INTERNAL, 1], [SpanKind.SERVER, 2], [SpanKind.CLIENT, 3], [SpanKind.PRODUCER, 4], [SpanKind.CONSUMER, 5]] as const) {
      assert.equal(rawSpan(encodeTraces([span({ kind })])).kind, n);
    }
    assert.deepEqual(rawSpan(encodeTraces([span({ statusCode: StatusCode.OK })])).status, { code: 1 });
    assert.deepEqual(rawSpan(encodeTraces([span({ statusCode: StatusCode.ERROR, statusMessage: 'x' })])).status, { message: 'x', code: 2 });
  });

  it('writes times as exact decimal strings with nanosecond precision', () => {
    const s = rawSpan(encodeTraces([span({ startSec: 1_700_000_000, startNs: 123_456_789, endSec: 1_700_000_000, endNs: 987_654_321 })]));
    assert.equal(s.startTimeUnixNano, '1700000000123456789');
    assert.equal(s.endTimeUnixNano, '1700000000987654321');
  });

  it('omits fields at their default value (0 flags, UNSPECIFIED kind, unset times and status, empty lists, zero counts)', () => {
    const s = rawSpan(encodeTraces([span({ kind: 0, name: '', startSec: 0, startNs: 0, endSec: 0, endNs: 0 })]));
    assert.deepEqual(s, { traceId: TRACE_ID, spanId: SPAN_ID });
  });

  it('keeps an event whose time is unset valid (leading field absent)', () => {
    const s = rawSpan(encodeTraces([span({ events: [{ name: 'e', timeSec: 0, timeNs: 0, attributes: {}, droppedAttributesCount: 0 }, { name: '', timeSec: 0, timeNs: 0, attributes: {}, droppedAttributesCount: 0 }] })]));
    assert.deepEqual(s.events, [{ name: 'e' }, {}]);
  });

  it('applies attribute limits to span, event and link attributes with dropped counts', () => {
    const attrs = { a: 1, b: 2, c: 3 };
    const s = oneSpan(encodeTraces([span({
      attributes: attrs,
      events: [{ name: 'e', timeSec: 1, timeNs: 0, attributes: attrs, droppedAttributesCount: 0 }],
      links: [{ traceId: TRACE_ID, spanId: SPAN_ID, traceState: '', attributes: attrs, droppedAttributesCount: 1, flags: 0 }],
    })], { countLimit: 1 }));
    assert.equal(s.attributes.length, 1);
    assert.equal(s.droppedAttributesCount, 2);
    assert.equal(s.events[0].droppedAttributesCount, 2);
    assert.equal(s.links[0].droppedAttributesCount, 3);
  });

  it('writes hostile strings in names, trace state and status as valid JSON and UTF-8', () => {
    const name = 'a"b\\c\n\u0000\u2028😀\ud800';
    const s = oneSpan(encodeTraces([span({ name, traceState: 'k="v"', statusCode: 2, statusMessage: '\udc00' })]));
    assert.equal(s.name, 'a"b\\c\n\u0000\u2028😀\ufffd');
    assert.equal(s.traceState, 'k="v"');
    assert.equal(s.status.message, '\ufffd');
  });
});

describe('encodeTraces: envelope', () => {
  it('groups spans by resource then scope object identity, in first-seen order', () => {
    const r1 = resource({ 'service.name': 'one' });
    const r2 = resource({ 'service.name': 'two' });
    const sa = scope('a');
    const sb = scope('b');
    const spans = [
      span({ resource: r1, scope: sa, name: '1' }), span({ resource: r2, scope: sa, name: '2' }),
      span({ resource: r1, scope: sb, name: '3' }), span({ resource: r1, scope: sa, name: '4' }),
    ];
    const req = decodeTracesRequest(encodeTraces(spans));
    const shape = req.resourceSpans!.map((rs) => [
      rs.resource!.attributes![0]!.value!.stringValue,
      rs.scopeSpans!.map((ss) => [ss.scope!.name, ss.spans!.map((s) => s.name)]),
    ]);
    assert.deepEqual(shape, [['one', [['a', ['1', '4']], ['b', ['3']]]], ['two', [['a', ['2']]]]]);
  });

  it('writes resource and scope with attributes, dropped counts and schema URLs', () => {
    const r = { attributes: { 'service.name': 'svc', gone: null }, droppedAttributesCount: 2, schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' };
    const sc = { name: 'lib', version: '2.0', attributes: { 'scope.attr': 'x' }, schemaUrl: 'https://example.com/s' };
    const body = parseBody(encodeTraces([span({ resource: r, scope: sc })]));
    assert.deepEqual(body.resourceSpans[0].resource, { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }], droppedAttributesCount: 3 });
    assert.equal(body.resourceSpans[0].schemaUrl, r.schemaUrl);
    assert.deepEqual(body.resourceSpans[0].scopeSpans[0].scope, { name: 'lib', version: '2.0', attributes: [{ key: 'scope.attr', value: { stringValue: 'x' } }] });
    assert.equal(body.resourceSpans[0].scopeSpans[0].schemaUrl, sc.schemaUrl);
  });

  it('exempts resource attributes from the count limit', () => {
    const attrs: Record<string, number> = {};
    for (let i = 0; i < 300; i++) attrs[`r${i}`] = i;
    const body = parseBody(encodeTraces([span({ resource: resource(attrs) })], { countLimit: 1 }));
    assert.equal(body.resourceSpans[0].resource.attributes.length, 300);
  });

  it('renders a resource once per object: later mutation is not seen (documented: never mutate)', () => {
    const r = resource({ 'service.name': 'before' });
    encodeTraces([span({ resource: r })]);
    (r.attributes as Record<string, string>)['service.name'] = 'after';
    const body = parseBody(encodeTraces([span({ resource: r })]));
    assert.equal(body.resourceSpans[0].resource.attributes[0].value.stringValue, 'before');
  });

  it('writes {} for no spans', () => {
    assert.equal(encodeTraces([]), '{}');
    assert.equal(Buffer.from(encodeTracesToBytes([])).toString(), '{}');
  });

  it('writes the same body as bytes (UTF-8) as as a string, also for non-ASCII and many spans', () => {
    const spans: SpanData[] = [];
    for (let i = 0; i < 3000; i++) spans.push(span({ name: i % 3 === 0 ? `naïve ${i} 😀 \u2028` : `op ${i}`, attributes: { i, s: 'é'.repeat(i % 50) } }));
    const text = encodeTraces(spans);
    const bytes = encodeTracesToBytes(spans);
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(new TextDecoder('utf-8', { fatal: true }).decode(bytes), text);
    assert.equal(decodeTracesRequest(bytes).resourceSpans![0]!.scopeSpans![0]!.spans!.length, 3000);
    // a much larger body after a small one still fits (the buffer grows)
    const big = [span({ name: 'x'.repeat(300_000) + '😀'.repeat(100_000) })];
    assert.equal(Buffer.from(encodeTracesToBytes(big)).toString('utf8'), encodeTraces(big));
  });
});
