// codex-otel's later histogram bucket tables and `contextLogBuckets`: lengths, first and last
// bounds, strictly increasing, every logarithmic bound equal to 2^x correctly rounded (checked
// against an exact BigInt evaluation, and the 2^17 table against the SHA-256 of the bytes Rust's
// `context_log_buckets(17.0)` produces), the lazily built tables behaving as frozen arrays, and a
// table exported verbatim as explicitBounds through a real client to a loopback receiver.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { MetricsClient, MetricsConfig } from '../../../lib/facades/metrics-client.ts';
import { lazyFrozenArray } from '../../../lib/signals/metrics/log-buckets.ts';
import * as names from '../../../lib/index.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { receivedMetrics, useReceiver } from '../../helpers/receiver.ts';

failOnUnhandledRejection();

const { contextLogBuckets, THREAD_SKILLS_COUNT_METRIC_BUCKETS, THREAD_SKILLS_DESCRIPTION_TRUNCATED_CHARS_BUCKETS, THREAD_SKILLS_TRUNCATED_BUCKETS, THREAD_TOOLS_METRIC_BUCKETS } = names;

// 2^x for a double x, correctly rounded to a double, in 200-bit fixed point (slow, exact enough).
const P = 200n;
const ONE = 1n << P;
let LN2 = 0n;
for (let k = 1n; k < 400n; k++) LN2 += ONE / (k << k); // ln 2 = Σ 1/(k·2^k)

function exactPow2(x: number): number {
  const n = Math.floor(x);
  const f = x - n; // exact
  if (f === 0) return 2 ** n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, f);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn) - 1075;
  const mant = (bits & ((1n << 52n) - 1n)) | (1n << 52n); // f = mant · 2^exp
  const y = (LN2 * mant) >> BigInt(-exp); // f·ln2
  let term = ONE;
  let sum = ONE;
  for (let k = 1n; term !== 0n; k++) {
    term = ((term * y) >> P) / k;
    sum += term;
  }
  const shift = P - 52n;
  let q = sum >> shift;
  const r = sum - (q << shift);
  const half = 1n << (shift - 1n);
  assert.ok(r - half > 1n << 40n || half - r > 1n << 40n, `2^${x} is too close to a rounding tie to decide here`);
  if (r > half) q += 1n;
  return Number(q) * 2 ** (n - 52);
}

function sha256Le(values: readonly number[]): string {
  const h = createHash('sha256');
  const b = Buffer.alloc(8);
  for (const v of values) {
    b.writeDoubleLE(v);
    h.update(b);
  }
  return h.digest('hex');
}

function assertIncreasing(values: readonly number[], label: string): void {
  for (let i = 1; i < values.length; i++) assert.ok(values[i]! > values[i - 1]!, `${label}[${i}]`);
}

