// The OTLP/gRPC exporter: encode a batch (protobuf) → split it if over 64 MiB → maybe gzip →
// one unary Export call → read the gRPC status → retry with the same pure policy and batch
// deadline as OTLP/HTTP. Retries UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ABORTED, OUT_OF_RANGE,
// DATA_LOSS and connection failures; RESOURCE_EXHAUSTED only with a RetryInfo, whose delay then
// replaces the backoff. Resolves every batch to counted outcomes; never throws or rejects.
import { ConfigError, ExportError, type DropReason } from '../errors.ts';
import type { ResolvedOtlpGrpcExporter } from '../config/types.ts';
import { decodeProtobufExportResponse } from '../../proto-json/protobuf/decode.ts';
import { GRPC_EXPORT_PATHS, grpcStatusName, isRetryableGrpcStatus } from '../../proto-json/protobuf/grpc.ts';
import { diag, diagEnabled } from '../platform/diag.ts';
import { USER_AGENT } from '../version.ts';
import { DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_RESPONSE_BYTES, MAX_ERROR_MESSAGE_CHARS } from './defaults.ts';
import { GrpcTransport, type GrpcOutcome } from './grpc-transport.ts';
import { DEFAULT_RETRY_POLICY, isRetryableError, planRetry, type RetryPolicy } from './retry.ts';
import { BatchTally, isHttpPrepared, type HttpPreparedBatch, type Part } from './tally.ts';
import { sleep } from './timers.ts';
import type { ExportResult, Exporter, PreparedBatch } from './types.ts';

/** Options of {@link createOtlpGrpcExporter}. */
export interface OtlpGrpcExporterOptions<T> {
  /** OTLP items in a batch (e.g. metric data points), for partial-success arithmetic. @default batch.length */
  readonly countItems?: (batch: readonly T[]) => number;
  /** Overrides of the retry policy (tests use small delays). @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** Uniform random numbers in [0, 1) for jitter. @default Math.random */
  readonly random?: () => number;
  /** Messages over this size (before compression) are split. @default 67108864 */
  readonly maxRequestBytes?: number;
  /** Response messages are read up to this size. @default 4194304 */
  readonly maxResponseBytes?: number;
}

// Connection-level and gRPC-reserved header names that must not be sent as metadata.
const RESERVED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'te', 'content-type', 'content-length', 'content-encoding']);

type Gzip = (data: Uint8Array) => Promise<Uint8Array>;
let gzipLoader: Promise<Gzip> | undefined;

function loadGzip(): Promise<Gzip> {
  gzipLoader ??= import('node:zlib').then(({ gzip }) => (data: Uint8Array) =>
    new Promise<Uint8Array>((resolve, reject) => gzip(data, (err, out) => (err ? reject(err) : resolve(out)))),
  );
  return gzipLoader;
}

/**
 * Creates an exporter that sends batches to `dest` as OTLP/gRPC unary Export calls (HTTP/2,
 * connected lazily at the first export, closed by `shutdown`). `encode` turns a batch into the
 * protobuf request message (`encodeTracesProtobuf` & co). Throws `ConfigError` at construction for
 * an endpoint that is not http(s):// or a client certificate without its key (or the reverse).
 */
export function createOtlpGrpcExporter<T>(dest: ResolvedOtlpGrpcExporter, encode: (items: readonly T[]) => Uint8Array, opts?: OtlpGrpcExporterOptions<T>): Exporter<T> {
  return new OtlpGrpcExporter(dest, encode, opts ?? {});
}

