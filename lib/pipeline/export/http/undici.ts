// undici as an HTTP client: the transport for HTTPS_PROXY / HTTP_PROXY destinations (its
// ProxyAgent tunnels through CONNECT) and for exporters whose settings ask for
// `transport: 'undici'`. undici is never imported statically: `loadUndici` takes it from a loader
// registered by `import 'otlp-lite/undici'` (how a bundled program carries it), else imports it
// by a computed specifier that bundlers leave alone, so undici's ~530 KB never land in a bundle
// that does not ask for them. Loaded from `undici/index.js` by path: Bun answers the bare
// `undici` specifier with a partial built-in stand-in whose ProxyAgent cannot dispatch.
import type * as Undici from 'undici';
import { clampDelay } from '../../timers.ts';
import { TransportUnavailableError, type HttpClient, type RawResponse, type TlsMaterial } from './client.ts';

/** The undici module as the client uses it. */
export type UndiciModule = Pick<typeof Undici, 'Agent' | 'ProxyAgent' | 'request'>;

let registered: (() => Promise<unknown>) | undefined;
let loading: Promise<UndiciModule> | undefined;

/**
 * Registers how undici is loaded (used by `otlp-lite/undici`, whose static `import()` of undici
 * makes bundlers carry it). Later calls replace the loader until undici has been loaded once.
 */
export function registerUndiciLoader(load: () => Promise<unknown>): void {
  registered = load;
}

/** True when `import 'otlp-lite/undici'` registered a loader in this program. */
export function undiciRegistered(): boolean {
  return registered !== undefined;
}

// Computed at run time on purpose: a string literal here would make bundlers include undici.
const UNDICI_PATH = ['undici', 'index.js'].join('/');

function pick(m: unknown): UndiciModule {
  const mod = m as Partial<UndiciModule> & { default?: Partial<UndiciModule> };
  const u = typeof mod.ProxyAgent === 'function' ? mod : mod.default;
  if (u === undefined || typeof u.ProxyAgent !== 'function' || typeof u.request !== 'function' || typeof u.Agent !== 'function') {
    throw new Error('the module loaded as undici has no Agent, ProxyAgent and request');
  }
  return u as UndiciModule;
}

/** Loads undici once per process. Rejects with TransportUnavailableError when it cannot be loaded. */
export function loadUndici(): Promise<UndiciModule> {
  loading ??= (registered ?? (() => import(UNDICI_PATH)))().then(pick, (e: unknown) => {
    throw new TransportUnavailableError(`could not load undici (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`, { cause: e });
  });
  return loading;
}

/** undici client for one destination, direct or through `proxy`. */
export class UndiciHttpClient implements HttpClient {
  readonly name = 'undici';
  readonly #tls: TlsMaterial | undefined;
  readonly #proxy: string | undefined;
  #dispatcher: Promise<Undici.Dispatcher> | undefined;

  constructor(tls: TlsMaterial | undefined, proxy: string | undefined) {
    this.#tls = tls;
    this.#proxy = proxy;
  }

  #getDispatcher(): Promise<Undici.Dispatcher> {
    this.#dispatcher ??= loadUndici().then((u) => {
      const t = this.#tls;
      const connect = {
        ...(t?.ca !== undefined ? { ca: t.ca } : {}),
        ...(t?.cert !== undefined ? { cert: t.cert } : {}),
        ...(t?.key !== undefined ? { key: t.key } : {}),
      };
      return this.#proxy !== undefined ? new u.ProxyAgent({ uri: this.#proxy, requestTls: connect }) : new u.Agent({ connect });
    });
    return this.#dispatcher;
  }

  async post(url: URL, body: Uint8Array, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<RawResponse> {
    const dispatcher = await this.#getDispatcher();
    const u = await loadUndici();
    const limit = Math.max(1, clampDelay(timeoutMs));
    const res = await u.request(url, { dispatcher, method: 'POST', headers, body, signal, headersTimeout: limit, bodyTimeout: limit });
    const h = res.headers;
    const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
    return {
      status: res.statusCode,
      retryAfter: one(h['retry-after']),
      location: one(h['location']),
      body: res.body as AsyncIterable<Uint8Array>,
      cancel: () => res.body.destroy(),
    };
  }

  async close(graceMs: number): Promise<void> {
    const pending = this.#dispatcher;
    if (pending === undefined) return;
    let dispatcher: Undici.Dispatcher;
    try {
      dispatcher = await pending;
    } catch {
      return;
    }
    let closed = false;
    const closing = dispatcher.close().then(
      () => void (closed = true),
      () => void (closed = true),
    );
    await Promise.race([closing, new Promise<void>((r) => setTimeout(r, clampDelay(graceMs)).unref())]);
    if (!closed) await dispatcher.destroy().catch(() => undefined);
  }
}
