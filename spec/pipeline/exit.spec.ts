import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { receiversClosedAfter } from '../helpers/receiver.ts';
import { deadPort } from './support.ts';

failOnUnhandledRejection();

const child = fileURLToPath(new URL('./fixtures/export-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

const receiver = receiversClosedAfter();

interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runChild(env: Record<string, string>, script = child): Promise<ChildRun> {
  const base = { ...process.env };
  delete base['OTEL_LOG_LEVEL'];
  delete base['NODE_TEST_CONTEXT'];
  const t0 = performance.now();
  const p = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => p.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 })));
}

// Child start-up (node + tsx) takes a few hundred ms; bounds below are generous on purpose.
const STARTUP_SLACK_MS = 3000;

describe('process exit', () => {
  it('a top-level await of shutdown() keeps the process alive through a retry backoff and exits 0 with the data delivered', async () => {
    const r = await receiver({ replies: [503] });
    const run = await runChild({ URL: `${r.url}/v1/traces`, COUNT: '25' });
    assert.equal(run.code, 0, `exit code ${run.code} (13 = exited before the awaited shutdown settled); stderr: ${run.stderr}`);
    assert.equal(r.counts().traces, 25);
    assert.equal(r.requests.length, 2);
    assert.deepEqual(JSON.parse(run.stdout), { ...JSON.parse(run.stdout), exported: 25, dropped: 0, timedOut: false });
    assert.equal(run.stderr, '');
  });

  it('exits within the 2 s default budget against a closed port, printing nothing', async () => {
    const port = await deadPort();
    const run = await runChild({ URL: `http://127.0.0.1:${port}/v1/traces` });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '', 'nothing on stderr with the default OTEL_LOG_LEVEL');
    const out = JSON.parse(run.stdout) as { dropped: number; durationMs: number };
    assert.equal(out.dropped, 10);
    assert.ok(out.durationMs <= 2200, `shutdown took ${out.durationMs} ms`);
    assert.ok(run.ms < 2200 + STARTUP_SLACK_MS, `process took ${run.ms} ms`);
  });

  it('exits within the budget against a server that never answers', async () => {
    const r = await receiver({ replies: () => 'hang' });
    const run = await runChild({ URL: `${r.url}/v1/traces`, TIMEOUT_MS: '800' });
    assert.equal(run.code, 0);
    const out = JSON.parse(run.stdout) as { dropped: number; durationMs: number; timedOut: boolean };
    assert.equal(out.dropped, 10);
    assert.ok(out.durationMs <= 800 + 250, `shutdown took ${out.durationMs} ms`);
    assert.ok(run.ms < 800 + 250 + STARTUP_SLACK_MS, `process took ${run.ms} ms`);
  });

  it('with OTEL_LOG_LEVEL=debug prints one line per export and never a header value', async () => {
    const r = await receiver({ replies: [400] });
    const run = await runChild({ URL: `${r.url}/v1/traces`, OTEL_LOG_LEVEL: 'debug' });
    assert.equal(run.code, 0);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('otlp-lite debug: traces export:'));
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /items=10 records=10 status=400 attempts=1 bytes=\d+ ms=\d+ dropped=10 reason=non_retryable/);
    assert.ok(!run.stderr.includes('CHILD-SECRET-42'));
  });
});

describe('cold import', () => {
  it('loads neither undici nor node:zlib/http/https/tls/net until the first export', async () => {
    const run = await runChild({}, fileURLToPath(new URL('./fixtures/import-child.ts', import.meta.url)));
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { builtins: string[]; undici: number };
    assert.deepEqual(out.builtins, []);
    assert.equal(out.undici, 0);
  });
});
