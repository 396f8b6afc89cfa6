// Workload 8, bundle size: esbuild (JS API) `--bundle --minify --platform=node` of the same tiny
// app (one span, one log, one counter: bench/fixtures/cli-{ours,sdk}.mjs) for both
// implementations, as a user ships it: no banner, no externals, no plugins. Ours is bundled from
// the BUILT package entry (alias 'otlp-lite' → dist/otlp-lite.js, after `npm run build`); the SDK
// from its ESM builds (mainFields module,main: the fair comparison). Judged: ESM minified and gzip
// (level 9) bytes. Reported besides: the --format=cjs bundles, the proxy variant (tiny app +
// `import 'otlp-lite/undici'`), and our bytes by source file and folder (the same app bundled
// from lib/index.ts, whose metafile names our source files). Each judged bundle is run once
// against a loopback receiver: a bundle that does not deliver its span, log and metric point
// fails the workload (a broken bundle's size means nothing).
// Run alone: npx tsx bench/bundle.bench.ts
import { spawn } from 'node:child_process';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startReceiver, type Receiver } from '../spec/helpers/receiver.ts';
import { ensureBuilt } from './fixtures/build.ts';
import { benchRuntimeBin } from './fixtures/runtime.ts';
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
 * esbuild aliases that make `import … from 'otlp-lite'` (and 'otlp-lite/undici') resolve to the
 * built package entries, as they do for a user who installed the package.
 */
export function builtAliases(): Record<string, string> {
  return { 'otlp-lite/undici': join(ROOT, 'dist', 'undici.js'), 'otlp-lite': join(ROOT, 'dist', 'otlp-lite.js') };
}

/** The options of every bundle here and in the CLI / cold-start workloads: the README's command plus --minify. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'silent',
  legalComments: 'none',
} as const satisfies BuildOptions;

/**
 * undici is CommonJS: an ESM bundle that includes it (the proxy variant only) needs a real
 * `require` for its node: built-ins — the README's banner. Never used for the default bundles.
 */
export const REQUIRE_BANNER = "import{createRequire}from'node:module';const require=createRequire(import.meta.url);";

/** "undici" for node_modules/undici/…, "otlp-lite" for our own sources and dist/. */
function packageOf(input: string): string {
  const i = input.lastIndexOf('node_modules/');
  if (i === -1) return 'otlp-lite';
  const rest = input.slice(i + 13).split('/');
  return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
}

/** Bytes of one build's outputs per input file. */
function bytesByInput(meta: Metafile): Map<string, number> {
  const sums = new Map<string, number>();
  for (const out of Object.values(meta.outputs)) {
    for (const [input, v] of Object.entries(out.inputs)) sums.set(input, (sums.get(input) ?? 0) + v.bytesInOutput);
  }
  return sums;
}

/** Bytes per package, largest first. */
function byPackage(meta: Metafile): [string, number][] {
  const sums = new Map<string, number>();
  for (const [input, b] of bytesByInput(meta)) sums.set(packageOf(input), (sums.get(packageOf(input)) ?? 0) + b);
  return [...sums].sort((a, b) => b[1] - a[1]);
}

