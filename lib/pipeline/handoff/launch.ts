// Starting a hand-off sender: one detached process (own process group/session, no stdio but a
// stdin pipe, no console window on Windows), unref'ed so the host exits at once. The child's
// environment is a minimal one (PATH, HOME/temp dirs and the sender marker): the host's
// environment may hold OTEL_EXPORTER_OTLP_HEADERS or proxy credentials, and secrets only travel
// through the stdin pipe.
import type { ChildProcess } from 'node:child_process';
import { builtin } from '../../platform/builtin.ts';
import { HANDOFF_SENDER_ENV, type HandoffMessage } from './sender.ts';

/** Hand-off settings (`OtelProvider.from(settings, { handoff })`). */
export interface HandoffOptions {
  /** The sender's whole budget (every retry included), ms. @default 30000 */
  readonly budgetMs?: number;
  /** Bytes of request bodies per hand-off; past it the rest goes to the spool (or is dropped, counted). @default 1048576 (1 MiB) */
  readonly maxBytes?: number;
  /** Senders of this process running at once; past it `shutdown({ handoff: true })` flushes in process. @default 2 */
  readonly maxSenders?: number;
  /**
   * How the sender is started: `'script'` runs otlp-lite's sender script with this Node (or Bun);
   * `'self'` re-executes this program (`process.execPath` with the same entry), for single
   * binaries whose entry first calls `runHandoffSenderIfRequested()`. @default 'script'
   */
  readonly sender?: 'script' | 'self';
  /** Path of the sender script to run with `'script'`. @default otlp-lite's own (found next to this module) */
  readonly senderScript?: string;
}

export const DEFAULT_HANDOFF_BUDGET_MS = 30_000;
export const DEFAULT_HANDOFF_MAX_BYTES = 1024 * 1024;
export const DEFAULT_HANDOFF_MAX_SENDERS = 2;

let running = 0;

/** Senders started by this process that have not exited yet. */
export function runningSenders(): number {
  return running;
}

/**
 * The file this code runs from, read off a stack trace: `import.meta` is not available in a
 * CommonJS bundle, and this works in ESM, CommonJS, source (tsx) and bundles alike.
 */
function thisFile(): string | undefined {
  const stack = new Error().stack ?? '';
  const m = /(file:\/\/[^\s)]+|\/[^\s():]+|[A-Za-z]:\\[^\s():]+):\d+:\d+/.exec(stack.split('\n').slice(1).join('\n'));
  if (m === null) return undefined;
  const loc = m[1] as string;
  try {
    return loc.startsWith('file://') ? decodeURIComponent(new URL(loc).pathname).replace(/^\/([A-Za-z]:)/, '$1') : loc;
  } catch {
    return undefined;
  }
}

/** The sender script next to this module (source or compiled), or in the package's dist/lib. */
function senderScript(): string | undefined {
  const file = thisFile();
  if (file === undefined) return undefined;
  const path = builtin('node:path');
  const fs = builtin('node:fs');
  const here = path.dirname(file);
  const ext = file.endsWith('.ts') ? 'ts' : 'js';
  const candidates = [
    path.join(here, `sender-main.${ext}`),
    path.join(here, 'lib/pipeline/handoff/sender-main.js'), // from a bundle at dist/
    path.join(here, '../lib/pipeline/handoff/sender-main.js'), // from a bundle chunk at dist/chunks/
  ];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return undefined;
}

const ENV_KEEP = ['PATH', 'HOME', 'USERPROFILE', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT', 'SystemRoot', 'NODE_OPTIONS'];

/**
 * Spawns a sender, or returns undefined (the caller flushes in process): no script to run, too
 * many senders running, or the spawn failed.
 */
export function spawnSender(opts: HandoffOptions): ChildProcess | undefined {
  const max = opts.maxSenders ?? DEFAULT_HANDOFF_MAX_SENDERS;
  if (running >= max) return undefined;
  let args: string[];
  if (opts.sender === 'self') {
    args = process.argv[1] !== undefined && builtin('node:fs').existsSync(process.argv[1]) ? [...process.execArgv, process.argv[1]] : [];
  } else {
    const script = opts.senderScript ?? senderScript();
    if (script === undefined) return undefined;
    args = [...process.execArgv, script];
  }
  const env: Record<string, string> = { [HANDOFF_SENDER_ENV]: '1' };
  for (const k of ENV_KEEP) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  let child: ChildProcess;
  try {
    child = builtin('node:child_process').spawn(process.execPath, args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'], windowsHide: true, env });
  } catch {
    return undefined;
  }
  if (child.pid === undefined) {
    child.on('error', () => undefined);
    return undefined;
  }
  running++;
  child.on('error', () => undefined);
  child.once('exit', () => {
    running--;
  });
  child.stdin?.on('error', () => undefined);
  child.unref();
  return child;
}

/** Writes the message (small: headers and entry names) to the sender's stdin and closes it. */
export function sendMessage(child: ChildProcess, message: HandoffMessage): void {
  const stdin = child.stdin;
  if (stdin === null) return;
  stdin.end(JSON.stringify(message));
  // The pipe must not hold the host open once written.
  (stdin as unknown as { unref?: () => void }).unref?.();
}
