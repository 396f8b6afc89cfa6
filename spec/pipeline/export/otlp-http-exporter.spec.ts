import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createOtlpHttpExporter } from '../../../lib/pipeline/export/otlp-http-exporter.ts';
import { setDiagnosticHandler } from '../../../lib/platform/diag.ts';
import { ConfigError } from '../../../lib/errors.ts';
import type { ExportResult } from '../../../lib/contracts.ts';
import { resolveOtlpHttpExporter } from '../../../lib/config/otlp-http.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { receiversClosedAfter, type Receiver } from '../../helpers/receiver.ts';
import { FAST_RETRY, deadPort, dest, encoder, holdOpenForFile, recs, type Rec } from '../support.ts';
import '../../../lib/protobuf.ts'; // registers protobuf (Status bodies, protocol 'binary')

failOnUnhandledRejection();

holdOpenForFile();
const receiver = receiversClosedAfter();

/** The batch delivered but one record, which is counted dropped for `reason`. */
function assertOneDropped(res: ExportResult, r: Receiver, delivered: number, reason: string): void {
  assert.equal(res.exported, delivered);
  assert.equal(res.dropped, 1);
  assert.deepEqual(res.drops, { [reason]: 1 });
  assert.equal(r.counts().traces, delivered);
}

const never = new AbortController().signal;
const soon = (ms = 5000): number => Date.now() + ms;

