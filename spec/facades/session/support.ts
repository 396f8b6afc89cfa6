// Shared helpers of the SessionTelemetry specs: a real OtelProvider exporting OTLP/HTTP JSON to a
// loopback receiver, decoders of the received log records and span events into typed attribute
// maps, the seed's test session, and an in-memory metrics client.
import assert from 'node:assert/strict';
import { InMemoryMetricExporter, MetricsClient, MetricsConfig } from '../../../lib/facades/metrics-client.ts';
import { OtelProvider } from '../../../lib/facades/provider.ts';
import { SessionTelemetry, type SessionTelemetryOptions } from '../../../lib/facades/session-telemetry.ts';
import { startReceiver, type Receiver } from '../../helpers/receiver.ts';

/** The app version the specs pass (the seed's CARGO_PKG_VERSION). */
export const APP_VERSION = '0.149.0-alpha.3';

/**
 * A decoded attribute value: strings stay strings, ints become bigint (so a test can tell
 * `intValue` from `stringValue`), doubles numbers, bools booleans.
 */
export type Decoded = string | bigint | number | boolean | undefined;

/** One log record or span event as received: its name and typed attributes. */
export interface ReceivedEvent {
  readonly name: string;
  readonly attrs: Record<string, Decoded>;
  /** The record as proto-json decodes it (log records: severity, body…). */
  readonly raw: any;
  /** Instrumentation scope name (log records only). */
  readonly scope?: string;
}

function decodeValue(v: any): Decoded {
  if (v === undefined || v === null) return undefined;
  if ('stringValue' in v) return v.stringValue as string;
  if ('intValue' in v) return BigInt(v.intValue);
  if ('boolValue' in v) return v.boolValue as boolean;
  if ('doubleValue' in v) return Number(v.doubleValue);
  return JSON.stringify(v);
}

/** OTLP JSON KeyValue list → typed map. */
export function decodeAttributes(kvs: any[] | undefined): Record<string, Decoded> {
  const out: Record<string, Decoded> = {};
  for (const kv of kvs ?? []) out[kv.key] = decodeValue(kv.value);
  return out;
}

/** Asserts each expected attribute of `e` (assert.equal per key, so `1n` is not `'1'`). */
export function assertAttrs(e: ReceivedEvent, expected: Record<string, Decoded>): void {
  for (const [k, v] of Object.entries(expected)) assert.equal(e.attrs[k], v, `${e.name}: ${k}`);
}

/** A provider exporting logs and traces (OTLP/HTTP JSON) to a fresh loopback receiver. */
export interface Loopback {
  readonly receiver: Receiver;
  readonly provider: OtelProvider;
  /** Shuts the provider down (flushing both signals), then decodes everything received. */
  collect(): Promise<{ logs: ReceivedEvent[]; spans: { name: string; events: ReceivedEvent[] }[] }>;
  close(): Promise<void>;
}

/** Starts a receiver and a provider sending logs and traces to it (no metrics, no OTEL_* env). */
export async function startLoopback(): Promise<Loopback> {
  const receiver = await startReceiver();
  const provider = OtelProvider.from(
    {
      serviceName: 'codex-cli',
      serviceVersion: APP_VERSION,
      environment: 'test',
      exporter: { kind: 'otlp-http', endpoint: `${receiver.url}/v1/logs`, protocol: 'json' },
      traceExporter: { kind: 'otlp-http', endpoint: `${receiver.url}/v1/traces`, protocol: 'json' },
      metricsExporter: { kind: 'none' },
    },
    { env: {}, beforeExitFlush: false },
  );
  assert.ok(provider !== undefined, 'provider should be built');
  return {
    receiver,
    provider,
    async collect() {
      const result = await provider.shutdown();
      assert.equal(result.timedOut, false, 'provider shutdown should finish');
      const logs: ReceivedEvent[] = [];
      const spans: { name: string; events: ReceivedEvent[] }[] = [];
      for (const req of receiver.requests) {
        if (req.signal === 'logs') {
          for (const rl of req.otlp('logs').resourceLogs ?? [])
            for (const sl of rl.scopeLogs ?? [])
              for (const r of sl.logRecords ?? []) {
                const attrs = decodeAttributes(r.attributes);
                logs.push({ name: String(attrs['event.name']), attrs, raw: r, scope: String(sl.scope?.name ?? '') });
              }
        } else if (req.signal === 'traces') {
          for (const rs of req.otlp('traces').resourceSpans ?? [])
            for (const ss of rs.scopeSpans ?? [])
              for (const s of ss.spans ?? [])
                spans.push({
                  name: s.name ?? '',
                  events: (s.events ?? []).map((e) => ({ name: e.name ?? '', attrs: decodeAttributes(e.attributes), raw: e })),
                });
        }
      }
      return { logs, spans };
    },
    close: () => receiver.close(),
  };
}

