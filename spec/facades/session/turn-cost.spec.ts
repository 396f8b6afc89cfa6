// recordTurnCost's counter codex.turn.cost_microusd, end to end through a real provider (logs and
// metrics as OTLP/HTTP JSON to a loopback receiver): whole micro-USD parsed exactly from the
// decimal string and rounded to nearest, the turn and session tags, no point (and no throw) for
// a malformed, negative, non-finite or overflowing amount while the codex.turn_cost log still goes
// out, and the Statsig deny-list.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OtelProvider } from '../../../lib/facades/provider.ts';
import { microUsdFromDecimal } from '../../../lib/facades/session/turn-cost.ts';
import { setDiagnosticHandler, type DiagLevel } from '../../../lib/platform/diag.ts';
import { STATSIG_DISABLED_METRICS, TURN_COST_MICROUSD_METRIC } from '../../../lib/signals/metrics/names.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { receivedLogRecords, receivedMetrics, useReceiver } from '../../helpers/receiver.ts';
import { APP_VERSION, decodeAttributes, sessionFor } from './support.ts';

failOnUnhandledRejection();

const CONVERSATION = '67e55044-10b1-426f-9247-bb680e5fe0c8';

/** [estimated USD, micro-USD] pairs that record a point. */
const RECORDED: [string, number][] = [
  ['0.0001245', 125], // 124.5 rounds up; parseFloat('0.0001245') * 1e6 = 124.49999999999999
  ['0.0214', 21400],
  ['1.15', 1150000], // 1.15 * 1e6 = 1149999.9999999998 in binary floating point
  ['0.0000004', 0],
  ['0.0000005', 1],
  ['0.00000049999', 0],
  ['0.0000015', 2],
  ['12', 12000000],
  ['.5', 500000],
  ['3.', 3000000],
  ['+0.25', 250000],
  ['1.5e-6', 2],
  ['2E-3', 2000],
  ['0', 0],
  ['-0.000', 0],
  ['00012.3400', 12340000],
  ['9007199254.740991', Number.MAX_SAFE_INTEGER],
];

/** Amounts that record no point, and why. */
const REJECTED: [string, string][] = [
  ['abc', 'malformed'],
  ['', 'malformed'],
  [' 0.01', 'malformed'],
  ['0.01 ', 'malformed'],
  ['1,5', 'malformed'],
  ['$0.01', 'malformed'],
  ['.', 'malformed'],
  ['e5', 'malformed'],
  ['0x10', 'malformed'],
  ['1e', 'malformed'],
  ['-0.01', 'negative'],
  ['-1e-9', 'negative'],
  ['inf', 'non-finite'],
  ['-Infinity', 'non-finite'],
  ['NaN', 'non-finite'],
  ['9007199254.740992', 'overflow'],
  ['9007199254.7409915', 'overflow'], // rounds up past 2^53 − 1
  ['1e10', 'overflow'],
  ['1e999999999999', 'overflow'],
];

describe('microUsdFromDecimal', () => {
  it('parses the decimal exactly and rounds to nearest, halves up', () => {
    for (const [usd, micro] of RECORDED) assert.equal(microUsdFromDecimal(usd), micro, usd);
    assert.equal(microUsdFromDecimal('1e-999999999999'), 0);
    assert.equal(microUsdFromDecimal(`0.${'0'.repeat(6)}5${'0'.repeat(10000)}`), 1); // 0.5 micro-USD, long tail
  });

  it('names why an amount records nothing, and never throws', () => {
    for (const [usd, why] of REJECTED) assert.equal(microUsdFromDecimal(usd), why, usd);
    for (const v of [undefined, null, 5, {}, Symbol('x')]) assert.equal(microUsdFromDecimal(v), 'malformed');
  });
});

