#!/usr/bin/env node
// The `otlp-lite` executable: parses the command line, prints help or a one-line usage error
// (exit code 2), and runs `receive` or `demo`. Running this file runs the CLI.
import { VERSION } from '../version.ts';
import { DEMO_HELP, MAIN_HELP, RECEIVE_HELP, UsageError, parseCommandLine } from './args.ts';
import { processIo, type CliIo } from './io.ts';

/** Runs the CLI for `argv` (without node and script paths); resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let cmd;
  try {
    cmd = parseCommandLine(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      const where = e.command === '' ? '' : ` ${e.command}`;
      io.error(`${where.trim() === '' ? '' : `${e.command}: `}${e.message} (see 'otlp-lite${where} --help')`);
      return 2;
    }
    throw e;
  }
  switch (cmd.command) {
    case 'help':
      io.out((cmd.topic === 'receive' ? RECEIVE_HELP : cmd.topic === 'demo' ? DEMO_HELP : MAIN_HELP).trimEnd());
      return 0;
    case 'version':
      io.out(VERSION);
      return 0;
    case 'receive': {
      const { runReceive } = await import('./receive.ts');
      return runReceive(cmd.args, io);
    }
    case 'demo': {
      const { runDemo } = await import('./demo.ts');
      return runDemo(cmd.args, io);
    }
  }
}

const io = processIo();
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    io.error(`failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
