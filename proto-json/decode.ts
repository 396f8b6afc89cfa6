// Validating OTLP/JSON decoders for request and response bodies of the three signals (used by the
// embedded receiver and the specs). Holds the message tables; the reading rules are in
// decode-core.ts. Output is the canonical wire form described on `decodeTracesRequest`.

import { DecodeError, DecodeLimitError } from './errors.ts';
import { message, readMessage, readScalar, type DecodeContext, type DecodeLimits, type MessageSpec } from './decode-core.ts';

export type { DecodeLimits };
import type { ExportLogsServiceRequest, ExportMetricsServiceRequest, ExportTraceServiceRequest } from './types.ts';

// ---------------------------------------------------------------- message tables

const one = (): number => 1;

const EntityRef = message('EntityRef', { schemaUrl: 'string', type: 'string', idKeys: { list: 'string' }, descriptionKeys: { list: 'string' } });
const Resource = message('Resource', { attributes: 'keyValues', droppedAttributesCount: 'uint32', entityRefs: { list: EntityRef } });
const Scope = message('InstrumentationScope', { name: 'string', version: 'string', attributes: 'keyValues', droppedAttributesCount: 'uint32' });

const Status = message('Status', { message: 'string', code: 'enum' }, { dropEmpty: true });
const SpanEvent = message('Span.Event', { timeUnixNano: 'uint64', name: 'string', attributes: 'keyValues', droppedAttributesCount: 'uint32' });
const SpanLink = message('Span.Link', {
  traceId: 'traceId', spanId: 'spanId', traceState: 'string', attributes: 'keyValues', droppedAttributesCount: 'uint32', flags: 'uint32',
}, { required: ['traceId', 'spanId'] });
const Span = message('Span', {
  traceId: 'traceId', spanId: 'spanId', traceState: 'string', parentSpanId: 'spanId', flags: 'uint32', name: 'string', kind: 'enum',
  startTimeUnixNano: 'uint64', endTimeUnixNano: 'uint64', attributes: 'keyValues', droppedAttributesCount: 'uint32',
  events: { list: SpanEvent }, droppedEventsCount: 'uint32', links: { list: SpanLink }, droppedLinksCount: 'uint32',
  status: { message: Status },
}, { rejects: one, required: ['traceId', 'spanId'] });
const ScopeSpans = message('ScopeSpans', { scope: { message: Scope }, spans: { list: Span }, schemaUrl: 'string' });
const ResourceSpans = message('ResourceSpans', { resource: { message: Resource }, scopeSpans: { list: ScopeSpans }, schemaUrl: 'string' });
const TracesRequest = message('ExportTraceServiceRequest', { resourceSpans: { list: ResourceSpans } });

const LogRecord = message('LogRecord', {
  timeUnixNano: 'uint64', observedTimeUnixNano: 'uint64', severityNumber: 'enum', severityText: 'string', body: 'anyValue',
  attributes: 'keyValues', droppedAttributesCount: 'uint32', flags: 'uint32', traceId: 'traceId', spanId: 'spanId', eventName: 'string',
}, { rejects: one });
const ScopeLogs = message('ScopeLogs', { scope: { message: Scope }, logRecords: { list: LogRecord }, schemaUrl: 'string' });
const ResourceLogs = message('ResourceLogs', { resource: { message: Resource }, scopeLogs: { list: ScopeLogs }, schemaUrl: 'string' });
const LogsRequest = message('ExportLogsServiceRequest', { resourceLogs: { list: ResourceLogs } });

