import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableError,
  isRetryableStatus,
  nextDelay,
  parseRetryAfter,
  planRetry,
} from '../../../lib/pipeline/export/retry.ts';

describe('retry policy', () => {
  it('retries 429, 502, 503 and 504 and nothing else', () => {
    for (const s of [429, 502, 503, 504]) assert.equal(isRetryableStatus(s), true, String(s));
    for (const s of [200, 204, 400, 401, 403, 404, 408, 413, 500, 501, 505]) assert.equal(isRetryableStatus(s), false, String(s));
  });

  it('retries network failures and undici timeouts, not TLS or argument errors', () => {
    for (const c of ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ERR_REQUEST_TIMEOUT']) {
      assert.equal(isRetryableError(c), true, c);
    }
    for (const c of [undefined, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UND_ERR_INVALID_ARG', 'ERR_UNKNOWN']) {
      assert.equal(isRetryableError(c), false, String(c));
    }
  });

  it('grows the delay 1 s, 1.5 s, 2.25 s … up to 5 s without jitter at rand 0.5', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => nextDelay(n, 0.5)), [1000, 1500, 2250, 3375, 5000, 5000]);
  });

  it('jitters computed delays by at most ±20 % and never past the cap', () => {
    assert.equal(nextDelay(1, 0), 800);
    assert.equal(nextDelay(1, 0.999999), 1200);
    assert.equal(nextDelay(5, 0.999999), 5000);
    for (let i = 0; i < 200; i++) {
      const d = nextDelay(2, Math.random());
      assert.ok(d >= 1200 && d <= 1800, String(d));
    }
  });

  it('uses a custom policy', () => {
    const p = { ...DEFAULT_RETRY_POLICY, initialMs: 10, multiplier: 2, maxMs: 35, jitter: 0 };
    assert.deepEqual([1, 2, 3, 4].map((n) => nextDelay(n, 0.3, p)), [10, 20, 35, 35]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('1', now), 1000);
    assert.equal(parseRetryAfter(' 120 ', now), 120_000);
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter(['3', '9'], now), 3000);
  });

  it('reads an HTTP-date relative to now', () => {
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
  });

  it('gives 0 for a date in the past', () => {
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now), 0);
  });

  it('ignores absent or garbage values', () => {
    for (const v of [undefined, '', '   ', 'soon', '-1', '1.5', '1e3', '0x10', 'Foo, 99 Bar 2026']) assert.equal(parseRetryAfter(v, now), undefined, String(v));
  });
});

describe('planRetry', () => {
  const base = { now: 1000, deadline: 10_000, rand: 0.5 } as const;

  it('returns the computed backoff while retries and time remain', () => {
    assert.equal(planRetry({ ...base, retry: 1, retryAfterMs: undefined }), 1000);
    assert.equal(planRetry({ ...base, retry: 2, retryAfterMs: undefined }), 1500);
  });

  it('gives up after the last retry', () => {
    assert.equal(planRetry({ ...base, deadline: 1e12, retry: 6, retryAfterMs: undefined }), undefined);
    assert.equal(planRetry({ ...base, deadline: 1e12, retry: 5, retryAfterMs: undefined }), 5000);
  });

  it('gives up when the retry would not start before the deadline', () => {
    assert.equal(planRetry({ ...base, deadline: 1900, retry: 1, retryAfterMs: undefined }), undefined);
  });

  it('uses a server-given delay as is: never jittered, only clamped to the deadline', () => {
    assert.equal(planRetry({ ...base, rand: 0, retry: 1, retryAfterMs: 1000 }), 1000);
    assert.equal(planRetry({ ...base, rand: 0.99, retry: 1, retryAfterMs: 7000 }), 7000);
    assert.equal(planRetry({ ...base, retry: 1, retryAfterMs: 9000 }), undefined);
    assert.equal(planRetry({ ...base, retry: 1, retryAfterMs: 0 }), 0);
  });
});
