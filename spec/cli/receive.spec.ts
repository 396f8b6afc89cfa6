// `otlp-lite receive` as a child process: prints items, round-trips requests through --jsonl,
// stops on SIGTERM/SIGINT with totals; and the CLI's help and bad-flag behaviour.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { postJson, runCli, startCli, type Cli } from './support.ts';

failOnUnhandledRejection();

const dir = mkdtempSync(join(tmpdir(), 'otlp-lite-receive-'));
const running: Cli[] = [];
after(() => {
  for (const c of running) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const REQUEST = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'spec' } }] },
      scopeSpans: [
        {
          scope: { name: 'spec' },
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              name: 'turn',
              kind: 1,
              startTimeUnixNano: '1544712660000000000',
              endTimeUnixNano: '1544712661000000000',
              attributes: [{ key: 'hostile', value: { stringValue: '"}\u2028\u0000' } }],
            },
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b175',
              parentSpanId: 'eee19b7ec3c1b174',
              name: 'api_request',
              kind: 3,
              startTimeUnixNano: '1544712660100000000',
              endTimeUnixNano: '1544712660300000000',
            },
          ],
        },
      ],
    },
  ],
};

async function startReceive(extra: string[]): Promise<{ cli: Cli; url: string }> {
  const cli = startCli(['receive', '--port', '0', ...extra]);
  running.push(cli);
  const m = await cli.waitForStdout(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return { cli, url: m[1]! };
}

describe('otlp-lite receive', () => {
  it('round-trips a request through --jsonl, prints the span tree, and prints totals on SIGTERM', async () => {
    const file = join(dir, 'out.jsonl');
    const { cli, url } = await startReceive(['--jsonl', file]);
    const res = await postJson(`${url}/v1/traces`, JSON.stringify(REQUEST));
    assert.equal(res.status, 200);
    await cli.waitForStdout(/└ api_request/);
    cli.child.kill('SIGTERM');
    const exit = await cli.exited;
    assert.equal(exit.code, 0, cli.stderr());
    assert.equal(cli.stderr(), '');
    assert.match(cli.stdout(), /span {3}5b8efff7 turn {2}internal {2}1000\.0 ms/);
    assert.match(cli.stdout(), /stopped by SIGTERM/);
    assert.match(cli.stdout(), /traces\s+2 spans\s+1 request/);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]!);
    assert.deepEqual(Object.keys(entry), ['time', 'signal', 'request']);
    assert.equal(entry.signal, 'traces');
    assert.ok(!Number.isNaN(Date.parse(entry.time)));
    assert.deepEqual(entry.request, REQUEST);
  });

  it('appends to an existing --jsonl file, and --quiet prints no item lines; SIGINT prints totals', async () => {
    const file = join(dir, 'append.jsonl');
    writeFileSync(file, '{"signal":"earlier"}\n');
    const { cli, url } = await startReceive(['--jsonl', file, '--quiet']);
    assert.equal((await postJson(`${url}/v1/traces`, JSON.stringify(REQUEST))).status, 200);
    assert.equal((await postJson(`${url}/v1/logs`, JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ eventName: 'x' }] }] }] }))).status, 200);
    cli.child.kill('SIGINT');
    const exit = await cli.exited;
    assert.equal(exit.code, 0);
    assert.doesNotMatch(cli.stdout(), /span {3}/);
    assert.match(cli.stdout(), /stopped by SIGINT/);
    assert.match(cli.stdout(), /totals:\n\s+traces\s+2 spans\s+1 request\(s\).*\n\s+logs\s+1 log records\s+1 request\(s\)/);
    assert.deepEqual(
      readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).signal),
      ['earlier', 'traces', 'logs'],
    );
  });

  it('serves scripted faults from --fault', async () => {
    const { cli, url } = await startReceive(['--quiet', '--fault', 'traces:503']);
    assert.equal((await postJson(`${url}/v1/traces`, JSON.stringify(REQUEST))).status, 503);
    assert.equal((await postJson(`${url}/v1/traces`, JSON.stringify(REQUEST))).status, 200);
    cli.child.kill('SIGTERM');
    assert.equal((await cli.exited).code, 0);
    assert.match(cli.stdout(), /1 refused \(1 injected\)/);
  });

  it('exits 1 with a one-line error when the port is taken', async () => {
    const { cli, url } = await startReceive(['--quiet']);
    const port = new URL(url).port;
    const second = await runCli(['receive', '--port', port]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /^otlp-lite receive: cannot listen on 127\.0\.0\.1:\d+: address already in use\n$/);
    cli.child.kill('SIGTERM');
    await cli.exited;
  });
});

describe('otlp-lite command line', () => {
  it('exits 2 with one line on stderr for a bad flag, value or command', async () => {
    for (const args of [['receive', '--bogus'], ['receive', '--port', 'abc'], ['demo', '--nope'], ['launch'], ['--frobnicate']]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').length, 2, `one line: ${JSON.stringify(r.stderr)}`);
      assert.match(r.stderr, /^otlp-lite /);
    }
  });

  it('prints useful help for the tool and each command', async () => {
    const main = await runCli(['--help']);
    assert.equal(main.code, 0);
    assert.match(main.stdout, /otlp-lite receive/);
    assert.match(main.stdout, /otlp-lite demo/);
    const receive = await runCli(['receive', '--help']);
    assert.equal(receive.code, 0);
    for (const flag of ['--port', '--host', '--jsonl', '--quiet', '--fault']) assert.ok(receive.stdout.includes(flag), flag);
    const demo = await runCli(['demo', '--help']);
    assert.equal(demo.code, 0);
    assert.match(demo.stdout, /--json/);
    assert.match(demo.stdout, /OTEL_EXPORTER_OTLP_ENDPOINT/);
    assert.equal(main.stderr + receive.stderr + demo.stderr, '');
  });
});
