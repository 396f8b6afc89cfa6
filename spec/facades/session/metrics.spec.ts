// The seed's manager_metrics, snapshot and runtime_summary suites for SessionTelemetry, plus the
// metrics every event records (names, tags, units) and the "never throw" pass-through rules.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsConfig, recordProcessStartOnce } from '../../../lib/facades/metrics-client.ts';
import { SessionTelemetry } from '../../../lib/facades/session-telemetry.ts';
import { setDiagnosticHandler } from '../../../lib/platform/diag.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { expectedRuntimeSummary, outcomeCounts } from '../../helpers/metrics.ts';
import { allMetrics, APP_VERSION, buildMetrics, findMetric, histogramPoint, latestMetrics, numberPoint, seedSessionOptions } from './support.ts';

failOnUnhandledRejection();

function session(overrides: Parameters<typeof seedSessionOptions>[0] = {}): SessionTelemetry {
  return new SessionTelemetry(seedSessionOptions(overrides));
}

/** A session recording into a fresh in-memory metrics client, without the metadata tags. */
function untaggedSession(): { s: SessionTelemetry } & ReturnType<typeof buildMetrics> {
  const { metrics, exporter } = buildMetrics();
  return { s: session().withMetricsWithoutMetadataTags(metrics), metrics, exporter };
}

const METADATA_TAGS = {
  'app.version': APP_VERSION,
  auth_mode: 'ApiKey',
  model: 'gpt-5.1',
  originator: 'test_originator',
  session_source: 'cli',
} as const;

afterEach(() => setDiagnosticHandler(undefined));

