// The shapes users write (OtelSettings, exporter settings) and the resolved shapes the pipeline
// consumes after settings and OTEL_* environment variables are merged. Types only.
import type { Signal } from '../contracts.ts';

/** TLS files for an OTLP exporter (PEM paths). */
export interface OtelTlsConfig {
  /** Trusted CA (PEM path). When given it is the only trust root. */
  readonly caCertificate?: string;
  /** Client certificate for mTLS (PEM path); requires clientPrivateKey. */
  readonly clientCertificate?: string;
  /** Client private key for mTLS (PEM path); requires clientCertificate. */
  readonly clientPrivateKey?: string;
}

/** No export for this signal. */
export interface NoneExporterSettings {
  readonly kind: 'none';
}

/**
 * Statsig's OTLP ingestion, for any signal: OTLP/HTTP JSON to `https://api.statsig.com/otlp/v1/<signal>`
 * with header `statsig-api-key` (metrics always delta, with the Statsig deny-list). Without a key
 * the signal is not exported (one warning). No OTEL_EXPORTER_OTLP_* header, timeout, compression
 * or TLS variable applies.
 */
export interface StatsigExporterSettings {
  readonly kind: 'statsig';
  /** The Statsig server secret. Never printed. @default STATSIG_SERVER_SDK_SECRET */
  readonly apiKey?: string;
  /** Full URL, used verbatim. @default `https://api.statsig.com/otlp/v1/<signal>` */
  readonly endpoint?: string;
}

/** OTLP over HTTP. A programmatic `endpoint` is used as the full URL (no `/v1/<signal>` appended). */
export interface OtlpHttpExporterSettings {
  readonly kind: 'otlp-http';
  readonly endpoint: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** 'json' (application/json) or 'binary' (application/x-protobuf). */
  readonly protocol: 'json' | 'binary';
  readonly tls?: OtelTlsConfig;
  /** Per-request timeout in ms. @default 10000 (or OTEL_EXPORTER_OTLP_[SIGNAL_]TIMEOUT) */
  readonly timeoutMs?: number;
  /** @default 'none' (or OTEL_EXPORTER_OTLP_[SIGNAL_]COMPRESSION) */
  readonly compression?: 'none' | 'gzip';
  /**
   * The HTTP client. 'auto': the runtime's own (node:http/https on Node, fetch on Bun), or undici
   * when HTTPS_PROXY/HTTP_PROXY applies. 'undici': always undici (in a bundled program, also
   * `import 'otlp-lite/undici'`). @default 'auto'
   */
  readonly transport?: 'auto' | 'undici';
}

/** OTLP over gRPC. */
export interface OtlpGrpcExporterSettings {
  readonly kind: 'otlp-grpc';
  readonly endpoint: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: OtelTlsConfig;
  readonly timeoutMs?: number;
  readonly compression?: 'none' | 'gzip';
}

/** Where one signal is exported (codex-otel's `OtelExporter`). */
export type OtelExporter =
  | NoneExporterSettings
  | StatsigExporterSettings
  | OtlpHttpExporterSettings
  | OtlpGrpcExporterSettings;

/**
 * What every resolved OTLP destination (HTTP or gRPC) holds, after settings, environment and
 * defaults are merged. Header values and key material live here only.
 */
export interface ResolvedOtlpDestination {
  readonly signal: Signal;
  /** Where requests go (OTLP/HTTP: the full URL; OTLP/gRPC: `http(s)://host:port`). */
  readonly url: string;
  /** Request headers or gRPC metadata (lower-case names), merged: env generic < env per-signal < settings. */
  readonly headers: Readonly<Record<string, string>>;
  /** Per-request timeout, ms (> 0). */
  readonly timeoutMs: number;
  /** 'gzip' compresses each request body (gRPC: each message, `grpc-encoding: gzip`). */
  readonly compression: 'none' | 'gzip';
  /** PEM contents (already read from files), when configured. */
  readonly tls: { readonly ca?: string; readonly cert?: string; readonly key?: string } | undefined;
}

/** A fully resolved OTLP/HTTP destination for one signal: what the transport needs. */
export interface ResolvedOtlpHttpExporter extends ResolvedOtlpDestination {
  readonly kind: 'otlp-http';
  readonly protocol: 'json' | 'binary';
  /** The HTTP client ('auto' when unset): see OtlpHttpExporterSettings.transport. */
  readonly transport?: 'auto' | 'undici';
}

// ---- Settings for OtelProvider.from ----

/**
 * Hands one signal's records to a caller-provided exporter (e.g. `InMemorySpanExporter`,
 * `InMemoryLogExporter`) through the same batching pipeline an OTLP exporter would use.
 */
export interface CustomExporterSettings<T> {
  readonly kind: 'custom';
  readonly exporter: import('../contracts.ts').Exporter<T>;
}

/** A logs exporter setting. */
export type LogsExporterSetting = OtelExporter | CustomExporterSettings<import('../../proto-json/model.ts').LogRecordData>;
/** A trace exporter setting. */
export type TraceExporterSetting = OtelExporter | CustomExporterSettings<import('../../proto-json/model.ts').SpanData>;
/** A metrics exporter setting. */
export type MetricsExporterSetting = OtelExporter | CustomExporterSettings<import('../../proto-json/model.ts').MetricData>;

/**
 * What `OtelProvider.from` takes (codex-otel's `OtelSettings`, camelCase). Every field is optional:
 * a signal whose exporter is unset is configured from OTEL_* variables (see the README precedence
 * table); an explicit `{ kind: 'none' }` turns it off whatever the environment says.
 */
export interface OtelSettings {
  /** Deployment environment; resource attribute `env`. Omitted when unset. */
  readonly environment?: string;
  /** Resource `service.name` and tracer name; wins over OTEL_SERVICE_NAME. @default OTEL_SERVICE_NAME ?? 'unknown_service:node' */
  readonly serviceName?: string;
  /** Resource `service.version`. Omitted when unset. */
  readonly serviceVersion?: string;
  /** Logs exporter (codex-otel's `exporter`). */
  readonly exporter?: LogsExporterSetting;
  /** Trace exporter. */
  readonly traceExporter?: TraceExporterSetting;
  /** Metrics exporter (built by MetricsClient). */
  readonly metricsExporter?: MetricsExporterSetting;
  /** Adds the runtime (snapshot) metrics reader. @default false */
  readonly runtimeMetrics?: boolean;
  /** String attributes set on every span at start. Keys must not be empty. */
  readonly spanAttributes?: Readonly<Record<string, string>>;
  /** Configured W3C tracestate members merged into propagated context: `{ member: { field: value } }`. */
  readonly tracestate?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

// ---- What the OTLP/gRPC exporter consumes ----

/**
 * A fully resolved OTLP/gRPC destination for one signal (the gRPC counterpart of
 * ResolvedOtlpHttpExporter): `url` is `http://host:port` (plaintext HTTP/2) or `https://host:port`
 * (TLS), default `http://localhost:4317`; the timeout is also sent as `grpc-timeout`.
 */
export interface ResolvedOtlpGrpcExporter extends ResolvedOtlpDestination {
  readonly kind: 'otlp-grpc';
}
