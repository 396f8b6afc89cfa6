// Span and log-record limits (OTEL_*_LIMIT variables): the model-specific variable first, then the
// general OTEL_ATTRIBUTE_* one, then the default (128 counts, no length limit). Pure over the env snapshot.
import { envInteger, type EnvName, type EnvSnapshot } from './env-snapshot.ts';

/** Default for every count limit. */
export const DEFAULT_COUNT_LIMIT = 128;

/** Limits applied by the tracer while a span records. `Infinity` = no limit. */
export interface SpanLimits {
  /** Attributes per span (OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT ?? OTEL_ATTRIBUTE_COUNT_LIMIT). @default 128 */
  readonly attributeCountLimit: number;
  /** String/byte length of attribute values, applied at encode time (OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT ?? OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT). @default Infinity */
  readonly attributeValueLengthLimit: number;
  /** Events per span (OTEL_SPAN_EVENT_COUNT_LIMIT). @default 128 */
  readonly eventCountLimit: number;
  /** Links per span (OTEL_SPAN_LINK_COUNT_LIMIT). @default 128 */
  readonly linkCountLimit: number;
  /** Attributes per event (OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT ?? OTEL_ATTRIBUTE_COUNT_LIMIT). @default 128 */
  readonly attributePerEventCountLimit: number;
  /** Attributes per link (OTEL_LINK_ATTRIBUTE_COUNT_LIMIT ?? OTEL_ATTRIBUTE_COUNT_LIMIT). @default 128 */
  readonly attributePerLinkCountLimit: number;
}

/** Limits applied by the logger. */
export interface LogLimits {
  /** Attributes per record (OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT ?? OTEL_ATTRIBUTE_COUNT_LIMIT). @default 128 */
  readonly attributeCountLimit: number;
  /** OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT ?? OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, applied at encode time. @default Infinity */
  readonly attributeValueLengthLimit: number;
}

function pick(env: EnvSnapshot, specific: EnvName, general: EnvName | undefined, fallback: number): number {
  return envInteger(env, specific) ?? (general === undefined ? undefined : envInteger(env, general)) ?? fallback;
}

/** Span limits from `env`. */
export function readSpanLimits(env: EnvSnapshot): SpanLimits {
  return {
    attributeCountLimit: pick(env, 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT', DEFAULT_COUNT_LIMIT),
    attributeValueLengthLimit: pick(env, 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', Infinity),
    eventCountLimit: pick(env, 'OTEL_SPAN_EVENT_COUNT_LIMIT', undefined, DEFAULT_COUNT_LIMIT),
    linkCountLimit: pick(env, 'OTEL_SPAN_LINK_COUNT_LIMIT', undefined, DEFAULT_COUNT_LIMIT),
    attributePerEventCountLimit: pick(env, 'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT', DEFAULT_COUNT_LIMIT),
    attributePerLinkCountLimit: pick(env, 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT', DEFAULT_COUNT_LIMIT),
  };
}

/** Log-record limits from `env`. */
export function readLogLimits(env: EnvSnapshot): LogLimits {
  return {
    attributeCountLimit: pick(env, 'OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT', DEFAULT_COUNT_LIMIT),
    attributeValueLengthLimit: pick(env, 'OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', Infinity),
  };
}
