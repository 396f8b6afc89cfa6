// The embedded OTLP receiver: a node:http server answering POST /v1/traces, /v1/logs and
// /v1/metrics (JSON or protobuf, answered in the same encoding) the way the spec says a collector
// does (200 / partialSuccess / 400 / 413 / 415), optionally OTLP/gRPC on a second port
// (grpc-server.ts), with per-signal counts shared by both, scripted faults and a callback per
// decoded request. It never throws on bad input and close() force-closes keep-alive sockets.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { DecodeLimitError } from '../../proto-json/errors.ts';
import { ConfigError } from '../errors.ts';
import type { Signal } from '../contracts.ts';
import { DEFAULT_MAX_BODY_BYTES, inflate, readBody } from './body.ts';
import { DEFAULT_MAX_ITEMS, DEFAULT_MAX_VALUES, formatOf, negotiate, type WireFormat } from './codec.ts';
import { encodeExportResponseProtobuf, encodeRpcStatus } from '../../proto-json/protobuf/status.ts';
import { startGrpcListener, type GrpcListener } from './grpc-server.ts';
import { createFaultPlan, type FaultRule } from './faults.ts';
import { clip, createIntake, protobufResponse } from './intake.ts';
import { listen } from './listen.ts';
import type { ReceivedExport, ReplyEvent, RunningReceiver } from './types.ts';
import type { Viewer, ViewerLimits } from './ui/viewer.ts';

export type { ReceivedExport, ReceivedExportOf, ReceiverSignalStats, ReceiverStats, ReplyEvent, RunningReceiver } from './types.ts';

/** Options of `startReceiver`. */
export interface ReceiverOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port; 0 picks a free one. @default 0 (the `otlp-lite receive` command defaults to 4318) */
  readonly port?: number;
  /** Largest body accepted, checked on the wire and again after gzip inflation; larger → 413. @default 67108864 (64 MiB) */
  readonly maxBodyBytes?: number;
  /**
   * Most items (spans, log records, metric data points) one request may hold; counted while
   * decoding, so a larger request is refused with 413 (gRPC RESOURCE_EXHAUSTED) before anything
   * is built or printed from it. @default 1000000
   */
  readonly maxItems?: number;
  /**
   * Most values one request may hold: attributes, array/kvlist entries and the entries of every
   * other repeated field (events, links, bucket counts…). Over it → 413 as for `maxItems`. A JSON
   * body is also refused before parsing when it holds more than `maxItems + 2 × maxValues`
   * objects and arrays, or nests deeper than 1024. @default 2000000
   */
  readonly maxValues?: number;
  /** Scripted faults, consumed in order (e.g. `[{ reply: 503 }]` = answer 503 once). */
  readonly faults?: readonly FaultRule[];
  /** Called once per accepted request, after its reply is decided. Errors it throws are swallowed. */
  readonly onRequest?: (event: ReceivedExport) => void;
  /** Called once per answered request (any status, faults included; status 0 = connection dropped). Errors it throws are swallowed. */
  readonly onReply?: (event: ReplyEvent) => void;
  /** Let the process exit while the server is listening. @default false */
  readonly unref?: boolean;
  /**
   * Also serve OTLP/gRPC (plaintext HTTP/2) on this port (0 = any free port); absent = no gRPC.
   * Faults apply to gRPC calls too: a status reply becomes its gRPC equivalent (429/503 →
   * UNAVAILABLE, or RESOURCE_EXHAUSTED with a RetryInfo when `retryAfterSeconds` is set), 'reset'
   * resets the stream.
   */
  readonly grpcPort?: number;
  /**
   * Also serve the live web viewer on the same port: `GET /` shows the traces, logs and metrics
   * received so far and updates as more arrive (OTLP stays on `POST /v1/*`). `true` keeps the
   * default number of items; pass limits to change them. Loaded only when set.
   */
  readonly ui?: boolean | ViewerLimits;
}

export { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_ITEMS, DEFAULT_MAX_VALUES };

const PATHS: Readonly<Record<string, Signal>> = { '/v1/traces': 'traces', '/v1/logs': 'logs', '/v1/metrics': 'metrics' };

const REJECTED_KEY = { traces: 'rejectedSpans', logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints' } as const;
/** google.rpc.Code per HTTP status we send (clients ignore it; it documents the reason). */
const RPC_CODE: Readonly<Record<number, number>> = { 400: 3, 404: 5, 405: 12, 413: 8, 415: 3, 429: 8, 500: 13, 503: 14 };

/**
 * Starts an OTLP/HTTP receiver (JSON and protobuf; gRPC too with `grpcPort`) and resolves once it
 * listens.
 * @throws ConfigError (synchronously rejected) for a bad port, grpcPort, maxBodyBytes or fault rule;
 * rejects with the system error when it cannot listen (e.g. EADDRINUSE).
 */
export async function startReceiver(opts: ReceiverOptions = {}): Promise<RunningReceiver> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError([{ path: 'port', message: `expected an integer 0..65535, got ${String(port)}` }]);
  }
  const grpcPort = opts.grpcPort;
  if (grpcPort !== undefined && (!Number.isInteger(grpcPort) || grpcPort < 0 || grpcPort > 65535)) {
    throw new ConfigError([{ path: 'grpcPort', message: `expected an integer 0..65535, got ${String(grpcPort)}` }]);
  }
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new ConfigError([{ path: 'maxBodyBytes', message: `expected an integer >= 1, got ${String(maxBodyBytes)}` }]);
  }
  const limits = { maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS, maxValues: opts.maxValues ?? DEFAULT_MAX_VALUES };
  for (const key of ['maxItems', 'maxValues'] as const) {
    const v = limits[key];
    if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError([{ path: key, message: `expected an integer >= 1, got ${String(v)}` }]);
  }
  // The viewer module is imported only when asked for: nothing of it loads otherwise.
  const viewer: Viewer | undefined =
    opts.ui === undefined || opts.ui === false ? undefined : (await import('./ui/viewer.ts')).createViewer(opts.ui === true ? {} : opts.ui);
  const faults = createFaultPlan(opts.faults);
  const intake = createIntake({ limits, faults, onRequest: opts.onRequest, onReply: opts.onReply, viewer });
  const counts = intake.counts;

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    // A client that vanishes mid-request surfaces as 'error' events: never let them go unhandled.
    req.on('error', () => {});
    res.on('error', () => {});
    handle(req, res).catch(() => {
      // handle() answers every failure itself; this only guards against a bug leaking a rejection
      if (!res.headersSent) reply(res, 500, status(500, 'internal receiver error', 'json'), 'json');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const signal = PATHS[path];
    const format: WireFormat = formatOf(req.headers['content-type']) ?? 'json'; // answers use the request's encoding
    let bytes = 0;
    /** Answers a refused request with a Status body; `close` drops the connection after it. */
    const refuse = (code: number, message: string, close: boolean, fault = false): void => {
      if (signal !== undefined) {
        counts[signal].refused++;
        if (fault) counts[signal].faults++;
      }
      if (close) res.setHeader('Connection', 'close');
      if (code === 0) res.destroy();
      else if (code >= 200 && code < 300) reply(res, code, format === 'protobuf' ? encodeExportResponseProtobuf(signal ?? 'traces') : '{}', format);
      else reply(res, code, status(code, clip(message), format), format);
      intake.notify({ signal, path, status: code, message, fault, bytes, time: new Date() });
    };
    if (signal === undefined && viewer !== undefined && viewer.handle(req, res, path)) return;
    if (signal === undefined) {
      intake.unrouted();
      return refuse(404, `unknown path ${JSON.stringify(path.slice(0, 200))}: expected /v1/traces, /v1/logs or /v1/metrics`, true);
    }
    const c = counts[signal];
    c.requests++;
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return refuse(405, `method ${req.method ?? ''} not allowed: use POST`, true);
    }
    const wire = negotiate(req.headers['content-type'], req.headers['content-encoding']);
    if (!wire.ok) return refuse(415, wire.message, true);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return refuse(413, `request body of ${declared} bytes exceeds the ${maxBodyBytes}-byte limit`, true);
    const read = await readBody(req, maxBodyBytes);
    bytes = read.wireBytes;
    c.bytes += bytes;
    if (read.kind === 'aborted') return refuse(0, 'client went away mid-body', true);
    if (read.kind === 'too-large') return refuse(413, `request body exceeds the ${maxBodyBytes}-byte limit`, true);
    const fault = faults.take(signal);
    if (fault !== undefined) {
      if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
      return refuse(fault.reply === 'reset' ? 0 : fault.reply, 'injected fault', false, true);
    }
    let body = read.body;
    if (wire.gzip) {
      const inflated = await inflate(body, maxBodyBytes);
      if (inflated.kind === 'too-large') return refuse(413, `inflated request body exceeds the ${maxBodyBytes}-byte limit`, true);
      if (inflated.kind === 'invalid') return refuse(400, inflated.message, false);
      body = inflated.body;
    }
    const decoded = intake.accept(signal, wire.format, body);
    if (typeof decoded === 'string') return refuse(400, decoded, false);
    if (decoded instanceof DecodeLimitError) return refuse(413, decoded.message, false);
    if (wire.format === 'protobuf') reply(res, 200, protobufResponse(signal, decoded), 'protobuf');
    else reply(res, 200, decoded.rejected > 0 || decoded.errorMessage !== '' ? partial(signal, decoded.rejected, decoded.errorMessage) : '{}', 'json');
    intake.delivered(signal, path, decoded, bytes);
  }

  let listening;
  try {
    listening = await listen(server, port, host, opts.unref === true);
  } catch (e) {
    viewer?.close();
    throw e;
  }
  let grpc: GrpcListener | undefined;
  if (grpcPort !== undefined) {
    try {
      grpc = await startGrpcListener({ host, port: grpcPort, maxBodyBytes, handle: intake.handleGrpc, onRefused: intake.grpcRefused, unref: opts.unref === true });
    } catch (e) {
      viewer?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw e;
    }
  }

  const { url, address } = listening;
  let closing: Promise<void> | undefined;
  return {
    url,
    host: address.address,
    port: address.port,
    ...(grpc !== undefined ? { grpcUrl: grpc.url, grpcPort: grpc.port } : {}),
    ...(viewer !== undefined ? { uiUrl: `${url}/` } : {}),
    stats: intake.stats,
    close() {
      viewer?.close();
      closing ??= Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
          for (const s of sockets) s.destroy();
        }),
        grpc?.close(),
      ]).then(() => undefined);
      return closing;
    },
  };
}

/** A google.rpc.Status body, JSON or protobuf. */
function status(httpStatus: number, message: string, format: WireFormat): string | Uint8Array {
  if (format === 'protobuf') return encodeRpcStatus({ code: RPC_CODE[httpStatus] ?? 2, message });
  return JSON.stringify({ code: RPC_CODE[httpStatus] ?? 2, message });
}

function partial(signal: Signal, rejected: number, errorMessage: string): string {
  const inner: Record<string, string> = {};
  if (rejected > 0) inner[REJECTED_KEY[signal]] = String(rejected);
  if (errorMessage !== '') inner['errorMessage'] = clip(errorMessage);
  return JSON.stringify({ partialSuccess: inner });
}

function reply(res: ServerResponse, code: number, body: string | Uint8Array, format: WireFormat): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = code;
  res.setHeader('Content-Type', format === 'protobuf' ? 'application/x-protobuf' : 'application/json');
  res.setHeader('Content-Length', typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  res.end(body);
}
