// Protobuf benchmark: 10,000 spans and 10,000 log records (the bench/encode.bench.ts shapes) →
// OTLP protobuf bytes, otlp-lite vs the official SDK's ProtobufTraceSerializer /
// ProtobufLogsSerializer (fed the SDK's own ReadableSpan / ReadableLogRecord objects), with our
// own OTLP/JSON encoder alongside (labelled 'floor' only so the harness prints the paired ratio
// protobuf / JSON). Also decode speed (protobuf vs JSON, the receiver's side) and body sizes.
// Run: npx tsx bench/protobuf.bench.ts [--quick]

import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { compare, isQuick, type Comparison } from './harness.ts';
import type { Metric } from './report.ts';
import { decodeRequest, encodeLogsToBytes, encodeTracesToBytes } from '../proto-json/index.ts';
import { decodeProtobufRequest, decodeTracesProtobuf, decodeLogsProtobuf, encodeLogsProtobuf, encodeTracesProtobuf } from '../proto-json/protobuf/index.ts';
import { logDataFromSdk, makeSdkLogs, makeSdkSpans, spanDataFromSdk } from '../spec/proto-json/sdk-records.ts';

const N = 10_000;

/** Body sizes of one workload, bytes (gzip level 6 in parentheses). */
export interface Sizes {
  workload: string;
  otlpLiteProtobuf: number;
  sdkProtobuf: number;
  otlpLiteJson: number;
  sdkJson: number;
  gzip: { otlpLiteProtobuf: number; sdkProtobuf: number; otlpLiteJson: number; sdkJson: number };
}

type HarnessOpts = { rounds: number; minMs: number };

/**
 * Runs the protobuf workloads; resolves to the speed comparisons, the body sizes, and the sizes as
 * suite metrics (ours vs the SDK's protobuf, and protobuf vs our JSON).
 */
export async function run(opts: { quick: boolean }): Promise<{ comparisons: Comparison[]; sizes: Sizes[]; sizeMetrics: Metric[] }> {
  const harness = opts.quick ? { rounds: 3, minMs: 80 } : { rounds: 7, minMs: 200 };
  const sizes: Sizes[] = [];
  const comparisons = [await traces(harness, sizes), await logs(harness, sizes), await decode(harness)];
  printSizes(sizes);
  return { comparisons, sizes, sizeMetrics: sizes.flatMap(sizeMetrics) };
}

function sizeMetrics(s: Sizes): Metric[] {
  const at = (n: number) => ({ median: n, min: n, max: n });
  const ratio = (a: number, b: number, vs: 'sdk' | 'floor') => ({ ...at(a / b), vs });
  return [
    { name: `protobuf body size, ${s.workload} (vs sdk protobuf)`, unit: 'bytes', ours: at(s.otlpLiteProtobuf), sdk: at(s.sdkProtobuf), ratio: ratio(s.otlpLiteProtobuf, s.sdkProtobuf, 'sdk') },
    {
      name: `protobuf body size, ${s.workload} (vs our JSON)`, unit: 'bytes', ours: at(s.otlpLiteProtobuf), floor: at(s.otlpLiteJson), ratio: ratio(s.otlpLiteProtobuf, s.otlpLiteJson, 'floor'),
      note: `gzip -6: protobuf ${s.gzip.otlpLiteProtobuf} B, JSON ${s.gzip.otlpLiteJson} B`,
    },
  ];
}

function measure(workload: string, ours: Uint8Array, sdk: Uint8Array, oursJson: Uint8Array, sdkJson: Uint8Array): Sizes {
  const gz = (b: Uint8Array): number => gzipSync(b).length;
  return {
    workload, otlpLiteProtobuf: ours.length, sdkProtobuf: sdk.length, otlpLiteJson: oursJson.length, sdkJson: sdkJson.length,
    gzip: { otlpLiteProtobuf: gz(ours), sdkProtobuf: gz(sdk), otlpLiteJson: gz(oursJson), sdkJson: gz(sdkJson) },
  };
}

