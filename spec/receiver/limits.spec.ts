// Hostile requests against the embedded receiver (real sockets on 127.0.0.1): a small gzip body
// that inflates to tens of millions of empty items, JSON with millions of empty attributes, too
// many items or values for the configured limits, invalid ids and lone surrogates, a trace
// million-span deep. Each is refused (413) or cut out per item (partial success) at a bounded
// cost, the printed output stays linear, and the receiver keeps answering other clients.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { startReceiver, type ReceivedExport, type RunningReceiver } from '../../lib/receiver/server.ts';
import { formatTraces, forEachLine } from '../../lib/receiver/format.ts';
import { streamJson } from '../../lib/cli/receive.ts';
import { decodeRequest, DecodeLimitError, scanJsonBudget } from '../../proto-json/index.ts';
import { decodeProtobufExportResponse, decodeProtobufRequest, encodeTracesProtobuf } from '../../proto-json/protobuf/index.ts';
import type { SpanData } from '../../proto-json/index.ts';
import { createOtlpGrpcExporter } from '../../lib/pipeline/export/otlp-grpc-exporter.ts';
import { span as recordSpan } from '../proto-json/records.ts';
import { failOnUnhandledRejection } from '../helpers/guard.ts';

failOnUnhandledRejection();

const T = '5b8efff798038103d269b633813fc60c';
const S = 'eee19b7ec3c1b174';

interface Reply { status: number; json: any; ms: number; raw: Buffer }

function post(r: RunningReceiver, path: string, body: string | Buffer, headers: Record<string, string>): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, r.url), { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        let json: any;
        try { json = JSON.parse(raw.toString('utf8')); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, json, ms: performance.now() - t0, raw });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const GZIP_JSON = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
const GZIP_PROTO = { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' };

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return out;
}
const field = (no: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([(no << 3) | 2, ...varint(body.length)]), body]);

/** ExportLogsServiceRequest with `n` empty log records (2 bytes each), gzip'ed. */
function emptyLogRecordsBomb(n: number): Buffer {
  const records = Buffer.alloc(2 * n);
  for (let i = 0; i < records.length; i += 2) records[i] = 0x12; // field 2 (logRecords), length 0
  return gzipSync(field(1, field(2, records)), { level: 9 });
}

const span = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ traceId: T, spanId: S, name: 'ok', ...over });
const traces = (spans: unknown[]): string => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

