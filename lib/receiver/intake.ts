// The receiver's intake, shared by the HTTP and gRPC listeners: per-signal counts, scripted
// faults, decoding under the request limits, the reply event and the request callback. A gRPC
// call is decided here completely; the HTTP listener (server.ts) asks it to decode and deliver.
import type { DecodeLimits } from '../../proto-json/decode.ts';
import { DecodeError, DecodeLimitError } from '../../proto-json/errors.ts';
import { encodeExportResponseProtobuf } from '../../proto-json/protobuf/status.ts';
import { GRPC_EXPORT_PATHS, GrpcStatus, grpcStatusFromHttp } from '../../proto-json/protobuf/grpc.ts';
import type { Signal } from '../contracts.ts';
import { decodeExport, type DecodedExport, type WireFormat } from './codec.ts';
import type { FaultPlan } from './faults.ts';
import type { GrpcCall, GrpcReply } from './grpc-server.ts';
import type { ReceivedExport, ReceiverSignalStats, ReceiverStats, ReplyEvent } from './types.ts';
import type { Viewer } from './ui/viewer.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the intake is built from (the receiver's options, checked). */
export interface IntakeOptions {
  readonly limits: DecodeLimits;
  readonly faults: FaultPlan;
  readonly onRequest: ((event: ReceivedExport) => void) | undefined;
  readonly onReply: ((event: ReplyEvent) => void) | undefined;
  readonly viewer: Viewer | undefined;
}

/** The intake of one receiver (see the module comment). Never throws out of a callback. */
export interface Intake {
  /** Mutable counts per signal (the HTTP listener counts requests, bytes and refusals itself). */
  readonly counts: Record<Signal, Mutable<ReceiverSignalStats>>;
  /** Counts a request to no signal's path. */
  unrouted(): void;
  /** Decodes an accepted body and counts it: the DecodeError message, or the DecodeLimitError (413). */
  accept(signal: Signal, format: WireFormat, body: Uint8Array): DecodedExport | DecodeLimitError | string;
  /** After the 200 is sent: the reply event, the viewer and the request callback. */
  delivered(signal: Signal, path: string, decoded: DecodedExport, bytes: number): void;
  /** Reports one answered request to `onReply`. */
  notify(event: ReplyEvent): void;
  /** Decides a gRPC Export call whose message was read. */
  handleGrpc(call: GrpcCall): GrpcReply;
  /** Counts and reports a gRPC call refused before it was read. */
  grpcRefused(signal: Signal | undefined, path: string, code: number, message: string, wireBytes: number): void;
  stats(): ReceiverStats;
}

