import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOtlpHttpExporter } from '../../../lib/pipeline/export/otlp-http-exporter.ts';
import { createBatchPipeline } from '../../../lib/pipeline/batching/pipeline.ts';
import type { ExportResult, Exporter } from '../../../lib/contracts.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { receiversClosedAfter } from '../../helpers/receiver.ts';
import { FAST_RETRY, deadPort, dest, encoder, queue, recs, type Rec } from '../support.ts';

failOnUnhandledRejection();

const receiver = receiversClosedAfter();

function httpPipeline(url: string, q = queue(), retry: object = FAST_RETRY, timeoutMs = 2000) {
  const exporter = createOtlpHttpExporter(dest(url, { timeoutMs }), encoder(), { retry });
  return createBatchPipeline<Rec>({ signal: 'traces', exporter, queue: q });
}

describe('batch pipeline', () => {
  it('exports a full batch at once, without waiting for the schedule', async () => {
    const r = await receiver();
    const p = httpPipeline(r.url, queue({ maxExportBatchSize: 100, scheduledDelayMs: 60_000 }));
    for (const x of recs(100)) p.offer(x);
    await r.waitForRequests(1, 2000);
    assert.equal(r.counts().traces, 100);
    await p.shutdown();
  });

  it('exports a partial batch after the scheduled delay', async () => {
    const r = await receiver();
    const p = httpPipeline(r.url, queue({ scheduledDelayMs: 30 }));
    const keep = setInterval(() => {}, 100);
    try {
      for (const x of recs(3)) p.offer(x);
      await r.waitForRequests(1, 2000);
      assert.equal(r.counts().traces, 3);
    } finally {
      clearInterval(keep);
    }
    await p.shutdown();
  });

  it('delivers a 100,000-record burst whole, one request at a time', async () => {
    const r = await receiver();
    const p = httpPipeline(r.url, queue({ maxQueueSize: 100_000, scheduledDelayMs: 60_000 }));
    for (const x of recs(100_000)) assert.equal(p.offer(x), true);
    const res = await p.flush({ timeoutMs: 20_000 });
    assert.deepEqual(res, { exported: 100_000, dropped: 0, timedOut: false });
    assert.equal(r.counts().traces, 100_000);
    assert.equal(r.requests.length, Math.ceil(100_000 / 512));
    const byStart = [...r.requests].sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < byStart.length; i++) {
      assert.ok(byStart[i]!.startedAt >= byStart[i - 1]!.endedAt!, `request ${i} overlapped the previous one`);
    }
    const s = p.stats();
    assert.deepEqual({ enqueued: s.enqueued, exported: s.exported, droppedTotal: s.droppedTotal, queued: s.queued, requests: s.requests }, { enqueued: 100_000, exported: 100_000, droppedTotal: 0, queued: 0, requests: 196 });
    await p.shutdown();
  });

  it('runs up to maxConcurrentExports exports at once when configured', async () => {
    const r = await receiver({ replies: () => ({ status: 200, delayMs: 150 }) });
    const p = httpPipeline(r.url, queue({ maxExportBatchSize: 10, maxConcurrentExports: 2, scheduledDelayMs: 60_000 }));
    for (const x of recs(40)) p.offer(x);
    await p.flush();
    assert.equal(r.counts().traces, 40);
    const [a, b] = r.requests;
    assert.ok(b!.startedAt < a!.endedAt!, 'two requests overlapped');
    await p.shutdown();
  });

  it('drops and counts records offered to a full queue as queue_full', async () => {
    const r = await receiver();
    const p = httpPipeline(r.url, queue({ maxQueueSize: 10, maxExportBatchSize: 10, scheduledDelayMs: 60_000 }));
    // The first 10 fill a batch that leaves on a microtask; offered synchronously, 5 overflow.
    const accepted = recs(15).map((x) => p.offer(x));
    assert.deepEqual(accepted, [...Array(10).fill(true), ...Array(5).fill(false)]);
    const s = p.stats();
    assert.equal(s.dropped.queue_full, 5);
    assert.equal(s.enqueued, 10);
    await p.flush();
    assert.equal(r.counts().traces, 10);
    await p.shutdown();
  });

  it('resolves shutdown within budget + 250 ms against a server that never answers', async () => {
    const r = await receiver({ replies: () => 'hang' });
    const p = httpPipeline(r.url, queue({ scheduledDelayMs: 60_000 }), FAST_RETRY, 10_000);
    for (const x of recs(20)) p.offer(x);
    const t0 = performance.now();
    const res = await p.shutdown({ timeoutMs: 500 });
    const took = performance.now() - t0;
    assert.ok(took <= 750, `took ${took} ms`);
    assert.equal(res.exported, 0);
    assert.equal(res.dropped, 20);
    assert.equal(res.timedOut || res.failed === 1, true);
    assert.ok(r.requests.length >= 1);
  });

  it('retries a refused connection, then counts the drop inside the shutdown budget', async () => {
    const port = await deadPort();
    const p = httpPipeline(`http://127.0.0.1:${port}/v1/traces`, queue({ scheduledDelayMs: 60_000 }));
    for (const x of recs(5)) p.offer(x);
    const t0 = performance.now();
    const res = await p.shutdown({ timeoutMs: 600 });
    assert.ok(performance.now() - t0 <= 850);
    assert.equal(res.dropped, 5);
    assert.equal(res.failed, 1);
    const s = res.signals[0]!;
    assert.equal(s.dropped.retries_exhausted, 5);
    assert.ok(s.retries >= 2, `retries ${s.retries}`);
    assert.equal(s.lastError?.reason, 'retries_exhausted');
  });

  it('cancels a pending backoff at the shutdown deadline instead of waiting it out', async () => {
    const r = await receiver({ replies: () => 503 });
    const p = httpPipeline(r.url, queue({ maxExportBatchSize: 5, scheduledDelayMs: 60_000 }), { initialMs: 5000, maxMs: 5000 });
    for (const x of recs(5)) p.offer(x);
    await r.waitForRequests(1);
    const t0 = performance.now();
    const res = await p.shutdown({ timeoutMs: 300 });
    assert.ok(performance.now() - t0 < 550, 'did not wait for the 5 s backoff');
    assert.equal(res.timedOut, true);
    assert.equal(res.signals[0]!.dropped.shutdown, 5);
  });

  it('delivers what is queued at shutdown and reports it', async () => {
    const r = await receiver();
    const p = httpPipeline(r.url, queue({ scheduledDelayMs: 60_000 }));
    for (const x of recs(1000)) p.offer(x);
    const res = await p.shutdown();
    assert.deepEqual({ exported: res.exported, dropped: res.dropped, failed: res.failed, timedOut: res.timedOut }, { exported: 1000, dropped: 0, failed: 0, timedOut: false });
    assert.equal(r.counts().traces, 1000);
    assert.equal(res.signals[0]!.signal, 'traces');
  });

  it('is idempotent: a second shutdown returns the same promise and result', async () => {
    const r = await receiver();
    const p = httpPipeline(r.url);
    p.offer({ id: 1 });
    const a = p.shutdown();
    const b = p.shutdown({ timeoutMs: 1 });
    assert.equal(a, b);
    assert.equal(await a, await b);
    assert.equal(r.requests.length, 1);
  });

  it('counts records offered after shutdown as dropped (shutdown)', async () => {
    const r = await receiver();
    const p = httpPipeline(r.url);
    await p.shutdown();
    assert.equal(p.offer({ id: 1 }), false);
    assert.equal(p.offer({ id: 2 }), false);
    assert.equal(p.stats().dropped.shutdown, 2);
    assert.deepEqual(await p.flush(), { exported: 0, dropped: 0, timedOut: false });
    assert.equal(r.requests.length, 0);
  });

  it('times out a flush without dropping what is still queued', async () => {
    const r = await receiver({ replies: () => ({ status: 200, delayMs: 300 }) });
    const p = httpPipeline(r.url, queue({ maxExportBatchSize: 10, scheduledDelayMs: 60_000 }));
    for (const x of recs(30)) p.offer(x);
    const res = await p.flush({ timeoutMs: 100 });
    assert.equal(res.timedOut, true);
    const done = await p.flush({ timeoutMs: 5000 });
    assert.equal(done.timedOut, false);
    assert.equal(r.counts().traces, 30);
    await p.shutdown();
  });

  it('counts items with countItems (e.g. metric data points)', async () => {
    const r = await receiver();
    const exporter = createOtlpHttpExporter(dest(r.url, { signal: 'metrics' }), encoder('metrics'), { countItems: (b) => b.length * 2 });
    const p = createBatchPipeline<Rec>({ signal: 'metrics', exporter, queue: queue(), countItems: (b) => b.length * 2 });
    for (const x of recs(4)) p.offer(x);
    await p.flush();
    assert.equal(p.stats().enqueued, 8);
    assert.equal(p.stats().exported, 8);
    await p.shutdown();
  });

  it('does not wedge on an exporter that never settles, nor on one that throws', async () => {
    let calls = 0;
    const stuck: Exporter<Rec> = {
      export(items): Promise<ExportResult> {
        calls++;
        if (calls === 1) return new Promise<ExportResult>(() => {});
        if (calls === 2) throw new Error('sync throw');
        return Promise.resolve({ exported: items.length, dropped: 0 });
      },
      shutdown: () => Promise.resolve(),
    };
    const p = createBatchPipeline<Rec>({ signal: 'logs', exporter: stuck, queue: queue({ maxExportBatchSize: 2, exportTimeoutMs: 100, scheduledDelayMs: 60_000 }) });
    for (const x of recs(6)) p.offer(x);
    const res = await p.flush({ timeoutMs: 3000 });
    assert.equal(res.timedOut, false);
    const s = p.stats();
    assert.equal(s.exported, 2);
    assert.equal(s.dropped.retries_exhausted, 2);
    assert.equal(s.dropped.non_retryable, 2);
    assert.match(s.lastError?.message ?? '', /exporter threw: sync throw|did not settle/);
    await p.shutdown();
  });

  it('reports a flush or shutdown whose export gave up at the deadline as timed out, even when that settles first', async () => {
    // The exporter gives up 2 ms before the batch deadline, as a transport timer due at the same
    // instant as the drain's own deadline timer may: the budget still ran out.
    const atDeadline: Exporter<Rec> = {
      export(items, deadline): Promise<ExportResult> {
        const n = items.length;
        return new Promise((resolve) => setTimeout(() => resolve({ exported: 0, dropped: n, reason: 'retries_exhausted' }), Math.max(0, deadline - Date.now() - 2)));
      },
      shutdown: () => Promise.resolve(),
    };
    const p = createBatchPipeline<Rec>({ signal: 'logs', exporter: atDeadline, queue: queue({ scheduledDelayMs: 60_000 }) });
    for (const x of recs(3)) p.offer(x);
    assert.deepEqual(await p.flush({ timeoutMs: 150 }), { exported: 0, dropped: 3, timedOut: true });
    for (const x of recs(3)) p.offer(x);
    const res = await p.shutdown({ timeoutMs: 150 });
    assert.equal(res.timedOut, true);
    assert.equal(res.dropped, 6);
  });

  it('reports exported, requests, bytes and latency in stats()', async () => {
    const r = await receiver({ replies: [503] });
    const p = httpPipeline(r.url);
    for (const x of recs(3)) p.offer(x);
    await p.flush();
    const s = p.stats();
    assert.equal(s.exported, 3);
    assert.equal(s.requests, 2);
    assert.equal(s.retries, 1);
    assert.equal(s.bytesSent, r.requests.reduce((n, q) => n + q.rawBody.length, 0));
    assert.equal(s.exportLatencyMs.count, 1);
    assert.ok(s.exportLatencyMs.max >= 15, 'includes the backoff');
    assert.ok(Object.isFrozen(s));
    await p.shutdown();
  });
});
