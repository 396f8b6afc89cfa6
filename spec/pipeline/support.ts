// Shared fixtures of the pipeline specs: a destination builder, a cheap trivial encoder (plain
// JSON of {resourceSpans|resourceLogs}, so these specs do not depend on proto-json), and queue
// options with small delays.
import { after } from 'node:test';
import { closedAfter } from '../helpers/receiver.ts';
import type { ResolvedOtlpHttpExporter } from '../../lib/config/types.ts';
import type { QueueOptions, Signal } from '../../lib/contracts.ts';

/**
 * The HTTP client the pipeline specs run against: the default (node:http/https, or fetch on Bun),
 * or undici when OTLP_LITE_SPEC_TRANSPORT=undici (spec/pipeline/undici-transport.spec.ts sets it
 * and runs the fault matrix again).
 */
export const SPEC_TRANSPORT: 'auto' | 'undici' = process.env['OTLP_LITE_SPEC_TRANSPORT'] === 'undici' ? 'undici' : 'auto';

/** A resolved OTLP/HTTP destination for tests. */
export function dest(url: string, over: Partial<ResolvedOtlpHttpExporter> = {}): ResolvedOtlpHttpExporter {
  return {
    kind: 'otlp-http',
    signal: 'traces',
    url,
    headers: {},
    protocol: 'json',
    timeoutMs: 2000,
    compression: 'none',
    tls: undefined,
    ...(SPEC_TRANSPORT === 'undici' ? { transport: 'undici' } : {}),
    ...over,
  };
}

/** A trivial record for the specs. */
export interface Rec {
  readonly id: number;
  readonly pad?: string;
}

const utf8 = new TextEncoder();

/** Encodes records as an OTLP-shaped JSON request body of the given signal (cheap: one stringify). */
export function encoder(signal: Signal = 'traces'): (items: readonly Rec[]) => Uint8Array {
  return (items) => {
    const list = items.map((r) => (r.pad === undefined ? { id: r.id } : { id: r.id, pad: r.pad }));
    const body =
      signal === 'traces'
        ? { resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans: list }] }] }
        : signal === 'logs'
          ? { resourceLogs: [{ resource: {}, scopeLogs: [{ scope: {}, logRecords: list }] }] }
          : { resourceMetrics: [{ resource: {}, scopeMetrics: [{ scope: {}, metrics: [{ name: 'm', gauge: { dataPoints: list } }] }] }] };
    return utf8.encode(JSON.stringify(body));
  };
}

/** Records 0..n-1. */
export function recs(n: number, from = 0): Rec[] {
  return Array.from({ length: n }, (_, i) => ({ id: from + i }));
}

/** Queue options with test-friendly values. */
export function queue(over: Partial<QueueOptions> = {}): QueueOptions {
  return { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMs: 50, exportTimeoutMs: 10_000, maxConcurrentExports: 1, ...over };
}

/** Small retry delays for specs that are not about the real defaults. */
export const FAST_RETRY = { initialMs: 20, maxMs: 100 } as const;

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function deadPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * For specs that call an exporter directly: its timers are unref'ed by design (the pipeline holds
 * the process open while a flush is awaited), so the spec holds the process open itself until the
 * file's `after`.
 */
export function holdOpenForFile(): void {
  const keepAlive = setInterval(() => {}, 1000);
  after(() => clearInterval(keepAlive));
}

/** {@link holdOpenForFile}, and closes everything handed to the returned function after the file. */
export function heldOpenClosing(): (...things: { close(): unknown }[]) => void {
  holdOpenForFile();
  const closing = closedAfter();
  return (...things) => {
    for (const t of things) closing(t);
  };
}