const Exemplar = message('Exemplar', {
  filteredAttributes: 'keyValues', timeUnixNano: 'uint64', asDouble: 'oneofDouble', asInt: 'oneofInt64', spanId: 'spanId', traceId: 'traceId',
}, { oneofs: [['asDouble', 'asInt']] });
const pointTimes = { attributes: 'keyValues', startTimeUnixNano: 'uint64', timeUnixNano: 'uint64' } as const;
const NumberDataPoint = message('NumberDataPoint', {
  ...pointTimes, asDouble: 'oneofDouble', asInt: 'oneofInt64', exemplars: { list: Exemplar }, flags: 'uint32',
}, { oneofs: [['asDouble', 'asInt']], rejects: one });
const HistogramDataPoint = message('HistogramDataPoint', {
  ...pointTimes, count: 'uint64', sum: 'optionalDouble', bucketCounts: { list: 'uint64' }, explicitBounds: { list: 'double' },
  exemplars: { list: Exemplar }, flags: 'uint32', min: 'optionalDouble', max: 'optionalDouble',
}, { rejects: one });
const Buckets = message('ExponentialHistogramDataPoint.Buckets', { offset: 'int32', bucketCounts: { list: 'uint64' } }, { dropEmpty: true });
const ExponentialHistogramDataPoint = message('ExponentialHistogramDataPoint', {
  ...pointTimes, count: 'uint64', sum: 'optionalDouble', scale: 'int32', zeroCount: 'uint64',
  positive: { message: Buckets }, negative: { message: Buckets }, flags: 'uint32', exemplars: { list: Exemplar },
  min: 'optionalDouble', max: 'optionalDouble', zeroThreshold: 'double',
}, { rejects: one });
const ValueAtQuantile = message('SummaryDataPoint.ValueAtQuantile', { quantile: 'double', value: 'double' });
const SummaryDataPoint = message('SummaryDataPoint', {
  ...pointTimes, count: 'uint64', sum: 'double', quantileValues: { list: ValueAtQuantile }, flags: 'uint32',
}, { rejects: one });
const Gauge = message('Gauge', { dataPoints: { list: NumberDataPoint } });
const Sum = message('Sum', { dataPoints: { list: NumberDataPoint }, aggregationTemporality: 'enum', isMonotonic: 'bool' });
const Histogram = message('Histogram', { dataPoints: { list: HistogramDataPoint }, aggregationTemporality: 'enum' });
const ExponentialHistogram = message('ExponentialHistogram', { dataPoints: { list: ExponentialHistogramDataPoint }, aggregationTemporality: 'enum' });
const Summary = message('Summary', { dataPoints: { list: SummaryDataPoint } });
const METRIC_DATA = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;
const Metric = message('Metric', {
  name: 'string', description: 'string', unit: 'string', gauge: { message: Gauge }, sum: { message: Sum },
  histogram: { message: Histogram }, exponentialHistogram: { message: ExponentialHistogram }, summary: { message: Summary },
  metadata: 'keyValues',
}, { oneofs: [METRIC_DATA], rejects: rawPointCount });
const ScopeMetrics = message('ScopeMetrics', { scope: { message: Scope }, metrics: { list: Metric }, schemaUrl: 'string' });
const ResourceMetrics = message('ResourceMetrics', { resource: { message: Resource }, scopeMetrics: { list: ScopeMetrics }, schemaUrl: 'string' });
const MetricsRequest = message('ExportMetricsServiceRequest', { resourceMetrics: { list: ResourceMetrics } });

// A metric that fails as a whole rejects the data points it carried (at least 1).
function rawPointCount(raw: unknown): number {
  let n = 0;
  if (typeof raw === 'object' && raw !== null) {
    for (const k of METRIC_DATA) {
      const points = ((raw as Record<string, unknown>)[k] as { dataPoints?: unknown } | undefined)?.dataPoints;
      if (Array.isArray(points)) n += points.length;
    }
  }
  return Math.max(1, n);
}

// ---------------------------------------------------------------- public API

/** An OTLP signal name. */
export type OtlpSignal = 'traces' | 'logs' | 'metrics';

/** Request type per signal. */
export interface RequestBySignal {
  traces: ExportTraceServiceRequest;
  logs: ExportLogsServiceRequest;
  metrics: ExportMetricsServiceRequest;
}

