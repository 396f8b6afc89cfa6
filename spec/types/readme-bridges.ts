// Compile-only: the README's bridge samples (otlp-lite/otel-api, otlp-lite/ai-sdk) against the
// real @opentelemetry/api, api-logs, instrumentation and `ai` types. Never executed.
import * as api from '@opentelemetry/api';
import * as logsApi from '@opentelemetry/api-logs';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { generateText, registerTelemetry, type LanguageModel } from 'ai';
import { OtelProvider } from '../../lib/index.ts';
import { registerGlobal } from '../../lib/bridges/otel-api/index.ts';
import { aiSdkTelemetry } from '../../lib/bridges/ai-sdk/index.ts';

export async function otelApiExample(): Promise<void> {
  const provider = OtelProvider.from({ serviceName: 'my-cli' })!;
  const unregister = registerGlobal(provider, { api, logsApi });
  registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
  const tracer = api.trace.getTracer('my-lib', '1.0.0');
  await tracer.startActiveSpan('work', async (span) => {
    provider.tracer.startSpan('an otlp-lite span').end();
    span.end();
  });
  api.metrics.getMeter('my-lib').createHistogram('job.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1, 10] } }).record(0.42);
  unregister();
  await provider.shutdown();
}

export async function aiSdkExample(model: LanguageModel): Promise<void> {
  const provider = OtelProvider.from({ serviceName: 'my-agent' })!;
  registerTelemetry(aiSdkTelemetry(provider));
  await generateText({ model, prompt: 'Hello', telemetry: { functionId: 'greet' } });
  await generateText({ model, prompt: 'Hello', telemetry: { integrations: [aiSdkTelemetry(provider, { recordInputs: true, recordOutputs: true })] } });
}
