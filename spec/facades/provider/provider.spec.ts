// OtelProvider end to end: the seed's loopback tests (traces with configured span attributes and
// tracestate, logs, bounded shutdown against a stalled collector, shutdown once), env-only
// export, in-memory exporters, stats, global state, and configuration errors.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { inMemoryProvider } from '../../helpers/provider.ts';
import { receiversClosedAfter } from '../../helpers/receiver.ts';
import { OtelProvider } from '../../../lib/facades/provider.ts';
import { ConfigError } from '../../../lib/errors.ts';
import { InMemoryExporter, InMemoryLogExporter, InMemorySpanExporter } from '../../../lib/pipeline/export/in-memory.ts';
import type { Exporter } from '../../../lib/contracts.ts';
import type { MetricData, SpanData } from '../../../proto-json/model.ts';
import { decodeTracesRequest } from '../../../proto-json/decode.ts';
import { encodeTraces } from '../../../proto-json/traces.ts';
import { globalEventSink as globalEventTarget } from '../../../lib/signals/events.ts';
import { contextFromW3cTraceContext, currentSpanW3cTraceContext } from '../../../lib/signals/trace/propagation.ts';
import { configuredTracestate, setConfiguredTracestate } from '../../../lib/signals/trace/w3c.ts';
import { withSpan } from '../../../lib/signals/trace/tracer.ts';
import '../../../lib/protobuf.ts'; // registers protobuf (Status bodies, protocol 'binary')

failOnUnhandledRejection();

const receiver = receiversClosedAfter();
afterEach(() => setConfiguredTracestate(undefined));

const NO_EXIT = { env: {}, beforeExitFlush: false } as const;
const http = (url: string) => ({ kind: 'otlp-http' as const, endpoint: url, protocol: 'json' as const });

describe('OtelProvider.from', () => {
  it('returns undefined when no exporter is enabled, clearing the configured tracestate', () => {
    setConfiguredTracestate({ example: { alpha: 'one' } });
    assert.equal(OtelProvider.from({ tracestate: { example: { alpha: 'two' } } }, NO_EXIT), undefined);
    assert.deepEqual(configuredTracestate(), {});
    assert.equal(OtelProvider.from({ traceExporter: http('http://127.0.0.1:9/v1/traces') }, { env: { OTEL_SDK_DISABLED: 'true' } }), undefined);
  });

  it('rejects a header-unsafe configured tracestate before touching global state', () => {
    setConfiguredTracestate({ keep: { me: 'yes' } });
    assert.throws(
      () => OtelProvider.from({ traceExporter: http('http://127.0.0.1:9/v1/traces'), tracestate: { example: { alpha: 'one\ntwo' } } }, NO_EXIT),
      (e: unknown) => e instanceof ConfigError && e.message.includes('configured tracestate value') && e.message.includes('one\\ntwo'),
    );
    assert.deepEqual(configuredTracestate(), { keep: { me: 'yes' } });
  });

  it("builds 'binary' and 'otlp-grpc' exporters from settings and from OTEL_EXPORTER_OTLP_PROTOCOL", async () => {
    const p = OtelProvider.from(
      {
        exporter: { kind: 'otlp-http', endpoint: 'http://127.0.0.1:9/v1/logs', protocol: 'binary' },
        traceExporter: { kind: 'otlp-grpc', endpoint: 'http://127.0.0.1:9' },
        metricsExporter: { kind: 'otlp-grpc', endpoint: 'http://127.0.0.1:9' },
      },
      NO_EXIT,
    )!;
    assert.deepEqual(p.enabled, { traces: true, logs: true, metrics: true });
    await p.shutdown({ timeoutMs: 200 });
    for (const protocol of ['grpc', 'http/protobuf', 'HTTP/JSON']) {
      const q = OtelProvider.from({}, { env: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol }, beforeExitFlush: false })!;
      assert.deepEqual(q.enabled, { traces: true, logs: false, metrics: false });
      await q.shutdown({ timeoutMs: 200 });
    }
  });

  it("rejects an otlp-grpc endpoint without a host with the seed's message", () => {
    assert.throws(
      () => OtelProvider.from({ traceExporter: { kind: 'otlp-grpc', endpoint: 'localhost:4317' } }, NO_EXIT),
      (e: unknown) => e instanceof ConfigError && e.issues.some((i) => i.path === 'traceExporter.endpoint' && i.message === 'OTLP gRPC endpoint localhost:4317 does not include a host'),
    );
  });

  it('names the unreadable TLS file', () => {
    assert.throws(
      () => OtelProvider.from({ traceExporter: { ...http('https://h/v1/traces'), tls: { caCertificate: '/nonexistent/ca.pem' } } }, NO_EXIT),
      /traceExporter\.tls\.caCertificate: failed to read \/nonexistent\/ca\.pem: ENOENT/,
    );
  });

  it('always has a tracer and a logger, no-ops for disabled signals', async () => {
    const spans = new InMemorySpanExporter();
    const p = OtelProvider.from({ traceExporter: { kind: 'custom', exporter: spans } }, NO_EXIT)!;
    assert.deepEqual(p.enabled, { traces: true, logs: false, metrics: false });
    p.logger.emit({ body: 'dropped' });
    assert.equal(p.metrics, undefined);
    await p.shutdown();
    assert.equal(p.stats().logger.disabled, 1);
  });
});

