// Synchronous, lazy access to Node built-ins that are needed only off the happy path (TLS files,
// zod on the settings error path). A static `import … from 'node:fs'` builds the ESM facade of
// the whole module (~2 ms at import time); process.getBuiltinModule (Node ≥ 20.16) does not, and
// createRequire covers older Node 20 releases.
import { createRequire } from 'node:module';

let req: NodeJS.Require | undefined;

/** `require` relative to this module (for `zod/mini` and as the fallback for built-ins). */
export function lazyRequire(id: string): unknown {
  req ??= createRequire(import.meta.url);
  return req(id);
}

/** The CommonJS view of a Node built-in, loaded on first use. */
export function builtin<K extends 'node:fs' | 'node:os'>(id: K): K extends 'node:fs' ? typeof import('node:fs') : typeof import('node:os') {
  const p = process as { getBuiltinModule?: (id: string) => unknown };
  return (typeof p.getBuiltinModule === 'function' ? p.getBuiltinModule(id) : lazyRequire(id)) as never;
}
