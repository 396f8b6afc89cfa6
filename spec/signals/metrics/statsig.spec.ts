// The Statsig route: OTLP/HTTP JSON with the statsig-api-key header (apiKey, else
// STATSIG_SERVER_SDK_SECRET), always delta, the deny-list, a disabled exporter with one warning
// when there is no key, and the key never printed (diag, errors, inspect, JSON).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { receivedMetrics, startReceiver, type ReceivedRequest, type Receiver } from '../../helpers/receiver.ts';
import { MetricsClient, MetricsConfig } from '../../../lib/facades/metrics-client.ts';
import { STATSIG_OTLP_HTTP_ENDPOINT } from '../../../lib/signals/metrics/export-plan.ts';
import { STATSIG_DISABLED_METRICS } from '../../../lib/signals/metrics/names.ts';
import { setDiagnosticHandler, type DiagLevel } from '../../../lib/platform/diag.ts';

failOnUnhandledRejection();

const KEY = 'secret-statsig-key-4f9a1c';
const diagnostics: { level: DiagLevel; message: string }[] = [];

/** The metrics of one request, decoded by proto-json. */
function metricsOf(req: ReceivedRequest): any[] {
  return receivedMetrics([req]);
}

describe('Statsig metrics route', () => {
  let receiver: Receiver;
  before(async () => {
    setDiagnosticHandler((level, message) => diagnostics.push({ level, message }));
    receiver = await startReceiver({ replies: (_req, n) => (n === 100 ? 403 : 200) });
  });
  after(async () => {
    setDiagnosticHandler(undefined);
    await receiver.close();
    const leaked = diagnostics.filter((d) => d.message.includes(KEY));
    assert.deepEqual(leaked, [], 'no diagnostic contains the key');
  });

  it('defaults to the Statsig OTLP metrics URL', () => {
    assert.equal(STATSIG_OTLP_HTTP_ENDPOINT, 'https://api.statsig.com/otlp/v1/metrics');
  });

  it('posts JSON with the statsig-api-key header, delta temporality and the deny-list applied', async () => {
    const start = receiver.requests.length;
    const metrics = new MetricsClient(
      MetricsConfig.otlp('prod', 'codex-cli', '1.0.0', { kind: 'statsig', apiKey: KEY, endpoint: `${receiver.url}/otlp/v1/metrics` })
        // cumulative preference is ignored: Statsig is always delta
        .withEnv({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'cumulative', OTEL_EXPORTER_OTLP_HEADERS: 'x-other=1' }),
    );
    metrics.counter('codex.turns', 1, { model: 'gpt-5.1' });
    metrics.histogram('codex.turn.tool.call', 3);
    for (const name of STATSIG_DISABLED_METRICS) {
      metrics.counter(name, 1);
      metrics.recordDuration(name, 10);
    }
    assert.throws(() => metrics.counter('codex.tool.call', 1, { 'bad key': 'v' }), (e: any) => e.kind === 'InvalidTagComponent', 'denied names are still validated');
    const r = await metrics.shutdown({ timeoutMs: 5000 });
    assert.equal(r.ok, true);

    const [req] = (await receiver.waitForRequests(start + 1)).slice(start);
    assert.equal(req!.path, '/otlp/v1/metrics');
    assert.equal(req!.headers['statsig-api-key'], KEY);
    assert.equal(req!.headers['x-other'], undefined, 'generic OTLP env headers are not sent to Statsig');
    assert.match(String(req!.headers['content-type']), /^application\/json/);
    const names = metricsOf(req!).map((m) => m.name).sort();
    assert.deepEqual(names, ['codex.turn.tool.call', 'codex.turns']);
    const byName = new Map(metricsOf(req!).map((m: any) => [m.name, m]));
    assert.equal(byName.get('codex.turns').sum.aggregationTemporality, 1);
    assert.equal(byName.get('codex.turn.tool.call').histogram.aggregationTemporality, 1);
    assert.equal(receiver.requests.length, start + 1);
  });

  it('takes the key from STATSIG_SERVER_SDK_SECRET when the setting has none', async () => {
    const start = receiver.requests.length;
    const metrics = new MetricsClient(
      MetricsConfig.otlp('prod', 'codex-cli', '1', { kind: 'statsig', endpoint: `${receiver.url}/otlp/v1/metrics` }).withEnv({ STATSIG_SERVER_SDK_SECRET: KEY }),
    );
    metrics.counter('codex.turns', 1);
    await metrics.shutdown({ timeoutMs: 5000 });
    const [req] = (await receiver.waitForRequests(start + 1)).slice(start);
    assert.equal(req!.headers['statsig-api-key'], KEY);
  });

  it('without a key: disabled with one clear warning, never crashes, still snapshots', async () => {
    const start = receiver.requests.length;
    const before = diagnostics.length;
    const make = () =>
      new MetricsClient(
        MetricsConfig.otlp('prod', 'codex-cli', '1', { kind: 'statsig', endpoint: `${receiver.url}/otlp/v1/metrics` }).withEnv({}).withRuntimeReader(),
      );
    const a = make();
    const b = make();
    a.counter('codex.turns', 1);
    assert.equal(a.snapshot().scopeMetrics[0]!.metrics[0]!.name, 'codex.turns');
    const r = await a.shutdown();
    assert.equal(r.ok, true);
    await b.shutdown();
    const warnings = diagnostics.slice(before).filter((d) => d.level === 'warn');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /Statsig metrics exporter disabled: no API key/);
    assert.match(warnings[0]!.message, /STATSIG_SERVER_SDK_SECRET/);
    assert.equal(receiver.requests.length, start, 'nothing sent');
    assert.match(inspect(a), /statsig \(disabled\)/);
  });

  it('never prints the key: inspect, String, JSON of the config and client; export errors', async () => {
    const cfg = MetricsConfig.otlp('prod', 'codex-cli', '1', { kind: 'statsig', apiKey: KEY, endpoint: `${receiver.url}/otlp/v1/metrics` });
    for (const text of [inspect(cfg), String(cfg), JSON.stringify(cfg), `${cfg}`, inspect({ nested: cfg }, { depth: 5 })]) {
      assert.ok(!text.includes(KEY), text);
      assert.ok(text.includes('[REDACTED]') || text.includes('MetricsConfig'), text);
    }
    const failing = await startReceiver({ replies: () => ({ status: 403, body: '{"code":7,"message":"permission denied"}' }) });
    try {
      const metrics = new MetricsClient(
        MetricsConfig.otlp('prod', 'codex-cli', '1', { kind: 'statsig', apiKey: KEY, endpoint: `${failing.url}/otlp/v1/metrics` }),
      );
      assert.ok(!inspect(metrics, { depth: 10, showHidden: true }).includes(KEY));
      metrics.counter('codex.turns', 1);
      const r = await metrics.shutdown({ timeoutMs: 2000 });
      assert.equal(r.ok, false);
      const err = r.error!;
      const texts = [err.message, String(err.stack), inspect(err, { depth: 10 }), String((err.cause as Error | undefined)?.message), JSON.stringify(metrics.stats())];
      for (const t of texts) assert.ok(!t.includes(KEY), t);
      assert.equal(failing.requests[0]!.headers['statsig-api-key'], KEY);
    } finally {
      await failing.close();
    }
  });
});
