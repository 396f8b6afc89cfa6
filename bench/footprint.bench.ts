// Workload 7, install footprint: `npm pack` otlp-lite, `npm install --omit=dev` the tarball into a
// clean folder, and compare bytes / files / packages in node_modules with a clean install of the
// SDK set a user needs for the same job (api, sdk-trace-base, sdk-logs, sdk-metrics and the three
// OTLP/HTTP exporters). Installs are cached under .cache/bench/footprint keyed by a hash of the
// lockfile (+ the packed tarball for ours), so reruns only re-count.
// Run alone: npx tsx bench/footprint.bench.ts
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './fixtures/build.ts';
import type { Metric } from './report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, '.cache', 'bench', 'footprint');

/** The SDK packages a user installs for traces + logs + metrics over OTLP/HTTP (versions from our devDependencies). */
export const SDK_SET = [
  '@opentelemetry/api',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/sdk-logs',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/exporter-logs-otlp-http',
  '@opentelemetry/exporter-metrics-otlp-http',
] as const;

/** What one node_modules tree holds. */
export interface TreeStats {
  /** Sum of regular file sizes. */
  bytes: number;
  /** Allocated disk blocks × 512 (files and directories), like `du -s`. */
  diskBytes: number;
  files: number;
  /** Package folders (nested duplicates counted). */
  packages: number;
  /** Distinct name@version. */
  distinct: number;
  /** Bytes per package folder (without nested node_modules), largest first. */
  perPackage: { name: string; version: string; bytes: number }[];
}

function log(msg: string): void {
  process.stderr.write(`  footprint: ${msg}\n`);
}

function sha256(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
}

