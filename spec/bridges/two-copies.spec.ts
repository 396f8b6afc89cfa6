// The published package loads the main entry as one bundle and the bridges as separate files, so
// at run time the bridges sit next to a second copy of otlp-lite's modules. This spec recreates
// that: it copies lib/ and proto-json/ under .cache/ and imports the bridges from the copy, the
// provider from the original. Spans must still parent both ways (one AsyncLocalStorage), and the
// API meter and AI SDK metrics must reach the provider's exporter.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as api from '@opentelemetry/api';
import { OtelProvider } from '../../lib/facades/provider.ts';
import { InMemoryExporter, InMemorySpanExporter } from '../../lib/pipeline/export/in-memory.ts';
import type { MetricData } from '../../proto-json/model.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('bridges next to a second copy of otlp-lite', () => {
  it('share the provider copy’s context, exporters and export scope', async () => {
    mkdirSync(join(root, '.cache'), { recursive: true });
    const dir = mkdtempSync(join(root, '.cache', 'two-copies-'));
    try {
      cpSync(join(root, 'lib'), join(dir, 'lib'), { recursive: true });
      cpSync(join(root, 'proto-json'), join(dir, 'proto-json'), { recursive: true });
      const otel = (await import(pathToFileURL(join(dir, 'lib/bridges/otel-api/index.ts')).href)) as typeof import('../../lib/bridges/otel-api/index.ts');
      const ai = (await import(pathToFileURL(join(dir, 'lib/bridges/ai-sdk/index.ts')).href)) as typeof import('../../lib/bridges/ai-sdk/index.ts');
      const spans = new InMemorySpanExporter();
      const metrics = new InMemoryExporter<MetricData>();
      const p = OtelProvider.from({ traceExporter: { kind: 'custom', exporter: spans }, metricsExporter: { kind: 'custom', exporter: metrics } }, { env: {}, beforeExitFlush: false })!;
      const unregister = otel.registerGlobal(p, { api });
      try {
        const tracer = api.trace.getTracer('copy');
        await tracer.startActiveSpan('api', async (s) => {
          await new Promise((r) => setTimeout(r, 1));
          p.tracer.startSpan('lite-child').end();
          await p.tracer.startActiveSpan('lite-parent', async (lp) => {
            tracer.startSpan('api-child').end();
            lp.end();
          });
          s.end();
        });
        api.metrics.getMeter('m').createCounter('copy.counter').add(2);
        const telemetry = ai.aiSdkTelemetry(p);
        telemetry.onStart({ callId: 'c1', provider: 'openai.chat', modelId: 'gpt', operationId: 'ai.generateText' });
        telemetry.onEnd({ callId: 'c1' });
      } finally {
        unregister();
      }
      await p.shutdown();
      const by = Object.fromEntries(spans.getFinishedSpans().map((s) => [s.name, s]));
      assert.equal(by['lite-child']!.parentSpanId, by['api']!.spanId);
      assert.equal(by['lite-parent']!.parentSpanId, by['api']!.spanId);
      assert.equal(by['api-child']!.parentSpanId, by['lite-parent']!.spanId);
      assert.ok(by['invoke_agent ai.generateText']);
      const names = metrics.getFinished().map((m) => m.name);
      assert.ok(names.includes('copy.counter') && names.includes('gen_ai.client.operation.duration'), names.join(','));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
