// One OTLP/gRPC unary call over node:http2, mapped to an outcome value. Owns the HTTP/2 session:
// opened lazily at the first call (node:http2 itself is imported then, never at load time),
// plaintext for http:// and TLS for https:// (system roots, or the configured CA as the only root,
// plus an optional client certificate), ref'ed only while calls are in flight, reopened after a
// GOAWAY or a connection error, closed by `close`. Never rejects: failures are `{ kind: 'error' }`.
import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders, IncomingHttpStatusHeader, OutgoingHttpHeaders } from 'node:http2';
import { builtin } from '../../platform/builtin.ts';
import {
  decodeGrpcMessage, frameGrpcMessage, grpcStatusFromHttp, parseGrpcFrames, readStatusDetailsHeader,
} from '../../../proto-json/protobuf/grpc.ts';
import { diagOnce } from '../../platform/diag.ts';
import { clampDelay } from '../timers.ts';
import type { TransportError } from './transport.ts';

/** What one call came to: a gRPC status (from trailers, or mapped from HTTP), or a transport failure. */
export type GrpcOutcome =
  | {
      readonly kind: 'status';
      /** gRPC status code (0 = OK). */
      readonly code: number;
      /** `grpc-message`, percent-decoded ('' when absent). */
      readonly message: string;
      /** Delay asked by a google.rpc.RetryInfo in `grpc-status-details-bin`, ms. */
      readonly retryDelayMs: number | undefined;
      /** The response message (the first frame, decompressed), empty when none. */
      readonly body: Uint8Array;
      /** True when the response message was over `maxResponseBytes` and was not kept. */
      readonly truncated: boolean;
      /** HTTP status of the response (200 for any gRPC answer). */
      readonly httpStatus: number;
    }
  | TransportError;

/** Transport settings for one gRPC destination. */
export interface GrpcTransportOptions {
  /** `http://host:port` or `https://host:port` (any path is ignored). */
  readonly url: string;
  /** PEM contents: `ca` becomes the only trust root; `cert` + `key` enable mTLS. */
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string } | undefined;
  readonly maxResponseBytes: number;
}

type Http2 = typeof import('node:http2');
let http2Loader: Promise<Http2> | undefined;

function errorCode(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof err?.cause?.code === 'string') return err.cause.code; // ERR_HTTP2_STREAM_CANCEL caused by ECONNREFUSED…
  return typeof err?.code === 'string' ? err.code : 'ERR_UNKNOWN';
}

function errorMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 256);
}

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A unary-call client for one gRPC endpoint. */
export class GrpcTransport {
  readonly #opts: GrpcTransportOptions;
  readonly #origin: string;
  #session: ClientHttp2Session | undefined;
  #active = 0;
  #closed = false;

  constructor(opts: GrpcTransportOptions) {
    this.#opts = opts;
    this.#origin = new URL(opts.url).origin;
  }

  /** True once a session has been opened (lazy connect). */
  get connected(): boolean {
    return this.#session !== undefined;
  }

