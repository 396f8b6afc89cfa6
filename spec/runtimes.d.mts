// Types for spec/runtimes.mjs (the runtime installer/locator shared by the test launcher, the
// runtime specs and the benchmarks).

/** A runtime binary the matrix or the benchmarks can start. */
export interface RuntimeInfo {
  /** `node20` | `node22` | `node24` | `bun` (for a path: derived from its `--version`). */
  name: string;
  kind: 'node' | 'bun';
  /** Absolute path of the binary. */
  bin: string;
  /** The runtime's version without a leading `v` (`24.21.0`, `1.4.5`). */
  version: string;
  /** True when it is the binary running this process. */
  host: boolean;
}

export interface RuntimeOptions {
  /** Environment for the cache folder, overrides and npm (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Cache folder (default runtimeCacheDir(env)). */
  cacheDir?: string;
  /** Progress lines (installing …, ready …). */
  log?: (line: string) => void;
}

export declare const RUNTIME_VERSIONS: Readonly<{ node20: string; node22: string; node24: string; bun: string }>;
export declare const RUNTIME_NAMES: readonly ['node20', 'node22', 'node24', 'bun'];

/** Thrown when a runtime is neither cached nor installable; `runtime` names it. */
export declare class RuntimeUnavailableError extends Error {
  constructor(name: string, message: string, cause?: unknown);
  readonly runtime: string;
}

export declare function runtimePackage(name: string): { pkg: string; version: string; binInPkg: string; kind: 'node' | 'bun' };
export declare function runtimeCacheDir(env?: NodeJS.ProcessEnv): string;
export declare function hostRuntime(): RuntimeInfo;
export declare function runtimeFromPath(path: string): RuntimeInfo;
/** Cached or host runtime, never installs; undefined when not installed. */
export declare function findRuntime(name: string, opts?: RuntimeOptions): RuntimeInfo | undefined;
/** Installs into the cache if needed (synchronous). Throws RuntimeUnavailableError. */
export declare function ensureRuntime(name: string, opts?: RuntimeOptions): RuntimeInfo;
/** Async form of ensureRuntime. Rejects with RuntimeUnavailableError. */
export declare function resolveRuntime(name: string, opts?: RuntimeOptions): Promise<RuntimeInfo>;
/** [binary, argv] running a TypeScript file: `node --import <tsx> file …` or `bun file …`. */
export declare function tsCommand(rt: RuntimeInfo, script: string, args?: readonly string[]): [string, string[]];
export declare function tsxLoader(): string;
export declare function runtimeLabel(rt: RuntimeInfo): string;
