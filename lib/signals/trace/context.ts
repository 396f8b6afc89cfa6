// The active span, carried across `await` with AsyncLocalStorage. One store per process (shared by
// every provider and tracer), holding a Span: a remote SpanContext is wrapped in a non-recording
// span before it becomes active, so readers always see one shape. A bridge (the OpenTelemetry
// API's ContextManager) may store a ContextFrame instead: the span plus its own opaque context
// value, which otlp-lite's own runWithSpan carries over, so both see one context.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from './span.ts';

/** A bridge's context value (opaque here) with the span active in it. */
export class ContextFrame {
  readonly span: Span | undefined;
  readonly value: object;
  constructor(span: Span | undefined, value: object) {
    this.span = span;
    this.value = value;
  }
}

const storage = new AsyncLocalStorage<Span | ContextFrame | undefined>();

/** Hot path: the span active in the current async context, or undefined. Allocates nothing. */
export function activeSpan(): Span | undefined {
  const s = storage.getStore();
  return s instanceof ContextFrame ? s.span : s;
}

/** Runs `fn` with `span` active (for its synchronous part and everything it awaits). */
export function runWithSpan<R>(span: Span, fn: () => R): R {
  const cur = storage.getStore();
  return storage.run(cur instanceof ContextFrame ? new ContextFrame(span, cur.value) : span, fn);
}

/** What the store holds now: a span, a bridge's frame, or undefined. */
export function activeFrame(): Span | ContextFrame | undefined {
  return storage.getStore();
}

/** Runs `fn` with `frame` as the store (undefined = no active span, no bridge context). */
export function runWithFrame<R>(frame: Span | ContextFrame | undefined, fn: () => R): R {
  return storage.run(frame, fn);
}
