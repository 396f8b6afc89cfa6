// The spool and the exit hand-off are registered by `import 'otlp-lite/spool'`, so a program that
// uses neither carries none of their code (about 12 KB minified). OtelProvider asks here; without
// a registration, a configured spool or hand-off is said once and the ordinary shutdown applies.
import type { HandoffMessage } from '../pipeline/handoff/sender.ts';
import type { HandoffOptions } from '../pipeline/handoff/launch.ts';
import type { Replayer, ReplayTarget } from '../pipeline/spool/replay.ts';
import type { SpoolScope } from '../pipeline/spool/scope.ts';
import type { Spool, SpoolOptions } from '../pipeline/spool/spool.ts';
import type { ChildProcess } from 'node:child_process';

/** What OtelProvider gives the hand-off: its scope, options and how to run its own shutdown. */
export interface HandoffContext<R> {
  readonly scope: SpoolScope;
  readonly options: HandoffOptions;
  readonly enabled: { readonly traces: boolean; readonly logs: boolean; readonly metrics: boolean };
  readonly deadline: number;
  /** Stops owning the provider's background replayer and returns it (the sender replays instead). */
  takeReplayer(): Replayer | undefined;
  /** The provider's in-process shutdown (never rejects). */
  runShutdown(deadline: number): Promise<R>;
}

/** What `otlp-lite/spool` provides to OtelProvider. */
export interface ExitSupport {
  newScope(spool: Spool | undefined): SpoolScope;
  openSpool(opts: SpoolOptions): Spool | undefined;
  newReplayer(spool: Spool, targets: readonly ReplayTarget[]): Replayer;
  spawnSender(opts: HandoffOptions): ChildProcess | undefined;
  sendMessage(child: ChildProcess, message: HandoffMessage): void;
  readonly defaultBudgetMs: number;
  readonly defaultMaxBytes: number;
  /** `shutdown({ handoff: true })`: a detached sender, else the in-process shutdown. */
  runHandoff<R extends object>(ctx: HandoffContext<R>): Promise<R>;
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