/** The seed's test session options (`SessionTelemetry::new` in the routing tests). */
export function seedSessionOptions(overrides: Partial<SessionTelemetryOptions> = {}): SessionTelemetryOptions {
  return {
    conversationId: '67e55044-10b1-426f-9247-bb680e5fe0c8',
    model: 'gpt-5.1',
    slug: 'gpt-5.1',
    accountId: 'account-id',
    accountEmail: 'engineer@example.com',
    authMode: 'ApiKey',
    originator: 'test_originator',
    logUserPrompts: true,
    terminalType: 'tty',
    sessionSource: 'cli',
    appVersion: APP_VERSION,
    ...overrides,
  };
}

/** A session routed to `provider` (events and, when present, metrics). */
export function sessionFor(provider: OtelProvider, overrides: Partial<SessionTelemetryOptions> = {}): SessionTelemetry {
  return new SessionTelemetry(seedSessionOptions(overrides)).withProvider(provider);
}

/** Runs `fn` inside an active root span that is ended afterwards. */
export function inRootSpan(provider: OtelProvider, fn: () => void): void {
  provider.tracer.startActiveSpan('root', (span) => {
    try {
      fn();
    } finally {
      span.end();
    }
  });
}

/**
 * The seed's metrics harness: an in-memory client (`MetricsConfig.inMemory("test", "codex-cli",
 * version, exporter)`), optionally with default tags and the runtime (snapshot) reader.
 */
export function buildMetrics(opts: { defaults?: Record<string, string>; runtimeReader?: boolean } = {}): {
  metrics: MetricsClient;
  exporter: InMemoryMetricExporter;
} {
  const exporter = new InMemoryMetricExporter();
  let config = MetricsConfig.inMemory('test', 'codex-cli', APP_VERSION, exporter);
  for (const [k, v] of Object.entries(opts.defaults ?? {})) config = config.withTag(k, v);
  if (opts.runtimeReader === true) config = config.withRuntimeReader();
  return { metrics: new MetricsClient(config), exporter };
}

// Reading collections: the metrics specs' helpers, shared.
export { allMetrics, findMetric, histogramPoint, latestMetrics, numberPoint } from '../../helpers/metrics.ts';

/** An EventTarget that records every call (for routing checks without a provider). */
export function recordingTarget(): {
  target: { log(name: string, a: Record<string, unknown>): void; trace(name: string, a: Record<string, unknown>): boolean };
  logs: { name: string; attrs: Record<string, unknown> }[];
  traces: { name: string; attrs: Record<string, unknown> }[];
} {
  const logs: { name: string; attrs: Record<string, unknown> }[] = [];
  const traces: { name: string; attrs: Record<string, unknown> }[] = [];
  return {
    target: {
      log: (name, attrs) => void logs.push({ name, attrs: { ...attrs } }),
      trace: (name, attrs) => {
        traces.push({ name, attrs: { ...attrs } });
        return true;
      },
    },
    logs,
    traces,
  };
}
