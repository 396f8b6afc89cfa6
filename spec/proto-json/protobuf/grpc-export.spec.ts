// The OTLP/gRPC exporter against the embedded receiver's gRPC port and a scripted loopback gRPC
// server: delivery of all three signals, metadata, lazy connect and close, retryable and
// non-retryable statuses, RetryInfo, deadlines, shutdown, partial success, TLS and mTLS.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { createOtlpGrpcExporter } from '../../../lib/pipeline/export/otlp-grpc-exporter.ts';
import type { ResolvedOtlpGrpcExporter } from '../../../lib/config/types.ts';
import { startReceiver, type ReceivedExport } from '../../../lib/receiver/server.ts';
import { ConfigError } from '../../../lib/errors.ts';
import { holdProcessOpen } from '../../../lib/pipeline/timers.ts';
import type { LogRecordData, MetricData, SpanData } from '../../../proto-json/index.ts';
import {
  decodeTracesProtobuf, encodeLogsProtobuf, encodeMetricsProtobuf, encodeTracesProtobuf, GrpcStatus,
} from '../../../proto-json/protobuf/index.ts';
import { gauge, logRecord, span, SPAN_ID, TRACE_ID } from '../records.ts';
import { hex, len } from './support.ts';
import { generateCerts, type TestCerts } from '../../pipeline/certs.ts';
import { startGrpcLoopback, type GrpcScript } from './grpc-loopback.ts';

failOnUnhandledRejection();
// Backoff timers and idle sessions are unref'ed by design (the pipeline holds the process open
// while a flush or shutdown is awaited); these specs call the exporter directly, so hold it here.
after(holdProcessOpen());

const FAST = { initialMs: 5, maxMs: 20, multiplier: 1, jitter: 0 };

function dest(url: string, over: Partial<ResolvedOtlpGrpcExporter> = {}): ResolvedOtlpGrpcExporter {
  return { kind: 'otlp-grpc', signal: 'traces', url, headers: {}, timeoutMs: 2000, compression: 'none', tls: undefined, ...over };
}

function tracesExporter(url: string, over: Partial<ResolvedOtlpGrpcExporter> = {}) {
  return createOtlpGrpcExporter<SpanData>(dest(url, over), (s) => encodeTracesProtobuf(s), { retry: FAST });
}

const never = new AbortController().signal;

async function once(script: GrpcScript[], deadlineMs = 3000, over: Partial<ResolvedOtlpGrpcExporter> = {}) {
  const server = await startGrpcLoopback(script);
  const ex = tracesExporter(server.url, over);
  const t0 = Date.now();
  const result = await ex.export([span(), span()], Date.now() + deadlineMs, never);
  const ms = Date.now() - t0;
  await ex.shutdown();
  await server.close();
  return { result, calls: server.calls.length, ms, server };
}

describe('OTLP/gRPC export to the embedded receiver (otlp-lite receive --grpc-port)', () => {
  it('delivers spans, log records and metric points, decoded like the HTTP path decodes them', async () => {
    const got: ReceivedExport[] = [];
    const r = await startReceiver({ grpcPort: 0, onRequest: (e) => got.push(e) });
    try {
      assert.match(r.grpcUrl!, /^http:\/\/127\.0\.0\.1:\d+$/);
      const spans = [span({ name: 'a', attributes: { k: 'v' } }), span({ name: 'b' })];
      const t = await tracesExporter(r.grpcUrl!).export(spans, Date.now() + 3000, never);
      const l = await createOtlpGrpcExporter<LogRecordData>(dest(r.grpcUrl!, { signal: 'logs', compression: 'gzip' }), (x) => encodeLogsProtobuf(x)).export([logRecord()], Date.now() + 3000, never);
      const metrics = [gauge([1, 2.5, 3])];
      const m = await createOtlpGrpcExporter<MetricData>(dest(r.grpcUrl!, { signal: 'metrics' }), (x) => encodeMetricsProtobuf(x), { countItems: (b) => b.reduce((n, x) => n + x.points.length, 0) })
        .export(metrics, Date.now() + 3000, never);
      assert.deepEqual([t.exported, l.exported, m.exported], [2, 1, 3]);
      assert.deepEqual(got.map((e) => [e.signal, e.items]), [['traces', 2], ['logs', 1], ['metrics', 3]]);
      assert.deepStrictEqual(got[0]!.request, decodeTracesProtobuf(encodeTracesProtobuf(spans)));
      assert.equal(r.stats().traces.accepted, 1);
    } finally {
      await r.close();
    }
  });

  it('maps receiver faults to gRPC statuses: 503 and reset are retried, 400 is not', async () => {
    const r = await startReceiver({ grpcPort: 0, faults: [{ reply: 503 }, { reply: 'reset' }, { reply: 400, signal: 'logs' }] });
    try {
      const t = await tracesExporter(r.grpcUrl!).export([span()], Date.now() + 3000, never);
      assert.equal(t.exported, 1);
      assert.equal(t.retries, 2);
      const l = await createOtlpGrpcExporter<LogRecordData>(dest(r.grpcUrl!, { signal: 'logs' }), (x) => encodeLogsProtobuf(x), { retry: FAST })
        .export([logRecord()], Date.now() + 3000, never);
      assert.equal(l.reason, 'non_retryable');
      assert.match(l.error!.message, /gRPC status 13 INTERNAL: injected fault/);
      assert.equal(r.stats().traces.faults, 2);
    } finally {
      await r.close();
    }
  });

  it('answers INVALID_ARGUMENT to an undecodable message and reports rejected items as partial success', async () => {
    const r = await startReceiver({ grpcPort: 0 });
    try {
      const garbage = await createOtlpGrpcExporter<SpanData>(dest(r.grpcUrl!), () => new Uint8Array([0x0a, 0x10, 0x01])).export([span()], Date.now() + 3000, never);
      assert.equal(garbage.reason, 'non_retryable');
      assert.match(garbage.error!.message, /INVALID_ARGUMENT: .*truncated/);
      // two good spans and one whose trace id has 1 byte: the bad one is cut out and reported
      const good = [...len(1, hex(TRACE_ID)), ...len(2, hex(SPAN_ID)), ...len(5, 'ok')];
      const body = new Uint8Array(len(1, [...len(1, []), ...len(2, [...len(2, good), ...len(2, len(1, [0xab])), ...len(2, good)])]));
      const partial = await createOtlpGrpcExporter<SpanData>(dest(r.grpcUrl!), () => body).export([span(), span(), span()], Date.now() + 3000, never);
      assert.equal(partial.exported, 2);
      assert.equal(partial.drops?.rejected_by_server, 1);
      assert.match(partial.error!.message, /server rejected 1 of 3 items: .*traceId: invalid id length/);
      assert.equal(r.stats().traces.items, 2);
    } finally {
      await r.close();
    }
  });
});

