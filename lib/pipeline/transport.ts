// One HTTP POST with a timeout, over undici, mapped to an outcome value. Holds the ONLY import()
// of undici: deferred to the first send (never at import time), limited to its Agent and request
// modules (the full entry point only when a proxy is configured). Under Bun, plain HTTP(S) goes
// through the runtime's own fetch instead (lib/platform/runtime.ts says where). Owns the keep-alive agent (idle sockets unref'ed by undici) and closes it.
// Never rejects: failures come back as `{ kind: 'error', code }`.
import type { Dispatcher } from 'undici';
import { diagOnce } from '../platform/diag.ts';
import { selectProxy, type ProxyEnv } from './proxy.ts';
import { clampDelay } from './timers.ts';
import { openLiftoffWindow, settleLiftoffWindow } from '../platform/wasm-tierup.ts';
import { importUndiciFull, preferNativeFetch } from '../platform/runtime.ts';

/** What one POST came to. */
export type SendOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** The raw `Retry-After` header, if any. */
      readonly retryAfter: string | undefined;
      /** Up to `maxResponseBytes` of the body. */
      readonly body: Buffer;
      /** True when the body was longer than `maxResponseBytes` and was cut. */
      readonly truncated: boolean;
    }
  | TransportError;

/** A request that got no answer (shared by the HTTP and gRPC transports). */
export interface TransportError {
  readonly kind: 'error';
  /** Node/undici error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, `ERR_HTTP2_STREAM_ERROR`, …), `ERR_REQUEST_TIMEOUT` or `ABORT_ERR`. */
  readonly code: string;
  readonly message: string;
  /** The per-request timeout fired. */
  readonly timedOut: boolean;
  /** The caller's signal aborted (shutdown). */
  readonly aborted: boolean;
  readonly cause: unknown;
}

/** A response as either HTTP client gives it: status, Retry-After and a body to read (or cancel). */
interface RawResponse {
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly body: AsyncIterable<Uint8Array>;
  cancel(): void;
}

const EMPTY_BODY: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} };

/** Transport settings for one destination. */
export interface TransportOptions {
  readonly url: string;
  /** PEM contents: `ca` becomes the only trust root; `cert` + `key` enable mTLS. */
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string } | undefined;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from. @default process.env */
  readonly env?: ProxyEnv;
  readonly maxResponseBytes: number;
}

interface UndiciParts {
  readonly Agent: typeof import('undici').Agent;
  readonly request: (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
}

let undiciParts: Promise<UndiciParts> | undefined;

function loadUndici(): Promise<UndiciParts> {
  undiciParts ??= Promise.all([import('undici/lib/dispatcher/agent.js'), import('undici/lib/api/api-request.js')]).then(
    ([agent, request]) => ({ Agent: agent.default, request: request.default }),
  );
  return undiciParts;
}

/** Strips credentials from URLs in a message (proxy URLs may carry them). */
function redact(message: string): string {
  return message.replace(/\/\/[^/\s@]+@/g, '//***@');
}

function errorCode(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown }; message?: unknown } | undefined;
  if (typeof err?.code === 'string') return err.code;
  if (typeof err?.cause?.code === 'string') return err.cause.code;
  if (typeof err?.message === 'string' && /socket hang up/i.test(err.message)) return 'ECONNRESET';
  return 'ERR_UNKNOWN';
}

function errorMessage(e: unknown): string {
  return redact(e instanceof Error ? e.message : String(e)).slice(0, 256);
}

/** A POST-only HTTP client for one OTLP destination. */
export class HttpTransport {
  readonly #url: URL;
  readonly #opts: TransportOptions;
  #dispatcher: Promise<{ parts: UndiciParts; dispatcher: Dispatcher }> | undefined;
  #closed = false;

  constructor(opts: TransportOptions) {
    this.#opts = opts;
    this.#url = new URL(opts.url);
  }

