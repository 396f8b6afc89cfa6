// Test helper: a scriptable loopback OTLP/gRPC server (node:http2, plaintext or TLS). Each call
// gets the next scripted reply: a gRPC status (with message and RetryInfo), an HTTP status with
// no gRPC status, a hang, a stream reset, or OK with an optional partial success. It records the
// calls (headers, decoded frames) and the sessions opened, and close() destroys everything.
import { createSecureServer, createServer, type Http2Session, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import {
  encodeExportResponseProtobuf, encodeGrpcMessage, encodeRetryInfo, encodeRpcStatus, encodeStatusDetailsHeader, frameGrpcMessage, parseGrpcFrames,
} from '../../../proto-json/protobuf/index.ts';

/** One scripted reply. */
export type GrpcScript =
  | { ok: true; partial?: { rejected: number; errorMessage: string } }
  | { code: number; message?: string; retryDelayMs?: number; trailersOnly?: boolean }
  | { httpStatus: number }
  | 'hang'
  | 'reset';

/** One call the server saw. */
export interface SeenCall {
  path: string;
  headers: IncomingHttpHeaders;
  /** The request message (gunzipped when compressed). */
  message: Uint8Array;
  compressed: boolean;
}

/** A running loopback server. */
export interface GrpcLoopback {
  url: string;
  calls: SeenCall[];
  /** Sessions opened so far (connections). */
  sessionsOpened: number;
  /** Sessions currently open. */
  openSessions(): number;
  close(): Promise<void>;
}

/** Starts the server; replies follow `script` in order, then OK. */
export async function startGrpcLoopback(script: GrpcScript[] = [], tls?: { key: string; cert: string; ca?: string; requestCert?: boolean }): Promise<GrpcLoopback> {
  const sessions = new Set<Http2Session>();
  const hung = new Set<ServerHttp2Stream>();
  const server = tls === undefined
    ? createServer()
    : createSecureServer({ key: tls.key, cert: tls.cert, ...(tls.ca !== undefined ? { ca: tls.ca } : {}), requestCert: tls.requestCert === true, rejectUnauthorized: tls.requestCert === true });
  const state: GrpcLoopback = {
    url: '', calls: [], sessionsOpened: 0,
    openSessions: () => sessions.size,
    close: async () => {
      for (const s of hung) s.close();
      for (const s of sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('session', (s) => {
    state.sessionsOpened++;
    sessions.add(s);
    s.on('error', () => {});
    s.once('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const [frame] = parseGrpcFrames(Buffer.concat(chunks));
      const message = frame === undefined ? new Uint8Array(0) : frame.compressed ? gunzipSync(frame.message) : frame.message;
      state.calls.push({ path: String(headers[':path']), headers, message, compressed: frame?.compressed === true });
      reply(stream, script.shift() ?? { ok: true }, hung);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

function reply(stream: ServerHttp2Stream, r: GrpcScript, hung: Set<ServerHttp2Stream>): void {
  if (r === 'hang') { hung.add(stream); return; }
  if (r === 'reset') { stream.close(0x2); return; }
  if ('httpStatus' in r) { stream.respond({ ':status': r.httpStatus, 'content-type': 'text/plain' }, { endStream: false }); stream.end('proxy error'); return; }
  if ('ok' in r) {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(frameGrpcMessage(encodeExportResponseProtobuf('traces', r.partial)));
    return;
  }
  const status: Record<string, string | number> = { 'grpc-status': String(r.code) };
  if (r.message !== undefined) status['grpc-message'] = encodeGrpcMessage(r.message);
  if (r.retryDelayMs !== undefined) {
    status['grpc-status-details-bin'] = encodeStatusDetailsHeader(encodeRpcStatus({ code: r.code, message: r.message ?? '', details: [encodeRetryInfo(r.retryDelayMs)] }));
  }
  if (r.trailersOnly === false) {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.once('wantTrailers', () => stream.sendTrailers(status));
    stream.end();
    return;
  }
  stream.respond({ ':status': 200, 'content-type': 'application/grpc', ...status }, { endStream: true });
}
