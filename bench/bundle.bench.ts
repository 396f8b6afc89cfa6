// Workload 8, bundle size: esbuild (JS API) `--bundle --minify --platform=node --format=esm` of the
// same tiny app (one span, one log, one counter: bench/fixtures/cli-{ours,sdk}.mjs) for both
// implementations, ESM entry points for the SDK (mainFields module,main: the fair comparison).
// Ours is measured with undici external (it is lazy-loaded at the first export); the lazily
// loaded undici part is measured separately from a code-split build. Raw and gzip bytes.
// Run alone: npx tsx bench/bundle.bench.ts
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Metric } from './report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'bench', 'fixtures');
const WORK = join(ROOT, '.cache', 'bench', 'bundle');

/** Raw and gzip (level 9) sizes of some bundle output. */
export interface Size {
  raw: number;
  gzip: number;
}

function sizeOf(chunks: readonly Uint8Array[]): Size {
  let raw = 0;
  let gzip = 0;
  for (const c of chunks) {
    raw += c.length;
    gzip += gzipSync(c, { level: 9 }).length;
  }
  return { raw, gzip };
}

/**
 * ESM output that bundles CommonJS (undici is CJS) needs a real `require` for node: built-ins,
 * else esbuild's shim throws "Dynamic require of "node:assert" is not supported" at the first
 * export. The usual banner; added to every bundle (both implementations) so sizes stay comparable.
 */
export const REQUIRE_BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

const COMMON: BuildOptions = {
  banner: { js: REQUIRE_BANNER },
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  write: false,
  metafile: true,
  logLevel: 'silent',
  legalComments: 'none',
};

/**
 * The module the tiny app's `import … from 'otlp-lite'` resolves to when bundling from source:
 * lib/index.ts once it exports OtelProvider, else a shim over the facades (until the lead
 * assembles the public surface).
 */
export function oursEntry(): { path: string; note: string } {
  const index = join(ROOT, 'lib', 'index.ts');
  if (existsSync(index) && /\bOtelProvider\b/.test(readFileSync(index, 'utf8'))) return { path: index, note: 'lib/index.ts' };
  mkdirSync(WORK, { recursive: true });
  const shim = join(WORK, 'otlp-lite-entry.ts');
  const parts = ['provider.ts', 'metrics-client.ts'].map((f) => join(ROOT, 'lib', 'facades', f)).filter((p) => existsSync(p));
  if (parts.length === 0) throw new Error('neither lib/index.ts (with OtelProvider) nor lib/facades/provider.ts exists yet');
  writeFileSync(shim, parts.map((p) => `export * from ${JSON.stringify(p)};\n`).join(''));
  return { path: shim, note: `lib/index.ts not assembled yet: bundled ${parts.map((p) => p.slice(ROOT.length + 1)).join(' + ')}` };
}

/** "undici" for node_modules/undici/…, "otlp-lite" for our own sources. */
function packageOf(input: string): string {
  const i = input.lastIndexOf('node_modules/');
  if (i === -1) return 'otlp-lite';
  const rest = input.slice(i + 13).split('/');
  return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
}

/** Bytes in the given outputs per package, largest first ("undici 512.3 KB, zod 40.1 KB"). */
function byPackage(meta: Metafile, outputKeys: readonly string[]): string {
  const sums = new Map<string, number>();
  for (const k of outputKeys) {
    for (const [input, v] of Object.entries(meta.outputs[k]?.inputs ?? {})) sums.set(packageOf(input), (sums.get(packageOf(input)) ?? 0) + v.bytesInOutput);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).map(([n, b]) => `${n} ${(b / 1e3).toFixed(1)} KB`).join(', ');
}

/** The largest source files in one output ("lib/signals/trace/span.ts 5.2 KB, …"). */
function largestInputs(meta: Metafile, n: number): string {
  const out = Object.values(meta.outputs).find((o) => o.entryPoint !== undefined);
  return Object.entries(out?.inputs ?? {})
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, n)
    .map(([k, v]) => `${k.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, '')} ${(v.bytesInOutput / 1e3).toFixed(1)} KB`)
    .join(', ');
}

/** Output files statically reachable from the entry (eager) vs only through dynamic import() (lazy). */
function splitEagerLazy(meta: Metafile, files: { path: string; contents: Uint8Array }[]): { eager: Uint8Array[]; lazy: Uint8Array[]; lazyKeys: string[] } {
  const outputs = meta.outputs;
  const key = (abs: string) => Object.keys(outputs).find((k) => abs.endsWith(k.replace(/^(\.\.\/)+/, ''))) ?? abs;
  const entry = Object.keys(outputs).find((k) => outputs[k]!.entryPoint !== undefined)!;
  const eager = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const o = outputs[queue.pop()!]!;
    for (const imp of o.imports) {
      if (imp.kind === 'import-statement' && !imp.external && !eager.has(imp.path)) {
        eager.add(imp.path);
        queue.push(imp.path);
      }
    }
  }
  const res = { eager: [] as Uint8Array[], lazy: [] as Uint8Array[], lazyKeys: [] as string[] };
  for (const f of files) {
    if (f.path.endsWith('.map')) continue;
    const k = key(f.path);
    if (eager.has(k)) res.eager.push(f.contents);
    else {
      res.lazy.push(f.contents);
      res.lazyKeys.push(k);
    }
  }
  return res;
}

