// Workload 6, cold start: a fresh process imports the library and constructs a provider exporting
// all three signals over OTLP/HTTP (no export happens); performance.now() around the dynamic
// import and the constructors. Two comparisons, both sides alike in each:
// - bundled: the tiny app's library part (`export { OtelProvider } from 'otlp-lite'` vs the SDK
//   providers + OTLP/HTTP exporters) bundled with the bundle workload's esbuild options (ours from
//   the built dist/otlp-lite.js, the SDK from its ESM builds, mainFields module,main), then
//   imported as one file. Target ≤ 0.3× the SDK.
// - unbundled: ours from the package entry (`import('otlp-lite')` → dist/otlp-lite.js and its
//   chunks), the SDK from node_modules. Target ≤ 0.05× the SDK.
// Rounds alternate the cases (order rotated); ratios are paired per round. An empty process (the
// floor) gives the bare runtime's wall time.
// Run alone: npx tsx bench/cold-start.bench.ts [--quick]

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { builtAliases, BUNDLE_OPTIONS } from './bundle.bench.ts';
import { ensureBuilt } from './fixtures/build.ts';
import { benchRuntimeBin } from './fixtures/runtime.ts';
import type { Metric } from './report.ts';
import { median, spread } from './fixtures/stats.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, '.cache', 'bench', 'cold');
const URL_BASE = 'http://127.0.0.1:4318';

const OURS = (specifier: string): string => `
const t0 = performance.now();
const { OtelProvider } = await import(${JSON.stringify(specifier)});
const http = (p) => ({ kind: 'otlp-http', endpoint: '${URL_BASE}' + p, protocol: 'json' });
const p = OtelProvider.from(
  { serviceName: 'cold', serviceVersion: '1.0.0', environment: 'bench', traceExporter: http('/v1/traces'), exporter: http('/v1/logs'), metricsExporter: http('/v1/metrics') },
  { env: {}, beforeExitFlush: false },
);
if (!p || !p.enabled.traces || !p.enabled.logs || !p.enabled.metrics) throw new Error('not all signals enabled');
const t1 = performance.now();
process.stdout.write(JSON.stringify({ ms: t1 - t0, sinceStart: t1 }));
process.exit(0);
`;

/** The SDK's library part of the tiny app, re-exported so it can be bundled as one file. */
const SDK_LIB = `
export { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
export { LoggerProvider, BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
export { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
export { resourceFromAttributes } from '@opentelemetry/resources';
export { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
export { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
export { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
`;

const SDK_CONSTRUCT = `
const resource = resourceFromAttributes({ 'service.name': 'cold', 'service.version': '1.0.0', env: 'bench' });
const tp = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: '${URL_BASE}/v1/traces' }))] });
tp.getTracer('cold');
const lp = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: '${URL_BASE}/v1/logs' }) })] });
lp.getLogger('cold');
const mp = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: '${URL_BASE}/v1/metrics' }), exportIntervalMillis: 60000 })] });
mp.getMeter('cold');
const t1 = performance.now();
process.stdout.write(JSON.stringify({ ms: t1 - t0, sinceStart: t1 }));
process.exit(0);
`;

const SDK_UNBUNDLED = `
const t0 = performance.now();
const [{ BasicTracerProvider, BatchSpanProcessor }, { LoggerProvider, BatchLogRecordProcessor }, { MeterProvider, PeriodicExportingMetricReader }, { resourceFromAttributes },
  { OTLPTraceExporter }, { OTLPLogExporter }, { OTLPMetricExporter }] = await Promise.all([
  import('@opentelemetry/sdk-trace-base'), import('@opentelemetry/sdk-logs'), import('@opentelemetry/sdk-metrics'), import('@opentelemetry/resources'),
  import('@opentelemetry/exporter-trace-otlp-http'), import('@opentelemetry/exporter-logs-otlp-http'), import('@opentelemetry/exporter-metrics-otlp-http'),
]);
${SDK_CONSTRUCT}`;

const SDK_BUNDLED = (file: string): string => `
const t0 = performance.now();
const { BasicTracerProvider, BatchSpanProcessor, LoggerProvider, BatchLogRecordProcessor, MeterProvider, PeriodicExportingMetricReader, resourceFromAttributes,
  OTLPTraceExporter, OTLPLogExporter, OTLPMetricExporter } = await import(${JSON.stringify(file)});
${SDK_CONSTRUCT}`;

const FLOOR = `
const t1 = performance.now();
process.stdout.write(JSON.stringify({ ms: 0, sinceStart: t1 }));
process.exit(0);
`;

interface Sample { ms: number; sinceStart: number; wallMs: number }

function runChild(bin: string, script: string): Sample {
  const t0 = performance.now();
  const r = spawnSync(bin, [script], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '' }, encoding: 'utf8', timeout: 60_000 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${script} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as { ms: number; sinceStart: number }), wallMs };
}

type CaseId = 'ours-bundled' | 'sdk-bundled' | 'ours-entry' | 'sdk-unbundled' | 'floor';

