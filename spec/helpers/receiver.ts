// Test helper: a scriptable loopback OTLP/HTTP receiver (127.0.0.1, port 0). Replies are
// scripted by request number (200, 503, 429 + Retry-After, 400, partial success, reset, hang,
// reset mid-response); bodies are gunzipped, and OTLP/JSON request bodies decoded by proto-json
// (`otlp(signal)`); close() force-closes every socket, hung ones included. Plain or TLS (optionally
// requiring a client certificate). `closedAfter`, `receiversClosedAfter` and `useReceiver` close
// what a spec starts in its `after` hook.
import { after, before } from 'node:test';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { decodeRequest, type OtlpSignal, type RequestBySignal } from '../../proto-json/decode.ts';
import type { LogRecord, Metric, Span } from '../../proto-json/types.ts';

/** A scripted reply. */
export type Reply =
  | number // status with body '{}' (2xx) or a JSON Status body
  | { status: number; body?: string | Buffer; headers?: Record<string, string>; delayMs?: number }
  | 'reset' // destroy the socket without answering
  | 'hang' // accept, never answer (until close())
  | 'reset-mid-response'; // write headers + part of the body, then destroy

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Gunzipped if Content-Encoding: gzip. */
  body: Buffer;
  rawBody: Buffer;
  /** JSON.parse(body), or undefined when it is not JSON (for bodies that are not OTLP requests). */
  json: any;
  /**
   * The body decoded by proto-json as the OTLP/JSON export request of `signal` (canonical form:
   * int64 as decimal strings, default-valued fields left out). Throws DecodeError when it is not one.
   */
  otlp<S extends OtlpSignal>(signal: S): RequestBySignal[S];
  /** The signal of an OTLP request: from the path (`/v1/traces`…), else from the body's top-level key. */
  readonly signal: OtlpSignal | undefined;
  /** 0-based request number. */
  n: number;
  /** performance.now() when the request headers arrived. */
  startedAt: number;
  /** performance.now() when the response finished (or the socket was destroyed); undefined while pending. */
  endedAt: number | undefined;
  /** Status of the reply sent, or undefined for 'hang' / 'reset' / 'reset-mid-response'. */
  status: number | undefined;
}

