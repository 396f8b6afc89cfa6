// The protocol-agnostic exporter: encode a batch → split it under the request size cap → maybe
// gzip → the retry loop (attempts, deadline, abort, pure backoff policy, Retry-After/RetryInfo
// delays) around a protocol's "send once" → partialSuccess arithmetic → counted outcomes. OTLP/HTTP
// and OTLP/gRPC plug in a `SendOnce` (send-once.ts: headers/metadata, the wire call, status
// classification, reading the acknowledgement); this module knows nothing of spans or logs (the
// encoder comes from the signal) nor of HTTP or gRPC. Resolves every batch to counted outcomes;
// never throws or rejects.
import { ExportError, type DropReason } from '../../errors.ts';
import { diag, diagEnabled } from '../../platform/diag.ts';
import { DEFAULT_MAX_REQUEST_BYTES } from '../../config/defaults.ts';
import { runInExportScope } from './export-context.ts';
import { scrubSecrets, secretsOf } from './response.ts';
import { DEFAULT_RETRY_POLICY, planRetry, type RetryPolicy } from './retry.ts';
import { ExportTally } from './tally.ts';
import { isEncodedBatch, type EncodedBatch, type EncodedPart } from './encoded-batch.ts';
import type { Accepted, Attempt, ExportDestination, SendOnce } from './send-once.ts';
import { sleep } from '../timers.ts';
import type { ExportResult, Exporter, PreparedBatch, Signal } from '../../contracts.ts';
import { countItems } from '../count.ts';

/** Options every OTLP exporter takes (the protocol's own options extend these). */
export interface OtlpExporterOptions<T> {
  /** OTLP items in a batch (e.g. metric data points), for partial-success arithmetic. @default batch.length */
  readonly countItems?: (batch: readonly T[]) => number;
  /** Overrides of the retry policy (tests use small delays). @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** Uniform random numbers in [0, 1) for jitter. @default Math.random */
  readonly random?: () => number;
  /** Request bodies (gRPC: messages) over this size, before compression, are split. @default 67108864 */
  readonly maxRequestBytes?: number;
}

// node:zlib is imported at the first gzip'ed export, never at load time.
type Gzip = (data: Uint8Array) => Promise<Uint8Array>;
let gzipLoader: Promise<Gzip> | undefined;
function loadGzip(): Promise<Gzip> {
  gzipLoader ??= import('node:zlib').then(({ gzip }) => (data: Uint8Array) =>
    new Promise<Uint8Array>((resolve, reject) => gzip(data, (err, out) => (err ? reject(err) : resolve(out)))),
  );
  return gzipLoader;
}

/** What one part's retry loop came to, for the debug line (one object per part). */
type Delivery = { attempts: number; last: Attempt | undefined };

/** Exports batches of `T` over one protocol's {@link SendOnce}, retrying within each batch's deadline. */
export class RetryingExporter<T> implements Exporter<T> {
  readonly #signal: Signal;
  readonly #timeoutMs: number;
  readonly #gzip: boolean;
  readonly #encode: (items: readonly T[]) => Uint8Array;
  readonly #countItems: ((batch: readonly T[]) => number) | undefined;
  readonly #policy: RetryPolicy;
  readonly #random: () => number;
  readonly #maxRequestBytes: number;
  readonly #protocol: SendOnce;
  /** Configured header values (API keys…): never let a server echo them into errors or diagnostics. */
  readonly #secrets: readonly string[];
  #closed = false;
  #closing: Promise<void> | undefined;

  /** Never throws: destinations are checked by the protocol's factory ({@link checkDestination}). */
  constructor(dest: ExportDestination, encode: (items: readonly T[]) => Uint8Array, opts: OtlpExporterOptions<T>, protocol: SendOnce) {
    this.#signal = dest.signal;
    this.#timeoutMs = dest.timeoutMs;
    this.#gzip = dest.compression === 'gzip';
    this.#encode = encode;
    this.#countItems = opts.countItems;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.#random = opts.random ?? Math.random;
    this.#maxRequestBytes = opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.#protocol = protocol;
    this.#secrets = secretsOf(dest.headers);
  }