  /** The proxy this transport uses, or undefined for a direct connection. */
  get proxy(): string | undefined {
    return selectProxy(this.#url, this.#opts.env ?? process.env);
  }

  #getDispatcher(): Promise<{ parts: UndiciParts; dispatcher: Dispatcher }> {
    this.#dispatcher ??= loadUndici().then(async (parts) => {
      const tls = this.#opts.tls;
      const connect = {
        ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
        ...(tls?.cert !== undefined ? { cert: tls.cert } : {}),
        ...(tls?.key !== undefined ? { key: tls.key } : {}),
      };
      const proxy = this.proxy;
      if (proxy !== undefined) {
        // The proxy agent needs the API methods undici's index installs on Dispatcher.prototype
        // (its tunnel uses `client.connect`), so proxy users pay for the full entry point.
        const { ProxyAgent } = await importUndiciFull();
        return { parts, dispatcher: new ProxyAgent({ uri: proxy, requestTls: connect }) };
      }
      return { parts, dispatcher: new parts.Agent({ connect }) };
    });
    return this.#dispatcher;
  }

  /** POSTs `body` once. Resolves within `timeoutMs` (or when `signal` aborts); never rejects. */
  async send(body: Uint8Array, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<SendOutcome> {
    if (this.#closed) return { kind: 'error', code: 'ABORT_ERR', message: 'transport closed', timedOut: false, aborted: true, cause: undefined };
    // Bun: plain HTTP(S) goes through the runtime's own fetch (runtime.ts says why); else undici.
    let d: { parts: UndiciParts; dispatcher: Dispatcher } | undefined;
    if (!(preferNativeFetch && this.#opts.tls === undefined && this.proxy === undefined)) {
      try {
        d = await this.#getDispatcher();
      } catch (e) {
        diagOnce('error', 'undici-load', `could not load undici, nothing can be exported: ${errorMessage(e)}`);
        return { kind: 'error', code: 'ERR_UNDICI_UNAVAILABLE', message: `could not load undici: ${errorMessage(e)}`, timedOut: false, aborted: false, cause: e };
      }
    }
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, Math.max(1, clampDelay(timeoutMs)));
    timer.unref();
    const onAbort = (): void => ac.abort();
    if (signal.aborted) ac.abort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      const res = d !== undefined ? await this.#postUndici(d, body, headers, timeoutMs, ac.signal) : await this.#postFetch(body, headers, ac.signal);
      const status = res.status;
      const max = this.#opts.maxResponseBytes;
      const chunks: Uint8Array[] = [];
      let size = 0;
      let truncated = false;
      try {
        for await (const chunk of res.body) {
          if (size + chunk.length > max) {
            chunks.push(chunk.subarray(0, max - size));
            truncated = true;
            break;
          }
          size += chunk.length;
          chunks.push(chunk);
        }
      } catch (e) {
        // The body was cut off. A 2xx without its full body is not an acknowledgement: retry it
        // like a disconnect. Any other status already says what to do.
        if (status >= 200 && status < 300) throw e;
      } finally {
        if (truncated) res.cancel();
      }
      return { kind: 'response', status, retryAfter: res.retryAfter, body: Buffer.concat(chunks), truncated };
    } catch (e) {
      const aborted = signal.aborted && !timedOut;
      const code = timedOut ? 'ERR_REQUEST_TIMEOUT' : aborted ? 'ABORT_ERR' : errorCode(e);
      const message = timedOut ? `request timed out after ${timeoutMs} ms` : errorMessage(e);
      return { kind: 'error', code, message, timedOut, aborted, cause: e };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  async #postUndici(d: { parts: UndiciParts; dispatcher: Dispatcher }, body: Uint8Array, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<RawResponse> {
    openLiftoffWindow(); // Node 20/22: undici compiles llhttp on its first connection (wasm-tierup.ts)
    let responded = false;
    let res: Dispatcher.ResponseData;
    try {
      res = await d.parts.request.call(d.dispatcher, {
        origin: this.#url.origin,
        path: this.#url.pathname + this.#url.search,
        method: 'POST',
        headers,
        body,
        signal,
        headersTimeout: Math.max(1, clampDelay(timeoutMs)),
        bodyTimeout: Math.max(1, clampDelay(timeoutMs)),
      });
      responded = true;
    } finally {
      settleLiftoffWindow(responded);
    }
    const ra = res.headers['retry-after'];
    return {
      status: res.statusCode,
      retryAfter: Array.isArray(ra) ? ra[0] : ra,
      body: res.body as AsyncIterable<Uint8Array>,
      cancel: () => res.body.destroy(),
    };
  }

  async #postFetch(body: Uint8Array, headers: Record<string, string>, signal: AbortSignal): Promise<RawResponse> {
    const res = await fetch(this.#url, { method: 'POST', headers, body, signal });
    const stream = res.body;
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after') ?? undefined,
      body: stream === null ? EMPTY_BODY : (stream as unknown as AsyncIterable<Uint8Array>),
      cancel: () => void stream?.cancel().catch(() => undefined),
    };
  }

  /** Closes the keep-alive sockets: gracefully, then forcibly after `graceMs`. Never rejects. */
  async close(graceMs: number): Promise<void> {
    this.#closed = true;
    const pending = this.#dispatcher;
    if (pending === undefined) return;
    let dispatcher: Dispatcher;
    try {
      dispatcher = (await pending).dispatcher;
    } catch {
      return;
    }
    let closed = false;
    const closing = dispatcher.close().then(
      () => {
        closed = true;
      },
      () => {
        closed = true;
      },
    );
    await Promise.race([closing, new Promise<void>((r) => setTimeout(r, clampDelay(graceMs)).unref())]);
    if (!closed) await dispatcher.destroy().catch(() => undefined);
  }
}
