// The tally of one export call (exported, drops by reason, requests, retries, bytes) that becomes
// its ExportResult. Used by the retrying exporter under both OTLP/HTTP and OTLP/gRPC, and by the
// spool's scoped exporter to sum the parts of a batch it sent one by one.
import type { DropReason, ExportError } from '../../errors.ts';
import type { ExportResult } from '../../contracts.ts';

/** Counters of one `export()` call (a batch may be split into several requests). */
export class ExportTally {
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

  /** Adds another export's result (a part of this batch sent on its own). */
  add(r: ExportResult): void {
    this.exported += r.exported;
    this.requests += r.requests ?? 0;
    this.retries += r.retries ?? 0;
    this.bytesSent += r.bytesSent ?? 0;
    if (r.drops !== undefined) {
      for (const [k, v] of Object.entries(r.drops) as [DropReason, number][]) this.drop(k, v);
    } else if (r.dropped > 0) {
      this.drop(r.reason ?? 'non_retryable', r.dropped);
    }
    if (r.error !== undefined) this.error = r.error;
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
