// The disk spool from the environment: OTLP_LITE_SPOOL_DIR (+ _MAX_BYTES, _MAX_AGE_MS), used when
// `OtelProvider.from`'s `spool` option is unset. Pure over the env snapshot; the spool checks the
// numbers when it opens.
import type { EnvSnapshot } from './env-snapshot.ts';

/** Spool options as the environment gives them (the shape of the `spool` option). */
export interface EnvSpoolOptions {
  readonly dir: string;
  readonly maxBytes?: number;
  readonly maxAgeMs?: number;
}

const num = (v: string | undefined): number | undefined => (v === undefined || v.trim() === '' ? undefined : Number(v));

/** The spool OTLP_LITE_SPOOL_DIR asks for, or undefined when unset or blank. */
export function readSpoolEnv(env: EnvSnapshot): EnvSpoolOptions | undefined {
  const dir = env['OTLP_LITE_SPOOL_DIR']?.trim();
  if (dir === undefined || dir === '') return undefined;
  const maxBytes = num(env['OTLP_LITE_SPOOL_MAX_BYTES']);
  const maxAgeMs = num(env['OTLP_LITE_SPOOL_MAX_AGE_MS']);
  return { dir, ...(maxBytes !== undefined ? { maxBytes } : {}), ...(maxAgeMs !== undefined ? { maxAgeMs } : {}) };
}
