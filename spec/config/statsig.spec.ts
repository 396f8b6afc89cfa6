// Statsig for traces and logs (and metrics, through the same resolver): `{ kind: 'statsig' }`
// resolves to OTLP/HTTP JSON at https://api.statsig.com/otlp/v1/<signal> (or the explicit full
// URL) with header statsig-api-key from apiKey, else STATSIG_SERVER_SDK_SECRET; no OTEL_* header
// reaches Statsig; no key → that signal is off with one warning; the key never appears in output.
// End to end through OtelProvider and a loopback receiver.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { resolveSettings } from '../../lib/config/settings.ts';
import { resolveStatsigExporter, STATSIG_OTLP_BASE_URL, statsigEndpoint } from '../../lib/config/statsig.ts';
import { ConfigError } from '../../lib/errors.ts';
import { OtelProvider } from '../../lib/facades/provider.ts';
import { setDiagnosticHandler, type DiagLevel } from '../../lib/platform/diag.ts';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

failOnUnhandledRejection();

const KEY = 'secret-statsig-key-7c31e0';
const diagnostics: { level: DiagLevel; message: string }[] = [];

describe('Statsig route for every signal', () => {
  let receiver: Receiver;
  before(async () => {
    setDiagnosticHandler((level, message) => diagnostics.push({ level, message }));
    receiver = await startReceiver();
  });
  after(async () => {
    setDiagnosticHandler(undefined);
    await receiver.close();
    assert.deepEqual(diagnostics.filter((d) => d.message.includes(KEY)), [], 'no diagnostic contains the key');
  });

  it("defaults to Statsig's OTLP URL per signal, JSON, the key header only", () => {
    assert.equal(STATSIG_OTLP_BASE_URL, 'https://api.statsig.com/otlp');
    assert.deepEqual(
      (['traces', 'logs', 'metrics'] as const).map(statsigEndpoint),
      ['https://api.statsig.com/otlp/v1/traces', 'https://api.statsig.com/otlp/v1/logs', 'https://api.statsig.com/otlp/v1/metrics'],
    );
    const env = {
      STATSIG_SERVER_SDK_SECRET: ` ${KEY} `,
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20other',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-a=1',
      OTEL_EXPORTER_OTLP_TIMEOUT: '50',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    };
    const r = resolveSettings({ traceExporter: { kind: 'statsig' }, exporter: { kind: 'statsig', apiKey: 'from-settings' } }, env);
    assert.ok(r);
    assert.deepEqual(r.traces, {
      kind: 'otlp-http',
      destination: {
        kind: 'otlp-http',
        signal: 'traces',
        url: 'https://api.statsig.com/otlp/v1/traces',
        headers: { 'statsig-api-key': KEY },
        protocol: 'json',
        timeoutMs: 10000,
        compression: 'none',
        tls: undefined,
      },
    });
    assert.equal(r.logs?.kind === 'otlp-http' && r.logs.destination.url, 'https://api.statsig.com/otlp/v1/logs');
    assert.deepEqual(r.logs?.kind === 'otlp-http' && r.logs.destination.headers, { 'statsig-api-key': 'from-settings' }, 'apiKey wins over the env');
    assert.equal(resolveStatsigExporter('logs', { kind: 'statsig', apiKey: '', endpoint: 'http://x/y' }, env)?.url, 'http://x/y', 'an empty apiKey falls back to the env');
  });

  it('sends traces and logs as JSON with the statsig-api-key header to an explicit full URL', async () => {
    const start = receiver.requests.length;
    const provider = OtelProvider.from(
      {
        serviceName: 'codex-cli',
        traceExporter: { kind: 'statsig', apiKey: KEY, endpoint: `${receiver.url}/custom/traces-in` },
        exporter: { kind: 'statsig', endpoint: `${receiver.url}/custom/logs-in` },
        metricsExporter: { kind: 'none' },
      },
      { env: { STATSIG_SERVER_SDK_SECRET: KEY, OTEL_EXPORTER_OTLP_HEADERS: 'x-other=1' }, beforeExitFlush: false },
    );
    assert.ok(provider);
    assert.deepEqual(provider.enabled, { traces: true, logs: true, metrics: false });
    provider.tracer.startActiveSpan('turn', (span) => {
      provider.logger.emit({ eventName: 'cli.command', severityNumber: 9, body: 'hello' });
      span.end();
    });
    assert.ok(!inspect(provider, { depth: 10, showHidden: true }).includes(KEY));
    const result = await provider.shutdown();
    assert.equal(result.timedOut, false);
    const reqs = (await receiver.waitForRequests(start + 2)).slice(start);
    const byPath = new Map(reqs.map((q) => [q.path, q]));
    assert.deepEqual([...byPath.keys()].sort(), ['/custom/logs-in', '/custom/traces-in']);
    for (const q of reqs) {
      assert.equal(q.headers['statsig-api-key'], KEY);
      assert.equal(q.headers['x-other'], undefined, 'generic OTLP env headers are not sent to Statsig');
      assert.match(String(q.headers['content-type']), /^application\/json/);
    }
    assert.equal(byPath.get('/custom/traces-in')!.otlp('traces').resourceSpans![0]!.scopeSpans![0]!.spans![0]!.name, 'turn');
    assert.equal(byPath.get('/custom/logs-in')!.otlp('logs').resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!.body!.stringValue, 'hello');
    assert.ok(!JSON.stringify(provider.stats()).includes(KEY));
  });

  it('without a key: that signal is off, one warning per signal however often it is built, nothing sent', async () => {
    const start = receiver.requests.length;
    const before = diagnostics.length;
    const build = () =>
      OtelProvider.from(
        {
          traceExporter: { kind: 'statsig', endpoint: `${receiver.url}/v1/traces` },
          exporter: { kind: 'otlp-http', endpoint: `${receiver.url}/v1/logs`, protocol: 'json' },
          metricsExporter: { kind: 'none' },
        },
        { env: {}, beforeExitFlush: false },
      );
    const a = build();
    const b = build();
    assert.ok(a && b);
    assert.deepEqual(a.enabled, { traces: false, logs: true, metrics: false });
    a.tracer.startSpan('dropped').end();
    assert.equal(await a.shutdown().then((r) => r.timedOut), false);
    await b.shutdown();
    const warnings = diagnostics.slice(before).filter((d) => d.level === 'warn');
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.equal(
      warnings[0]!.message,
      'Statsig traces exporter disabled: no API key (set traceExporter.apiKey or STATSIG_SERVER_SDK_SECRET); traces are not exported',
    );
    assert.ok(!receiver.requests.slice(start).some((q) => q.path === '/v1/traces'), 'no trace request');

    // Logs alone without a key: nothing to export at all, so no provider; its own single warning.
    assert.equal(OtelProvider.from({ exporter: { kind: 'statsig' } }, { env: { STATSIG_SERVER_SDK_SECRET: '  ' }, beforeExitFlush: false }), undefined);
    assert.equal(OtelProvider.from({ exporter: { kind: 'statsig' } }, { env: {}, beforeExitFlush: false }), undefined);
    const logWarnings = diagnostics.slice(before).filter((d) => d.message.startsWith('Statsig logs exporter disabled'));
    assert.equal(logWarnings.length, 1);
    assert.match(logWarnings[0]!.message, /set exporter\.apiKey or STATSIG_SERVER_SDK_SECRET/);
  });

  it('never prints the key: settings errors, export errors, stats', async () => {
    try {
      OtelProvider.from({ traceExporter: { kind: 'statsig', apiKey: KEY, endpoint: 'not a url' }, exporter: { kind: 'statsig', apiKey: 5 as unknown as string } }, { env: {} });
      assert.fail('expected a ConfigError');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      assert.deepEqual(e.issues.map((i) => i.path).sort(), ['exporter.apiKey', 'traceExporter.endpoint']);
      for (const t of [e.message, String(e.stack), inspect(e, { depth: 10 }), JSON.stringify(e)]) assert.ok(!t.includes(KEY), t);
    }
    const failing = await startReceiver({ replies: () => ({ status: 403, body: '{"code":7,"message":"permission denied"}' }) });
    try {
      const provider = OtelProvider.from(
        { traceExporter: { kind: 'statsig', apiKey: KEY, endpoint: `${failing.url}/otlp/v1/traces` }, metricsExporter: { kind: 'none' } },
        { env: {}, beforeExitFlush: false },
      );
      assert.ok(provider);
      provider.tracer.startSpan('rejected').end();
      const r = await provider.shutdown();
      assert.equal(failing.requests[0]!.headers['statsig-api-key'], KEY);
      const stats = provider.stats();
      assert.ok(stats.traces?.lastError !== undefined, 'the 403 is reported');
      for (const t of [JSON.stringify(r), inspect(r, { depth: 10 }), JSON.stringify(stats), inspect(stats, { depth: 10 }), String(stats.traces?.lastError?.stack)]) {
        assert.ok(!t.includes(KEY), t);
      }
    } finally {
      await failing.close();
    }
  });
});
