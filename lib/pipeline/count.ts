// OTLP items in a batch: what the configured counter says (e.g. metric data points), else one per
// record. Shared by the export loop and the retrying exporter, which both count drops in items.

/** `countItems(batch)` when given and sane (finite, ≥ 0), else `batch.length`. Never throws. */
export function countItems<T>(batch: readonly T[], count: ((batch: readonly T[]) => number) | undefined): number {
  if (count === undefined) return batch.length;
  try {
    const n = count(batch);
    return Number.isFinite(n) && n >= 0 ? n : batch.length;
  } catch {
    return batch.length;
  }
}
