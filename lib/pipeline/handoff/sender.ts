// The hand-off sender: a detached process that delivers what a host handed off at exit. The host
// writes the request bodies as spool entries claimed for this process (its own spool, or a
// private 0700 temp directory) and sends ONE small JSON message on stdin: destinations with their
// headers (API keys travel only through this pipe: never argv, the environment or disk), the
// entry names and the budget. The sender sends each entry with the usual retry policy, deletes it
// once delivered, gives undelivered ones back to the spool (or removes the private directory),
// replays older spool entries for the same destinations with the time left, and exits. It never
// prints and never outlives its budget.
import type { ResolvedOtlpHttpExporter } from '../../config/types.ts';
import type { Exporter, PreparedBatch } from '../../contracts.ts';
import { builtin } from '../../platform/builtin.ts';
import { setDiagnosticHandler, setDiagnosticLevel } from '../../platform/diag.ts';
import { createOtlpHttpExporter } from '../export/otlp-http-exporter.ts';
import type { ProxyEnv } from '../export/proxy.ts';
import { Replayer } from '../spool/replay.ts';
import { Spool, type ClaimedEntry } from '../spool/spool.ts';

/** Marker environment variable of a sender process (carries no secret). */
export const HANDOFF_SENDER_ENV = 'OTLP_LITE_HANDOFF_SENDER';

/** One destination as the sender receives it: a resolved OTLP/HTTP destination and its content type. */
export interface HandoffDestination extends Omit<ResolvedOtlpHttpExporter, 'kind'> {
  readonly contentType: string;
}

/** The message on the sender's stdin. */
export interface HandoffMessage {
  readonly v: 1;
  /** The sender's whole budget, ms. */
  readonly budgetMs: number;
  /** Directory holding the entries (a spool, or a private temp directory when `ephemeral`). */
  readonly dir: string;
  /** True when `dir` is a private temp directory, removed by the sender when done. */
  readonly ephemeral: boolean;
  readonly maxBytes: number;
  readonly maxAgeMs: number;
  /** Entry names, claimed for the sender's pid. */
  readonly files: readonly string[];
  readonly destinations: readonly HandoffDestination[];
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY of the host (they may hold proxy credentials). */
  readonly proxyEnv: ProxyEnv;
}

/** Largest stdin message accepted, bytes. */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

function readStdin(): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    process.stdin.on('data', (c: Buffer) => {
      size += c.byteLength;
      if (size <= MAX_MESSAGE_BYTES) chunks.push(c);
    });
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', () => resolve(''));
  });
}

function exporterFor(d: HandoffDestination, proxyEnv: ProxyEnv): Exporter<unknown> {
  const dest: ResolvedOtlpHttpExporter = {
    kind: 'otlp-http', signal: d.signal, url: d.url, headers: d.headers, protocol: d.protocol, timeoutMs: d.timeoutMs,
    compression: d.compression, tls: d.tls, ...(d.transport !== undefined ? { transport: d.transport } : {}),
  };
  // Bodies arrive encoded: the encoder is never called.
  return createOtlpHttpExporter<unknown>(dest, () => new Uint8Array(0), { env: proxyEnv });
}

