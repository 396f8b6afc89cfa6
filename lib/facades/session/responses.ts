// codex-otel's `record_responses`: names a response-handling span after the streamed event and
// records the event's fields on it (`from`, `tool_name`, token usage). Emits no event.
import type { RecordableSpan, ResponseEvent, ResponseItem } from './types.ts';

/** Output item types whose span name is the type itself; any other non-message type is `other`. */
const ITEM_TYPES: ReadonlySet<string> = new Set([
  'agent_message',
  'reasoning',
  'local_shell_call',
  'function_call',
  'tool_search_call',
  'function_call_output',
  'tool_search_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'web_search_call',
  'image_generation_call',
  'compaction',
  'compaction_trigger',
  'context_compaction',
  'additional_tools',
]);

/** The span name of an output item: `message_from_{role}`, the item type, or `other`. */
export function responseItemType(item: ResponseItem): string {
  if (item.type === 'message') return `message_from_${item.role ?? 'unknown'}`;
  return ITEM_TYPES.has(item.type) ? item.type : 'other';
}

/** codex-otel's `responses_type(event)`: the span name for a response event. */
export function responsesType(event: ResponseEvent): string {
  if (event.type === 'output_item_done' || event.type === 'output_item_added') return responseItemType(event.item);
  return event.type;
}

/**
 * Records `event` on `span`: renames it (`otel.name` in codex-otel), sets `from` for output items,
 * `tool_name` for a function call, and the `gen_ai.usage.*` / `codex.usage.*` token counts (ints)
 * for a completed response with usage. Never throws (a span that throws is ignored).
 */
export function recordResponseOnSpan(span: RecordableSpan, event: ResponseEvent): void {
  try {
    span.updateName(responsesType(event));
    if (event.type === 'output_item_done' || event.type === 'output_item_added') {
      span.setAttribute('from', event.type);
      if (event.item.type === 'function_call' && typeof event.item.name === 'string') span.setAttribute('tool_name', event.item.name);
    } else if (event.type === 'completed' && event.tokenUsage !== undefined) {
      const u = event.tokenUsage;
      span.setAttribute('gen_ai.usage.input_tokens', u.inputTokens);
      span.setAttribute('gen_ai.usage.cache_read.input_tokens', u.cachedInputTokens);
      span.setAttribute('gen_ai.usage.cache_write.input_tokens', u.cacheWriteInputTokens ?? 0);
      span.setAttribute('gen_ai.usage.output_tokens', u.outputTokens);
      span.setAttribute('codex.usage.reasoning_output_tokens', u.reasoningOutputTokens);
      span.setAttribute('codex.usage.total_tokens', u.totalTokens);
    }
  } catch {
    // a foreign span implementation must not break the host
  }
}