describe('manager_metrics', () => {
  it('attaches the metadata tags to metrics', async () => {
    const { metrics, exporter } = buildMetrics({ defaults: { service: 'codex-cli' } });
    const s = session().withMetrics(metrics);
    s.counter('codex.session_started', 1, [['source', 'tui']]);
    await s.shutdownMetrics();
    const p = numberPoint(findMetric(latestMetrics(exporter), 'codex.session_started'));
    assert.equal(p.value, 1);
    assert.deepEqual({ ...p.attributes }, { ...METADATA_TAGS, service: 'codex-cli', source: 'tui' });
  });

  it('allows disabling the metadata tags', async () => {
    const { s, metrics, exporter } = untaggedSession();
    s.counter('codex.session_started', 1, [['source', 'tui']]);
    await metrics.shutdown();
    const p = numberPoint(findMetric(latestMetrics(exporter), 'codex.session_started'));
    assert.deepEqual({ ...p.attributes }, { source: 'tui' });
  });

  it('attaches the optional service_name tag (sanitized)', async () => {
    const { metrics, exporter } = buildMetrics();
    const s = session().withMetrics(metrics).withMetricsServiceName('my_app_server_client');
    s.counter('codex.session_started', 1, { source: 'tui' });
    assert.equal(session().withMetricsServiceName('my app!').metadata.serviceName, 'my_app');
    await metrics.shutdown();
    const p = numberPoint(findMetric(latestMetrics(exporter), 'codex.session_started'));
    assert.deepEqual({ ...p.attributes }, { ...METADATA_TAGS, service_name: 'my_app_server_client', source: 'tui' });
  });

  it('records the plugin install suggestion metric', async () => {
    const { s, metrics, exporter } = untaggedSession();
    s.recordPluginInstallSuggestion({
      toolType: 'connector',
      toolId: 'connector-1',
      toolName: 'Connector',
      responseAction: 'accept',
      userConfirmed: true,
      completed: false,
    });
    await metrics.shutdown();
    const p = numberPoint(findMetric(latestMetrics(exporter), 'codex.plugins.install_suggestion'));
    assert.equal(p.value, 1);
    assert.deepEqual({ ...p.attributes }, { completed: 'false', response_action: 'accept', tool_type: 'connector' });
  });

  it('records the plugin install elicitation sent metric', async () => {
    const { s, metrics, exporter } = untaggedSession();
    s.recordPluginInstallElicitationSent('plugin', 'plugin-1', 'Plugin');
    await metrics.shutdown();
    const p = numberPoint(findMetric(latestMetrics(exporter), 'codex.plugins.install_elicitation.sent'));
    assert.deepEqual({ ...p.attributes }, { tool_type: 'plugin' });
  });

  it('lets session metadata win over a caller tag with the same key', async () => {
    const { metrics, exporter } = buildMetrics();
    const s = session().withMetrics(metrics);
    s.counter('codex.turns', 1, { model: 'caller-model', source: 'tui' });
    s.histogram('codex.turn.tool.call', 3, [
      ['originator', 'caller'],
      ['source', 'tui'],
    ]);
    s.recordDuration('codex.hooks.run.duration_ms', 12.9, { source: 'tui' });
    await metrics.shutdown();
    const rm = latestMetrics(exporter);
    assert.deepEqual({ ...numberPoint(findMetric(rm, 'codex.turns')).attributes }, { ...METADATA_TAGS, source: 'tui' });
    assert.deepEqual({ ...histogramPoint(findMetric(rm, 'codex.turn.tool.call')).attributes }, { ...METADATA_TAGS, source: 'tui' });
    const d = findMetric(rm, 'codex.hooks.run.duration_ms');
    assert.equal(d.unit, 'ms');
    assert.equal(histogramPoint(d).sum, 12);
  });

  it('starts timers whose samples carry the metadata tags', async () => {
    const { metrics, exporter } = buildMetrics();
    const s = session().withMetrics(metrics);
    const timer = s.startTimer('codex.turn.e2e_duration_ms', { source: 'tui' });
    assert.ok(timer !== undefined);
    timer.record({ phase: 'done' });
    await metrics.shutdown();
    const h = histogramPoint(findMetric(latestMetrics(exporter), 'codex.turn.e2e_duration_ms'));
    assert.equal(h.count, 1);
    assert.deepEqual({ ...h.attributes }, { ...METADATA_TAGS, phase: 'done', source: 'tui' });
  });

  it('takes metrics from a provider or a config', async () => {
    const { metrics, exporter } = buildMetrics();
    const base = session();
    const unchanged = base.withProviderMetrics({ metrics: undefined });
    assert.notEqual(unchanged, base);
    unchanged.withProviderMetrics({ metrics }).counter('codex.from_provider', 1);
    await metrics.shutdown();
    assert.equal(numberPoint(findMetric(latestMetrics(exporter), 'codex.from_provider')).value, 1);

    const other = buildMetrics();
    const fromConfig = base.withMetricsConfig(MetricsConfig.inMemory('test', 'codex-cli', APP_VERSION, other.exporter));
    fromConfig.counter('codex.from_config', 2);
    await fromConfig.shutdownMetrics();
    assert.equal(numberPoint(findMetric(latestMetrics(other.exporter), 'codex.from_config')).value, 2);
    assert.equal(await base.shutdownMetrics(), undefined);
  });

  it('is a silent no-op without a metrics client', () => {
    const s = session(); // no global client is installed in this file
    const messages: string[] = [];
    setDiagnosticHandler((_l, m) => messages.push(m));
    s.counter('codex.none', 1);
    s.recordDuration('codex.none', 1);
    assert.equal(s.startTimer('codex.none'), undefined);
    assert.throws(() => s.snapshotMetrics(), { name: 'MetricsError', kind: 'ExporterDisabled' });
    assert.equal(s.runtimeMetricsSummary(), undefined);
    assert.deepEqual(messages, []);
  });
});

