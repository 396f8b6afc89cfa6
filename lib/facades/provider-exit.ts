// The process listeners OtelProvider installs (at most one of each, whatever the number of
// providers): the beforeExit safety net for providers that forget shutdown(), and the 'exit'
// listener that spools what is still queued when process.exit() skips beforeExit.
import type { SpoolScope } from '../pipeline/spool/scope.ts';

/** What the beforeExit safety net needs of a provider. */
export interface ExitWatched {
  readonly shutdownBudgetMs: number;
  shutdown(opts: { deadline: number }): Promise<unknown>;
}

// One process listener for every provider that asked for the beforeExit safety net, and ONE
// budget for all of them: every forgotten provider shuts down against the same absolute deadline
// (the largest budget among them), so 2,000 providers cost one budget at exit, not more.
const pendingExit = new Set<ExitWatched>();
function onBeforeExit(): void {
  const providers = [...pendingExit];
  pendingExit.clear();
  process.off('beforeExit', onBeforeExit);
  let budgetMs = 0;
  for (const p of providers) budgetMs = Math.max(budgetMs, p.shutdownBudgetMs);
  const deadline = Date.now() + budgetMs;
  for (const p of providers) void p.shutdown({ deadline });
}

/** Shuts `p` down on the first beforeExit unless `unwatchExit` comes first. */
export function watchExit(p: ExitWatched): void {
  if (pendingExit.size === 0) process.on('beforeExit', onBeforeExit);
  pendingExit.add(p);
}

export function unwatchExit(p: ExitWatched): void {
  if (pendingExit.delete(p) && pendingExit.size === 0) process.off('beforeExit', onBeforeExit);
}

// One process 'exit' listener for every provider with a spool: process.exit() and fatal exits
// skip beforeExit, so what is still queued is written to the spool synchronously instead.
const spoolOnExit = new Set<SpoolScope>();
function onExit(): void {
  for (const scope of spoolOnExit) scope.spoolPendingSync();
  spoolOnExit.clear();
}

/** Spools what `scope` still holds if the process exits before `unwatchSpoolExit`. */
export function watchSpoolExit(scope: SpoolScope): void {
  if (spoolOnExit.size === 0) process.on('exit', onExit);
  spoolOnExit.add(scope);
}

export function unwatchSpoolExit(scope: SpoolScope): void {
  if (spoolOnExit.delete(scope) && spoolOnExit.size === 0) process.off('exit', onExit);
}