/** A running receiver. */
export interface Receiver {
  /** http(s)://127.0.0.1:PORT */
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Resolves when requests.length >= n; rejects after timeoutMs (default 5000). */
  waitForRequests(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /**
   * Items received per signal, counted from decoded JSON bodies (spans / logRecords / metric data
   * points) of the requests answered with a 2xx (the ones a collector accepted).
   */
  counts(): { traces: number; logs: number; metrics: number };
  /** TLS handshakes the server refused (e.g. no or untrusted client certificate). */
  tlsErrors: number;
  /** Force-closes the server and every socket, hung ones included. */
  close(): Promise<void>;
}

/** Receiver options. */
export interface ReceiverOptions {
  /** Scripted replies by request number; after them the default reply is 200. */
  replies?: Reply[] | ((req: ReceivedRequest, n: number) => Reply);
  tls?: { key: string; cert: string; ca?: string; requestCert?: boolean };
}

const TOP_LEVEL: Record<string, OtlpSignal> = { resourceSpans: 'traces', resourceLogs: 'logs', resourceMetrics: 'metrics' };

/** The OTLP signal of a request: by its path, else by the top-level key of its JSON body. */
function signalOf(path: string, json: unknown): OtlpSignal | undefined {
  const m = /\/v1\/(traces|logs|metrics)(?:\?|$)/.exec(path);
  if (m) return m[1] as OtlpSignal;
  if (json === null || typeof json !== 'object') return undefined;
  for (const k of Object.keys(json)) if (k in TOP_LEVEL) return TOP_LEVEL[k];
  return undefined;
}

/**
 * Items in one request (spans / log records / metric data points), counted by proto-json's decoder;
 * 0 for a body that is not an OTLP/JSON request of its signal.
 */
export function countItems(req: Pick<ReceivedRequest, 'signal' | 'body'>): { traces: number; logs: number; metrics: number } {
  const out = { traces: 0, logs: 0, metrics: 0 };
  if (req.signal === undefined || req.body.length === 0) return out;
  try {
    out[req.signal] = decodeRequest(req.signal, req.body).items;
  } catch {
    // not an OTLP/JSON request: nothing counted
  }
  return out;
}

function statusBody(status: number): string {
  if (status >= 200 && status < 300) return '{}';
  return JSON.stringify({ code: status === 400 ? 3 : 14, message: `scripted ${status}` });
}

/** Starts a receiver on 127.0.0.1 with an ephemeral port. The server is unref'ed. */
export async function startReceiver(opts: ReceiverOptions = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters: { n: number; resolve: (r: ReceivedRequest[]) => void }[] = [];
  const itemCounts = new WeakMap<ReceivedRequest, { traces: number; logs: number; metrics: number }>();
  let tlsErrors = 0;
  let closed = false;

  const pickReply = (req: ReceivedRequest, n: number): Reply => {
    const r = opts.replies;
    if (typeof r === 'function') return r(req, n);
    if (Array.isArray(r) && n < r.length) return r[n] as Reply;
    return 200;
  };

  const notify = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (requests.length >= w.n) {
        waiters.splice(i, 1);
        w.resolve(requests.slice());
      }
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    req.on('error', () => {});
    res.on('error', () => {});
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      let body = rawBody;
      if (String(req.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') {
        try {
          body = gunzipSync(rawBody);
        } catch {
          body = Buffer.alloc(0);
        }
      }
      let json: any;
      try {
        json = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      const n = requests.length;
      const path = req.url ?? '';
      const decoded = new Map<OtlpSignal, unknown>();
      const rec: ReceivedRequest = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        body,
        rawBody,
        json,
        otlp<S extends OtlpSignal>(signal: S): RequestBySignal[S] {
          if (!decoded.has(signal)) decoded.set(signal, decodeRequest(signal, body).request);
          return decoded.get(signal) as RequestBySignal[S];
        },
        signal: signalOf(path, json),
        n,
        startedAt,
        endedAt: undefined,
        status: undefined,
      };
      const markEnd = (): void => {
        if (rec.endedAt === undefined) rec.endedAt = performance.now();
      };
      res.on('finish', markEnd);
      res.on('close', markEnd);
      requests.push(rec);
      let reply: Reply;
      try {
        reply = pickReply(rec, n);
      } catch {
        reply = 500;
      }
      respond(reply, rec, req, res);
      notify();
    });
  };

  const respond = (reply: Reply, rec: ReceivedRequest, req: IncomingMessage, res: ServerResponse): void => {
    if (reply === 'hang') return;
    if (reply === 'reset') {
      req.socket.destroy();
      return;
    }
    if (reply === 'reset-mid-response') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partialSuccess":', () => setTimeout(() => req.socket.destroy(), 5));
      return;
    }
    const r = typeof reply === 'number' ? { status: reply } : reply;
    rec.status = r.status;
    const send = (): void => {
      if (closed) return;
      const body = r.body ?? statusBody(r.status);
      res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
      res.end(body);
    };
    if (r.delayMs !== undefined && r.delayMs > 0) setTimeout(send, r.delayMs).unref();
    else send();
  };

  let server: Server;
  if (opts.tls) {
    const t = opts.tls;
    const https = createHttpsServer(
      {
        key: t.key,
        cert: t.cert,
        ...(t.ca !== undefined ? { ca: t.ca } : {}),
        requestCert: t.requestCert ?? false,
        rejectUnauthorized: t.requestCert ?? false,
      },
      handle,
    );
    https.on('tlsClientError', (_err, socket) => {
      tlsErrors++;
      socket.destroy();
    });
    server = https;
  } else {
    server = createHttpServer(handle);
  }
  server.on('clientError', (_err, socket) => socket.destroy());
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;

  const receiver: Receiver = {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    get tlsErrors() {
      return tlsErrors;
    },
    waitForRequests(n: number, timeoutMs = 5000): Promise<ReceivedRequest[]> {
      if (requests.length >= n) return Promise.resolve(requests.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`receiver: expected ${n} request(s) within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        const w = {
          n,
          resolve: (r: ReceivedRequest[]) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        waiters.push(w);
      });
    },
    counts() {
      const out = { traces: 0, logs: 0, metrics: 0 };
      for (const r of requests) {
        if (r.status === undefined || r.status < 200 || r.status >= 300) continue;
        let c = itemCounts.get(r);
        if (c === undefined) itemCounts.set(r, (c = countItems(r))); // decoded once per request: benches call counts() per sample
        out.traces += c.traces;
        out.logs += c.logs;
        out.metrics += c.metrics;
      }
      return out;
    },
    close(): Promise<void> {
      closed = true;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
        sockets.clear();
      });
    },
  };
  return receiver;
}

/** The spans of every traces request among `requests` (decoded by proto-json), in order. */
export function receivedSpans(requests: readonly ReceivedRequest[]): Span[] {
  return requests.filter((r) => r.signal === 'traces').flatMap((r) => (r.otlp('traces').resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? [])));
}

/** The log records of every logs request among `requests` (decoded by proto-json), in order. */
export function receivedLogRecords(requests: readonly ReceivedRequest[]): LogRecord[] {
  return requests.filter((r) => r.signal === 'logs').flatMap((r) => (r.otlp('logs').resourceLogs ?? []).flatMap((rl) => (rl.scopeLogs ?? []).flatMap((sl) => sl.logRecords ?? [])));
}

/** The metrics of every metrics request among `requests` (decoded by proto-json), in order. */
export function receivedMetrics(requests: readonly ReceivedRequest[]): Metric[] {
  return requests.filter((r) => r.signal === 'metrics').flatMap((r) => (r.otlp('metrics').resourceMetrics ?? []).flatMap((rm) => (rm.scopeMetrics ?? []).flatMap((sm) => sm.metrics ?? [])));
}

/**
 * Returns a function that registers what it is given to be closed in an `after` hook of the
 * current suite (or file), and passes it through: `const rx = closing(await startReceiver())`.
 */
export function closedAfter(): <T extends { close(): unknown }>(thing: T) => T {
  const things: { close(): unknown }[] = [];
  after(async () => {
    await Promise.all(things.map((t) => t.close()));
  });
  return (thing) => {
    things.push(thing);
    return thing;
  };
}

/** `startReceiver` whose receivers are all closed after the current suite (or file). */
export function receiversClosedAfter(): (opts?: ReceiverOptions) => Promise<Receiver> {
  const closing = closedAfter();
  return async (opts) => closing(await startReceiver(opts));
}

/**
 * One receiver for the current suite: started in `before`, closed in `after`. The returned object
 * forwards to it (use it inside tests and hooks only).
 */
export function useReceiver(opts: ReceiverOptions = {}): Receiver {
  let current: Receiver | undefined;
  before(async () => {
    current = await startReceiver(opts);
  });
  after(async () => {
    await current?.close();
  });
  const rx = (): Receiver => {
    if (current === undefined) throw new Error('useReceiver: the receiver starts in the before hook');
    return current;
  };
  return {
    get url() {
      return rx().url;
    },
    get port() {
      return rx().port;
    },
    get requests() {
      return rx().requests;
    },
    get tlsErrors() {
      return rx().tlsErrors;
    },
    waitForRequests: (n, timeoutMs) => rx().waitForRequests(n, timeoutMs),
    counts: () => rx().counts(),
    close: () => rx().close(),
  };
}