describe('OTLP/HTTP exporter', () => {
  it('POSTs one JSON request with content type and user agent, and counts the batch exported', async () => {
    const r = await receiver();
    const ex = createOtlpHttpExporter(dest(`${r.url}/v1/traces`), encoder());
    const res = await ex.export(recs(10), soon(), never);
    assert.deepEqual({ exported: res.exported, dropped: res.dropped, requests: res.requests, retries: res.retries }, { exported: 10, dropped: 0, requests: 1, retries: 0 });
    assert.equal(r.requests.length, 1);
    const q = r.requests[0]!;
    assert.equal(q.method, 'POST');
    assert.equal(q.path, '/v1/traces');
    assert.equal(q.headers['content-type'], 'application/json');
    assert.equal(q.headers['user-agent'], 'otlp-lite/0.1.0');
    assert.equal(q.headers['content-encoding'], undefined);
    assert.equal(res.bytesSent, q.rawBody.length);
    assert.deepEqual(r.counts(), { traces: 10, logs: 0, metrics: 0 });
    await ex.shutdown();
  });

  it('sends configured headers and prefixes a configured user agent', async () => {
    const r = await receiver();
    const d = dest(`${r.url}/v1/logs`, { signal: 'logs', headers: { 'x-api-key': 'k-123', Authorization: 'Bearer t', 'user-agent': 'my-cli/2.0' } });
    const ex = createOtlpHttpExporter(d, encoder('logs'));
    await ex.export(recs(3), soon(), never);
    const h = r.requests[0]!.headers;
    assert.equal(h['x-api-key'], 'k-123');
    assert.equal(h['authorization'], 'Bearer t');
    assert.equal(h['user-agent'], 'my-cli/2.0 otlp-lite/0.1.0');
    assert.deepEqual(r.counts(), { traces: 0, logs: 3, metrics: 0 });
    await ex.shutdown();
  });

  it('sends headers from settings and from OTEL_EXPORTER_OTLP_[TRACES_]HEADERS, settings winning', async () => {
    const r = await receiver();
    const env = { OTEL_EXPORTER_OTLP_HEADERS: 'x-generic=g,x-both=from-env', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-signal=%20a%20b%20, bad-entry' };
    const d = resolveOtlpHttpExporter('traces', { kind: 'otlp-http', endpoint: `${r.url}/custom/path`, protocol: 'json', headers: { 'x-both': 'from-settings', 'x-settings': 's' } }, env);
    const ex = createOtlpHttpExporter(d, encoder());
    assert.equal((await ex.export(recs(1), soon(), never)).exported, 1);
    const q = r.requests[0]!;
    assert.equal(q.path, '/custom/path');
    assert.equal(q.headers['x-generic'], 'g');
    assert.equal(q.headers['x-signal'], 'a b');
    assert.equal(q.headers['x-both'], 'from-settings');
    assert.equal(q.headers['x-settings'], 's');
    assert.equal(q.headers['user-agent'], 'otlp-lite/0.1.0');
    await ex.shutdown();
  });

  it('sets application/x-protobuf for the binary protocol', async () => {
    const r = await receiver();
    const ex = createOtlpHttpExporter(dest(r.url, { protocol: 'binary' }), () => new Uint8Array([0x0a, 0x00]));
    const res = await ex.export(recs(1), soon(), never);
    assert.equal(res.exported, 1);
    assert.equal(r.requests[0]!.headers['content-type'], 'application/x-protobuf');
    assert.deepEqual([...r.requests[0]!.body], [0x0a, 0x00]);
    await ex.shutdown();
  });

  it('gzips the body when compression is gzip, and it decodes at the receiver', async () => {
    const r = await receiver();
    const ex = createOtlpHttpExporter(dest(r.url, { compression: 'gzip' }), encoder());
    const res = await ex.export(recs(200), soon(), never);
    assert.equal(res.exported, 200);
    const q = r.requests[0]!;
    assert.equal(q.headers['content-encoding'], 'gzip');
    assert.ok(q.rawBody.length < q.body.length, 'compressed body is smaller');
    assert.deepEqual(JSON.parse(gunzipSync(q.rawBody).toString()), JSON.parse(Buffer.from(encoder()(recs(200))).toString()));
    assert.equal(r.counts().traces, 200);
    assert.equal(res.bytesSent, q.rawBody.length);
    await ex.shutdown();
  });

  it('retries 503 twice, then delivers exactly once', async () => {
    const r = await receiver({ replies: [503, 503, 200] });
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { retry: FAST_RETRY });
    const res = await ex.export(recs(7), soon(), never);
    assert.equal(res.exported, 7);
    assert.equal(res.dropped, 0);
    assert.equal(res.requests, 3);
    assert.equal(res.retries, 2);
    assert.equal(r.requests.length, 3);
    assert.deepEqual(r.counts(), { traces: 7, logs: 0, metrics: 0 });
    await ex.shutdown();
  });

  it('honours Retry-After: 1 on a 429 instead of the computed backoff', async () => {
    const r = await receiver({ replies: [{ status: 429, headers: { 'retry-after': '1' } }] });
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { retry: FAST_RETRY });
    const res = await ex.export(recs(2), soon(), never);
    assert.equal(res.exported, 2);
    assert.equal(r.requests.length, 2);
    const gap = r.requests[1]!.startedAt - r.requests[0]!.endedAt!;
    assert.ok(gap >= 950, `waited ${gap} ms`);
    await ex.shutdown();
  });

  it('gives up on a Retry-After that ends past the deadline without waiting it out', async () => {
    const r = await receiver({ replies: [{ status: 503, headers: { 'retry-after': '30' } }] });
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { retry: FAST_RETRY });
    const t0 = Date.now();
    const res = await ex.export(recs(2), soon(2000), never);
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(res.dropped, 2);
    assert.equal(res.reason, 'retries_exhausted');
    assert.equal(res.error?.status, 503);
    await ex.shutdown();
  });

  it('does not retry a 400 and counts the batch as non_retryable with status and message', async () => {
    const r = await receiver({ replies: [{ status: 400, body: JSON.stringify({ code: 3, message: `bad data ${'x'.repeat(2000)}` }) }] });
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { retry: FAST_RETRY });
    const res = await ex.export(recs(4), soon(), never);
    assert.equal(r.requests.length, 1);
    assert.deepEqual({ exported: res.exported, dropped: res.dropped, reason: res.reason }, { exported: 0, dropped: 4, reason: 'non_retryable' });
    assert.equal(res.error?.status, 400);
    assert.equal(res.error?.attempts, 1);
    assert.equal(res.error?.retryable, false);
    assert.match(res.error?.message ?? '', /HTTP 400: bad data x+/);
    assert.ok((res.error?.message.length ?? 0) < 400, 'message truncated');
    await ex.shutdown();
  });

  it('does not retry other 4xx/5xx statuses', async () => {
    const r = await receiver({ replies: [401, 500, 413] });
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { retry: FAST_RETRY });
    for (const status of [401, 500, 413]) {
      const res = await ex.export(recs(1), soon(), never);
      assert.equal(res.reason, 'non_retryable');
      assert.equal(res.error?.status, status);
    }
    assert.equal(r.requests.length, 3);
    await ex.shutdown();
  });

  for (const rejected of ['3', 3] as const) {
    it(`counts a partial success (rejected as ${typeof rejected}) as rejected_by_server and does not retry`, async () => {
      const body = JSON.stringify({ partialSuccess: { rejectedSpans: rejected, errorMessage: 'too old' } });
      const r = await receiver({ replies: [{ status: 200, body }] });
      const ex = createOtlpHttpExporter(dest(r.url), encoder(), { retry: FAST_RETRY });
      const res = await ex.export(recs(10), soon(), never);
      assert.equal(r.requests.length, 1);
      assert.equal(res.exported, 7);
      assert.equal(res.dropped, 3);
      assert.equal(res.reason, 'rejected_by_server');
      assert.match(res.error?.message ?? '', /rejected 3 of 10 items: too old/);
      await ex.shutdown();
    });
  }

  it('treats a partial success with nothing rejected as a warning only', async () => {
    const seen: string[] = [];
    setDiagnosticHandler((_l, m) => seen.push(m));
    try {
      const r = await receiver({ replies: [{ status: 200, body: '{"partialSuccess":{"errorMessage":"slow down"}}' }] });
      const ex = createOtlpHttpExporter(dest(r.url), encoder());
      const res = await ex.export(recs(5), soon(), never);
      assert.deepEqual({ exported: res.exported, dropped: res.dropped }, { exported: 5, dropped: 0 });
      assert.ok(seen.some((m) => m.includes('slow down')));
      await ex.shutdown();
    } finally {
      setDiagnosticHandler(undefined);
    }
  });

  it('retries a refused connection, then counts a drop before the deadline', async () => {
    const port = await deadPort();
    const ex = createOtlpHttpExporter(dest(`http://127.0.0.1:${port}/v1/traces`), encoder(), { retry: FAST_RETRY });
    const t0 = Date.now();
    const res = await ex.export(recs(3), soon(600), never);
    const took = Date.now() - t0;
    assert.ok(took <= 700, `took ${took} ms`);
    assert.equal(res.dropped, 3);
    assert.equal(res.reason, 'retries_exhausted');
    assert.ok((res.requests ?? 0) >= 3, `requests ${res.requests}`);
    assert.equal(res.error?.retryable, true);
    assert.match(res.error?.message ?? '', /ECONNREFUSED/);
    await ex.shutdown();
  });

  it('stops after the maximum number of retries', async () => {
    const r = await receiver({ replies: () => 503 });
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { retry: { initialMs: 1, maxMs: 2, maxRetries: 3 } });
    const res = await ex.export(recs(1), soon(), never);
    assert.equal(res.requests, 4);
    assert.equal(res.reason, 'retries_exhausted');
    await ex.shutdown();
  });

  it('retries a connection reset before any answer', async () => {
    const r = await receiver({ replies: ['reset', 200] });
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { retry: FAST_RETRY });
    const res = await ex.export(recs(2), soon(), never);
    assert.equal(res.exported, 2);
    assert.equal(r.requests.length, 2);
    await ex.shutdown();
  });

  it('retries a connection reset in the middle of a 200 response', async () => {
    const r = await receiver({ replies: ['reset-mid-response', 200] });
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { retry: FAST_RETRY });
    const res = await ex.export(recs(2), soon(), never);
    assert.deepEqual({ exported: res.exported, dropped: res.dropped, requests: res.requests }, { exported: 2, dropped: 0, requests: 2 });
    assert.equal(r.counts().traces, 2);
    await ex.shutdown();
  });

  it('times a silent server out per request and retries', async () => {
    const r = await receiver({ replies: ['hang', 200] });
    const ex = createOtlpHttpExporter(dest(r.url, { timeoutMs: 300 }), encoder(), { retry: FAST_RETRY });
    const t0 = Date.now();
    const res = await ex.export(recs(2), soon(), never);
    assert.equal(res.exported, 2);
    assert.equal(res.retries, 1);
    assert.ok(Date.now() - t0 >= 290);
    await ex.shutdown();
  });

  it('never lets a request outlive the batch deadline', async () => {
    const r = await receiver({ replies: () => 'hang' });
    const ex = createOtlpHttpExporter(dest(r.url, { timeoutMs: 10_000 }), encoder(), { retry: FAST_RETRY });
    const t0 = Date.now();
    const res = await ex.export(recs(2), soon(400), never);
    const took = Date.now() - t0;
    assert.ok(took < 650, `took ${took} ms`);
    assert.equal(res.reason, 'retries_exhausted');
    assert.match(res.error?.message ?? '', /ERR_REQUEST_TIMEOUT/);
    await ex.shutdown();
  });

  it('resolves promptly with a shutdown drop when aborted during a backoff', async () => {
    const r = await receiver({ replies: () => 503 });
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { retry: { initialMs: 5000, maxMs: 5000 } });
    const ac = new AbortController();
    const t0 = Date.now();
    const p = ex.export(recs(2), soon(20_000), ac.signal);
    await r.waitForRequests(1);
    setTimeout(() => ac.abort(), 50);
    const res = await p;
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(res.reason, 'shutdown');
    assert.equal(res.dropped, 2);
    await ex.shutdown();
  });

  it('splits a request body over the size limit and never sends one oversize', async () => {
    const r = await receiver();
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { maxRequestBytes: 1000 });
    const res = await ex.export(recs(300), soon(), never);
    assert.equal(res.exported, 300);
    assert.ok(r.requests.length >= 4, `requests ${r.requests.length}`);
    for (const q of r.requests) assert.ok(q.body.length <= 1000, `body ${q.body.length}`);
    const ids = r.requests.flatMap((q) => q.json.resourceSpans[0].scopeSpans[0].spans.map((s: Rec) => s.id));
    assert.deepEqual(ids, recs(300).map((x) => x.id));
    await ex.shutdown();
  });

  it('drops and counts a single record too large to send alone', async () => {
    const r = await receiver();
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { maxRequestBytes: 2000 });
    const items: Rec[] = [...recs(5), { id: 99, pad: 'x'.repeat(5000) }, ...recs(5, 5)];
    const res = await ex.export(items, soon(), never);
    assertOneDropped(res, r, 10, 'too_large');
    await ex.shutdown();
  });

  it('counts an encoder failure instead of throwing', async () => {
    const ex = createOtlpHttpExporter(dest('http://127.0.0.1:9/'), () => {
      throw new Error('boom');
    });
    const res = await ex.export(recs(2), soon(), never);
    assert.equal(res.reason, 'non_retryable');
    assert.match(res.error?.message ?? '', /encoding failed: boom/);
    await ex.shutdown();
  });

  it('drops only the record whose encoding throws and delivers the rest of its batch', async () => {
    const r = await receiver();
    const base = encoder();
    const ex = createOtlpHttpExporter(dest(r.url), (items: readonly Rec[]) => {
      if (items.some((i) => i.id === 99)) throw new Error('hostile getter');
      return base(items);
    });
    const items: Rec[] = [...recs(6), { id: 99 }, ...recs(6, 6)];
    const res = await ex.export(items, soon(), never);
    assertOneDropped(res, r, 12, 'non_retryable');
    await ex.shutdown();
  });

  it('accepts a 200 whose body is over the response limit without parsing it', async () => {
    const r = await receiver({ replies: [{ status: 200, body: `{"partialSuccess":{"rejectedSpans":"1","errorMessage":"${'y'.repeat(5000)}"}}` }] });
    const ex = createOtlpHttpExporter(dest(r.url), encoder(), { maxResponseBytes: 1024 });
    const res = await ex.export(recs(3), soon(), never);
    assert.deepEqual({ exported: res.exported, dropped: res.dropped }, { exported: 3, dropped: 0 });
    await ex.shutdown();
  });

  it('counts batches offered after shutdown as dropped (shutdown)', async () => {
    const r = await receiver();
    const ex = createOtlpHttpExporter(dest(r.url), encoder());
    await ex.export(recs(1), soon(), never);
    await ex.shutdown();
    await ex.shutdown();
    const res = await ex.export(recs(2), soon(), never);
    assert.deepEqual({ dropped: res.dropped, reason: res.reason }, { dropped: 2, reason: 'shutdown' });
    assert.equal(r.requests.length, 1);
  });

  it('keeps header values out of error messages and diagnostics', async () => {
    const seen: string[] = [];
    setDiagnosticHandler((_l, m) => seen.push(m));
    try {
      const r = await receiver({ replies: [400, 503] });
      const ex = createOtlpHttpExporter(dest(r.url, { headers: { authorization: 'Bearer SECRET-TOKEN-123' } }), encoder(), { retry: FAST_RETRY });
      const a = await ex.export(recs(1), soon(), never);
      const b = await ex.export(recs(1), soon(), never);
      const port = await deadPort();
      const ex2 = createOtlpHttpExporter(dest(`http://127.0.0.1:${port}`, { headers: { 'x-key': 'SECRET-TOKEN-123' } }), encoder(), { retry: FAST_RETRY });
      const c = await ex2.export(recs(1), soon(200), never);
      const text = [a.error?.message, b.error?.message, c.error?.message, ...seen].join('\n');
      assert.ok(seen.length > 0);
      assert.ok(!text.includes('SECRET-TOKEN-123'), text);
      await ex.shutdown();
      await ex2.shutdown();
    } finally {
      setDiagnosticHandler(undefined);
    }
  });

  it('writes one debug line per export with signal, items, status, attempts, bytes and ms', async () => {
    const seen: { level: string; message: string }[] = [];
    setDiagnosticHandler((level, message) => seen.push({ level, message }));
    try {
      const r = await receiver({ replies: [503, 200] });
      const ex = createOtlpHttpExporter(dest(r.url, { signal: 'logs' }), encoder('logs'), { retry: FAST_RETRY });
      await ex.export(recs(4), soon(), never);
      const debug = seen.filter((d) => d.level === 'debug');
      assert.equal(debug.length, 1);
      assert.match(debug[0]!.message, /^logs export: items=4 records=4 status=200 attempts=2 bytes=\d+ ms=\d+ ok$/);
      await ex.shutdown();
    } finally {
      setDiagnosticHandler(undefined);
    }
  });

  it('throws a ConfigError at construction for a bad URL or a certificate without its key', () => {
    assert.throws(() => createOtlpHttpExporter(dest('not a url'), encoder()), ConfigError);
    assert.throws(() => createOtlpHttpExporter(dest('ftp://x/'), encoder()), ConfigError);
    assert.throws(() => createOtlpHttpExporter(dest('https://x/', { tls: { cert: 'C' } }), encoder()), /clientCertificate and clientPrivateKey must be given together/);
  });
});
