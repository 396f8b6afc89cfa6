// The official opentelemetry-proto JSON examples (copied to spec/fixtures/) decode, re-encode
// through our record encoders, and decode again to the same canonical value.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  countItems, decodeRequest, encodeLogs, encodeLogsToBytes, encodeMetrics, encodeMetricsToBytes, encodeTraces, encodeTracesToBytes,
  logRecordsFromRequest, metricsFromRequest, spansFromRequest, type ExportLogsServiceRequest, type ExportMetricsServiceRequest,
  type ExportTraceServiceRequest, type OtlpSignal,
} from '../../proto-json/index.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

function reencode(signal: OtlpSignal, request: unknown): { text: string; bytes: Uint8Array } {
  switch (signal) {
    case 'traces': {
      const spans = spansFromRequest(request as ExportTraceServiceRequest);
      return { text: encodeTraces(spans), bytes: encodeTracesToBytes(spans) };
    }
    case 'logs': {
      const records = logRecordsFromRequest(request as ExportLogsServiceRequest);
      return { text: encodeLogs(records), bytes: encodeLogsToBytes(records) };
    }
    case 'metrics': {
      const metrics = metricsFromRequest(request as ExportMetricsServiceRequest);
      return { text: encodeMetrics(metrics), bytes: encodeMetricsToBytes(metrics) };
    }
  }
}

const cases: [file: string, signal: OtlpSignal, items: number][] = [
  ['trace.json', 'traces', 1],
  ['logs.json', 'logs', 1],
  ['events.json', 'logs', 1],
  ['metrics.json', 'metrics', 4],
];

describe('official OTLP/JSON examples', () => {
  for (const [file, signal, items] of cases) {
    it(`${file} decodes, re-encodes and decodes again to the same value`, () => {
      const first = decodeRequest(signal, fixture(file));
      assert.equal(first.items, items);
      const { text, bytes } = reencode(signal, first.request);
      assert.equal(Buffer.from(bytes).toString('utf8'), text);
      const second = decodeRequest(signal, bytes);
      assert.deepEqual(second.request, first.request);
      assert.equal(countItems(signal, second.request), items);
    });
  }

  it('trace.json keeps its data through the round trip (ids lower-cased, kind 2, exact times)', () => {
    const req = decodeRequest('traces', fixture('trace.json')).request;
    const span = req.resourceSpans![0]!.scopeSpans![0]!.spans![0]!;
    assert.deepEqual(span, {
      traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', parentSpanId: 'eee19b7ec3c1b173',
      name: "I'm a server span", startTimeUnixNano: '1544712660000000000', endTimeUnixNano: '1544712661000000000', kind: 2,
      attributes: [{ key: 'my.span.attr', value: { stringValue: 'some value' } }],
    });
    assert.deepEqual(req.resourceSpans![0]!.scopeSpans![0]!.scope, {
      name: 'my.library', version: '1.0.0', attributes: [{ key: 'my.scope.attribute', value: { stringValue: 'some scope attribute' } }],
    });
  });

  it('metrics.json keeps histogram min 0, string counts and the exponential buckets', () => {
    const req = decodeRequest('metrics', fixture('metrics.json')).request;
    const [, , hist, exp] = req.resourceMetrics![0]!.scopeMetrics![0]!.metrics!;
    assert.deepEqual(hist!.histogram!.dataPoints![0], {
      startTimeUnixNano: '1544712660300000000', timeUnixNano: '1544712660300000000', count: '2', sum: 2,
      bucketCounts: ['1', '1'], explicitBounds: [1], min: 0, max: 2,
      attributes: [{ key: 'my.histogram.attr', value: { stringValue: 'some value' } }],
    });
    assert.deepEqual(exp!.exponentialHistogram!.dataPoints![0]!.positive, { offset: 1, bucketCounts: ['0', '2'] });
    assert.equal(exp!.exponentialHistogram!.dataPoints![0]!.zeroCount, '1');
  });
});