const REQUESTS: Record<OtlpSignal, MessageSpec> = { traces: TracesRequest, logs: LogsRequest, metrics: MetricsRequest };

/** What `decodeRequest` returns. `items` counts accepted spans / log records / data points. */
export interface DecodedRequest<S extends OtlpSignal> {
  request: RequestBySignal[S];
  items: number;
  /** Items left out because they were invalid (partial mode only; else always 0). */
  rejected: number;
  /** The first errors of rejected items (at most 16), for `partialSuccess.errorMessage`. */
  errors: DecodeError[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Parses a body (string or UTF-8 bytes) into JSON. Throws DecodeError at `$`. */
export function parseBody(body: string | Uint8Array): unknown {
  let text: string;
  if (typeof body === 'string') text = body;
  else {
    try { text = utf8.decode(body); } catch { throw new DecodeError('$', 'body is not valid UTF-8'); }
  }
  try { return JSON.parse(text); } catch (err) {
    throw new DecodeError('$', `invalid JSON: ${(err as Error).message}`);
  }
}

/** Options of `decodeRequest` and `decodeProtobufRequest`. */
export interface DecodeOptions {
  /** Leave faulty items out (counted in `rejected`) instead of failing the whole request. */
  readonly partial?: boolean;
  /**
   * Also refuse what our encoder never writes: a span or link without both ids, an all-zero trace
   * or span id anywhere.
   */
  readonly strict?: boolean;
  /** Refuse (DecodeLimitError) a request holding more items or values than this. */
  readonly limits?: DecodeLimits;
}

/** JSON nesting deeper than this is refused before parsing (AnyValue depth 256 needs about 800). */
export const MAX_JSON_DEPTH = 1024;

/**
 * Refuses a JSON body before JSON.parse builds it when it holds more objects and arrays than a
 * request within `limits` can (every item is at least one, every value at most two), or nests
 * deeper than MAX_JSON_DEPTH. One linear scan over the bytes; strings are skipped.
 * @throws DecodeLimitError
 */
export function scanJsonBudget(body: string | Uint8Array, limits: DecodeLimits): void {
  const budget = limits.maxItems + 2 * limits.maxValues + 64;
  const text = typeof body === 'string';
  const n = body.length;
  let containers = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < n; i++) {
    const c = text ? (body as string).charCodeAt(i) : (body as Uint8Array)[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw new DecodeLimitError('$', 'depth', `JSON nested deeper than ${MAX_JSON_DEPTH}`);
      if (++containers > budget) {
        throw new DecodeLimitError('$', 'values', `JSON body holds more than ${budget} objects and arrays (limits: ${limits.maxItems} items, ${limits.maxValues} values)`);
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/**
 * Decodes and validates a request body of `signal`. Throws DecodeError naming the JSON path of the
 * first fault. With `partial: true`, a faulty span / log record / data point (or a whole metric)
 * is left out and counted in `rejected` instead; faults above item level still throw.
 */
export function decodeRequest<S extends OtlpSignal>(signal: S, body: string | Uint8Array, opts: DecodeOptions = {}): DecodedRequest<S> {
  const ctx: DecodeContext = { partial: opts.partial === true, rejected: 0, errors: [], strict: opts.strict === true, limits: opts.limits, items: 0, values: 0 };
  if (opts.limits !== undefined) scanJsonBudget(body, opts.limits);
  const request = readMessage(REQUESTS[signal], parseBody(body), '', ctx) as RequestBySignal[S];
  return { request, items: countItems(signal, request), rejected: ctx.rejected, errors: ctx.errors };
}

/**
 * Decodes and validates an ExportTraceServiceRequest body (string or UTF-8 bytes).
 * Accepts int64 as string or number, hex ids in either case, NaN/Infinity strings, std or url-safe
 * base64, `null` as unset; ignores unknown fields. Returns the canonical form: int64 as decimal
 * strings, ids lower-case, doubles as numbers, bytes as padded standard base64, enums as numbers,
 * fields at their default value left out (except oneof members and optional sum/min/max), an empty
 * Status or exponential Buckets left out, KeyValue `value` always present.
 * @throws DecodeError(path, message) for invalid JSON or UTF-8, wrong types, wrong-length or non-hex
 *   ids, enums given as names, snake_case keys (e.g. `resource_spans`), two members of a oneof.
 */
export function decodeTracesRequest(body: string | Uint8Array): ExportTraceServiceRequest {
  return decodeRequest('traces', body).request;
}

/** Like `decodeTracesRequest`, for ExportLogsServiceRequest. @throws DecodeError */
export function decodeLogsRequest(body: string | Uint8Array): ExportLogsServiceRequest {
  return decodeRequest('logs', body).request;
}

/** Like `decodeTracesRequest`, for ExportMetricsServiceRequest. @throws DecodeError */
export function decodeMetricsRequest(body: string | Uint8Array): ExportMetricsServiceRequest {
  return decodeRequest('metrics', body).request;
}

/** Items in a decoded request: spans, log records, or metric data points. Never throws. */
export function countItems<S extends OtlpSignal>(signal: S, request: RequestBySignal[S]): number {
  let n = 0;
  if (signal === 'traces') {
    for (const rs of (request as ExportTraceServiceRequest).resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  } else if (signal === 'logs') {
    for (const rl of (request as ExportLogsServiceRequest).resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) n += sl.logRecords?.length ?? 0;
  } else {
    for (const rm of (request as ExportMetricsServiceRequest).resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          n += (m.gauge?.dataPoints?.length ?? 0) + (m.sum?.dataPoints?.length ?? 0) + (m.histogram?.dataPoints?.length ?? 0)
            + (m.exponentialHistogram?.dataPoints?.length ?? 0) + (m.summary?.dataPoints?.length ?? 0);
        }
      }
    }
  }
  return n;
}

const REJECTED_KEY: Record<OtlpSignal, string> = { traces: 'rejectedSpans', logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints' };

/**
 * Reads an Export*ServiceResponse body. Returns undefined for an empty body, `{}`, or no
 * `partialSuccess`; else `{ rejected, errorMessage }` (rejected may arrive as string or number;
 * `{0, ''}` also means full success).
 * @throws DecodeError for invalid JSON/UTF-8 or wrongly typed fields (e.g. rejected count "abc").
 */
export function decodeExportResponse(signal: OtlpSignal, body: string | Uint8Array): { rejected: number; errorMessage: string } | undefined {
  if (isBlank(body)) return undefined;
  const json = parseBody(body);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new DecodeError('$', 'expected an object (export response)');
  if ('partial_success' in json) throw new DecodeError('partial_success', 'snake_case key "partial_success" is not valid OTLP/JSON; use "partialSuccess"');
  const ps = (json as { partialSuccess?: unknown }).partialSuccess;
  if (ps === undefined || ps === null) return undefined;
  if (typeof ps !== 'object' || Array.isArray(ps)) throw new DecodeError('partialSuccess', `expected an object, got ${Array.isArray(ps) ? 'array' : typeof ps}`);
  const raw = ps as Record<string, unknown>;
  const key = REJECTED_KEY[signal];
  for (const k in raw) {
    if (k.includes('_')) throw new DecodeError('partialSuccess.' + k, `snake_case key "${k}" is not valid OTLP/JSON`);
  }
  const r = raw[key];
  const rejected = r === undefined || r === null ? '0' : (readScalar('int64', r, 'partialSuccess.' + key) as string);
  const m = raw['errorMessage'];
  const errorMessage = m === undefined || m === null ? '' : (readScalar('string', m, 'partialSuccess.errorMessage') as string);
  return { rejected: Math.max(0, Number(rejected)), errorMessage };
}

// Empty or whitespace-only.
function isBlank(body: string | Uint8Array): boolean {
  if (typeof body === 'string') return body.trim() === '';
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  }
  return true;
}