class OtlpGrpcExporter<T> implements Exporter<T> {
  readonly #dest: ResolvedOtlpGrpcExporter;
  readonly #encode: (items: readonly T[]) => Uint8Array;
  readonly #countItems: ((batch: readonly T[]) => number) | undefined;
  readonly #policy: RetryPolicy;
  readonly #random: () => number;
  readonly #maxRequestBytes: number;
  readonly #metadata: Record<string, string>;
  readonly #transport: GrpcTransport;
  readonly #path: string;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(dest: ResolvedOtlpGrpcExporter, encode: (items: readonly T[]) => Uint8Array, opts: OtlpGrpcExporterOptions<T>) {
    try {
      const u = new URL(dest.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      throw new ConfigError([{ path: `${dest.signal}.endpoint`, message: 'expected an http:// or https:// URL (gRPC over plaintext HTTP/2 or TLS)' }]);
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
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(dest.headers)) {
      const name = k.toLowerCase();
      if (name === '' || name.startsWith(':') || name.startsWith('grpc-') || RESERVED.has(name)) continue;
      metadata[name] = v;
    }
    const ua = metadata['user-agent'];
    metadata['user-agent'] = ua === undefined || ua === '' ? USER_AGENT : `${ua} ${USER_AGENT}`;
    this.#metadata = metadata;
    this.#path = GRPC_EXPORT_PATHS[dest.signal];
    this.#transport = new GrpcTransport({ url: dest.url, tls: dest.tls, maxResponseBytes: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES });
  }

  export(items: readonly T[], deadline: number, signal: AbortSignal): Promise<ExportResult> {
    return this.exportPrepared(this.prepare(items), deadline, signal);
  }