describe('OTLP/gRPC exporter against a scripted loopback server', () => {
  it('sends the Export method path, application/grpc, te: trailers, grpc-timeout and headers as metadata', async () => {
    const server = await startGrpcLoopback();
    const ex = tracesExporter(server.url, { headers: { 'x-api-key': 'k1', Authorization: 'Bearer t', connection: 'close', te: 'x', 'grpc-foo': 'no', 'user-agent': 'my-cli/2' } });
    await ex.export([span()], Date.now() + 3000, never);
    await ex.shutdown();
    await server.close();
    const call = server.calls[0]!;
    assert.equal(call.path, '/opentelemetry.proto.collector.trace.v1.TraceService/Export');
    assert.equal(call.headers['content-type'], 'application/grpc');
    assert.equal(call.headers['te'], 'trailers');
    assert.match(String(call.headers['grpc-timeout']), /^\d+m$/);
    assert.equal(call.headers['x-api-key'], 'k1');
    assert.equal(call.headers['authorization'], 'Bearer t');
    assert.equal(call.headers['grpc-foo'], undefined);
    assert.match(String(call.headers['user-agent']), /^my-cli\/2 otlp-lite\//);
    assert.equal(decodeTracesProtobuf(call.message).resourceSpans![0]!.scopeSpans![0]!.spans!.length, 1);
  });

  it('connects lazily, reuses one HTTP/2 session, and closes it at shutdown', async () => {
    const server = await startGrpcLoopback();
    const ex = tracesExporter(server.url);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(server.sessionsOpened, 0);
    for (let i = 0; i < 3; i++) assert.equal((await ex.export([span()], Date.now() + 3000, never)).exported, 1);
    assert.equal(server.sessionsOpened, 1);
    await ex.shutdown();
    for (let i = 0; i < 50 && server.openSessions() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.openSessions(), 0);
    const late = await ex.export([span()], Date.now() + 3000, never);
    assert.equal(late.reason, 'shutdown');
    await server.close();
  });

  it('gzips messages with grpc-encoding: gzip when compression is gzip', async () => {
    const { server, result } = await once([], 3000, { compression: 'gzip' });
    assert.equal(result.exported, 2);
    assert.equal(server.calls[0]!.compressed, true);
    assert.equal(server.calls[0]!.headers['grpc-encoding'], 'gzip');
  });

  for (const [name, code] of Object.entries({ CANCELLED: 1, DEADLINE_EXCEEDED: 4, ABORTED: 10, OUT_OF_RANGE: 11, UNAVAILABLE: 14, DATA_LOSS: 15 })) {
    it(`retries ${name}`, async () => {
      const { result, calls } = await once([{ code, message: 'try again' }]);
      assert.equal(result.exported, 2);
      assert.equal(result.retries, 1);
      assert.equal(calls, 2);
    });
  }

  for (const [name, code] of Object.entries({ UNKNOWN: 2, INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, FAILED_PRECONDITION: 9, UNIMPLEMENTED: 12, INTERNAL: 13, UNAUTHENTICATED: 16 })) {
    it(`does not retry ${name}`, async () => {
      const { result, calls } = await once([{ code, message: 'nope', trailersOnly: code % 2 === 0 }]);
      assert.equal(result.dropped, 2);
      assert.equal(result.reason, 'non_retryable');
      assert.equal(calls, 1);
      assert.match(result.error!.message, new RegExp(`gRPC status ${code} ${name}: nope`));
    });
  }

  it('retries RESOURCE_EXHAUSTED only with a RetryInfo, waiting the delay it asks for', async () => {
    const without = await once([{ code: GrpcStatus.RESOURCE_EXHAUSTED, message: 'quota' }]);
    assert.equal(without.result.reason, 'non_retryable');
    assert.equal(without.calls, 1);
    const withInfo = await once([{ code: GrpcStatus.RESOURCE_EXHAUSTED, message: 'slow down', retryDelayMs: 300 }]);
    assert.equal(withInfo.result.exported, 2);
    assert.equal(withInfo.calls, 2);
    assert.ok(withInfo.ms >= 280, `waited ${withInfo.ms} ms`);
  });

  it('gives up when a RetryInfo delay does not fit before the deadline', async () => {
    const { result, calls, ms } = await once([{ code: GrpcStatus.UNAVAILABLE, retryDelayMs: 10_000 }], 500);
    assert.equal(result.reason, 'retries_exhausted');
    assert.equal(calls, 1);
    assert.ok(ms < 400);
  });

  it('retries an HTTP error without grpc-status (a proxy 503) as UNAVAILABLE, and a reset stream', async () => {
    const { result, calls } = await once([{ httpStatus: 503 }, 'reset']);
    assert.equal(result.exported, 2);
    assert.equal(calls, 3);
    const notFound = await once([{ httpStatus: 404 }]);
    assert.equal(notFound.result.reason, 'non_retryable');
    assert.match(notFound.result.error!.message, /UNIMPLEMENTED/);
  });

  it('times a hung call out (DEADLINE_EXCEEDED) and retries until the batch deadline', async () => {
    const { result, ms } = await once(['hang', 'hang', 'hang', 'hang'], 600, { timeoutMs: 150 });
    assert.equal(result.reason, 'retries_exhausted');
    assert.ok(result.requests! >= 2);
    assert.ok(ms < 1500, `took ${ms} ms`);
  });

  it('retries a refused connection until the deadline, then drops as retries_exhausted', async () => {
    const server = await startGrpcLoopback();
    const url = server.url;
    await server.close();
    const ex = tracesExporter(url);
    const result = await ex.export([span()], Date.now() + 300, never);
    await ex.shutdown();
    assert.equal(result.reason, 'retries_exhausted');
    assert.match(result.error!.message, /ECONNREFUSED/);
    assert.ok(result.requests! >= 2);
  });

  it('stops promptly at shutdown (abort) while a call hangs', async () => {
    const server = await startGrpcLoopback(['hang']);
    const ex = tracesExporter(server.url, { timeoutMs: 10_000 });
    const ac = new AbortController();
    const pending = ex.export([span()], Date.now() + 10_000, ac.signal);
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    ac.abort();
    const result = await pending;
    assert.equal(result.reason, 'shutdown');
    assert.ok(Date.now() - t0 < 500);
    await ex.shutdown();
    await server.close();
  });

  it('counts server-rejected items from a partial success, never retried', async () => {
    const { result, calls } = await once([{ ok: true, partial: { rejected: 1, errorMessage: 'one bad span' } }]);
    assert.equal(result.exported, 1);
    assert.equal(result.drops?.rejected_by_server, 1);
    assert.match(result.error!.message, /one bad span/);
    assert.equal(calls, 1);
  });

  it('throws ConfigError at construction for a non-http(s) endpoint or half a client certificate', () => {
    assert.throws(() => tracesExporter('grpc://x:4317'), ConfigError);
    assert.throws(() => tracesExporter('http://127.0.0.1:4317', { tls: { cert: 'x' } }), ConfigError);
  });
});

describe('OTLP/gRPC over TLS', () => {
  let certs: TestCerts;
  before(() => { certs = generateCerts(); });

  it('verifies the server with the configured CA (the only trust root) and sends a client certificate', async () => {
    const server = await startGrpcLoopback([], { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca, requestCert: true });
    try {
      const ok = await tracesExporter(server.url, { tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } }).export([span()], Date.now() + 3000, never);
      assert.equal(ok.exported, 1);
      const noClientCert = await tracesExporter(server.url, { tls: { ca: certs.ca } }).export([span()], Date.now() + 300, never);
      assert.equal(noClientCert.exported, 0);
      const wrongCa = await tracesExporter(server.url, { tls: { ca: certs.otherCa, cert: certs.clientCert, key: certs.clientKey } }).export([span()], Date.now() + 300, never);
      assert.equal(wrongCa.exported, 0);
      assert.match(wrongCa.error!.message, /certificate|self-signed|verify/i);
    } finally {
      await server.close();
    }
  });
});
