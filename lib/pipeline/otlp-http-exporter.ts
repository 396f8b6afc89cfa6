// The OTLP/HTTP exporter: encode a batch → split it if over 64 MiB → maybe gzip → POST →
// read the outcome → retry with the pure policy, all before the batch deadline. A thin loop
// around "send once"; it knows nothing of spans or logs (the encoder comes from the signal).
// Resolves every batch to counted outcomes; never throws or rejects.
import { ConfigError, ExportError, type DropReason } from '../errors.ts';
import type { ResolvedOtlpHttpExporter } from '../config/types.ts';
import { diag, diagEnabled } from '../platform/diag.ts';
import { USER_AGENT } from '../version.ts';
import { DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_RESPONSE_BYTES } from './defaults.ts';
import type { ProxyEnv } from './proxy.ts';
import { failureMessage, parsePartialSuccess } from './response.ts';
import { DEFAULT_RETRY_POLICY, isRetryableError, isRetryableStatus, parseRetryAfter, planRetry, type RetryPolicy } from './retry.ts';
import { sleep } from './timers.ts';
import { HttpTransport, type SendOutcome } from './transport.ts';
import { BatchTally, isHttpPrepared, type HttpPreparedBatch, type Part } from './tally.ts';
import type { ExportResult, Exporter, PreparedBatch } from './types.ts';

/** Options of {@link createOtlpHttpExporter}. */
export interface OtlpHttpExporterOptions<T> {
  /** OTLP items in a batch (e.g. metric data points), for partial-success arithmetic. @default batch.length */
  readonly countItems?: (batch: readonly T[]) => number;
  /** Overrides of the retry policy (tests use small delays). @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from. @default process.env */
  readonly env?: ProxyEnv;
  /** Uniform random numbers in [0, 1) for jitter. @default Math.random */
  readonly random?: () => number;
  /** Request bodies over this size (before compression) are split. @default 67108864 */
  readonly maxRequestBytes?: number;
  /** Response bodies are read up to this size. @default 4194304 */
  readonly maxResponseBytes?: number;
}

type Gzip = (data: Uint8Array) => Promise<Uint8Array>;
let gzipLoader: Promise<Gzip> | undefined;

function loadGzip(): Promise<Gzip> {
  gzipLoader ??= import('node:zlib').then(({ gzip }) => (data: Uint8Array) =>
    new Promise<Uint8Array>((resolve, reject) => gzip(data, (err, out) => (err ? reject(err) : resolve(out)))),
  );
  return gzipLoader;
}

/**
 * Creates an exporter that POSTs batches to `dest` as OTLP/HTTP. `encode` turns a batch into the
 * request body (JSON, or protobuf for protocol 'binary'). Throws `ConfigError` at construction for
 * an invalid URL or a client certificate without its key (or the reverse); never afterwards.
 */
export function createOtlpHttpExporter<T>(
  dest: ResolvedOtlpHttpExporter,
  encode: (items: readonly T[]) => Uint8Array,
  opts?: OtlpHttpExporterOptions<T>,
): Exporter<T> {
  return new OtlpHttpExporter(dest, encode, opts ?? {});
}

