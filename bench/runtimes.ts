// The runtimes `npm run bench -- --runtime node20|node22|node24|bun|<path>` can run on: a typed
// front for spec/runtimes.mjs, which installs the pinned Node 22/24 and Bun binaries from their
// npm registry packages into ~/.cache/otlp-lite-runtimes on first use (the test matrix shares
// the cache) and finds the machine's own node for its line (node20 here).
import { ensureRuntime, hostRuntime, resolveRuntime as resolveAny, RUNTIME_NAMES, type RuntimeInfo } from '../spec/runtimes.mjs';

/** A runtime binary for the benchmarks. */
export interface BenchRuntime {
  /** `node20` | `node22` | `node24` | `bun` (for a path: derived from its `--version`). */
  readonly name: string;
  readonly kind: 'node' | 'bun';
  /** Absolute path of the binary. */
  readonly bin: string;
  /** Version without a leading `v`: `24.21.0`, `1.4.5`. */
  readonly version: string;
}

/** The names `--runtime` accepts besides a path. */
export const BENCH_RUNTIMES: readonly string[] = RUNTIME_NAMES;

function toBench(rt: RuntimeInfo): BenchRuntime {
  return { name: rt.name, kind: rt.kind, bin: rt.bin, version: rt.version };
}

/**
 * Resolves `--runtime`: `node20` | `node22` | `node24` | `bun`, or a path to a node or bun binary
 * (told apart by its `--version`). Installs a missing named runtime into the cache first (~4 s).
 * Rejects with a RuntimeUnavailableError (from spec/runtimes.mjs) naming the runtime, npm's
 * error code and what to do when it cannot be installed, or when the path does not run.
 */
export async function resolveRuntime(name: 'node20' | 'node22' | 'node24' | 'bun' | (string & {})): Promise<BenchRuntime> {
  return toBench(await resolveAny(name, { log: (line) => process.stderr.write(`bench: ${line}\n`) }));
}

/** Synchronous form (for code that cannot await); same rules and errors as resolveRuntime. */
export function resolveRuntimeSync(name: string): BenchRuntime {
  return toBench(ensureRuntime(name, { log: (line) => process.stderr.write(`bench: ${line}\n`) }));
}

/** This process's runtime (`node20` on the machine). */
export function currentRuntime(): BenchRuntime {
  return toBench(hostRuntime());
}

/** argv that runs a TypeScript file on the runtime: `node --import tsx file …` or `bun file …`. */
export function tsArgv(rt: BenchRuntime, script: string, args: readonly string[] = []): string[] {
  return rt.kind === 'bun' ? [script, ...args] : ['--import', 'tsx', script, ...args];
}
