// The OTLP/gRPC exporter: what OTLP/gRPC adds to the protocol-agnostic retrying exporter
// (retrying-exporter.ts: encode → split → gzip → retry loop, same policy and batch deadline as
// OTLP/HTTP). Owns the metadata (reserved names dropped, user-agent), the unary Export call over
// GrpcTransport, and reading its status: OK accepted (partialSuccess from the response message);
// UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ABORTED, OUT_OF_RANGE, DATA_LOSS, timeouts and
// connection/stream failures retryable; RESOURCE_EXHAUSTED only with a RetryInfo, whose delay
// then replaces the backoff.
import type { ResolvedOtlpGrpcExporter } from '../../config/types.ts';
import { GRPC_EXPORT_PATHS, grpcStatusName, isRetryableGrpcStatus } from '../../../proto-json/protobuf/grpc.ts';
import { RetryingExporter, type OtlpExporterOptions } from './retrying-exporter.ts';
import { checkDestination, requestHeaders, type Attempt, type SendOnce } from './send-once.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_ERROR_MESSAGE_CHARS } from '../../config/defaults.ts';
import { GrpcTransport } from './grpc-transport.ts';
import { parseProtobufPartialSuccess, type PartialSuccess } from './response.ts';
import { isRetryableError } from './retry.ts';
import type { Exporter } from '../../contracts.ts';

/** Options of {@link createOtlpGrpcExporter}. */
export interface OtlpGrpcExporterOptions<T> extends OtlpExporterOptions<T> {
  /** Response messages are read up to this size. @default 4194304 */
  readonly maxResponseBytes?: number;
}

// Connection-level and gRPC-reserved header names that must not be sent as metadata.
const RESERVED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'te', 'content-type', 'content-length', 'content-encoding']);

/**
 * Creates an exporter that sends batches to `dest` as OTLP/gRPC unary Export calls (HTTP/2,
 * connected lazily at the first export, closed by `shutdown`). `encode` turns a batch into the
 * protobuf request message (`encodeTracesProtobuf` & co). Throws `ConfigError` at construction for
 * an endpoint that is not http(s):// or a client certificate without its key (or the reverse).
 */
export function createOtlpGrpcExporter<T>(dest: ResolvedOtlpGrpcExporter, encode: (items: readonly T[]) => Uint8Array, opts?: OtlpGrpcExporterOptions<T>): Exporter<T> {
  const o = opts ?? {};
  checkDestination(dest, 'expected an http:// or https:// URL (gRPC over plaintext HTTP/2 or TLS)');
  return new RetryingExporter(dest, encode, o, new GrpcSendOnce(dest, o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES));
}

/** One unary OTLP/gRPC Export call, read into an {@link Attempt}. */
class GrpcSendOnce implements SendOnce {
  readonly label = 'export (gRPC)';
  readonly payloadName = 'request message';
  /** The gRPC message prefix: compressed flag + 4-byte length. */
  readonly framingBytes = 5;
  readonly #compressed: boolean;
  readonly #metadata: Record<string, string>;
  readonly #transport: GrpcTransport;
  readonly #path: string;

  constructor(dest: ResolvedOtlpGrpcExporter, maxResponseBytes: number) {
    this.#compressed = dest.compression === 'gzip';
    this.#metadata = requestHeaders(dest.headers, (name) => name !== '' && !name.startsWith(':') && !name.startsWith('grpc-') && !RESERVED.has(name));
    this.#path = GRPC_EXPORT_PATHS[dest.signal];
    this.#transport = new GrpcTransport({ url: dest.url, tls: dest.tls, maxResponseBytes });
  }

  // Hot path: once per call; one outcome object, no per-record work.
  async send(payload: Uint8Array, timeoutMs: number, signal: AbortSignal): Promise<Attempt> {
    const outcome = await this.#transport.call(this.#path, payload, this.#compressed, this.#metadata, timeoutMs, signal);
    if (outcome.kind === 'error') {
      // Timeouts (DEADLINE_EXCEEDED), refused or reset connections and stream errors are transient.
      const retryable = outcome.timedOut || isRetryableError(outcome.code) || outcome.code.startsWith('ERR_HTTP2_');
      return {
        ok: false, code: outcome.code, status: undefined, aborted: outcome.aborted, retryable,
        retryAfterMs: undefined, message: `${outcome.code}: ${outcome.message}`, cause: outcome.cause,
      };
    }
    if (outcome.code === 0) {
      return { ok: true, code: 0, status: undefined, partial: outcome.truncated ? undefined : this.#partialSuccess(outcome.body) };
    }
    const retryable = isRetryableGrpcStatus(outcome.code, outcome.retryDelayMs);
    const text = outcome.message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, MAX_ERROR_MESSAGE_CHARS);
    return {
      ok: false, code: outcome.code, status: undefined, aborted: false, retryable, retryAfterMs: outcome.retryDelayMs,
      message: `gRPC status ${outcome.code} ${grpcStatusName(outcome.code)}${text ? `: ${text}` : ''}`, cause: undefined,
    };
  }

  #partialSuccess(body: Uint8Array): PartialSuccess | undefined {
    // An unreadable OK response still acknowledges the batch (undefined: nothing rejected).
    const ps: PartialSuccess | undefined = parseProtobufPartialSuccess(body);
    if (ps === undefined || ps.errorMessage.length <= MAX_ERROR_MESSAGE_CHARS) return ps;
    return { rejected: ps.rejected, errorMessage: ps.errorMessage.slice(0, MAX_ERROR_MESSAGE_CHARS) };
  }

  statusName(code: number): string {
    return grpcStatusName(code);
  }

  close(graceMs: number): Promise<void> {
    return this.#transport.close(graceMs);
  }
}
