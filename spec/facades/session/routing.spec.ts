// The seed's otel_export_routing_policy suite, through a real OtelProvider and a loopback OTLP
// receiver: log records carry the full field set, span events only the trace-safe one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OtelProvider } from '../../../lib/facades/provider.ts';
import type { SessionTelemetry } from '../../../lib/facades/session-telemetry.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { assertAttrs, inRootSpan, sessionFor, startLoopback, type Loopback, type ReceivedEvent } from './support.ts';

failOnUnhandledRejection();

const AUTH_ENV = {
  openaiApiKeyEnvPresent: true,
  codexApiKeyEnvPresent: false,
  codexApiKeyEnvEnabled: true,
  providerEnvKeyName: 'configured',
  providerEnvKeyPresent: true,
  refreshTokenUrlOverridePresent: true,
} as const;

const AGENT = { agentId: 'agent-123', taskId: 'task-456' } as const;

function only(events: readonly ReceivedEvent[], name: string): ReceivedEvent {
  const found = events.filter((e) => e.name === name);
  assert.equal(found.length, 1, `expected exactly one ${name}, got ${found.length}`);
  return found[0]!;
}

function assertHasNone(e: ReceivedEvent, keys: readonly string[]): void {
  for (const k of keys) assert.equal(k in e.attrs, false, `${e.name} must not carry ${k}`);
}

/** Runs `fn` on the session `build` makes (default: the seed's), inside a root span, then collects what was received. */
function runInRootSpan(fn: (session: SessionTelemetry) => void, build: (provider: OtelProvider) => SessionTelemetry = (p) => sessionFor(p)): ReturnType<typeof run> {
  return run(({ provider }) => {
    const session = build(provider);
    inRootSpan(provider, () => fn(session));
  });
}

async function run(fn: (lb: Loopback) => void): Promise<{ logs: ReceivedEvent[]; traceEvents: ReceivedEvent[]; spanCount: number }> {
  const lb = await startLoopback();
  try {
    fn(lb);
    const { logs, spans } = await lb.collect();
    return { logs, traceEvents: spans.flatMap((s) => s.events), spanCount: spans.length };
  } finally {
    await lb.close();
  }
}

