// The seam between the retrying exporter and a wire protocol: what a resolved destination must
// say, one attempt's outcome (accepted or failed, with what the retry loop needs to decide), and
// `SendOnce`, the single attempt each protocol implements (otlp-http-exporter.ts, otlp-grpc-exporter.ts).
import { ConfigError } from '../../errors.ts';
import { USER_AGENT } from '../../version.ts';
import type { PartialSuccess } from './response.ts';
import type { Signal } from '../../contracts.ts';

/** What the retrying exporter needs of a resolved destination (both OTLP transports have these). */
export interface ExportDestination {
  readonly signal: Signal;
  readonly url: string;
  /** Per-attempt timeout, ms (> 0); each attempt also stops at the batch deadline. */
  readonly timeoutMs: number;
  readonly compression: 'none' | 'gzip';
  readonly tls: { readonly ca?: string; readonly cert?: string; readonly key?: string } | undefined;
  /** The configured headers (metadata): their values are scrubbed from every server text. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One attempt the server acknowledged (HTTP 2xx, gRPC OK). */
export interface Accepted {
  readonly ok: true;
  /** The protocol's status code, for the debug line (HTTP status, gRPC code). */
  readonly code: number;
  /** HTTP status carried by errors about this attempt; undefined for gRPC. */
  readonly status: number | undefined;
  /** The acknowledgement's partialSuccess, already read; undefined when none or unreadable. */
  readonly partial: PartialSuccess | undefined;
}

/** One attempt that did not deliver: a refusal by the server or a transport failure. */
export interface Failed {
  readonly ok: false;
  /** The protocol's status code, or the transport error code (`ECONNREFUSED`…), for the debug line. */
  readonly code: number | string;
  /** HTTP status carried by the error; undefined for gRPC and transport failures. */
  readonly status: number | undefined;
  /** `aborted`: the caller's signal aborted the attempt (shutdown), whatever `retryable` says. */
  readonly aborted: boolean;
  readonly retryable: boolean;
  /** Server-given delay before the retry (Retry-After, RetryInfo), ms. */
  readonly retryAfterMs: number | undefined;
  /** Short failure text, without the `<signal> export:` prefix. */
  readonly message: string;
  readonly cause: unknown;
}

/** What one send came to. */
export type Attempt = Accepted | Failed;

/**
 * The seam: one protocol's single attempt at delivering a payload. `send` never rejects; every
 * outcome is an {@link Attempt}. One instance per exporter (per destination).
 */
export interface SendOnce {
  /** How messages name the export: `export` (HTTP) or `export (gRPC)`. */
  readonly label: string;
  /** What a payload is called in the too-large message: `request body`, `request message`. */
  readonly payloadName: string;
  /** Bytes each attempt puts on the wire beyond the payload (gRPC's 5-byte message prefix). */
  readonly framingBytes: number;
  /** One attempt: `payload` is already compressed when the destination asks for gzip. */
  send(payload: Uint8Array, timeoutMs: number, signal: AbortSignal): Promise<Attempt>;
  /** A numeric status as the debug line shows it (`200`, `UNAVAILABLE`). */
  statusName(code: number): string;
  /** Releases sockets, waiting up to `graceMs` for in-flight calls. Never rejects. */
  close(graceMs: number): Promise<void>;
}

/**
 * Throws `ConfigError` unless `dest.url` is an http:// or https:// URL (`urlMessage` says what was
 * expected) and the client certificate and key are given together.
 */
export function checkDestination(dest: ExportDestination, urlMessage: string): void {
  try {
    const u = new URL(dest.url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new ConfigError([{ path: `${dest.signal}.endpoint`, message: urlMessage }]);
  }
  if ((dest.tls?.cert === undefined) !== (dest.tls?.key === undefined)) {
    throw new ConfigError([{ path: `${dest.signal}.tls`, message: 'clientCertificate and clientPrivateKey must be given together' }]);
  }
}

/**
 * Headers (gRPC: metadata) with lower-case names, given `keep` (default: all) of the configured
 * ones, and otlp-lite's user agent after the configured one, if any.
 */
export function requestHeaders(configured: Readonly<Record<string, string>>, keep: (name: string) => boolean = () => true): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(configured)) {
    const name = k.toLowerCase();
    if (keep(name)) out[name] = v;
  }
  const ua = out['user-agent'];
  out['user-agent'] = ua === undefined || ua === '' ? USER_AGENT : `${ua} ${USER_AGENT}`;
  return out;
}
