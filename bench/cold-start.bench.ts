// Cold start: a fresh Node process imports the library and constructs a provider exporting all
// three signals over OTLP/HTTP (no export happens). otlp-lite is measured from an esbuild ESM
// bundle of lib/facades/provider.ts (undici and zod external, as an installed package would load
// them) and, when present, from the `npm run build` output (dist/); the SDK is the equivalent
// BasicTracerProvider + LoggerProvider + MeterProvider with the three OTLP/HTTP exporters.
// Each child reports import+construct time (performance.now() around the dynamic imports and the
// constructors) and its time since process start; rounds alternate the implementations.
// Target: ≤ 10 ms import+construct for otlp-lite (the SDK needs ~200 ms).
// Run: npx tsx bench/cold-start.bench.ts [--quick]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { isQuick } from './harness.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = join(root, 'bench/results/tmp');
const URL_BASE = 'http://127.0.0.1:4318';

const OURS = (entry: string): string => `
const t0 = performance.now();
const { OtelProvider } = await import(${JSON.stringify(entry)});
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

const SDK = `
const t0 = performance.now();
const [{ BasicTracerProvider, BatchSpanProcessor }, { LoggerProvider, BatchLogRecordProcessor }, { MeterProvider, PeriodicExportingMetricReader }, { resourceFromAttributes },
  { OTLPTraceExporter }, { OTLPLogExporter }, { OTLPMetricExporter }] = await Promise.all([
  import('@opentelemetry/sdk-trace-base'), import('@opentelemetry/sdk-logs'), import('@opentelemetry/sdk-metrics'), import('@opentelemetry/resources'),
  import('@opentelemetry/exporter-trace-otlp-http'), import('@opentelemetry/exporter-logs-otlp-http'), import('@opentelemetry/exporter-metrics-otlp-http'),
]);
const resource = resourceFromAttributes({ 'service.name': 'cold', 'service.version': '1.0.0', env: 'bench' });
const tp = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: '${URL_BASE}/v1/traces' }))] });
tp.getTracer('cold');
const lp = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor(new OTLPLogExporter({ url: '${URL_BASE}/v1/logs' }))] });
lp.getLogger('cold');
const mp = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: '${URL_BASE}/v1/metrics' }), exportIntervalMillis: 60000 })] });
mp.getMeter('cold');
const t1 = performance.now();
process.stdout.write(JSON.stringify({ ms: t1 - t0, sinceStart: t1 }));
process.exit(0);
`;

const FLOOR = `
const t1 = performance.now();
process.stdout.write(JSON.stringify({ ms: 0, sinceStart: t1 }));
process.exit(0);
`;

interface Sample { ms: number; sinceStart: number; wallMs: number }

function runChild(script: string): Sample {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [script], { cwd: root, env: { PATH: process.env['PATH'] ?? '' }, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${script} exited ${r.status}: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as { ms: number; sinceStart: number }), wallMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Builds the children, runs them alternately and prints medians; resolves to the table rows. */
export async function run(opts: { quick: boolean }): Promise<{ name: string; importConstructMs: number; sinceStartMs: number; wallMs: number }[]> {
  mkdirSync(tmp, { recursive: true });
  const bundle = join(tmp, 'otlp-lite-provider.bundle.mjs');
  await build({
    entryPoints: [join(root, 'lib/facades/provider.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['undici', 'zod', 'zod/*'],
    outfile: bundle,
    logLevel: 'silent',
  });
  const cases: { name: string; script: string }[] = [];
  const write = (name: string, file: string, text: string): void => {
    writeFileSync(join(tmp, file), text);
    cases.push({ name, script: join(tmp, file) });
  };
  write('otlp-lite (esbuild ESM bundle)', 'cold-ours-bundle.mjs', OURS(pathToFileURL(bundle).href));
  // What users get: the package entry (`main` / exports '.'), a single-file ESM bundle built by `npm run build`.
  const entry = join(root, 'dist/otlp-lite.js');
  if (existsSync(entry)) write('otlp-lite (package entry dist/otlp-lite.js)', 'cold-ours-entry.mjs', OURS(pathToFileURL(entry).href));
  const dist = join(root, 'dist/lib/facades/provider.js');
  if (existsSync(dist)) write('otlp-lite (dist/lib, 60 separate modules)', 'cold-ours-dist.mjs', OURS(pathToFileURL(dist).href));
  write('sdk (3 providers + 3 OTLP/HTTP exporters)', 'cold-sdk.mjs', SDK);
  write('floor (empty node process)', 'cold-floor.mjs', FLOOR);

  const rounds = opts.quick ? 5 : 15;
  const samples = cases.map(() => [] as Sample[]);
  for (const c of cases) runChild(c.script); // warm the file system cache
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + r) % cases.length;
      samples[i]!.push(runChild(cases[i]!.script));
    }
  }
  const rows = cases.map((c, i) => ({
    name: c.name,
    importConstructMs: median(samples[i]!.map((s) => s.ms)),
    sinceStartMs: median(samples[i]!.map((s) => s.sinceStart)),
    wallMs: median(samples[i]!.map((s) => s.wallMs)),
  }));
  process.stderr.write(`\n== cold start: import + construct a provider with traces, logs and metrics (median of ${rounds}) ==\n`);
  process.stderr.write(`${'case'.padEnd(44)} ${'import+construct'.padStart(17)} ${'since start'.padStart(12)} ${'process wall'.padStart(13)}\n`);
  for (const r of rows) {
    process.stderr.write(`${r.name.padEnd(44)} ${`${r.importConstructMs.toFixed(1)} ms`.padStart(17)} ${`${r.sinceStartMs.toFixed(1)} ms`.padStart(12)} ${`${r.wallMs.toFixed(1)} ms`.padStart(13)}\n`);
  }
  const ours = rows[0]!;
  const sdk = rows.find((r) => r.name.startsWith('sdk'))!;
  process.stderr.write(`  otlp-lite / sdk import+construct: ${(ours.importConstructMs / sdk.importConstructMs).toFixed(3)}x (target ≤ 10 ms: ${ours.importConstructMs <= 10 ? 'met' : 'NOT met'})\n`);
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run({ quick: isQuick });
}