/** All bundle figures (bytes). */
export interface BundleSizes {
  ours: Size;
  oursLazyUndici: Size;
  oursEagerSplit: Size;
  sdkEsm: Size;
  sdkCjs: Size;
  entryNote: string;
  /** Lazily loaded chunks per package. */
  lazyBreakdown: string;
  /** Largest inputs of our main bundle. */
  oursLargest: string;
}

/** Builds the four bundles. Throws (esbuild errors) if an app does not bundle. */
export async function measureBundles(): Promise<BundleSizes> {
  mkdirSync(WORK, { recursive: true });
  const entry = oursEntry();
  const alias = { 'otlp-lite': entry.path };
  const oursApp = join(FIXTURES, 'cli-ours.mjs');
  const sdkApp = join(FIXTURES, 'cli-sdk.mjs');

  const ours = await build({ ...COMMON, entryPoints: [oursApp], outfile: join(WORK, 'ours.mjs'), alias, external: ['undici', 'undici/*'] });
  const split = await build({ ...COMMON, entryPoints: [oursApp], outdir: join(WORK, 'ours-split'), alias, splitting: true });
  const parts = splitEagerLazy(split.metafile!, split.outputFiles!);
  const sdkEsm = await build({ ...COMMON, entryPoints: [sdkApp], outfile: join(WORK, 'sdk-esm.mjs'), mainFields: ['module', 'main'] });
  const sdkCjs = await build({ ...COMMON, entryPoints: [sdkApp], outfile: join(WORK, 'sdk-cjs.mjs') });
  const contents = (r: { outputFiles?: { path: string; contents: Uint8Array }[] | undefined }) => r.outputFiles!.filter((f) => !f.path.endsWith('.map')).map((f) => f.contents);
  return {
    ours: sizeOf(contents(ours)),
    oursLazyUndici: sizeOf(parts.lazy),
    oursEagerSplit: sizeOf(parts.eager),
    sdkEsm: sizeOf(contents(sdkEsm)),
    sdkCjs: sizeOf(contents(sdkCjs)),
    entryNote: entry.note,
    lazyBreakdown: byPackage(split.metafile!, parts.lazyKeys),
    oursLargest: largestInputs(ours.metafile!, 6),
  };
}

function single(v: number) {
  return { median: v, min: v, max: v };
}

/** Bundle sizes as normalized metrics; the bundle target (≥ 5× smaller) is judged on raw and gzip. */
export async function run(opts: { quick: boolean } = { quick: false }): Promise<{ workload: string; metrics: Metric[]; sizes: BundleSizes }> {
  void opts; // deterministic: quick and full do the same builds
  const s = await measureBundles();
  const vs = (name: string, a: number, b: number, targetId?: string, note?: string): Metric => {
    const m: Metric = { name, unit: 'bytes', ours: single(a), sdk: single(b), ratio: { ...single(a / b), vs: 'sdk' } };
    if (targetId !== undefined) m.targetId = targetId;
    if (note !== undefined) m.note = note;
    return m;
  };
  const metrics: Metric[] = [
    vs('ESM bundle, minified (undici external)', s.ours.raw, s.sdkEsm.raw, 'bundle',
      `tiny app = bench/fixtures/cli-ours.mjs vs cli-sdk.mjs; ours from ${s.entryNote}; SDK with mainFields module,main; same createRequire banner on both; largest inputs of ours: ${s.oursLargest}`),
    vs('ESM bundle, gzip -9 (undici external)', s.ours.gzip, s.sdkEsm.gzip, 'bundle'),
    { name: 'undici, lazily loaded part (minified / gzip)', unit: 'bytes', ours: single(s.oursLazyUndici.raw),
      note: `${s.oursLazyUndici.raw} B minified, ${s.oursLazyUndici.gzip} B gzip, loaded by the first export only: ${s.lazyBreakdown} (code-split build; eager part ${s.oursEagerSplit.raw} B / ${s.oursEagerSplit.gzip} B gzip)` },
    vs('incl. undici vs SDK ESM, minified', s.oursEagerSplit.raw + s.oursLazyUndici.raw, s.sdkEsm.raw),
    vs('vs SDK CJS build (main first), minified', s.ours.raw, s.sdkCjs.raw, undefined, `SDK CJS: ${s.sdkCjs.raw} B / ${s.sdkCjs.gzip} B gzip`),
  ];
  const kb = (n: number) => `${(n / 1e3).toFixed(1)} KB`;
  process.stderr.write(
    `\n== bundle size (esbuild --bundle --minify --platform=node --format=esm) ==\n` +
      `  ours (undici external)   ${kb(s.ours.raw).padStart(10)}  gzip ${kb(s.ours.gzip)}   [${s.entryNote}]\n` +
      `    largest inputs: ${s.oursLargest}\n` +
      `  ours undici lazy part    ${kb(s.oursLazyUndici.raw).padStart(10)}  gzip ${kb(s.oursLazyUndici.gzip)}   [${s.lazyBreakdown}]\n` +
      `  SDK ESM (module,main)    ${kb(s.sdkEsm.raw).padStart(10)}  gzip ${kb(s.sdkEsm.gzip)}\n` +
      `  SDK CJS (main first)     ${kb(s.sdkCjs.raw).padStart(10)}  gzip ${kb(s.sdkCjs.gzip)}\n` +
      `  ratio ours/SDK ESM: ${(s.ours.raw / s.sdkEsm.raw).toFixed(3)}x raw, ${(s.ours.gzip / s.sdkEsm.gzip).toFixed(3)}x gzip (target ≤ 0.2x)\n`,
  );
  return { workload: 'bundle', metrics, sizes: s };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run({ quick: process.argv.includes('--quick') });
}
