// OTLP/HTTP with protocol 'binary': the HTTP exporter sends application/x-protobuf bodies from the
// protobuf encoders; the embedded receiver decodes them and answers in protobuf (empty success,
// partial success, google.rpc.Status errors), which the exporter reads back. Plus the gRPC
// listener's own refusals and the `receive --grpc-port` flag.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:http2';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { createOtlpHttpExporter } from '../../../lib/pipeline/export/otlp-http-exporter.ts';
import { holdProcessOpen } from '../../../lib/pipeline/timers.ts';
import type { ResolvedOtlpHttpExporter } from '../../../lib/config/types.ts';
import { startReceiver, type ReceivedExport } from '../../../lib/receiver/server.ts';
import { parseCommandLine } from '../../../lib/cli/args.ts';
import type { SpanData } from '../../../proto-json/index.ts';
import {
  decodeProtobufExportResponse, decodeRpcStatus, decodeTracesProtobuf, encodeTracesProtobuf, frameGrpcMessage, GRPC_EXPORT_PATHS, GrpcStatus,
} from '../../../proto-json/protobuf/index.ts';
import { span, SPAN_ID, TRACE_ID } from '../records.ts';
import { hex, len } from './support.ts';
import '../../../lib/protobuf.ts'; // registers protobuf (Status bodies, protocol 'binary')

failOnUnhandledRejection();
after(holdProcessOpen());

const never = new AbortController().signal;

function binary(url: string, over: Partial<ResolvedOtlpHttpExporter> = {}): ResolvedOtlpHttpExporter {
  return { kind: 'otlp-http', signal: 'traces', url: `${url}/v1/traces`, headers: {}, protocol: 'binary', timeoutMs: 2000, compression: 'none', tls: undefined, ...over };
}

async function post(url: string, body: Uint8Array, contentType = 'application/x-protobuf'): Promise<{ status: number; type: string | null; body: Uint8Array }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, type: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) };
}

describe('OTLP/HTTP protobuf (protocol binary) against the embedded receiver', () => {
  it('delivers spans as application/x-protobuf, plain and gzip, decoded like JSON bodies', async () => {
    const got: ReceivedExport[] = [];
    const r = await startReceiver({ onRequest: (e) => got.push(e) });
    try {
      const spans = [span({ name: 'x', attributes: { a: 1 } }), span()];
      for (const compression of ['none', 'gzip'] as const) {
        const ex = createOtlpHttpExporter<SpanData>(binary(r.url, { compression }), (s) => encodeTracesProtobuf(s));
        assert.equal((await ex.export(spans, Date.now() + 3000, never)).exported, 2);
        await ex.shutdown();
      }
      assert.equal(got.length, 2);
      assert.deepStrictEqual(got[0]!.request, decodeTracesProtobuf(encodeTracesProtobuf(spans)));
      assert.deepStrictEqual(got[1]!.request, got[0]!.request);
    } finally {
      await r.close();
    }
  });

  it('answers protobuf: an empty body for success, a partial success naming rejected items', async () => {
    const r = await startReceiver();
    try {
      const ok = await post(`${r.url}/v1/traces`, encodeTracesProtobuf([span()]));
      assert.deepEqual([ok.status, ok.type, ok.body.length], [200, 'application/x-protobuf', 0]);
      const good = [...len(1, hex(TRACE_ID)), ...len(2, hex(SPAN_ID)), ...len(5, 'ok')];
      const body = new Uint8Array(len(1, [...len(1, []), ...len(2, [...len(2, good), ...len(2, len(1, [0xab]))])]));
      const partial = await post(`${r.url}/v1/traces`, body);
      assert.equal(partial.status, 200);
      const ps = decodeProtobufExportResponse('traces', partial.body);
      assert.equal(ps?.rejected, 1);
      assert.match(ps!.errorMessage, /spans\[1\]\.traceId: invalid id length: 1 bytes, expected 16/);
      // and the exporter counts them
      const ex = createOtlpHttpExporter<SpanData>(binary(r.url), () => body);
      const result = await ex.export([span(), span()], Date.now() + 3000, never);
      await ex.shutdown();
      assert.equal(result.exported, 1);
      assert.equal(result.drops?.rejected_by_server, 1);
    } finally {
      await r.close();
    }
  });

  it('answers an undecodable body with 400 and a protobuf google.rpc.Status, whose message the exporter reports', async () => {
    const r = await startReceiver();
    try {
      const res = await post(`${r.url}/v1/traces`, new Uint8Array([0x0a, 0x7f, 0x01]));
      assert.equal(res.status, 400);
      assert.equal(res.type, 'application/x-protobuf');
      const status = decodeRpcStatus(res.body);
      assert.equal(status.code, 3);
      assert.match(status.message, /truncated/);
      const ex = createOtlpHttpExporter<SpanData>(binary(r.url), () => new Uint8Array([0x0a, 0x7f, 0x01]));
      const result = await ex.export([span()], Date.now() + 3000, never);
      await ex.shutdown();
      assert.equal(result.reason, 'non_retryable');
      assert.match(result.error!.message, /HTTP 400: resourceSpans: truncated/);
      // a JSON request still gets JSON answers
      const json = await post(`${r.url}/v1/traces`, new TextEncoder().encode('{"resourceSpans":7}'), 'application/json');
      assert.equal(json.type, 'application/json');
      assert.match(new TextDecoder().decode(json.body), /"message"/);
    } finally {
      await r.close();
    }
  });
});

