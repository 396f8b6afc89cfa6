// Scripted fault injection for the embedded receiver: "answer 503 once to /v1/traces", "reset
// the next two connections". Rules are consumed in order; a request gets the first rule that
// matches its signal and still has uses left. Also parses the CLI's `--fault` text form.
import { ConfigError } from '../errors.ts';
import type { Signal } from '../contracts.ts';

/** One scripted fault. */
export interface FaultRule {
  /** Only requests for this signal get the fault; every signal when absent. */
  readonly signal?: Signal;
  /** The HTTP status to answer (e.g. 503, 429, 500), or `'reset'` to destroy the socket unanswered. */
  readonly reply: number | 'reset';
  /** How many matching requests get the fault. @default 1 */
  readonly times?: number;
  /** `Retry-After` header value in seconds, sent with a status reply. */
  readonly retryAfterSeconds?: number;
}

/** The live state of a fault script: which rule the next request gets. */
export interface FaultPlan {
  /** Consumes and returns the fault for the next request of `signal`, if any is left. */
  take(signal: Signal): FaultRule | undefined;
  /** Faults injected so far. */
  injected(): number;
}

const SIGNALS: readonly string[] = ['traces', 'logs', 'metrics'];

/**
 * Validates `rules` and returns a plan that hands them out in order.
 * @throws ConfigError when a rule has a status outside 100..599 or a bad `times`/`retryAfterSeconds`.
 */
export function createFaultPlan(rules: readonly FaultRule[] = []): FaultPlan {
  const left: number[] = [];
  rules.forEach((rule, i) => {
    checkRule(rule, `faults[${i}]`);
    left.push(rule.times ?? 1);
  });
  let injected = 0;
  return {
    take(signal) {
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        if ((left[i] ?? 0) <= 0) continue;
        if (rule.signal !== undefined && rule.signal !== signal) continue;
        left[i] = (left[i] ?? 0) - 1;
        injected++;
        return rule;
      }
      return undefined;
    },
    injected: () => injected,
  };
}

function checkRule(rule: FaultRule, path: string): void {
  const { reply, times, retryAfterSeconds, signal } = rule;
  if (reply !== 'reset' && !(Number.isInteger(reply) && reply >= 100 && reply <= 599)) {
    throw new ConfigError([{ path: `${path}.reply`, message: `expected an HTTP status 100..599 or 'reset', got ${String(reply)}` }]);
  }
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    throw new ConfigError([{ path: `${path}.times`, message: `expected an integer >= 1, got ${String(times)}` }]);
  }
  if (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)) {
    throw new ConfigError([{ path: `${path}.retryAfterSeconds`, message: `expected an integer >= 0, got ${String(retryAfterSeconds)}` }]);
  }
  if (signal !== undefined && !SIGNALS.includes(signal)) {
    throw new ConfigError([{ path: `${path}.signal`, message: `expected traces, logs or metrics, got ${String(signal)}` }]);
  }
}

/**
 * Parses the CLI form `[signal:](status|reset)[xN][,retry-after=S]`, e.g. `503`, `traces:503x2`,
 * `logs:reset`, `429,retry-after=1`.
 * @throws ConfigError naming the offending text when it does not parse.
 */
export function parseFaultSpec(text: string): FaultRule {
  const bad = (why: string): ConfigError =>
    new ConfigError([{ path: '--fault', message: `${why} in ${JSON.stringify(text)} (expected [signal:](status|reset)[xN][,retry-after=S])` }]);
  const [head = '', ...options] = text.trim().split(',');
  const m = /^(?:(traces|logs|metrics):)?(reset|\d{3})(?:x(\d+))?$/i.exec(head.trim());
  if (m === null) throw bad('unrecognised fault');
  const rule: { signal?: Signal; reply: number | 'reset'; times?: number; retryAfterSeconds?: number } = {
    reply: m[2]!.toLowerCase() === 'reset' ? 'reset' : Number(m[2]),
  };
  if (m[1] !== undefined) rule.signal = m[1].toLowerCase() as Signal;
  if (m[3] !== undefined) rule.times = Number(m[3]);
  for (const opt of options) {
    const o = /^\s*retry-after=(\d+)\s*$/i.exec(opt);
    if (o === null) throw bad(`unknown option ${JSON.stringify(opt.trim())}`);
    rule.retryAfterSeconds = Number(o[1]);
  }
  try {
    checkRule(rule, '--fault');
  } catch {
    throw bad('out-of-range value');
  }
  return rule;
}
