// One place that turns a resolved OTLP destination into an exporter, for OtelProvider and
// MetricsClient alike: OTLP/HTTP JSON is built in; OTLP protobuf and OTLP/gRPC are registered by
// their entry modules (`import 'otlp-lite/protobuf'`, `import 'otlp-lite/grpc'`) so that a program
// that never uses them neither loads nor bundles their code. A destination whose protocol is not
// registered gets an exporter that drops (counted) and says once, at the default log level, what
// to import.
import type { AttributeLimits, LogRecordData, MetricData, SpanData } from '../../../proto-json/model.ts';
import { encodeLogsToBytes } from '../../../proto-json/logs.ts';
import { encodeMetricsToBytes } from '../../../proto-json/metrics.ts';
import { encodeTracesToBytes } from '../../../proto-json/traces.ts';
import type { ResolvedOtlpGrpcExporter, ResolvedOtlpHttpExporter } from '../../config/types.ts';
import { ExportError } from '../../errors.ts';
import { diagNotice } from '../../platform/diag.ts';
import type { OtlpExporterOptions } from './retrying-exporter.ts';
import { createOtlpHttpExporter } from './otlp-http-exporter.ts';
import { currentSpoolScope } from '../spool/current.ts';
import type { Exporter, ExportResult, Signal } from '../../contracts.ts';

/** Turns a batch into a request body. */
export type Encode<T> = (items: readonly T[]) => Uint8Array;

/** One wire encoding for the three signals; spans and log records take attribute limits. */
export interface SignalCodecs {
  readonly traces: (spans: readonly SpanData[], limits?: AttributeLimits) => Uint8Array;
  readonly logs: (records: readonly LogRecordData[], limits?: AttributeLimits) => Uint8Array;
  readonly metrics: (metrics: readonly MetricData[]) => Uint8Array;
}

/** What `otlp-lite/grpc` registers: the OTLP/gRPC exporter factory. */
export type GrpcExporterFactory = <T>(dest: ResolvedOtlpGrpcExporter, encode: Encode<T>, opts?: OtlpExporterOptions<T>) => Exporter<T>;

const JSON_CODECS: SignalCodecs = { traces: encodeTracesToBytes, logs: encodeLogsToBytes, metrics: encodeMetricsToBytes };
let protobufCodecs: SignalCodecs | undefined;
let grpcFactory: GrpcExporterFactory | undefined;

/** Makes OTLP protobuf available (`otlp-lite/protobuf` and `otlp-lite/grpc` call this). */
export function registerProtobufCodecs(codecs: SignalCodecs): void {
  protobufCodecs = codecs;
}

/** Makes OTLP/gRPC available (`otlp-lite/grpc` calls this). */
export function registerGrpcExporter(factory: GrpcExporterFactory): void {
  grpcFactory = factory;
}

/** Which optional protocols are loaded in this program. */
export function registeredProtocols(): { readonly protobuf: boolean; readonly grpc: boolean } {
  return { protobuf: protobufCodecs !== undefined, grpc: grpcFactory !== undefined && protobufCodecs !== undefined };
}

/** A resolved OTLP destination, HTTP or gRPC. */
export type OtlpDestination = ResolvedOtlpHttpExporter | ResolvedOtlpGrpcExporter;

function encoderFor<T>(codecs: SignalCodecs, signal: Signal, limits: AttributeLimits | undefined): Encode<T> {
  switch (signal) {
    case 'traces':
      return ((items: readonly SpanData[]) => codecs.traces(items, limits)) as unknown as Encode<T>;
    case 'logs':
      return ((items: readonly LogRecordData[]) => codecs.logs(items, limits)) as unknown as Encode<T>;
    case 'metrics':
      return codecs.metrics as unknown as Encode<T>;
  }
}

/**
 * The exporter for `dest`: OTLP/HTTP JSON, OTLP/HTTP protobuf (needs `otlp-lite/protobuf` or
 * `otlp-lite/grpc`) or OTLP/gRPC (needs `otlp-lite/grpc`). `limits` apply to span and log
 * attributes at encode time.
 * @throws ConfigError for an invalid URL or half a client certificate (at construction only).
 */
export function createOtlpExporter<T>(dest: OtlpDestination, limits?: AttributeLimits, opts?: OtlpExporterOptions<T>): Exporter<T> {
  const exporter = createUnscoped<T>(dest, limits, opts);
  // A provider with a spool (or hand-off) keeps what this exporter cannot deliver: spool/scope.ts.
  const scope = currentSpoolScope();
  return scope === undefined ? exporter : scope.wrap(exporter, dest, () => createUnscoped<T>(dest, limits, opts));
}

function createUnscoped<T>(dest: OtlpDestination, limits?: AttributeLimits, opts?: OtlpExporterOptions<T>): Exporter<T> {
  if (dest.kind === 'otlp-http' && dest.protocol === 'json') return createOtlpHttpExporter<T>(dest, encoderFor<T>(JSON_CODECS, dest.signal, limits), opts);
  const codecs = protobufCodecs;
  if (dest.kind === 'otlp-grpc') {
    if (grpcFactory === undefined || codecs === undefined) return unavailable<T>(dest.signal, 'OTLP/gRPC', 'otlp-lite/grpc', opts);
    return grpcFactory<T>(dest, encoderFor<T>(codecs, dest.signal, limits), opts);
  }
  if (codecs === undefined) return unavailable<T>(dest.signal, 'OTLP/HTTP protobuf (http/protobuf)', 'otlp-lite/protobuf', opts);
  return createOtlpHttpExporter<T>(dest, encoderFor<T>(codecs, dest.signal, limits), opts);
}

function unavailable<T>(signal: Signal, protocol: string, entry: string, opts: OtlpExporterOptions<T> | undefined): Exporter<T> {
  const message = `${signal} are configured for ${protocol}, which is not loaded in this program, so no ${signal} are exported: add \`import '${entry}'\` to the program's entry`;
  diagNotice(`protocol-unavailable:${signal}:${entry}`, message);
  return new UnavailableExporter<T>(message, opts?.countItems ?? ((b) => b.length));
}

/** Drops every batch as non-retryable: the configured protocol is not available. */
class UnavailableExporter<T> implements Exporter<T> {
  readonly #message: string;
  readonly #count: (batch: readonly T[]) => number;
  constructor(message: string, count: (batch: readonly T[]) => number) {
    this.#message = message;
    this.#count = count;
  }
  async export(items: readonly T[]): Promise<ExportResult> {
    const error = new ExportError(this.#message, { attempts: 0, retryable: false, reason: 'non_retryable' });
    return { exported: 0, dropped: this.#count(items), reason: 'non_retryable', error, requests: 0 };
  }
  async shutdown(): Promise<void> {}
}
