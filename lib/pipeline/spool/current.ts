// The exit scope of the provider being built: how exporters and pipelines find it without new
// constructor parameters. Kept apart from scope.ts so the default path carries only this (the
// scope itself comes with \`otlp-lite/spool\`).
import type { SpoolScope } from './scope.ts';

let current: SpoolScope | undefined;

/** Runs \`build\` (synchronous) with \`scope\` as the scope exporters and pipelines attach to. */
export function withSpoolScope<R>(scope: SpoolScope | undefined, build: () => R): R {
  const prev = current;
  current = scope;
  try {
    return build();
  } finally {
    current = prev;
  }
}

/** The scope of the provider being built now, if any. */
export function currentSpoolScope(): SpoolScope | undefined {
  return current;
}
