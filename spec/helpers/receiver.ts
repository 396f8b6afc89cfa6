// Test helper: a scriptable loopback OTLP/HTTP receiver (127.0.0.1, port 0). Replies are
// scripted by request number (200, 503, 429 + Retry-After, 400, partial success, reset, hang,
// reset mid-response); bodies are gunzipped and JSON-parsed; close() force-closes every socket,
// hung ones included. Plain or TLS (optionally requiring a client certificate).
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';

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
  /** JSON.parse(body), or undefined when it is not JSON. */
  json: any;
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

/** Counts OTLP items in one decoded JSON request body. */
export function countItems(json: any): { traces: number; logs: number; metrics: number } {
  const out = { traces: 0, logs: 0, metrics: 0 };
  if (json === null || typeof json !== 'object') return out;
  for (const rs of arr(json.resourceSpans)) for (const ss of arr(rs?.scopeSpans)) out.traces += arr(ss?.spans).length;
  for (const rl of arr(json.resourceLogs)) for (const sl of arr(rl?.scopeLogs)) out.logs += arr(sl?.logRecords).length;
  for (const rm of arr(json.resourceMetrics)) {
    for (const sm of arr(rm?.scopeMetrics)) {
      for (const m of arr(sm?.metrics)) {
        const data = m?.sum ?? m?.gauge ?? m?.histogram ?? m?.exponentialHistogram ?? m?.summary;
        out.metrics += arr(data?.dataPoints).length;
      }
    }
  }
  return out;
}

function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
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
      const rec: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        rawBody,
        json,
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
        const c = countItems(r.json);
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
