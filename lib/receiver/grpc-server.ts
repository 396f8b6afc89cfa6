// The embedded receiver's OTLP/gRPC listener: a plaintext HTTP/2 (h2c) server answering the three
// unary Export methods. It owns the gRPC side only (framing, gzip messages, size cap, status
// trailers, unknown methods); what a request means (faults, decoding, counts) is the caller's
// `handle`. It never throws on bad input and close() destroys every session.
import type { Http2Server, Http2Session, IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { gunzip } from 'node:zlib';
import {
  encodeGrpcMessage, encodeStatusDetailsHeader, frameGrpcMessage, GRPC_EXPORT_PATHS, GrpcStatus, parseGrpcFrames,
} from '../../proto-json/protobuf/grpc.ts';
import { encodeRetryInfo, encodeRpcStatus } from '../../proto-json/protobuf/status.ts';
import type { Signal } from '../contracts.ts';
import { listen } from './listen.ts';

/** How to answer one Export call. */
export type GrpcReply =
  | { readonly kind: 'ok'; /** the Export*ServiceResponse message */ readonly message: Uint8Array }
  | { readonly kind: 'status'; readonly code: number; readonly message: string; /** adds a google.rpc.RetryInfo */ readonly retryDelayMs?: number }
  | { readonly kind: 'reset' };

/** What `handle` is given for one call whose message was read. */
export interface GrpcCall {
  readonly signal: Signal;
  /** The request message (decompressed). */
  readonly message: Uint8Array;
  /** Bytes received on the wire for the call (frames as sent). */
  readonly wireBytes: number;
}

/** Options of {@link startGrpcListener}. */
export interface GrpcListenerOptions {
  readonly host: string;
  readonly port: number;
  /** Largest message accepted, before and after gzip; larger → RESOURCE_EXHAUSTED. */
  readonly maxBodyBytes: number;
  /** Decides the answer of a call whose message was read. Must not throw. */
  readonly handle: (call: GrpcCall) => GrpcReply;
  /** Told about calls refused before `handle` (unknown method, bad framing, too large). */
  readonly onRefused: (signal: Signal | undefined, path: string, code: number, message: string, wireBytes: number) => void;
  readonly unref?: boolean;
}

/** A listening gRPC endpoint. */
export interface GrpcListener {
  /** `http://host:port` (plaintext HTTP/2). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const SIGNAL_BY_PATH: Readonly<Record<string, Signal>> = {
  [GRPC_EXPORT_PATHS.traces]: 'traces', [GRPC_EXPORT_PATHS.logs]: 'logs', [GRPC_EXPORT_PATHS.metrics]: 'metrics',
};

/** Starts the gRPC listener; resolves once it listens. Rejects with the system error when it cannot listen. */
export async function startGrpcListener(opts: GrpcListenerOptions): Promise<GrpcListener> {
  const http2 = await import('node:http2');
  const sessions = new Set<Http2Session>();
  const server: Http2Server = http2.createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('error', () => {});
    session.once('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {}); // a client that goes away mid-call
    serve(stream, headers, opts);
  });

  const { url, address } = await listen(server, opts.port, opts.host, opts.unref === true);
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.destroy();
      });
      return closing;
    },
  };
}

function serve(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, opts: GrpcListenerOptions): void {
  const path = String(headers[':path'] ?? '');
  const signal = SIGNAL_BY_PATH[path];
  const refuse = (code: number, message: string, wireBytes: number): void => {
    opts.onRefused(signal, path, code, message, wireBytes);
    trailersOnly(stream, code, message);
  };
  if (headers[':method'] !== 'POST' || signal === undefined) return refuse(GrpcStatus.UNIMPLEMENTED, `unknown method ${path.slice(0, 200)}`, 0);
  const type = String(headers['content-type'] ?? '');
  if (!type.startsWith('application/grpc')) {
    opts.onRefused(signal, path, GrpcStatus.INTERNAL, `unsupported content type ${type.slice(0, 100)}`, 0);
    if (!stream.destroyed) stream.respond({ ':status': 415 }, { endStream: true });
    return;
  }
  const encoding = String(headers['grpc-encoding'] ?? 'identity');
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (over) return;
    if (size > opts.maxBodyBytes + 5) { over = true; chunks.length = 0; return; }
    chunks.push(chunk);
  });
  stream.on('end', () => {
    if (over) return refuse(GrpcStatus.RESOURCE_EXHAUSTED, `message exceeds the ${opts.maxBodyBytes}-byte limit`, size);
    let frame;
    try {
      const frames = parseGrpcFrames(Buffer.concat(chunks, size), opts.maxBodyBytes);
      if (frames.length !== 1) return refuse(GrpcStatus.INVALID_ARGUMENT, `expected one request message, got ${frames.length}`, size);
      frame = frames[0]!;
    } catch (e) {
      return refuse(GrpcStatus.INVALID_ARGUMENT, e instanceof Error ? e.message : 'bad framing', size);
    }
    if (!frame.compressed) return answer(stream, opts.handle({ signal, message: frame.message, wireBytes: size }));
    if (encoding !== 'gzip') return refuse(GrpcStatus.UNIMPLEMENTED, `unsupported grpc-encoding ${encoding.slice(0, 50)}`, size);
    gunzip(frame.message, { maxOutputLength: Math.max(1, opts.maxBodyBytes) }, (err, out) => {
      if (err !== null) {
        const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError;
        return refuse(tooLarge ? GrpcStatus.RESOURCE_EXHAUSTED : GrpcStatus.INTERNAL, tooLarge ? `inflated message exceeds the ${opts.maxBodyBytes}-byte limit` : `invalid gzip message: ${err.message}`, size);
      }
      answer(stream, opts.handle({ signal, message: out, wireBytes: size }));
    });
  });
}

function answer(stream: ServerHttp2Stream, reply: GrpcReply): void {
  if (stream.destroyed || stream.closed) return;
  if (reply.kind === 'reset') {
    stream.close(0x2); // NGHTTP2_INTERNAL_ERROR: no status at all
    return;
  }
  if (reply.kind === 'status') {
    trailersOnly(stream, reply.code, reply.message, reply.retryDelayMs);
    return;
  }
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(frameGrpcMessage(reply.message));
}

// A response with the status in its only HEADERS frame (gRPC "trailers-only").
function trailersOnly(stream: ServerHttp2Stream, code: number, message: string, retryDelayMs?: number): void {
  if (stream.destroyed || stream.closed || stream.headersSent) return;
  const headers: Record<string, string | number> = { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(code) };
  const text = message.length > 1000 ? `${message.slice(0, 997)}...` : message;
  if (text !== '') headers['grpc-message'] = encodeGrpcMessage(text);
  if (retryDelayMs !== undefined) {
    headers['grpc-status-details-bin'] = encodeStatusDetailsHeader(encodeRpcStatus({ code, message: text, details: [encodeRetryInfo(retryDelayMs)] }));
  }
  stream.respond(headers, { endStream: true });
}
