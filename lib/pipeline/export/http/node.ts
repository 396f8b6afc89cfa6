// The default HTTP client on Node: node:http / node:https with one keep-alive agent per
// destination. The agent unrefs idle sockets (Node's Agent#keepSocketAlive), so an idle exporter
// never holds the process, while a request in flight does. No WebAssembly parser to compile or
// tier up (undici's llhttp), so a CLI exits as soon as its last response is read.
// The modules load at the first request, not at import.
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { EMPTY_BODY, type HttpClient, type RawResponse, type TlsMaterial } from './client.ts';

type HttpModule = typeof Http;
type HttpsModule = typeof Https;

let httpLoader: Promise<HttpModule> | undefined;
let httpsLoader: Promise<HttpsModule> | undefined;

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

// Agents are shared per origin and TLS material by every exporter of the process, with at most
// MAX_SOCKETS_PER_ORIGIN connections each: a program with many providers sending to one collector
// keeps a handful of connections instead of one per exporter (2,000 providers used to open 4,000
// sockets at exit). An agent is destroyed when the last client using it closes.
const MAX_SOCKETS_PER_ORIGIN = 8;
interface PooledAgent {
  readonly agent: Http.Agent;
  users: number;
}
const pool = new Map<string, PooledAgent>();

/** node:http(s) client for one origin. */
export class NodeHttpClient implements HttpClient {
  readonly name = 'node';
  readonly #tls: TlsMaterial | undefined;
  #key = '';
  #pooled: PooledAgent | undefined;
  #closed = false;

  constructor(tls: TlsMaterial | undefined) {
    this.#tls = tls;
  }

  async #agentFor(url: URL): Promise<{ request: HttpModule['request']; agent: Http.Agent }> {
    const t = this.#tls;
    const https = url.protocol === 'https:';
    const mod = https ? await (httpsLoader ??= import('node:https')) : await (httpLoader ??= import('node:http'));
    if (this.#pooled === undefined) {
      this.#key = `${url.protocol}//${url.host}\u0000${t?.ca ?? ''}\u0000${t?.cert ?? ''}\u0000${t?.key ?? ''}`;
      let p = pool.get(this.#key);
      if (p === undefined) {
        const opts = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_ORIGIN };
        const agent = https
          ? new (mod as HttpsModule).Agent({
              ...opts,
              ...(t?.ca !== undefined ? { ca: t.ca } : {}),
              ...(t?.cert !== undefined ? { cert: t.cert } : {}),
              ...(t?.key !== undefined ? { key: t.key } : {}),
            })
          : new (mod as HttpModule).Agent(opts);
        p = { agent, users: 0 };
        pool.set(this.#key, p);
      }
      p.users++;
      this.#pooled = p;
    }
    return { request: mod.request as HttpModule['request'], agent: this.#pooled.agent };
  }

  async post(url: URL, body: Uint8Array, headers: Record<string, string>, _timeoutMs: number, signal: AbortSignal): Promise<RawResponse> {
    const { request, agent } = await this.#agentFor(url);
    return new Promise<RawResponse>((resolve, reject) => {
      const req = request(
        {
          protocol: url.protocol,
          hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
          port: url.port === '' ? undefined : Number(url.port),
          path: url.pathname + url.search,
          method: 'POST',
          headers: { ...headers, 'content-length': String(body.byteLength) },
          agent,
          signal,
        },
        (res) => {
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: header(res.headers['retry-after']),
            location: header(res.headers['location']),
            body: res.statusCode === 204 ? EMPTY_BODY : (res as AsyncIterable<Uint8Array>),
            cancel: () => res.destroy(),
          });
        },
      );
      req.on('error', reject); // 'on', not 'once': a late second error must not become an uncaught one
      req.end(body);
    });
  }

  async close(graceMs: number): Promise<void> {
    const p = this.#pooled;
    if (p === undefined || this.#closed) return;
    this.#closed = true;
    if (--p.users > 0) return; // other exporters still use it; idle sockets are unref'ed anyway
    if (pool.get(this.#key) === p) pool.delete(this.#key);
    const agent = p.agent;
    // Idle sockets go now; a request still in flight (only possible past a shutdown budget) is
    // cut after the grace period.
    const sockets = (): number => Object.values(agent.sockets).reduce((n, list) => n + (list?.length ?? 0), 0);
    if (sockets() > 0) {
      const end = Date.now() + Math.max(0, graceMs);
      while (sockets() > 0 && Date.now() < end) await new Promise<void>((r) => setTimeout(r, 10).unref());
    }
    agent.destroy();
  }
}
