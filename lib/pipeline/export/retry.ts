// The retry policy as pure functions: which outcomes are retryable, the next backoff delay
// (exponential with jitter), `Retry-After` parsing, and whether a retry still fits before the
// deadline. No timers, no network, no clock: randomness and `now` are parameters.
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_INITIAL_MS,
  DEFAULT_RETRY_JITTER,
  DEFAULT_RETRY_MAX_MS,
  DEFAULT_RETRY_MULTIPLIER,
} from '../../config/defaults.ts';

/** Backoff settings. */
export interface RetryPolicy {
  /** First retry delay, ms. @default 1000 */
  readonly initialMs: number;
  /** Growth per retry. @default 1.5 */
  readonly multiplier: number;
  /** Cap on computed delays, ms. @default 5000 */
  readonly maxMs: number;
  /** Retries after the first request. @default 5 */
  readonly maxRetries: number;
  /** Relative jitter on computed delays (0.2 = ±20 %). @default 0.2 */
  readonly jitter: number;
}

/** The default policy: 1 s, ×1.5, capped at 5 s, 5 retries, ±20 % jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  initialMs: DEFAULT_RETRY_INITIAL_MS,
  multiplier: DEFAULT_RETRY_MULTIPLIER,
  maxMs: DEFAULT_RETRY_MAX_MS,
  maxRetries: DEFAULT_MAX_RETRIES,
  jitter: DEFAULT_RETRY_JITTER,
});

/** HTTP statuses worth retrying (OTLP/HTTP spec): 429, 502, 503, 504. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * Network error codes worth retrying: the OS codes the OTLP exporters retry, undici's socket /
 * timeout codes, and our own `ERR_REQUEST_TIMEOUT`.
 */
const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'ERR_REQUEST_TIMEOUT',
  'ERR_SOCKET_HANG_UP',
]);

/** True for a network failure that a retry may fix (connection refused/reset, DNS, timeouts). */
export function isRetryableError(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_ERROR_CODES.has(code);
}

/**
 * The computed delay before retry number `retry` (1 = first retry):
 * `min(initial * multiplier^(retry-1) * (1 ± jitter), maxMs)`, never negative.
 * `rand` is a uniform number in [0, 1).
 */
export function nextDelay(retry: number, rand: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const base = policy.initialMs * policy.multiplier ** Math.max(0, retry - 1);
  const jittered = base * (1 + policy.jitter * (2 * rand - 1));
  return Math.max(0, Math.min(Math.round(jittered), policy.maxMs));
}

/**
 * Parses a `Retry-After` header into a delay in ms: delay-seconds (`"120"`) or an HTTP-date
 * (a date in the past gives 0). Returns undefined when absent or unparsable.
 */
export function parseRetryAfter(header: string | readonly string[] | undefined, now: number): number | undefined {
  const raw = typeof header === 'string' ? header : header?.[0];
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value === '') return undefined;
  if (/^\d+$/.test(value)) {
    const seconds = Number(value);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }
  // Only text that looks like a date: `Date.parse` accepts too much otherwise (e.g. "1.5").
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Inputs for {@link planRetry}. */
export interface RetryPlanInput {
  /** Retry number about to happen (1 = first retry). */
  readonly retry: number;
  /** Server-given delay from `Retry-After`, ms, if any. */
  readonly retryAfterMs: number | undefined;
  readonly now: number;
  /** Epoch ms by which the batch must be settled. */
  readonly deadline: number;
  /** Uniform random number in [0, 1). */
  readonly rand: number;
  readonly policy?: RetryPolicy;
}

/**
 * The delay before the next retry, or undefined to give up: retries exhausted, or the retry
 * would not start before the deadline. A server-given delay replaces the computed backoff and is
 * never jittered; it is clamped to the deadline (a delay past it means giving up).
 */
export function planRetry(input: RetryPlanInput): number | undefined {
  const policy = input.policy ?? DEFAULT_RETRY_POLICY;
  if (input.retry > policy.maxRetries) return undefined;
  const delay = input.retryAfterMs ?? nextDelay(input.retry, input.rand, policy);
  // A retry needs some time to run once the delay is over; starting it at the deadline is futile.
  if (input.now + delay >= input.deadline) return undefined;
  return delay;
}
