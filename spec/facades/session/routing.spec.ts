// The seed's otel_export_routing_policy suite, through a real OtelProvider and a loopback OTLP
// receiver: log records carry the full field set, span events only the trace-safe one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { inRootSpan, sessionFor, startLoopback, type Loopback, type ReceivedEvent } from './support.ts';

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
    const { logs, traceEvents, spanCount } = await run(({ provider }) => {
      const session = sessionFor(provider, { logUserPrompts: true });
      inRootSpan(provider, () =>
        session.userPrompt([
          { type: 'text', text: 'super secret prompt' },
          { type: 'image', imageUrl: 'https://example.com/image.png' },
          { type: 'local_image', path: '/tmp/image.png' },
        ]),
      );
    });
    const log = only(logs, 'codex.user_prompt');
    assert.equal(log.attrs['prompt'], 'super secret prompt');
    assert.equal(log.attrs['prompt_length'], '19');
    assert.equal(log.attrs['user.email'], 'engineer@example.com');
    assert.equal(log.attrs['user.account_id'], 'account-id');

    assert.equal(spanCount, 1);
    assert.equal(traceEvents.length, 1);
    const ev = traceEvents[0]!;
    assert.equal(ev.name, 'codex.user_prompt');
    assert.equal(ev.attrs['prompt_length'], '19');
    assert.equal(ev.attrs['text_input_count'], 1n);
    assert.equal(ev.attrs['image_input_count'], 1n);
    assert.equal(ev.attrs['local_image_input_count'], 1n);
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
    const { logs, traceEvents } = await run(({ provider }) => {
      const session = sessionFor(provider);
      inRootSpan(provider, () =>
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
    });
    const log = only(logs, 'codex.tool_result');
    assert.equal(log.attrs['arguments'], '{"cmd":"ls -la"}');
    assert.equal(log.attrs['output'], 'first line\nsecond line!!!');
    assert.equal(log.attrs['mcp_server'], 'internal-mcp');
    assert.equal(log.attrs['mcp_server_origin'], 'stdio');
    assert.equal(log.attrs['duration_ms'], '42');
    assert.equal(log.attrs['success'], 'true');

    const ev = only(traceEvents, 'codex.tool_result');
    assert.equal(ev.attrs['arguments_length'], 16n);
    assert.equal(ev.attrs['output_length'], 25n);
    assert.equal(ev.attrs['output_line_count'], 2n);
    assert.equal(ev.attrs['tool_origin'], 'mcp');
    assert.equal(ev.attrs['mcp_tool'], true);
    assert.equal(ev.attrs['duration_ms'], '42');
    assert.equal(ev.attrs['success'], 'true');
    assertHasNone(ev, ['arguments', 'output', 'mcp_server', 'mcp_server_origin', 'user.email', 'user.account_id']);
  });

  it('routes auth recovery to both sides with the same auth fields', async () => {
    const { logs, traceEvents } = await run(({ provider }) => {
      const session = sessionFor(provider);
      inRootSpan(provider, () =>
        session.recordAuthRecovery({
          mode: 'managed',
          step: 'reload',
          outcome: 'recovery_succeeded',
          requestId: 'req-401',
          cfRay: 'ray-401',
          authError: 'missing_authorization_header',
          authErrorCode: 'token_expired',
          recoveryReason: 'unauthorized',
          authStateChanged: true,
        }),
      );
    });
    for (const e of [only(logs, 'codex.auth_recovery'), only(traceEvents, 'codex.auth_recovery')]) {
      assert.equal(e.attrs['auth.mode'], 'managed');
      assert.equal(e.attrs['auth.step'], 'reload');
      assert.equal(e.attrs['auth.outcome'], 'recovery_succeeded');
      assert.equal(e.attrs['auth.request_id'], 'req-401');
      assert.equal(e.attrs['auth.cf_ray'], 'ray-401');
      assert.equal(e.attrs['auth.error'], 'missing_authorization_header');
      assert.equal(e.attrs['auth.error_code'], 'token_expired');
      assert.equal(e.attrs['auth.recovery_reason'], 'unauthorized');
      assert.equal(e.attrs['auth.state_changed'], true);
    }
  });

  it('routes api request auth observability to both sides', async () => {
    const { logs, traceEvents } = await run(({ provider }) => {
      const session = sessionFor(provider).withAuthEnv(AUTH_ENV);
      inRootSpan(provider, () => {
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
      });
    });
    const startsLog = only(logs, 'codex.conversation_starts');
    assert.equal(startsLog.attrs['auth.env_openai_api_key_present'], true);
    assert.equal(startsLog.attrs['auth.env_provider_key_name'], 'configured');
    assert.equal(startsLog.attrs['mcp_servers'], 'alpha, beta');
    assert.equal(startsLog.attrs['context_window'], 272000n);
    const startsTrace = only(traceEvents, 'codex.conversation_starts');
    assert.equal(startsTrace.attrs['auth.env_openai_api_key_present'], true);
    assert.equal(startsTrace.attrs['auth.env_provider_key_present'], true);
    assert.equal(startsTrace.attrs['mcp_server_count'], 2n);
    assertHasNone(startsTrace, ['mcp_servers', 'user.email', 'user.account_id']);

    for (const e of [only(logs, 'codex.api_request'), only(traceEvents, 'codex.api_request')]) {
      assert.equal(e.attrs['duration_ms'], '42');
      assert.equal(e.attrs['http.response.status_code'], 401n);
      assert.equal(e.attrs['error.message'], 'http 401');
      assert.equal(e.attrs['attempt'], 1n);
      assert.equal(e.attrs['auth.header_attached'], true);
      assert.equal(e.attrs['auth.header_name'], 'authorization');
      assert.equal(e.attrs['auth.retry_after_unauthorized'], true);
      assert.equal(e.attrs['auth.recovery_mode'], 'managed');
      assert.equal(e.attrs['auth.recovery_phase'], 'refresh_token');
      assert.equal(e.attrs['endpoint'], '/responses');
      assert.equal(e.attrs['auth.error'], 'missing_authorization_header');
      assert.equal(e.attrs['auth.env_codex_api_key_enabled'], true);
      assert.equal(e.attrs['auth.env_refresh_token_url_override_present'], true);
      assert.equal(e.attrs['auth.agent_id'], 'agent-123');
      assert.equal(e.attrs['auth.task_id'], 'task-456');
    }
  });

  it('routes websocket connect auth observability to both sides', async () => {
    const { logs, traceEvents } = await run(({ provider }) => {
      const session = sessionFor(provider).withAuthEnv(AUTH_ENV);
      inRootSpan(provider, () =>
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
      );
    });
    const log = only(logs, 'codex.websocket_connect');
    const ev = only(traceEvents, 'codex.websocket_connect');
    for (const e of [log, ev]) {
      assert.equal(e.attrs['auth.connection_reused'], false);
      assert.equal(e.attrs['auth.recovery_phase'], 'reload');
      assert.equal(e.attrs['auth.header_attached'], true);
      assert.equal(e.attrs['auth.header_name'], 'authorization');
      assert.equal(e.attrs['auth.request_id'], 'req-ws');
      assert.equal(e.attrs['auth.agent_id'], 'agent-123');
      assert.equal(e.attrs['http.response.status_code'], 101n);
      // 101 is not 2xx: the seed's rule is "no error and no status, or a 2xx status".
      assert.equal(e.attrs['success'], 'false');
      assert.equal(e.attrs['duration_ms'], '17');
    }
    assertHasNone(ev, ['user.email', 'user.account_id']);
  });

  it('routes websocket request transport observability to both sides', async () => {
    const { logs, traceEvents } = await run(({ provider }) => {
      const session = sessionFor(provider).withAuthEnv(AUTH_ENV);
      inRootSpan(provider, () => session.recordWebsocketRequest(23, 'stream error', true, AGENT));
    });
    for (const e of [only(logs, 'codex.websocket_request'), only(traceEvents, 'codex.websocket_request')]) {
      assert.equal(e.attrs['auth.connection_reused'], true);
      assert.equal(e.attrs['error.message'], 'stream error');
      assert.equal(e.attrs['success'], 'false');
      assert.equal(e.attrs['duration_ms'], '23');
      assert.equal(e.attrs['auth.env_openai_api_key_present'], true);
      assert.equal(e.attrs['auth.env_provider_key_name'], 'configured');
      assert.equal(e.attrs['auth.agent_id'], 'agent-123');
      assert.equal(e.attrs['auth.task_id'], 'task-456');
    }
  });
});

describe('prompt redaction', () => {
  it('logs "[REDACTED]" instead of the prompt unless logUserPrompts is set', async () => {
    const { logs, traceEvents } = await run(({ provider }) => {
      const session = sessionFor(provider, { logUserPrompts: false });
      inRootSpan(provider, () => session.userPrompt([{ type: 'text', text: 'super secret prompt' }]));
    });
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
