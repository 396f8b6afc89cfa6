// Every SessionTelemetry event method through a real provider and loopback receiver: the seed's
// event names, attribute types, log/trace split, and the rule that no span event carries a
// log-only field; plus the async helpers, recordResponses and the builders.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SessionTelemetry } from '../../../lib/facades/session-telemetry.ts';
import { setDiagnosticHandler } from '../../../lib/platform/diag.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { receivedSpans } from '../../helpers/receiver.ts';
import { inRootSpan, recordingTarget, seedSessionOptions, sessionFor, startLoopback, type ReceivedEvent } from './support.ts';

failOnUnhandledRejection();
afterEach(() => setDiagnosticHandler(undefined));

const SECRET_PROMPT = 'SECRET-PROMPT-TEXT';
const SECRET_ARGS = '{"SECRET":"ARGS"}';
const SECRET_OUTPUT = 'SECRET OUTPUT\nline two';

/** Fields only log records may carry. */
const LOG_ONLY = ['prompt', 'arguments', 'output', 'user.email', 'user.account_id', 'mcp_servers', 'mcp_server', 'mcp_server_origin'];

/** Calls every event method once (inside the active span the caller set up). */
function callEveryEventMethod(s: SessionTelemetry): Promise<unknown> {
  s.conversationStarts({
    providerName: 'openai',
    reasoningSummary: 'auto',
    approvalPolicy: 'on-request',
    sandboxPolicy: 'workspace-write',
    mcpServers: ['internal-mcp'],
  });
  s.recordApiRequest({ attempt: 1, status: 200, durationMs: 12, endpoint: '/responses' });
  s.recordWebsocketConnect({ durationMs: 3, endpoint: '/responses' });
  s.recordWebsocketRequest(4, undefined, true);
  s.recordAuthRecovery({ mode: 'managed', step: 'reload', outcome: 'ok' });
  s.recordWebsocketEvent({ kind: 'text', text: '{"type":"response.created"}' }, 1);
  s.logSseEvent({ kind: 'event', event: 'response.created', data: '{}' }, 2);
  s.logSseEvent({ kind: 'error', error: new Error('stream broke') }, 2);
  s.sseEventFailed('response.failed', 2, 'failed');
  s.seeEventCompletedFailed('completed failed');
  s.sseEventCompletedFailed(new Error('completed failed again'));
  s.sseEventCompleted({ inputTokens: 10, cachedInputTokens: 2, outputTokens: 5, reasoningOutputTokens: 1, totalTokens: 15 }, 90);
  s.userPrompt([{ type: 'text', text: SECRET_PROMPT }]);
  s.toolDecision('shell', 'call-1', 'approved', 'User');
  s.sandboxOutcome('shell', 'call-1', 'success', 10.9, 20.2);
  s.toolResult({
    toolName: 'shell',
    callId: 'call-1',
    arguments: SECRET_ARGS,
    durationMs: 5,
    success: true,
    output: SECRET_OUTPUT,
    extraTraceFields: { mcp_server: 'internal-mcp', mcp_server_origin: 'stdio' },
  });
  s.logToolFailed('shell', 'SECRET OUTPUT failure');
  s.recordStartupPhase('startup_prewarm_total', 8, 'ok');
  s.recordTurnTtft(9);
  s.recordTurnCost('turn-1', '0.0123', false, 'fast', 'high');
  s.recordPluginInstallElicitationSent('plugin', 'p-1', 'Plugin');
  s.recordPluginInstallSuggestion({ toolType: 'plugin', toolId: 'p-1', toolName: 'Plugin', responseAction: 'accept', userConfirmed: true, completed: true });
  const req = s.logRequest(2, async () => ({ status: 201 }));
  const tool = s.logToolResult('shell', 'call-2', SECRET_ARGS, async () => ({ output: SECRET_OUTPUT, success: true }));
  return Promise.all([req, tool]);
}

