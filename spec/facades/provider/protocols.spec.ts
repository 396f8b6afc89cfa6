// OtelProvider end to end over every OTLP transport: OTLP/HTTP protobuf (`protocol: 'binary'`) and
// OTLP/gRPC (`{ kind: 'otlp-grpc' }`) to the embedded receiver, decoded and counted there; the same
// chosen by the environment alone (OTEL_EXPORTER_OTLP_PROTOCOL, per-signal variables); the wire
// format on the HTTP path; bounded shutdown against a dead gRPC port; and the cold-start guarantee
// that building JSON exporters loads neither node:http2 nor node:tls.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { closedAfter, receiversClosedAfter } from '../../helpers/receiver.ts';
import { OtelProvider, type OtelProviderOptions } from '../../../lib/facades/provider.ts';
import type { OtelSettings } from '../../../lib/config/types.ts';
import { startReceiver, type ReceivedExport, type RunningReceiver } from '../../../lib/receiver/server.ts';
import { decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf } from '../../../proto-json/protobuf/index.ts';
import '../../../lib/grpc.ts'; // registers OTLP/gRPC and protobuf (the default entry carries neither)

failOnUnhandledRejection();

const closing = closedAfter();
const scripted = receiversClosedAfter();

interface Embedded {
  readonly r: RunningReceiver;
  readonly got: ReceivedExport[];
}

async function embedded(): Promise<Embedded> {
  const got: ReceivedExport[] = [];
  const r = closing(await startReceiver({ grpcPort: 0, onRequest: (e) => got.push(e) }));
  return { r, got };
}

const NO_EXIT: OtelProviderOptions = { env: {}, beforeExitFlush: false };

/** Records 2 spans, 3 log records and 3 metric data points (2 counter series + 1 histogram). */
function record(p: OtelProvider): { traces: number; logs: number; metrics: number } {
  p.tracer.startSpan('codex.turn', { attributes: { 'turn.id': 't1' } }).end();
  p.tracer.startSpan('codex.tool').end();
  for (const body of ['one', 'two', 'three']) p.logger.emit({ body, severityNumber: 9 });
  p.metrics!.counter('codex.turns', 1, { model: 'a' });
  p.metrics!.counter('codex.turns', 2, { model: 'b' });
  p.metrics!.histogram('codex.latency', 12);
  return { traces: 2, logs: 3, metrics: 3 };
}

function names(got: readonly ReceivedExport[]): { spans: string[]; bodies: string[]; metrics: string[] } {
  const spans: string[] = [];
  const bodies: string[] = [];
  const metrics: string[] = [];
  for (const e of got) {
    const q: any = e.request;
    if (e.signal === 'traces') for (const rs of q.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push(s.name);
    if (e.signal === 'logs') for (const rl of q.resourceLogs) for (const sl of rl.scopeLogs) for (const l of sl.logRecords) bodies.push(String(l.body?.stringValue));
    if (e.signal === 'metrics') for (const rm of q.resourceMetrics) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) metrics.push(m.name);
  }
  return { spans: spans.sort(), bodies: bodies.sort(), metrics: [...new Set(metrics)].sort() };
}

async function roundTrip(settings: OtelSettings, options: OtelProviderOptions, rx: Embedded): Promise<void> {
  const p = OtelProvider.from({ serviceName: 'codex-cli', ...settings }, options)!;
  assert.deepEqual(p.enabled, { traces: true, logs: true, metrics: true });
  const want = record(p);
  const res = await p.shutdown({ timeoutMs: 5000 });
  assert.equal(res.status, 'finished');
  assert.equal(res.traces?.exported, want.traces);
  assert.equal(res.logs?.exported, want.logs);
  assert.equal(res.metrics?.exported, want.metrics);
  const stats = rx.r.stats();
  assert.equal(stats.traces.items, want.traces);
  assert.equal(stats.logs.items, want.logs);
  assert.equal(stats.metrics.items, want.metrics);
  assert.deepEqual(names(rx.got), { spans: ['codex.tool', 'codex.turn'], bodies: ['one', 'three', 'two'], metrics: ['codex.latency', 'codex.turns'] });
}

