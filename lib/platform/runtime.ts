// Which JavaScript runtime hosts the library (Node.js or Bun, and its major version) and the one
// module load that differs between them. The only file that knows about runtime differences;
// code elsewhere asks it instead of reading `process.versions` itself.
//
// Known differences (see the README's compatibility table):
// - Bun answers the bare `undici` specifier with its own built-in stand-in, whose `ProxyAgent`
//   cannot dispatch ("this.dispatch is not a function"). undici's files reached by path
//   (`undici/index.js`, `undici/lib/...`) are the real package on every runtime.
// - Bun's own fetch is far cheaper to start than npm undici (`preferNativeFetch`).
// - Node 20 and 22: V8 tiers undici's llhttp WebAssembly up with TurboFan in the background and
//   the process waits for it at exit (`liftoffWindowHelps`; wasm-tierup.ts does the work).

/** The hosting runtime. */
export interface RuntimeInfo {
  /** `'bun'` under Bun (including `bun build --compile` binaries), else `'node'`. */
  readonly name: 'node' | 'bun';
  /** The runtime's own version, e.g. `'20.20.2'` or `'1.4.5'`. */
  readonly version: string;
  /** The major version number (NaN if the version string cannot be read). */
  readonly major: number;
  /** The Node.js version the runtime reports compatibility with (Bun reports one too). */
  readonly nodeVersion: string;
}

function detect(): RuntimeInfo {
  const versions = process.versions as NodeJS.ProcessVersions & { bun?: string };
  const bun = versions.bun;
  const version = bun ?? versions.node;
  return {
    name: bun !== undefined ? 'bun' : 'node',
    version,
    major: Number.parseInt(version, 10),
    nodeVersion: versions.node,
  };
}

/** The runtime this process runs on, read once at import (no I/O). */
export const runtime: RuntimeInfo = detect();

/**
 * Loads undici's full entry point (ProxyAgent and the Dispatcher API methods it installs).
 * Loaded by file path because Bun replaces the bare `undici` specifier with a partial built-in
 * stand-in; the path reaches the installed package on Node and Bun alike (undici is pinned and
 * has no `exports` map). Rejects when undici is not installed; never called at import time.
 */
export function importUndiciFull(): Promise<typeof import('undici')> {
  return import('undici/index.js') as Promise<typeof import('undici')>;
}

/**
 * True where the runtime's own `fetch` is the cheaper HTTP client for a short-lived process: Bun,
 * whose built-in fetch costs ~1 ms on first use against ~40 ms to load npm undici and compile
 * its llhttp WebAssembly (the matrix CLI's whole-process wall time: 66 → 32 ms). Node keeps undici.
 */
export const preferNativeFetch: boolean = runtime.name === 'bun';

/**
 * True where compiling undici's llhttp with Liftoff only (flag set at run time around the first
 * request) removes the wait for background TurboFan tier-up at exit: Node 20 (~50 ms) and
 * Node 22 (~30 ms). Not Node 24: the tier-up wait there is ~15 ms, and changing a V8 flag at
 * run time costs more than that (measured +8-18 ms). Never Bun (JavaScriptCore).
 */
export const liftoffWindowHelps: boolean = runtime.name === 'node' && runtime.major <= 22;