describe('event metrics', () => {
  it('tags api requests with status and success', async () => {
    const { s, metrics, exporter } = untaggedSession();
    s.recordApiRequest({ attempt: 1, status: 200, durationMs: 300.7 });
    s.recordApiRequest({ attempt: 2, status: 200, error: 'boom', durationMs: 5 });
    s.recordApiRequest({ attempt: 3, durationMs: 5, error: 'connection reset' });
    await metrics.shutdown();
    const rm = latestMetrics(exporter);
    const counter = findMetric(rm, 'codex.api_request');
    const byTags = new Map(counter.points.map((p) => [JSON.stringify(p.attributes), (p as { value: number }).value]));
    assert.equal(byTags.get(JSON.stringify({ status: '200', success: 'true' })), 1);
    assert.equal(byTags.get(JSON.stringify({ status: '200', success: 'false' })), 1);
    assert.equal(byTags.get(JSON.stringify({ status: 'none', success: 'false' })), 1);
    const duration = findMetric(rm, 'codex.api_request.duration_ms');
    assert.equal(duration.unit, 'ms');
    assert.equal(duration.description, 'Duration in milliseconds.');
  });

  it('tags tool calls with tool, success, then the extra tags', async () => {
    const { metrics, exporter } = buildMetrics();
    const s = session().withMetrics(metrics);
    s.toolResult({
      toolName: 'shell',
      callId: 'c1',
      arguments: '{}',
      durationMs: 250,
      success: false,
      output: 'nope',
      extraTags: [
        ['sandbox', 'seatbelt'],
        ['sandbox_policy', 'read-only'],
      ],
    });
    await metrics.shutdown();
    const rm = latestMetrics(exporter);
    const expected = { ...METADATA_TAGS, tool: 'shell', success: 'false', sandbox: 'seatbelt', sandbox_policy: 'read-only' };
    assert.deepEqual({ ...numberPoint(findMetric(rm, 'codex.tool.call')).attributes }, expected);
    const h = histogramPoint(findMetric(rm, 'codex.tool.call.duration_ms'));
    assert.deepEqual({ ...h.attributes }, expected);
    assert.equal(h.sum, 250);
  });

  // Outcome counters: what a session records, and the count per `kind/success` it leaves.
  const outcomes: { name: string; metric: string; record: (s: SessionTelemetry) => void; expected: Record<string, number> }[] = [
    {
      name: 'records websocket events by kind and skips ping and pong',
      metric: 'codex.websocket.event',
      record: (s) => {
        s.recordWebsocketEvent({ kind: 'ping' }, 1);
        s.recordWebsocketEvent({ kind: 'pong' }, 1);
        s.recordWebsocketEvent({ kind: 'text', text: '{"type":"response.created"}' }, 1);
        s.recordWebsocketEvent({ kind: 'text', text: '{"type":"response.failed"}' }, 1);
        s.recordWebsocketEvent({ kind: 'text', text: 'not json' }, 1);
        s.recordWebsocketEvent({ kind: 'binary' }, 1);
        s.recordWebsocketEvent({ kind: 'error', error: new Error('reset') }, 1);
        s.recordWebsocketEvent({ kind: 'end' }, 1);
      },
      expected: {
        'response.created/true': 1,
        'response.failed/false': 1,
        'parse_error/false': 1,
        'unknown/false': 3,
      },
    },
    {
      name: 'records SSE outcomes with kind and success',
      metric: 'codex.sse_event',
      record: (s) => {
        s.logSseEvent({ kind: 'event', event: 'response.created', data: '{"type":"response.created"}' }, 10);
        s.logSseEvent({ kind: 'event', event: 'response.output_text.delta', data: ' [DONE] ' }, 10);
        s.logSseEvent({ kind: 'event', event: 'response.failed', data: '{"error":{"message":"x"}}' }, 10);
        s.logSseEvent({ kind: 'timeout' }, 10);
        s.logSseEvent({ kind: 'end' }, 10);
      },
      expected: {
        'response.created/true': 1,
        'response.output_text.delta/true': 1,
        'response.failed/false': 1,
        'unknown/false': 1,
      },
    },
  ];
  for (const c of outcomes) {
    it(c.name, async () => {
      const { s, metrics, exporter } = untaggedSession();
      c.record(s);
      await metrics.shutdown();
      assert.deepEqual(outcomeCounts(findMetric(latestMetrics(exporter), c.metric)), c.expected);
    });
  }

  it('records startup phases, turn TTFT and websocket requests as ms histograms', async () => {
    const { s, metrics, exporter } = untaggedSession();
    s.recordStartupPhase('startup_prewarm_total', 33, 'cancelled');
    s.recordStartupPhase('startup_prewarm_resolve', 7);
    s.recordTurnTtft(95);
    s.recordWebsocketRequest(400, undefined, false);
    await metrics.shutdown();
    const rm = latestMetrics(exporter);
    const phases = findMetric(rm, 'codex.startup.phase.duration_ms');
    assert.deepEqual(
      phases.points.map((p) => ({ ...p.attributes })).sort((a, b) => String(a['phase']).localeCompare(String(b['phase']))),
      [{ phase: 'startup_prewarm_resolve' }, { phase: 'startup_prewarm_total', status: 'cancelled' }],
    );
    const ttft = histogramPoint(findMetric(rm, 'codex.turn.ttft.duration_ms'));
    assert.deepEqual({ ...ttft.attributes }, {});
    assert.equal(ttft.sum, 95);
    assert.deepEqual({ ...numberPoint(findMetric(rm, 'codex.websocket.request')).attributes }, { success: 'true' });
    assert.equal(histogramPoint(findMetric(rm, 'codex.websocket.request.duration_ms')).sum, 400);
  });

  it('records the process start once with a bounded originator', async () => {
    const { metrics, exporter } = buildMetrics();
    assert.equal(recordProcessStartOnce(metrics, 'my custom originator'), true);
    assert.equal(recordProcessStartOnce(metrics, 'codex_cli_rs'), false);
    await metrics.shutdown();
    const p = numberPoint(findMetric(latestMetrics(exporter), 'codex.process.start'));
    assert.deepEqual({ ...p.attributes }, { originator: 'other' });
  });
});