describe('OtelProvider over OTLP/HTTP protobuf and OTLP/gRPC', () => {
  it("delivers traces, logs and metrics with protocol 'binary' to the embedded receiver", async () => {
    const rx = await embedded();
    const binary = (signal: string) => ({ kind: 'otlp-http' as const, endpoint: `${rx.r.url}/v1/${signal}`, protocol: 'binary' as const });
    await roundTrip({ traceExporter: binary('traces'), exporter: binary('logs'), metricsExporter: binary('metrics') }, NO_EXIT, rx);
  });

  it("delivers traces, logs and metrics through { kind: 'otlp-grpc' } to the receiver's gRPC port", async () => {
    const rx = await embedded();
    const grpc = { kind: 'otlp-grpc' as const, endpoint: rx.r.grpcUrl!, headers: { 'x-team': 'core' }, compression: 'gzip' as const };
    await roundTrip({ traceExporter: grpc, exporter: grpc, metricsExporter: grpc }, NO_EXIT, rx);
  });

  it('exports over gRPC from the environment alone (OTEL_EXPORTER_OTLP_ENDPOINT + OTEL_EXPORTER_OTLP_PROTOCOL=grpc)', async () => {
    const rx = await embedded();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: rx.r.grpcUrl!, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' };
    await roundTrip({}, { env, beforeExitFlush: false }, rx);
  });

  it('exports OTLP/HTTP protobuf from the environment alone (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)', async () => {
    const rx = await embedded();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: rx.r.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' };
    await roundTrip({}, { env, beforeExitFlush: false }, rx);
  });

  it('mixes transports per signal from OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL and _ENDPOINT', async () => {
    const rx = await embedded();
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: rx.r.url,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: rx.r.grpcUrl!,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf',
    };
    await roundTrip({}, { env, beforeExitFlush: false }, rx);
  });
});

describe('the wire format on the HTTP path', () => {
  it("sends application/x-protobuf for 'binary' (env http/protobuf) and application/json by default", async () => {
    const rx = await scripted();
    const p = OtelProvider.from({}, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json' }, beforeExitFlush: false })!;
    record(p);
    await p.shutdown({ timeoutMs: 5000 });
    const by = (path: string) => rx.requests.filter((q) => q.path === path);
    const [t] = by('/v1/traces');
    const [l] = by('/v1/logs');
    const [m] = by('/v1/metrics');
    assert.equal(t?.headers['content-type'], 'application/x-protobuf');
    assert.equal(l?.headers['content-type'], 'application/x-protobuf');
    assert.equal(m?.headers['content-type'], 'application/json');
    assert.equal((decodeTracesProtobuf(t.body) as any).resourceSpans[0].scopeSpans[0].spans.length, 2);
    assert.equal((decodeLogsProtobuf(l.body) as any).resourceLogs[0].scopeLogs[0].logRecords.length, 3);
    assert.equal(m.otlp('metrics').resourceMetrics![0]!.scopeMetrics![0]!.metrics!.length, 2);
    assert.throws(() => decodeMetricsProtobuf(m.body));
  });
});

describe('bounded shutdown over gRPC', () => {
  it('resolves within its budget against a dead gRPC port, counting the drops, never rejecting', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const grpc = { kind: 'otlp-grpc' as const, endpoint: `http://127.0.0.1:${port}` };
    const p = OtelProvider.from({ traceExporter: grpc, exporter: grpc }, NO_EXIT)!;
    p.tracer.startSpan('lost').end();
    p.logger.emit({ body: 'lost' });
    const t0 = performance.now();
    const r = await p.shutdownWithTimeout(300);
    const ms = performance.now() - t0;
    assert.ok(ms < 1500, `took ${ms} ms`);
    assert.equal((r.traces?.exported ?? 0) + (r.logs?.exported ?? 0), 0);
    const s = p.stats();
    assert.equal((s.traces?.droppedTotal ?? 0) + (s.logs?.droppedTotal ?? 0), 2);
    assert.match(String(s.traces?.lastError?.message), /gRPC/);
  });
});

describe('cold start', () => {
  it('importing the entry and building a provider with JSON exporters loads neither node:http2 nor node:tls', async () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const script = `
      const { OtelProvider } = await import('./lib/index.ts');
      const http = (p) => ({ kind: 'otlp-http', endpoint: 'http://127.0.0.1:9' + p, protocol: 'json' });
      const p = OtelProvider.from({ traceExporter: http('/v1/traces'), exporter: http('/v1/logs'), metricsExporter: http('/v1/metrics') }, { env: {}, beforeExitFlush: false });
      if (!p.enabled.metrics) throw new Error('not built');
      console.log(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (http2|tls|_tls_wrap|internal\\/http2\\/.*)$/.test(m))));
      process.exit(0);
    `;
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: { PATH: process.env['PATH'] ?? '' } }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    assert.deepEqual(JSON.parse(out.trim()), []);
  });
});
