// otlp-lite/ai-sdk with the real AI SDK (`ai`) and its MockLanguageModelV4: a plain generation, a
// tool call with a follow-up step, a streamed response and a model error, asserted on the spans
// and gen_ai.client.* histograms otlp-lite exports (in-memory exporters behind the real pipeline).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { embedMany, generateText, isStepCount, registerTelemetry, streamText, tool, type Telemetry } from 'ai';
import { convertArrayToReadableStream, MockEmbeddingModelV4, MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';
import { OtelProvider } from '../../lib/facades/provider.ts';
import { InMemoryExporter, InMemorySpanExporter } from '../../lib/pipeline/export/in-memory.ts';
import { aiSdkTelemetry, OPERATION_DURATION_BUCKETS, TOKEN_USAGE_BUCKETS, type AiSdkTelemetryOptions } from '../../lib/bridges/ai-sdk/index.ts';
import type { HistogramMetricData, MetricData, SpanData } from '../../proto-json/model.ts';

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: output, text: output, reasoning: undefined },
});
const finish = (unified: string) => ({ unified, raw: unified }) as never;

function setup(options?: AiSdkTelemetryOptions) {
  const spans = new InMemorySpanExporter();
  const metrics = new InMemoryExporter<MetricData>();
  const provider = OtelProvider.from(
    { serviceName: 'ai-app', traceExporter: { kind: 'custom', exporter: spans }, metricsExporter: { kind: 'custom', exporter: metrics } },
    { env: {}, beforeExitFlush: false },
  )!;
  const telemetry: Telemetry = aiSdkTelemetry(provider, options);
  return {
    provider,
    telemetry,
    async finish(): Promise<{ spans: SpanData[]; metrics: MetricData[] }> {
      await provider.shutdown();
      return { spans: spans.getFinishedSpans(), metrics: metrics.getFinished() };
    },
  };
}

const byName = (spans: SpanData[], name: string): SpanData => {
  const s = spans.find((x) => x.name === name);
  assert.ok(s, `no span ${name} in ${spans.map((x) => x.name).join(', ')}`);
  return s;
};

function histogram(metrics: MetricData[], name: string): HistogramMetricData {
  const m = metrics.find((x) => x.name === name);
  assert.ok(m && m.type === 'histogram', `no histogram ${name}`);
  return m as HistogramMetricData;
}