describe('metric failures never throw', () => {
  it('drops every metric of a session with an invalid model name and reports it once', async () => {
    const { metrics, exporter } = buildMetrics();
    const messages: string[] = [];
    setDiagnosticHandler((level, m) => messages.push(`${level}: ${m}`));
    const s = session({ model: 'gpt:5' }).withMetrics(metrics);
    assert.doesNotThrow(() => {
      s.toolResult({ toolName: 'shell', callId: 'c', arguments: '', durationMs: 1, success: true, output: '' });
      s.toolResult({ toolName: 'shell', callId: 'c', arguments: '', durationMs: 1, success: true, output: '' });
      s.counter('codex.turns', 1);
      s.recordDuration('codex.turn.e2e_duration_ms', 5);
      s.startTimer('codex.turn.e2e_duration_ms')?.record();
    });
    // The same session without metadata tags still records.
    s.withMetricsWithoutMetadataTags(metrics).counter('codex.untagged', 1);
    await metrics.shutdown();
    const names = allMetrics(latestMetrics(exporter)).map((m) => m.name);
    assert.deepEqual(names, ['codex.untagged']);
    const reports = messages.filter((m) => m.includes('gpt:5'));
    assert.equal(reports.length, 1, messages.join('\n'));
    assert.match(reports[0]!, /^warn: metrics counter \[codex\.tool\.call\] failed: tag value contains invalid characters: gpt:5$/);
  });

  it('reports each distinct error once: bad metric names, negative increments', () => {
    const { metrics } = buildMetrics();
    const messages: string[] = [];
    setDiagnosticHandler((_l, m) => messages.push(m));
    const s = session().withMetrics(metrics);
    assert.doesNotThrow(() => {
      s.counter('bad name', 1);
      s.counter('bad name', 1);
      s.histogram('bad name', 1);
      s.counter('codex.turns', -1);
      s.counter('codex.turns', -1);
    });
    assert.deepEqual(messages, [
      'metrics counter [bad name] failed: metric name contains invalid characters: bad name',
      'metrics counter [codex.turns] failed: counter increment must be non-negative for codex.turns: -1',
    ]);
  });
});

