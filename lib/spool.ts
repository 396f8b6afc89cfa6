// `import 'otlp-lite/spool'`: the disk spool (`OtelProvider.from(settings, { spool })` or
// OTLP_LITE_SPOOL_DIR) and the exit hand-off (`shutdown({ handoff: true })`) for every OtelProvider
// of the program. Without this import the default entry carries neither; a configured spool or a
// hand-off is then said once on stderr and the ordinary shutdown applies.
import { registerExitSupport, type ExitSupport } from './facades/exit-support.ts';
import { runHandoff } from './facades/handoff-run.ts';
import { DEFAULT_HANDOFF_BUDGET_MS, DEFAULT_HANDOFF_MAX_BYTES, sendMessage, spawnSender } from './pipeline/handoff/launch.ts';
import { Replayer } from './pipeline/spool/replay.ts';
import { SpoolScope } from './pipeline/spool/scope.ts';
import { Spool } from './pipeline/spool/spool.ts';

const support: Omit<ExitSupport, 'runHandoff'> = {
  newScope: (spool) => new SpoolScope(spool),
  openSpool: (opts) => Spool.open(opts),
  newReplayer: (spool, targets) => new Replayer(spool, targets),
  spawnSender,
  sendMessage,
  defaultBudgetMs: DEFAULT_HANDOFF_BUDGET_MS,
  defaultMaxBytes: DEFAULT_HANDOFF_MAX_BYTES,
};
registerExitSupport({ ...support, runHandoff: (ctx) => runHandoff(support, ctx) });

export { runHandoffSenderIfRequested } from './pipeline/handoff/sender.ts';
export type { HandoffOptions } from './pipeline/handoff/launch.ts';
export type { SpoolOptions, SpoolStats } from './pipeline/spool/spool.ts';
