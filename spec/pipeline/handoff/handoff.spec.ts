// shutdown({ handoff: true }) in real child processes: the host resolves fast with 'handed-off'
// and exits while a slow collector (answering after 1.5 s) has not answered yet; the detached
// sender then delivers everything (spans, logs, the final metrics collection) with the headers,
// which never touch the disk; the spool ends empty. A host that cannot start a sender flushes in
// process.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { entries, runHost, spoolText, startCollector, tempDirs, waitFor, writeScript } from '../spool/support.ts';

failOnUnhandledRejection();

const SECRET = 'sk-handoff-secret-51be0d';
let dir = '';
let host = '';

const HOST = `
const provider = OtelProvider.from(
  { serviceName: 'handoff-test', traceExporter: http('/v1/traces'), exporter: http('/v1/logs'), metricsExporter: http('/v1/metrics') },
  {
    ...(process.env.SPOOL ? { spool: { dir: process.env.SPOOL } } : {}),
    handoff: {
      budgetMs: 20000,
      ...(process.env.MAX_SENDERS ? { maxSenders: Number(process.env.MAX_SENDERS) } : {}),
      ...(process.env.MAX_BYTES ? { maxBytes: Number(process.env.MAX_BYTES) } : {}),
    },
  },
);
for (let i = 0; i < 20; i++) provider.tracer.startSpan('span-' + i).end();
provider.logger.emit({ body: 'log-0' });
provider.metrics.counter('handoff.turns', 3);
const r = await provider.shutdown({ handoff: true });
const s = provider.stats();
process.stdout.write(JSON.stringify({ status: r.status, ms: r.durationMs, handedOff: s.handedOff, spooled: s.spooled }) + '\\n');
`;

before(() => {
  dir = tempDirs('otlp-lite-handoff-spec-').dir;
  host = writeScript(dir, 'host.mjs', HOST);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function parse(stdout: string): any {
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
}

/** Processes whose environment or command line holds `needle` (Linux /proc). */
function processesHolding(needle: string): number[] {
  if (!existsSync('/proc/self/environ')) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/environ`, 'latin1') + readFileSync(`/proc/${name}/cmdline`, 'latin1');
      if (text.includes(needle)) out.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

describe('shutdown({ handoff: true }) (child processes)', () => {
  it('the host exits before a slow collector answers; the detached sender delivers everything, headers never on disk', async () => {
    const { dir: tmp, spool } = tempDirs('otlp-lite-handoff-a-');
    const collector = await startCollector({ delayMs: 1500 });
    try {
      const run = await runHost(host, { RX_URL: collector.url, SPOOL: spool, SECRET });
      const hostExited = Date.now();
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
      const r = parse(run.stdout);
      assert.equal(r.status, 'handed-off');
      assert.ok(r.ms < 1000, `handoff took ${r.ms} ms`); // target 15 ms; generous for a loaded machine
      assert.deepEqual(r.handedOff, { traces: 20, logs: 1, metrics: 1 });
      assert.equal(collector.spans.length, 0, 'nothing was answered before the host exited');
      // While the sender waits on the collector, its entries are on disk: without the secret.
      assert.ok(!spoolText(spool).includes(SECRET));
      assert.deepEqual(processesHolding(SECRET), [], 'no process carries the secret in argv or env');
      assert.ok(await waitFor(() => collector.spans.length === 20 && collector.logs.length === 1 && collector.metrics.length === 1, 15_000));
      assert.ok(Date.now() - hostExited >= 1000, 'delivered by the sender after the host exited');
      for (const req of collector.requests) assert.equal(req.headers['x-api-key'], SECRET);
      assert.deepEqual(collector.metrics, ['handoff.turns']);
      assert.ok(await waitFor(() => entries(spool).length === 0, 5000), 'spool empty once delivered');
    } finally {
      await collector.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('without a spool: best effort through a private temp dir, removed by the sender', async () => {
    const collector = await startCollector({ delayMs: 200 });
    try {
      const run = await runHost(host, { RX_URL: collector.url, SECRET });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(parse(run.stdout).status, 'handed-off');
      assert.ok(await waitFor(() => collector.spans.length === 20 && collector.logs.length === 1 && collector.metrics.length === 1, 15_000));
    } finally {
      await collector.close();
    }
  });

  it('kill -9 of the sender mid-export: its entries stay in the spool and the next run delivers them', async () => {
    const { dir: tmp, spool } = tempDirs('otlp-lite-handoff-k-');
    const slow = await startCollector({ delayMs: 60_000 });
    const port = slow.port;
    let fast: Awaited<ReturnType<typeof startCollector>> | undefined;
    try {
      const run = await runHost(host, { RX_URL: slow.url, SPOOL: spool, SECRET });
      assert.equal(parse(run.stdout).status, 'handed-off');
      let pid = 0;
      assert.ok(await waitFor(() => {
        const claimed = entries(spool).map((n) => /\.claim-(\d+)$/.exec(n)).find((m) => m !== null);
        if (claimed) pid = Number(claimed[1]);
        return pid > 0;
      }));
      assert.ok(await waitFor(() => entries(spool).length === 3));
      await new Promise((r) => setTimeout(r, 300)); // the sender is waiting on the collector now
      process.kill(pid, 'SIGKILL');
      await slow.close();
      fast = await startCollector({ port });
      const next = await runHost(host, { RX_URL: fast.url, SPOOL: spool, SECRET, MAX_SENDERS: '0' });
      assert.equal(next.code, 0, next.stderr);
      // the first run's 20 spans (replayed) and the second run's 20 (sent in process)
      assert.equal(fast.spans.length, 40);
      assert.equal(fast.logs.length, 2);
      assert.deepEqual(entries(spool), []);
    } finally {
      await slow.close().catch(() => undefined);
      await fast?.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('past the bytes cap the rest goes to the spool, and the sender replays it', async () => {
    const { dir: tmp, spool } = tempDirs('otlp-lite-handoff-c-');
    const collector = await startCollector();
    try {
      const run = await runHost(host, { RX_URL: collector.url, SPOOL: spool, SECRET, MAX_BYTES: '10' });
      const r = parse(run.stdout);
      assert.equal(r.status, 'handed-off');
      assert.deepEqual(r.handedOff, { traces: 0, logs: 0, metrics: 0 });
      assert.deepEqual(r.spooled, { traces: 20, logs: 1, metrics: 1 });
      assert.ok(await waitFor(() => collector.spans.length === 20 && collector.logs.length === 1 && collector.metrics.length === 1, 15_000));
      assert.ok(await waitFor(() => entries(spool).length === 0, 5000));
    } finally {
      await collector.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('no sender possible (maxSenders 0): the in-process shutdown delivers instead', async () => {
    const collector = await startCollector();
    try {
      const run = await runHost(host, { RX_URL: collector.url, SECRET, MAX_SENDERS: '0' });
      assert.equal(run.code, 0, run.stderr);
      const r = parse(run.stdout);
      assert.equal(r.status, 'finished');
      assert.deepEqual(r.handedOff, { traces: 0, logs: 0, metrics: 0 });
      assert.equal(collector.spans.length, 20); // delivered before the host exited
    } finally {
      await collector.close();
    }
  });
});