describe('bucket tables', () => {
  it('THREAD_TOOLS_METRIC_BUCKETS: 511 bounds, 0 then 2^(15(i−1)/509) up to 32768', () => {
    const b = THREAD_TOOLS_METRIC_BUCKETS;
    assert.equal(b.length, 511);
    assert.deepEqual([b[0], b[1], b[510]], [0, 1, 32768]);
    assert.equal(b[2], 1.0206367877342388);
    assertIncreasing(b, 'tools');
    for (let i = 1; i < 511; i++) assert.equal(b[i], exactPow2((15 * (i - 1)) / 509), `tools[${i}]`);
  });

  it('THREAD_SKILLS_DESCRIPTION_TRUNCATED_CHARS_BUCKETS: 511 bounds up to 131072, bit for bit as codex-otel', (t) => {
    const b = THREAD_SKILLS_DESCRIPTION_TRUNCATED_CHARS_BUCKETS;
    assert.equal(b.length, 511);
    assert.deepEqual([b[0], b[1], b[510]], [0, 1, 131072]);
    assertIncreasing(b, 'skills');
    for (let i = 1; i < 511; i++) assert.equal(b[i], exactPow2((17 * (i - 1)) / 509), `skills[${i}]`);
    // sha256 of the little-endian f64 bytes of Rust's context_log_buckets(17.0) (libm pow).
    assert.equal(sha256Le(b), '8cacf78cbe23be0158fb5fa8f4be5d8768684969b45c3f48b8841d8e42c80fea');
    // Math.pow is not correctly rounded on every engine (V8 before Node 24 differs from codex-otel
    // in some bounds), which is why the table has its own arithmetic; reported, not asserted.
    const naive = b.map((_, i) => (i === 0 ? 0 : Math.pow(2, (17 * (i - 1)) / 509)));
    t.diagnostic(`Math.pow differs from codex-otel in ${naive.filter((v, i) => v !== b[i]).length} of 511 bounds on this engine`);
  });

  it('THREAD_SKILLS_COUNT_METRIC_BUCKETS: the integers 0 to 512', () => {
    const b = THREAD_SKILLS_COUNT_METRIC_BUCKETS;
    assert.equal(b.length, 513);
    assert.deepEqual([...b], Array.from({ length: 513 }, (_, i) => i));
  });

  it('THREAD_SKILLS_TRUNCATED_BUCKETS is [0, 1]', () => {
    assert.deepEqual([...THREAD_SKILLS_TRUNCATED_BUCKETS], [0, 1]);
    assert.ok(Object.isFrozen(THREAD_SKILLS_TRUNCATED_BUCKETS));
  });

  it('contextLogBuckets(maxExp) for other exponents, and its argument check', () => {
    for (const m of [1, 5, 20, 64]) {
      const b = contextLogBuckets(m);
      assert.equal(b.length, 511);
      assert.deepEqual([b[0], b[1], b[510]], [0, 1, 2 ** m]);
      assertIncreasing(b, `m=${m}`);
      for (const i of [2, 100, 255, 509]) assert.equal(b[i], exactPow2((m * (i - 1)) / 509), `m=${m} [${i}]`);
      assert.ok(Object.isFrozen(b));
    }
    assert.deepEqual([...contextLogBuckets(15)], [...THREAD_TOOLS_METRIC_BUCKETS]);
    for (const bad of [0, -1, 1.5, 65, Number.NaN, '15' as unknown as number]) assert.throws(() => contextLogBuckets(bad), RangeError, String(bad));
  });

  it('the lazily built tables behave as frozen arrays', () => {
    const t = THREAD_TOOLS_METRIC_BUCKETS;
    assert.ok(Array.isArray(t));
    assert.ok(Object.isFrozen(t));
    assert.equal(JSON.parse(JSON.stringify(t)).length, 511);
    assert.equal([...t].length, 511);
    assert.equal(t.slice(-1)[0], 32768);
    let builds = 0;
    const fresh = lazyFrozenArray(() => (builds++, [3, 4]));
    assert.equal(builds, 0, 'nothing is built before first use');
    assert.equal(inspect(fresh), '[ 3, 4 ]', 'inspect builds it first');
    assert.equal(fresh.length, 2);
    assert.equal(builds, 1);
    assert.throws(() => {
      (t as number[])[0] = 5;
    }, TypeError);
    assert.throws(() => (t as number[]).push(1), TypeError);
    assert.equal(t[0], 0);
    assert.deepEqual(t, contextLogBuckets(15));
  });

  it('the new metric names are exported', () => {
    assert.deepEqual(
      [
        names.TURN_COST_MICROUSD_METRIC,
        names.MULTI_AGENT_SPAWN_FAILURE_METRIC,
        names.MULTI_AGENT_SPAWN_PHASE_DURATION_METRIC,
        names.EXEC_SERVER_CLIENT_REQUEST_COUNT_METRIC,
        names.WEBSOCKET_CONTINUATION_COUNT_METRIC,
        names.THREAD_TOOLS_NAMESPACES_TOTAL_METRIC,
        names.THREAD_TOOLS_FRAGMENT_BYTES_METRIC,
      ],
      [
        'codex.turn.cost_microusd',
        'codex.multi_agent.spawn.failure',
        'codex.multi_agent.spawn.phase.duration_ms',
        'exec_server_client_requests_total',
        'codex.websocket.continuation',
        'codex.thread.tools.namespaces_total',
        'codex.thread.tools.fragment_bytes',
      ],
    );
  });
});

describe('bucket tables on the wire', () => {
  const receiver = useReceiver();

  it('exports a table verbatim as explicitBounds and counts into the right buckets', async () => {
    const metrics = new MetricsClient(
      MetricsConfig.otlp('test', 'codex-cli', '1', { kind: 'otlp-http', endpoint: `${receiver.url}/v1/metrics`, protocol: 'json' }).withEnv({}),
    );
    const b = THREAD_TOOLS_METRIC_BUCKETS;
    metrics.histogramWithBuckets(names.THREAD_TOOLS_FRAGMENT_BYTES_METRIC, 0, b, { kind: 'snapshot' });
    metrics.histogramWithBuckets(names.THREAD_TOOLS_FRAGMENT_BYTES_METRIC, b[300]!, b, { kind: 'snapshot' }); // (b[299], b[300]]
    metrics.histogramWithBuckets(names.THREAD_TOOLS_FRAGMENT_BYTES_METRIC, 40000, b, { kind: 'snapshot' }); // overflow bucket
    metrics.histogramWithBuckets(names.THREAD_SKILLS_TRUNCATED_METRIC, 1, THREAD_SKILLS_TRUNCATED_BUCKETS);
    const r = await metrics.shutdown({ timeoutMs: 5000 });
    assert.equal(r.ok, true);
    const all: any[] = receivedMetrics(receiver.requests);
    const tools = all.find((m: any) => m.name === names.THREAD_TOOLS_FRAGMENT_BYTES_METRIC).histogram.dataPoints[0];
    assert.deepEqual(tools.explicitBounds, [...b]);
    const counts = tools.bucketCounts.map(Number);
    assert.equal(counts.length, 512);
    assert.deepEqual([counts[0], counts[300], counts[511]], [1, 1, 1]);
    assert.equal(counts.reduce((x: number, y: number) => x + y, 0), 3);
    const truncated = all.find((m: any) => m.name === names.THREAD_SKILLS_TRUNCATED_METRIC).histogram.dataPoints[0];
    assert.deepEqual(truncated.explicitBounds, [0, 1]);
    assert.deepEqual(truncated.bucketCounts.map(Number), [0, 1, 0]);
  });
});
