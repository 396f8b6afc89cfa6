// Bundling is a supported way to ship otlp-lite. From the packed package installed into a fresh
// project: esbuild `--bundle --platform=node` as CommonJS and as ESM (no banner, no externals, no
// plugins), `bun build --compile`, and `require('otlp-lite')` from a CommonJS file each deliver one
// span, one log record and one metric point and exit 0 with nothing on stderr. Bundles are run
// from a folder with no node_modules. The default bundle carries no undici, zod, protobuf or gRPC
// code, nor the spool and hand-off; the proxy path is `import 'otlp-lite/undici'`, and without it a
// proxied export says so once.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import { startProxy, type TestProxy } from '../pipeline/proxy-server.ts';
import type { RuntimeInfo } from '../runtimes.mjs';
import { getRuntime, runChild } from '../runtime/support.ts';
import { packAndInstall, tinyApp, tinyAppCjs, type PackedProject } from './support.ts';

failOnUnhandledRejection();

/** The esbuild command line the README gives, as build options. */
function esbuildOptions(p: PackedProject, entry: string, format: 'cjs' | 'esm', outfile: string, extra: BuildOptions = {}): BuildOptions {
  return { absWorkingDir: p.dir, entryPoints: [entry], bundle: true, platform: 'node', format, outfile, logLevel: 'silent', ...extra };
}

describe('bundling the packed package', () => {
  let p: PackedProject;
  let rx: Receiver;
  let proxy: TestProxy;
  const bundles: Record<string, string> = {};

  before(async () => {
    p = packAndInstall('otlp-lite-bundling-');
    writeFileSync(join(p.dir, 'app.mjs'), tinyApp());
    writeFileSync(join(p.dir, 'app.cjs'), tinyAppCjs());
    writeFileSync(join(p.dir, 'app-proxy.mjs'), tinyApp("import 'otlp-lite/undici';"));
    const outs: [string, string, 'cjs' | 'esm', BuildOptions?][] = [
      ['cjs', 'app.mjs', 'cjs'],
      ['esm', 'app.mjs', 'esm'],
      ['proxy-cjs', 'app-proxy.mjs', 'cjs'],
      // undici is CommonJS: an ESM bundle that includes it needs `require` (the README's banner).
      ['proxy-esm', 'app-proxy.mjs', 'esm', { banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" } }],
    ];
    for (const [name, entry, format, extra] of outs) {
      const outfile = join(p.ship, `${name}.${format === 'cjs' ? 'cjs' : 'mjs'}`);
      const r = await build(esbuildOptions(p, entry, format, outfile, extra));
      assert.deepEqual(r.errors, []);
      bundles[name] = outfile;
    }
    rx = await startReceiver();
    proxy = await startProxy();
  });

  after(async () => {
    await Promise.all([rx?.close(), proxy?.close()]);
    if (p !== undefined) rmSync(p.tmp, { recursive: true, force: true });
  });

  async function runDelivers(bin: string, argv: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<void> {
    const before = rx.counts();
    const r = await runChild(bin, argv, { cwd: opts.cwd, env: opts.env ?? {}, killAfterMs: 30_000 });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(JSON.parse(r.stdout.trim()), { status: 'finished', exported: { traces: 1, logs: 1, metrics: 1 } });
    const after = rx.counts();
    assert.deepEqual({ traces: after.traces - before.traces, logs: after.logs - before.logs, metrics: after.metrics - before.metrics }, { traces: 1, logs: 1, metrics: 1 });
  }

  it('esbuild --format=cjs: delivers all three signals and exits 0, silently', async () => {
    await runDelivers(process.execPath, [bundles['cjs']!, rx.url], { cwd: p.ship });
  });

  it('esbuild --format=esm: delivers all three signals and exits 0, silently', async () => {
    await runDelivers(process.execPath, [bundles['esm']!, rx.url], { cwd: p.ship });
  });

  it("require('otlp-lite') from a CommonJS file: delivers all three signals and exits 0, silently", async () => {
    await runDelivers(process.execPath, [join(p.dir, 'app.cjs'), rx.url], { cwd: p.dir });
  });

  it('import from an ES module, unbundled: delivers all three signals and exits 0, silently', async () => {
    await runDelivers(process.execPath, [join(p.dir, 'app.mjs'), rx.url], { cwd: p.dir });
  });

  it('the default bundles carry no undici, zod, protobuf or gRPC code', () => {
    for (const name of ['cjs', 'esm']) {
      const text = readFileSync(bundles[name]!, 'utf8');
      assert.doesNotMatch(text, /undici:client|llhttp/, `${name}: undici`);
      assert.doesNotMatch(text, /\$ZodType|zod\/mini/, `${name}: zod`);
      assert.doesNotMatch(text, /application\/grpc|grpc-status|ProtoWriter|decodeRpcStatus/, `${name}: gRPC/protobuf`);
      assert.doesNotMatch(text, /import\.meta/, `${name}: import.meta`);
      assert.doesNotMatch(text, /OTLPLITE-SPOOL|class SpoolScope|class Replayer/, `${name}: the spool and hand-off (otlp-lite/spool)`);
    }
    const proxied = readFileSync(bundles['proxy-cjs']!, 'utf8');
    assert.match(proxied, /undici:client/, "import 'otlp-lite/undici' carries undici");
  });

  for (const name of ['proxy-cjs', 'proxy-esm']) {
    it(`with import 'otlp-lite/undici' (${name}): exports through HTTP_PROXY`, async () => {
      const seen = proxy.seen.length;
      await runDelivers(process.execPath, [bundles[name]!, rx.url], { cwd: p.ship, env: { HTTP_PROXY: proxy.url } });
      assert.ok(proxy.seen.length - seen >= 1, 'the requests went through the proxy');
      for (const s of proxy.seen.slice(seen)) assert.match(s, new RegExp(`127\\.0\\.0\\.1:${new URL(rx.url).port}`));
    });
  }

  it('without it, a proxied export is refused once on stderr at the default log level, and nothing is reported as delivered', async () => {
    const before = rx.counts();
    const r = await runChild(process.execPath, [bundles['cjs']!, rx.url], { cwd: p.ship, env: { HTTP_PROXY: proxy.url }, killAfterMs: 30_000 });
    assert.equal(r.code, 1, r.stdout);
    assert.deepEqual(JSON.parse(r.stdout.trim()), { status: 'finished', exported: { traces: 0, logs: 0, metrics: 0 } });
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^otlp-lite warn: a proxy applies to 127\.0\.0\.1:\d+ .*import 'otlp-lite\/undici'/);
    assert.deepEqual(rx.counts(), before);
  });

  it('bun build --compile: one binary that delivers all three signals and exits 0, silently', async (t) => {
    const got = getRuntime('bun');
    if ('skip' in got) {
      t.skip(got.skip);
      return;
    }
    const bun = got as RuntimeInfo;
    const exe = join(p.ship, 'tiny-bin');
    const b = await runChild(bun.bin, ['build', '--compile', join(p.dir, 'app.mjs'), '--outfile', exe], { cwd: p.dir, killAfterMs: 90_000 });
    assert.equal(b.code, 0, `${b.stdout}\n${b.stderr}`);
    await runDelivers(exe, [rx.url], { cwd: p.ship });
  });
});
