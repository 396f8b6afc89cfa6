// The spool and the exit hand-off are registered by `import 'otlp-lite/spool'`, so a program that
// uses neither carries none of their code (about 12 KB minified). OtelProvider asks here; without
// a registration, a configured spool or hand-off is said once and the ordinary shutdown applies.
import type { HandoffMessage } from '../pipeline/handoff/sender.ts';
import type { HandoffOptions } from '../pipeline/handoff/launch.ts';
import type { Replayer, ReplayTarget } from '../pipeline/spool/replay.ts';
import type { SpoolScope } from '../pipeline/spool/scope.ts';
import type { Spool, SpoolOptions } from '../pipeline/spool/spool.ts';
import type { ChildProcess } from 'node:child_process';

/** What `otlp-lite/spool` provides to OtelProvider. */
export interface ExitSupport {
  newScope(spool: Spool | undefined): SpoolScope;
  openSpool(opts: SpoolOptions): Spool | undefined;
  newReplayer(spool: Spool, targets: readonly ReplayTarget[]): Replayer;
  spawnSender(opts: HandoffOptions): ChildProcess | undefined;
  sendMessage(child: ChildProcess, message: HandoffMessage): void;
  readonly defaultBudgetMs: number;
  readonly defaultMaxBytes: number;
}

let support: ExitSupport | undefined;

/** Called by `otlp-lite/spool`. */
export function registerExitSupport(s: ExitSupport): void {
  support = s;
}

/** The registered spool and hand-off support, if `otlp-lite/spool` was imported. */
export function exitSupport(): ExitSupport | undefined {
  return support;
}
