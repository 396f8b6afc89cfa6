// Shared helpers for the CLI specs: run `otlp-lite` as a child process (node --import tsx), read
// its output as it arrives, and POST OTLP/JSON to a receiver.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = 'lib/cli/main.ts';

/** A running CLI child process with its output collected. */
export interface Cli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches `re` (rejects after timeoutMs). */
  waitForStdout(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal name) once the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** Starts `otlp-lite <args>` with `env` layered over a clean copy of process.env. */
export function startCli(args: string[], env: Record<string, string | undefined> = {}): Cli {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  delete merged['OTEL_EXPORTER_OTLP_ENDPOINT'];
  delete merged['OTEL_LOG_LEVEL'];
  delete merged['NODE_TEST_CONTEXT'];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (let i = waiters.length - 1; i >= 0; i--) {
      const m = out.match(waiters[i]!.re);
      if (m !== null) waiters.splice(i, 1)[0]!.resolve(m);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((res) => {
    child.on('exit', (code, signal) => res({ code, signal, ms: performance.now() - t0 }));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout(re, timeoutMs = 10_000) {
      const m = out.match(re);
      if (m !== null) return Promise.resolve(m);
      return new Promise((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`timed out waiting for ${re} in stdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
        waiters.push({
          re,
          resolve: (m) => {
            clearTimeout(timer);
            res(m);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          rej(new Error(`process exited while waiting for ${re}; stdout:\n${out}\nstderr:\n${err}`));
        });
      });
    },
  };
}

/** Runs `otlp-lite <args>` to completion. */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}) {
  const cli = startCli(args, env);
  const exit = await cli.exited;
  return { ...exit, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** POSTs JSON to `url` and resolves with the status and body text. */
export function postJson(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((res, rej) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (r) => {
      let text = '';
      r.setEncoding('utf8').on('data', (d: string) => (text += d));
      r.on('end', () => res({ status: r.statusCode ?? 0, text }));
    });
    req.on('error', rej);
    req.end(body);
  });
}