/** Builds the bundles and child scripts. */
async function prepare(): Promise<{ cases: { id: CaseId; script: string }[]; note: string }> {
  const built = ensureBuilt(ROOT);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const oursLib = join(WORK, 'ours-lib.mjs');
  const sdkLib = join(WORK, 'sdk-lib.mjs');
  writeFileSync(join(WORK, 'ours-lib-entry.mjs'), "export { OtelProvider } from 'otlp-lite';\n");
  writeFileSync(join(WORK, 'sdk-lib-entry.mjs'), SDK_LIB);
  await build({ ...BUNDLE_OPTIONS, format: 'esm', entryPoints: [join(WORK, 'ours-lib-entry.mjs')], outfile: oursLib, alias: builtAliases() });
  await build({ ...BUNDLE_OPTIONS, format: 'esm', entryPoints: [join(WORK, 'sdk-lib-entry.mjs')], outfile: sdkLib, mainFields: ['module', 'main'] });
  const cases: { id: CaseId; script: string }[] = [];
  const write = (id: CaseId, text: string): void => {
    const script = join(WORK, `cold-${id}.mjs`);
    writeFileSync(script, text);
    cases.push({ id, script });
  };
  write('ours-bundled', OURS(pathToFileURL(oursLib).href));
  write('sdk-bundled', SDK_BUNDLED(pathToFileURL(sdkLib).href));
  // 'otlp-lite' resolves through the package's self-reference (exports '.') to dist/otlp-lite.js.
  write('ours-entry', OURS('otlp-lite'));
  write('sdk-unbundled', SDK_UNBUNDLED);
  write('floor', FLOOR);
  return { cases, note: built.ok ? '' : built.note };
}

/** Runs the cases in alternating rounds; resolves to normalized metrics with paired ratios. */
export async function run(opts: { quick: boolean } = { quick: false }): Promise<{ workload: string; metrics: Metric[]; samples: Record<string, { importConstructMs: number[]; wallMs: number[] }> }> {
  const bin = benchRuntimeBin();
  const { cases, note: buildNote } = await prepare();
  const rounds = opts.quick ? 7 : 21;
  const samples = Object.fromEntries(cases.map((c) => [c.id, [] as Sample[]])) as Record<CaseId, Sample[]>;
  for (const c of cases) runChild(bin, c.script); // warm the file system cache
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + r) % cases.length]!;
      samples[c.id].push(runChild(bin, c.script));
    }
  }

  const floorWall = samples.floor.map((s) => s.wallMs);
  const metrics: Metric[] = [];
  const pair = (name: string, oursId: CaseId, sdkId: CaseId, targetId: string, note: string): void => {
    const a = samples[oursId].map((s) => s.ms);
    const b = samples[sdkId].map((s) => s.ms);
    metrics.push({
      name, unit: 'ms', ours: spread(a), sdk: spread(b), ratio: { ...spread(a.map((x, i) => x / b[i]!)), vs: 'sdk' }, targetId,
      note: `${note}; whole-process wall ms (median): ours ${median(samples[oursId].map((s) => s.wallMs)).toFixed(0)}, SDK ${median(samples[sdkId].map((s) => s.wallMs)).toFixed(0)}, empty process ${median(floorWall).toFixed(0)}${buildNote !== '' ? `; ${buildNote}` : ''}`,
    });
    const wa = samples[oursId].map((s, i) => s.wallMs - floorWall[i]!);
    const wb = samples[sdkId].map((s, i) => s.wallMs - floorWall[i]!);
    metrics.push({ name: `${name}: process wall time minus empty process`, unit: 'ms', ours: spread(wa), sdk: spread(wb), ratio: { ...spread(wa.map((x, i) => x / Math.max(wb[i]!, 1e-3))), vs: 'sdk' } });
  };
  pair('import + construct, unbundled (package entry vs SDK node_modules)', 'ours-entry', 'sdk-unbundled', 'cold-start',
    `ours: import('otlp-lite') → dist/otlp-lite.js; SDK: 7 packages from node_modules; ${rounds} rounds on ${bin}`);
  pair('import + construct, bundled (both esbuild ESM bundles)', 'ours-bundled', 'sdk-bundled', 'cold-start-bundled',
    "one minified ESM file each, esbuild --bundle --minify --platform=node: ours `export { OtelProvider } from 'otlp-lite'` from dist/, SDK providers + OTLP/HTTP exporters with mainFields module,main");

  process.stderr.write(`\n== cold start: import + construct a provider with traces, logs and metrics (median of ${rounds}) ==\n`);
  for (const c of cases) {
    const s = samples[c.id];
    process.stderr.write(`  ${c.id.padEnd(14)} import+construct ${median(s.map((x) => x.ms)).toFixed(1).padStart(7)} ms   since start ${median(s.map((x) => x.sinceStart)).toFixed(1).padStart(7)} ms   process wall ${median(s.map((x) => x.wallMs)).toFixed(1).padStart(7)} ms\n`);
  }
  for (const m of metrics) if (m.targetId !== undefined) process.stderr.write(`  ${m.name}: ${m.ratio!.median.toFixed(3)}× (${m.ratio!.min.toFixed(3)} – ${m.ratio!.max.toFixed(3)})\n`);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const compact = Object.fromEntries(cases.map((c) => [c.id, { importConstructMs: samples[c.id].map((s) => r2(s.ms)), wallMs: samples[c.id].map((s) => r2(s.wallMs)) }]));
  return { workload: 'cold-start', metrics, samples: compact };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run({ quick: process.argv.includes('--quick') });
}
