// Measures what a short-lived CLI pays at exit on each runtime (issue 11): whole-process wall time
// of (a) an empty program, (b) one raw undici POST to a loopback server then a natural exit,
// (c) the same with llhttp compiled Liftoff-only (Node only; the library no longer changes V8
// flags: its default transport is node:http, which has no WebAssembly parser), (d) the matrix CLI (spec/matrix/bun-cli.ts bundled with esbuild like dist/:
// one span, one log record, one counter, shutdown). Rounds alternate every runtime × variant in
// a shuffled order; per round, each variant's time minus the same runtime's empty program is the
// paired "added" figure. Prints medians (p25-p75). A measurement, not a test; run by hand:
//   node spec/matrix/exit-latency.mjs [--rounds=30] [--runtimes=node20,node22,node24,bun] [--keep-env] [--json]
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRuntime, runtimeLabel } from '../runtimes.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const rounds = Number(arg('rounds', '30'));
const names = arg('runtimes', 'node20,node22,node24,bun').split(',');
const json = process.argv.includes('--json');
// NODE_EXTRA_CA_CERTS (set machine-wide here) makes Node 20 parse the whole CA bundle at startup
// (~30 ms; Node 22+ load it lazily), which swamps exit figures: dropped unless --keep-env.
const childEnv = { ...process.env };
if (!process.argv.includes('--keep-env')) delete childEnv['NODE_EXTRA_CA_CERTS'];

// The CLI, bundled as the package ships it (undici and zod stay external, loaded from node_modules).
const outDir = join(ROOT, '.cache', 'matrix');
mkdirSync(outDir, { recursive: true });
const cliBundle = join(outDir, 'cli.mjs');
const { build } = await import('esbuild');
await build({
  entryPoints: [join(HERE, 'bun-cli.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['undici', 'zod'],
  outfile: cliBundle,
  logLevel: 'warning',
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const runtimes = names.map((n) => ensureRuntime(n, { log: (l) => process.stderr.write(`${l}\n`) }));
const variants = (rt) => [
  { id: 'empty', argv: [join(HERE, 'empty.mjs')] },
  { id: 'undici', argv: [join(HERE, 'undici-once.mjs'), `${base}/v1/traces`] },
  ...(rt.kind === 'node' ? [{ id: 'undici+liftoff', argv: [join(HERE, 'undici-once.mjs'), `${base}/v1/traces`, '--liftoff'] }] : []),
  { id: 'cli', argv: [cliBundle, base] },
];

/** Runs one job (the server answers from this process, so never spawnSync); resolves its wall ms. */
function time(j) {
  return new Promise((done, fail) => {
    const t0 = process.hrtime.bigint();
    const c = spawn(j.rt.bin, j.v.argv, { cwd: ROOT, env: childEnv, stdio: 'ignore' });
    c.on('error', fail);
    c.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) fail(new Error(`${j.key} exited ${code}`));
      else done(ms);
    });
  });
}

/** @type {Map<string, number>} key|round → ms */
const samples = new Map();
const jobs = runtimes.flatMap((rt) => variants(rt).map((v) => ({ rt, v, key: `${rt.name}|${v.id}` })));
for (const j of jobs) await time(j); // warm-up: page cache, first-run compilation caches
for (let r = 0; r < rounds; r++) {
  const order = [...jobs].sort(() => Math.random() - 0.5);
  for (const j of order) samples.set(`${j.key}|${r}`, await time(j));
  process.stderr.write(`\rround ${r + 1}/${rounds}`);
}
process.stderr.write('\n');
server.close();

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};
const rows = [];
for (const rt of runtimes) {
  const empty = Array.from({ length: rounds }, (_, r) => samples.get(`${rt.name}|empty|${r}`));
  for (const v of variants(rt)) {
    const wall = Array.from({ length: rounds }, (_, r) => samples.get(`${rt.name}|${v.id}|${r}`));
    const added = wall.map((w, r) => w - empty[r]);
    rows.push({ runtime: runtimeLabel(rt), variant: v.id, wallMedian: q(wall, 0.5), wallP25: q(wall, 0.25), wallP75: q(wall, 0.75), addedMedian: q(added, 0.5), addedP25: q(added, 0.25), addedP75: q(added, 0.75) });
  }
}
if (json) process.stdout.write(`${JSON.stringify({ rounds, rows }, null, 2)}\n`);
else {
  const f = (x) => x.toFixed(1).padStart(6);
  process.stdout.write(`exit latency, ${rounds} rounds, ms (median, p25-p75)${'NODE_EXTRA_CA_CERTS' in childEnv ? ', NODE_EXTRA_CA_CERTS kept' : ''}\n`);
  process.stdout.write(`${'runtime'.padEnd(22)} ${'variant'.padEnd(15)} ${'wall'.padStart(6)} ${'p25-p75'.padStart(15)}   ${'added'.padStart(6)} ${'p25-p75'.padStart(15)}\n`);
  for (const r of rows) {
    process.stdout.write(`${r.runtime.padEnd(22)} ${r.variant.padEnd(15)} ${f(r.wallMedian)} ${`${f(r.wallP25)}-${f(r.wallP75)}`.padStart(15)}   ${r.variant === 'empty' ? '     -' : f(r.addedMedian)} ${r.variant === 'empty' ? '' : `${f(r.addedP25)}-${f(r.addedP75)}`.padStart(15)}\n`);
  }
}
