// The sampling decision for a new span (OTEL_TRACES_SAMPLER / _ARG). Default
// parentbased_always_on: a root span is sampled; a child follows its parent's sampled flag, so
// an unsampled remote parent yields a non-recording span that still propagates context.
import { envEnum, envString } from '../../config/env-snapshot.ts';
import { diag } from '../../platform/diag.ts';

/** A sampler: decides from the parent's flags (undefined for a root span) and the trace id. */
export interface Sampler {
  readonly description: string;
  /** `parentFlags` is the parent's W3C trace flags, or -1 for a root span. */
  shouldSample(parentFlags: number, traceId: string): boolean;
}

const KINDS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

function ratioOf(env: NodeJS.ProcessEnv): number {
  const v = envString(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (v === undefined) return 1;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0 && n <= 1) return n;
  diag('warn', 'OTEL_TRACES_SAMPLER_ARG: expected a ratio in 0..1; using 1');
  return 1;
}

/** True for a trace id whose low 52 bits fall under `ratio` (deterministic per trace). */
function underRatio(traceId: string, ratio: number): boolean {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  return parseInt(traceId.slice(19), 16) / 2 ** 52 < ratio;
}

/** The sampler named by OTEL_TRACES_SAMPLER (default parentbased_always_on). */
export function samplerFromEnv(env: NodeJS.ProcessEnv): Sampler {
  const kind = envEnum(env, 'OTEL_TRACES_SAMPLER', KINDS) ?? 'parentbased_always_on';
  const ratio = kind.endsWith('traceidratio') ? ratioOf(env) : 1;
  const root = (traceId: string): boolean =>
    kind.endsWith('always_on') ? true : kind.endsWith('always_off') ? false : underRatio(traceId, ratio);
  if (!kind.startsWith('parentbased_')) return { description: kind, shouldSample: (_p, traceId) => root(traceId) };
  if (kind === 'parentbased_always_on') return PARENT_BASED_ALWAYS_ON;
  return { description: kind, shouldSample: (p, traceId) => (p < 0 ? root(traceId) : (p & 1) === 1) };
}

/** The default: sample roots, follow the parent's sampled flag. */
export const PARENT_BASED_ALWAYS_ON: Sampler = {
  description: 'parentbased_always_on',
  shouldSample: (parentFlags) => parentFlags < 0 || (parentFlags & 1) === 1,
};
