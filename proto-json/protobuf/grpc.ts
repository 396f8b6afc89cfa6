// gRPC wire pieces for OTLP/gRPC (no transport here): the status code table, the 5-byte
// length-prefixed message framing, the percent-encoding of `grpc-message`, the base64
// `grpc-status-details-bin` trailer, and the OTLP retry rule for a status.

import { DecodeError } from '../errors.ts';
import { decodeRpcStatus, retryInfoDelayMs, type RpcStatusMessage } from './status.ts';

/** gRPC status codes. */
export const GrpcStatus = {
  OK: 0, CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, ABORTED: 10, OUT_OF_RANGE: 11, UNIMPLEMENTED: 12,
  INTERNAL: 13, UNAVAILABLE: 14, DATA_LOSS: 15, UNAUTHENTICATED: 16,
} as const;
/** A gRPC status code number. */
export type GrpcStatus = (typeof GrpcStatus)[keyof typeof GrpcStatus];

/** gRPC method paths of the three OTLP export services. */
export const GRPC_EXPORT_PATHS = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
} as const;

// OTLP (after gRPC's own guidance): always retryable, whatever the details.
const RETRYABLE: ReadonlySet<number> = new Set([
  GrpcStatus.CANCELLED, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.ABORTED, GrpcStatus.OUT_OF_RANGE, GrpcStatus.UNAVAILABLE, GrpcStatus.DATA_LOSS,
]);

/**
 * Whether an export that ended with gRPC status `code` may be retried: CANCELLED,
 * DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE and DATA_LOSS always; RESOURCE_EXHAUSTED
 * only when the server sent a RetryInfo (`retryDelayMs` defined); everything else never.
 */
export function isRetryableGrpcStatus(code: number, retryDelayMs: number | undefined): boolean {
  if (RETRYABLE.has(code)) return true;
  return code === GrpcStatus.RESOURCE_EXHAUSTED && retryDelayMs !== undefined;
}

/**
 * Prefixes `message` with the gRPC frame header: the compressed flag (1 when `message` is already
 * compressed with the stream's `grpc-encoding`) and the 4-byte big-endian length.
 */
export function frameGrpcMessage(message: Uint8Array, compressed = false): Uint8Array {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = compressed ? 1 : 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** gRPC status code names by number (for messages). */
export function grpcStatusName(code: number): string {
  for (const [name, value] of Object.entries(GrpcStatus)) if (value === code) return name;
  return `CODE_${code}`;
}

/**
 * The gRPC status a client assumes for an HTTP response without `grpc-status` (gRPC's HTTP to
 * gRPC status mapping): 400 INTERNAL, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED,
 * 404 UNIMPLEMENTED, 429/502/503/504 UNAVAILABLE, anything else UNKNOWN.
 */
export function grpcStatusFromHttp(status: number): number {
  switch (status) {
    case 400: return GrpcStatus.INTERNAL;
    case 401: return GrpcStatus.UNAUTHENTICATED;
    case 403: return GrpcStatus.PERMISSION_DENIED;
    case 404: return GrpcStatus.UNIMPLEMENTED;
    case 429: case 502: case 503: case 504: return GrpcStatus.UNAVAILABLE;
    default: return GrpcStatus.UNKNOWN;
  }
}

/** One gRPC frame of a body. */
export interface GrpcFrame {
  /** The compressed flag (message encoded with the `grpc-encoding` of the stream). */
  readonly compressed: boolean;
  readonly message: Uint8Array;
}

/**
 * Splits a complete gRPC body into its length-prefixed frames.
 * @throws DecodeError when a frame header or message is cut short, a flag byte is not 0/1, or a
 *   message is larger than `maxMessageBytes`.
 */
export function parseGrpcFrames(body: Uint8Array, maxMessageBytes = 4 * 1024 * 1024): GrpcFrame[] {
  const frames: GrpcFrame[] = [];
  let p = 0;
  while (p < body.length) {
    if (body.length - p < 5) throw new DecodeError(`frame[${frames.length}]`, 'truncated gRPC frame header');
    const flag = body[p]!;
    if (flag > 1) throw new DecodeError(`frame[${frames.length}]`, `invalid gRPC compressed flag ${flag}`);
    const len = ((body[p + 1]! << 24) | (body[p + 2]! << 16) | (body[p + 3]! << 8) | body[p + 4]!) >>> 0;
    if (len > maxMessageBytes) throw new DecodeError(`frame[${frames.length}]`, `gRPC message of ${len} bytes exceeds the ${maxMessageBytes}-byte limit`);
    if (body.length - p - 5 < len) throw new DecodeError(`frame[${frames.length}]`, `truncated gRPC message: ${len} bytes announced, ${body.length - p - 5} present`);
    frames.push({ compressed: flag === 1, message: body.subarray(p + 5, p + 5 + len) });
    p += 5 + len;
  }
  return frames;
}

/** Percent-encodes a `grpc-message` value (bytes outside printable ASCII, and '%'), as gRPC requires. */
export function encodeGrpcMessage(text: string): string {
  let out = '';
  const bytes = Buffer.from(text, 'utf8');
  for (const b of bytes) {
    out += b >= 0x20 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}

/** Decodes a percent-encoded `grpc-message` value; malformed escapes are kept as text. Never throws. */
export function decodeGrpcMessage(value: string): string {
  if (!value.includes('%')) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(value[i]!, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The `grpc-status-details-bin` value (unpadded base64) of a Status. */
export function encodeStatusDetailsHeader(status: Uint8Array): string {
  return Buffer.from(status).toString('base64').replace(/=+$/, '');
}

/**
 * Reads a `grpc-status-details-bin` trailer (base64, padded or not) into a Status and its
 * RetryInfo delay. Undefined when absent or undecodable. Never throws.
 */
export function readStatusDetailsHeader(value: string | undefined): { status: RpcStatusMessage; retryDelayMs: number | undefined } | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const status = decodeRpcStatus(Buffer.from(value, 'base64'));
    return { status, retryDelayMs: retryInfoDelayMs(status) };
  } catch {
    return undefined;
  }
}