/** Our source files (lib/, proto-json/) with their minified bytes, largest first. */
function ourFiles(meta: Metafile): [string, number][] {
  return [...bytesByInput(meta)]
    .filter(([k]) => !k.includes('node_modules/') && /^(lib|proto-json)\//.test(k))
    .sort((a, b) => b[1] - a[1]);
}

/** Our source folders (lib/pipeline, lib/signals/metrics, proto-json…) with their bytes, largest first. */
function ourFolders(files: readonly [string, number][]): [string, number][] {
  const sums = new Map<string, number>();
  for (const [f, b] of files) {
    const dir = f.slice(0, f.lastIndexOf('/'));
    sums.set(dir, (sums.get(dir) ?? 0) + b);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

const kb = (n: number): string => `${(n / 1e3).toFixed(1)} KB`;

/** All bundle figures (bytes). */
export interface BundleSizes {
  oursEsm: Size;
  sdkEsm: Size;
  oursCjs: Size;
  sdkCjs: Size;
  oursProxyEsm: Size;
  /** The same app bundled from lib/index.ts (for the breakdown), ESM minified. */
  oursFromSource: Size;
  /** Packages in our ESM bundle from dist/ (must be otlp-lite only). */
  oursPackages: [string, number][];
  proxyPackages: [string, number][];
  sdkPackages: [string, number][];
  /** Our source files and folders, largest first (from the lib/index.ts build). */
  byFile: [string, number][];
  byFolder: [string, number][];
  /** How the SDK bundles were built (banner only if they need it to run). */
  sdkNote: string;
  /** Outfiles of the judged bundles (the CLI workload runs the same builds). */
  files: { oursEsm: string; sdkEsm: string; oursCjs: string; sdkCjs: string };
}

/** Builds one bundle to disk; returns its size and metafile. Throws on esbuild errors. */
async function bundle(entry: string, outfile: string, extra: BuildOptions): Promise<{ size: Size; meta: Metafile; outfile: string }> {
  const r = await build({ ...BUNDLE_OPTIONS, entryPoints: [entry], outfile, write: false, metafile: true, ...extra });
  const files = r.outputFiles!.filter((f) => !f.path.endsWith('.map'));
  for (const f of files) writeFileSync(f.path, f.contents);
  return { size: sizeOf(files.map((f) => f.contents)), meta: r.metafile!, outfile };
}

/**
 * The tiny app's bundles, as the CLI and cold-start workloads use them too: ours from dist/ and
 * the SDK from its ESM builds, ESM and CJS, no banner and no externals.
 */
export async function buildTinyApps(dir: string): Promise<{ oursEsm: Awaited<ReturnType<typeof bundle>>; sdkEsm: Awaited<ReturnType<typeof bundle>>; oursCjs: Awaited<ReturnType<typeof bundle>>; sdkCjs: Awaited<ReturnType<typeof bundle>> }> {
  mkdirSync(dir, { recursive: true });
  const alias = builtAliases();
  const oursApp = join(FIXTURES, 'cli-ours.mjs');
  const sdkApp = join(FIXTURES, 'cli-sdk.mjs');
  const sdk = { mainFields: ['module', 'main'] };
  return {
    oursEsm: await bundle(oursApp, join(dir, 'ours-esm.mjs'), { format: 'esm', alias }),
    sdkEsm: await bundle(sdkApp, join(dir, 'sdk-esm.mjs'), { format: 'esm', ...sdk }),
    oursCjs: await bundle(oursApp, join(dir, 'ours-cjs.cjs'), { format: 'cjs', alias }),
    sdkCjs: await bundle(sdkApp, join(dir, 'sdk-cjs.cjs'), { format: 'cjs', ...sdk }),
  };
}

/** Runs a bundle once against the receiver; resolves to what arrived and the exit status. */
export function runOnce(bin: string, file: string, rx: Receiver, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string; delivered: { traces: number; logs: number; metrics: number } }> {
  const before = rx.counts();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, [file], { cwd: dirname(file), env: { PATH: process.env.PATH ?? '', OTLP_BENCH_ENDPOINT: rx.url, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      const after = rx.counts();
      resolvePromise({ code, stderr: stderr.trim(), delivered: { traces: after.traces - before.traces, logs: after.logs - before.logs, metrics: after.metrics - before.metrics } });
    });
  });
}

/** Throws unless the bundle exited 0, silently, having delivered one span, one log record and one point. */
async function mustDeliver(bin: string, file: string, rx: Receiver, env?: NodeJS.ProcessEnv): Promise<void> {
  const r = await runOnce(bin, file, rx, env);
  const d = r.delivered;
  if (r.code !== 0 || d.traces < 1 || d.logs < 1 || d.metrics < 1 || r.stderr !== '') {
    throw new Error(`${file.slice(ROOT.length + 1)} does not work: exit ${r.code}, delivered ${d.traces} span(s) / ${d.logs} log(s) / ${d.metrics} point(s)${r.stderr !== '' ? `, stderr: ${r.stderr.split('\n').slice(0, 3).join(' | ')}` : ''}`);
  }
}

/** Builds and checks every bundle. Throws if one does not build or a judged one does not deliver. */
export async function measureBundles(): Promise<BundleSizes> {
  const built = ensureBuilt(ROOT);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const apps = await buildTinyApps(WORK);
  const proxyApp = join(WORK, 'app-proxy.mjs');
  // The tiny app with otlp-lite/undici imported first; its own import made absolute (the copy lives
  // in WORK). Not a bare `import 'cli-ours.mjs'`: the package's sideEffects list would let the
  // bundler drop it.
  const tinyApp = JSON.stringify(join(FIXTURES, 'tiny-app-ours.mjs'));
  writeFileSync(proxyApp, `import 'otlp-lite/undici';\n${readFileSync(join(FIXTURES, 'cli-ours.mjs'), 'utf8').replace("'./tiny-app-ours.mjs'", tinyApp)}`);
  const proxy = await bundle(proxyApp, join(WORK, 'ours-proxy-esm.mjs'), { format: 'esm', alias: builtAliases(), banner: { js: REQUIRE_BANNER } });
  const fromSource = await bundle(join(FIXTURES, 'cli-ours.mjs'), join(WORK, 'ours-src-esm.mjs'), { format: 'esm', alias: { 'otlp-lite': join(ROOT, 'lib', 'index.ts') } });

  const oursPackages = byPackage(apps.oursEsm.meta);
  const foreign = oursPackages.filter(([p]) => p !== 'otlp-lite');
  if (foreign.length > 0) throw new Error(`the default tiny-app bundle pulls in ${foreign.map(([p, b]) => `${p} (${kb(b)})`).join(', ')}; nothing but otlp-lite should be reached`);

  // Every bundle that is judged or reported must actually work.
  const bin = benchRuntimeBin();
  const rx = await startReceiver();
  let sdkNote = 'SDK: no banner needed (its ESM bundle runs as is)';
  try {
    for (const f of [apps.oursEsm, apps.oursCjs, apps.sdkCjs, proxy]) await mustDeliver(bin, f.outfile, rx);
    try {
      await mustDeliver(bin, apps.sdkEsm.outfile, rx);
    } catch (err) {
      // The SDK's ESM bundle would need the createRequire banner to run: give it that (only the SDK).
      apps.sdkEsm = await bundle(join(FIXTURES, 'cli-sdk.mjs'), join(WORK, 'sdk-esm.mjs'), { format: 'esm', mainFields: ['module', 'main'], banner: { js: REQUIRE_BANNER } });
      await mustDeliver(bin, apps.sdkEsm.outfile, rx);
      sdkNote = `SDK ESM bundle needs the createRequire banner to run (${(err as Error).message.slice(0, 160)}); measured with it`;
    }
  } finally {
    await rx.close();
  }
  const byFile = ourFiles(fromSource.meta);
  return {
    oursEsm: apps.oursEsm.size,
    sdkEsm: apps.sdkEsm.size,
    oursCjs: apps.oursCjs.size,
    sdkCjs: apps.sdkCjs.size,
    oursProxyEsm: proxy.size,
    oursFromSource: fromSource.size,
    oursPackages,
    proxyPackages: byPackage(proxy.meta),
    sdkPackages: byPackage(apps.sdkEsm.meta),
    byFile,
    byFolder: ourFolders(byFile),
    sdkNote: built.ok ? sdkNote : `${sdkNote}; ${built.note}`,
    files: { oursEsm: apps.oursEsm.outfile, sdkEsm: apps.sdkEsm.outfile, oursCjs: apps.oursCjs.outfile, sdkCjs: apps.sdkCjs.outfile },
  };
}

function single(v: number) {
  return { median: v, min: v, max: v };
}

/** Bundle sizes as normalized metrics; the bundle target (≤ 0.5× the SDK's) is judged on minified and gzip. */
export async function run(opts: { quick: boolean } = { quick: false }): Promise<{ workload: string; metrics: Metric[]; sizes: BundleSizes }> {
  void opts; // deterministic: quick and full do the same builds
  const s = await measureBundles();
  const vs = (name: string, a: number, b: number, targetId?: string, note?: string): Metric => {
    const m: Metric = { name, unit: 'bytes', ours: single(a), sdk: single(b), ratio: { ...single(a / b), vs: 'sdk' } };
    if (targetId !== undefined) m.targetId = targetId;
    if (note !== undefined) m.note = note;
    return m;
  };
  const list = (xs: readonly [string, number][], n: number) => xs.slice(0, n).map(([k, b]) => `${k} ${kb(b)}`).join(', ');
  const metrics: Metric[] = [
    vs('tiny app, ESM bundle, minified', s.oursEsm.raw, s.sdkEsm.raw, 'bundle',
      `bench/fixtures/cli-ours.mjs vs cli-sdk.mjs, esbuild --bundle --minify --platform=node --format=esm, no banner, no externals; ours from dist/otlp-lite.js (packages: ${list(s.oursPackages, 5)}); SDK with mainFields module,main; ${s.sdkNote}; both run and deliver`),
    vs('tiny app, ESM bundle, gzip -9', s.oursEsm.gzip, s.sdkEsm.gzip, 'bundle'),
    vs('tiny app, CJS bundle (--format=cjs), minified', s.oursCjs.raw, s.sdkCjs.raw, undefined, `gzip: ours ${s.oursCjs.gzip} B, SDK ${s.sdkCjs.gzip} B (${(s.oursCjs.gzip / s.sdkCjs.gzip).toFixed(3)}×); both run and deliver`),
    { name: "proxy variant: tiny app + import 'otlp-lite/undici', ESM minified", unit: 'bytes', ours: single(s.oursProxyEsm.raw),
      note: `${s.oursProxyEsm.raw} B minified, ${s.oursProxyEsm.gzip} B gzip, with the createRequire banner (undici is CommonJS); packages: ${list(s.proxyPackages, 4)}; runs and delivers` },
    { name: 'ours bundled from lib/index.ts (source of the by-module breakdown), ESM minified', unit: 'bytes', ours: single(s.oursFromSource.raw),
      note: `${s.oursFromSource.gzip} B gzip; largest files: ${list(s.byFile, 15)}` },
  ];
  for (const [dir, b] of s.byFolder.slice(0, 10)) metrics.push({ name: `ours by folder: ${dir}/`, unit: 'bytes', ours: single(b) });

  process.stderr.write(
    `\n== bundle size (esbuild --bundle --minify --platform=node; no banner, no externals) ==\n` +
      `  ours ESM (dist/otlp-lite.js)   ${kb(s.oursEsm.raw).padStart(10)}  gzip ${kb(s.oursEsm.gzip)}\n` +
      `  SDK ESM (module,main)          ${kb(s.sdkEsm.raw).padStart(10)}  gzip ${kb(s.sdkEsm.gzip)}   [${s.sdkNote}]\n` +
      `  ours CJS                       ${kb(s.oursCjs.raw).padStart(10)}  gzip ${kb(s.oursCjs.gzip)}\n` +
      `  SDK CJS (module,main)          ${kb(s.sdkCjs.raw).padStart(10)}  gzip ${kb(s.sdkCjs.gzip)}\n` +
      `  ours + otlp-lite/undici (ESM)  ${kb(s.oursProxyEsm.raw).padStart(10)}  gzip ${kb(s.oursProxyEsm.gzip)}   [${list(s.proxyPackages, 3)}]\n` +
      `  ratio ours/SDK ESM: ${(s.oursEsm.raw / s.sdkEsm.raw).toFixed(3)}× minified, ${(s.oursEsm.gzip / s.sdkEsm.gzip).toFixed(3)}× gzip (target ≤ 0.5×)\n` +
      `  by folder: ${list(s.byFolder, 10)}\n  largest files: ${list(s.byFile, 15)}\n`,
  );
  return { workload: 'bundle', metrics, sizes: { ...s, byFile: s.byFile.slice(0, 30) } };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run({ quick: process.argv.includes('--quick') });
}
