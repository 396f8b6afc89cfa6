// shutdown({ handoff: true }), loaded with `otlp-lite/spool`: start one detached sender, let every
// pipeline give up what it holds (the final metrics collection included) to the scope's capture
// instead of the network, write it as entries claimed for the sender, and hand the sender the
// destinations (headers through its stdin only). No sender possible (gRPC, cap reached, spawn
// failed): the provider's ordinary in-process shutdown.
import type { HandoffDestination } from '../pipeline/handoff/sender.ts';
import { settleWithin } from '../pipeline/timers.ts';
import { builtin } from '../platform/builtin.ts';
import type { ExitSupport, HandoffContext } from './exit-support.ts';

/** Longest a hand-off waits for the pipelines to give up their batches, ms. */
const HANDOFF_DRAIN_MS = 80;

/** Runs the hand-off for one provider (see the top of the file). Never rejects. */
export async function runHandoff<R extends object>(support: Omit<ExitSupport, 'runHandoff'>, ctx: HandoffContext<R>): Promise<R> {
  const started = performance.now();
  const { scope, deadline } = ctx;
  const dests = [...scope.destinations.values()];
  // Every exported signal must go to an OTLP/HTTP destination the sender can reach.
  const e = ctx.enabled;
  const covered = (s: 'traces' | 'logs' | 'metrics'): boolean => !e[s] || scope.destinations.get(s)?.dest.kind === 'otlp-http';
  const eligible = dests.length > 0 && covered('traces') && covered('logs') && covered('metrics');
  const child = eligible ? support.spawnSender(ctx.options) : undefined;
  if (child === undefined || child.pid === undefined) return ctx.runShutdown(deadline);
  const replayer = ctx.takeReplayer();
  const replayStopped = replayer?.stop().catch(() => undefined); // claimed entries go back; the sender replays
  const maxBytes = ctx.options.maxBytes ?? support.defaultMaxBytes;
  scope.startCapture(maxBytes > 0 ? maxBytes : support.defaultMaxBytes);
  // runShutdown never rejects; the capture ends right after it.
  const r = await ctx.runShutdown(Math.min(deadline, Date.now() + HANDOFF_DRAIN_MS));
  if (replayStopped !== undefined) await settleWithin(replayStopped, 20);
  const bodies = scope.endCapture();
  let carrier = scope.spool;
  let ephemeral = false;
  if (carrier === undefined) {
    try {
      carrier = support.openSpool({ dir: builtin('node:fs').mkdtempSync(builtin('node:path').join(builtin('node:os').tmpdir(), 'otlp-lite-handoff-')) });
      ephemeral = true;
    } catch {
      carrier = undefined;
    }
  }
  const files: string[] = [];
  for (const b of bodies) {
    const d = scope.destinations.get(b.signal);
    const name = d === undefined || carrier === undefined ? undefined : carrier.write({ signal: b.signal, url: d.dest.url, contentType: d.contentType, items: b.items }, b.body, child.pid);
    if (name !== undefined) files.push(name);
    else scope.lostAtHandoff(b.signal, b.items);
  }
  const destinations: HandoffDestination[] = dests.map((d) => ({
    signal: d.signal, url: d.dest.url, contentType: d.contentType, headers: d.dest.headers ?? {}, protocol: d.dest.protocol ?? 'json',
    timeoutMs: d.dest.timeoutMs ?? 10_000, compression: d.dest.compression ?? 'none', tls: d.dest.tls,
    ...(d.dest.transport !== undefined ? { transport: d.dest.transport } : {}),
  }));
  const proxyEnv: Record<string, string> = {};
  for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
    const v = process.env[k];
    if (v !== undefined) proxyEnv[k] = v;
  }
  const budget = ctx.options.budgetMs;
  if (carrier !== undefined) {
    support.sendMessage(child, {
      v: 1, budgetMs: budget !== undefined && Number.isFinite(budget) && budget > 0 ? budget : support.defaultBudgetMs,
      dir: carrier.dir, ephemeral, maxBytes: carrier.maxBytes, maxAgeMs: carrier.maxAgeMs, files, destinations, proxyEnv,
    });
  } else {
    child.stdin?.end();
  }
  return Object.freeze({ ...r, status: 'handed-off', timedOut: false, durationMs: performance.now() - started }) as R;
}
