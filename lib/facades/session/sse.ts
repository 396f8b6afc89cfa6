// codex-otel's `log_sse_event` dispatch as a pure function: an SSE outcome → success (with the
// event kind), failure (kind?, error text), or nothing to record (end of stream).
import { errorText } from './metadata.ts';
import type { SseOutcome } from './types.ts';

/** What one SSE outcome records. */
export type SseDisposition =
  | { readonly ok: true; readonly kind: string }
  | { readonly ok: false; readonly kind: string | undefined; readonly error: string };

/** The error text of an idle timeout (codex-otel's). */
export const SSE_IDLE_TIMEOUT_ERROR = 'idle timeout waiting for SSE';

/** The error text of an unparsable `response.output_item.done` (codex-otel's). */
export const SSE_OUTPUT_ITEM_PARSE_ERROR = 'failed to parse response.output_item.done';

/**
 * Classifies an SSE outcome as codex-otel does:
 * - an event whose data is `[DONE]` (trimmed) is a success;
 * - otherwise its data must parse as JSON (else: failed, with the parser's message);
 *   `response.failed` is a failure whose error text is the JSON value (compact JSON);
 *   `response.output_item.done` succeeds only when the value is a response item (an object with
 *   a string `type`), else fails with `failed to parse response.output_item.done`;
 *   any other event is a success;
 * - a stream error fails with no kind; the idle timeout fails with `idle timeout waiting for SSE`;
 * - the end of the stream records nothing (undefined).
 */
export function classifySseOutcome(outcome: SseOutcome): SseDisposition | undefined {
  switch (outcome.kind) {
    case 'event': {
      const event = outcome.event;
      if (outcome.data.trim() === '[DONE]') return { ok: true, kind: event };
      let value: unknown;
      try {
        value = JSON.parse(outcome.data);
      } catch (e) {
        return { ok: false, kind: event, error: errorText(e) };
      }
      if (event === 'response.failed') return { ok: false, kind: event, error: JSON.stringify(value) };
      if (event === 'response.output_item.done' && !isResponseItem(value)) {
        return { ok: false, kind: event, error: SSE_OUTPUT_ITEM_PARSE_ERROR };
      }
      return { ok: true, kind: event };
    }
    case 'error':
      return { ok: false, kind: undefined, error: errorText(outcome.error) };
    case 'timeout':
      return { ok: false, kind: undefined, error: SSE_IDLE_TIMEOUT_ERROR };
    case 'end':
      return undefined;
  }
}

/** A serde-tagged `ResponseItem` (unknown tags parse as codex-otel's `Other` variant). */
function isResponseItem(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { type?: unknown }).type === 'string';
}
