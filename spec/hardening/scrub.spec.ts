// A server that echoes the API key (a 401 body `Incorrect API key provided: <key>`, a gRPC
// message, a partialSuccess message, a key cut in half by truncation) never gets it into an
// error, a diagnostic or stats().lastError: every configured header value is scrubbed first.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOtlpHttpExporter } from '../../lib/pipeline/export/otlp-http-exporter.ts';
import { createOtlpGrpcExporter } from '../../lib/pipeline/export/otlp-grpc-exporter.ts';
import { createBatchPipeline } from '../../lib/pipeline/batching/pipeline.ts';
import { scrubSecrets, secretsOf } from '../../lib/pipeline/export/response.ts';
import { setDiagnosticHandler } from '../../lib/platform/diag.ts';
import { encodeTracesProtobuf, type SpanData } from '../../proto-json/index.ts';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { receiversClosedAfter, type Reply } from '../helpers/receiver.ts';
import { dest, encoder, FAST_RETRY, recs, queue, type Rec } from '../pipeline/support.ts';
import { startGrpcLoopback } from '../proto-json/protobuf/grpc-loopback.ts';
import { span } from '../proto-json/records.ts';

failOnUnhandledRejection();
// The exporters' timers are unref'ed; these specs call them directly, so they hold the process open.
const keepAlive = setInterval(() => {}, 1000);
after(() => clearInterval(keepAlive));
const receiver = receiversClosedAfter();

const KEY = 'sk-proj-Zq81bWm2LkT4vXy9QaR7uN3e';
const STATSIG = 'secret-statsig-9f8e7d6c5b4a';
const HEADERS = { 'x-api-key': KEY, authorization: `Bearer ${KEY}`, 'statsig-api-key': STATSIG };
const never = new AbortController().signal;

function captureDiagnostics(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  setDiagnosticHandler((_level, msg) => lines.push(msg));
  return { lines, stop: () => setDiagnosticHandler(undefined) };
}

function assertClean(texts: unknown[]): void {
  for (const t of texts) {
    if (t === undefined) continue;
    const s = typeof t === 'string' ? t : t instanceof Error ? `${t.message} ${String((t as { cause?: unknown }).cause ?? '')}` : JSON.stringify(t);
    assert.ok(!s.includes(KEY.slice(0, 8)) && !s.includes(STATSIG.slice(0, 10)), `leaked: ${s}`);
  }
}

async function exportAgainst(replies: Reply[]): Promise<{ error: Error | undefined; diag: string[]; lastError: Error | undefined }> {
  const r = await receiver({ replies });
  const d = captureDiagnostics();
  try {
    const pipeline = createBatchPipeline<Rec>({
      signal: 'traces',
      exporter: createOtlpHttpExporter(dest(`${r.url}/v1/traces`, { headers: HEADERS }), encoder(), { retry: FAST_RETRY }),
      queue: queue({ scheduledDelayMs: 0 }),
    });
    for (const x of recs(3)) pipeline.offer(x);
    await pipeline.flush({ timeoutMs: 5000 });
    const lastError = pipeline.stats().lastError;
    await pipeline.shutdown({ timeoutMs: 1000 });
    return { error: lastError, diag: d.lines, lastError };
  } finally {
    d.stop();
  }
}

describe('server text is scrubbed of configured header values', () => {
  it('a 401 JSON Status echoing the key: not in the error, the warning or stats().lastError', async () => {
    const out = await exportAgainst([{ status: 401, body: JSON.stringify({ code: 16, message: `Incorrect API key provided: ${KEY}. Check statsig ${STATSIG}` }) }]);
    assert.ok(out.lastError !== undefined);
    assert.match(out.lastError.message, /HTTP 401: Incorrect API key provided: \[REDACTED\]\. Check statsig \[REDACTED\]/);
    assert.ok(out.diag.some((l) => l.includes('Incorrect API key provided: [REDACTED]')), 'the drop was reported');
    assertClean([out.lastError, ...out.diag]);
  });

  it('a plain-text body where truncation cuts the key in half: the half is scrubbed too', async () => {
    const body = `${'x'.repeat(230)} key=${KEY} and more text after it`;
    const out = await exportAgainst([{ status: 403, body, headers: { 'content-type': 'text/plain' } }]);
    assert.match(out.lastError!.message, /\[REDACTED\]\.\.\.$/);
    assertClean([out.lastError, ...out.diag]);
  });

  it('a partialSuccess message echoing the key (rejected items, and a warning-only message)', async () => {
    const rejected = await exportAgainst([{ status: 200, body: JSON.stringify({ partialSuccess: { rejectedSpans: '1', errorMessage: `bad span for ${KEY}` } }) }]);
    assert.match(rejected.lastError!.message, /bad span for \[REDACTED\]/);
    assertClean([rejected.lastError, ...rejected.diag]);
    const warning = await exportAgainst([{ status: 200, body: JSON.stringify({ partialSuccess: { errorMessage: `deprecated key ${KEY}` } }) }]);
    assert.ok(warning.diag.some((l) => l.includes('server warning: deprecated key [REDACTED]')));
    assertClean([warning.lastError, ...warning.diag]);
  });

  it('a gRPC status message echoing the metadata value', async () => {
    const server = await startGrpcLoopback([{ code: 16, message: `UNAUTHENTICATED: key ${KEY} revoked` }]);
    const d = captureDiagnostics();
    try {
      const ex = createOtlpGrpcExporter<SpanData>(
        { kind: 'otlp-grpc', signal: 'traces', url: server.url, headers: HEADERS, timeoutMs: 2000, compression: 'none', tls: undefined },
        (s) => encodeTracesProtobuf(s),
        { retry: FAST_RETRY },
      );
      const res = await ex.export([span()], Date.now() + 3000, never);
      await ex.shutdown();
      assert.match(res.error!.message, /key \[REDACTED\] revoked/);
      assertClean([res.error, ...d.lines]);
    } finally {
      d.stop();
      await server.close();
    }
  });

  it('scrubSecrets: values, bearer tokens, percent-encoded forms, a cut-off tail; short values left alone', () => {
    const secrets = secretsOf({ a: 'Bearer tok-123456789', b: 'k e y/with space', c: 'no' });
    assert.equal(scrubSecrets('got tok-123456789', secrets), 'got [REDACTED]');
    assert.equal(scrubSecrets('got k%20e%20y%2Fwith%20space', secrets), 'got [REDACTED]');
    assert.equal(scrubSecrets('cut tok-1234...', secrets), 'cut [REDACTED]...');
    assert.equal(scrubSecrets('no problem', secrets), 'no problem');
  });
});