/** Runs a command, returning stdout; throws with the tail of stderr on failure. */
function exec(cmd: string, args: string[], cwd: string, timeoutMs = 240_000): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-6).join(' | ')}`);
  return r.stdout;
}

/** Walks a node_modules tree: file bytes, disk usage, files, package folders. */
export function measureTree(nodeModules: string): TreeStats {
  const stats: TreeStats = { bytes: 0, diskBytes: 0, files: 0, packages: 0, distinct: 0, perPackage: [] };
  const distinct = new Set<string>();
  const walkFiles = (dir: string, pkg: { bytes: number } | undefined): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = lstatSync(p);
      stats.diskBytes += st.blocks * 512;
      if (st.isDirectory()) {
        if (name === 'node_modules') walkModules(p);
        else walkFiles(p, pkg);
      } else if (st.isFile()) {
        stats.files++;
        stats.bytes += st.size;
        if (pkg !== undefined) pkg.bytes += st.size;
      }
    }
  };
  const visitPackage = (dir: string): void => {
    const pj = join(dir, 'package.json');
    if (!existsSync(pj)) return walkFiles(dir, undefined);
    const meta = JSON.parse(readFileSync(pj, 'utf8')) as { name?: string; version?: string };
    const entry = { name: meta.name ?? dir, version: meta.version ?? '?', bytes: 0 };
    stats.packages++;
    distinct.add(`${entry.name}@${entry.version}`);
    stats.perPackage.push(entry);
    walkFiles(dir, entry);
  };
  const walkModules = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = lstatSync(p);
      stats.diskBytes += st.blocks * 512;
      if (!st.isDirectory()) {
        if (st.isFile()) {
          stats.files++; // e.g. node_modules/.package-lock.json
          stats.bytes += st.size;
        }
        continue;
      }
      if (name === '.bin') continue;
      if (name.startsWith('@')) {
        for (const sub of readdirSync(p)) {
          const sp = join(p, sub);
          stats.diskBytes += lstatSync(sp).blocks * 512;
          if (lstatSync(sp).isDirectory()) visitPackage(sp);
        }
      } else if (name.startsWith('.')) {
        walkFiles(p, undefined);
      } else visitPackage(p);
    }
  };
  walkModules(nodeModules);
  stats.distinct = distinct.size;
  stats.perPackage.sort((a, b) => b.bytes - a.bytes);
  return stats;
}

/**
 * Installs `specs` with `npm install --omit=dev` into `.cache/bench/footprint/<label>-<key>` unless
 * that folder is already complete; returns its node_modules path and whether the cache was used.
 */
function cachedInstall(label: string, key: string, specs: string[]): { nodeModules: string; cached: boolean } {
  const dir = join(CACHE, `${label}-${key}`);
  const done = join(dir, '.complete');
  if (existsSync(done)) return { nodeModules: join(dir, 'node_modules'), cached: true };
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: `footprint-${label}`, version: '0.0.0', private: true }) + '\n');
  log(`npm install --omit=dev ${specs.map((s) => s.replace(/^.*\//, '…/')).join(' ')} (clean folder)`);
  exec('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', '--loglevel=error', ...specs], tmp);
  writeFileSync(join(tmp, '.complete'), new Date().toISOString() + '\n');
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  // Keep one install per label: older keys (an earlier tarball or lockfile) are stale.
  for (const name of readdirSync(CACHE)) if (name.startsWith(`${label}-`) && join(CACHE, name) !== dir) rmSync(join(CACHE, name), { recursive: true, force: true });
  return { nodeModules: join(dir, 'node_modules'), cached: false };
}

/** `npm run build` then `npm pack` (scripts off: the build already ran); returns the tarball path. */
function packOurs(workDir: string): { tarball: string; buildNote: string } {
  const built = ensureBuilt(ROOT);
  const buildNote = built.ok ? '' : `${built.note}; measured the emitted dist/`;
  if (!built.ok) log(buildNote);
  if (!existsSync(join(ROOT, 'dist', 'lib'))) throw new Error(`no dist/ to pack: ${built.note}`);
  mkdirSync(workDir, { recursive: true });
  const out = exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir, '--loglevel=error'], ROOT);
  const info = JSON.parse(out) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
  const tarball = join(workDir, info[0]!.filename.replace(/^@.*\//, '').replace(/\//g, '-'));
  if (!existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
  return { tarball, buildNote };
}

function single(v: number) {
  return { median: v, min: v, max: v };
}

/** Measures both installs. Returns normalized metrics (bytes, files, packages) plus the raw stats. */
export async function run(opts: { quick: boolean } = { quick: false }): Promise<{ workload: string; metrics: Metric[]; ours: TreeStats; sdk: TreeStats; tarballBytes: number }> {
  void opts; // sizes are deterministic: quick and full runs do the same (cached) work
  const lock = readFileSync(join(ROOT, 'package-lock.json'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const sdkSpecs = SDK_SET.map((name) => `${name}@${pkg.devDependencies[name] ?? 'latest'}`);

  const packDir = join(ROOT, '.cache', 'bench', 'pack');
  rmSync(packDir, { recursive: true, force: true });
  const { tarball, buildNote } = packOurs(packDir);
  const tarBytes = readFileSync(tarball);
  const ours = cachedInstall('otlp-lite', sha256(lock, tarBytes), [tarball]);
  const sdk = cachedInstall('sdk', sha256(lock, sdkSpecs.join(' ')), sdkSpecs);
  log(`ours ${ours.cached ? '(cached)' : '(installed)'}, sdk ${sdk.cached ? '(cached)' : '(installed)'}`);

  const o = measureTree(ours.nodeModules);
  const s = measureTree(sdk.nodeModules);
  const top = (t: TreeStats): string => {
    const agg = new Map<string, { bytes: number; copies: number }>();
    for (const p of t.perPackage) {
      const k = `${p.name}@${p.version}`;
      const e = agg.get(k) ?? { bytes: 0, copies: 0 };
      e.bytes += p.bytes;
      e.copies++;
      agg.set(k, e);
    }
    return [...agg].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 4)
      .map(([k, e]) => `${k} ${(e.bytes / 1e6).toFixed(2)} MB${e.copies > 1 ? ` (${e.copies} copies)` : ''}`).join(', ');
  };
  const metric = (name: string, unit: string, a: number, b: number, note?: string): Metric => {
    const m: Metric = { name, unit, ours: single(a), sdk: single(b), ratio: { ...single(a / b), vs: 'sdk' } };
    if (note !== undefined && note !== '') m.note = note;
    return m;
  };
  const metrics: Metric[] = [
    metric('installed bytes (file contents)', 'bytes', o.bytes, s.bytes,
      `ours: ${top(o)}; SDK: ${top(s)}. SDK set: ${sdkSpecs.join(' ')}. Packed tarball ${(tarBytes.length / 1e3).toFixed(1)} KB.${buildNote !== '' ? ` ${buildNote}.` : ''}`),
    metric('disk usage (du -s)', 'bytes', o.diskBytes, s.diskBytes),
    metric('files', 'files', o.files, s.files),
    metric('packages', 'packages', o.packages, s.packages, `distinct name@version: ours ${o.distinct}, SDK ${s.distinct}`),
  ];
  process.stderr.write(
    `\n== install footprint ==\n` +
      metrics.map((m) => `  ${m.name.padEnd(32)} ours ${String(m.ours!.median).padStart(10)}  sdk ${String(m.sdk!.median).padStart(10)}  ratio ${m.ratio!.median.toFixed(3)}x\n`).join(''),
  );
  return { workload: 'footprint', metrics, ours: o, sdk: s, tarballBytes: tarBytes.length };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run({ quick: process.argv.includes('--quick') });
}
