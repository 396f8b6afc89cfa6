import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordQueue } from '../../../lib/pipeline/batching/queue.ts';
import { ChunkedFifo } from '../../../lib/pipeline/batching/fifo.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { queue } from '../support.ts';

failOnUnhandledRejection();

describe('ChunkedFifo', () => {
  it('is FIFO across wrap-around and growth, and refuses pushes past capacity', () => {
    const q = new ChunkedFifo<number>(3000);
    let next = 0;
    let expect = 0;
    for (let round = 0; round < 20; round++) {
      while (q.size < 2500) assert.equal(q.push(next++), true);
      for (const v of q.take(700)) assert.equal(v, expect++);
    }
    while (q.size < 3000) q.push(next++);
    assert.equal(q.push(-1), false);
    assert.equal(q.size, 3000);
    const rest = q.take(10_000);
    assert.equal(rest.length, 3000);
    assert.equal(rest[0], expect);
    assert.equal(rest[2999], next - 1);
    assert.equal(q.size, 0);
  });
});

describe('ChunkedFifo across chunk boundaries', () => {
  it('matches a plain array model under random pushes and takes', () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (const cap of [1, 3, 1024, 1025, 5000]) {
      const q = new ChunkedFifo<number>(cap);
      const model: number[] = [];
      let next = 0;
      for (let step = 0; step < 400; step++) {
        const pushes = rand(3000);
        for (let k = 0; k < pushes; k++) {
          const ok = q.push(next);
          assert.equal(ok, model.length < cap);
          if (ok) model.push(next);
          next++;
        }
        const n = rand(2500);
        assert.deepEqual(q.take(n), model.splice(0, n));
        assert.equal(q.size, model.length);
      }
    }
  });
});

