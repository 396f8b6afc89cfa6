// Per-batch bookkeeping of the OTLP/HTTP exporter: the prepared (encoded, size-split) form of a
// batch, and the tally of one export call (exported, drops by reason, requests, retries, bytes)
// that becomes its ExportResult.
import type { DropReason, ExportError } from '../../errors.ts';
import type { ExportResult, PreparedBatch } from '../../contracts.ts';

/** One request body of a prepared batch. */
export interface Part {
  readonly body: Uint8Array;
  /** OTLP items in it. */
  readonly items: number;
  readonly records: number;
}

/** A batch encoded by `prepare`: request bodies (split under the size cap) plus what could not be encoded. */
export interface HttpPreparedBatch extends PreparedBatch {
  readonly parts: readonly Part[];
  readonly drops: Partial<Record<DropReason, number>>;
  readonly error: ExportError | undefined;
}

export function isHttpPrepared(b: PreparedBatch): b is HttpPreparedBatch {
  return Array.isArray((b as Partial<HttpPreparedBatch>).parts);
}

/** Counters of one `export()` call (a batch may be split into several requests). */
export class BatchTally {
  exported = 0;
  dropped = 0;
  readonly drops: Partial<Record<DropReason, number>> = {};
  requests = 0;
  retries = 0;
  bytesSent = 0;
  error: ExportError | undefined;

  drop(reason: DropReason, n: number, error?: ExportError): void {
    if (n > 0) {
      this.dropped += n;
      this.drops[reason] = (this.drops[reason] ?? 0) + n;
    }
    if (error !== undefined) this.error = error;
  }

  result(): ExportResult {
    const reasons = Object.keys(this.drops) as DropReason[];
    return {
      exported: this.exported,
      dropped: this.dropped,
      ...(reasons.length > 0 ? { reason: reasons[reasons.length - 1] as DropReason, drops: this.drops } : {}),
      ...(this.error !== undefined ? { error: this.error } : {}),
      requests: this.requests,
      retries: this.retries,
      bytesSent: this.bytesSent,
    };
  }
}