class OtlpHttpExporter<T> implements Exporter<T> {
  readonly #dest: ResolvedOtlpHttpExporter;
  readonly #encode: (items: readonly T[]) => Uint8Array;
  readonly #countItems: ((batch: readonly T[]) => number) | undefined;
  readonly #policy: RetryPolicy;
  readonly #random: () => number;
  readonly #maxRequestBytes: number;
  readonly #headers: Record<string, string>;
  readonly #transport: HttpTransport;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(dest: ResolvedOtlpHttpExporter, encode: (items: readonly T[]) => Uint8Array, opts: OtlpHttpExporterOptions<T>) {
    try {
      const u = new URL(dest.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      throw new ConfigError([{ path: `${dest.signal}.endpoint`, message: 'expected an http:// or https:// URL' }]);
    }
    if ((dest.tls?.cert === undefined) !== (dest.tls?.key === undefined)) {
      throw new ConfigError([{ path: `${dest.signal}.tls`, message: 'clientCertificate and clientPrivateKey must be given together' }]);
    }
    this.#dest = dest;
    this.#encode = encode;
    this.#countItems = opts.countItems;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.#random = opts.random ?? Math.random;
    this.#maxRequestBytes = opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(dest.headers)) headers[k.toLowerCase()] = v;
    const ua = headers['user-agent'];
    headers['user-agent'] = ua === undefined || ua === '' ? USER_AGENT : `${ua} ${USER_AGENT}`;
    headers['content-type'] = dest.protocol === 'binary' ? 'application/x-protobuf' : 'application/json';
    delete headers['content-length'];
    delete headers['content-encoding'];
    if (dest.compression === 'gzip') headers['content-encoding'] = 'gzip';
    this.#headers = headers;
    this.#transport = new HttpTransport({
      url: dest.url,
      tls: dest.tls,
      ...(opts.env !== undefined ? { env: opts.env } : {}),
      maxResponseBytes: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    });
  }

  export(items: readonly T[], deadline: number, signal: AbortSignal): Promise<ExportResult> {
    try {
      return this.exportPrepared(this.prepare(items), deadline, signal);
    } catch (e) {
      // Defensive: prepare/exportPrepared do not throw; if they ever did, count, never throw.
      const tally = new BatchTally();
      tally.drop('non_retryable', this.#count(items), this.#error(`export failed: ${e instanceof Error ? e.message : String(e)}`, 0, undefined, false, 'non_retryable', e));
      return Promise.resolve(tally.result());
    }
  }

  /** Encodes a batch now, splitting it under the request size cap. Never throws. */
  prepare(items: readonly T[]): HttpPreparedBatch {
    const parts: Part[] = [];
    const tally = new BatchTally();
    this.#encodeInto(items, parts, tally);
    return { records: items.length, items: this.#count(items), parts, drops: tally.drops, error: tally.error };
  }

  async exportPrepared(batch: PreparedBatch, deadline: number, signal: AbortSignal): Promise<ExportResult> {
    const tally = new BatchTally();
    if (!isHttpPrepared(batch)) {
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
      for (; i < batch.parts.length; i++) {
        const part = batch.parts[i] as Part;
        await this.#send(part.body, part.items, part.records, deadline, signal, tally);
      }
    } catch (e) {
      // Defensive: nothing above should throw; whatever did, the rest is counted, not thrown.
      let n = 0;
      for (let j = i; j < batch.parts.length; j++) n += (batch.parts[j] as Part).items;
      tally.drop('non_retryable', n, this.#error(`export failed: ${e instanceof Error ? e.message : String(e)}`, tally.requests, undefined, false, 'non_retryable', e));
    }
    return tally.result();
  }

  shutdown(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#transport.close(100).catch(() => undefined);
    return this.#closing;
  }

  #count(items: readonly T[]): number {
    if (this.#countItems === undefined) return items.length;
    try {
      const n = this.#countItems(items);
      return Number.isFinite(n) && n >= 0 ? n : items.length;
    } catch {
      return items.length;
    }
  }

  #error(message: string, attempts: number, status: number | undefined, retryable: boolean, reason: DropReason, cause?: unknown): ExportError {
    return new ExportError(`${this.#dest.signal} export: ${message}`, { status, attempts, retryable, reason }, cause === undefined ? undefined : { cause });
  }

  #encodeInto(items: readonly T[], parts: Part[], tally: BatchTally): void {
    if (items.length === 0) return;
    let body: Uint8Array;
    try {
      body = this.#encode(items);
    } catch (e) {
      // A hostile record (a throwing getter in an attribute) must not sink its neighbours:
      // bisect until the record that fails is alone, and drop only that one.
      if (items.length > 1) {
        const half = Math.ceil(items.length / 2);
        this.#encodeInto(items.slice(0, half), parts, tally);
        this.#encodeInto(items.slice(half), parts, tally);
        return;
      }
      const msg = `encoding failed: ${e instanceof Error ? e.message : String(e)}`;
      this.#dropEarly(tally, 'non_retryable', this.#count(items), this.#error(msg, 0, undefined, false, 'non_retryable', e));
      return;
    }
    if (body.byteLength > this.#maxRequestBytes) {
      if (items.length <= 1) {
        const msg = `request body of ${body.byteLength} bytes exceeds the ${this.#maxRequestBytes}-byte limit`;
        this.#dropEarly(tally, 'too_large', this.#count(items), this.#error(msg, 0, undefined, false, 'too_large'));
        return;
      }
      // Never sent oversize: halve until every part fits (a lone oversize record is dropped).
      const half = Math.ceil(items.length / 2);
      this.#encodeInto(items.slice(0, half), parts, tally);
      this.#encodeInto(items.slice(half), parts, tally);
      return;
    }
    parts.push({ body, items: this.#count(items), records: items.length });
  }

  #dropEarly(tally: BatchTally, reason: DropReason, n: number, error: ExportError): void {
    tally.drop(reason, n, error);
    diag('warn', `${this.#dest.signal} export dropped ${n} items (${reason}): ${error.message}`);
  }

  async #send(body: Uint8Array, count: number, records: number, deadline: number, signal: AbortSignal, tally: BatchTally): Promise<void> {
    const started = performance.now();
    let payload = body;
    if (this.#dest.compression === 'gzip') {
      try {
        payload = await (await loadGzip())(body);
      } catch (e) {
        tally.drop('non_retryable', count, this.#error('gzip failed', 0, undefined, false, 'non_retryable', e));
        return;
      }
    }
    let attempts = 0;
    let last: SendOutcome | undefined;
    const finish = (reason: DropReason | undefined, error?: ExportError): void => {
      if (reason !== undefined) {
        tally.drop(reason, count, error);
        diag('warn', `${this.#dest.signal} export dropped ${count} items (${reason})${error ? `: ${error.message}` : ''}`);
      }
      if (diagEnabled('debug')) {
        const status = last === undefined ? 'none' : last.kind === 'response' ? String(last.status) : last.code;
        const outcome = reason === undefined ? 'ok' : `dropped=${count} reason=${reason}`;
        diag('debug', `${this.#dest.signal} export: items=${count} records=${records} status=${status} attempts=${attempts} bytes=${payload.byteLength} ms=${Math.round(performance.now() - started)} ${outcome}`);
      }
    };
    for (;;) {
      if (signal.aborted) return finish('shutdown', this.#error('shut down before the batch was delivered', attempts, undefined, true, 'shutdown'));
      const remaining = deadline - Date.now();
      if (remaining <= 0) return finish('retries_exhausted', this.#error('deadline passed before the batch was delivered', attempts, undefined, true, 'retries_exhausted'));
      attempts++;
      tally.requests++;
      if (attempts > 1) tally.retries++;
      tally.bytesSent += payload.byteLength;
      const outcome = await this.#transport.send(payload, this.#headers, Math.min(this.#dest.timeoutMs, remaining), signal);
      last = outcome;
      let retryAfterMs: number | undefined;
      let error: ExportError;
      if (outcome.kind === 'response') {
        const status = outcome.status;
        if (status >= 200 && status < 300) {
          this.#accept(outcome, count, attempts, tally);
          return finish(undefined);
        }
        const retryable = isRetryableStatus(status);
        error = this.#error(failureMessage(status, outcome.body), attempts, status, retryable, retryable ? 'retries_exhausted' : 'non_retryable');
        if (!retryable) return finish('non_retryable', error);
        retryAfterMs = parseRetryAfter(outcome.retryAfter, Date.now());
      } else {
        if (outcome.aborted) return finish('shutdown', this.#error('shut down before the batch was delivered', attempts, undefined, true, 'shutdown'));
        const retryable = isRetryableError(outcome.code);
        error = this.#error(`${outcome.code}: ${outcome.message}`, attempts, undefined, retryable, retryable ? 'retries_exhausted' : 'non_retryable', outcome.cause);
        if (!retryable) return finish('non_retryable', error);
      }
      const delay = planRetry({ retry: attempts, retryAfterMs, now: Date.now(), deadline, rand: this.#random(), policy: this.#policy });
      if (delay === undefined) return finish('retries_exhausted', error);
      if (!(await sleep(delay, signal))) return finish('shutdown', this.#error(`shut down during retry backoff (${error.message})`, attempts, error.status, true, 'shutdown'));
    }
  }

  #accept(outcome: Extract<SendOutcome, { kind: 'response' }>, count: number, attempts: number, tally: BatchTally): void {
    // A 2xx is the acknowledgement; an over-long body cannot carry a trustworthy partialSuccess.
    const ps = outcome.truncated ? undefined : parsePartialSuccess(outcome.body);
    if (outcome.truncated) diag('warn', `${this.#dest.signal} export: response body over the size limit was not parsed`);
    const rejected = Math.min(ps?.rejected ?? 0, count);
    tally.exported += count - rejected;
    if (rejected > 0) {
      const msg = `server rejected ${rejected} of ${count} items${ps?.errorMessage ? `: ${ps.errorMessage}` : ''}`;
      tally.drop('rejected_by_server', rejected, this.#error(msg, attempts, outcome.status, false, 'rejected_by_server'));
    } else if (ps !== undefined && ps.errorMessage !== '') {
      diag('warn', `${this.#dest.signal} export: server warning: ${ps.errorMessage}`);
    }
  }
}
