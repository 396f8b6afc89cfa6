// SessionTelemetry benchmark: the cost of one `toolResult` event with its metrics, end to end
// through the encoder. otlp-lite: OtelProvider with in-memory exporters; per event a log record,
// an event on the active span and two metric recordings (codex.tool.call + its duration), then
// flush + OTLP/JSON encoding of logs, traces and metrics. SDK: the same log record (LoggerProvider
// + BatchLogRecordProcessor), span event (BasicTracerProvider + BatchSpanProcessor), counter and
// ms histogram (MeterProvider + a manual reader), then forceFlush / collect and the
// otlp-transformer JSON serializers. Floor: building the same two attribute sets and
// JSON.stringify-ing them. 100 events (one span) per run, alternating rounds in one process.
// A second workload measures the emit side only (no flush, no encoding).
// Run: npx tsx bench/session.bench.ts [--quick]

import { pathToFileURL } from 'node:url';
import { BatchLogRecordProcessor, InMemoryLogRecordExporter, LoggerProvider } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter as SdkInMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { compare, isQuick, type Comparison } from './harness.ts';
import { OtelProvider } from '../lib/facades/provider.ts';
import { SessionTelemetry, type ToolResultInput } from '../lib/facades/session-telemetry.ts';
import { buildToolResult } from '../lib/facades/session/events-tool.ts';
import { eventTimestamp, metadataFromOptions } from '../lib/facades/session/metadata.ts';
import { InMemoryExporter, InMemoryLogExporter, InMemorySpanExporter } from '../lib/pipeline/export/in-memory.ts';
import { MILLISECOND_DURATION_BOUNDARIES } from '../lib/signals/metrics/names.ts';
import type { MetricData } from '../proto-json/model.ts';
import { encodeLogsToBytes } from '../proto-json/logs.ts';
import { encodeMetricsToBytes } from '../proto-json/metrics.ts';
import { encodeTracesToBytes } from '../proto-json/traces.ts';

const EVENTS = 100; // per run, all on one span (under the default 128 events per span)

const OPTIONS = {
  conversationId: '67e55044-10b1-426f-9247-bb680e5fe0c8',
  model: 'gpt-5.1',
  slug: 'gpt-5.1',
  accountId: 'account-id',
  accountEmail: 'engineer@example.com',
  authMode: 'ApiKey',
  originator: 'codex_cli_rs',
  logUserPrompts: false,
  terminalType: 'xterm-256color',
  sessionSource: 'cli',
  appVersion: '0.149.0',
} as const;

/** The session metric tags both sides attach (otlp-lite merges them itself). */
const META_TAGS = { auth_mode: 'ApiKey', session_source: 'cli', originator: 'codex_cli_rs', model: 'gpt-5.1', 'app.version': '0.149.0' } as const;

function inputs(): ToolResultInput[] {
  const out: ToolResultInput[] = [];
  for (let i = 0; i < EVENTS; i++) {
    out.push({
      toolName: i % 3 === 0 ? 'apply_patch' : 'shell',
      callId: `call_${i}`,
      arguments: `{"command":["bash","-lc","rg --files | head -n ${i}"],"timeout_ms":10000}`,
      durationMs: 20 + (i % 50) * 7.3,
      success: i % 10 !== 0,
      output: `Exit code: 0\nWall time: 0.${i} seconds\nOutput:\nsrc/a.ts\nsrc/b.ts\n`,
      extraTags: [
        ['sandbox', 'seatbelt'],
        ['sandbox_policy', 'workspace-write'],
      ],
    });
  }
  return out;
}

/** A reader the benchmark collects by hand (the SDK's ManualReader equivalent). */
class BenchReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

