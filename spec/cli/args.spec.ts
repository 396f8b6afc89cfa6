// Command-line parsing: commands, defaults, validation, and one-line usage errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RECEIVE_PORT, UsageError, parseCommandLine } from '../../lib/cli/args.ts';

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    assert.ok(!e.message.includes('\n'), 'one line');
    return e;
  }
  assert.fail(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('gives receive its defaults', () => {
    assert.deepEqual(parseCommandLine(['receive']), {
      command: 'receive',
      args: { port: DEFAULT_RECEIVE_PORT, host: '127.0.0.1', jsonl: undefined, quiet: false, maxBodyBytes: 64 * 1024 * 1024, maxItems: 1_000_000, maxValues: 2_000_000, faults: [] },
    });
  });

  it('reads every receive flag, --fault repeatable', () => {
    const cmd = parseCommandLine(['receive', '--port', '0', '--host', '0.0.0.0', '--jsonl', 'out.jsonl', '--quiet', '--max-body', '1000', '--max-items', '5', '--max-values=7', '--fault', '503', '--fault=logs:resetx2']);
    assert.deepEqual(cmd, {
      command: 'receive',
      args: { port: 0, host: '0.0.0.0', jsonl: 'out.jsonl', quiet: true, maxBodyBytes: 1000, maxItems: 5, maxValues: 7, faults: [{ reply: 503 }, { signal: 'logs', reply: 'reset', times: 2 }] },
    });
  });

  it('reads demo flags', () => {
    assert.deepEqual(parseCommandLine(['demo']), { command: 'demo', args: { json: false, verbose: false } });
    assert.deepEqual(parseCommandLine(['demo', '--json', '--verbose']), { command: 'demo', args: { json: true, verbose: true } });
  });

  it('routes --help at every level, and --version', () => {
    assert.deepEqual(parseCommandLine([]), { command: 'help', topic: 'main' });
    assert.deepEqual(parseCommandLine(['--help']), { command: 'help', topic: 'main' });
    assert.deepEqual(parseCommandLine(['receive', '-h']), { command: 'help', topic: 'receive' });
    assert.deepEqual(parseCommandLine(['demo', '--help']), { command: 'help', topic: 'demo' });
    assert.deepEqual(parseCommandLine(['help', 'demo']), { command: 'help', topic: 'demo' });
    assert.deepEqual(parseCommandLine(['--version']), { command: 'version' });
  });

  it('refuses unknown commands, options, positionals and bad values with one-line errors', () => {
    assert.match(usageError(['serve']).message, /unknown command 'serve'/);
    assert.match(usageError(['--nope']).message, /unknown option '--nope'/);
    const unknown = usageError(['receive', '--prot', '1']);
    assert.equal(unknown.command, 'receive');
    assert.match(unknown.message, /^unknown option '--prot'$/);
    assert.match(usageError(['demo', 'extra']).message, /unexpected argument 'extra'/);
    assert.match(usageError(['receive', '--port']).message, /'--port' needs a value/);
    assert.match(usageError(['receive', '--port', '99999']).message, /'--port' expects an integer 0\.\.65535, got '99999'/);
    assert.match(usageError(['receive', '--port', '12ab']).message, /got '12ab'/);
    assert.match(usageError(['receive', '--max-body', '0']).message, /--max-body/);
    assert.match(usageError(['receive', '--quiet=yes']).message, /'--quiet' takes no value/);
    assert.match(usageError(['receive', '--fault', 'spans:503']).message, /bad --fault: .*spans:503/);
    assert.match(usageError(['receive', '--jsonl', '']).message, /--jsonl/);
  });

  it('reads --ui with its limits, and refuses a limit without --ui or below 1', () => {
    const cmd = parseCommandLine(['receive', '--ui', '--ui-max-traces', '5', '--ui-max-logs', '7']);
    assert.ok(cmd.command === 'receive');
    assert.deepEqual(cmd.args.ui, { maxTraces: 5, maxLogs: 7 });
    const bare = parseCommandLine(['receive', '--ui']);
    assert.ok(bare.command === 'receive');
    assert.deepEqual(bare.args.ui, {});
    assert.deepEqual(parseCommandLine(['demo', '--ui']), { command: 'demo', args: { json: false, verbose: false, ui: true } });
    assert.match(usageError(['receive', '--ui-max-points', '10']).message, /'--ui-max-points' needs --ui/);
    assert.match(usageError(['receive', '--ui', '--ui-max-spans', '0']).message, /'--ui-max-spans' expects an integer/);
  });
});