describe('export to a loopback collector', () => {
  it('delivers traces on shutdown with configured span attributes and tracestate (seed test)', async () => {
    const rx = await receiver({ replies: () => 202 });
    const p = OtelProvider.from(
      {
        serviceName: 'codex-cli',
        serviceVersion: '0.0.0-test',
        environment: 'test',
        traceExporter: http(`${rx.url}/v1/traces`),
        spanAttributes: { 'test.configured_attribute': 'configured-value' },
        tracestate: { example: { alpha: 'one', beta: 'two' } },
      },
      NO_EXIT,
    )!;
    const remote = contextFromW3cTraceContext({
      traceparent: '00-00000000000000000000000000000001-0000000000000002-01',
      tracestate: 'example=alpha:zero;keep:yes,other=value',
    })!;
    let propagated: string | undefined;
    withSpan(remote, () =>
      p.tracer.startActiveSpan('codex.test.span', (span) => {
        propagated = currentSpanW3cTraceContext()?.tracestate;
        assert.equal(globalEventTarget().trace('codex.test.trace_event', { 'event.name': 'codex.test.trace_event' }), true);
        span.end();
      }),
    );
    assert.equal(propagated, 'example=alpha:one;keep:yes;beta:two,other=value');
    const result = await p.shutdown();
    assert.equal(result.status, 'finished');
    assert.equal(result.traces?.exported, 1);
    const req = rx.requests.find((r) => r.path === '/v1/traces');
    assert.ok(req);
    assert.match(String(req.headers['content-type']), /^application\/json/);
    const body = req.body.toString('utf8');
    for (const needle of ['codex.test.span', 'codex-cli', 'test.configured_attribute', 'configured-value', 'codex.test.trace_event']) {
      assert.ok(body.includes(needle), needle);
    }
    const decoded = decodeTracesRequest(req.body);
    const span = decoded.resourceSpans![0]!.scopeSpans![0]!.spans![0]!;
    assert.equal(span.traceId, '00000000000000000000000000000001');
    assert.equal(span.parentSpanId, '0000000000000002');
  });

  it('delivers logs with host.name on the resource', async () => {
    const rx = await receiver({ replies: () => 202 });
    const p = OtelProvider.from({ serviceName: 'codex-cli', exporter: http(`${rx.url}/v1/logs`) }, { ...NO_EXIT, hostName: 'test-host' })!;
    globalEventTarget().log('codex.test.log_exported', { 'event.name': 'codex.test.log_exported' });
    p.logger.emit({ severityNumber: 17, severityText: 'ERROR', body: 'direct' });
    await p.shutdown();
    assert.equal(rx.counts().logs, 2);
    const req = rx.requests.find((r) => r.path === '/v1/logs')!;
    const body = req.body.toString('utf8');
    assert.ok(body.includes('codex.test.log_exported'));
    const attrs = req.otlp('logs').resourceLogs![0]!.resource!.attributes!;
    assert.equal(attrs.find((a) => a.key === 'host.name')?.value?.stringValue, 'test-host');
  });

  it('bounded shutdown against a collector that never answers times out in under 1 s for a 50 ms budget', async () => {
    const rx = await receiver({ replies: () => 'hang' });
    const p = OtelProvider.from({ traceExporter: http(`${rx.url}/v1/traces`), exporter: http(`${rx.url}/v1/logs`) }, NO_EXIT)!;
    p.tracer.startSpan('stalled').end();
    p.logger.emit({ body: 'stalled' });
    const t0 = performance.now();
    const r = await p.shutdownWithTimeout(50);
    const ms = performance.now() - t0;
    assert.equal(r.status, 'timed-out');
    assert.equal(r.timedOut, true);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('shutdownWithTimeout reports finished when everything is delivered', async () => {
    const rx = await receiver();
    const p = OtelProvider.from({ traceExporter: http(`${rx.url}/v1/traces`) }, NO_EXIT)!;
    p.tracer.startSpan('ok').end();
    const r = await p.shutdownWithTimeout(2000);
    assert.equal(r.status, 'finished');
    assert.equal(rx.counts().traces, 1);
  });

  it('exports from the environment alone (OTEL_EXPORTER_OTLP_ENDPOINT)', async () => {
    const rx = await receiver();
    const p = OtelProvider.from({ serviceName: 'env-only' }, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_EXPORTER_OTLP_HEADERS: 'x-team=core' }, beforeExitFlush: false })!;
    assert.deepEqual(p.enabled, { traces: true, logs: true, metrics: true });
    p.tracer.startSpan('from-env').end();
    p.logger.emit({ body: 'from-env' });
    p.metrics!.counter('codex.turns', 1);
    await p.shutdown();
    const paths = rx.requests.map((r) => r.path).sort();
    assert.deepEqual(paths, ['/v1/logs', '/v1/metrics', '/v1/traces']);
    assert.ok(rx.requests.every((r) => r.headers['x-team'] === 'core'));
  });

  it('flush() delivers without shutting down', async () => {
    const rx = await receiver();
    const p = OtelProvider.from({ traceExporter: http(`${rx.url}/v1/traces`) }, NO_EXIT)!;
    p.tracer.startSpan('flushed').end();
    const f = await p.flush({ timeoutMs: 2000 });
    assert.equal(f.traces?.exported, 1);
    assert.equal(f.timedOut, false);
    assert.equal(rx.counts().traces, 1);
    p.tracer.startSpan('after-flush').end();
    await p.shutdown();
    assert.equal(rx.counts().traces, 2);
  });
});

