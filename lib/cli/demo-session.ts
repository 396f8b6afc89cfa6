// The demo's scripted AI-coding-CLI session, written only against the public API: startup phases,
// conversation start, a redacted prompt, a turn with three API requests (one retried), an SSE
// stream, two tool calls with decisions, results and a sandbox outcome, TTFT and cost, plus
// MetricsClient counters, durations and a timer. The "work" is short sleeps; the time spent
// inside telemetry calls is measured separately so the report can tell the two apart.
import { randomUUID } from 'node:crypto';
import { SessionTelemetry, VERSION, type OtelProvider } from '../index.ts';

/** What running the session measured. */
export interface SessionMeasures {
  /** Telemetry API calls made (events, metrics, span starts/ends). */
  readonly calls: number;
  /** Wall time inside those calls, ms. */
  readonly recordingMs: number;
  /** CPU time inside those calls, µs. */
  readonly recordingCpuMicros: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the scripted session against `provider` (which must export all three signals). */
export async function runSession(provider: OtelProvider): Promise<SessionMeasures> {
  let calls = 0;
  let recordingMs = 0;
  let recordingCpuMicros = 0;
  /** Times one telemetry call (wall and CPU): the host-side cost the report shows. */
  const t = <R>(fn: () => R): R => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    try {
      return fn();
    } finally {
      recordingMs += performance.now() - start;
      const d = process.cpuUsage(cpu);
      recordingCpuMicros += d.user + d.system;
      calls++;
    }
  };

  const { tracer } = provider;
  const metrics = provider.metrics;
  const session = t(
    () =>
      new SessionTelemetry({
        conversationId: randomUUID(),
        model: 'gpt-5-codex',
        slug: 'gpt-5-codex',
        accountId: 'acct_demo',
        authMode: 'ApiKey',
        originator: 'otlp_lite_demo',
        logUserPrompts: false,
        terminalType: 'demo-terminal',
        sessionSource: 'cli',
        appVersion: VERSION,
      }),
  );

  const root = t(() => tracer.startSpan('codex.session', { attributes: { 'session.source': 'cli' } }));
  await tracer.withSpan(root, async () => {
    for (const [phase, ms] of [['load_config', 4], ['auth', 11], ['mcp_servers', 23]] as const) {
      await sleep(2);
      t(() => session.recordStartupPhase(phase, ms, 'ok'));
    }
    t(() =>
      session.conversationStarts({
        providerName: 'openai',
        reasoningEffort: 'medium',
        reasoningSummary: 'auto',
        contextWindow: 272_000,
        autoCompactTokenLimit: 244_800,
        approvalPolicy: 'on-request',
        sandboxPolicy: 'workspace-write',
        mcpServers: ['github', 'filesystem'],
      }),
    );
    // Not opted in (logUserPrompts: false): the log says "[REDACTED]", the trace only the length.
    t(() => session.userPrompt([{ type: 'text', text: 'Fix the failing test in spec/parser.spec.ts' }]));

    const turn = t(() => tracer.startSpan('codex.turn', { attributes: { 'turn.id': 'turn-1' } }));
    await tracer.withSpan(turn, async () => {
      const turnTimer = metrics === undefined ? undefined : t(() => metrics.startTimer('otlp_lite.demo.turn.duration_ms', { turn: '1' }));

      // API request #1 is overloaded (503) and retried; the retry succeeds.
      await apiRequest(1, 503, 'server overloaded', 14);
      await apiRequest(2, 200, undefined, 9);

      // The streamed response.
      const ttftMs = 31;
      t(() => session.logSseEvent({ kind: 'event', event: 'response.created', data: '{"type":"response.created"}' }, 3));
      t(() => session.logSseEvent({ kind: 'event', event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","delta":"Running"}' }, 1));
      t(() =>
        session.logSseEvent(
          { kind: 'event', event: 'response.output_item.done', data: '{"type":"function_call","name":"shell","call_id":"call_1"}' },
          2,
        ),
      );
      t(() =>
        session.sseEventCompleted(
          { inputTokens: 5120, cachedInputTokens: 4096, outputTokens: 310, reasoningOutputTokens: 128, totalTokens: 5430 },
          ttftMs,
        ),
      );
      t(() => session.recordTurnTtft(ttftMs));

      // Tool call 1: a shell command, approved by the user, run in the sandbox.
      await toolCall('shell', 'call_1', 'approved', 'User', '{"command":["npm","test"]}', 'Tests: 41 passed, 1 failed\nparser.spec.ts: expected 3, got 2', 12);
      t(() => session.sandboxOutcome('shell', 'call_1', 'success', 12));

      // API request #3 (first attempt succeeds) and tool call 2: a patch, allowed by config.
      await apiRequest(1, 200, undefined, 8);
      await toolCall('apply_patch', 'call_2', 'approved_for_session', 'Config', '*** Begin Patch\n*** Update File: src/parser.ts\n*** End Patch', 'Success. Updated 1 file.', 5);

      t(() => session.recordTurnCost('turn-1', '0.0214', false, 'standard', 'medium'));
      if (metrics !== undefined) {
        t(() => metrics.counter('otlp_lite.demo.files_changed', 1, { tool: 'apply_patch' }));
        t(() => metrics.histogram('otlp_lite.demo.patch.lines', 12, { tool: 'apply_patch' }));
        t(() => metrics.recordDuration('otlp_lite.demo.verify.duration_ms', 42, { step: 'npm_test' }));
      }
      if (turnTimer !== undefined) t(() => turnTimer.record({ outcome: 'completed' }));
    });
    t(() => turn.end());
  });
  t(() => root.end());
  return { calls, recordingMs, recordingCpuMicros };

  async function apiRequest(attempt: number, status: number, error: string | undefined, ms: number): Promise<void> {
    const span = t(() => tracer.startSpan('api_request', { kind: 'client', attributes: { attempt, 'http.request.method': 'POST' } }));
    await sleep(ms);
    t(() => {
      session.recordApiRequest({ attempt, status, error, durationMs: ms, endpoint: '/v1/responses', authHeaderAttached: true, authHeaderName: 'authorization' });
      span.setAttribute('http.response.status_code', status);
      if (error !== undefined) span.setStatus({ code: 'error', message: error });
      span.end();
    });
  }

  async function toolCall(
    name: string,
    callId: string,
    decision: 'approved' | 'approved_for_session',
    source: 'User' | 'Config',
    args: string,
    output: string,
    ms: number,
  ): Promise<void> {
    t(() => session.toolDecision(name, callId, decision, source));
    const span = t(() => tracer.startSpan(`tool.${name}`, { attributes: { 'tool.call_id': callId } }));
    await tracer.withSpan(span, () => sleep(ms));
    t(() => {
      session.toolResult({ toolName: name, callId, arguments: args, durationMs: ms, success: true, output, extraTags: { sandbox: 'seatbelt' } });
      span.end();
    });
  }
}