describe('the embedded gRPC listener refuses what it cannot serve', () => {
  async function call(url: string, path: string, frame: Uint8Array, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const session = connect(url);
    session.on('error', () => {});
    try {
      return await new Promise((resolve, reject) => {
        const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
        let result: Record<string, unknown> = {};
        stream.on('response', (h) => { result = { ...h }; });
        stream.on('trailers', (t) => { result = { ...result, ...t }; });
        stream.on('error', reject);
        stream.on('close', () => resolve(result));
        stream.resume();
        stream.end(frame);
      });
    } finally {
      session.close();
    }
  }

  it('UNIMPLEMENTED for an unknown method, INVALID_ARGUMENT for bad framing, RESOURCE_EXHAUSTED over the size limit', async () => {
    const r = await startReceiver({ grpcPort: 0, maxBodyBytes: 64 });
    try {
      const url = r.grpcUrl!;
      assert.equal((await call(url, '/x.Y/Z', frameGrpcMessage(new Uint8Array(0))))['grpc-status'], String(GrpcStatus.UNIMPLEMENTED));
      assert.equal((await call(url, GRPC_EXPORT_PATHS.traces, new Uint8Array([0, 0, 0, 0, 9, 1])))['grpc-status'], String(GrpcStatus.INVALID_ARGUMENT));
      assert.equal((await call(url, GRPC_EXPORT_PATHS.traces, frameGrpcMessage(encodeTracesProtobuf([span(), span()]))))['grpc-status'], String(GrpcStatus.RESOURCE_EXHAUSTED));
      const ok = await call(url, GRPC_EXPORT_PATHS.logs, frameGrpcMessage(new Uint8Array(0)));
      assert.equal(ok['grpc-status'], '0');
      assert.equal(r.stats().logs.accepted, 1);
      assert.equal(r.stats().unrouted, 1);
      assert.equal(r.stats().traces.refused, 2);
    } finally {
      await r.close();
    }
  });

  it('answers a 429 fault with retry-after as RESOURCE_EXHAUSTED plus a RetryInfo', async () => {
    const r = await startReceiver({ grpcPort: 0, faults: [{ reply: 429, retryAfterSeconds: 2 }] });
    try {
      const res = await call(r.grpcUrl!, GRPC_EXPORT_PATHS.traces, frameGrpcMessage(encodeTracesProtobuf([span()])));
      assert.equal(res['grpc-status'], String(GrpcStatus.RESOURCE_EXHAUSTED));
      const details = decodeRpcStatus(Buffer.from(String(res['grpc-status-details-bin']), 'base64'));
      assert.equal(details.details[0]!.typeUrl, 'type.googleapis.com/google.rpc.RetryInfo');
    } finally {
      await r.close();
    }
  });

  it('`otlp-lite receive --grpc-port N` parses the gRPC port', () => {
    const cmd = parseCommandLine(['receive', '--grpc-port', '4317']);
    assert.equal(cmd.command === 'receive' ? cmd.args.grpcPort : undefined, 4317);
    const none = parseCommandLine(['receive']);
    assert.equal(none.command === 'receive' ? none.args.grpcPort : 'x', undefined);
    assert.throws(() => parseCommandLine(['receive', '--grpc-port', '70000']), /--grpc-port/);
  });
});
