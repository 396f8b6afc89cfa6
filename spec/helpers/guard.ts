// Test guard: makes a spec file fail loudly on any unhandled promise rejection or uncaught
// exception (the export path must never produce one). Call `failOnUnhandledRejection()` at the
// top of every spec file that exercises async export code.
import { after } from 'node:test';

const caught: { kind: string; error: unknown }[] = [];
let installed = false;

function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}

function record(kind: string, error: unknown): void {
  caught.push({ kind, error });
  // Fail the file even if the runner's own handler attributes it to no test.
  process.exitCode = 1;
  process.stderr.write(`[guard] ${kind}: ${describeError(error)}\n`);
}

/**
 * Installs process listeners for 'unhandledRejection' and 'uncaughtException' that fail the
 * current test file (exit code 1 plus a root-level `after` hook that throws). Idempotent.
 */
export function failOnUnhandledRejection(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => record('unhandledRejection', reason));
  process.on('uncaughtException', (error) => record('uncaughtException', error));
  after(() => {
    if (caught.length > 0) {
      throw new AggregateError(
        caught.map((c) => c.error),
        `${caught.length} unhandled rejection(s)/exception(s): ${caught.map((c) => `${c.kind}: ${describeError(c.error)}`).join('\n')}`,
      );
    }
  });
}

/** The unhandled rejections/exceptions seen so far (for tests that want to assert mid-file). */
export function unhandledSoFar(): readonly { kind: string; error: unknown }[] {
  return caught.slice();
}
