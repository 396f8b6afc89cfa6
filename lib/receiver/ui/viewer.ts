// The live viewer's HTTP side, mounted on the receiver's port when it is started with `ui`:
// GET / (the page), /assets/* (its script and styles), /api/snapshot (everything kept, JSON) and
// /api/events (Server-Sent Events: a snapshot, then what each accepted request added, coalesced
// every 100 ms). Loaded only when asked for (a dynamic import in server.ts). Requests whose Host
// is a DNS name other than localhost are refused, so a web page cannot reach the data through
// DNS rebinding; the page is served with a CSP that allows no inline script.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Signal } from '../../contracts.ts';
import { APP_JS } from './assets/app.ts';
import { INDEX_HTML } from './assets/page.ts';
import { STYLE_CSS } from './assets/style.ts';
import { encodeBatch, sseFrame, ViewerStore, type ViewBatch, type ViewerLimits } from './store.ts';

export type { ViewerLimits } from './store.ts';

/** The viewer as the receiver drives it. */
export interface Viewer {
  /** Answers `req` when `path` is one of the viewer's; returns false (untouched) otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
  /** Adds an accepted request's items. Never throws. */
  ingest(signal: Signal, request: unknown): void;
  /** Ends the open event streams and stops the timers. */
  close(): void;
  readonly store: ViewerStore;
}

/** Open event streams at once; more are answered 503. */
const MAX_STREAMS = 16;
/** A stream whose unsent output exceeds this is closed (the page reconnects and gets a snapshot). */
const MAX_BUFFERED = 16 * 1024 * 1024;
const FLUSH_MS = 100;
const HEARTBEAT_MS = 15_000;

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS: Readonly<Record<string, { readonly type: string; readonly body: string }>> = {
  '/': { type: 'text/html; charset=utf-8', body: INDEX_HTML },
  '/index.html': { type: 'text/html; charset=utf-8', body: INDEX_HTML },
  '/assets/app.js': { type: 'text/javascript; charset=utf-8', body: APP_JS },
  '/assets/style.css': { type: 'text/css; charset=utf-8', body: STYLE_CSS },
};

/**
 * Creates the viewer with its bounded store.
 * @throws ConfigError for a limit that is not an integer >= 1.
 */
export function createViewer(limits: ViewerLimits = {}): Viewer {
  const store = new ViewerStore(limits);
  const streams = new Set<ServerResponse>();
  let pending: { spans: ViewBatch['spans'][number][]; logs: ViewBatch['logs'][number][]; points: ViewBatch['points'][number][] } | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  const heartbeat = setInterval(() => {
    for (const res of streams) send(res, ': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function send(res: ServerResponse, text: string): void {
    if (res.destroyed || res.writableEnded) {
      streams.delete(res);
      return;
    }
    if (res.writableLength > MAX_BUFFERED) {
      streams.delete(res);
      res.destroy();
      return;
    }
    res.write(text);
  }

  function flush(): void {
    flushTimer = undefined;
    const batch = pending;
    pending = undefined;
    if (batch === undefined || streams.size === 0) return;
    const frame = sseFrame('append', encodeBatch(batch, store.counts));
    for (const res of streams) send(res, frame);
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    if (streams.size >= MAX_STREAMS) {
      text(res, 503, `too many open viewer pages (${MAX_STREAMS}); close one and reload`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Accel-Buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    res.write(`retry: 1000\n\n${sseFrame('snapshot', encodeBatch(store.snapshot(), store.counts, store.limits))}`);
    streams.add(res);
    const drop = (): void => {
      streams.delete(res);
    };
    req.once('close', drop);
    res.once('close', drop);
  }

  return {
    store,
    handle(req, res, path) {
      const asset = ASSETS[path];
      const api = path === '/api/events' || path === '/api/snapshot';
      if (asset === undefined && !api && path !== '/favicon.ico') return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        text(res, 405, `method ${String(req.method)} not allowed: the viewer answers GET`);
        return true;
      }
      if (!allowedHost(req.headers.host)) {
        text(res, 403, 'the viewer answers only requests addressed to localhost or an IP address (DNS-rebinding guard)');
        return true;
      }
      if (path === '/favicon.ico') {
        res.writeHead(204, { 'Cache-Control': 'max-age=86400' }).end();
        return true;
      }
      if (path === '/api/events') {
        if (req.method === 'HEAD') res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' }).end();
        else openStream(req, res);
        return true;
      }
      if (path === '/api/snapshot') {
        body(res, 200, 'application/json; charset=utf-8', encodeBatch(store.snapshot(), store.counts, store.limits), req.method === 'HEAD');
        return true;
      }
      res.setHeader('Content-Security-Policy', CSP);
      res.setHeader('Referrer-Policy', 'no-referrer');
      body(res, 200, asset!.type, asset!.body, req.method === 'HEAD');
      return true;
    },
    ingest(signal, request) {
      let batch: ViewBatch;
      try {
        batch = store.ingest(signal, request);
      } catch {
        return; // odd input must never break the receiver
      }
      if (streams.size === 0) return;
      pending ??= { spans: [], logs: [], points: [] };
      pending.spans.push(...batch.spans);
      pending.logs.push(...batch.logs);
      pending.points.push(...batch.points);
      if (flushTimer === undefined) {
        flushTimer = setTimeout(flush, FLUSH_MS);
        flushTimer.unref();
      }
    },
    close() {
      clearInterval(heartbeat);
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      flushTimer = undefined;
      pending = undefined;
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

/**
 * True when `host` (the Host header) names localhost or an IP address: a DNS name pointing at
 * this machine (DNS rebinding) is refused.
 */
export function allowedHost(host: string | undefined): boolean {
  if (host === undefined || host === '') return false;
  const h = host.toLowerCase();
  if (h.startsWith('[')) return /^\[[0-9a-f:.]+\](:\d+)?$/.test(h);
  const name = h.replace(/:\d+$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name);
}

function text(res: ServerResponse, status: number, message: string): void {
  body(res, status, 'text/plain; charset=utf-8', `${message}\n`, false);
}

function body(res: ServerResponse, status: number, type: string, content: string, head: boolean): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(content),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(head ? undefined : content);
}
