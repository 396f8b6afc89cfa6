// MetricsClient over OTLP/HTTP protobuf (`protocol: 'binary'`) and OTLP/gRPC, configured through
// MetricsConfig.otlp: delivered to the embedded receiver, decoded and counted in data points (not
// MetricData items), delta temporality, the resource; the wire format; the Statsig route stays JSON.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { closedAfter, receiversClosedAfter } from '../../helpers/receiver.ts';
import { MetricsClient, MetricsConfig } from '../../../lib/facades/metrics-client.ts';
import type { MetricsExporterSetting } from '../../../lib/config/types.ts';
import { startReceiver, type ReceivedExportOf, type RunningReceiver } from '../../../lib/receiver/server.ts';
import { decodeMetricsProtobuf } from '../../../proto-json/protobuf/index.ts';
import '../../../lib/grpc.ts'; // registers OTLP/gRPC and protobuf (the default entry carries neither)

failOnUnhandledRejection();

const closing = closedAfter();
const scripted = receiversClosedAfter();

async function embedded(): Promise<{ r: RunningReceiver; got: ReceivedExportOf<'metrics'>[] }> {
  const got: ReceivedExportOf<'metrics'>[] = [];
  const r = closing(await startReceiver({ grpcPort: 0, onRequest: (e) => e.signal === 'metrics' && got.push(e) }));
  return { r, got };
}

function client(exporter: MetricsExporterSetting, env: NodeJS.ProcessEnv = {}): MetricsClient {
  return new MetricsClient(MetricsConfig.otlp('test', 'codex-cli', '1.0.0', exporter).withEnv(env));
}

/** 3 instruments, 4 data points. */
function record(m: MetricsClient): number {
  m.counter('codex.turns', 1, { model: 'a' });
  m.counter('codex.turns', 2, { model: 'b' });
  m.recordDuration('codex.api_request.duration_ms', 42, { component: 'test' });
  m.gauge('codex.active', 3);
  return 4;
}

async function deliverAndCheck(exporter: MetricsExporterSetting, rx: { r: RunningReceiver; got: ReceivedExportOf<'metrics'>[] }): Promise<void> {
  const m = client(exporter);
  const points = record(m);
  const res = await m.shutdown({ timeoutMs: 5000 });
  assert.equal(res.ok, true, String(res.error?.cause));
  assert.equal(res.exported, points);
  assert.equal(res.dropped, 0);
  assert.equal(rx.r.stats().metrics.items, points);
  assert.equal(rx.got.length, 1);
  const rm: any = rx.got[0]!.request.resourceMetrics?.[0];
  const resource = Object.fromEntries(rm.resource.attributes.map((kv: any) => [kv.key, kv.value.stringValue]));
  assert.equal(resource['service.name'], 'codex-cli');
  assert.equal(resource['env'], 'test');
  const byName = new Map<string, any>(rm.scopeMetrics[0].metrics.map((x: any) => [x.name, x]));
  const turns = byName.get('codex.turns');
  assert.equal(turns.sum.aggregationTemporality, 1, 'DELTA');
  assert.deepEqual(turns.sum.dataPoints.map((p: any) => p.asInt).sort(), ['1', '2']);
  const h = byName.get('codex.api_request.duration_ms');
  assert.equal(h.unit, 'ms');
  assert.equal(h.histogram.dataPoints[0].count, '1');
  assert.equal(h.histogram.dataPoints[0].sum, 42);
  assert.equal(byName.get('codex.active').gauge.dataPoints[0].asInt, '3');
}

describe('MetricsClient over OTLP protobuf transports', () => {
  it("delivers through { kind: 'otlp-http', protocol: 'binary' }, counted in data points", async () => {
    const rx = await embedded();
    await deliverAndCheck({ kind: 'otlp-http', endpoint: `${rx.r.url}/v1/metrics`, protocol: 'binary' }, rx);
  });

  it("delivers through { kind: 'otlp-grpc' } (gzip, metadata), counted in data points", async () => {
    const rx = await embedded();
    await deliverAndCheck({ kind: 'otlp-grpc', endpoint: rx.r.grpcUrl!, compression: 'gzip', headers: { 'x-team': 'core' } }, rx);
  });

  it("sends application/x-protobuf for 'binary'", async () => {
    const rx = await scripted();
    const m = client({ kind: 'otlp-http', endpoint: `${rx.url}/v1/metrics`, protocol: 'binary' });
    m.counter('codex.turns', 1);
    assert.equal((await m.shutdown({ timeoutMs: 5000 })).ok, true);
    const [req] = await rx.waitForRequests(1);
    assert.equal(req?.headers['content-type'], 'application/x-protobuf');
    assert.equal((decodeMetricsProtobuf(req!.body) as any).resourceMetrics[0].scopeMetrics[0].metrics[0].name, 'codex.turns');
  });

  it('resolves shutdown with ok: false against a dead gRPC endpoint, within its budget', async () => {
    const m = client({ kind: 'otlp-grpc', endpoint: 'http://127.0.0.1:9' });
    m.counter('codex.turns', 1);
    const t0 = performance.now();
    const res = await m.shutdown({ timeoutMs: 300 });
    assert.ok(performance.now() - t0 < 1500);
    assert.equal(res.ok, false);
    assert.equal(res.exported, 0);
    assert.equal(res.error?.kind, 'ProviderShutdown');
  });

  it('keeps the Statsig route on OTLP/HTTP JSON whatever OTEL_EXPORTER_OTLP_PROTOCOL says', async () => {
    const rx = await scripted();
    const m = client({ kind: 'statsig', apiKey: 'k', endpoint: `${rx.url}/otlp/v1/metrics` }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf' });
    m.counter('codex.turns', 1);
    assert.equal((await m.shutdown({ timeoutMs: 5000 })).ok, true);
    const [req] = await rx.waitForRequests(1);
    assert.match(String(req?.headers['content-type']), /^application\/json/);
    assert.equal(rx.counts().metrics, 1);
  });
});
