// Metrics benchmark: counter.add / histogram.record over 100 attribute sets (3 string
// attributes each), per call (a fresh tags object per call) and through bound handles, then
// record + collect + encode of 200 points. otlp-lite's MetricsClient vs @opentelemetry/sdk-metrics
// 2.12.1 with a reader attached (without one the SDK skips aggregation entirely), plus a plain
// array-increment floor for the bound case, alternating rounds in one process.
// Run: npx tsx bench/metrics.bench.ts [--quick]

import { pathToFileURL } from 'node:url';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { compare, isQuick, type Comparison } from './harness.ts';
import { InMemoryMetricExporter, MetricsClient, MetricsConfig } from '../lib/facades/metrics-client.ts';
import { encodeMetricsToBytes } from '../proto-json/metrics.ts';

const SETS = 100;
const PASSES = 10; // calls per run() = SETS * PASSES
const CALLS = SETS * PASSES;

/** A reader the benchmark collects by hand (the SDK's ManualReader equivalent). */
class BenchReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

type Tags = { a: string; b: string; c: string };

function attributeSets(): Tags[] {
  const out: Tags[] = [];
  for (let i = 0; i < SETS; i++) out.push({ a: `route-${i % 10}`, b: `status-${Math.floor(i / 10)}`, c: 'shell' });
  return out;
}

function ourClient(): MetricsClient {
  // Periodic reader (1 h interval, in-memory exporter) + the runtime reader, like a Codex session.
  return new MetricsClient(
    MetricsConfig.inMemory('bench', 'codex-cli', '1.0.0', new InMemoryMetricExporter()).withExportInterval(3_600_000).withRuntimeReader().withTag('service', 'codex-cli'),
  );
}

function sdkMeter(temporality: 'delta' | 'cumulative' = 'cumulative') {
  const reader = new BenchReader({
    aggregationTemporalitySelector: () => (temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE),
  });
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, provider, meter: provider.getMeter('codex') };
}

