// The CLI's contact with the process: stdout lines, one-line errors on stderr (the only place the
// CLI writes to stderr: usage and I/O errors of the command itself, never library diagnostics),
// the environment, and waiting for SIGINT/SIGTERM.

/** What a command may do to the outside world; tests may pass their own. */
export interface CliIo {
  /** Writes text plus a newline to stdout. */
  out(text: string): void;
  /** Writes `otlp-lite <text>` as one line to stderr. */
  error(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  /** Resolves with the signal name once SIGINT or SIGTERM arrives. */
  waitForStop(): Promise<'SIGINT' | 'SIGTERM'>;
}

/** The real process: stdout/stderr (EPIPE ignored), process.env, process signals. */
export function processIo(): CliIo {
  // A closed pipe (`otlp-lite receive | head`) must not crash the process.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  return {
    out(text) {
      process.stdout.write(`${text}\n`);
    },
    error(text) {
      process.stderr.write(`otlp-lite ${text.replace(/[\r\n]+/g, ' ')}\n`);
    },
    env: process.env,
    waitForStop() {
      return new Promise((resolve) => {
        const stop = (name: 'SIGINT' | 'SIGTERM'): void => {
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          // A second signal while closing: stop at once.
          process.once('SIGINT', () => process.exit(130));
          process.once('SIGTERM', () => process.exit(143));
          resolve(name);
        };
        const onInt = (): void => stop('SIGINT');
        const onTerm = (): void => stop('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
      });
    },
  };
}
