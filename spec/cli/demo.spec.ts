// `otlp-lite demo` as a child process: exits 0 well within 15 s, writes nothing to stderr, and
// its report's counts match what the receiver saw (the embedded one, and an external one named
// by OTEL_EXPORTER_OTLP_ENDPOINT).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startReceiver, type RunningReceiver } from '../../lib/receiver/server.ts';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { runCli, startCli, type Cli } from './support.ts';

failOnUnhandledRejection();

const SIGNALS = ['traces', 'logs', 'metrics'] as const;
const receivers: RunningReceiver[] = [];
const clis: Cli[] = [];
/** The first test's report: the uncompressed baseline for the gzip test. */
let plain: any;
after(async () => {
  for (const c of clis) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  await Promise.all(receivers.map((r) => r.close()));
});

describe('otlp-lite demo', () => {
  it('exports a whole session to the embedded receiver, retries the injected 503, and reports matching counts', async () => {
    const r = await runCli(['demo', '--json']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0, r.stdout);
    assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
    const report = JSON.parse(r.stdout);
    plain = report;
    assert.equal(report.mode, 'embedded');
    assert.match(report.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(report.ok, true);
    assert.deepEqual(report.warnings, []);
    for (const s of SIGNALS) {
      assert.ok(report.receiver[s].items > 0, `${s} items`);
      assert.equal(report.receiver[s].items, report.pipeline[s].exported, `${s}: receiver items = pipeline exported`);
      assert.equal(report.receiver[s].requests, report.pipeline[s].requests, `${s}: requests`);
      assert.equal(report.receiver[s].bytes, report.pipeline[s].bytesSent, `${s}: bytes`);
      assert.equal(report.pipeline[s].dropped, 0, `${s}: dropped`);
    }
    // The injected 503 on /v1/traces was retried once and then delivered.
    assert.equal(report.receiver.traces.faults, 1);
    assert.equal(report.pipeline.traces.retries, 1);
    assert.ok(report.overhead.retryWaitMs > 0);
    assert.equal(report.shutdown.timedOut, false);
    assert.ok(report.shutdown.durationMs <= report.shutdown.budgetMs + 250, `shutdown ${report.shutdown.durationMs} ms`);
    assert.equal(report.overhead.items, SIGNALS.reduce((n, s) => n + report.receiver[s].items, 0));
  });

  it('prints the readable report (and, with --verbose, every item, the prompt redacted)', async () => {
    const r = await runCli(['demo', '--verbose']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^span {3}[0-9a-f]{8} codex\.session /m);
    assert.match(r.stdout, /^span {3}[0-9a-f]{8} {3}└ api_request {2}client .* ERROR server overloaded/m);
    assert.match(r.stdout, /^log {4}INFO {2}codex\.user_prompt .*prompt=\[REDACTED\]/m);
    assert.doesNotMatch(r.stdout, /Fix the failing test/);
    assert.match(r.stdout, /^metric codex\.api_request {2}sum\(delta, monotonic\)/m);
    assert.match(r.stdout, /what the receiver got/);
    assert.match(r.stdout, /traces +\d+ +2 \(1× 503\)/);
    assert.match(r.stdout, /CPU per item/);
    assert.match(r.stdout, /added wall time/);
    assert.match(r.stdout, /^ok: all \d+ items delivered, none dropped, 1 retry\.$/m);
    assert.match(r.stdout, /^live viewer: run 'otlp-lite demo --ui' to browse the session/m);
  });

  it('sends gzip when OTEL_EXPORTER_OTLP_COMPRESSION=gzip, and the embedded receiver inflates it', async () => {
    plain ??= JSON.parse((await runCli(['demo', '--json'])).stdout); // when run alone (--test-name-pattern)
    const r = await runCli(['demo', '--json'], { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0, r.stdout);
    const report = JSON.parse(r.stdout);
    assert.equal(report.ok, true);
    for (const s of SIGNALS) {
      assert.equal(report.receiver[s].items, report.pipeline[s].exported, s);
      // Compressed on the wire: well under half the bytes of the uncompressed run.
      assert.ok(report.receiver[s].bytes * 2 < plain.receiver[s].bytes, `${s}: ${report.receiver[s].bytes} vs ${plain.receiver[s].bytes} bytes`);
    }
  });

  it('exports to OTEL_EXPORTER_OTLP_ENDPOINT instead when it is set, and says so', async () => {
    const collector = await startReceiver();
    receivers.push(collector);
    const r = await runCli(['demo', '--json'], { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0, r.stdout);
    const report = JSON.parse(r.stdout);
    assert.equal(report.mode, 'external');
    assert.equal(report.endpoint, collector.url);
    assert.equal(report.receiver, null);
    assert.equal(report.fault, null);
    const seen = collector.stats();
    for (const s of SIGNALS) {
      assert.ok(seen[s].items > 0, s);
      assert.equal(report.pipeline[s].exported, seen[s].items, `${s}: pipeline exported = collector items`);
      assert.equal(report.pipeline[s].bytesSent, seen[s].bytes, `${s}: bytes`);
    }
    const text = await runCli(['demo'], { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    assert.equal(text.code, 0);
    assert.match(text.stdout, /to the collector at http:\/\/127\.0\.0\.1:\d+ \(OTEL_EXPORTER_OTLP_ENDPOINT\)/);
    assert.doesNotMatch(text.stdout, /live viewer/, 'no viewer hint when there is no embedded receiver');
  });

  it('with --ui, serves the session in the live viewer and keeps it up until SIGINT', async () => {
    const cli = startCli(['demo', '--ui']);
    clis.push(cli);
    const url = (await cli.waitForStdout(/^live viewer: (http:\/\/127\.0\.0\.1:\d+\/) /m))[1]!;
    await cli.waitForStdout(/is still up: .*Ctrl-C to stop/, 15_000);
    const snap = (await (await fetch(`${url}api/snapshot`)).json()) as { spans: { name: string }[]; logs: unknown[]; points: unknown[] };
    assert.ok(snap.spans.some((s) => s.name === 'codex.session'), 'the session root span is in the viewer');
    assert.ok(snap.logs.length > 0 && snap.points.length > 0);
    assert.match((await fetch(url)).headers.get('content-type') ?? '', /text\/html/);
    assert.equal(cli.child.exitCode, null, 'still running after the report');
    cli.child.kill('SIGINT');
    const exit = await cli.exited;
    assert.equal(exit.code, 0, cli.stderr());
    assert.equal(cli.stderr(), '');
    assert.match(cli.stdout(), /^ok: all \d+ items delivered/m);
  });

  it('refuses --ui when exporting to an external collector', async () => {
    const r = await runCli(['demo', '--ui'], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--ui needs the embedded receiver/);
  });
});