/** Runs the metrics workloads; resolves to one Comparison per workload. */
export async function run(opts: { quick: boolean }): Promise<Comparison[]> {
  const harness = opts.quick ? { rounds: 3, minMs: 80 } : { rounds: 7, minMs: 200 };
  const sets = attributeSets();
  const results: Comparison[] = [];
  const ours = ourClient();
  const sdk = sdkMeter();
  const sdkCounter = sdk.meter.createCounter('codex.turns');
  const sdkHistogram = sdk.meter.createHistogram('codex.tool_latency');
  // Recordings made, checked against what each side aggregated at the end: nothing may be lost.
  const made = { oursCounter: 0, oursHistogram: 0, oursBoundCounter: 0, oursBoundHistogram: 0, sdkCounter: 0, sdkHistogram: 0 };

  // ---- per call: a fresh tags object each call, as callers write it
  results.push(await compare(`counter per call, 3 tags, ${SETS} attribute sets (ns per add)`, [
    {
      name: 'otlp-lite counter(name, 1, { a, b, c })', impl: 'otlp-lite', items: CALLS,
      run: () => {
        for (let p = 0; p < PASSES; p++) for (let i = 0; i < SETS; i++) { const t = sets[i]!; ours.counter('codex.turns', 1, { a: t.a, b: t.b, c: t.c }); }
        made.oursCounter += CALLS;
      },
    },
    {
      name: 'sdk counter.add(1, { a, b, c })', impl: 'sdk', items: CALLS,
      run: () => {
        for (let p = 0; p < PASSES; p++) for (let i = 0; i < SETS; i++) { const t = sets[i]!; sdkCounter.add(1, { a: t.a, b: t.b, c: t.c }); }
        made.sdkCounter += CALLS;
      },
    },
  ], harness));

  results.push(await compare(`histogram per call, 3 tags, ${SETS} attribute sets (ns per record)`, [
    {
      name: 'otlp-lite histogram(name, v, { a, b, c })', impl: 'otlp-lite', items: CALLS,
      run: () => {
        for (let p = 0; p < PASSES; p++) for (let i = 0; i < SETS; i++) { const t = sets[i]!; ours.histogram('codex.tool_latency', i * 37, { a: t.a, b: t.b, c: t.c }); }
        made.oursHistogram += CALLS;
      },
    },
    {
      name: 'sdk histogram.record(v, { a, b, c })', impl: 'sdk', items: CALLS,
      run: () => {
        for (let p = 0; p < PASSES; p++) for (let i = 0; i < SETS; i++) { const t = sets[i]!; sdkHistogram.record(i * 37, { a: t.a, b: t.b, c: t.c }); }
        made.sdkHistogram += CALLS;
      },
    },
  ], harness));

  // ---- bound: ours binds once per attribute set; the SDK has no bound instruments, so it gets
  // its best case (the same prebuilt attribute object every call).
  const boundCounters = sets.map((t) => ours.bind('counter', 'codex.bound_turns', t));
  const boundHistograms = sets.map((t) => ours.bind('histogram', 'codex.bound_latency', t));
  const floor = new Float64Array(SETS);
  results.push(await compare(`bound counter, ${SETS} attribute sets (ns per add)`, [
    {
      name: 'otlp-lite bind(counter).add(1)', impl: 'otlp-lite', items: CALLS,
      run: () => {
        for (let p = 0; p < PASSES; p++) for (let i = 0; i < SETS; i++) boundCounters[i]!.add(1);
        made.oursBoundCounter += CALLS;
      },
    },
    {
      name: 'sdk counter.add(1, prebuilt attrs)', impl: 'sdk', items: CALLS,
      run: () => {
        for (let p = 0; p < PASSES; p++) for (let i = 0; i < SETS; i++) sdkCounter.add(1, sets[i]!);
        made.sdkCounter += CALLS;
      },
    },
    {
      name: 'floor Float64Array[i] += 1', impl: 'floor', items: CALLS,
      run: () => {
        for (let p = 0; p < PASSES; p++) for (let i = 0; i < SETS; i++) floor[i]! += 1;
        return floor;
      },
    },
  ], harness));

  results.push(await compare(`bound histogram, ${SETS} attribute sets (ns per record)`, [
    {
      name: 'otlp-lite bind(histogram).record(v)', impl: 'otlp-lite', items: CALLS,
      run: () => {
        for (let p = 0; p < PASSES; p++) for (let i = 0; i < SETS; i++) boundHistograms[i]!.record(i * 37);
        made.oursBoundHistogram += CALLS;
      },
    },
    {
      name: 'sdk histogram.record(v, prebuilt attrs)', impl: 'sdk', items: CALLS,
      run: () => {
        for (let p = 0; p < PASSES; p++) for (let i = 0; i < SETS; i++) sdkHistogram.record(i * 37, sets[i]!);
        made.sdkHistogram += CALLS;
      },
    },
  ], harness));

  // ---- record 200 points (counter + histogram per set), collect (delta) and encode to OTLP/JSON bytes
  const oursC = ourClient();
  const sdkC = sdkMeter('delta');
  const cC = sdkC.meter.createCounter('codex.turns');
  const cH = sdkC.meter.createHistogram('codex.tool_latency');
  const POINTS = SETS * 2;
  const check = oursC.snapshot(); // empty: nothing recorded yet
  if (check.scopeMetrics.length !== 0) throw new Error('bench setup: expected an empty first snapshot');
  results.push(await compare(`record + collect + encode ${POINTS} points → OTLP/JSON bytes (ns per point)`, [
    {
      name: 'otlp-lite snapshot() → encodeMetricsToBytes', impl: 'otlp-lite', items: POINTS,
      run: () => {
        for (let i = 0; i < SETS; i++) { const t = sets[i]!; oursC.counter('codex.turns', 1, t); oursC.histogram('codex.tool_latency', i * 37, t); }
        const rm = oursC.snapshot();
        return encodeMetricsToBytes(rm.scopeMetrics[0]!.metrics);
      },
    },
    {
      name: 'sdk reader.collect() → JsonMetricsSerializer', impl: 'sdk', items: POINTS,
      run: async () => {
        for (let i = 0; i < SETS; i++) { const t = sets[i]!; cC.add(1, t); cH.record(i * 37, t); }
        const { resourceMetrics } = await sdkC.reader.collect();
        return JsonMetricsSerializer.serializeRequest(resourceMetrics);
      },
    },
  ], harness));

  // Arrival check: what each side aggregated must equal what was recorded, else the run is void.
  const oursTotals = new Map<string, number>();
  for (const sm of ours.snapshot().scopeMetrics) {
    for (const m of sm.metrics) {
      let total = 0;
      if (m.type === 'sum') for (const pt of m.points) total += pt.value;
      else if (m.type === 'histogram') for (const pt of m.points) total += pt.count;
      oursTotals.set(m.name, total);
    }
  }
  const sdkTotals = new Map<string, number>();
  for (const sm of (await sdk.reader.collect()).resourceMetrics.scopeMetrics) {
    for (const m of sm.metrics) {
      let total = 0;
      for (const dp of m.dataPoints as { value: number | { count: number } }[]) total += typeof dp.value === 'number' ? dp.value : dp.value.count;
      sdkTotals.set(m.descriptor.name, total);
    }
  }
  const expected: [string, number | undefined, number][] = [
    ['otlp-lite codex.turns', oursTotals.get('codex.turns'), made.oursCounter],
    ['otlp-lite codex.tool_latency', oursTotals.get('codex.tool_latency'), made.oursHistogram],
    ['otlp-lite codex.bound_turns', oursTotals.get('codex.bound_turns'), made.oursBoundCounter],
    ['otlp-lite codex.bound_latency', oursTotals.get('codex.bound_latency'), made.oursBoundHistogram],
    ['sdk codex.turns', sdkTotals.get('codex.turns'), made.sdkCounter],
    ['sdk codex.tool_latency', sdkTotals.get('codex.tool_latency'), made.sdkHistogram],
  ];
  const lost = expected.filter(([, got, want]) => got !== want);
  process.stderr.write(`recorded → aggregated: ${expected.map(([n, got, want]) => `${n} ${want} → ${got ?? 0}`).join(', ')}\n`);
  await Promise.all([ours.shutdown(), oursC.shutdown(), sdk.provider.shutdown(), sdkC.provider.shutdown()]);
  if (lost.length > 0) throw new Error(`recordings were lost, so the figures are not comparable: ${lost.map(([n, got, want]) => `${n} ${want} → ${got ?? 0}`).join(', ')}`);
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ quick: isQuick });
}
