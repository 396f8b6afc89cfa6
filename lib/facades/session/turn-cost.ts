// The `codex.turn.cost_microusd` increment: a turn's estimated USD (a decimal string, as codex-otel
// receives it) in whole micro-USD, rounded to nearest with halves away from zero. Parsed exactly
// from the digits (never `parseFloat(x) * 1e6`, whose binary rounding turns 0.0001245 into 124).

/** Why an amount records no point. */
export type TurnCostRejection = 'malformed' | 'negative' | 'non-finite' | 'overflow';

/** Largest increment recorded: counters are exact up to 2^53 − 1 (about 9 billion USD). */
const MAX_MICRO_USD = Number.MAX_SAFE_INTEGER;

// Rust's f64 grammar without the special values: sign, digits with an optional point, exponent.
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const NON_FINITE = /^[+-]?(?:inf|infinity|nan)$/i;

/**
 * Whole micro-USD of `estimatedUsd` (e.g. `'0.0214'` → 21400, `'0.0001245'` → 125), or why no
 * point is recorded: not a decimal number (`'abc'`, `''`, `' 1'`, `'1,5'`), below zero
 * (`'-0.01'`; a negative zero is 0), infinity or NaN, or above 2^53 − 1 micro-USD. Never throws.
 */
export function microUsdFromDecimal(estimatedUsd: unknown): number | TurnCostRejection {
  if (typeof estimatedUsd !== 'string') return 'malformed';
  const m = DECIMAL.exec(estimatedUsd);
  if (m === null) return NON_FINITE.test(estimatedUsd) ? 'non-finite' : 'malformed';
  const intPart = m[2]!;
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return 'malformed'; // '.', '+', 'e5'
  // value = digits × 10^scale micro-USD, with leading and trailing zeros stripped from digits
  const all = intPart + fracPart;
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start++;
  let end = all.length;
  while (end > start && all.charCodeAt(end - 1) === 48) end--;
  if (start === end) return 0; // zero, whatever its sign or exponent
  const digits = all.slice(start, end);
  const scale = (m[4] === undefined ? 0 : Number(m[4])) - fracPart.length + 6 + (all.length - end);
  if (m[1] === '-') return 'negative';
  const intDigits = digits.length + scale; // digits before the decimal point of the micro-USD value
  if (intDigits > 16) return 'overflow'; // ≥ 10^16 > 2^53
  let whole: number;
  let roundUp: boolean;
  if (intDigits <= 0) {
    whole = 0;
    roundUp = intDigits === 0 && digits.charCodeAt(0) >= 53; // first dropped digit ≥ 5
  } else if (scale >= 0) {
    whole = Number(digits + '0'.repeat(scale));
    roundUp = false;
  } else {
    whole = Number(digits.slice(0, intDigits));
    roundUp = digits.charCodeAt(intDigits) >= 53;
  }
  if (roundUp) whole += 1;
  return whole > MAX_MICRO_USD ? 'overflow' : whole;
}