async function traces(harness: HarnessOpts, sizes: Sizes[]): Promise<Comparison> {
  const sdkSpans = makeSdkSpans(N);
  const spans = sdkSpans.map(spanDataFromSdk);
  const ours = encodeTracesProtobuf(spans);
  const theirs = ProtobufTraceSerializer.serializeRequest(sdkSpans)!;
  check(decodeTracesProtobuf(ours).resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.length, 'spans');
  sizes.push(measure(`${N} spans`, ours, theirs, encodeTracesToBytes(spans), JsonTraceSerializer.serializeRequest(sdkSpans)!));
  return compare(`encode ${N} spans → OTLP protobuf bytes (ns per span)`, [
    { name: 'otlp-lite encodeTracesProtobuf', impl: 'otlp-lite', items: N, run: () => encodeTracesProtobuf(spans) },
    { name: 'sdk ProtobufTraceSerializer', impl: 'sdk', items: N, run: () => ProtobufTraceSerializer.serializeRequest(sdkSpans) },
    { name: 'otlp-lite JSON encodeTracesToBytes', impl: 'floor', items: N, run: () => encodeTracesToBytes(spans) },
  ], harness);
}

async function logs(harness: HarnessOpts, sizes: Sizes[]): Promise<Comparison> {
  const sdkLogs = makeSdkLogs(N);
  const records = sdkLogs.map(logDataFromSdk);
  const ours = encodeLogsProtobuf(records);
  check(decodeLogsProtobuf(ours).resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.length, 'log records');
  sizes.push(measure(`${N} log records`, ours, ProtobufLogsSerializer.serializeRequest(sdkLogs)!, encodeLogsToBytes(records), JsonLogsSerializer.serializeRequest(sdkLogs)!));
  return compare(`encode ${N} log records → OTLP protobuf bytes (ns per record)`, [
    { name: 'otlp-lite encodeLogsProtobuf', impl: 'otlp-lite', items: N, run: () => encodeLogsProtobuf(records) },
    { name: 'sdk ProtobufLogsSerializer', impl: 'sdk', items: N, run: () => ProtobufLogsSerializer.serializeRequest(sdkLogs) },
    { name: 'otlp-lite JSON encodeLogsToBytes', impl: 'floor', items: N, run: () => encodeLogsToBytes(records) },
  ], harness);
}

// The receiver's side: validating decode of the same 10,000 spans from protobuf vs from JSON.
async function decode(harness: HarnessOpts): Promise<Comparison> {
  const spans = makeSdkSpans(N).map(spanDataFromSdk);
  const proto = encodeTracesProtobuf(spans);
  const json = encodeTracesToBytes(spans);
  return compare(`decode ${N} spans (validating, canonical wire objects; ns per span)`, [
    { name: 'otlp-lite decodeProtobufRequest', impl: 'otlp-lite', items: N, run: () => decodeProtobufRequest('traces', proto, { partial: true }) },
    { name: 'otlp-lite JSON decodeRequest', impl: 'floor', items: N, run: () => decodeRequest('traces', json, { partial: true }) },
  ], harness);
}

function check(n: number | undefined, what: string): void {
  if (n !== N) throw new Error(`bench setup: expected ${N} ${what} in the decoded output, got ${String(n)}`);
}

function printSizes(sizes: Sizes[]): void {
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  let text = '\n== body sizes (gzip -6 in parentheses) ==\n';
  for (const s of sizes) {
    text += `${s.workload}: otlp-lite protobuf ${kb(s.otlpLiteProtobuf)} (${kb(s.gzip.otlpLiteProtobuf)}), sdk protobuf ${kb(s.sdkProtobuf)} (${kb(s.gzip.sdkProtobuf)}), `
      + `otlp-lite JSON ${kb(s.otlpLiteJson)} (${kb(s.gzip.otlpLiteJson)}), sdk JSON ${kb(s.sdkJson)} (${kb(s.gzip.sdkJson)}); `
      + `protobuf/JSON ${(s.otlpLiteProtobuf / s.otlpLiteJson).toFixed(3)}x, ours/sdk protobuf ${(s.otlpLiteProtobuf / s.sdkProtobuf).toFixed(3)}x\n`;
  }
  process.stderr.write(text);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ quick: isQuick });
}
