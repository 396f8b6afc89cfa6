// Synchronous, lazy access to Node built-ins that are needed only off the happy path (TLS files,
// the host name). A static `import … from 'node:fs'` builds the ESM facade of the whole module
// (~2 ms at import time); process.getBuiltinModule (Node ≥ 20.16, Bun) does not, and needs
// neither `import.meta` nor `require`, so it works the same in ESM, in a CommonJS bundle and in
// a compiled binary.

type Builtins = {
  'node:fs': typeof import('node:fs');
  'node:os': typeof import('node:os');
  'node:crypto': typeof import('node:crypto');
  'node:zlib': typeof import('node:zlib');
  'node:path': typeof import('node:path');
  'node:child_process': typeof import('node:child_process');
};

/** The CommonJS view of a Node built-in, loaded on first use. */
export function builtin<K extends keyof Builtins>(id: K): Builtins[K] {
  return (process as unknown as { getBuiltinModule(id: string): unknown }).getBuiltinModule(id) as Builtins[K];
}