describe('snapshot', () => {
  it('collects the session metrics with metadata tags without shutdown', () => {
    const { metrics, exporter } = buildMetrics({ defaults: { service: 'codex-cli' }, runtimeReader: true });
    const s = session().withMetrics(metrics);
    s.counter('codex.tool.call', 1, [['tool', 'shell']]);
    const snap = s.snapshotMetrics();
    const p = numberPoint(findMetric(snap, 'codex.tool.call'));
    assert.deepEqual({ ...p.attributes }, { ...METADATA_TAGS, service: 'codex-cli', tool: 'shell' });
    assert.deepEqual(exporter.getFinishedMetrics(), []);
  });

  it('throws RuntimeSnapshotUnavailable without a runtime reader', () => {
    const { metrics } = buildMetrics();
    assert.throws(() => session().withMetrics(metrics).snapshotMetrics(), { name: 'MetricsError', kind: 'RuntimeSnapshotUnavailable' });
    assert.equal(session().withMetrics(metrics).runtimeMetricsSummary(), undefined);
    assert.doesNotThrow(() => session().withMetrics(metrics).resetRuntimeMetrics());
  });
});

describe('runtime_summary', () => {
  it('collects tool, api, streaming and websocket metrics with fractional TBT values', () => {
    const { metrics } = buildMetrics({ runtimeReader: true });
    const s = session().withMetrics(metrics);
    s.counter('codex.before_reset', 1);
    s.resetRuntimeMetrics();

    s.toolResult({ toolName: 'shell', callId: 'c', arguments: '{}', durationMs: 250, success: true, output: 'ok' });
    s.recordApiRequest({ attempt: 1, status: 200, durationMs: 300 });
    s.recordWebsocketRequest(400, undefined, false);
    s.logSseEvent({ kind: 'event', event: 'response.created', data: '{"type":"response.created"}' }, 120);
    s.recordWebsocketEvent({ kind: 'text', text: '{"type":"response.created"}' }, 80);
    const timing = {
      type: 'responsesapi.websocket_timing',
      timing_metrics: {
        responses_duration_excl_engine_and_client_tool_time_ms: 124.25,
        engine_service_total_ms: 457,
        engine_iapi_ttft_total_ms: 211,
        engine_service_ttft_total_ms: 233,
        engine_iapi_tbt_across_engine_calls_ms: 2.450638,
        engine_service_tbt_across_engine_calls_ms: 5.267279,
      },
    };
    s.recordWebsocketEvent({ kind: 'text', text: JSON.stringify(timing) }, 20);
    s.recordTurnTtft(95);
    s.recordDuration('codex.turn.ttfm.duration_ms', 180);

    const summary = s.runtimeMetricsSummary();
    assert.ok(summary !== undefined);
    const expected = expectedRuntimeSummary();
    assert.deepEqual(summary, expected);
    assert.ok(summary.equals(expected));

    // The snapshot was a delta: nothing new since.
    assert.equal(s.runtimeMetricsSummary(), undefined);
  });

  it('skips negative, non-finite and non-numeric timing values', () => {
    const { metrics } = buildMetrics({ runtimeReader: true });
    const s = session().withMetrics(metrics);
    const timing = {
      type: 'responsesapi.websocket_timing',
      timing_metrics: { engine_service_total_ms: -1, engine_iapi_ttft_total_ms: '211', engine_service_ttft_total_ms: 10.5 },
    };
    s.recordWebsocketEvent({ kind: 'text', text: JSON.stringify(timing) }, 1);
    const summary = s.runtimeMetricsSummary();
    assert.ok(summary !== undefined);
    assert.equal(summary.responsesApiInferenceTimeMs, 0);
    assert.equal(summary.responsesApiEngineIapiTtftMs, 0);
    assert.equal(summary.responsesApiEngineServiceTtftMs, 11);
  });
});