/** Creates the intake of one receiver. */
export function createIntake(opts: IntakeOptions): Intake {
  const { limits, faults, onRequest, onReply, viewer } = opts;
  const counts: Record<Signal, Mutable<ReceiverSignalStats>> = { traces: zero(), logs: zero(), metrics: zero() };
  let unrouted = 0;

  function accept(signal: Signal, format: WireFormat, body: Uint8Array): DecodedExport | DecodeLimitError | string {
    const c = counts[signal];
    const t0 = performance.now();
    let decoded;
    try {
      decoded = decodeExport(signal, format, body, limits);
    } catch (e) {
      if (e instanceof DecodeLimitError) return e;
      return e instanceof DecodeError ? e.message : 'undecodable request';
    } finally {
      c.decodeMs += performance.now() - t0;
    }
    c.accepted++;
    c.items += decoded.items;
    c.rejected += decoded.rejected;
    return decoded;
  }

  function delivered(signal: Signal, path: string, decoded: DecodedExport, bytes: number): void {
    const time = new Date();
    notify({ signal, path, status: 200, message: decoded.errorMessage, fault: false, bytes, time });
    viewer?.ingest(signal, decoded.request);
    if (onRequest !== undefined) {
      const event = { signal, request: decoded.request, items: decoded.items, rejected: decoded.rejected, bytes, time };
      try {
        onRequest(event as ReceivedExport);
      } catch {
        // a broken callback must not break the receiver
      }
    }
  }

  function notify(event: ReplyEvent): void {
    if (onReply === undefined) return;
    try {
      onReply(event);
    } catch {
      // a broken callback must not break the receiver
    }
  }

  // One gRPC Export call whose message was read: faults, decoding and counts as for HTTP. The
  // reply event reports the HTTP status a collector would have used (200, 400, the fault's).
  function handleGrpc(call: GrpcCall): GrpcReply {
    const { signal, message, wireBytes } = call;
    const path = GRPC_EXPORT_PATHS[signal];
    const c = counts[signal];
    c.requests++;
    c.bytes += wireBytes;
    const fault = faults.take(signal);
    if (fault !== undefined) {
      c.refused++;
      c.faults++;
      notify({ signal, path, status: fault.reply === 'reset' ? 0 : fault.reply, message: 'injected fault', fault: true, bytes: wireBytes, time: new Date() });
      if (fault.reply === 'reset') return { kind: 'reset' };
      if (fault.retryAfterSeconds !== undefined) {
        const code = fault.reply === 429 ? GrpcStatus.RESOURCE_EXHAUSTED : grpcStatusFromHttp(fault.reply);
        return { kind: 'status', code, message: 'injected fault', retryDelayMs: fault.retryAfterSeconds * 1000 };
      }
      return { kind: 'status', code: grpcStatusFromHttp(fault.reply), message: 'injected fault' };
    }
    const decoded = accept(signal, 'protobuf', message);
    if (typeof decoded === 'string') {
      c.refused++;
      notify({ signal, path, status: 400, message: decoded, fault: false, bytes: wireBytes, time: new Date() });
      return { kind: 'status', code: GrpcStatus.INVALID_ARGUMENT, message: decoded };
    }
    if (decoded instanceof DecodeLimitError) {
      c.refused++;
      notify({ signal, path, status: 413, message: decoded.message, fault: false, bytes: wireBytes, time: new Date() });
      return { kind: 'status', code: GrpcStatus.RESOURCE_EXHAUSTED, message: decoded.message };
    }
    const response = protobufResponse(signal, decoded);
    delivered(signal, path, decoded, wireBytes);
    return { kind: 'ok', message: response };
  }

  function grpcRefused(signal: Signal | undefined, path: string, code: number, message: string, wireBytes: number): void {
    if (signal === undefined) unrouted++;
    else {
      counts[signal].requests++;
      counts[signal].refused++;
      counts[signal].bytes += wireBytes;
    }
    const httpStatus = code === GrpcStatus.UNIMPLEMENTED ? 404 : code === GrpcStatus.RESOURCE_EXHAUSTED ? 413 : 400;
    notify({ signal, path, status: httpStatus, message, fault: false, bytes: wireBytes, time: new Date() });
  }

  return {
    counts,
    unrouted: () => void unrouted++,
    accept,
    delivered,
    notify,
    handleGrpc,
    grpcRefused,
    stats: () => ({ traces: { ...counts.traces }, logs: { ...counts.logs }, metrics: { ...counts.metrics }, unrouted }),
  };
}

function zero(): Mutable<ReceiverSignalStats> {
  return { requests: 0, accepted: 0, items: 0, rejected: 0, bytes: 0, refused: 0, faults: 0, decodeMs: 0 };
}

/** A message clipped to 1,000 characters for a response body. */
export function clip(message: string): string {
  return message.length > 1000 ? `${message.slice(0, 997)}...` : message;
}

/** The Export*ServiceResponse of an accepted request, protobuf: partial success when anything was rejected. */
export function protobufResponse(signal: Signal, decoded: DecodedExport): Uint8Array {
  const partialBody = decoded.rejected > 0 || decoded.errorMessage !== '';
  return encodeExportResponseProtobuf(signal, partialBody ? { rejected: decoded.rejected, errorMessage: clip(decoded.errorMessage) } : undefined);
}
