// The export scope: a hook a bridge may set so otlp-lite's own export requests run inside a
// context of its choosing (the OpenTelemetry API bridge marks them "suppress tracing", so HTTP
// instrumentations never trace our exports). Default: just call the function.

/** Runs `fn` (which starts the request synchronously) inside the scope and returns its result. */
export type ExportScope = <R>(fn: () => R) => R;

let scope: ExportScope | undefined;

/** Installs (or, with undefined, removes) the export scope. Returns the one it replaced. */
export function setExportScope(next: ExportScope | undefined): ExportScope | undefined {
  const prev = scope;
  scope = next;
  return prev;
}

/** Runs `fn` inside the export scope (or directly when none is set). Never adds a throw of its own. */
export function runInExportScope<R>(fn: () => R): R {
  const s = scope;
  return s === undefined ? fn() : s(fn);
}
