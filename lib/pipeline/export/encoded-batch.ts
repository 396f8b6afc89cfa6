// The encoded form of a batch, shared by the OTLP/HTTP and OTLP/gRPC exporters and by the spool:
// request bodies (split under the request size cap) plus what could not be encoded. The batching
// queue holds it opaquely (as a PreparedBatch) until the export loop hands it back to the exporter.
import type { DropReason, ExportError } from '../../errors.ts';
import type { PreparedBatch } from '../../contracts.ts';

/** One request body (gRPC: one message) of an encoded batch. */
export interface EncodedPart {
  readonly body: Uint8Array;
  /** OTLP items in it. */
  readonly items: number;
  readonly records: number;
}

/** A batch encoded by an OTLP exporter's `prepare`: its parts plus the drops encoding counted. */
export interface EncodedBatch extends PreparedBatch {
  readonly parts: readonly EncodedPart[];
  readonly drops: Partial<Record<DropReason, number>>;
  readonly error: ExportError | undefined;
}

/** True when `b` was made by an OTLP exporter's `prepare` (and so carries request bodies). */
export function isEncodedBatch(b: PreparedBatch): b is EncodedBatch {
  return Array.isArray((b as Partial<EncodedBatch>).parts);
}
