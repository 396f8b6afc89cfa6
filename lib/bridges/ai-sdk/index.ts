// otlp-lite/ai-sdk: an AI SDK (v7) telemetry integration that reports generateText/streamText
// as OpenTelemetry GenAI semantic-convention spans and metrics through an OtelProvider, without
// the SDK. Spans: the operation (`invoke_agent …`), each step (`step N`), each model call
// (`chat <model>`, kind client) and each tool execution (`execute_tool <name>`), parented through
// the AI SDK's callId (embed/embedMany: `embeddings <model>` per operation and per provider call);
// the model call and tool execution are made active while they run, so
// instrumented HTTP requests and nested generations become their children. Metrics:
// gen_ai.client.token.usage and gen_ai.client.operation.duration with the convention's units and
// buckets. Prompt and completion content only when the options ask (off by default). The default
// entry never loads this module; nothing is imported from `ai`.
import type { Attributes, AttributeValue } from '../../../proto-json/model.ts';
import type { BridgePort } from '../../facades/bridge-port.ts';
import { BRIDGE_PORT } from '../../platform/bridge-key.ts';
import type { OtelProvider } from '../../facades/provider.ts';
import type { Span } from '../../signals/trace/span.ts';
import type { Tracer } from '../../signals/trace/tracer.ts';
import { VERSION } from '../../version.ts';
import { ApiMeter, ApiMetricsProducer } from '../otel-api/meter.ts';
import { errorMessage, errorType, finishReason, json, markError, OPERATION_DURATION_BUCKETS, operationName, providerName, setRequestParameters, setUsage, TOKEN_USAGE_BUCKETS } from './genai.ts';
import type { AiSdkTelemetry, AiSdkTelemetryEvent, AiSdkTelemetryOptions } from './types.ts';

export { OPERATION_DURATION_BUCKETS, providerName, TOKEN_USAGE_BUCKETS } from './genai.ts';
export type { AiSdkTelemetry, AiSdkTelemetryEvent, AiSdkTelemetryOptions } from './types.ts';

/** Open calls kept at most (the oldest is ended beyond). */
const MAX_OPEN_CALLS = 1000;

function nowSec(): number {
  return performance.now() / 1000;
}

/** A span with its monotonic start (for the duration histogram). */
interface Timed {
  readonly span: Span;
  readonly started: number;
  readonly attrs: Attributes;
}

interface CallState {
  readonly op: Timed;
  readonly provider: string;
  readonly requestModel: string;
  readonly inputs: boolean;
  readonly outputs: boolean;
  step: Span | undefined;
  model: Timed | undefined;
  readonly tools: Map<string, Span>;
  readonly embeds: Map<string, Timed>;
}

/**
 * An AI SDK 7 telemetry integration reporting through `provider` (pass it to `registerTelemetry`
 * from `ai`, or per call as `telemetry: { integrations: [...] }`). Never throws into the AI SDK.
 */
