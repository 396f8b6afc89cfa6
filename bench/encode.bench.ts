// Encode benchmark: 10,000 spans and 10,000 log records → OTLP/JSON bytes, otlp-lite vs the
// official SDK serializers (fed the SDK's own ReadableSpan / ReadableLogRecord objects) vs the
// floor `TextEncoder.encode(JSON.stringify(prebuilt OTLP object))`, alternating rounds in one
// process. Also keeps the alternatives we measured for output and escaping side by side.
// Run: npx tsx bench/encode.bench.ts [--quick]

import { pathToFileURL } from 'node:url';
import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { compare, isQuick, type Comparison } from './harness.ts';
import { decodeLogsRequest, decodeTracesRequest, encodeLogs, encodeLogsToBytes, encodeTraces, encodeTracesToBytes } from '../proto-json/index.ts';
import { quote } from '../proto-json/json.ts';
import { renderSpan } from '../proto-json/traces.ts';
import { logDataFromSdk, makeSdkLogs, makeSdkSpans, spanDataFromSdk } from '../spec/proto-json/sdk-records.ts';

const N = 10_000;

/** Runs the encode workloads; resolves to one Comparison per workload. */
export async function run(opts: { quick: boolean }): Promise<Comparison[]> {
  const harness = opts.quick ? { rounds: 3, minMs: 80 } : { rounds: 7, minMs: 200 };
  // One function per workload: its data is garbage before the next one starts.
  return [await traces(harness), await logs(harness), await outputAlternatives(harness), await escaping(harness)];
}

type HarnessOpts = { rounds: number; minMs: number };
const te = new TextEncoder();

async function traces(harness: HarnessOpts): Promise<Comparison> {
  const sdkSpans = makeSdkSpans(N);
  const spans = sdkSpans.map(spanDataFromSdk);
  const spanObject: unknown = JSON.parse(encodeTraces(spans)); // the same content as our output
  checkCount(decodeTracesRequest(encodeTracesToBytes(spans)).resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.length, 'spans');
  return compare(`encode ${N} spans → OTLP/JSON bytes (ns per span)`, [
    { name: 'otlp-lite encodeTracesToBytes', impl: 'otlp-lite', items: N, run: () => encodeTracesToBytes(spans) },
    { name: 'sdk JsonTraceSerializer', impl: 'sdk', items: N, run: () => JsonTraceSerializer.serializeRequest(sdkSpans) },
    { name: 'floor TextEncoder(JSON.stringify(obj))', impl: 'floor', items: N, run: () => te.encode(JSON.stringify(spanObject)) },
  ], harness);
}

async function logs(harness: HarnessOpts): Promise<Comparison> {
  const sdkLogs = makeSdkLogs(N);
  const records = sdkLogs.map(logDataFromSdk);
  const logObject: unknown = JSON.parse(encodeLogs(records));
  checkCount(decodeLogsRequest(encodeLogsToBytes(records)).resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.length, 'log records');
  return compare(`encode ${N} log records → OTLP/JSON bytes (ns per record)`, [
    { name: 'otlp-lite encodeLogsToBytes', impl: 'otlp-lite', items: N, run: () => encodeLogsToBytes(records) },
    { name: 'sdk JsonLogsSerializer', impl: 'sdk', items: N, run: () => JsonLogsSerializer.serializeRequest(sdkLogs) },
    { name: 'floor TextEncoder(JSON.stringify(obj))', impl: 'floor', items: N, run: () => te.encode(JSON.stringify(logObject)) },
  ], harness);
}

// How the bytes are produced: one string per span written into a growing Buffer (what
// encodeTracesToBytes does) vs one rope string for the whole body encoded at the end (the first
// design), and the string API (encodeTraces = those bytes decoded). All named "alt:" (reported
// side by side, not judged), each paired with the floor.
async function outputAlternatives(harness: HarnessOpts): Promise<Comparison> {
  const spans = makeSdkSpans(N).map(spanDataFromSdk);
  const spanObject: unknown = JSON.parse(encodeTraces(spans));
  const ropeThenBuffer = (): Buffer => {
    let body = '{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[';
    for (let i = 0; i < spans.length; i++) body += (i === 0 ? '' : ',') + renderSpan(spans[i]!);
    return Buffer.from(body + ']}]}]}');
  };
  return compare(`bytes output alternatives, ${N} spans (ns per span)`, [
    { name: 'alt: encodeTracesToBytes (utf8Write per span, shipped)', impl: 'otlp-lite', items: N, run: () => encodeTracesToBytes(spans) },
    { name: 'alt: one rope string, then Buffer.from', impl: 'otlp-lite', items: N, run: ropeThenBuffer },
    { name: 'alt: encodeTraces() string (bytes decoded)', impl: 'otlp-lite', items: N, run: () => encodeTraces(spans) },
    { name: 'floor TextEncoder(JSON.stringify(obj))', impl: 'floor', items: N, run: () => te.encode(JSON.stringify(spanObject)) },
  ], harness);
}

// String escaping: our quote() (regex pre-check, plain concatenation) vs JSON.stringify after isWellFormed().
async function escaping(harness: HarnessOpts): Promise<Comparison> {
  const strings = Array.from({ length: 1000 }, (_, i) =>
    ['GET', 'http.request.method', `https://api.example.com/v1/items/${i}?expand=owner`, `sess-${i % 50}`, 'Service Unavailable', `request ${i} completed in 12 ms`][i % 6]!);
  const out: string[] = new Array(strings.length);
  type WF = { isWellFormed(): boolean; toWellFormed(): string };
  return compare('quote 1,000 short strings (ns per string)', [
    { name: 'otlp-lite quote()', impl: 'otlp-lite', items: strings.length, run: () => { for (let i = 0; i < strings.length; i++) out[i] = quote(strings[i]!); return out; } },
    {
      name: 'floor JSON.stringify(isWellFormed ? s : toWellFormed)', impl: 'floor', items: strings.length,
      run: () => { for (let i = 0; i < strings.length; i++) { const s = strings[i]!; out[i] = JSON.stringify((s as unknown as WF).isWellFormed() ? s : (s as unknown as WF).toWellFormed()); } return out; },
    },
  ], harness);
}

function checkCount(n: number | undefined, what: string): void {
  if (n !== N) throw new Error(`bench setup: expected ${N} ${what} in the decoded output, got ${String(n)}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ quick: isQuick });
}
