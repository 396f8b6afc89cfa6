// Small protobuf messages around an export: Export*ServiceResponse bodies (what a receiver answers
// to a protobuf request), google.rpc.Status (OTLP/HTTP error bodies, gRPC grpc-status-details-bin)
// with its Any details, and google.rpc.RetryInfo (the gRPC throttling hint).

import { DecodeError } from '../errors.ts';
import type { OtlpSignal } from '../decode.ts';
import { ProtoReader } from './reader.ts';
import { ProtoWriter } from './writer.ts';

/** A `google.protobuf.Any`: a type URL and the encoded message. */
export interface AnyMessage {
  readonly typeUrl: string;
  readonly value: Uint8Array;
}

/** A decoded `google.rpc.Status` with defaults filled in. */
export interface RpcStatusMessage {
  /** google.rpc.Code (OTLP/HTTP clients ignore it). */
  readonly code: number;
  readonly message: string;
  readonly details: readonly AnyMessage[];
}

/** Type URL of google.rpc.RetryInfo inside a Status' details. */
export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * Encodes an Export*ServiceResponse: empty bytes for full success (no `partial`), else
 * `partial_success { rejected_<items> = 1, error_message = 2 }` (the message is written even when
 * both values are 0/'' so a receiver can send an explicit, empty partial success).
 */
export function encodeExportResponseProtobuf(signal: OtlpSignal, partial?: { rejected: number; errorMessage: string }): Uint8Array {
  void signal; // the three responses share one layout
  if (partial === undefined) return new Uint8Array(0);
  const w = new ProtoWriter(64 + partial.errorMessage.length * 3);
  w.byte(0x0a);
  const start = w.fork(1);
  const rejected = Math.max(0, Math.trunc(partial.rejected) || 0);
  if (rejected !== 0) { w.byte(0x08); w.int64(Math.min(rejected, Number.MAX_SAFE_INTEGER)); }
  if (partial.errorMessage) { w.byte(0x12); w.string(partial.errorMessage); }
  w.join(start, 1);
  return w.finish();
}

/** Encodes a `google.rpc.Status { code = 1, message = 2, details = 3 (Any) }`. */
export function encodeRpcStatus(status: { code?: number; message?: string; details?: readonly AnyMessage[] }): Uint8Array {
  const w = new ProtoWriter(64 + (status.message?.length ?? 0) * 3);
  const code = (status.code ?? 0) | 0;
  if (code !== 0) { w.byte(0x08); w.int32(code); }
  if (status.message) { w.byte(0x12); w.string(status.message); }
  for (const d of status.details ?? []) {
    w.byte(0x1a);
    const start = w.fork(1);
    if (d.typeUrl) { w.byte(0x0a); w.string(d.typeUrl); }
    if (d.value.length > 0) { w.byte(0x12); w.bytes(d.value, d.value.length); }
    w.join(start, 1);
  }
  return w.finish();
}

/**
 * Decodes a `google.rpc.Status` (unknown fields skipped). An empty body is `{ code: 0, message: '' }`.
 * @throws DecodeError for malformed protobuf or a message that is not UTF-8.
 */
export function decodeRpcStatus(body: Uint8Array): RpcStatusMessage {
  const r = new ProtoReader(body);
  const end = body.length;
  let code = 0;
  let message = '';
  const details: AnyMessage[] = [];
  while (r.pos < end) {
    const tag = r.varint(end, '$');
    const no = tag >>> 3;
    const wire = tag & 7;
    if (no === 1 && wire === 0) code = r.varint(end, 'code') | 0;
    else if (no === 2 && wire === 2) message = r.utf8(r.length(end, 'message'), 'message');
    else if (no === 3 && wire === 2) {
      const path = `details[${details.length}]`;
      details.push(readAny(r, r.limit(end, path), path));
    } else if (no === 0 || r.hi !== 0) throw new DecodeError('$', `invalid field tag ${tag}`);
    else if (no <= 3) throw new DecodeError(no === 1 ? 'code' : no === 2 ? 'message' : 'details', `wrong wire type ${wire}`);
    else r.skip(wire, no, end, '$');
  }
  return { code, message, details };
}

function readAny(r: ProtoReader, end: number, path: string): AnyMessage {
  let typeUrl = '';
  let value: Uint8Array = new Uint8Array(0);
  while (r.pos < end) {
    const tag = r.varint(end, path);
    const no = tag >>> 3;
    const wire = tag & 7;
    if (no === 1 && wire === 2) typeUrl = r.utf8(r.length(end, path + '.typeUrl'), path + '.typeUrl');
    else if (no === 2 && wire === 2) {
      const len = r.length(end, path + '.value');
      value = new Uint8Array(r.buf.subarray(r.pos, r.pos + len));
      r.pos += len;
    } else if (no === 0 || r.hi !== 0) throw new DecodeError(path, `invalid field tag ${tag}`);
    else r.skip(wire, no, end, path);
  }
  return { typeUrl, value };
}

/**
 * A `google.rpc.RetryInfo { retry_delay = 1: Duration { seconds = 1, nanos = 2 } }` detail asking
 * the client to wait `delayMs` milliseconds.
 */
export function encodeRetryInfo(delayMs: number): AnyMessage {
  const ms = Math.max(0, Math.floor(delayMs));
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms % 1000) * 1_000_000;
  const w = new ProtoWriter(32);
  w.byte(0x0a);
  const start = w.fork(1);
  if (seconds !== 0) { w.byte(0x08); w.int64(seconds); }
  if (nanos !== 0) { w.byte(0x10); w.int32(nanos); }
  w.join(start, 1);
  return { typeUrl: RETRY_INFO_TYPE_URL, value: Uint8Array.prototype.slice.call(w.finish()) };
}

/**
 * The delay of the first google.rpc.RetryInfo detail of `status`, in ms (negative delays → 0), or
 * undefined when there is none or it does not decode. Never throws.
 */
export function retryInfoDelayMs(status: RpcStatusMessage): number | undefined {
  for (const d of status.details) {
    if (d.typeUrl !== RETRY_INFO_TYPE_URL && !d.typeUrl.endsWith('/google.rpc.RetryInfo')) continue;
    try {
      return decodeRetryInfo(d.value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function decodeRetryInfo(bytes: Uint8Array): number {
  const r = new ProtoReader(bytes);
  let ms = 0;
  while (r.pos < bytes.length) {
    const tag = r.varint(bytes.length, 'RetryInfo');
    if (tag === 0x0a) {
      const end = r.limit(bytes.length, 'RetryInfo.retryDelay');
      let seconds = 0;
      let nanos = 0;
      while (r.pos < end) {
        const t = r.varint(end, 'Duration');
        if (t === 0x08) { r.varint(end, 'Duration.seconds'); seconds = (r.hi | 0) * 4294967296 + r.lo; }
        else if (t === 0x10) nanos = r.varint(end, 'Duration.nanos') | 0;
        else r.skip(t & 7, t >>> 3, end, 'Duration');
      }
      ms = seconds * 1000 + Math.floor(nanos / 1_000_000);
    } else {
      r.skip(tag & 7, tag >>> 3, bytes.length, 'RetryInfo');
    }
  }
  return Math.max(0, ms);
}