/** Delivers one hand-off message. Resolves when done or out of budget; never rejects. */
export async function deliverHandoff(m: HandoffMessage): Promise<void> {
  const deadline = Date.now() + Math.max(0, m.budgetMs);
  const spool = Spool.open({ dir: m.dir, maxBytes: m.maxBytes, maxAgeMs: m.maxAgeMs });
  if (spool === undefined) return;
  const exporters = new Map<string, Exporter<unknown>>();
  const keyOf = (signal: string, url: string, contentType: string): string => `${signal} ${url} ${contentType}`;
  for (const d of m.destinations) exporters.set(keyOf(d.signal, d.url, d.contentType), exporterFor(d, m.proxyEnv));
  const abort = new AbortController();
  const stop = setTimeout(() => abort.abort(), Math.max(0, deadline - Date.now()));
  stop.unref();
  try {
    // Destinations in parallel, each one's entries in order; a destination that does not answer
    // keeps the rest of its entries for a later run.
    const groups = new Map<string, ClaimedEntry[]>();
    for (const name of m.files) {
      const entry = spool.claim(name);
      if (entry === undefined) continue;
      const key = keyOf(entry.meta.signal, entry.meta.url, entry.meta.contentType);
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [entry]);
      else g.push(entry);
    }
    let dead = false;
    await Promise.all([...groups].map(async ([key, list]) => {
      const ex = exporters.get(key);
      let stop = false;
      for (const entry of list) {
        if (ex?.exportPrepared === undefined || stop || abort.signal.aborted) {
          spool.release(entry);
          continue;
        }
        const part = { body: entry.body, items: entry.meta.items, records: 1 };
        const batch = { records: 1, items: part.items, parts: [part], drops: {}, error: undefined } as PreparedBatch;
        const r = await ex.exportPrepared(batch, deadline, abort.signal);
        if (r.exported === 0 && (r.reason === 'retries_exhausted' || r.reason === 'shutdown')) {
          spool.release(entry);
          stop = true;
          dead = true;
        } else {
          spool.complete(entry);
        }
      }
    }));
    // Time left: older spool entries for the same destinations (a shared spool only).
    if (!m.ephemeral && !dead && Date.now() < deadline) {
      const targets = m.destinations.map((d) => ({ signal: d.signal, url: d.url, contentType: d.contentType, exporter: () => exporterFor(d, m.proxyEnv) }));
      const replayer = new Replayer(spool, targets);
      void replayer.start(Math.max(1, deadline - Date.now()));
      await replayer.finish(deadline);
    }
  } finally {
    clearTimeout(stop);
    await Promise.all([...exporters.values()].map((e) => e.shutdown().catch(() => undefined)));
    if (m.ephemeral) {
      try {
        builtin('node:fs').rmSync(m.dir, { recursive: true, force: true });
      } catch {
        // best effort: a private temp directory
      }
    }
  }
}

/**
 * For single-binary CLIs (Node single-executable apps, `bun build --compile`), which cannot run a
 * separate sender script: call this first in the program's entry, and exit when it returns true:
 *
 * ```ts
 * if (await runHandoffSenderIfRequested()) process.exit();
 * ```
 *
 * A provider built with `handoff: { sender: 'self' }` then re-executes the binary itself as the
 * sender (marked by the `OTLP_LITE_HANDOFF_SENDER` variable, which carries no secret), in the
 * manner of codex-otel's process-exit uploader. Returns false at once in an ordinary run.
 */
export async function runHandoffSenderIfRequested(): Promise<boolean> {
  if (process.env[HANDOFF_SENDER_ENV] !== '1') return false;
  await runHandoffSender();
  return true;
}

/** The sender's main: reads the message on stdin and delivers it, silently. Never rejects. */
export async function runHandoffSender(): Promise<void> {
  setDiagnosticLevel('none');
  setDiagnosticHandler(undefined);
  let m: HandoffMessage | undefined;
  try {
    const parsed = JSON.parse(await readStdin()) as HandoffMessage;
    if (parsed !== null && typeof parsed === 'object' && parsed.v === 1 && typeof parsed.dir === 'string' && Array.isArray(parsed.files)) m = parsed;
  } catch {
    m = undefined;
  }
  if (m === undefined) return;
  // Never outlive the budget, whatever a socket does.
  // Ref'ed: it also keeps the sender alive while its sends wait on unref'ed backoff timers.
  const hard = setTimeout(() => process.exit(0), Math.max(0, m.budgetMs) + 1000);
  try {
    await deliverHandoff(m);
  } catch {
    // a sender never prints
  } finally {
    clearTimeout(hard);
  }
}
