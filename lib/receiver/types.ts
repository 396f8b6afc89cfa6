// The receiver's public shapes: what `onRequest` / `onReply` receive, its counters, and the
// handle `startReceiver` resolves to. Types only.
import type { Signal } from '../contracts.ts';
import type { RequestBySignal } from './codec.ts';

/** One accepted export request, as handed to `onRequest`. */
export type ReceivedExport = { [S in Signal]: ReceivedExportOf<S> }[Signal];

/** One accepted export request of one signal. */
export interface ReceivedExportOf<S extends Signal> {
  readonly signal: S;
  /** The decoded request (invalid items already removed). */
  readonly request: RequestBySignal[S];
  /** Items accepted: spans, log records or metric data points. */
  readonly items: number;
  /** Items rejected as invalid and reported in partialSuccess. */
  readonly rejected: number;
  /** Body bytes as sent (compressed when gzip). */
  readonly bytes: number;
  /** When the request was accepted. */
  readonly time: Date;
}

/** One answered request, as handed to `onReply`. */
export interface ReplyEvent {
  /** The signal of the path, undefined for an unknown path. */
  readonly signal: Signal | undefined;
  readonly path: string;
  /** HTTP status sent; 0 when the connection was dropped instead (reset fault, client gone). */
  readonly status: number;
  /** The Status message of a refusal, the partialSuccess errorMessage of a 200, else ''. */
  readonly message: string;
  /** True when the reply was a scripted fault. */
  readonly fault: boolean;
  /** Body bytes read on the wire (0 when refused before reading). */
  readonly bytes: number;
  readonly time: Date;
}

/** Counts for one signal. */
export interface ReceiverSignalStats {
  /** Requests routed to this signal, whatever the answer. */
  readonly requests: number;
  /** Requests answered 200. */
  readonly accepted: number;
  /** Items accepted (spans, log records, metric data points). */
  readonly items: number;
  /** Items rejected through partialSuccess. */
  readonly rejected: number;
  /** Body bytes received on the wire (compressed when gzip), every request included. */
  readonly bytes: number;
  /** Requests refused (4xx/5xx), injected faults included. */
  readonly refused: number;
  /** Of those, injected faults. */
  readonly faults: number;
  /** Wall time spent validating bodies (synchronous JSON decoding), ms. */
  readonly decodeMs: number;
}

/** What the receiver has seen so far. */
export interface ReceiverStats {
  readonly traces: ReceiverSignalStats;
  readonly logs: ReceiverSignalStats;
  readonly metrics: ReceiverSignalStats;
  /** Requests for an unknown path (404). */
  readonly unrouted: number;
}

/** A running receiver. */
export interface RunningReceiver {
  /** Base URL, e.g. `http://127.0.0.1:4318` (append `/v1/traces` etc.). */
  readonly url: string;
  /** The OTLP/gRPC endpoint, e.g. `http://127.0.0.1:4317`, when started with `grpcPort`. */
  readonly grpcUrl?: string;
  /** The OTLP/gRPC port, when started with `grpcPort`. */
  readonly grpcPort?: number;
  /** The live viewer's page, e.g. `http://127.0.0.1:4318/`, when started with `ui`. */
  readonly uiUrl?: string;
  readonly host: string;
  readonly port: number;
  /** A snapshot of the counts. */
  stats(): ReceiverStats;
  /** Stops listening and destroys every open socket. Idempotent; never rejects. */
  close(): Promise<void>;
}
