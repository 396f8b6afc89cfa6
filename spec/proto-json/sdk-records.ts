// Test/bench helper: produces telemetry through the official SDK (real providers, in-memory
// exporters) and converts the SDK's ReadableSpan / ReadableLogRecord / ResourceMetrics into our
// record model, so both encoders serialize the very same data. Dev-only: imports @opentelemetry/*.

import { context, trace, SpanKind as ApiSpanKind, SpanStatusCode, TraceFlags, type Attributes as ApiAttributes, type Context } from '@opentelemetry/api';
import type { AnyValue as LogAnyValue } from '@opentelemetry/api-logs';
import { resourceFromAttributes, type Resource as SdkResource } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality as SdkTemporality, DataPointType, MetricReader, type ResourceMetrics, type MetricData as SdkMetricData } from '@opentelemetry/sdk-metrics';
import { ValueType } from '@opentelemetry/api';
import type {
  AttributeValue, Attributes, InstrumentationScope, LogRecordData, MetricData, PointBase, Resource, SpanData,
} from '../../proto-json/index.ts';

/** A fixed remote parent context (sampled). */
export const REMOTE_PARENT = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED, isRemote: true };

/** The bench resource. */
export function benchResource(): SdkResource {
  return resourceFromAttributes({ 'service.name': 'bench-service', 'service.version': '1.2.3', 'host.name': 'bench-host' });
}

/** Ends `n` CLIENT spans with 8 mixed attributes, 1 event (2 attributes), ERROR status, remote parent. */
export function makeSdkSpans(n: number, resource: SdkResource = benchResource()): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('bench-lib', '0.1.0');
  const parent: Context = trace.setSpanContext(context.active(), REMOTE_PARENT);
  for (let i = 0; i < n; i++) {
    const span = tracer.startSpan('GET /v1/items/{id}', {
      kind: ApiSpanKind.CLIENT,
      attributes: {
        'http.request.method': 'GET',
        'url.full': `https://api.example.com/v1/items/${i}?expand=owner`,
        'server.address': 'api.example.com',
        'server.port': 443,
        'http.response.status_code': 503,
        'retry.ratio': 0.25 + i / 1e6,
        'cache.hit': i % 2 === 0,
        'request.tags': ['alpha', 'beta', 'gamma'],
      },
    }, parent);
    span.addEvent('retry', { 'retry.attempt': 1, 'retry.reason': 'upstream timeout' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'Service Unavailable' });
    span.end();
  }
  const spans = exporter.getFinishedSpans();
  void provider.shutdown();
  return spans;
}

/** Emits `n` log records: string body, INFO severity, 6 attributes, trace context of a remote span. */
export function makeSdkLogs(n: number, resource: SdkResource = benchResource()): ReadableLogRecord[] {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('bench-lib', '0.1.0');
  const ctx = trace.setSpanContext(context.active(), REMOTE_PARENT);
  for (let i = 0; i < n; i++) {
    logger.emit({
      severityNumber: 9,
      severityText: 'INFO',
      body: `request ${i} completed in ${(i % 97) + 3} ms`,
      attributes: {
        'event.name': 'http.request',
        'http.request.method': 'POST',
        'http.response.status_code': 200,
        'duration.ms': 12.5 + (i % 10),
        'user.authenticated': true,
        'session.id': `sess-${i % 50}`,
      },
      context: ctx,
    });
  }
  const records = exporter.getFinishedLogRecords();
  void provider.shutdown();
  return records;
}

// One model Resource / scope object per SDK object, so grouping matches the SDK's.
const resources = new Map<SdkResource, Resource>();
const scopes = new Map<string, InstrumentationScope>();

/** Our Resource for an SDK resource (same object for the same SDK resource). */
export function resourceOf(r: SdkResource): Resource {
  let out = resources.get(r);
  if (out === undefined) {
    out = r.schemaUrl ? { attributes: { ...r.attributes } as Attributes, schemaUrl: r.schemaUrl } : { attributes: { ...r.attributes } as Attributes };
    resources.set(r, out);
  }
  return out;
}

function scopeOf(s: { name: string; version?: string | undefined; schemaUrl?: string | undefined; attributes?: object | undefined }): InstrumentationScope {
  const key = `${s.name}@${s.version ?? ''}:${s.schemaUrl ?? ''}`;
  let out = scopes.get(key);
  if (out === undefined) {
    const o: { name: string; version?: string; schemaUrl?: string; attributes?: Attributes } = { name: s.name };
    if (s.version) o.version = s.version;
    if (s.schemaUrl) o.schemaUrl = s.schemaUrl;
    if (s.attributes && Object.keys(s.attributes).length > 0) o.attributes = { ...s.attributes } as Attributes;
    scopes.set(key, (out = o));
  }
  return out;
}

