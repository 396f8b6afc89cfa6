// Which JavaScript runtime hosts the library (Node.js or Bun, and its major version). Code
// elsewhere asks this module instead of reading `process.versions` itself.
//
// Known differences (see the README's compatibility table):
// - HTTP: Node uses node:http/https, Bun its own fetch (pipeline/export/transport.ts chooses).
// - Bun answers the bare `undici` specifier with its own built-in stand-in, whose `ProxyAgent`
//   cannot dispatch, so undici is loaded by path (`undici/index.js`).

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
