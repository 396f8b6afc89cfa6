// The active span, carried across `await` with AsyncLocalStorage. One store per process (shared by
// every provider and tracer), holding a Span: a remote SpanContext is wrapped in a non-recording
// span before it becomes active, so readers always see one shape.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from './span.ts';

const storage = new AsyncLocalStorage<Span>();

/** Hot path: the span active in the current async context, or undefined. Allocates nothing. */
export function activeSpan(): Span | undefined {
  return storage.getStore();
}

/** Runs `fn` with `span` active (for its synchronous part and everything it awaits). */
export function runWithSpan<R>(span: Span, fn: () => R): R {
  return storage.run(span, fn);
}
