// One HTTP POST with a timeout, mapped to an outcome value; never rejects. Chooses the HTTP client
// per destination (http/ has one file per client):
//   HTTPS_PROXY / HTTP_PROXY applies (and NO_PROXY does not exempt the host) → undici's ProxyAgent
//   settings ask for `transport: 'undici'`                                  → undici
//   Bun                                                                      → the runtime's fetch
//   otherwise (Node)                                                         → node:http / node:https
// Reads the response body up to `maxResponseBytes`; reports a redirect's Location, never follows it.
import { diagNotice } from '../../platform/diag.ts';
import { runtime } from '../../platform/runtime.ts';
import { TransportUnavailableError, type HttpClient, type RawResponse, type TlsMaterial } from './http/client.ts';
import { FetchHttpClient } from './http/fetch.ts';
import { NodeHttpClient } from './http/node.ts';
import { UndiciHttpClient, undiciRegistered } from './http/undici.ts';
import { selectProxy, type ProxyEnv } from './proxy.ts';
import { clampDelay } from '../timers.ts';

/** What one POST came to. */
export type SendOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** The raw `Retry-After` header, if any. */
      readonly retryAfter: string | undefined;
      /** The raw `Location` header, if any (redirects are never followed). */
      readonly location: string | undefined;
      /** Up to `maxResponseBytes` of the body. */
      readonly body: Buffer;
      /** True when the body was longer than `maxResponseBytes` and was cut. */
      readonly truncated: boolean;
    }
  | TransportError;

/** A request that got no answer (shared by the HTTP and gRPC transports). */
export interface TransportError {
  readonly kind: 'error';
  /**
   * Node/undici error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, `ERR_HTTP2_STREAM_ERROR`, …),
   * `ERR_REQUEST_TIMEOUT`, `ABORT_ERR`, or `ERR_TRANSPORT_UNAVAILABLE` when no HTTP client could
   * be loaded (nothing can be delivered).
   */
  readonly code: string;
  readonly message: string;
  /** The per-request timeout fired. */
  readonly timedOut: boolean;
  /** The caller's signal aborted (shutdown). */
  readonly aborted: boolean;
  readonly cause: unknown;
}

/** Which HTTP client carries OTLP/HTTP requests. */
export type HttpTransportKind = 'auto' | 'undici';

/** Transport settings for one destination. */
export interface TransportOptions {
  readonly url: string;
  /** PEM contents: `ca` becomes the only trust root; `cert` + `key` enable mTLS. */
  readonly tls?: TlsMaterial | undefined;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from. @default process.env */
  readonly env?: ProxyEnv;
  readonly maxResponseBytes: number;
  /**
   * 'auto': node:http(s) on Node, fetch on Bun, undici when a proxy applies. 'undici': always undici.
   * @default 'auto'
   */
  readonly transport?: HttpTransportKind;
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

/** The client `opts` call for (see the table at the top of the file). */
function chooseClient(url: URL, opts: TransportOptions): { client: HttpClient; proxy: string | undefined } {
  const proxy = selectProxy(url, opts.env ?? process.env);
  if (proxy !== undefined || opts.transport === 'undici') return { client: new UndiciHttpClient(opts.tls, proxy), proxy };
  if (runtime.name === 'bun') return { client: new FetchHttpClient(opts.tls), proxy };
  return { client: new NodeHttpClient(opts.tls), proxy };
}

/** A POST-only HTTP client for one OTLP destination. */
export class HttpTransport {
  readonly #url: URL;
  readonly #opts: TransportOptions;
  readonly #client: HttpClient;
  readonly #proxy: string | undefined;
  #closed = false;

  constructor(opts: TransportOptions) {
    this.#opts = opts;
    this.#url = new URL(opts.url);
    const chosen = chooseClient(this.#url, opts);
    this.#client = chosen.client;
    this.#proxy = chosen.proxy;
  }

  /** The proxy this transport uses, or undefined for a direct connection. */
  get proxy(): string | undefined {
    return this.#proxy;
  }

  /** The HTTP client in use: 'node', 'fetch' or 'undici'. */
  get client(): HttpClient['name'] {
    return this.#client.name;
  }

  /** POSTs `body` once. Resolves within `timeoutMs` (or when `signal` aborts); never rejects. */
  async send(body: Uint8Array, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<SendOutcome> {
    if (this.#closed) return { kind: 'error', code: 'ABORT_ERR', message: 'transport closed', timedOut: false, aborted: true, cause: undefined };
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
      const res = await this.#client.post(this.#url, body, headers, timeoutMs, ac.signal);
      const { bytes, truncated } = await this.#readBody(res);
      return { kind: 'response', status: res.status, retryAfter: res.retryAfter, location: res.location, body: bytes, truncated };
    } catch (e) {
      if (e instanceof TransportUnavailableError) return this.#unavailable(e);
      const aborted = signal.aborted && !timedOut;
      const code = timedOut ? 'ERR_REQUEST_TIMEOUT' : aborted ? 'ABORT_ERR' : errorCode(e);
      const message = timedOut ? `request timed out after ${timeoutMs} ms` : errorMessage(e);
      return { kind: 'error', code, message, timedOut, aborted, cause: e };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  async #readBody(res: RawResponse): Promise<{ bytes: Buffer; truncated: boolean }> {
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
      if (res.status >= 200 && res.status < 300) throw e;
    } finally {
      if (truncated) res.cancel();
    }
    return { bytes: Buffer.concat(chunks), truncated };
  }

  #unavailable(e: TransportUnavailableError): TransportError {
    const why = this.#proxy !== undefined ? `a proxy applies to ${this.#url.host} (HTTPS_PROXY/HTTP_PROXY)` : "the settings ask for transport 'undici'";
    const hint = undiciRegistered()
      ? 'check that undici loads in this program'
      : "in a bundled program add `import 'otlp-lite/undici'` to its entry (see the README's Bundling section)";
    diagNotice(
      `transport-unavailable:${this.#url.host}`,
      `${why}, but undici could not be loaded, so nothing is exported to ${this.#url.host}: ${hint}. ${errorMessage(e)}`,
    );
    return { kind: 'error', code: e.code, message: errorMessage(e), timedOut: false, aborted: false, cause: e };
  }

  /** Closes the keep-alive sockets: gracefully, then forcibly after `graceMs`. Never rejects. */
  async close(graceMs: number): Promise<void> {
    this.#closed = true;
    await this.#client.close(graceMs).catch(() => undefined);
  }
}