export function aiSdkTelemetry(provider: OtelProvider, options: AiSdkTelemetryOptions = {}): AiSdkTelemetry {
  const port = (provider as unknown as { [BRIDGE_PORT](): BridgePort })[BRIDGE_PORT]();
  const scope = Object.freeze({ name: 'otlp-lite/ai-sdk', version: VERSION });
  const tracer: Tracer = provider.tracer.forScope(scope);
  const meter = options.metrics === false ? undefined : port.meter();
  let tokens: { record(v: number, a?: Attributes): void } | undefined;
  let duration: { record(v: number, a?: Attributes): void } | undefined;
  if (meter !== undefined) {
    const producer = new ApiMetricsProducer(meter, port.diagOnce);
    meter.producers.push(producer);
    const m = new ApiMeter(producer, scope);
    tokens = m.createHistogram('gen_ai.client.token.usage', {
      unit: '{token}',
      description: 'Measures number of input and output tokens used',
      valueType: 0,
      advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
    }) as typeof tokens;
    duration = m.createHistogram('gen_ai.client.operation.duration', {
      unit: 's',
      description: 'GenAI operation duration',
      advice: { explicitBucketBoundaries: [...OPERATION_DURATION_BUCKETS] },
    }) as typeof duration;
  }
  const wantInputs = options.recordInputs === true;
  const wantOutputs = options.recordOutputs === true;
  const calls = new Map<string, CallState>();

  const safe =
    (name: string, fn: (e: AiSdkTelemetryEvent) => void) =>
    (e: unknown): void => {
      try {
        if (e !== undefined && e !== null && typeof e === 'object') fn(e as AiSdkTelemetryEvent);
      } catch (err) {
        port.diagOnce('warn', `ai-sdk.${name}`, `ai-sdk telemetry ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };

  const metricAttrs = (t: Timed): Attributes => {
    const a: Attributes = {};
    for (const k of ['gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.request.model', 'gen_ai.response.model', 'server.address', 'server.port', 'error.type']) {
      const v = t.attrs[k];
      if (v !== undefined) a[k] = v;
    }
    return a;
  };

  const set = (t: Timed | undefined, key: string, value: AttributeValue | undefined): void => {
    if (t === undefined || value === undefined || value === null) return;
    t.attrs[key] = value;
    t.span.setAttribute(key, value);
  };

  const endTimed = (t: Timed, endTime: number | undefined, error: unknown, hasError: boolean): void => {
    if (hasError) {
      set(t, 'error.type', errorType(error));
      t.span.setStatus({ code: 'error', message: errorMessage(error) });
    }
    t.span.end(endTime);
    duration?.record(Math.max(0, nowSec() - t.started), metricAttrs(t));
  };

  const start = (name: string, kind: 'client' | 'internal', parent: Span | undefined, attrs: Attributes, timestamp: number | undefined): Timed => {
    const opts: Parameters<Tracer['startSpan']>[1] & object = { kind, attributes: attrs };
    const o = opts as { parent?: Span; startTime?: number };
    if (parent !== undefined) o.parent = parent;
    if (typeof timestamp === 'number') o.startTime = timestamp;
    return { span: tracer.startSpan(name, opts), started: nowSec(), attrs: { ...attrs } };
  };

  // A call whose end never comes (a stream nobody reads) must not grow the map forever.
  const abandonOldest = (): void => {
    const first = calls.keys().next();
    if (first.done === true) return;
    const c = calls.get(first.value)!;
    calls.delete(first.value);
    port.diagOnce('warn', 'ai-sdk.abandoned', `ai-sdk telemetry: more than ${MAX_OPEN_CALLS} calls open; ending the oldest`);
    c.model?.span.end();
    for (const t of c.embeds.values()) t.span.end();
    for (const s of c.tools.values()) s.end();
    c.step?.end();
    c.op.span.end();
  };

  const ts = (e: AiSdkTelemetryEvent): number | undefined => (typeof e.timestamp === 'number' ? e.timestamp : undefined);

  return {
    onStart: safe('onStart', (e) => {
      if (typeof e.callId !== 'string') return;
      const prov = providerName(e.provider);
      const model = typeof e.modelId === 'string' ? e.modelId : '';
      const opName = operationName(e.operationId);
      const fn = typeof e.functionId === 'string' && e.functionId !== '' ? e.functionId : undefined;
      const attrs: Attributes = { 'gen_ai.operation.name': opName, 'gen_ai.provider.name': prov, 'gen_ai.request.model': model };
      if (fn !== undefined) attrs[opName === 'invoke_agent' ? 'gen_ai.agent.name' : 'ai_sdk.function.id'] = fn;
      if (typeof e.operationId === 'string') attrs['ai_sdk.operation.id'] = e.operationId;
      const spanName = opName === 'invoke_agent' ? `invoke_agent ${fn ?? e.operationId ?? 'ai'}` : `${opName} ${model}`;
      const op = start(spanName, 'internal', undefined, attrs, ts(e));
      const inputs = wantInputs && e.recordInputs !== false;
      if (inputs) {
        set(op, 'gen_ai.system_instructions', json(e.instructions));
        set(op, 'gen_ai.input.messages', json(e.messages));
      }
      if (calls.size >= MAX_OPEN_CALLS) abandonOldest();
      calls.set(e.callId, { op, provider: prov, requestModel: model, inputs, outputs: wantOutputs && e.recordOutputs !== false, step: undefined, model: undefined, tools: new Map(), embeds: new Map() });
    }),

    onStepStart: safe('onStepStart', (e) => {
      const c = calls.get(e.callId ?? '');
      if (c === undefined) return;
      const n = typeof e.stepNumber === 'number' ? e.stepNumber : 0;
      c.step = start(`step ${n}`, 'internal', c.op.span, { 'gen_ai.provider.name': c.provider, 'gen_ai.request.model': typeof e.modelId === 'string' ? e.modelId : c.requestModel, 'ai_sdk.step.number': n }, ts(e)).span;
    }),

    onLanguageModelCallStart: safe('onLanguageModelCallStart', (e) => {
      const c = calls.get(e.callId ?? '');
      if (c === undefined) return;
      const model = typeof e.modelId === 'string' ? e.modelId : c.requestModel;
      const attrs: Attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': providerName(e.provider ?? c.provider), 'gen_ai.request.model': model };
      setRequestParameters(attrs, e);
      if (Array.isArray(e.stopSequences) && e.stopSequences.length > 0) attrs['gen_ai.request.stop_sequences'] = e.stopSequences.map(String);
      c.model = start(`chat ${model}`, 'client', c.step ?? c.op.span, attrs, ts(e));
      if (c.inputs) {
        set(c.model, 'gen_ai.system_instructions', json(e.instructions));
        set(c.model, 'gen_ai.input.messages', json(e.messages));
      }
    }),

    onLanguageModelCallEnd: safe('onLanguageModelCallEnd', (e) => {
      const c = calls.get(e.callId ?? '');
      const m = c?.model;
      if (c === undefined || m === undefined) return;
      c.model = undefined;
      // The end event's modelId is the model that answered.
      if (typeof e.modelId === 'string' && e.modelId !== '') set(m, 'gen_ai.response.model', e.modelId);
      if (typeof e.responseId === 'string' && e.responseId !== '') set(m, 'gen_ai.response.id', e.responseId);
      const fr = finishReason(e.finishReason);
      if (fr !== undefined) set(m, 'gen_ai.response.finish_reasons', [fr]);
      if (typeof e.request?.url === 'string') {
        try {
          const u = new URL(e.request.url);
          set(m, 'server.address', u.hostname);
          if (u.port !== '') set(m, 'server.port', Number(u.port));
        } catch {
          // Not a URL: left out.
        }
      }
      setUsage(m.span, e.usage);
      if (c.outputs) set(m, 'gen_ai.output.messages', json(e.content));
      const base = metricAttrs(m);
      if (typeof e.usage?.inputTokens === 'number') tokens?.record(e.usage.inputTokens, { ...base, 'gen_ai.token.type': 'input' });
      if (typeof e.usage?.outputTokens === 'number') tokens?.record(e.usage.outputTokens, { ...base, 'gen_ai.token.type': 'output' });
      endTimed(m, ts(e), undefined, false);
    }),

    onToolExecutionStart: safe('onToolExecutionStart', (e) => {
      const c = calls.get(e.callId ?? '');
      const call = e.toolCall;
      if (c === undefined || call === undefined || typeof call.toolCallId !== 'string') return;
      const name = typeof call.toolName === 'string' ? call.toolName : 'unknown';
      const attrs: Attributes = { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name, 'gen_ai.tool.call.id': call.toolCallId, 'gen_ai.tool.type': 'function' };
      if (c.inputs) {
        const args = json(call.input);
        if (args !== undefined) attrs['gen_ai.tool.call.arguments'] = args;
      }
      c.tools.set(call.toolCallId, start(`execute_tool ${name}`, 'internal', c.step ?? c.op.span, attrs, ts(e)).span);
    }),

    onToolExecutionEnd: safe('onToolExecutionEnd', (e) => {
      const c = calls.get(e.callId ?? '');
      const id = e.toolCall?.toolCallId;
      const span = typeof id === 'string' ? c?.tools.get(id) : undefined;
      if (c === undefined || span === undefined) return;
      c.tools.delete(id!);
      const out = e.toolOutput;
      if (out?.type === 'tool-error') {
        markError(span, out.error);
      } else if (c.outputs && out !== undefined) {
        const result = json(out.output);
        if (result !== undefined) span.setAttribute('gen_ai.tool.call.result', result);
      }
      span.end(ts(e));
    }),

    onStepEnd: safe('onStepEnd', (e) => {
      const c = calls.get(e.callId ?? '');
      const step = c?.step;
      if (c === undefined || step === undefined) return;
      c.step = undefined;
      const model = e.response?.modelId;
      if (typeof model === 'string' && model !== '') step.setAttribute('gen_ai.response.model', model);
      const fr = finishReason(e.finishReason);
      if (fr !== undefined) step.setAttribute('gen_ai.response.finish_reasons', [fr]);
      setUsage(step, e.usage);
      step.end(ts(e));
    }),

    onStepError: safe('onStepError', (e) => {
      const c = calls.get(e.callId ?? '');
      if (c === undefined) return;
      if (c.model !== undefined) {
        endTimed(c.model, ts(e), e.error, true);
        c.model = undefined;
      }
      if (c.step !== undefined) {
        markError(c.step, e.error).end(ts(e));
        c.step = undefined;
      }
    }),

    onEnd: safe('onEnd', (e) => {
      const c = calls.get(e.callId ?? '');
      if (c === undefined) return;
      calls.delete(e.callId!);
      const op = c.op;
      const model = e.response?.modelId ?? e.model?.modelId;
      if (typeof model === 'string' && model !== '') set(op, 'gen_ai.response.model', model);
      const fr = finishReason(e.finishReason);
      if (fr !== undefined) set(op, 'gen_ai.response.finish_reasons', [fr]);
      setUsage(op.span, e.usage);
      if (c.outputs) set(op, 'gen_ai.output.messages', json(e.content));
      endTimed(op, ts(e), undefined, false);
    }),

    onAbort: safe('onAbort', (e) => {
      const c = calls.get(e.callId ?? '');
      if (c === undefined) return;
      calls.delete(e.callId!);
      const abort = { name: 'AbortError', message: 'aborted' };
      if (c.model !== undefined) endTimed(c.model, ts(e), abort, true);
      for (const s of c.tools.values()) s.setAttribute('error.type', 'AbortError').setStatus({ code: 'error', message: 'aborted' }).end();
      c.step?.setAttribute('error.type', 'AbortError').setStatus({ code: 'error', message: 'aborted' }).end();
      endTimed(c.op, ts(e), abort, true);
    }),

    onError: safe('onError', (e) => {
      const c = typeof e.callId === 'string' ? calls.get(e.callId) : undefined;
      if (c === undefined) return;
      calls.delete(e.callId!);
      if (c.model !== undefined) endTimed(c.model, undefined, e.error, true);
      for (const t of c.embeds.values()) endTimed(t, undefined, e.error, true);
      for (const s of c.tools.values()) s.end();
      if (c.step !== undefined) markError(c.step, e.error).end();
      c.op.span.recordException(e.error);
      endTimed(c.op, undefined, e.error, true);
    }),

    onEmbedStart: safe('onEmbedStart', (e) => {
      const c = calls.get(e.callId ?? '');
      if (c === undefined || typeof e.embedCallId !== 'string') return;
      const model = typeof e.modelId === 'string' ? e.modelId : c.requestModel;
      const attrs: Attributes = { 'gen_ai.operation.name': 'embeddings', 'gen_ai.provider.name': providerName(e.provider ?? c.provider), 'gen_ai.request.model': model };
      c.embeds.set(e.embedCallId, start(`embeddings ${model}`, 'client', c.op.span, attrs, ts(e)));
    }),

    onEmbedEnd: safe('onEmbedEnd', (e) => {
      const c = calls.get(e.callId ?? '');
      const t = typeof e.embedCallId === 'string' ? c?.embeds.get(e.embedCallId) : undefined;
      if (c === undefined || t === undefined) return;
      c.embeds.delete(e.embedCallId!);
      setUsage(t.span, e.usage);
      if (typeof e.usage?.tokens === 'number') tokens?.record(e.usage.tokens, { ...metricAttrs(t), 'gen_ai.token.type': 'input' });
      endTimed(t, ts(e), undefined, false);
    }),

    executeLanguageModelCall<T>(o: { callId: string; execute: () => PromiseLike<T> }): PromiseLike<T> {
      const span = calls.get(o.callId)?.model?.span;
      return span === undefined ? o.execute() : tracer.withSpan(span, o.execute);
    },

    executeTool<T>(o: { callId: string; toolCallId: string; execute: () => PromiseLike<T> }): PromiseLike<T> {
      const span = calls.get(o.callId)?.tools.get(o.toolCallId);
      return span === undefined ? o.execute() : tracer.withSpan(span, o.execute);
    },
  };
}