describe('shutdown', () => {
  it('runs once across repeated calls and returns the first result', async () => {
    let shutdowns = 0;
    const inner = new InMemorySpanExporter();
    const exporter: Exporter<SpanData> = {
      export: (items, deadline, signal) => inner.export(items, deadline, signal),
      shutdown: () => {
        shutdowns++;
        return inner.shutdown();
      },
    };
    const p = OtelProvider.from({ traceExporter: { kind: 'custom', exporter } }, NO_EXIT)!;
    p.tracer.startSpan('once').end();
    const a = p.shutdown();
    const b = p.shutdown();
    const c = p.shutdownWithTimeout(1000);
    assert.equal(a, b);
    const [ra, rc] = await Promise.all([a, c]);
    assert.equal(ra, rc);
    assert.equal(await p.shutdown(), ra);
    assert.equal(shutdowns, 1);
    assert.equal(inner.getFinishedSpans().length, 1);
  });

  it('drops and counts records after shutdown; flush after shutdown does nothing', async () => {
    const { p, spans } = inMemoryProvider({}, NO_EXIT);
    await p.shutdown();
    p.tracer.startSpan('late').end();
    p.logger.emit({ body: 'late' });
    const f = await p.flush();
    assert.equal(f.traces?.exported ?? 0, 0);
    const s = p.stats();
    assert.equal(s.traces?.droppedTotal, 1);
    assert.equal(s.logs?.droppedTotal, 1);
    assert.equal(spans.getFinishedSpans().length, 0);
  });

  it('never rejects, even when an exporter throws', async () => {
    const exporter: Exporter<SpanData> = {
      export: () => {
        throw new Error('boom');
      },
      shutdown: () => Promise.reject(new Error('boom')),
    };
    const p = OtelProvider.from({ traceExporter: { kind: 'custom', exporter } }, NO_EXIT)!;
    p.tracer.startSpan('x').end();
    const r = await p.shutdown({ timeoutMs: 500 });
    assert.ok(r.status === 'finished' || r.status === 'timed-out');
    assert.equal(p.stats().traces?.droppedTotal, 1);
  });
});

describe('in-memory exporters, stats and metrics', () => {
  it('keeps finished spans and logs, readable after shutdown and encodable with proto-json', async () => {
    const { p, spans, logs } = inMemoryProvider({ serviceName: 'mem' }, NO_EXIT);
    p.tracer.startActiveSpan('parent', (s) => {
      p.logger.emit({ body: 'in span' });
      p.tracer.startSpan('child').end();
      s.end();
    });
    await p.shutdown();
    const finished = spans.getFinishedSpans();
    assert.deepEqual(finished.map((s) => s.name), ['child', 'parent']);
    assert.equal(logs.getFinishedLogRecords()[0]!.spanId, finished[1]!.spanId);
    const decoded = decodeTracesRequest(encodeTraces(finished));
    assert.equal(decoded.resourceSpans![0]!.scopeSpans![0]!.spans!.length, 2);
    spans.reset();
    assert.equal(spans.getFinishedSpans().length, 0);
  });

  it('aggregates pipeline stats with tracer and logger counters', async () => {
    const spans = new InMemorySpanExporter();
    const p = OtelProvider.from({ traceExporter: { kind: 'custom', exporter: spans } }, NO_EXIT)!;
    const s = p.tracer.startSpan('x');
    s.end();
    s.end();
    s.setAttribute('late', 1);
    await p.flush();
    const st = p.stats();
    assert.equal(st.traces?.exported, 1);
    assert.equal(st.tracer.spansEnded, 1);
    assert.equal(st.tracer.endedTwice, 1);
    assert.equal(st.tracer.changedAfterEnd, 1);
    assert.equal(st.logs, undefined);
    await p.shutdown();
  });

  it('wires provider.metrics to a MetricsClient and flushes it on shutdown', async () => {
    const metrics = new InMemoryExporter<MetricData>();
    const p = OtelProvider.from({ serviceName: 'codex-cli', environment: 'test', metricsExporter: { kind: 'custom', exporter: metrics } }, NO_EXIT)!;
    assert.ok(p.metrics);
    p.metrics.counter('codex.turns', 2, { model: 'gpt-5.1' });
    const r = await p.shutdown();
    assert.equal(r.metrics?.ok, true);
    const names = metrics.getFinished().map((m) => m.name);
    assert.ok(names.includes('codex.turns'), names.join(','));
  });
});
