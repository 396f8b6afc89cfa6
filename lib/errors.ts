// Every error class the library throws or reports. Each has a literal `name` and a stable `code`
// users can branch on; none carries a header value or API key.

/** Stable error codes, one per class. */
export const ErrorCode = {
  config: 'OTLP_LITE_CONFIG',
  metrics: 'OTLP_LITE_METRICS',
  export: 'OTLP_LITE_EXPORT',
  decode: 'OTLP_LITE_DECODE',
} as const;

/** A stable otlp-lite error code. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class of every otlp-lite error. Branch on `code`, which survives duplicate installs. */
export class OtlpLiteError extends Error {
  override name: string = 'OtlpLiteError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True for any otlp-lite error, even one thrown by another copy of the library. */
export function isOtlpLiteError(value: unknown): value is OtlpLiteError {
  if (!(value instanceof Error)) return false;
  const code: unknown = (value as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('OTLP_LITE_');
}

/** One offending setting: where it is (`traceExporter.endpoint`) and what was expected. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A bad setting or environment value, thrown at construction (never during export).
 * `issues` names every offending field; the message lists them all. Values of headers and API
 * keys are never included.
 */
export class ConfigError extends OtlpLiteError {
  override name = 'ConfigError' as const;
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    const list = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    super(ErrorCode.config, `invalid otlp-lite settings: ${list.join('; ')}`, options);
    this.issues = issues;
  }
}

/** codex-otel's `MetricsError` variant names (codex-otel `metrics/error.rs`). */
export type MetricsErrorKind =
  | 'EmptyMetricName'
  | 'InvalidMetricName'
  | 'EmptyTagComponent'
  | 'InvalidTagComponent'
  | 'ExporterDisabled'
  | 'NegativeCounterIncrement'
  | 'ExporterBuild'
  | 'InvalidConfig'
  | 'ProviderShutdown'
  | 'RuntimeSnapshotUnavailable'
  | 'RuntimeSnapshotCollect';

/** Context carried by a `MetricsError`: the offending name, tag label/value or increment. */
export interface MetricsErrorDetails {
  readonly name?: string;
  readonly label?: string;
  readonly value?: string;
  readonly inc?: number;
  readonly message?: string;
}

function metricsMessage(kind: MetricsErrorKind, d: MetricsErrorDetails): string {
  switch (kind) {
    case 'EmptyMetricName':
      return 'metric name cannot be empty';
    case 'InvalidMetricName':
      return `metric name contains invalid characters: ${d.name ?? ''}`;
    case 'EmptyTagComponent':
      return `${d.label ?? 'tag'} cannot be empty`;
    case 'InvalidTagComponent':
      return `${d.label ?? 'tag'} contains invalid characters: ${d.value ?? ''}`;
    case 'ExporterDisabled':
      return 'metrics exporter is disabled';
    case 'NegativeCounterIncrement':
      return `counter increment must be non-negative for ${d.name ?? ''}: ${d.inc ?? ''}`;
    case 'ExporterBuild':
      return 'failed to build OTLP metrics exporter';
    case 'InvalidConfig':
      return `invalid OTLP metrics configuration: ${d.message ?? ''}`;
    case 'ProviderShutdown':
      return 'failed to flush or shutdown metrics provider';
    case 'RuntimeSnapshotUnavailable':
      return 'runtime metrics snapshot reader is not enabled';
    case 'RuntimeSnapshotCollect':
      return 'failed to collect runtime metrics snapshot from metrics reader';
  }
}

/**
 * A metrics validation or lifecycle failure. `kind` is codex-otel's variant name and `message` is
 * codex-otel's text verbatim, e.g. `metric name contains invalid characters: bad name`.
 */
export class MetricsError extends OtlpLiteError {
  override name = 'MetricsError' as const;
  readonly kind: MetricsErrorKind;
  readonly details: MetricsErrorDetails;
  constructor(kind: MetricsErrorKind, details: MetricsErrorDetails = {}, options?: { cause?: unknown }) {
    super(ErrorCode.metrics, metricsMessage(kind, details), options);
    this.kind = kind;
    this.details = details;
  }
}

/** Why a record was dropped. Every drop is counted under one of these in `stats()`. */
export type DropReason =
  | 'queue_full'
  | 'non_retryable'
  | 'retries_exhausted'
  | 'shutdown'
  | 'rejected_by_server'
  | 'too_large'
  /** Metrics: a measurement that cannot be recorded (a NaN/infinite value, a negative duration). */
  | 'invalid_value';

/**
 * A failed export, reported as a value in results and `stats()`: never thrown or rejected.
 * `message` is truncated and never holds header values or keys.
 */
export class ExportError extends OtlpLiteError {
  override name = 'ExportError' as const;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** Requests made for this batch, including the first. */
  readonly attempts: number;
  readonly retryable: boolean;
  readonly reason: DropReason;
  constructor(
    message: string,
    info: { status?: number | undefined; attempts: number; retryable: boolean; reason: DropReason },
    options?: { cause?: unknown },
  ) {
    super(ErrorCode.export, message.length > 512 ? `${message.slice(0, 509)}...` : message, options);
    this.status = info.status;
    this.attempts = info.attempts;
    this.retryable = info.retryable;
    this.reason = info.reason;
  }
}

export { DecodeError } from '../proto-json/errors.ts';