describe('otel_export_routing_policy', () => {
  it('routes the user prompt to the log in full and only counts to the trace', async () => {
    const { logs, traceEvents, spanCount } = await runInRootSpan(
      (session) =>
        session.userPrompt([
          { type: 'text', text: 'super secret prompt' },
          { type: 'image', imageUrl: 'https://example.com/image.png' },
          { type: 'local_image', path: '/tmp/image.png' },
        ]),
      (provider) => sessionFor(provider, { logUserPrompts: true }),
    );
    const log = only(logs, 'codex.user_prompt');
    assertAttrs(log, {
      prompt: 'super secret prompt',
      prompt_length: '19',
      'user.email': 'engineer@example.com',
      'user.account_id': 'account-id',
    });

    assert.equal(spanCount, 1);
    assert.equal(traceEvents.length, 1);
    const ev = traceEvents[0]!;
    assert.equal(ev.name, 'codex.user_prompt');
    assertAttrs(ev, {
      prompt_length: '19',
      text_input_count: 1n,
      image_input_count: 1n,
      local_image_input_count: 1n,
    });
    assertHasNone(ev, ['prompt', 'user.email', 'user.account_id']);
  });

  it('emits INFO log records with no body, event.name as an attribute and the session metadata appended', async () => {
    const { logs } = await run(({ provider }) => {
      inRootSpan(provider, () => sessionFor(provider).recordTurnTtft(95));
    });
    const log = only(logs, 'codex.turn_ttft');
    assert.equal(log.raw.severityNumber, 9);
    assert.equal(log.raw.severityText, 'INFO');
    assert.equal(log.raw.body, undefined);
    assert.equal(log.scope, 'codex_otel.log_only', 'the seed groups its events under the log-only target');
    assert.match(String(log.attrs['event.timestamp']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const { ['event.timestamp']: _ts, ...rest } = log.attrs;
    assert.deepEqual(rest, {
      'event.name': 'codex.turn_ttft',
      duration_ms: '95',
      'conversation.id': '67e55044-10b1-426f-9247-bb680e5fe0c8',
      'app.version': '0.149.0-alpha.3',
      auth_mode: 'ApiKey',
      originator: 'test_originator',
      'user.account_id': 'account-id',
      'user.email': 'engineer@example.com',
      'terminal.type': 'tty',
      model: 'gpt-5.1',
      slug: 'gpt-5.1',
    });
    assert.deepEqual(Object.keys(log.attrs), [
      'event.name',
      'duration_ms',
      'event.timestamp',
      'conversation.id',
      'app.version',
      'auth_mode',
      'originator',
      'user.account_id',
      'user.email',
      'terminal.type',
      'model',
      'slug',
    ]);
  });

  it('routes tool arguments and output to the log only; the trace gets lengths', async () => {
    const { logs, traceEvents } = await runInRootSpan(
      (session) =>
        session.toolResult({
          toolName: 'shell',
          callId: 'call-1',
          arguments: '{"cmd":"ls -la"}',
          durationMs: 42,
          success: true,
          output: 'first line\nsecond line!!!',
          extraTraceFields: [
            ['mcp_server', 'internal-mcp'],
            ['mcp_server_origin', 'stdio'],
          ],
        }),
    );
    const log = only(logs, 'codex.tool_result');
    assertAttrs(log, {
      arguments: '{"cmd":"ls -la"}',
      output: 'first line\nsecond line!!!',
      mcp_server: 'internal-mcp',
      mcp_server_origin: 'stdio',
      duration_ms: '42',
      success: 'true',
    });

    const ev = only(traceEvents, 'codex.tool_result');
    assertAttrs(ev, {
      arguments_length: 16n,
      output_length: 25n,
      output_line_count: 2n,
      tool_origin: 'mcp',
      mcp_tool: true,
      duration_ms: '42',
      success: 'true',
    });
    assertHasNone(ev, ['arguments', 'output', 'mcp_server', 'mcp_server_origin', 'user.email', 'user.account_id']);
  });

  it('routes auth recovery to both sides with the same auth fields', async () => {
    const recovery = { mode: 'managed', step: 'reload', outcome: 'recovery_succeeded', requestId: 'req-401', cfRay: 'ray-401' } as const;
    const authFields = { authError: 'missing_authorization_header', authErrorCode: 'token_expired', recoveryReason: 'unauthorized', authStateChanged: true } as const;
    const { logs, traceEvents } = await runInRootSpan((session) => session.recordAuthRecovery({ ...recovery, ...authFields }));
    for (const e of [only(logs, 'codex.auth_recovery'), only(traceEvents, 'codex.auth_recovery')]) {
      assertAttrs(e, {
        'auth.mode': 'managed',
        'auth.step': 'reload',
        'auth.outcome': 'recovery_succeeded',
        'auth.request_id': 'req-401',
        'auth.cf_ray': 'ray-401',
        'auth.error': 'missing_authorization_header',
        'auth.error_code': 'token_expired',
        'auth.recovery_reason': 'unauthorized',
        'auth.state_changed': true,
      });
    }
  });

  it('routes api request auth observability to both sides', async () => {
    const { logs, traceEvents } = await runInRootSpan(
      (session) => {
        session.conversationStarts({
          providerName: 'openai',
          reasoningEffort: 'high',
          reasoningSummary: 'auto',
          contextWindow: 272000,
          autoCompactTokenLimit: 200000,
          approvalPolicy: 'never',
          sandboxPolicy: 'read-only',
          mcpServers: ['alpha', 'beta'],
        });
        session.recordApiRequest({
          attempt: 1,
          status: 401,
          error: 'http 401',
          durationMs: 42,
          authHeaderAttached: true,
          authHeaderName: 'authorization',
          retryAfterUnauthorized: true,
          recoveryMode: 'managed',
          recoveryPhase: 'refresh_token',
          endpoint: '/responses',
          requestId: 'req-401',
          cfRay: 'ray-401',
          authError: 'missing_authorization_header',
          authErrorCode: 'token_expired',
          agentIdentity: AGENT,
        });
      },
      (provider) => sessionFor(provider).withAuthEnv(AUTH_ENV),
    );
    const startsLog = only(logs, 'codex.conversation_starts');
    assertAttrs(startsLog, {
      'auth.env_openai_api_key_present': true,
      'auth.env_provider_key_name': 'configured',
      mcp_servers: 'alpha, beta',
      context_window: 272000n,
    });
    const startsTrace = only(traceEvents, 'codex.conversation_starts');
    assertAttrs(startsTrace, {
      'auth.env_openai_api_key_present': true,
      'auth.env_provider_key_present': true,
      mcp_server_count: 2n,
    });
    assertHasNone(startsTrace, ['mcp_servers', 'user.email', 'user.account_id']);

    for (const e of [only(logs, 'codex.api_request'), only(traceEvents, 'codex.api_request')]) {
      assertAttrs(e, {
        duration_ms: '42',
        'http.response.status_code': 401n,
        'error.message': 'http 401',
        attempt: 1n,
        'auth.header_attached': true,
        'auth.header_name': 'authorization',
        'auth.retry_after_unauthorized': true,
        'auth.recovery_mode': 'managed',
        'auth.recovery_phase': 'refresh_token',
        endpoint: '/responses',
        'auth.error': 'missing_authorization_header',
        'auth.env_codex_api_key_enabled': true,
        'auth.env_refresh_token_url_override_present': true,
        'auth.agent_id': 'agent-123',
        'auth.task_id': 'task-456',
      });
    }
  });

  it('routes websocket connect auth observability to both sides', async () => {
    const { logs, traceEvents } = await runInRootSpan(
      (session) =>
        session.recordWebsocketConnect({
          durationMs: 17,
          status: 101,
          authHeaderAttached: true,
          authHeaderName: 'authorization',
          retryAfterUnauthorized: false,
          recoveryMode: 'managed',
          recoveryPhase: 'reload',
          endpoint: '/responses',
          connectionReused: false,
          requestId: 'req-ws',
          cfRay: 'ray-ws',
          agentIdentity: AGENT,
        }),
      (provider) => sessionFor(provider).withAuthEnv(AUTH_ENV),
    );
    const log = only(logs, 'codex.websocket_connect');
    const ev = only(traceEvents, 'codex.websocket_connect');
    for (const e of [log, ev]) {
      assertAttrs(e, {
        'auth.connection_reused': false,
        'auth.recovery_phase': 'reload',
        'auth.header_attached': true,
        'auth.header_name': 'authorization',
        'auth.request_id': 'req-ws',
        'auth.agent_id': 'agent-123',
        'http.response.status_code': 101n,
      });
      // 101 is not 2xx: the seed's rule is "no error and no status, or a 2xx status".
      assert.equal(e.attrs['success'], 'false');
      assert.equal(e.attrs['duration_ms'], '17');
    }
    assertHasNone(ev, ['user.email', 'user.account_id']);
  });

  it('routes websocket request transport observability to both sides', async () => {
    const { logs, traceEvents } = await runInRootSpan(
      (session) => session.recordWebsocketRequest(23, 'stream error', true, AGENT),
      (provider) => sessionFor(provider).withAuthEnv(AUTH_ENV),
    );
    for (const e of [only(logs, 'codex.websocket_request'), only(traceEvents, 'codex.websocket_request')]) {
      assertAttrs(e, {
        'auth.connection_reused': true,
        'error.message': 'stream error',
        success: 'false',
        duration_ms: '23',
        'auth.env_openai_api_key_present': true,
        'auth.env_provider_key_name': 'configured',
        'auth.agent_id': 'agent-123',
        'auth.task_id': 'task-456',
      });
    }
  });
});

describe('prompt redaction', () => {
  it('logs "[REDACTED]" instead of the prompt unless logUserPrompts is set', async () => {
    const { logs, traceEvents } = await runInRootSpan(
      (session) => session.userPrompt([{ type: 'text', text: 'super secret prompt' }]),
      (provider) => sessionFor(provider, { logUserPrompts: false }),
    );
    const log = only(logs, 'codex.user_prompt');
    assert.equal(log.attrs['prompt'], '[REDACTED]');
    assert.equal(log.attrs['prompt_length'], '19');
    const ev = only(traceEvents, 'codex.user_prompt');
    assertHasNone(ev, ['prompt']);
    for (const e of [...logs, ...traceEvents]) {
      for (const v of Object.values(e.attrs)) assert.equal(String(v).includes('super secret'), false);
    }
  });
});

describe('trace events without an active span', () => {
  let lb: Loopback;
  before(async () => {
    lb = await startLoopback();
  });
  after(async () => {
    await lb.close();
  });

  it('still logs the event and drops the span event (as the seed)', async () => {
    sessionFor(lb.provider).recordTurnTtft(5);
    const { logs, spans } = await lb.collect();
    assert.equal(only(logs, 'codex.turn_ttft').attrs['duration_ms'], '5');
    assert.equal(spans.length, 0);
    assert.equal(lb.provider.stats().tracer.traceEventsDropped, 1);
  });
});
