// OTLP/HTTP export to a loopback receiver (port of codex-otel's otlp_http_loopback metrics test):
// path, content type, delta sums, histogram shape, the seed's metric names, the temporality
// preference variable, periodic export from OTEL_METRIC_EXPORT_INTERVAL, and never-throw
// shutdown against a dead or failing collector.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { receivedMetrics, startReceiver, type ReceivedRequest, type Receiver } from '../../helpers/receiver.ts';
import { InMemoryMetricExporter, MetricsClient, MetricsConfig } from '../../../lib/facades/metrics-client.ts';

failOnUnhandledRejection();

function otlpClient(url: string, env: NodeJS.ProcessEnv = {}): MetricsClient {
  return new MetricsClient(
    MetricsConfig.otlp('test', 'codex-cli', '1.0.0', { kind: 'otlp-http', endpoint: url, protocol: 'json' }).withEnv(env),
  );
}

/** The metrics of one request, decoded by proto-json. */
function metricsOf(req: ReceivedRequest): any[] {
  return receivedMetrics([req]);
}

async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('OTLP/HTTP metrics export', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver({ replies: () => 202 });
  });
  after(async () => {
    await receiver.close();
  });

  it('sends the seed metrics as OTLP/JSON to /v1/metrics with delta sums and full histograms', async () => {
    const start = receiver.requests.length;
    const metrics = otlpClient(`${receiver.url}/v1/metrics`);
    const tags = { component: 'test' };
    metrics.counter('codex.turns', 1, tags);
    metrics.gauge('codex.active', 3, tags);
    metrics.counter('codex.api_request', 1, tags);
    metrics.recordDuration('codex.api_request.duration_ms', 42, tags);
    metrics.counter('codex.conversation.turn.count', 1, tags);
    metrics.recordDuration('codex.responses_api_engine_iapi_ttft.duration_ms', 211, tags);
    metrics.recordDuration('codex.responses_api_engine_service_ttft.duration_ms', 233, tags);
    metrics.recordDurationMsF64('codex.responses_api_engine_service_tbt.duration_ms', 5.267279, tags);
    metrics.counter('codex.tool.call', 1, tags);
    metrics.histogram('codex.turn.token_usage', 1200, { ...tags, token_type: 'total' });
    metrics.recordDuration('codex.tool.call.duration_ms', 250, tags);
    const r = await metrics.shutdown({ timeoutMs: 5000 });
    assert.equal(r.ok, true, String(r.error?.cause));
    assert.equal(r.exported, 11);

    const reqs = (await receiver.waitForRequests(start + 1)).slice(start);
    assert.equal(reqs.length, 1);
    const req = reqs[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/v1/metrics');
    assert.match(String(req.headers['content-type']), /^application\/json/);
    const body = req.body.toString('utf8');
    for (const name of [
      'codex.turns',
      'codex.active',
      '"codex.api_request"',
      '"codex.api_request.duration_ms"',
      '"codex.conversation.turn.count"',
      'codex.responses_api_engine_iapi_ttft.duration_ms',
      'codex.responses_api_engine_service_ttft.duration_ms',
      'codex.responses_api_engine_service_tbt.duration_ms',
      '"codex.tool.call"',
      '"codex.turn.token_usage"',
      '"codex.tool.call.duration_ms"',
      'component',
      'test',
    ]) {
      assert.ok(body.includes(name), `body contains ${name}`);
    }

    const rm: any = req.otlp('metrics').resourceMetrics![0];
    const resAttrs = Object.fromEntries(rm.resource.attributes.map((kv: any) => [kv.key, kv.value.stringValue]));
    assert.equal(resAttrs['service.name'], 'codex-cli');
    assert.equal(resAttrs['env'], 'test');
    assert.equal(rm.scopeMetrics[0].scope.name, 'codex');

    const byName = new Map(metricsOf(req).map((m: any) => [m.name, m]));
    const turns = byName.get('codex.turns');
    assert.equal(turns.sum.aggregationTemporality, 1, 'DELTA');
    assert.equal(turns.sum.isMonotonic, true);
    assert.equal(turns.sum.dataPoints[0].asInt, '1');
    assert.deepEqual(turns.sum.dataPoints[0].attributes, [{ key: 'component', value: { stringValue: 'test' } }]);
    assert.equal(byName.get('codex.active').gauge.dataPoints[0].asInt, '3');

    const h = byName.get('codex.api_request.duration_ms');
    assert.equal(h.unit, 'ms');
    assert.equal(h.description, 'Duration in milliseconds.');
    assert.equal(h.histogram.aggregationTemporality, 1);
    const hp = h.histogram.dataPoints[0];
    assert.equal(hp.count, '1');
    assert.equal(hp.sum, 42);
    assert.equal(hp.min, 42);
    assert.equal(hp.max, 42);
    assert.equal(hp.explicitBounds.length, 34);
    assert.equal(hp.bucketCounts.length, 35);
    assert.equal(hp.bucketCounts[4], '1'); // (25, 50]
    assert.ok(BigInt(hp.startTimeUnixNano) <= BigInt(hp.timeUnixNano));
  });

  it('honours OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE (case-insensitive; unset or unknown = delta)', async () => {
    const cases: [string | undefined, number, number][] = [
      [undefined, 1, 1],
      ['delta', 1, 1],
      ['Cumulative', 2, 2],
      ['LOWMEMORY', 1, 1],
      ['bogus', 1, 1], // unknown: ignored (with a diag warning), the seed's delta stays
    ];
    for (const [pref, sumT, histT] of cases) {
      const start = receiver.requests.length;
      const env = pref === undefined ? {} : { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: pref };
      const metrics = otlpClient(`${receiver.url}/v1/metrics`, env);
      metrics.counter('codex.c', 1);
      metrics.histogram('codex.h', 1);
      await metrics.shutdown({ timeoutMs: 5000 });
      const [req] = (await receiver.waitForRequests(start + 1)).slice(start);
      const byName = new Map(metricsOf(req!).map((m: any) => [m.name, m]));
      assert.equal(byName.get('codex.c').sum.aggregationTemporality, sumT, `${pref} sum`);
      assert.equal(byName.get('codex.h').histogram.aggregationTemporality, histT, `${pref} histogram`);
    }
  });

  it('exports periodically per OTEL_METRIC_EXPORT_INTERVAL and never sends empty collections', async () => {
    const start = receiver.requests.length;
    const metrics = otlpClient(`${receiver.url}/v1/metrics`, { OTEL_METRIC_EXPORT_INTERVAL: '40' });
    metrics.counter('codex.c', 2);
    const [req] = (await receiver.waitForRequests(start + 1, 3000)).slice(start);
    assert.equal(metricsOf(req!)[0].sum.dataPoints[0].asInt, '2');
    await new Promise((r) => setTimeout(r, 150)); // several idle intervals
    assert.equal(receiver.requests.length, start + 1, 'idle intervals send nothing');
    metrics.counter('codex.c', 3);
    await metrics.shutdown({ timeoutMs: 5000 });
    const reqs = receiver.requests.slice(start);
    assert.equal(reqs.length, 2);
    assert.equal(metricsOf(reqs[1]!)[0].sum.dataPoints[0].asInt, '3', 'delta: only the new increments');
    assert.equal(metrics.stats()?.exported, 2);
  });

  it('withExportInterval wins over OTEL_METRIC_EXPORT_INTERVAL', async () => {
    const start = receiver.requests.length;
    const metrics = new MetricsClient(
      MetricsConfig.otlp('test', 'codex-cli', '1', { kind: 'otlp-http', endpoint: `${receiver.url}/v1/metrics`, protocol: 'json' })
        .withEnv({ OTEL_METRIC_EXPORT_INTERVAL: '20' })
        .withExportInterval(60_000),
    );
    metrics.counter('codex.c', 1);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(receiver.requests.length, start, 'no periodic export within 120 ms');
    await metrics.shutdown({ timeoutMs: 5000 });
    assert.equal(receiver.requests.length, start + 1);
  });

  it('resolves shutdown (ok: false, ProviderShutdown) against a dead port, within its budget', async () => {
    const port = await deadPort();
    const metrics = otlpClient(`http://127.0.0.1:${port}/v1/metrics`);
    metrics.counter('codex.c', 1);
    const t0 = Date.now();
    const r = await metrics.shutdown({ timeoutMs: 400 });
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    assert.equal(r.ok, false);
    assert.equal(r.error?.kind, 'ProviderShutdown');
    assert.equal(r.error?.message, 'failed to flush or shutdown metrics provider');
    assert.ok(r.dropped >= 1);
  });

  it('never throws when the collector rejects the export', async () => {
    const failing = await startReceiver({ replies: () => 400 });
    try {
      const metrics = otlpClient(`${failing.url}/v1/metrics`);
      metrics.counter('codex.c', 1);
      await metrics.flush({ timeoutMs: 2000 });
      metrics.counter('codex.c', 1);
      const r = await metrics.shutdown({ timeoutMs: 2000 });
      assert.equal(r.ok, false);
      assert.equal(r.dropped, 2);
      assert.equal(failing.requests.length, 2);
    } finally {
      await failing.close();
    }
  });

  it('never keeps the process alive when idle; a top-level awaited shutdown delivers before exit', async () => {
    const script = fileURLToPath(new URL('./fixtures/exit-client.ts', import.meta.url));
    const runChild = (mode: string) =>
      new Promise<{ code: number | null; stdout: string; ms: number }>((resolve) => {
        const t0 = Date.now();
        execFile(process.execPath, ['--import', 'tsx', script, `${receiver.url}/v1/metrics`, mode], { timeout: 20_000 }, (err, stdout) => {
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, ms: Date.now() - t0 });
        });
      });
    const start = receiver.requests.length;
    const awaited = await runChild('await');
    assert.equal(awaited.code, 0);
    assert.deepEqual(JSON.parse(awaited.stdout), { ok: true, exported: 1 });
    assert.ok(receiver.requests.slice(start).some((r) => r.body.toString().includes('codex.exit')));
    const idle = await runChild('idle');
    assert.equal(idle.code, 0, 'exits by itself: the export timer is unref\'ed');
  });

  it("routes { kind: 'custom', exporter } through the same pipeline (delta by default)", async () => {
    const exporter = new InMemoryMetricExporter();
    const metrics = new MetricsClient(MetricsConfig.otlp('t', 's', 'v', { kind: 'custom', exporter }).withEnv({}));
    metrics.counter('codex.c', 4);
    const f = await metrics.flush({ timeoutMs: 2000 });
    assert.equal(f.exported, 1);
    await metrics.shutdown();
    const [rm] = exporter.getFinishedMetrics();
    const m = rm!.scopeMetrics[0]!.metrics[0]!;
    assert.equal(m.type === 'sum' && m.temporality, 1);
    assert.equal(exporter.isShutdown, true);
  });

  it('refuses an invalid otlp-http or otlp-grpc endpoint with InvalidConfig', () => {
    assert.throws(
      () => new MetricsClient(MetricsConfig.otlp('t', 's', 'v', { kind: 'otlp-grpc', endpoint: 'localhost:4317' }).withEnv({})),
      (e: any) => e.kind === 'InvalidConfig' && /OTLP gRPC endpoint localhost:4317 does not include a host/.test(e.message),
    );
    assert.throws(
      () => new MetricsClient(MetricsConfig.otlp('t', 's', 'v', { kind: 'otlp-http', endpoint: 'not a url', protocol: 'json' }).withEnv({})),
      (e: any) => e.kind === 'InvalidConfig' && /invalid OTLP metrics configuration: /.test(e.message),
    );
  });
});
