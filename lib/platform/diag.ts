// The library's diagnostic channel: the only code in lib/ that writes to stderr. Silent unless
// OTEL_LOG_LEVEL asks for it (default: warnings are collected, not printed). Callers must pass
// messages that hold no header values, API keys or prompt text.

/** Diagnostic levels, most to least severe. */
export type DiagLevel = 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<DiagLevel | 'none', number> = { none: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** A receiver for diagnostics (tests and hosts may install one with `setDiagnosticHandler`). */
export type DiagnosticHandler = (level: DiagLevel, message: string) => void;

function levelFromEnv(value: string | undefined): DiagLevel | 'none' {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'debug' || v === 'verbose' || v === 'all') return 'debug';
  if (v === 'info') return 'info';
  if (v === 'warn' || v === 'warning') return 'warn';
  if (v === 'error') return 'error';
  return 'none';
}

// Default: print nothing but notices (a configuration that can deliver nothing). OTEL_LOG_LEVEL=
// debug|info|warn|error opts in to more; OTEL_LOG_LEVEL=none silences notices too.
function isNone(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'none' || v === 'off';
}

let threshold = RANK[levelFromEnv(process.env['OTEL_LOG_LEVEL'])];
let noticesMuted = isNone(process.env['OTEL_LOG_LEVEL']);
let handler: DiagnosticHandler | undefined;
const seen = new Set<string>();
const recent: { level: DiagLevel; message: string }[] = [];
const RECENT_MAX = 100;

/** Installs a handler that receives every diagnostic (whatever OTEL_LOG_LEVEL says); `undefined` removes it. */
export function setDiagnosticHandler(h: DiagnosticHandler | undefined): void {
  handler = h;
}

/** Re-reads the level (tests pass an env object). */
export function setDiagnosticLevel(level: DiagLevel | 'none' | undefined, env: NodeJS.ProcessEnv = process.env): void {
  threshold = RANK[level ?? levelFromEnv(env['OTEL_LOG_LEVEL'])];
  noticesMuted = level === 'none' || (level === undefined && isNone(env['OTEL_LOG_LEVEL']));
}

/** True when `level` would be printed: lets hot callers skip building a message. */
export function diagEnabled(level: DiagLevel): boolean {
  return RANK[level] <= threshold || handler !== undefined;
}

// Keeps the message in `recent`, hands it to the handler if any, and prints it when `print`.
function report(level: DiagLevel, message: string, print: boolean): void {
  if (recent.length >= RECENT_MAX) recent.shift();
  recent.push({ level, message });
  if (handler !== undefined) {
    try {
      handler(level, message);
    } catch {
      // a broken handler must not break the host
    }
  }
  if (print) process.stderr.write(`otlp-lite ${level}: ${message}\n`);
}

/** Reports a diagnostic: to the handler if any, and to stderr when OTEL_LOG_LEVEL allows it. */
export function diag(level: DiagLevel, message: string): void {
  report(level, message, RANK[level] <= threshold);
}

/** Like `diag`, but only the first time a given `key` is seen in this process. */
export function diagOnce(level: DiagLevel, key: string, message: string): void {
  if (seen.has(key)) return;
  seen.add(key);
  diag(level, message);
}

/** The last diagnostics reported (at most 100), newest last, for `stats()` and tests. */
export function recentDiagnostics(): readonly { level: DiagLevel; message: string }[] {
  return recent.slice();
}

/**
 * A warning about a configuration that cannot deliver (nothing can be exported, or a signal is
 * lost): printed once per `key` even at the default log level, because silence would hide the
 * loss. Goes to the handler instead when one is installed; OTEL_LOG_LEVEL=none mutes it.
 */
export function diagNotice(key: string, message: string): void {
  if (seen.has(key)) return;
  seen.add(key);
  report('warn', message, RANK.warn <= threshold || (handler === undefined && !noticesMuted));
}