describe('codex.turn.cost_microusd through a provider', () => {
  const receiver = useReceiver();
  const diagnostics: { level: DiagLevel; message: string }[] = [];
  before(() => {
    setDiagnosticHandler((level, message) => diagnostics.push({ level, message }));
  });
  after(() => {
    setDiagnosticHandler(undefined);
  });

  it('adds the rounded micro-USD with the turn and session tags; bad amounts add nothing but are still logged', async () => {
    const provider = OtelProvider.from(
      {
        serviceName: 'codex-cli',
        serviceVersion: APP_VERSION,
        exporter: { kind: 'otlp-http', endpoint: `${receiver.url}/v1/logs`, protocol: 'json' },
        metricsExporter: { kind: 'otlp-http', endpoint: `${receiver.url}/v1/metrics`, protocol: 'json' },
      },
      { env: {}, beforeExitFlush: false },
    );
    assert.ok(provider);
    const s = sessionFor(provider);
    RECORDED.forEach(([usd], i) => s.recordTurnCost(`turn-${i}`, usd, false));
    s.recordTurnCost('turn-extra', '0.5', true, 'fast', 'high');
    s.recordTurnCost('turn-extra', '0.25', true, 'fast', 'high'); // same series: the counter adds
    REJECTED.forEach(([usd], i) => assert.doesNotThrow(() => s.recordTurnCost(`bad-${i}`, usd, false)));
    assert.doesNotThrow(() => s.recordTurnCost('bad-type', 7 as unknown as string, false));
    const result = await provider.shutdown();
    assert.equal(result.timedOut, false);

    const metrics: any[] = receivedMetrics(receiver.requests).filter((m) => m.name === TURN_COST_MICROUSD_METRIC);
    assert.equal(metrics.length, 1);
    const sum = metrics[0].sum;
    assert.equal(sum.isMonotonic, true);
    const byTurn = new Map<string, { value: bigint; attrs: Record<string, unknown> }>();
    for (const p of sum.dataPoints) {
      const attrs = decodeAttributes(p.attributes);
      assert.ok(p.asInt !== undefined, 'an integer counter');
      byTurn.set(String(attrs['turn.id']), { value: BigInt(p.asInt), attrs });
    }
    assert.deepEqual([...byTurn.keys()].filter((k) => k.startsWith('bad')), [], 'no point for a bad amount');
    RECORDED.forEach(([usd, micro], i) => assert.equal(byTurn.get(`turn-${i}`)?.value, BigInt(micro), usd));
    assert.equal(byTurn.size, RECORDED.length + 1);
    assert.deepEqual(byTurn.get('turn-0')!.attrs, {
      'turn.id': 'turn-0',
      'conversation.id': CONVERSATION,
      'turn.interrupted': 'false',
      'app.version': APP_VERSION,
      auth_mode: 'ApiKey',
      model: 'gpt-5.1',
      originator: 'test_originator',
      session_source: 'cli',
    });
    const extra = byTurn.get('turn-extra')!;
    assert.equal(extra.value, 750000n);
    assert.equal(extra.attrs['turn.interrupted'], 'true');
    assert.equal(extra.attrs['speed'], 'fast');
    assert.equal(extra.attrs['reasoning_effort'], 'high');

    // Every call, good or bad, logged its codex.turn_cost event with the amount as given.
    const logs = receivedLogRecords(receiver.requests)
      .map((l) => decodeAttributes(l.attributes))
      .filter((a) => a['event.name'] === 'codex.turn_cost');
    assert.equal(logs.length, RECORDED.length + 2 + REJECTED.length + 1);
    REJECTED.forEach(([usd], i) => assert.equal(logs.find((a) => a['turn.id'] === `bad-${i}`)?.['usage.estimated_usd'], usd));

    // Dropped points are reported, once per reason.
    const reports = diagnostics.filter((d) => d.message.includes(TURN_COST_MICROUSD_METRIC)).map((d) => d.message);
    assert.equal(reports.length, 4, reports.join('\n'));
    for (const why of ['not a decimal number', 'negative', 'non-finite', 'too large']) assert.ok(reports.some((m) => m.includes(why)), why);
  });

  it('is on the Statsig deny-list', () => {
    assert.ok(STATSIG_DISABLED_METRICS.includes(TURN_COST_MICROUSD_METRIC));
    assert.ok(Object.isFrozen(STATSIG_DISABLED_METRICS));
  });
});
