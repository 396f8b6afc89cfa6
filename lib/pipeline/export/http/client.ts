// The contract between HttpTransport (one POST with a timeout, mapped to an outcome) and the HTTP
// clients that carry it: node:http/https (the default on Node), the runtime's fetch (Bun) and
// undici (proxies, or when asked for). A client makes one request and hands back the status line
// and a body to read; it never follows redirects.

/** PEM contents for a destination: `ca` becomes the only trust root; `cert` + `key` enable mTLS. */
export interface TlsMaterial {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

/** A response as every client gives it: status, two headers and a body to read (or cancel). */
export interface RawResponse {
  readonly status: number;
  /** The raw `Retry-After` header, if any. */
  readonly retryAfter: string | undefined;
  /** The raw `Location` header, if any (redirects are reported, never followed). */
  readonly location: string | undefined;
  readonly body: AsyncIterable<Uint8Array>;
  cancel(): void;
}

/** One destination's HTTP client. `post` rejects on transport failure (the transport maps it). */
export interface HttpClient {
  /** Which client this is, for diagnostics and `stats()`: 'node', 'fetch' or 'undici'. */
  readonly name: 'node' | 'fetch' | 'undici';
  post(url: URL, body: Uint8Array, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<RawResponse>;
  /** Closes idle connections: gracefully, then forcibly after `graceMs`. Never rejects. */
  close(graceMs: number): Promise<void>;
}

/** Thrown by a client that cannot work at all (its module could not be loaded). */
export class TransportUnavailableError extends Error {
  readonly code = 'ERR_TRANSPORT_UNAVAILABLE';
}

/** An empty body, for responses that carry none. */
export const EMPTY_BODY: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} };
