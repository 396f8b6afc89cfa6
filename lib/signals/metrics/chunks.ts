// A collection goes to the batching pipeline in chunks (up to 512 metrics or 4096 data points
// each), one queue item per chunk: 5,000 distinct metrics at shutdown are 10 queue items, not
// 5,000 that overflow the queue. The exporter still sees plain MetricData batches.
import type { MetricData } from '../../../proto-json/model.ts';
import type { ExportResult, Exporter, PreparedBatch } from '../../contracts.ts';
import { countPoints } from './in-memory-exporter.ts';

/** Consecutive metrics of one collection, handed to the pipeline as one queue item. */
export type MetricChunk = readonly MetricData[];

/** Most metrics in a chunk (the export batch size the metrics pipeline always had). */
export const CHUNK_METRICS = 512;
/** A chunk is closed once it holds this many data points (or more: a metric is never split). */
export const CHUNK_POINTS = 4096;

/** Splits a collection into chunks, in order. */
export function chunkMetrics(metrics: readonly MetricData[]): MetricChunk[] {
  const out: MetricChunk[] = [];
  let cur: MetricData[] = [];
  let points = 0;
  for (const m of metrics) {
    cur.push(m);
    points += m.points.length;
    if (cur.length >= CHUNK_METRICS || points >= CHUNK_POINTS) {
      out.push(cur);
      cur = [];
      points = 0;
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Data points in a batch of chunks (the pipeline's countItems). */
export function countChunkPoints(chunks: readonly MetricChunk[]): number {
  let n = 0;
  for (const c of chunks) n += countPoints(c);
  return n;
}

function flat(chunks: readonly MetricChunk[]): readonly MetricData[] {
  return chunks.length === 1 ? chunks[0]! : chunks.flat();
}

/** The exporter of chunks that hands `inner` the metrics of a batch of chunks as one batch. */
export function chunkExporter(inner: Exporter<MetricData>): Exporter<MetricChunk> {
  const out: Exporter<MetricChunk> = {
    export: (chunks: readonly MetricChunk[], deadline: number, signal: AbortSignal): Promise<ExportResult> => inner.export(flat(chunks), deadline, signal),
    shutdown: () => inner.shutdown(),
  };
  if (inner.prepare !== undefined && inner.exportPrepared !== undefined) {
    const prepare = inner.prepare.bind(inner);
    const exportPrepared = inner.exportPrepared.bind(inner);
    // The prepared batch counts records: here a record is a chunk.
    out.prepare = (chunks: readonly MetricChunk[]): PreparedBatch => ({ ...prepare(flat(chunks)), records: chunks.length });
    out.exportPrepared = exportPrepared;
  }
  return out;
}