  /** Encodes a batch now, splitting it under the message size cap. Never throws. */
  prepare(items: readonly T[]): HttpPreparedBatch {
    const parts: Part[] = [];
    const tally = new BatchTally();
    this.#encodeInto(items, parts, tally);
    return { records: items.length, items: this.#count(items), parts, drops: tally.drops, error: tally.error };
  }

  async exportPrepared(batch: PreparedBatch, deadline: number, signal: AbortSignal): Promise<ExportResult> {
    const tally = new BatchTally();
    if (!isHttpPrepared(batch)) {
      tally.drop('non_retryable', batch.items, this.#error('not a batch prepared by this exporter', 0, false, 'non_retryable'));
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
        tally.drop('shutdown', n, this.#error('exporter is shut down', 0, false, 'shutdown'));
      }
      for (; i < batch.parts.length; i++) {
        const part = batch.parts[i] as Part;
        await this.#send(part.body, part.items, part.records, deadline, signal, tally);
      }
    } catch (e) {
      // Defensive: nothing above should throw; whatever did, the rest is counted, not thrown.
      let n = 0;
      for (let j = i; j < batch.parts.length; j++) n += (batch.parts[j] as Part).items;
      tally.drop('non_retryable', n, this.#error(`export failed: ${e instanceof Error ? e.message : String(e)}`, tally.requests, false, 'non_retryable', e));
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

  #error(message: string, attempts: number, retryable: boolean, reason: DropReason, cause?: unknown): ExportError {
    return new ExportError(`${this.#dest.signal} export (gRPC): ${message}`, { status: undefined, attempts, retryable, reason }, cause === undefined ? undefined : { cause });
  }

  // Same rules as the HTTP exporter: a batch whose encoding throws is bisected so only the hostile
  // record is dropped; an oversize message is halved until every part fits.
  #encodeInto(items: readonly T[], parts: Part[], tally: BatchTally): void {
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
    if (items.length > 1) {
      const half = Math.ceil(items.length / 2);
      this.#encodeInto(items.slice(0, half), parts, tally);
      this.#encodeInto(items.slice(half), parts, tally);
      return;
    }
    const n = this.#count(items);
    const error = body === undefined
      ? this.#error(`encoding failed: ${failure instanceof Error ? failure.message : String(failure)}`, 0, false, 'non_retryable', failure)
      : this.#error(`request message of ${body.byteLength} bytes exceeds the ${this.#maxRequestBytes}-byte limit`, 0, false, 'too_large');
    tally.drop(error.reason, n, error);
    diag('warn', `${this.#dest.signal} export dropped ${n} items (${error.reason}): ${error.message}`);
  }

  async #send(body: Uint8Array, count: number, records: number, deadline: number, signal: AbortSignal, tally: BatchTally): Promise<void> {
    const started = performance.now();
    let payload = body;
    const compressed = this.#dest.compression === 'gzip';
    if (compressed) {
      try {
        payload = await (await loadGzip())(body);
      } catch (e) {
        tally.drop('non_retryable', count, this.#error('gzip failed', 0, false, 'non_retryable', e));
        return;
      }
    }
    let attempts = 0;
    let last: GrpcOutcome | undefined;
    const finish = (reason: DropReason | undefined, error?: ExportError): void => {
      if (reason !== undefined) {
        tally.drop(reason, count, error);
        diag('warn', `${this.#dest.signal} export dropped ${count} items (${reason})${error ? `: ${error.message}` : ''}`);
      }
      if (diagEnabled('debug')) {
        const status = last === undefined ? 'none' : last.kind === 'status' ? grpcStatusName(last.code) : last.code;
        diag('debug', `${this.#dest.signal} export (gRPC): items=${count} records=${records} status=${status} attempts=${attempts} bytes=${payload.byteLength} ms=${Math.round(performance.now() - started)} ${reason === undefined ? 'ok' : `dropped=${count} reason=${reason}`}`);
      }
    };
    for (;;) {
      if (signal.aborted) return finish('shutdown', this.#error('shut down before the batch was delivered', attempts, true, 'shutdown'));
      const remaining = deadline - Date.now();
      if (remaining <= 0) return finish('retries_exhausted', this.#error('deadline passed before the batch was delivered', attempts, true, 'retries_exhausted'));
      attempts++;
      tally.requests++;
      if (attempts > 1) tally.retries++;
      tally.bytesSent += payload.byteLength + 5;
      const outcome = await this.#transport.call(this.#path, payload, compressed, this.#metadata, Math.min(this.#dest.timeoutMs, remaining), signal);
      last = outcome;
      let retryAfterMs: number | undefined;
      let error: ExportError;
      if (outcome.kind === 'status') {
        if (outcome.code === 0) {
          this.#accept(outcome, count, attempts, tally);
          return finish(undefined);
        }
        const retryable = isRetryableGrpcStatus(outcome.code, outcome.retryDelayMs);
        const text = outcome.message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, MAX_ERROR_MESSAGE_CHARS);
        error = this.#error(`gRPC status ${outcome.code} ${grpcStatusName(outcome.code)}${text ? `: ${text}` : ''}`, attempts, retryable, retryable ? 'retries_exhausted' : 'non_retryable');
        if (!retryable) return finish('non_retryable', error);
        retryAfterMs = outcome.retryDelayMs;
      } else {
        if (outcome.aborted) return finish('shutdown', this.#error('shut down before the batch was delivered', attempts, true, 'shutdown'));
        // Timeouts (DEADLINE_EXCEEDED), refused or reset connections and stream errors are transient.
        const retryable = outcome.timedOut || isRetryableError(outcome.code) || outcome.code.startsWith('ERR_HTTP2_');
        error = this.#error(`${outcome.code}: ${outcome.message}`, attempts, retryable, retryable ? 'retries_exhausted' : 'non_retryable', outcome.cause);
        if (!retryable) return finish('non_retryable', error);
      }
      const delay = planRetry({ retry: attempts, retryAfterMs, now: Date.now(), deadline, rand: this.#random(), policy: this.#policy });
      if (delay === undefined) return finish('retries_exhausted', error);
      if (!(await sleep(delay, signal))) return finish('shutdown', this.#error(`shut down during retry backoff (${error.message})`, attempts, true, 'shutdown'));
    }
  }

  #accept(outcome: Extract<GrpcOutcome, { kind: 'status' }>, count: number, attempts: number, tally: BatchTally): void {
    let ps: { rejected: number; errorMessage: string } | undefined;
    try {
      ps = outcome.truncated ? undefined : decodeProtobufExportResponse(this.#dest.signal, outcome.body);
    } catch {
      ps = undefined; // an unreadable OK response still acknowledges the batch
    }
    const rejected = Math.min(ps?.rejected ?? 0, count);
    tally.exported += count - rejected;
    const message = ps?.errorMessage.slice(0, MAX_ERROR_MESSAGE_CHARS) ?? '';
    if (rejected > 0) {
      tally.drop('rejected_by_server', rejected, this.#error(`server rejected ${rejected} of ${count} items${message ? `: ${message}` : ''}`, attempts, false, 'rejected_by_server'));
    } else if (message !== '') {
      diag('warn', `${this.#dest.signal} export (gRPC): server warning: ${message}`);
    }
  }
}
