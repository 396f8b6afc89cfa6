// Test helper: an OtelProvider whose traces and logs go to fresh in-memory exporters.
import { OtelProvider, type OtelProviderOptions } from '../../lib/facades/provider.ts';
import type { OtelSettings } from '../../lib/config/types.ts';
import { InMemoryLogExporter, InMemorySpanExporter } from '../../lib/pipeline/export/in-memory.ts';

/** A provider built from `settings` plus in-memory trace and log exporters, with those exporters. */
export function inMemoryProvider(
  settings: Omit<OtelSettings, 'traceExporter' | 'exporter'>,
  options: OtelProviderOptions,
): { p: OtelProvider; spans: InMemorySpanExporter; logs: InMemoryLogExporter } {
  const spans = new InMemorySpanExporter();
  const logs = new InMemoryLogExporter();
  const p = OtelProvider.from({ ...settings, traceExporter: { kind: 'custom', exporter: spans }, exporter: { kind: 'custom', exporter: logs } }, options);
  if (p === undefined) throw new Error('inMemoryProvider: no provider was built');
  return { p, spans, logs };
}
