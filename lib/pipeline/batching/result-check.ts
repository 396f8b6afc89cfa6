// What the export loop accepts from an exporter: a custom exporter's result checked before it
// reaches the counters, and the result that stands for a batch that failed as a whole.
import { ExportError, type DropReason } from '../../errors.ts';
import type { ExportResult } from '../../contracts.ts';
import { DROP_REASONS } from './stats.ts';

/**
 * A custom exporter's result as the counters can take it: counts must be non-negative integers
 * (no more than the `items` the batch held), reasons known, the error an Error; anything else
 * counts the whole batch as failed (non_retryable) instead of corrupting stats().
 */
export function checkedResult(result: unknown, items: number): ExportResult {
  const r = result as Partial<ExportResult> | null | undefined;
  const count = (v: unknown, optional: boolean): boolean => (optional && v === undefined) || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
  let ok = typeof r === 'object' && r !== null && count(r.exported, false) && count(r.dropped, false)
    && count(r.requests, true) && count(r.retries, true) && count(r.bytesSent, true)
    && (r.reason === undefined || DROP_REASONS.includes(r.reason))
    && (r.error === undefined || r.error instanceof Error);
  if (ok && r!.drops !== undefined) {
    ok = typeof r!.drops === 'object' && r!.drops !== null;
    if (ok) for (const [k, v] of Object.entries(r!.drops)) if (!DROP_REASONS.includes(k as DropReason) || !count(v, true)) ok = false;
  }
  if (ok && r!.exported! + r!.dropped! > items) ok = false;
  if (ok) {
    const error = r!.error as Error | undefined;
    if (error !== undefined && !(error instanceof ExportError)) {
      // a plain Error from a custom exporter: kept as the cause of a typed one
      return { ...r!, error: new ExportError(`exporter failed: ${String(error.message).slice(0, 256)}`, { attempts: 0, retryable: false, reason: r!.reason ?? 'non_retryable' }, { cause: error }) } as ExportResult;
    }
    return r as ExportResult;
  }
  return failedResult(items, 'non_retryable', 'exporter returned an invalid result (counts must be non-negative integers no larger than the batch)');
}

/** The result of a batch of `items` that failed as a whole (the exporter threw, or never settled). */
export function failedResult(items: number, reason: 'retries_exhausted' | 'non_retryable', message: string, cause?: unknown): ExportResult {
  const error = new ExportError(message, { attempts: 0, retryable: false, reason }, cause === undefined ? undefined : { cause });
  return { exported: 0, dropped: items, reason, error };
}