describe('ai-sdk telemetry integration', () => {
  it('reports a plain generation as operation, step and chat spans with usage and both histograms', async () => {
    const t = setup();
    let activeInModel: string | undefined;
    const model = new MockLanguageModelV4({
      provider: 'openai.chat',
      modelId: 'gpt-test',
      doGenerate: async () => {
        // The provider request runs with the chat span active (HTTP instrumentations parent to it).
        activeInModel = t.provider.tracer.activeSpan()?.spanContext().spanId;
        return { content: [{ type: 'text', text: 'SECRET-COMPLETION' }], finishReason: finish('stop'), usage: usage(12, 7), warnings: [], response: { id: 'resp-1', modelId: 'gpt-test-2026', timestamp: new Date(0) } } as never;
      },
    });
    const r = await t.provider.tracer.startActiveSpan('app', async (app) => {
      const out = await generateText({ model, prompt: 'SECRET-PROMPT', telemetry: { integrations: [t.telemetry], functionId: 'summarize' } });
      app.end();
      return out;
    });
    assert.equal(r.text, 'SECRET-COMPLETION');
    const { spans, metrics } = await t.finish();
    const app = byName(spans, 'app');
    const op = byName(spans, 'invoke_agent summarize');
    const step = byName(spans, 'step 0');
    const chat = byName(spans, 'chat gpt-test');
    assert.equal(op.parentSpanId, app.spanId);
    assert.equal(step.parentSpanId, op.spanId);
    assert.equal(chat.parentSpanId, step.spanId);
    assert.equal(new Set([app.traceId, op.traceId, step.traceId, chat.traceId]).size, 1);
    assert.equal(chat.kind, 3);
    assert.equal(activeInModel, chat.spanId);
    assert.equal(op.scope.name, 'otlp-lite/ai-sdk');
    assert.deepEqual(
      {
        op: chat.attributes['gen_ai.operation.name'],
        provider: chat.attributes['gen_ai.provider.name'],
        req: chat.attributes['gen_ai.request.model'],
        res: chat.attributes['gen_ai.response.model'],
        id: chat.attributes['gen_ai.response.id'],
        in: chat.attributes['gen_ai.usage.input_tokens'],
        out: chat.attributes['gen_ai.usage.output_tokens'],
        fr: chat.attributes['gen_ai.response.finish_reasons'],
      },
      { op: 'chat', provider: 'openai', req: 'gpt-test', res: 'gpt-test-2026', id: 'resp-1', in: 12, out: 7, fr: ['stop'] },
    );
    assert.equal(op.attributes['gen_ai.operation.name'], 'invoke_agent');
    assert.equal(op.attributes['gen_ai.agent.name'], 'summarize');
    assert.equal(op.statusCode, 0);
    // Content is off by default, although the AI SDK's own recordInputs/recordOutputs default on.
    assert.doesNotMatch(JSON.stringify(spans), /SECRET-(PROMPT|COMPLETION)/);

    const tok = histogram(metrics, 'gen_ai.client.token.usage');
    assert.equal(tok.unit, '{token}');
    assert.deepEqual(tok.points[0]!.explicitBounds, TOKEN_USAGE_BUCKETS);
    const byType = Object.fromEntries(tok.points.map((p) => [p.attributes['gen_ai.token.type'], p]));
    assert.equal(byType['input']!.sum, 12);
    assert.equal(byType['output']!.sum, 7);
    assert.equal(byType['input']!.attributes['gen_ai.request.model'], 'gpt-test');
    assert.equal(byType['input']!.attributes['gen_ai.response.model'], 'gpt-test-2026');
    assert.equal(byType['input']!.attributes['gen_ai.provider.name'], 'openai');
    const dur = histogram(metrics, 'gen_ai.client.operation.duration');
    assert.equal(dur.unit, 's');
    assert.deepEqual(dur.points[0]!.explicitBounds, OPERATION_DURATION_BUCKETS);
    assert.deepEqual(dur.points.map((p) => p.attributes['gen_ai.operation.name']).sort(), ['chat', 'invoke_agent']);
    for (const p of dur.points) assert.equal(p.count, 1);
  });

  it('reports a tool call and the follow-up step; the tool runs with its span active', async () => {
    const t = setup({ recordInputs: true, recordOutputs: true });
    let n = 0;
    const model = new MockLanguageModelV4({
      provider: 'anthropic.messages',
      modelId: 'claude-test',
      doGenerate: async () =>
        (n++ === 0
          ? { content: [{ type: 'tool-call', toolCallId: 'call-1', toolName: 'weather', input: '{"city":"Paris"}' }], finishReason: finish('tool-calls'), usage: usage(20, 5), warnings: [] }
          : { content: [{ type: 'text', text: 'Sunny in Paris' }], finishReason: finish('stop'), usage: usage(30, 4), warnings: [] }) as never,
    });
    let activeInTool: string | undefined;
    const r = await generateText({
      model,
      prompt: 'Weather in Paris?',
      stopWhen: isStepCount(3),
      tools: {
        weather: tool({
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            activeInTool = t.provider.tracer.activeSpan()?.spanContext().spanId;
            return `sunny in ${city}`;
          },
        }),
      },
      telemetry: { integrations: [t.telemetry] },
    });
    assert.equal(r.text, 'Sunny in Paris');
    const { spans, metrics } = await t.finish();
    const op = byName(spans, 'invoke_agent ai.generateText');
    const step0 = byName(spans, 'step 0');
    const step1 = byName(spans, 'step 1');
    const chats = spans.filter((s) => s.name === 'chat claude-test');
    assert.equal(chats.length, 2);
    const toolSpan = byName(spans, 'execute_tool weather');
    assert.equal(toolSpan.parentSpanId, step0.spanId);
    assert.equal(activeInTool, toolSpan.spanId);
    assert.equal(step1.parentSpanId, op.spanId);
    assert.deepEqual(chats.map((c) => c.parentSpanId).sort(), [step0.spanId, step1.spanId].sort());
    assert.equal(toolSpan.attributes['gen_ai.operation.name'], 'execute_tool');
    assert.equal(toolSpan.attributes['gen_ai.tool.name'], 'weather');
    assert.equal(toolSpan.attributes['gen_ai.tool.call.id'], 'call-1');
    assert.equal(toolSpan.attributes['gen_ai.tool.call.arguments'], '{"city":"Paris"}');
    assert.equal(toolSpan.attributes['gen_ai.tool.call.result'], 'sunny in Paris');
    assert.deepEqual(step0.attributes['gen_ai.response.finish_reasons'], ['tool_call']);
    assert.deepEqual(op.attributes['gen_ai.response.finish_reasons'], ['stop']);
    assert.equal(op.attributes['gen_ai.usage.input_tokens'], 50);
    assert.equal(chats[0]!.attributes['gen_ai.provider.name'], 'anthropic');
    assert.match(String(op.attributes['gen_ai.input.messages']), /Weather in Paris/);
    assert.match(String(op.attributes['gen_ai.output.messages']), /Sunny in Paris/);
    const tok = histogram(metrics, 'gen_ai.client.token.usage');
    const input = tok.points.find((p) => p.attributes['gen_ai.token.type'] === 'input')!;
    assert.equal(input.count, 2);
    assert.equal(input.sum, 50);
  });

  it('reports a streamed response registered globally with registerTelemetry', async () => {
    const t = setup();
    const model = new MockLanguageModelV4({
      provider: 'mock-provider',
      modelId: 'stream-model',
      doStream: async () =>
        ({
          stream: convertArrayToReadableStream([
            { type: 'stream-start', warnings: [] },
            { type: 'response-metadata', id: 's-1', modelId: 'stream-model-v2', timestamp: new Date(0) },
            { type: 'text-start', id: '1' },
            { type: 'text-delta', id: '1', delta: 'Hel' },
            { type: 'text-delta', id: '1', delta: 'lo' },
            { type: 'text-end', id: '1' },
            { type: 'finish', finishReason: finish('length'), usage: usage(3, 2) },
          ]),
        }) as never,
    });
    registerTelemetry(t.telemetry);
    try {
      const s = streamText({ model, prompt: 'hi' });
      assert.equal(await s.text, 'Hello');
      await s.finishReason;
    } finally {
      globalThis.AI_SDK_TELEMETRY_INTEGRATIONS = undefined;
    }
    const { spans } = await t.finish();
    const op = byName(spans, 'invoke_agent ai.streamText');
    const chat = byName(spans, 'chat stream-model');
    assert.equal(chat.attributes['gen_ai.response.model'], 'stream-model-v2');
    assert.equal(chat.attributes['gen_ai.provider.name'], 'mock-provider');
    assert.deepEqual(chat.attributes['gen_ai.response.finish_reasons'], ['length']);
    assert.equal(chat.attributes['gen_ai.usage.output_tokens'], 2);
    assert.equal(op.traceId, chat.traceId);
  });

  it('reports a model error as error status and error.type on the chat, step and operation spans', async () => {
    const t = setup();
    class ModelDown extends Error {
      override name = 'AI_APICallError';
    }
    const model = new MockLanguageModelV4({
      provider: 'openai.chat',
      modelId: 'gpt-broken',
      doGenerate: async () => {
        throw new ModelDown('upstream 500');
      },
    });
    await assert.rejects(generateText({ model, prompt: 'x', maxRetries: 0, telemetry: { integrations: [t.telemetry] } }), /upstream 500/);
    const { spans, metrics } = await t.finish();
    for (const name of ['chat gpt-broken', 'step 0', 'invoke_agent ai.generateText']) {
      const s = byName(spans, name);
      assert.equal(s.statusCode, 2, name);
      assert.equal(s.attributes['error.type'], 'AI_APICallError', name);
      assert.ok(s.endSec > 0, name);
    }
    const dur = histogram(metrics, 'gen_ai.client.operation.duration');
    assert.ok(dur.points.every((p) => p.attributes['error.type'] === 'AI_APICallError'));
    assert.equal(metrics.find((m) => m.name === 'gen_ai.client.token.usage'), undefined);
  });

  it('reports embedMany as an embeddings operation with one client span and token count per provider call', async () => {
    const t = setup();
    const model = new MockEmbeddingModelV4({
      provider: 'openai.embedding',
      modelId: 'embed-small',
      maxEmbeddingsPerCall: 2,
      doEmbed: async ({ values }) => ({ embeddings: values.map(() => [0.1, 0.2]), usage: { tokens: values.length * 3 }, warnings: [] }) as never,
    });
    const r = await embedMany({ model, values: ['a', 'b', 'c'], telemetry: { integrations: [t.telemetry] } });
    assert.equal(r.embeddings.length, 3);
    const { spans, metrics } = await t.finish();
    const named = spans.filter((s) => s.name === 'embeddings embed-small');
    assert.equal(named.length, 3);
    const op = named.find((s) => s.kind === 1)!;
    const calls = named.filter((s) => s.kind === 3);
    assert.equal(calls.length, 2);
    for (const c of calls) assert.equal(c.parentSpanId, op.spanId);
    assert.equal(op.attributes['gen_ai.operation.name'], 'embeddings');
    assert.equal(op.attributes['gen_ai.usage.input_tokens'], 9);
    assert.deepEqual(calls.map((c) => c.attributes['gen_ai.usage.input_tokens']).sort(), [3, 6]);
    const tok = histogram(metrics, 'gen_ai.client.token.usage');
    assert.equal(tok.points[0]!.sum, 9);
    assert.equal(tok.points[0]!.attributes['gen_ai.operation.name'], 'embeddings');
  });
});
