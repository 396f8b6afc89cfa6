// Compile-only: the README's code samples, type-checked by `npm run typecheck` so the docs cannot
// drift from the API. Never executed (not a *.spec.ts file).
import {
  contextFromW3cTraceContext,
  currentSpanW3cTraceContext,
  InMemoryMetricExporter,
  injectTraceHeaders,
  MetricsClient,
  MetricsConfig,
  MetricsError,
  OtelProvider,
  SessionTelemetry,
  traceparentContextFromEnv,
  withSpan,
  type ProviderShutdownResult,
} from '../../lib/index.ts';

export async function readmeExamples(req: { headers: Record<string, string | undefined> }): Promise<void> {
  const provider = OtelProvider.from({
    environment: 'prod',
    serviceName: 'my-cli',
    serviceVersion: '1.2.3',
    exporter: { kind: 'otlp-http', endpoint: 'http://127.0.0.1:4318/v1/logs', protocol: 'json' },
    traceExporter: { kind: 'otlp-http', endpoint: 'http://127.0.0.1:4318/v1/traces', protocol: 'json' },
    metricsExporter: { kind: 'otlp-http', endpoint: 'http://127.0.0.1:4318/v1/metrics', protocol: 'json' },
  });

  const tracer = provider!.tracer;
  await tracer.startActiveSpan('turn', { kind: 'internal', attributes: { 'turn.id': 't1' } }, async (span) => {
    const child = tracer.startSpan('api_request', { kind: 'client' });
    child.setAttribute('http.response.status_code', 200);
    child.addEvent('retry', { attempt: 1 });
    child.end();
    span.setStatus({ code: 'ok' });
    span.end();
  });

  provider!.logger.emit({
    eventName: 'cli.command',
    severityNumber: 9,
    severityText: 'INFO',
    body: 'build started',
    attributes: { command: 'build' },
  });

  const session = new SessionTelemetry({
    conversationId: crypto.randomUUID(),
    model: 'gpt-5.1',
    slug: 'gpt-5.1',
    authMode: 'ApiKey',
    originator: 'codex_cli_rs',
    logUserPrompts: false,
    terminalType: 'xterm-256color',
    sessionSource: 'cli',
    appVersion: '0.149.0',
  }).withProvider(provider!);
  session.userPrompt([{ type: 'text', text: 'fix the failing test' }]);
  await session.logRequest(1, () => fetch('https://api.example.com/v1/responses'));
  await session.logToolResult('shell', 'call_1', '{"cmd":"npm test"}', async () => ({ output: 'ok', success: true }));
  session.recordTurnTtft(95);

  const metrics = new MetricsClient(
    MetricsConfig.otlp('prod', 'my-cli', '1.2.3', { kind: 'otlp-http', endpoint: 'http://127.0.0.1:4318/v1/metrics', protocol: 'json' }).withTag(
      'service',
      'my-cli',
    ),
  );
  metrics.counter('codex.turns', 1, { model: 'gpt-5.1' });
  metrics.histogram('codex.turn.token_usage', 1200, { token_type: 'input' });
  metrics.recordDuration('codex.startup.phase.duration_ms', 42, { phase: 'load_config' });
  metrics.recordDurationSeconds('exec_server_request_duration_seconds', 'Request duration.', 0.25, {});
  {
    using timer = metrics.startTimer('codex.turn.e2e_duration_ms', { source: 'tui' });
    void timer;
  }
  const bound = metrics.bind('counter', 'codex.api_request', { status: '200', success: 'true' });
  bound.add(1);
  const statsig = new MetricsClient(MetricsConfig.otlp('prod', 'my-cli', '1.2.3', { kind: 'statsig' }));
  void statsig;
  const exporter = new InMemoryMetricExporter();
  const local = new MetricsClient(MetricsConfig.inMemory('test', 'my-cli', '1.2.3', exporter).withRuntimeReader());
  local.snapshot();
  await local.shutdown();
  exporter.getFinishedMetrics();
  try {
    metrics.counter('bad name', 1);
  } catch (e) {
    if (e instanceof MetricsError) void e.kind;
  }

  const span = tracer.startSpan('x');
  const headers: Record<string, string> = {};
  injectTraceHeaders(span, headers);
  currentSpanW3cTraceContext();
  const traceparent = req.headers['traceparent'];
  const parent = contextFromW3cTraceContext(traceparent === undefined ? {} : { traceparent });
  if (parent) withSpan(parent, () => tracer.startSpan('handle').end());
  traceparentContextFromEnv();

  const result: ProviderShutdownResult = await provider!.shutdown();
  void result.status;
  await provider!.shutdownWithTimeout(500);
  provider!.stats();
}