  export(items: readonly T[], deadline: number, signal: AbortSignal): Promise<ExportResult> {
    try {
      return this.exportPrepared(this.prepare(items), deadline, signal);
    } catch (e) {
      // Defensive: prepare/exportPrepared do not throw; if they ever did, count, never throw.
      const tally = new ExportTally();
      tally.drop('non_retryable', this.#count(items), this.#error(`export failed: ${e instanceof Error ? e.message : String(e)}`, 0, undefined, false, 'non_retryable', e));
      return Promise.resolve(tally.result());
    }
  }

  /** Encodes a batch now, splitting it under the request size cap. Never throws. */
  prepare(items: readonly T[]): EncodedBatch {
    const parts: EncodedPart[] = [];
    const tally = new ExportTally();
    this.#encodeInto(items, parts, tally);
    return { records: items.length, items: this.#count(items), parts, drops: tally.drops, error: tally.error };
  }

  async exportPrepared(batch: PreparedBatch, deadline: number, signal: AbortSignal): Promise<ExportResult> {
    const tally = new ExportTally();
    if (!isEncodedBatch(batch)) {
      tally.drop('non_retryable', batch.items, this.#error('not a batch prepared by this exporter', 0, undefined, false, 'non_retryable'));
      return tally.result();
    }
    for (const [reason, n] of Object.entries(batch.drops) as [DropReason, number][]) tally.drop(reason, n);
    if (batch.error !== undefined) tally.error = batch.error;
    let i = 0;
    try {
      if (this.#closed) {
        let n = 0;
        for (const p of batch.parts) n += p.items;
        i = batch.parts.length;
        tally.drop('shutdown', n, this.#error('exporter is shut down', 0, undefined, false, 'shutdown'));
      }
      for (; i < batch.parts.length; i++) await this.#send(batch.parts[i] as EncodedPart, deadline, signal, tally);
    } catch (e) {
      // Defensive: nothing above should throw; whatever did, the rest is counted, not thrown.
      let n = 0;
      for (let j = i; j < batch.parts.length; j++) n += (batch.parts[j] as EncodedPart).items;
      tally.drop('non_retryable', n, this.#error(`export failed: ${e instanceof Error ? e.message : String(e)}`, tally.requests, undefined, false, 'non_retryable', e));
    }
    return tally.result();
  }

  shutdown(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#protocol.close(100).catch(() => undefined);
    return this.#closing;
  }

  #count(items: readonly T[]): number {
    return countItems(items, this.#countItems);
  }

  // Every export error passes here: the one place server text (error bodies, gRPC messages,
  // partialSuccess messages) becomes an error, a diagnostic or stats().lastError, so it is
  // scrubbed of the configured header values here.
  #error(message: string, attempts: number, status: number | undefined, retryable: boolean, reason: DropReason, cause?: unknown): ExportError {
    return new ExportError(`${this.#signal} ${this.#protocol.label}: ${scrubSecrets(message, this.#secrets)}`, { status, attempts, retryable, reason }, cause === undefined ? undefined : { cause });
  }

  #drop(tally: ExportTally, n: number, error: ExportError): void {
    tally.drop(error.reason, n, error);
    diag('warn', `${this.#signal} export dropped ${n} items (${error.reason}): ${error.message}`);
  }

  #encodeInto(items: readonly T[], parts: EncodedPart[], tally: ExportTally): void {
    if (items.length === 0) return;
    let body: Uint8Array | undefined;
    let failure: unknown;
    try {
      body = this.#encode(items);
    } catch (e) {
      failure = e;
    }
    if (body !== undefined && body.byteLength <= this.#maxRequestBytes) {
      parts.push({ body, items: this.#count(items), records: items.length });
      return;
    }
    // A hostile record (a throwing getter in an attribute) must not sink its neighbours: bisect
    // until the record that fails is alone, and drop only that one. Never sent oversize: halve
    // until every part fits (a lone oversize record is dropped as too_large).
    if (items.length > 1) {
      const half = Math.ceil(items.length / 2);
      this.#encodeInto(items.slice(0, half), parts, tally);
      this.#encodeInto(items.slice(half), parts, tally);
      return;
    }
    this.#drop(tally, this.#count(items), body === undefined
      ? this.#error(`encoding failed: ${failure instanceof Error ? failure.message : String(failure)}`, 0, undefined, false, 'non_retryable', failure)
      : this.#error(`${this.#protocol.payloadName} of ${body.byteLength} bytes exceeds the ${this.#maxRequestBytes}-byte limit`, 0, undefined, false, 'too_large'));
  }

  // Hot path: once per request body; no per-record work, one small object per part.
  async #send(part: EncodedPart, deadline: number, signal: AbortSignal, tally: ExportTally): Promise<void> {
    const started = performance.now();
    let payload = part.body;
    if (this.#gzip) {
      try {
        payload = await (await loadGzip())(part.body);
      } catch (e) {
        tally.drop('non_retryable', part.items, this.#error('gzip failed', 0, undefined, false, 'non_retryable', e));
        return;
      }
    }
    const run: Delivery = { attempts: 0, last: undefined };
    const error = await this.#deliver(payload, part.items, deadline, signal, tally, run);
    if (error !== undefined) this.#drop(tally, part.items, error);
    if (diagEnabled('debug')) {
      const last = run.last;
      const status = last === undefined ? 'none' : typeof last.code === 'string' ? last.code : this.#protocol.statusName(last.code);
      const outcome = error === undefined ? 'ok' : `dropped=${part.items} reason=${error.reason}`;
      diag('debug', `${this.#signal} ${this.#protocol.label}: items=${part.items} records=${part.records} status=${status} attempts=${run.attempts} bytes=${payload.byteLength} ms=${Math.round(performance.now() - started)} ${outcome}`);
    }
  }

  /** The retry loop for one payload: undefined once delivered, else why it was given up. */
  async #deliver(payload: Uint8Array, count: number, deadline: number, signal: AbortSignal, tally: ExportTally, run: Delivery): Promise<ExportError | undefined> {
    for (;;) {
      if (signal.aborted) return this.#error('shut down before the batch was delivered', run.attempts, undefined, true, 'shutdown');
      const remaining = deadline - Date.now();
      if (remaining <= 0) return this.#error('deadline passed before the batch was delivered', run.attempts, undefined, true, 'retries_exhausted');
      const attempts = ++run.attempts;
      tally.requests++;
      if (attempts > 1) tally.retries++;
      tally.bytesSent += payload.byteLength + this.#protocol.framingBytes;
      const a = await runInExportScope(() => this.#protocol.send(payload, Math.min(this.#timeoutMs, remaining), signal));
      run.last = a;
      if (a.ok) {
        this.#accept(a, count, attempts, tally);
        return undefined;
      }
      if (a.aborted) return this.#error('shut down before the batch was delivered', attempts, undefined, true, 'shutdown');
      const error = this.#error(a.message, attempts, a.status, a.retryable, a.retryable ? 'retries_exhausted' : 'non_retryable', a.cause);
      if (!a.retryable) return error;
      const delay = planRetry({ retry: attempts, retryAfterMs: a.retryAfterMs, now: Date.now(), deadline, rand: this.#random(), policy: this.#policy });
      if (delay === undefined) return error;
      if (!(await sleep(delay, signal))) return this.#error(`shut down during retry backoff (${error.message})`, attempts, error.status, true, 'shutdown');
    }
  }

  // partialSuccess: the acknowledged part minus what the server says it rejected.
  #accept(a: Accepted, count: number, attempts: number, tally: ExportTally): void {
    const ps = a.partial;
    const rejected = Math.min(ps?.rejected ?? 0, count);
    tally.exported += count - rejected;
    if (rejected > 0) {
      const msg = `server rejected ${rejected} of ${count} items${ps?.errorMessage ? `: ${ps.errorMessage}` : ''}`;
      tally.drop('rejected_by_server', rejected, this.#error(msg, attempts, a.status, false, 'rejected_by_server'));
    } else if (ps !== undefined && ps.errorMessage !== '') {
      diag('warn', `${this.#signal} ${this.#protocol.label}: server warning: ${scrubSecrets(ps.errorMessage, this.#secrets)}`);
    }
  }
}