describe('every event method through a provider and loopback receiver', () => {
  it('uses the seed event names and never puts a log-only field on a span event', async () => {
    const lb = await startLoopback();
    try {
      const s = sessionFor(lb.provider, { logUserPrompts: true });
      let pending: Promise<unknown> | undefined;
      await lb.provider.tracer.startActiveSpan('root', async (span) => {
        pending = callEveryEventMethod(s);
        await pending;
        span.end();
      });
      const { logs, spans } = await lb.collect();
      const events = spans.flatMap((x) => x.events);

      assert.deepEqual([...new Set(logs.map((l) => l.name))].sort(), [
        'codex.api_request',
        'codex.auth_recovery',
        'codex.conversation_starts',
        'codex.plugin_install_elicitation_sent',
        'codex.plugin_install_suggestion',
        'codex.sandbox_outcome',
        'codex.sse_event',
        'codex.startup_phase',
        'codex.tool_decision',
        'codex.tool_result',
        'codex.turn_cost',
        'codex.turn_ttft',
        'codex.user_prompt',
        'codex.websocket_connect',
        'codex.websocket_request',
      ]);
      // Log-only events: tool_decision, turn_cost, and the successful sse_event.
      const traceNames = events.map((e) => e.name);
      assert.equal(traceNames.includes('codex.tool_decision'), false);
      assert.equal(traceNames.includes('codex.turn_cost'), false);
      assert.equal(events.filter((e) => e.name === 'codex.sse_event').length, logs.filter((l) => l.name === 'codex.sse_event').length - 1);
      assert.equal(events.filter((e) => e.name === 'codex.api_request').length, 2);
      assert.equal(events.filter((e) => e.name === 'codex.tool_result').length, 3);

      for (const e of events) {
        for (const k of LOG_ONLY) assert.equal(k in e.attrs, false, `${e.name} span event carries ${k}`);
        for (const v of Object.values(e.attrs)) {
          assert.equal(String(v).includes('SECRET-PROMPT'), false, `${e.name} leaks the prompt`);
          assert.equal(String(v).includes('"SECRET"'), false, `${e.name} leaks tool arguments`);
          assert.equal(String(v).includes('SECRET OUTPUT\n'), false, `${e.name} leaks tool output`);
        }
        assert.equal(e.attrs['event.name'], e.name);
        assert.match(String(e.attrs['event.timestamp']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
      for (const l of logs) {
        assert.equal(l.attrs['user.email'], 'engineer@example.com');
        assert.equal(l.raw.severityText, 'INFO');
      }
      // The log side does carry the content.
      assert.ok(logs.some((l) => l.attrs['prompt'] === SECRET_PROMPT));
      assert.ok(logs.some((l) => l.attrs['arguments'] === SECRET_ARGS && l.attrs['output'] === SECRET_OUTPUT));
    } finally {
      await lb.close();
    }
  });

  it('keeps the seed attribute types on the wire', async () => {
    const lb = await startLoopback();
    try {
      const s = sessionFor(lb.provider).withInferenceRequest('priority', 'high');
      inRootSpan(lb.provider, () => {
        s.sseEventCompleted({ inputTokens: 10, cachedInputTokens: 2, cacheWriteInputTokens: 3, outputTokens: 5, reasoningOutputTokens: 1, totalTokens: 15 }, 90);
        s.sandboxOutcome('shell', 'call-1', 'denied', 10.9, 20.2);
        s.logToolFailed('apply_patch', 'unknown tool\ntry again');
        s.recordTurnCost('turn-1', '0.0123', true);
        s.toolDecision('shell', 'call-1', 'denied');
        s.sseEventFailed(undefined, 7, new Error('boom'));
      });
      const { logs, spans } = await lb.collect();
      const events = spans.flatMap((x) => x.events);
      const pick = (list: ReceivedEvent[], name: string, pred: (e: ReceivedEvent) => boolean = () => true): Record<string, unknown> => {
        const e = list.find((x) => x.name === name && pred(x));
        assert.ok(e, `missing ${name}`);
        const { ['event.timestamp']: _t, ['conversation.id']: _c, ['app.version']: _a, auth_mode: _m, originator: _o, ['terminal.type']: _tt, model: _mo, slug: _s, ['user.email']: _e, ['user.account_id']: _i, ...own } = e.attrs;
        return own;
      };
      const completed = (e: ReceivedEvent): boolean => e.attrs['event.kind'] === 'response.completed';
      const expectedCompleted = {
        'event.name': 'codex.sse_event',
        'event.kind': 'response.completed',
        input_token_count: '10',
        output_token_count: '5',
        cached_token_count: 2n,
        cache_write_token_count: 3n,
        reasoning_token_count: 1n,
        tool_token_count: '15',
        ttft_ms: 90n,
        service_tier: 'priority',
        model_reasoning_effort: 'high',
      };
      assert.deepEqual(pick(logs, 'codex.sse_event', completed), expectedCompleted);
      assert.deepEqual(pick(events, 'codex.sse_event', completed), expectedCompleted);

      const sandbox = { 'event.name': 'codex.sandbox_outcome', tool_name: 'shell', call_id: 'call-1', outcome: 'denied', initial_duration_ms: 10n, escalated_duration_ms: 20n };
      assert.deepEqual(pick(logs, 'codex.sandbox_outcome'), sandbox);
      assert.deepEqual(pick(events, 'codex.sandbox_outcome'), sandbox);

      assert.deepEqual(pick(logs, 'codex.tool_result'), {
        'event.name': 'codex.tool_result',
        tool_name: 'apply_patch',
        duration_ms: '0',
        success: 'false',
        output: 'unknown tool\ntry again',
        mcp_server: '',
        mcp_server_origin: '',
      });
      assert.deepEqual(pick(events, 'codex.tool_result'), {
        'event.name': 'codex.tool_result',
        tool_name: 'apply_patch',
        duration_ms: '0',
        success: 'false',
        output_length: 22n,
        output_line_count: 2n,
        tool_origin: 'builtin',
        'error.message': 'unknown tool\ntry again',
      });
      assert.deepEqual(pick(logs, 'codex.turn_cost'), {
        'event.name': 'codex.turn_cost',
        'turn.id': 'turn-1',
        'usage.estimated_usd': '0.0123',
        'turn.interrupted': true,
      });
      assert.deepEqual(pick(logs, 'codex.tool_decision'), { 'event.name': 'codex.tool_decision', tool_name: 'shell', call_id: 'call-1', decision: 'denied' });
      const failedLog = pick(logs, 'codex.sse_event', (e) => e.attrs['error.message'] === 'boom');
      assert.deepEqual(failedLog, { 'event.name': 'codex.sse_event', duration_ms: '7', 'error.message': 'boom' });
      const failedTrace = pick(events, 'codex.sse_event', (e) => e.attrs['error.message'] === 'boom');
      assert.deepEqual(failedTrace, { 'event.name': 'codex.sse_event', 'event.kind': 'unknown', duration_ms: '7', 'error.message': 'boom' });
    } finally {
      await lb.close();
    }
  });
});

describe('async helpers', () => {
  it('logRequest returns the result and records its status; a rejection is recorded and rethrown', async () => {
    const rec = recordingTarget();
    const s = new SessionTelemetry(seedSessionOptions()).withEventTarget(rec.target);
    const ok = await s.logRequest(1, async () => ({ status: 204, body: 'x' }));
    assert.deepEqual(ok, { status: 204, body: 'x' });
    const failure = Object.assign(new Error('unauthorized'), { status: 401 });
    await assert.rejects(
      s.logRequest(2, async () => {
        throw failure;
      }),
      (e) => e === failure,
    );
    await assert.rejects(
      s.logRequest(3, () => {
        throw new Error('sync throw');
      }),
      /sync throw/,
    );
    const logs = rec.logs.filter((l) => l.name === 'codex.api_request').map((l) => l.attrs);
    assert.equal(logs.length, 3);
    assert.equal(logs[0]!['http.response.status_code'], 204);
    assert.equal(logs[0]!['error.message'], undefined);
    assert.equal(logs[0]!['endpoint'], 'unknown');
    assert.equal(logs[0]!['auth.header_attached'], false);
    assert.equal(logs[1]!['http.response.status_code'], 401);
    assert.equal(logs[1]!['error.message'], 'unauthorized');
    assert.equal(logs[1]!['attempt'], 2);
    assert.equal('http.response.status_code' in logs[2]!, false);
    assert.equal(typeof logs[0]!['duration_ms'], 'string');
  });

  it('logToolResult records the output and success; a rejection is recorded as a failure and rethrown', async () => {
    const rec = recordingTarget();
    const s = new SessionTelemetry(seedSessionOptions()).withEventTarget(rec.target);
    const r = await s.logToolResult('shell', 'c1', '{}', async () => ({ output: 'done', success: true }), { extraTraceFields: [['mcp_server', 'm']] });
    assert.deepEqual(r, { output: 'done', success: true });
    await assert.rejects(
      s.logToolResultWithTags('shell', 'c2', '{}', [['sandbox', 'none']], [], async () => {
        throw new Error('tool crashed');
      }),
      /tool crashed/,
    );
    const logs = rec.logs.filter((l) => l.name === 'codex.tool_result').map((l) => l.attrs);
    assert.equal(logs[0]!['output'], 'done');
    assert.equal(logs[0]!['success'], 'true');
    assert.equal(logs[0]!['mcp_server'], 'm');
    assert.equal(logs[1]!['output'], 'tool crashed');
    assert.equal(logs[1]!['success'], 'false');
    assert.equal(rec.traces.filter((t) => t.name === 'codex.tool_result')[0]!.attrs['tool_origin'], 'mcp');
  });
});

describe('recordResponses', () => {
  it('names the span after the response event and records its fields', async () => {
    const lb = await startLoopback();
    try {
      const s = sessionFor(lb.provider);
      const a = lb.provider.tracer.startSpan('handle_responses');
      s.recordResponses(a, { type: 'output_item_done', item: { type: 'function_call', name: 'shell' } });
      a.end();
      const b = lb.provider.tracer.startSpan('handle_responses');
      s.recordResponses(b, { type: 'completed', tokenUsage: { inputTokens: 10, cachedInputTokens: 4, outputTokens: 3, reasoningOutputTokens: 2, totalTokens: 13 } });
      b.end();
      const c = lb.provider.tracer.startSpan('handle_responses');
      s.recordResponses(c, { type: 'output_item_added', item: { type: 'message', role: 'assistant' } });
      c.end();
      const d = lb.provider.tracer.startSpan('handle_responses');
      s.recordResponses(d, { type: 'output_item_added', item: { type: 'brand_new_item' } });
      s.recordResponses(d, { type: 'text_delta' });
      d.end();
      const { spans } = await lb.collect();
      const raw = receivedSpans(lb.receiver.requests);
      const byName = new Map(raw.map((x) => [x.name, Object.fromEntries((x.attributes ?? []).map((kv) => [kv.key, kv.value]))]));
      assert.deepEqual(
        spans.map((x) => x.name),
        ['function_call', 'completed', 'message_from_assistant', 'text_delta'],
      );
      assert.deepEqual(byName.get('function_call'), { from: { stringValue: 'output_item_done' }, tool_name: { stringValue: 'shell' } });
      assert.deepEqual(byName.get('completed'), {
        'gen_ai.usage.input_tokens': { intValue: '10' },
        'gen_ai.usage.cache_read.input_tokens': { intValue: '4' },
        'gen_ai.usage.cache_write.input_tokens': { intValue: '0' },
        'gen_ai.usage.output_tokens': { intValue: '3' },
        'codex.usage.reasoning_output_tokens': { intValue: '2' },
        'codex.usage.total_tokens': { intValue: '13' },
      });
      assert.deepEqual(byName.get('text_delta'), { from: { stringValue: 'output_item_added' } });
    } finally {
      await lb.close();
    }
  });
});

describe('construction and builders', () => {
  it('sanitizes the originator and defaults app.version', () => {
    const s = new SessionTelemetry({ ...seedSessionOptions(), originator: 'my originator!', appVersion: undefined });
    assert.equal(s.metadata.originator, 'my_originator');
    assert.equal(s.metadata.appVersion, 'unknown');
  });

  it('returns new instances and leaves the original unchanged', () => {
    const rec = recordingTarget();
    const base = new SessionTelemetry(seedSessionOptions()).withEventTarget(rec.target);
    const other = base.withModel('gpt-6', 'gpt-6-slug').withAuthEnv({
      openaiApiKeyEnvPresent: true,
      codexApiKeyEnvPresent: true,
      codexApiKeyEnvEnabled: false,
      refreshTokenUrlOverridePresent: false,
    });
    assert.notEqual(other, base);
    assert.ok(other instanceof SessionTelemetry);
    assert.equal(base.metadata.model, 'gpt-5.1');
    assert.equal(other.metadata.model, 'gpt-6');
    assert.equal(other.metadata.slug, 'gpt-6-slug');
    other.recordWebsocketRequest(1, undefined, false);
    base.recordWebsocketRequest(1, undefined, false);
    assert.equal(rec.logs[0]!.attrs['model'], 'gpt-6');
    assert.equal(rec.logs[0]!.attrs['auth.env_codex_api_key_present'], true);
    assert.equal(rec.logs[1]!.attrs['model'], 'gpt-5.1');
    assert.equal(rec.logs[1]!.attrs['auth.env_codex_api_key_present'], false);
    assert.ok(Object.isFrozen(base.metadata));
  });

  it('omits absent optional metadata (auth_mode, account id, email)', () => {
    const rec = recordingTarget();
    const s = new SessionTelemetry({ ...seedSessionOptions(), authMode: undefined, accountId: undefined, accountEmail: undefined }).withEventTarget(rec.target);
    s.recordTurnTtft(1);
    for (const k of ['auth_mode', 'user.account_id', 'user.email']) assert.equal(k in rec.logs[0]!.attrs, false);
  });

  it('never throws into the host when the event target throws; reports once', () => {
    const messages: string[] = [];
    setDiagnosticHandler((_l, m) => messages.push(m));
    const s = new SessionTelemetry(seedSessionOptions()).withEventTarget({
      log() {
        throw new Error('target down');
      },
      trace: () => false,
    });
    assert.doesNotThrow(() => {
      s.recordTurnTtft(1);
      s.recordTurnTtft(2);
    });
    assert.deepEqual(messages, ['session telemetry event codex.turn_ttft failed: target down']);
  });
});
