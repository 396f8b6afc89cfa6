// Shared by the runtime specs: getting a runtime (installed into the cache on first use; a
// failure fails the test when the matrix is required — CI or OTLP_LITE_MATRIX=1 — and skips it
// with the reason otherwise) and running a child process with its wall time measured.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRuntime, type RuntimeInfo } from '../runtimes.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MATRIX_CLI = resolve(ROOT, 'spec/matrix/bun-cli.ts');

/** True when a missing runtime must fail the run instead of skipping (CI, or the launcher's matrix). */
export const matrixRequired = process.env['OTLP_LITE_MATRIX'] === '1' || process.env['CI'] === 'true';

/** The runtime, or a skip reason (when not required). Throws the install error when required. */
export function getRuntime(name: string): RuntimeInfo | { skip: string } {
  try {
    return ensureRuntime(name, { log: (line) => process.stderr.write(`${line}\n`) });
  } catch (e) {
    if (matrixRequired) throw e;
    return { skip: `${name} unavailable: ${(e as Error).message.split('\n')[0]}` };
  }
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Spawn to exit, milliseconds. */
  ms: number;
}

/** Runs a process to completion (killed after `killAfterMs`), env replaced by `env` plus PATH/HOME. */
export function runChild(bin: string, argv: readonly string[], opts: { env?: Record<string, string>; cwd?: string; killAfterMs?: number } = {}): Promise<ChildRun> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(bin, [...argv], {
      cwd: opts.cwd ?? ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(killer);
      fail(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      done({ code, signal, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/** The matrix CLI's one JSON line. */
export interface CliReport {
  runtime: 'node' | 'bun';
  version: string;
  status: 'finished' | 'timed-out';
  exported: { traces: number; logs: number; metrics: number };
  shutdownMs: number;
  totalMs: number;
}

export function parseReport(stdout: string): CliReport {
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as CliReport;
}