describe('RecordQueue', () => {
  it('cuts batches of maxExportBatchSize and keeps one export in flight by default', async () => {
    const batches: number[][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const bq = new RecordQueue<number>(queue({ maxExportBatchSize: 4, scheduledDelayMs: 60_000 }), async (b) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      batches.push(b.records!);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    });
    for (let i = 0; i < 10; i++) bq.offer(i);
    assert.equal(await bq.drain(Date.now() + 2000), true);
    assert.deepEqual(batches, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    assert.equal(maxInFlight, 1);
  });

  it('gives each batch a deadline capped by a pending drain', async () => {
    const deadlines: number[] = [];
    const bq = new RecordQueue<number>(queue({ exportTimeoutMs: 60_000, scheduledDelayMs: 60_000 }), async (_b, d) => {
      deadlines.push(d);
    });
    bq.offer(1);
    const cap = Date.now() + 1234;
    await bq.drain(cap);
    assert.deepEqual(deadlines, [cap]);
  });

  it('resolves a drain false at its deadline and keeps the records', async () => {
    const bq = new RecordQueue<number>(queue({ maxExportBatchSize: 1, scheduledDelayMs: 60_000 }), () => new Promise<void>((r) => setTimeout(r, 300)));
    bq.offer(1);
    bq.offer(2);
    assert.equal(await bq.drain(Date.now() + 50), false);
    assert.equal(bq.size, 1);
    assert.deepEqual(bq.discardAll(), { records: [2], prepared: [] });
  });

  it('refuses offers after close()', () => {
    const bq = new RecordQueue<number>(queue(), () => Promise.resolve());
    bq.close();
    assert.equal(bq.offer(1), false);
    assert.equal(bq.size, 0);
  });

  it('clamps the batch size to the queue size', async () => {
    const batches: number[][] = [];
    const bq = new RecordQueue<number>(queue({ maxQueueSize: 3, maxExportBatchSize: 512 }), async (b) => {
      batches.push(b.records!);
    });
    for (let i = 0; i < 3; i++) bq.offer(i);
    await bq.drain(Date.now() + 1000);
    assert.deepEqual(batches, [[0, 1, 2]]);
  });
});

describe('RecordQueue with eager encoding', () => {
  const prepare = (records: number[]) => ({ records: records.length, items: records.length, ids: records.slice() });

  it('prepares full batches after the caller\'s turn and sends them before the partial rest', async () => {
    const sent: unknown[] = [];
    const bq = new RecordQueue<number>(queue({ maxExportBatchSize: 3, scheduledDelayMs: 60_000 }), async (w) => {
      sent.push(w.prepared !== undefined ? { prepared: (w.prepared as ReturnType<typeof prepare>).ids } : { records: w.records });
    }, prepare);
    for (let i = 0; i < 7; i++) bq.offer(i);
    assert.equal(bq.size, 7);
    await bq.drain(Date.now() + 1000);
    assert.deepEqual(sent, [{ prepared: [0, 1, 2] }, { prepared: [3, 4, 5] }, { records: [6] }]);
  });

  it('never encodes on the caller\'s stack: the offer that completes a batch returns before prepare runs', async () => {
    const calls: number[][] = [];
    const exported: unknown[] = [];
    const bq = new RecordQueue<number>(queue({ maxExportBatchSize: 4, scheduledDelayMs: 60_000 }), async (w) => {
      exported.push((w.prepared as ReturnType<typeof prepare> | undefined)?.ids ?? w.records);
    }, (records) => {
      calls.push(records.slice());
      return prepare(records);
    });
    for (let i = 0; i < 4; i++) assert.equal(bq.offer(i), true);
    assert.deepEqual(calls, [], 'prepare ran inside offer()');
    await Promise.resolve(); // not in a microtask of the caller's turn either
    assert.deepEqual(calls, []);
    assert.deepEqual(exported, []);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls, [[0, 1, 2, 3]]);
    await bq.drain(Date.now() + 1000);
    assert.deepEqual(exported, [[0, 1, 2, 3]]);
  });

  it('keeps at most 4 encoded batches ready behind the export in flight, and encodes more as exports settle', async () => {
    let calls = 0;
    const settle: (() => void)[] = [];
    const bq = new RecordQueue<number>(queue({ maxQueueSize: 100, maxExportBatchSize: 2, scheduledDelayMs: 60_000 }), () => new Promise<void>((r) => settle.push(r)), (records) => {
      calls++;
      return prepare(records);
    });
    for (let i = 0; i < 40; i++) bq.offer(i);
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    assert.equal(calls, 5, 'one batch in flight + 4 ready; the rest stays as records');
    assert.equal(bq.size, 38);
    settle.shift()!();
    await new Promise((r) => setImmediate(r));
    assert.equal(calls, 6);
    assert.equal(bq.size, 36);
  });

  it('counts prepared records against maxQueueSize and returns them from discardAll', async () => {
    const bq = new RecordQueue<number>(queue({ maxQueueSize: 6, maxExportBatchSize: 2, scheduledDelayMs: 60_000 }), () => new Promise<void>(() => {}), prepare);
    const ok = [1, 2, 3, 4, 5, 6, 7].map((x) => bq.offer(x));
    assert.deepEqual(ok, [true, true, true, true, true, true, false]);
    // After the caller's turn: [1, 2] goes out (and never settles), [3, 4] and [5, 6] are prepared.
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    assert.equal(bq.size, 4, 'prepared records still count as queued');
    assert.deepEqual([8, 9, 10].map((x) => bq.offer(x)), [true, true, false]);
    const d = bq.discardAll();
    assert.deepEqual(d.records, [8, 9]);
    assert.deepEqual(d.prepared.map((p) => (p as ReturnType<typeof prepare>).ids), [[3, 4], [5, 6]]);
    assert.equal(bq.size, 0);
  });
});

describe('RecordQueue when prepare throws', () => {
  it('never throws from offer() and exports the raw records instead', async () => {
    const sent: unknown[] = [];
    const bq = new RecordQueue<number>(queue({ maxExportBatchSize: 2, scheduledDelayMs: 60_000 }), async (w) => {
      sent.push(w.records ?? 'prepared');
    }, () => {
      throw new Error('encoder bug');
    });
    assert.equal(bq.offer(1), true);
    assert.equal(bq.offer(2), true);
    assert.equal(await bq.drain(Date.now() + 1000), true);
    assert.deepEqual(sent, [[1, 2]]);
  });
});