describe('receiver: cost per request is bounded', () => {
  it('refuses a gzip bomb of 20 million empty log records with 413, quickly, and keeps serving', async () => {
    const requests: ReceivedExport[] = [];
    const r = await startReceiver({ onRequest: (e) => requests.push(e) });
    try {
      const bomb = emptyLogRecordsBomb(20_000_000);
      assert.ok(bomb.length < 200_000, `the bomb is small on the wire (${bomb.length} bytes)`);
      const normal = traces([span()]);
      // the hostile request and a normal one at the same time: both answered
      const [hostile, ok] = await Promise.all([
        post(r, '/v1/logs', bomb, GZIP_PROTO),
        post(r, '/v1/traces', normal, JSON_HEADERS),
      ]);
      assert.equal(hostile.status, 413);
      assert.ok(hostile.ms < 15_000, `answered in ${hostile.ms.toFixed(0)} ms`);
      assert.equal(ok.status, 200);
      assert.deepEqual(requests.map((e) => e.signal), ['traces'], 'nothing was handed on (or printed) for the refused request');
      assert.equal(r.stats().logs.refused, 1);
      assert.equal((await post(r, '/v1/traces', normal, JSON_HEADERS)).status, 200, 'still up');
    } finally {
      await r.close();
    }
  });

  it('refuses JSON with 21 million empty attributes before parsing it (413), and keeps serving', async () => {
    const r = await startReceiver();
    try {
      const n = 21_000_000;
      const body = gzipSync(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[${'{},'.repeat(n)}{}]}]}]}]}`, { level: 1 });
      const [hostile, ok] = await Promise.all([
        post(r, '/v1/logs', body, GZIP_JSON),
        post(r, '/v1/traces', traces([span()]), JSON_HEADERS),
      ]);
      assert.equal(hostile.status, 413);
      assert.match(hostile.json.message, /more than \d+ objects and arrays/);
      assert.ok(hostile.ms < 15_000, `answered in ${hostile.ms.toFixed(0)} ms`);
      assert.equal(ok.status, 200);
    } finally {
      await r.close();
    }
  });

  it('applies maxItems and maxValues while decoding: one over → 413, at the limit → 200 (JSON and protobuf)', async () => {
    const r = await startReceiver({ maxItems: 10, maxValues: 20 });
    try {
      assert.equal((await post(r, '/v1/traces', traces(Array.from({ length: 10 }, () => span())), JSON_HEADERS)).status, 200);
      const over = await post(r, '/v1/traces', traces(Array.from({ length: 11 }, () => span())), JSON_HEADERS);
      assert.equal(over.status, 413);
      assert.match(over.json.message, /more than 10 items/);
      const attrs = (k: number): unknown[] => Array.from({ length: k }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }));
      // values: the 18 attributes plus the resourceSpans and scopeSpans entries
      assert.equal((await post(r, '/v1/traces', traces([span({ attributes: attrs(18) })]), JSON_HEADERS)).status, 200);
      const tooMany = await post(r, '/v1/traces', traces([span({ attributes: attrs(19) })]), JSON_HEADERS);
      assert.equal(tooMany.status, 413);
      assert.match(tooMany.json.message, /more than 20 values/);
      // protobuf: eleven empty log records
      const eleven = gzipSync(field(1, field(2, Buffer.from('\x12\x00'.repeat(11), 'latin1'))));
      assert.equal((await post(r, '/v1/logs', eleven, GZIP_PROTO)).status, 413);
      assert.equal(r.stats().traces.refused, 2);
      assert.equal(r.stats().logs.refused, 1);
    } finally {
      await r.close();
    }
  });

  it('over gRPC: RESOURCE_EXHAUSTED, and the exporter counts the batch dropped', async () => {
    const r = await startReceiver({ maxItems: 1, grpcPort: 0 });
    try {
      const ex = createOtlpGrpcExporter<SpanData>(
        { kind: 'otlp-grpc', signal: 'traces', url: r.grpcUrl!, headers: {}, timeoutMs: 2000, compression: 'none', tls: undefined },
        (x) => encodeTracesProtobuf(x),
      );
      const res = await ex.export([recordSpan(), recordSpan()], Date.now() + 3000, new AbortController().signal);
      await ex.shutdown();
      assert.equal(res.exported, 0);
      assert.match(res.error!.message, /RESOURCE_EXHAUSTED: .*more than 1 items/);
      assert.equal(r.stats().traces.refused, 1);
    } finally {
      await r.close();
    }
  });

  it('the decoders throw DecodeLimitError (never caught per item) and the JSON pre-scan refuses deep nesting', () => {
    const limits = { maxItems: 2, maxValues: 3 };
    assert.throws(() => decodeRequest('traces', traces([span(), span(), span()]), { partial: true, limits }), DecodeLimitError);
    const three = field(1, field(2, Buffer.from('\x12\x00'.repeat(3), 'latin1')));
    assert.throws(() => decodeProtobufRequest('logs', three, { partial: true, limits }), (e: unknown) => e instanceof DecodeLimitError && e.limit === 'items');
    assert.throws(() => scanJsonBudget('['.repeat(2000) + ']'.repeat(2000), { maxItems: 1e6, maxValues: 1e6 }), (e: unknown) => e instanceof DecodeLimitError && e.limit === 'depth');
    // brackets inside strings do not count
    scanJsonBudget(JSON.stringify({ s: '{['.repeat(10_000) }), { maxItems: 1, maxValues: 1 });
  });
});

describe('receiver: ids and UTF-8 as strict as the encoder', () => {
  it('rejects, per item, spans with missing or all-zero ids, links without ids, and lone surrogates', async () => {
    const r = await startReceiver();
    try {
      const bad = [
        span({ traceId: undefined }),
        span({ spanId: '' }),
        span({ traceId: '0'.repeat(32) }),
        span({ spanId: '0'.repeat(16) }),
        span({ parentSpanId: '0'.repeat(16) }),
        span({ links: [{ traceId: T }] }),
        span({ name: 'bad \ud800' }),
        span({ attributes: [{ key: 'k\udfff', value: { stringValue: 'v' } }] }),
        span({ attributes: [{ key: 'k', value: { stringValue: 'v\ud800' } }] }),
      ];
      // JSON.stringify writes lone surrogates as \ud800 escapes: what a hostile client sends
      const res = await post(r, '/v1/traces', traces([span(), ...bad, span()]), JSON_HEADERS);
      assert.equal(res.status, 200);
      assert.equal(res.json.partialSuccess.rejectedSpans, String(bad.length));
      assert.equal(r.stats().traces.items, 2);
      // log records: ids optional, but never all zeros
      const logs = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{}, { traceId: '0'.repeat(32) }, { spanId: S, traceId: T }] }] }] });
      const l = await post(r, '/v1/logs', logs, JSON_HEADERS);
      assert.equal(l.json.partialSuccess.rejectedLogRecords, '1');
    } finally {
      await r.close();
    }
  });

  it('protobuf: an all-zero trace id or a missing span id is rejected per item', async () => {
    const r = await startReceiver();
    try {
      const ids = (trace: Buffer, spanId?: Buffer): Buffer => Buffer.concat([field(1, trace), ...(spanId ? [field(2, spanId)] : []), field(5, Buffer.from('n'))]);
      const good = ids(Buffer.from(T, 'hex'), Buffer.from(S, 'hex'));
      const spans = [good, ids(Buffer.alloc(16), Buffer.from(S, 'hex')), ids(Buffer.from(T, 'hex')), good].map((x) => field(2, x));
      const body = gzipSync(field(1, field(2, Buffer.concat(spans))));
      const res = await post(r, '/v1/traces', body, { ...GZIP_PROTO });
      assert.equal(res.status, 200);
      const ps = decodeProtobufExportResponse('traces', new Uint8Array(res.raw));
      assert.equal(ps?.rejected, 2);
      assert.equal(r.stats().traces.items, 2);
    } finally {
      await r.close();
    }
  });

  it('the public decoders stay lenient unless asked to be strict', () => {
    const body = traces([span({ traceId: '0'.repeat(32), name: 'x\ud800' }), { name: 'no ids' }]);
    assert.equal(decodeRequest('traces', body).items, 2);
    assert.equal(decodeRequest('traces', body, { partial: true, strict: true }).rejected, 2);
  });
});

describe('receiver: readable output', () => {
  it('is linear in trace depth: a chain of 5,000 spans prints well under 1 MB', () => {
    const n = 5000;
    const id = (i: number): string => (i + 1).toString(16).padStart(16, '0');
    const chain = Array.from({ length: n }, (_, i) => ({ traceId: T, spanId: id(i), ...(i > 0 ? { parentSpanId: id(i - 1) } : {}), name: `s${i}`, startTimeUnixNano: String(1e18 + i) }));
    const request = decodeRequest('traces', traces(chain)).request;
    const lines = formatTraces(request);
    assert.equal(lines.length, n);
    const total = lines.reduce((a, l) => a + l.length, 0);
    assert.ok(total < 1_000_000, `printed ${total} chars`);
    assert.match(lines[n - 1]!, /└\[4999\] s4999/);
    assert.match(lines[3]!, /^span {3}5b8efff7 {5}└ s3/);
  });

  it('a chain of 100,000 spans is printed line by line without overflowing the stack', () => {
    const n = 100_000;
    const id = (i: number): string => (i + 1).toString(16).padStart(16, '0');
    const spans = Array.from({ length: n }, (_, i) => ({ traceId: T, spanId: id(i), parentSpanId: i > 0 ? id(i - 1) : '', name: 's' }));
    let count = 0;
    forEachLine({ signal: 'traces', request: { resourceSpans: [{ scopeSpans: [{ spans }] }] }, items: n, rejected: 0, bytes: 0, time: new Date() }, () => count++);
    assert.equal(count, n);
  });

  it('--jsonl streams a request in pieces that join to exactly what JSON.stringify writes', () => {
    const request = decodeRequest('traces', traces([span({ attributes: [{ key: 'a', value: { arrayValue: { values: [{ intValue: '1' }, {}] } } }] }), span()])).request;
    const value = { n: 1, big: 5n, skip: undefined, list: [undefined, null, 'x'], request };
    const chunks: string[] = [];
    streamJson(value, (c) => chunks.push(c));
    assert.equal(chunks.join(''), JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    const many: string[] = [];
    streamJson(Array.from({ length: 50_000 }, (_, i) => ({ i })), (c) => many.push(c));
    assert.ok(many.length > 1 && many.every((c) => c.length < 70_000), 'no single piece holds the whole value');
  });
});
