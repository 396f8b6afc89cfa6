// The tally of one export call (exported, drops by reason, requests, retries, bytes) that becomes
// its ExportResult. Used by the retrying exporter under both OTLP/HTTP and OTLP/gRPC.
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
