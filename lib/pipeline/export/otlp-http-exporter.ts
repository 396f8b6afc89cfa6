// The OTLP/HTTP exporter: what OTLP/HTTP adds to the protocol-agnostic retrying exporter
// (retrying-exporter.ts: encode → split → gzip → retry loop). Owns the request headers
// (content-type from the protocol json/binary, user-agent, gzip content-encoding), the POST over
// HttpTransport, and reading its outcome: 2xx accepted (partialSuccess from the body), 429/502/
// 503/504 and network failures retryable, Retry-After honoured, a short message from error bodies.
import type { ResolvedOtlpHttpExporter } from '../../config/types.ts';
import { diag } from '../../platform/diag.ts';
import { RetryingExporter, type OtlpExporterOptions } from './retrying-exporter.ts';
import { checkDestination, requestHeaders, type Attempt, type SendOnce } from './send-once.ts';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../config/defaults.ts';
import type { ProxyEnv } from './proxy.ts';
import { failureMessage, parsePartialSuccess } from './response.ts';
import { isRetryableError, isRetryableStatus, parseRetryAfter } from './retry.ts';
import { HttpTransport, type HttpTransportKind } from './transport.ts';
import type { Exporter, Signal } from '../../contracts.ts';

/** Options of {@link createOtlpHttpExporter}. */
export interface OtlpHttpExporterOptions<T> extends OtlpExporterOptions<T> {
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from. @default process.env */
  readonly env?: ProxyEnv;
  /** Response bodies are read up to this size. @default 4194304 */
  readonly maxResponseBytes?: number;
  /**
   * The HTTP client: 'auto' (node:http/https on Node, fetch on Bun, undici when a proxy applies)
   * or 'undici'. @default dest.transport ?? 'auto'
   */
  readonly transport?: HttpTransportKind;
}

/**
 * Creates an exporter that POSTs batches to `dest` as OTLP/HTTP. `encode` turns a batch into the
 * request body (JSON, or protobuf for protocol 'binary'). Throws `ConfigError` at construction for
 * an invalid URL or a client certificate without its key (or the reverse); never afterwards.
 */
export function createOtlpHttpExporter<T>(
  dest: ResolvedOtlpHttpExporter,
  encode: (items: readonly T[]) => Uint8Array,
  opts?: OtlpHttpExporterOptions<T>,
): Exporter<T> {
  const o = opts ?? {};
  checkDestination(dest, 'expected an http:// or https:// URL');
  return new RetryingExporter(dest, encode, o, new HttpSendOnce(dest, o));
}

/** ` to <host>` for a redirect's Location (host only: a path or query may carry tokens). */
function redirectHost(location: string | undefined): string {
  if (location === undefined) return '';
  try {
    const u = new URL(location, 'http://relative.invalid');
    return u.host === 'relative.invalid' ? ' to the same host' : ` to ${u.host}`;
  } catch {
    return '';
  }
}

/** One OTLP/HTTP POST, read into an {@link Attempt}. */
class HttpSendOnce implements SendOnce {
  readonly label = 'export';
  readonly payloadName = 'request body';
  readonly framingBytes = 0;
  readonly #signal: Signal;
  readonly #headers: Record<string, string>;
  readonly #transport: HttpTransport;

  constructor(dest: ResolvedOtlpHttpExporter, opts: Pick<OtlpHttpExporterOptions<never>, 'env' | 'maxResponseBytes' | 'transport'>) {
    this.#signal = dest.signal;
    const headers = requestHeaders(dest.headers);
    headers['content-type'] = dest.protocol === 'binary' ? 'application/x-protobuf' : 'application/json';
    delete headers['content-length'];
    delete headers['content-encoding'];
    if (dest.compression === 'gzip') headers['content-encoding'] = 'gzip';
    this.#headers = headers;
    this.#transport = new HttpTransport({
      url: dest.url,
      tls: dest.tls,
      ...(opts.env !== undefined ? { env: opts.env } : {}),
      maxResponseBytes: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      transport: opts.transport ?? dest.transport ?? 'auto',
    });
  }

  // Hot path: once per request; one outcome object, no per-record work.
  async send(payload: Uint8Array, timeoutMs: number, signal: AbortSignal): Promise<Attempt> {
    const outcome = await this.#transport.send(payload, this.#headers, timeoutMs, signal);
    if (outcome.kind === 'error') {
      return {
        ok: false, code: outcome.code, status: undefined, aborted: outcome.aborted, retryable: isRetryableError(outcome.code),
        retryAfterMs: undefined, message: `${outcome.code}: ${outcome.message}`, cause: outcome.cause,
      };
    }
    const status = outcome.status;
    if (status >= 200 && status < 300) {
      // A 2xx is the acknowledgement; an over-long body cannot carry a trustworthy partialSuccess.
      if (outcome.truncated) diag('warn', `${this.#signal} export: response body over the size limit was not parsed`);
      return { ok: true, code: status, status, partial: outcome.truncated ? undefined : parsePartialSuccess(outcome.body) };
    }
    if (status >= 300 && status < 400) {
      // Never followed: the body and headers (API keys) stay with the configured server.
      return {
        ok: false, code: status, status, aborted: false, retryable: false, retryAfterMs: undefined,
        message: `HTTP ${status} redirect${redirectHost(outcome.location)} not followed (configure the final URL)`, cause: undefined,
      };
    }
    const retryable = isRetryableStatus(status);
    return {
      ok: false, code: status, status, aborted: false, retryable,
      retryAfterMs: retryable ? parseRetryAfter(outcome.retryAfter, Date.now()) : undefined,
      message: failureMessage(status, outcome.body), cause: undefined,
    };
  }

  statusName(code: number): string {
    return String(code);
  }

  close(graceMs: number): Promise<void> {
    return this.#transport.close(graceMs);
  }
}
