// A session with no explicit routing uses what OtelProvider.from installs process-wide: the
// global event target (logs + active span) and the global metrics client, end to end over
// OTLP/HTTP JSON to a loopback receiver.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OtelProvider } from '../../../lib/facades/provider.ts';
import { SessionTelemetry } from '../../../lib/facades/session-telemetry.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { receivedLogRecords, receivedMetrics, receivedSpans, useReceiver } from '../../helpers/receiver.ts';
import { APP_VERSION, decodeAttributes, seedSessionOptions } from './support.ts';

failOnUnhandledRejection();

describe('process-global routing', () => {
  const receiver = useReceiver();

  it('sends events and metrics of a plain new SessionTelemetry to the installed provider', async () => {
    // Built before the provider: events still follow the global target at call time.
    const early = new SessionTelemetry(seedSessionOptions({ conversationId: 'early' }));
    const provider = OtelProvider.from(
      {
        serviceName: 'codex-cli',
        serviceVersion: APP_VERSION,
        exporter: { kind: 'otlp-http', endpoint: `${receiver.url}/v1/logs`, protocol: 'json' },
        traceExporter: { kind: 'otlp-http', endpoint: `${receiver.url}/v1/traces`, protocol: 'json' },
        metricsExporter: { kind: 'otlp-http', endpoint: `${receiver.url}/v1/metrics`, protocol: 'json' },
      },
      { env: {}, beforeExitFlush: false },
    );
    assert.ok(provider);
    const session = new SessionTelemetry(seedSessionOptions());
    provider.tracer.startActiveSpan('turn', (span) => {
      session.toolResult({ toolName: 'shell', callId: 'c1', arguments: '{}', durationMs: 250, success: true, output: 'ok' });
      early.recordTurnTtft(95);
      span.end();
    });
    const result = await provider.shutdown();
    assert.equal(result.timedOut, false);

    const logs = receivedLogRecords(receiver.requests);
    const logAttrs = logs.map((l) => decodeAttributes(l.attributes));
    assert.deepEqual(logAttrs.map((a) => a['event.name']).sort(), ['codex.tool_result', 'codex.turn_ttft']);
    assert.equal(logAttrs.find((a) => a['event.name'] === 'codex.turn_ttft')!['conversation.id'], 'early');

    const spans = receivedSpans(receiver.requests);
    assert.equal(spans.length, 1);
    assert.deepEqual(spans[0]!.events!.map((e) => e.name), ['codex.tool_result', 'codex.turn_ttft']);
    // Log records are stamped with the active span's context.
    for (const l of logs) {
      assert.equal(l.traceId, spans[0]!.traceId);
      assert.equal(l.spanId, spans[0]!.spanId);
    }

    const metrics: any[] = receivedMetrics(receiver.requests);
    const toolCall = metrics.find((m: any) => m.name === 'codex.tool.call');
    assert.ok(toolCall, 'codex.tool.call exported');
    assert.equal(toolCall.sum.isMonotonic, true);
    assert.deepEqual(decodeAttributes(toolCall.sum.dataPoints[0].attributes), {
      'app.version': APP_VERSION,
      auth_mode: 'ApiKey',
      model: 'gpt-5.1',
      originator: 'test_originator',
      session_source: 'cli',
      success: 'true',
      tool: 'shell',
    });
    const duration = metrics.find((m: any) => m.name === 'codex.tool.call.duration_ms');
    assert.equal(duration.unit, 'ms');
    assert.equal(duration.histogram.dataPoints[0].sum, 250);
    // The early session captured no metrics client (none was installed yet), as in the seed.
    assert.equal(metrics.some((m: any) => m.name === 'codex.turn.ttft.duration_ms'), false);
  });
});