function sdkSide() {
  const logExporter = new InMemoryLogRecordExporter();
  const spanExporter = new SdkInMemorySpanExporter();
  const logs = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: logExporter })] });
  const traces = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spanExporter)] });
  const reader = new BenchReader({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  const meters = new MeterProvider({ readers: [reader] });
  const meter = meters.getMeter('codex');
  return {
    logExporter,
    spanExporter,
    logs,
    traces,
    reader,
    meters,
    logger: logs.getLogger('codex-cli'),
    tracer: traces.getTracer('codex-cli'),
    counter: meter.createCounter('codex.tool.call'),
    histogram: meter.createHistogram('codex.tool.call.duration_ms', {
      unit: 'ms',
      description: 'Duration in milliseconds.',
      advice: { explicitBucketBoundaries: [...MILLISECOND_DURATION_BOUNDARIES] },
    }),
  };
}

type HarnessOpts = { rounds: number; minMs: number };

/** Runs the session workloads; resolves to one Comparison per workload. */
export async function run(opts: { quick: boolean }): Promise<Comparison[]> {
  const harness: HarnessOpts = opts.quick ? { rounds: 3, minMs: 80 } : { rounds: 7, minMs: 200 };
  const logExporter = new InMemoryLogExporter();
  const spanExporter = new InMemorySpanExporter();
  const metricExporter = new InMemoryExporter<MetricData>();
  const provider = OtelProvider.from(
    {
      serviceName: 'codex-cli',
      serviceVersion: '0.149.0',
      exporter: { kind: 'custom', exporter: logExporter },
      traceExporter: { kind: 'custom', exporter: spanExporter },
      metricsExporter: { kind: 'custom', exporter: metricExporter },
    },
    { env: {}, beforeExitFlush: false },
  )!;
  const session = new SessionTelemetry(OPTIONS).withProvider(provider);
  const sdk = sdkSide();
  const meta = metadataFromOptions(OPTIONS);
  const events = inputs();

  const sdkEmit = (): void => {
    const span = sdk.tracer.startSpan('turn');
    for (let i = 0; i < EVENTS; i++) {
      const input = events[i]!;
      // Same attribute sets as SessionTelemetry builds (both sides pay for building them).
      const e = buildToolResult(meta, eventTimestamp(), input);
      sdk.logger.emit({ eventName: 'codex.tool_result', severityNumber: 9, severityText: 'INFO', attributes: e.log as never });
      span.addEvent('codex.tool_result', e.trace as never);
      const tags = { tool: input.toolName, success: input.success ? 'true' : 'false', sandbox: 'seatbelt', sandbox_policy: 'workspace-write', ...META_TAGS };
      sdk.counter.add(1, tags);
      sdk.histogram.record(Math.floor(input.durationMs), tags);
    }
    span.end();
  };
  const oursEmit = (): void => {
    provider.tracer.startActiveSpan('turn', (span) => {
      for (let i = 0; i < EVENTS; i++) session.toolResult(events[i]!);
      span.end();
    });
  };

  let bytes = 0;
  const results: Comparison[] = [];
  try {
    results.push(
      await compare(`toolResult event (log record + span event + 2 metrics) end to end through the encoder, ${EVENTS} per run (ns per event)`, [
        {
          name: 'otlp-lite SessionTelemetry.toolResult + flush + encode',
          impl: 'otlp-lite',
          items: EVENTS,
          run: async () => {
            oursEmit();
            await provider.flush();
            bytes += encodeLogsToBytes(logExporter.getFinishedLogRecords()).length;
            bytes += encodeTracesToBytes(spanExporter.getFinishedSpans()).length;
            bytes += encodeMetricsToBytes(metricExporter.getFinished()).length;
            logExporter.reset();
            spanExporter.reset();
            metricExporter.reset();
          },
        },
        {
          name: 'sdk logs + trace + metrics, forceFlush/collect + JSON serializers',
          impl: 'sdk',
          items: EVENTS,
          run: async () => {
            sdkEmit();
            await Promise.all([sdk.logs.forceFlush(), sdk.traces.forceFlush()]);
            const { resourceMetrics } = await sdk.reader.collect();
            bytes += JsonLogsSerializer.serializeRequest(sdk.logExporter.getFinishedLogRecords())?.length ?? 0;
            bytes += JsonTraceSerializer.serializeRequest(sdk.spanExporter.getFinishedSpans())?.length ?? 0;
            bytes += JsonMetricsSerializer.serializeRequest(resourceMetrics)?.length ?? 0;
            sdk.logExporter.reset();
            sdk.spanExporter.reset();
          },
        },
        {
          name: 'floor: build both attribute sets + JSON.stringify',
          impl: 'floor',
          items: EVENTS,
          run: () => {
            for (let i = 0; i < EVENTS; i++) {
              const e = buildToolResult(meta, eventTimestamp(), events[i]!);
              bytes += JSON.stringify(e.log).length + JSON.stringify(e.trace).length;
            }
          },
        },
      ], harness),
    );

    results.push(
      await compare(`toolResult emit only (log record + span event + 2 metrics, no flush or encoding), ${EVENTS} per run (ns per event)`, [
        {
          name: 'otlp-lite SessionTelemetry.toolResult',
          impl: 'otlp-lite',
          items: EVENTS,
          run: async () => {
            oursEmit();
            await new Promise<void>((r) => setImmediate(r));
            logExporter.reset();
            spanExporter.reset();
          },
        },
        {
          name: 'sdk logger.emit + span.addEvent + counter.add + histogram.record',
          impl: 'sdk',
          items: EVENTS,
          run: async () => {
            sdkEmit();
            await new Promise<void>((r) => setImmediate(r));
            sdk.logExporter.reset();
            sdk.spanExporter.reset();
          },
        },
      ], harness),
    );
  } finally {
    await Promise.all([
      provider.shutdown(),
      sdk.logs.shutdown().catch(() => undefined),
      sdk.traces.shutdown().catch(() => undefined),
      sdk.meters.shutdown().catch(() => undefined),
    ]);
  }
  if (bytes === 0) process.stderr.write('note: nothing was encoded\n');
  const st = provider.stats();
  if ((st.logs?.droppedTotal ?? 0) + (st.traces?.droppedTotal ?? 0) > 0) {
    process.stderr.write(`note: otlp-lite dropped ${st.logs?.droppedTotal} logs / ${st.traces?.droppedTotal} spans (queue full)\n`);
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ quick: isQuick });
}
