// The spool through OtelProvider, in real child processes against a real loopback collector:
// a dead collector's batches are spooled (no secret on disk) and the next run on the same port
// delivers them exactly once; process.exit() without shutdown spools what is queued; kill -9
// right after spooling loses nothing; two processes replaying one spool send each batch once.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { deadPort, entries, runHost, spoolText, startCollector, tempDirs, writeScript } from './support.ts';

failOnUnhandledRejection();

const SECRET = 'sk-spool-secret-7f3a9c';
let dir = '';
let host = '';

const HOST = `
const fast = (p) => http(p, { timeoutMs: 300 });
const provider = OtelProvider.from(
  { serviceName: 'spool-test', traceExporter: fast('/v1/traces'), exporter: fast('/v1/logs'), ...(process.env.METRICS ? { metricsExporter: fast('/v1/metrics') } : {}) },
  { shutdownTimeoutMs: Number(process.env.BUDGET ?? 2000), ...(process.env.SPOOL ? { spool: { dir: process.env.SPOOL } } : {}) },
);
const tag = process.env.TAG ?? '';
for (let i = 0; i < Number(process.env.SPANS ?? 0); i++) provider.tracer.startSpan(tag + '-span-' + i).end();
if (process.env.SPANS) provider.logger.emit({ body: tag + '-log' });
if (process.env.SPANS && process.env.METRICS) provider.metrics.counter('exit.turns', 2);
const mode = process.env.MODE;
if (mode === 'exit') process.exit(0);
const r = await provider.shutdown();
const s = provider.stats();
process.stdout.write(JSON.stringify({ status: r.status, spooled: s.spooled, spool: s.spool, dropped: s.traces.droppedTotal + s.logs.droppedTotal }) + '\\n');
if (mode === 'hang') setInterval(() => {}, 1000);
`;

before(() => {
  dir = tempDirs('otlp-lite-pspool-').dir;
  host = writeScript(dir, 'host.mjs', HOST);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function parse(stdout: string): any {
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line);
}

describe('spool through OtelProvider (child processes)', () => {
  it('dead collector: spooled, no secret on disk; next run on the same port delivers it once; a third run sends nothing', async () => {
    const { dir: tmp, spool } = tempDirs('otlp-lite-pspool-a-');
    const port = await deadPort();
    const url = `http://127.0.0.1:${port}`;
    const first = await runHost(host, { RX_URL: url, SPOOL: spool, SECRET, TAG: 'run1', SPANS: '5', BUDGET: '400' });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stderr, '');
    const r1 = parse(first.stdout);
    assert.deepEqual(r1.spooled, { traces: 5, logs: 1, metrics: 0 });
    assert.equal(r1.dropped, 0);
    assert.equal(entries(spool).length, 2);
    assert.ok(!spoolText(spool).includes(SECRET), 'no header value in the spool');
    assert.ok(!spoolText(spool).includes('x-api-key'), 'no header name in the spool');

    const collector = await startCollector({ port });
    try {
      const second = await runHost(host, { RX_URL: url, SPOOL: spool, SECRET, TAG: 'run2', SPANS: '1' });
      assert.equal(second.code, 0, second.stderr);
      assert.equal(second.stderr, '');
      const r2 = parse(second.stdout);
      assert.equal(r2.spool.replayed, 2);
      assert.deepEqual(collector.spans.filter((s) => s.startsWith('run1')).sort(), ['run1-span-0', 'run1-span-1', 'run1-span-2', 'run1-span-3', 'run1-span-4']);
      assert.deepEqual(collector.logs.filter((s) => s.startsWith('run1')), ['run1-log']);
      assert.deepEqual(collector.spans.filter((s) => s.startsWith('run2')), ['run2-span-0']);
      assert.deepEqual(entries(spool), []);
      for (const req of collector.requests) assert.equal(req.headers['x-api-key'], SECRET); // replay sends the current headers

      const before3 = collector.spans.length;
      const third = await runHost(host, { RX_URL: url, SPOOL: spool, SECRET });
      assert.equal(third.code, 0, third.stderr);
      assert.equal(collector.spans.length, before3, 'nothing sent twice');
    } finally {
      await collector.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('process.exit() without shutdown: the exit listener spools what is queued', async () => {
    const { dir: tmp, spool } = tempDirs('otlp-lite-pspool-b-');
    const port = await deadPort();
    const run = await runHost(host, { RX_URL: `http://127.0.0.1:${port}`, SPOOL: spool, SECRET, TAG: 'exit', SPANS: '3', MODE: 'exit', METRICS: '1' });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.equal(entries(spool).length, 3); // spans, logs and the metrics collected at exit
    const collector = await startCollector({ port });
    try {
      const next = await runHost(host, { RX_URL: collector.url, SPOOL: spool, SECRET, METRICS: '1' });
      assert.equal(next.code, 0, next.stderr);
      assert.deepEqual(collector.spans.sort(), ['exit-span-0', 'exit-span-1', 'exit-span-2']);
      assert.deepEqual(collector.logs, ['exit-log']);
      assert.deepEqual(collector.metrics, ['exit.turns']);
    } finally {
      await collector.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('kill -9 right after spooling loses nothing', async () => {
    const { dir: tmp, spool } = tempDirs('otlp-lite-pspool-c-');
    const port = await deadPort();
    const run = await runHost(host, { RX_URL: `http://127.0.0.1:${port}`, SPOOL: spool, SECRET, TAG: 'killed', SPANS: '2', BUDGET: '300', MODE: 'hang' }, (out, child) => {
      if (out.includes('\n')) child.kill('SIGKILL');
    });
    assert.equal(run.signal, 'SIGKILL');
    const collector = await startCollector({ port });
    try {
      const next = await runHost(host, { RX_URL: collector.url, SPOOL: spool, SECRET });
      assert.equal(next.code, 0, next.stderr);
      assert.deepEqual(collector.spans.sort(), ['killed-span-0', 'killed-span-1']);
      assert.deepEqual(collector.logs, ['killed-log']);
      assert.deepEqual(entries(spool), []);
    } finally {
      await collector.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('two processes replaying one spool at once send each batch once', async () => {
    const { dir: tmp, spool } = tempDirs('otlp-lite-pspool-d-');
    const port = await deadPort();
    // 8 runs' worth of entries: 8 × (spans + logs)
    await Promise.all(
      Array.from({ length: 4 }, (_, i) => runHost(host, { RX_URL: `http://127.0.0.1:${port}`, SPOOL: spool, SECRET, TAG: `batch${i}`, SPANS: '2', MODE: 'exit' })),
    );
    assert.equal(entries(spool).length, 8);
    const collector = await startCollector({ port, delayMs: 20 });
    try {
      const runs = await Promise.all([
        runHost(host, { RX_URL: collector.url, SPOOL: spool, SECRET, BUDGET: '5000' }),
        runHost(host, { RX_URL: collector.url, SPOOL: spool, SECRET, BUDGET: '5000' }),
      ]);
      for (const r of runs) assert.equal(r.code, 0, r.stderr);
      const replayed = runs.map((r) => parse(r.stdout).spool.replayed as number);
      assert.equal(replayed[0]! + replayed[1]!, 8);
      assert.equal(collector.spans.length, 8);
      assert.equal(new Set(collector.spans).size, 8, 'no span delivered twice');
      assert.equal(collector.logs.length, 4);
      assert.deepEqual(entries(spool), []);
    } finally {
      await collector.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
