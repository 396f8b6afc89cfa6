// The instrumentation scope of an API `getTracer` / `getLogger` / `getMeter(name, version,
// { schemaUrl })` call, and the per-provider cache that hands out one object per scope.
import type { InstrumentationScope } from '../../../proto-json/model.ts';

/**
 * The cached object for scope (name, version, schemaUrl), made with `make` on first use. Empty
 * version and schema URL are left out of the scope; the scope is frozen.
 */
export function forScope<T>(cache: Map<string, T>, name: string, version: string | undefined, options: { schemaUrl?: string } | undefined, make: (scope: InstrumentationScope) => T): T {
  const key = `${name}\u0000${version ?? ''}\u0000${options?.schemaUrl ?? ''}`;
  let made = cache.get(key);
  if (made === undefined) {
    const scope: { -readonly [K in keyof InstrumentationScope]: InstrumentationScope[K] } = { name: String(name ?? '') };
    if (typeof version === 'string' && version !== '') scope.version = version;
    if (typeof options?.schemaUrl === 'string' && options.schemaUrl !== '') scope.schemaUrl = options.schemaUrl;
    cache.set(key, (made = make(Object.freeze(scope))));
  }
  return made;
}
