// Test helper: builders for the record model with sensible defaults, and body checks every
// encoder spec applies (valid JSON, valid UTF-8, decodes with our validating decoder).

import assert from 'node:assert/strict';
import {
  decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest,
  type InstrumentationScope, type LogRecordData, type MetricData, type Resource, type SpanData,
} from '../../proto-json/index.ts';

export const TRACE_ID = '5b8efff798038103d269b633813fc60c';
export const SPAN_ID = 'eee19b7ec3c1b174';
export const PARENT_ID = 'eee19b7ec3c1b173';

/** A fresh resource (new identity each call). */
export function resource(attributes: Resource['attributes'] = { 'service.name': 'svc' }): Resource {
  return { attributes };
}

/** A fresh scope (new identity each call). */
export function scope(name = 'lib', version = '1.0.0'): InstrumentationScope {
  return { name, version };
}

const defaultResource = resource();
const defaultScope = scope();

/** A span with every field at a plain value; override what a test is about. */
export function span(over: Partial<SpanData> = {}): SpanData {
  return {
    resource: defaultResource, scope: defaultScope,
    traceId: TRACE_ID, spanId: SPAN_ID, parentSpanId: '', traceState: '', flags: 0,
    name: 'op', kind: 1, startSec: 1_700_000_000, startNs: 0, endSec: 1_700_000_001, endNs: 0,
    attributes: {}, droppedAttributesCount: 0, events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0,
    statusCode: 0, statusMessage: '',
    ...over,
  };
}

/** A log record with plain values; override what a test is about. */
export function logRecord(over: Partial<LogRecordData> = {}): LogRecordData {
  return {
    resource: defaultResource, scope: defaultScope,
    timeSec: 1_700_000_000, timeNs: 0, observedSec: 1_700_000_000, observedNs: 1,
    severityNumber: 9, severityText: 'INFO', body: 'hello', attributes: {}, droppedAttributesCount: 0,
    flags: 0, traceId: '', spanId: '', eventName: '',
    ...over,
  };
}

/** A gauge metric with one point per given value. */
export function gauge(values: number[], isInt = false, over: Partial<MetricData> = {}): MetricData {
  return {
    resource: defaultResource, scope: defaultScope, type: 'gauge', name: 'g', description: '', unit: '',
    points: values.map((value) => ({ attributes: {}, startSec: 0, startNs: 0, timeSec: 1_700_000_000, timeNs: 0, flags: 0, value, isInt })),
    ...over,
  } as MetricData;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Asserts `text` is valid JSON whose UTF-8 encoding round-trips (well-formed) and returns it parsed. */
export function parseBody(text: string): any {
  const bytes = Buffer.from(text, 'utf8');
  assert.equal(fatalUtf8.decode(bytes), text, 'body must be well-formed UTF-16 (round-trips through UTF-8)');
  return JSON.parse(text);
}

/** The one span of a single-span traces body, decoded and validated. */
export function oneSpan(text: string): any {
  parseBody(text);
  const req = decodeTracesRequest(text);
  const spans = req.resourceSpans?.[0]?.scopeSpans?.[0]?.spans;
  assert.equal(spans?.length, 1);
  return spans[0];
}

/** The one log record of a single-record logs body, decoded and validated. */
export function oneLogRecord(text: string): any {
  parseBody(text);
  const rec = decodeLogsRequest(text).resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords;
  assert.equal(rec?.length, 1);
  return rec[0];
}

/** The one metric of a single-metric body, decoded and validated. */
export function oneMetric(text: string): any {
  parseBody(text);
  const metrics = decodeMetricsRequest(text).resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics;
  assert.equal(metrics?.length, 1);
  return metrics[0];
}

/** The raw (not canonicalized) first span object of a traces body: to check exact key/value forms. */
export function rawSpan(text: string): any {
  return parseBody(text).resourceSpans[0].scopeSpans[0].spans[0];
}
