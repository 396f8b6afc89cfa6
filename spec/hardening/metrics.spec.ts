// Metrics under hostile use: 5,000 distinct metric names delivered whole at shutdown (the final
// collection is queued in chunks, not one queue item per metric); impossible durations and
// non-finite histogram values dropped and counted, never recorded as a fake 0 ms sample; a custom
// exporter's nonsense result counted as a failed batch instead of corrupting stats().
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { MetricsClient, MetricsConfig } from '../../lib/facades/metrics-client.ts';
import { createBatchPipeline } from '../../lib/pipeline/batching/pipeline.ts';
import type { ExportResult, Exporter } from '../../lib/contracts.ts';
import { startReceiver, type ReceivedExport, type RunningReceiver } from '../../lib/receiver/server.ts';
import { chunkMetrics } from '../../lib/signals/metrics/chunks.ts';
import type { ExportMetricsServiceRequest } from '../../proto-json/index.ts';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { closedAfter } from '../helpers/receiver.ts';
import { queue } from '../pipeline/support.ts';
import '../../lib/protobuf.ts'; // registers protobuf (protocol 'binary')

failOnUnhandledRejection();

const closing = closedAfter();

/** An embedded receiver (closed after this file) and a metrics client exporting to it over OTLP/HTTP. */
async function clientToReceiver(protocol: 'json' | 'binary'): Promise<{ r: RunningReceiver; requests: ReceivedExport[]; metrics: MetricsClient }> {
  const requests: ReceivedExport[] = [];
  const r = closing(await startReceiver({ onRequest: (e) => requests.push(e) }));
  const metrics = new MetricsClient(MetricsConfig.otlp('test', 'svc', '1', { kind: 'otlp-http', endpoint: `${r.url}/v1/metrics`, protocol }));
  return { r, requests, metrics };
}

function points(requests: ReceivedExport[]): { names: Set<string>; histogramCounts: Map<string, number> } {
  const names = new Set<string>();
  const histogramCounts = new Map<string, number>();
  for (const e of requests) {
    for (const rm of (e.request as ExportMetricsServiceRequest).resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          names.add(m.name!);
          for (const p of m.histogram?.dataPoints ?? []) histogramCounts.set(m.name!, (histogramCounts.get(m.name!) ?? 0) + Number(p.count ?? 0));
        }
      }
    }
  }
  return { names, histogramCounts };
}

describe('metrics at shutdown', () => {
  it('delivers every one of 5,000 distinct metrics of the final collection', async () => {
    const { r, requests, metrics } = await clientToReceiver('binary');
    for (let i = 0; i < 5000; i++) metrics.counter(`codex.distinct_${i}`, 1);
    const res = await metrics.shutdown({ timeoutMs: 20_000 });
    assert.equal(res.ok, true, String(res.error?.cause ?? ''));
    assert.equal(res.dropped, 0);
    assert.equal(res.exported, 5000);
    assert.equal(points(requests).names.size, 5000);
    assert.equal(r.stats().metrics.items, 5000);
    assert.equal(metrics.stats()!.dropped.queue_full, 0);
  });

  it('chunks a collection by metrics and by points, in order', () => {
    const m = (n: number) => ({ points: new Array(n) }) as never;
    const chunks = chunkMetrics([...Array.from({ length: 1000 }, () => m(1)), m(10_000), m(1)]);
    assert.deepEqual(chunks.map((c) => c.length), [512, 489, 1]);
  });
});

describe('invalid measurements', () => {
  it('NaN, negative and infinite durations and non-finite histogram values: dropped, counted, never a fake sample', async () => {
    const { requests, metrics } = await clientToReceiver('json');
    metrics.recordDuration('codex.d', NaN);
    metrics.recordDuration('codex.d', -5);
    metrics.recordDuration('codex.d', Infinity);
    metrics.recordDurationMsF64('codex.d', -0.5);
    metrics.recordDurationSeconds('codex.s', 'secs', NaN);
    metrics.histogram('codex.h', NaN);
    metrics.histogram('codex.h', -Infinity);
    metrics.bind('duration', 'codex.d').record(-1);
    metrics.bind('histogram', 'codex.h').record(Infinity);
    // valid ones still count
    metrics.recordDuration('codex.d', 0);
    metrics.recordDuration('codex.d', 12.9);
    metrics.histogram('codex.h', -3);
    assert.equal(metrics.invalidValues, 9);
    const s = metrics.stats()!;
    assert.equal(s.dropped.invalid_value, 9);
    assert.equal(s.droppedTotal, 9);
    const res = await metrics.shutdown();
    assert.equal(res.dropped, 9);
    const { histogramCounts } = points(requests);
    assert.equal(histogramCounts.get('codex.d'), 2, 'only the two real durations');
    assert.equal(histogramCounts.get('codex.h'), 1);
    assert.equal(histogramCounts.get('codex.s') ?? 0, 0);
  });
});

describe('custom exporter results', () => {
  const bad: unknown[] = [
    { exported: -5, dropped: NaN },
    { exported: 1.5, dropped: 0 },
    { exported: Infinity, dropped: 0 },
    { exported: 99, dropped: 0 },
    { exported: 0, dropped: 3, reason: 'made_up' },
    { exported: 0, dropped: 3, drops: { bogus: 3 } },
    { exported: 3, dropped: 0, requests: -1 },
    { exported: 3, dropped: 0, error: 'not an error' },
    undefined,
    null,
    42,
  ];
  for (const result of bad) {
    it(`counts the batch failed for ${inspect(result)}`, async () => {
      const exporter: Exporter<number> = { export: () => Promise.resolve(result as ExportResult), shutdown: () => Promise.resolve() };
      const p = createBatchPipeline<number>({ signal: 'logs', exporter, queue: queue({ scheduledDelayMs: 0 }) });
      for (let i = 0; i < 3; i++) p.offer(i);
      await p.flush({ timeoutMs: 2000 });
      const s = p.stats();
      assert.equal(s.exported, 0);
      assert.equal(s.dropped.non_retryable, 3);
      assert.equal(s.droppedTotal, 3);
      assert.equal(s.requests, 0);
      assert.match(s.lastError!.message, /invalid result/);
      await p.shutdown();
    });
  }

  it('keeps a valid result, and wraps a plain Error in a typed ExportError', async () => {
    const results: ExportResult[] = [{ exported: 2, dropped: 1, reason: 'rejected_by_server', error: new Error('nope') as never }];
    const exporter: Exporter<number> = { export: () => Promise.resolve(results.shift() ?? { exported: 3, dropped: 0 }), shutdown: () => Promise.resolve() };
    const p = createBatchPipeline<number>({ signal: 'logs', exporter, queue: queue({ scheduledDelayMs: 0, maxExportBatchSize: 3 }) });
    for (let i = 0; i < 6; i++) p.offer(i);
    await p.flush({ timeoutMs: 2000 });
    const s = p.stats();
    assert.equal(s.exported, 5);
    assert.equal(s.dropped.rejected_by_server, 1);
    assert.equal(s.lastError!.name, 'ExportError');
    assert.match(s.lastError!.message, /exporter failed: nope/);
    await p.shutdown();
  });
});
