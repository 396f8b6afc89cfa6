// Every default of the export pipeline, defined once (config reads OTEL_* over them, the pipeline
// falls back to them): queue sizes, delays, timeouts, the retry
// policy and the OTLP size caps. TSDoc `@default`s elsewhere and the README repeat these values.

/** Records waiting per signal before new ones are dropped (`OTEL_BSP/BLRP_MAX_QUEUE_SIZE`). */
export const DEFAULT_MAX_QUEUE_SIZE = 2048;

/** Records per export request (`OTEL_BSP/BLRP_MAX_EXPORT_BATCH_SIZE`). */
export const DEFAULT_MAX_EXPORT_BATCH_SIZE = 512;

/** Delay before a partial batch of spans goes out (`OTEL_BSP_SCHEDULE_DELAY`). */
export const DEFAULT_SPAN_SCHEDULE_DELAY_MS = 5000;

/** Delay before a partial batch of log records goes out (`OTEL_BLRP_SCHEDULE_DELAY`). */
export const DEFAULT_LOG_SCHEDULE_DELAY_MS = 1000;

/**
 * Per-request timeout of the OTLP exporter (`OTEL_EXPORTER_OTLP_[SIGNAL_]TIMEOUT`), in ms.
 * Never longer than what is left of a shutdown budget.
 */
export const DEFAULT_EXPORT_TIMEOUT_MS = 10_000;

/** Alias of {@link DEFAULT_EXPORT_TIMEOUT_MS}: the exporter's per-request timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = DEFAULT_EXPORT_TIMEOUT_MS;

/**
 * Budget of one batch export including its retries (`OTEL_BSP/BLRP_EXPORT_TIMEOUT`), in ms:
 * `QueueOptions.exportTimeoutMs`.
 */
export const DEFAULT_BATCH_EXPORT_TIMEOUT_MS = 30_000;

/** Interval of the periodic metrics export (`OTEL_METRIC_EXPORT_INTERVAL`), in ms. */
export const DEFAULT_METRIC_EXPORT_INTERVAL_MS = 60_000;

/** Budget of one metrics export including its retries (`OTEL_METRIC_EXPORT_TIMEOUT`), in ms. */
export const DEFAULT_METRIC_EXPORT_TIMEOUT_MS = 30_000;

/** Exports in flight at once per signal. The spec forbids concurrent `Export` calls. */
export const DEFAULT_MAX_CONCURRENT_EXPORTS = 1;

/** One overall budget for shutdown: the final flush, every retry in it, closing sockets. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 2000;

/** How long `flush()` waits when no timeout is given. */
export const DEFAULT_FLUSH_TIMEOUT_MS = 30_000;

/** First retry delay, ms. */
export const DEFAULT_RETRY_INITIAL_MS = 1000;
/** Growth of the retry delay per attempt. */
export const DEFAULT_RETRY_MULTIPLIER = 1.5;
/** Largest computed retry delay, ms (server-given `Retry-After` is clamped to the deadline only). */
export const DEFAULT_RETRY_MAX_MS = 5000;
/** Retries after the first request (at most 6 requests per batch). */
export const DEFAULT_MAX_RETRIES = 5;
/** Random jitter applied to computed delays: ±20 %. */
export const DEFAULT_RETRY_JITTER = 0.2;

/** Request bodies over this size (before compression) are split, never sent (spec: 64 MiB). */
export const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/** Response bodies are read up to this size (spec: 4 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Longest server error message kept in an `ExportError`, in characters. */
export const MAX_ERROR_MESSAGE_CHARS = 256;
