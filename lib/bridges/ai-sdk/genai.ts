// GenAI semantic conventions for the AI SDK integration: the histogram buckets, provider and
// operation names, finish reasons, error types, and token usage as span attributes.
import type { Span } from '../../signals/trace/span.ts';
import type { Attributes } from '../../../proto-json/model.ts';
import type { AiSdkTelemetryEvent, Usage } from './types.ts';

/** gen_ai.client.token.usage buckets ({token}) from the GenAI semantic conventions. */
export const TOKEN_USAGE_BUCKETS: readonly number[] = Object.freeze([1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864]);
/** gen_ai.client.operation.duration buckets (s) from the GenAI semantic conventions. */
export const OPERATION_DURATION_BUCKETS: readonly number[] = Object.freeze([0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]);

const FINISH: Readonly<Record<string, string>> = { 'tool-calls': 'tool_call', 'content-filter': 'content_filter' };
// AI SDK provider ids (`openai.chat`, `google.generative-ai` …) → gen_ai.provider.name.
const PROVIDER: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'gcp.gemini',
  'google-vertex': 'gcp.vertex_ai',
  vertex: 'gcp.vertex_ai',
  'amazon-bedrock': 'aws.bedrock',
  bedrock: 'aws.bedrock',
  azure: 'azure.ai.openai',
  'azure-openai': 'azure.ai.openai',
  mistral: 'mistral_ai',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x_ai',
  cohere: 'cohere',
  perplexity: 'perplexity',
};

/** The AI SDK provider id as gen_ai.provider.name (known providers mapped, others by their prefix). */
export function providerName(provider: string | undefined): string {
  if (typeof provider !== 'string' || provider === '') return 'unknown';
  const prefix = provider.split('.')[0]!;
  return PROVIDER[prefix] ?? prefix;
}

// Text and object generation run as agents (steps, model calls, tools); embeddings as such;
// other operations (rerank, speech, transcription) by their AI SDK name.
export function operationName(operationId: string | undefined): string {
  if (typeof operationId !== 'string' || operationId === '') return 'invoke_agent';
  if (operationId === 'ai.embed' || operationId === 'ai.embedMany') return 'embeddings';
  if (/^ai\.(generate|stream)(Text|Object)$/.test(operationId)) return 'invoke_agent';
  return operationId.startsWith('ai.') ? operationId.slice(3) : operationId;
}

export function finishReason(r: unknown): string | undefined {
  return typeof r === 'string' && r !== '' ? (FINISH[r] ?? r) : undefined;
}

export function errorType(e: unknown): string {
  if (e !== null && typeof e === 'object') {
    const name = (e as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
    const ctor = (e as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === 'string' && ctor !== '' && ctor !== 'Object') return ctor;
  }
  return '_OTHER';
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'string' ? e : '';
}

export function json(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  try {
    return typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    return undefined;
  }
}

// A model call's numeric request parameters → gen_ai.request.* attributes.
const REQUEST_PARAMETERS = [
  ['maxOutputTokens', 'gen_ai.request.max_tokens'],
  ['temperature', 'gen_ai.request.temperature'],
  ['topP', 'gen_ai.request.top_p'],
  ['topK', 'gen_ai.request.top_k'],
  ['presencePenalty', 'gen_ai.request.presence_penalty'],
  ['frequencyPenalty', 'gen_ai.request.frequency_penalty'],
  ['seed', 'gen_ai.request.seed'],
] as const;

/** Copies the numeric request parameters of a model call start into `attrs`. */
export function setRequestParameters(attrs: Attributes, e: AiSdkTelemetryEvent): void {
  for (const [field, key] of REQUEST_PARAMETERS) {
    const v = e[field];
    if (typeof v === 'number') attrs[key] = v;
  }
}

/** Token usage as gen_ai.usage.* attributes of `span`. */
export function setUsage(span: Span, u: Usage | undefined): void {
  if (u === undefined || u === null) return;
  if (typeof u.inputTokens === 'number') span.setAttribute('gen_ai.usage.input_tokens', u.inputTokens);
  else if (typeof u.tokens === 'number') span.setAttribute('gen_ai.usage.input_tokens', u.tokens);
  if (typeof u.outputTokens === 'number') span.setAttribute('gen_ai.usage.output_tokens', u.outputTokens);
  const d = u.inputTokenDetails;
  if (typeof d?.cacheReadTokens === 'number') span.setAttribute('gen_ai.usage.cache_read.input_tokens', d.cacheReadTokens);
  if (typeof d?.cacheWriteTokens === 'number') span.setAttribute('gen_ai.usage.cache_creation.input_tokens', d.cacheWriteTokens);
}

/** Marks `span` failed by `error`: error.type and an error status with its message. */
export function markError(span: Span, error: unknown): Span {
  return span.setAttribute('error.type', errorType(error)).setStatus({ code: 'error', message: errorMessage(error) });
}
