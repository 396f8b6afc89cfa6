// The seam between SessionTelemetry and the provider's logger and tracer: an event goes to the
// logs (a log record), to the trace (an event on the active span), or both, each side with its
// own attribute set. The provider installs the process-global sink; SessionTelemetry uses it.
import type { Attributes } from '../../proto-json/model.ts';

/** Receives SessionTelemetry events. Implemented by OtelProvider; never throws. */
export interface EventSink {
  /**
   * Emits an INFO log record (severityNumber 9, severityText 'INFO', no body) whose attributes are
   * `attributes` (which already include `event.name`), stamped with the active span's context.
   * A no-op when logs are not exported.
   */
  log(eventName: string, attributes: Attributes): void;
  /**
   * Adds an event named `eventName` with `attributes` to the active span. Returns false — and
   * counts a drop — when there is no active recording span (codex-otel drops such events).
   */
  trace(eventName: string, attributes: Attributes): boolean;
}

const noopSink: EventSink = {
  log() {},
  trace() {
    return false;
  },
};

let globalSink: EventSink = noopSink;

/** Installs the process-global event sink (OtelProvider.from does this); undefined resets it. */
export function setGlobalEventSink(sink: EventSink | undefined): void {
  globalSink = sink ?? noopSink;
}

/** The process-global event sink: the latest provider's, or a no-op. */
export function globalEventSink(): EventSink {
  return globalSink;
}