/** SDK span → SpanData, with the SDK's own flags rule (trace flags | HAS_IS_REMOTE | IS_REMOTE). */
export function spanDataFromSdk(s: ReadableSpan): SpanData {
  const ctx = s.spanContext();
  const parent = s.parentSpanContext;
  return {
    resource: resourceOf(s.resource),
    scope: scopeOf(s.instrumentationScope),
    traceId: ctx.traceId, spanId: ctx.spanId, parentSpanId: parent?.spanId ?? '',
    traceState: ctx.traceState?.serialize() ?? '',
    flags: (ctx.traceFlags & 0xff) | 0x100 | (parent?.isRemote ? 0x200 : 0),
    name: s.name, kind: s.kind + 1,
    startSec: s.startTime[0], startNs: s.startTime[1], endSec: s.endTime[0], endNs: s.endTime[1],
    attributes: s.attributes as Attributes, droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map((e) => ({ name: e.name, timeSec: e.time[0], timeNs: e.time[1], attributes: (e.attributes ?? {}) as Attributes, droppedAttributesCount: e.droppedAttributesCount ?? 0 })),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map((l) => ({
      traceId: l.context.traceId, spanId: l.context.spanId, traceState: l.context.traceState?.serialize() ?? '',
      attributes: (l.attributes ?? {}) as Attributes, droppedAttributesCount: l.droppedAttributesCount ?? 0,
      flags: (l.context.traceFlags & 0xff) | 0x100 | (l.context.isRemote ? 0x200 : 0),
    })),
    droppedLinksCount: s.droppedLinksCount,
    statusCode: s.status.code, statusMessage: s.status.message ?? '',
  };
}

/** SDK log record → LogRecordData (flags = the span context's trace flags, as the SDK writes). */
export function logDataFromSdk(r: ReadableLogRecord): LogRecordData {
  const sc = r.spanContext;
  return {
    resource: resourceOf(r.resource),
    scope: scopeOf(r.instrumentationScope),
    timeSec: r.hrTime[0], timeNs: r.hrTime[1], observedSec: r.hrTimeObserved[0], observedNs: r.hrTimeObserved[1],
    severityNumber: r.severityNumber ?? 0, severityText: r.severityText ?? '',
    body: r.body as LogAnyValue as AttributeValue,
    attributes: r.attributes as Attributes, droppedAttributesCount: r.droppedAttributesCount,
    flags: sc?.traceFlags ?? 0, traceId: sc?.traceId ?? '', spanId: sc?.spanId ?? '', eventName: r.eventName ?? '',
  };
}

/** A pull reader: `collect()` returns what the SDK would export. */
export class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** SDK ResourceMetrics → MetricData[] (asInt for INT instruments, as the SDK writes). */
export function metricDataFromSdk(rm: ResourceMetrics): MetricData[] {
  const resource = resourceOf(rm.resource);
  const out: MetricData[] = [];
  for (const sm of rm.scopeMetrics) {
    const scope = scopeOf(sm.scope);
    for (const m of sm.metrics) out.push(metricOf(m, resource, scope));
  }
  return out;
}

function metricOf(m: SdkMetricData, resource: Resource, scope: InstrumentationScope): MetricData {
  const head = { resource, scope, name: m.descriptor.name, description: m.descriptor.description, unit: m.descriptor.unit };
  const temporality = m.aggregationTemporality === SdkTemporality.DELTA ? 1 : 2;
  const isInt = m.descriptor.valueType === ValueType.INT;
  const base = (p: { attributes: ApiAttributes; startTime: [number, number]; endTime: [number, number] }): PointBase => ({
    attributes: p.attributes as Attributes, startSec: p.startTime[0], startNs: p.startTime[1], timeSec: p.endTime[0], timeNs: p.endTime[1], flags: 0,
  });
  switch (m.dataPointType) {
    case DataPointType.SUM:
      return { ...head, type: 'sum', temporality, isMonotonic: m.isMonotonic, points: m.dataPoints.map((p) => ({ ...base(p), value: p.value, isInt })) };
    case DataPointType.GAUGE:
      return { ...head, type: 'gauge', points: m.dataPoints.map((p) => ({ ...base(p), value: p.value, isInt })) };
    case DataPointType.HISTOGRAM:
      return {
        ...head, type: 'histogram', temporality,
        points: m.dataPoints.map((p) => ({
          ...base(p), count: p.value.count, sum: p.value.sum, min: p.value.min, max: p.value.max,
          bucketCounts: p.value.buckets.counts, explicitBounds: p.value.buckets.boundaries,
        })),
      };
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return {
        ...head, type: 'exponentialHistogram', temporality,
        points: m.dataPoints.map((p) => ({
          ...base(p), count: p.value.count, sum: p.value.sum, min: p.value.min, max: p.value.max, scale: p.value.scale,
          zeroCount: p.value.zeroCount, zeroThreshold: 0, positive: p.value.positive, negative: p.value.negative,
        })),
      };
  }
}