  async #getSession(): Promise<ClientHttp2Session> {
    const live = this.#session;
    if (live !== undefined && !live.closed && !live.destroyed) return live;
    const http2 = await (http2Loader ??= import('node:http2'));
    const tls = this.#opts.tls;
    const session = http2.connect(this.#origin, {
      ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
      ...(tls?.cert !== undefined ? { cert: tls.cert } : {}),
      ...(tls?.key !== undefined ? { key: tls.key } : {}),
    });
    const forget = (): void => {
      if (this.#session === session) this.#session = undefined;
    };
    session.on('error', forget); // the pending streams carry the error; a listener keeps it from crashing the process
    session.on('goaway', forget);
    session.on('close', forget);
    session.unref();
    this.#session = session;
    return session;
  }

  /**
   * Makes one call of `path` with the protobuf `message` (framed here; `compressed` = already
   * gzipped, sent with `grpc-encoding: gzip`). Resolves within `timeoutMs` (the call's
   * `grpc-timeout` too) or when `signal` aborts; never rejects.
   */
  async call(path: string, message: Uint8Array, compressed: boolean, metadata: Readonly<Record<string, string>>, timeoutMs: number, signal: AbortSignal): Promise<GrpcOutcome> {
    if (this.#closed || signal.aborted) return { kind: 'error', code: 'ABORT_ERR', message: 'transport closed', timedOut: false, aborted: true, cause: undefined };
    let session: ClientHttp2Session;
    try {
      session = await this.#getSession();
    } catch (e) {
      diagOnce('error', 'http2-load', `could not open an HTTP/2 session: ${errorMessage(e)}`);
      return { kind: 'error', code: errorCode(e), message: errorMessage(e), timedOut: false, aborted: false, cause: e };
    }
    const ms = Math.max(1, clampDelay(timeoutMs));
    const headers: OutgoingHttpHeaders = {
      ...metadata,
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      'grpc-timeout': `${Math.ceil(ms)}m`,
      'grpc-accept-encoding': 'identity,gzip',
    };
    if (compressed) headers['grpc-encoding'] = 'gzip';
    let stream: ClientHttp2Stream;
    try {
      stream = session.request(headers, { endStream: false });
    } catch (e) {
      return { kind: 'error', code: errorCode(e), message: errorMessage(e), timedOut: false, aborted: false, cause: e };
    }
    if (this.#active++ === 0) session.ref();
    try {
      return await this.#exchange(stream, frameGrpcMessage(message, compressed), ms, signal);
    } finally {
      if (--this.#active === 0 && !session.destroyed) session.unref();
    }
  }

  #exchange(stream: ClientHttp2Stream, frame: Uint8Array, ms: number, signal: AbortSignal): Promise<GrpcOutcome> {
    const max = this.#opts.maxResponseBytes;
    return new Promise<GrpcOutcome>((resolve) => {
      let head: (IncomingHttpHeaders & IncomingHttpStatusHeader) | undefined;
      let trailers: IncomingHttpHeaders | undefined;
      let failure: unknown;
      let timedOut = false;
      let aborted = false;
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const timer = setTimeout(() => {
        timedOut = true;
        stream.close(0x8); // NGHTTP2_CANCEL
      }, ms);
      timer.unref();
      const onAbort = (): void => {
        aborted = true;
        stream.close(0x8);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      stream.on('response', (h) => { head = h; });
      stream.on('trailers', (t) => { trailers = t; });
      stream.on('data', (chunk: Buffer) => {
        if (truncated) return;
        if (size + chunk.length > max + 5) { truncated = true; chunks.length = 0; return; }
        size += chunk.length;
        chunks.push(chunk);
      });
      stream.on('error', (e) => { failure = e; });
      stream.on('close', () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(this.#outcome(head, trailers, Buffer.concat(chunks, size), truncated, failure, timedOut, aborted, stream.rstCode, ms));
      });
      stream.end(frame);
    });
  }

  #outcome(
    head: (IncomingHttpHeaders & IncomingHttpStatusHeader) | undefined, trailers: IncomingHttpHeaders | undefined, data: Buffer,
    truncated: boolean, failure: unknown, timedOut: boolean, aborted: boolean, rstCode: number | undefined, ms: number,
  ): GrpcOutcome {
    if (timedOut) return { kind: 'error', code: 'ERR_REQUEST_TIMEOUT', message: `call timed out after ${ms} ms`, timedOut, aborted: false, cause: failure };
    if (aborted) return { kind: 'error', code: 'ABORT_ERR', message: 'call aborted', timedOut: false, aborted, cause: failure };
    // grpc-status comes in the trailers, or in the headers of a trailers-only response.
    const statusText = (trailers !== undefined ? header(trailers, 'grpc-status') : undefined) ?? (head !== undefined ? header(head, 'grpc-status') : undefined);
    const meta = trailers !== undefined && header(trailers, 'grpc-status') !== undefined ? trailers : head;
    const httpStatus = Number(head?.[':status'] ?? 0);
    if (statusText === undefined || meta === undefined) {
      if (head !== undefined && httpStatus !== 200) {
        return { kind: 'status', code: grpcStatusFromHttp(httpStatus), message: `HTTP ${httpStatus} without grpc-status`, retryDelayMs: undefined, body: new Uint8Array(0), truncated: false, httpStatus };
      }
      const code = failure !== undefined ? errorCode(failure) : 'ERR_HTTP2_STREAM_ERROR';
      const message = failure !== undefined ? errorMessage(failure) : `stream closed without a gRPC status (RST_STREAM code ${rstCode ?? 0})`;
      return { kind: 'error', code, message, timedOut: false, aborted: false, cause: failure };
    }
    const code = /^\d+$/.test(statusText) ? Number(statusText) : 2; // UNKNOWN
    const details = readStatusDetailsHeader(header(meta, 'grpc-status-details-bin'));
    let body: Uint8Array = new Uint8Array(0);
    if (code === 0 && !truncated && data.length > 0) body = firstMessage(data, head, this.#opts.maxResponseBytes);
    return {
      kind: 'status', code, message: decodeGrpcMessage(header(meta, 'grpc-message') ?? ''), retryDelayMs: details?.retryDelayMs,
      body, truncated, httpStatus,
    };
  }

  /** Closes the session: gracefully, then forcibly after `graceMs`. Idempotent; never rejects. */
  async close(graceMs: number): Promise<void> {
    this.#closed = true;
    const session = this.#session;
    this.#session = undefined;
    if (session === undefined || session.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        session.destroy();
        resolve();
      }, clampDelay(graceMs));
      timer.unref();
      session.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

// node:zlib costs ~1.2 ms to import: loaded on the first compressed response, not at startup.
let gunzipSync: typeof import('node:zlib').gunzipSync | undefined;

// The first frame's message, gunzipped when flagged; an unreadable response body is treated as
// empty (the status already said OK).
function firstMessage(data: Buffer, head: IncomingHttpHeaders | undefined, max: number): Uint8Array {
  try {
    const frame = parseGrpcFrames(data, max)[0];
    if (frame === undefined) return new Uint8Array(0);
    if (!frame.compressed) return frame.message;
    const encoding = head !== undefined ? header(head, 'grpc-encoding') : undefined;
    if (encoding !== 'gzip') return new Uint8Array(0);
    gunzipSync ??= builtin('node:zlib').gunzipSync;
    return gunzipSync(frame.message, { maxOutputLength: max });
  } catch {
    return new Uint8Array(0);
  }
}
