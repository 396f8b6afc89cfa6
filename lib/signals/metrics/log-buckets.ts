// codex-otel's logarithmic histogram boundaries (`context_log_buckets`): 511 bounds, 0 first, then
// 2^(maxExp·(i−1)/509). codex-otel evaluates them with libm's `pow`, which rounds correctly;
// `Math.pow` does not (it is off by one ulp in about 1 bound in 9), and the bounds are exported
// verbatim, so they are computed here in double-double arithmetic (~100 bits, only IEEE + − × ÷,
// hence the same on every engine) and rounded once. spec/signals/metrics/buckets.spec.ts checks every
// bound against an exact BigInt evaluation.

/** A double-double: the unevaluated sum hi + lo, |lo| ≤ ulp(hi)/2. */
type DD = readonly [hi: number, lo: number];

// Error-free transformations (Dekker / Knuth); no FMA in JavaScript, so products split operands.
function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

const SPLITTER = 134217729; // 2^27 + 1

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a[0], b[0]);
  return quickTwoSum(p[0], p[1] + (a[0] * b[1] + a[1] * b[0]));
}

function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a[0], b[0]);
  const t = twoSum(a[1], b[1]);
  const u = quickTwoSum(s[0], s[1] + t[0]);
  return quickTwoSum(u[0], u[1] + t[1]);
}

function ddDivNumber(a: DD, d: number): DD {
  const q1 = a[0] / d;
  const p = twoProd(q1, d);
  const q2 = (a[0] - p[0] - p[1] + a[1]) / d;
  return quickTwoSum(q1, q2);
}

/** ln 2 as a double-double (hi = 0x3FE62E42FEFA39EF, lo = 0x3C7ABC9E3B39803F). */
const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];
/** The denominator of codex-otel's exponent. */
const STEPS = 509;
/** Bounds per table: 0, then 2^(maxExp·k/509) for k = 0..509. */
const COUNT = 511;

let rootPowers: DD[] | undefined;

/** 2^(r/509) for r = 0..508, as double-doubles (built once, on first use). */
function powersOfRoot(): DD[] {
  if (rootPowers !== undefined) return rootPowers;
  // g = 2^(1/509) = exp(ln2/509) by its Taylor series (t ≈ 0.00136: 10 terms reach 2^-110).
  const t = ddDivNumber(LN2, STEPS);
  let term: DD = [1, 0];
  let g: DD = [1, 0];
  for (let k = 1; k <= 10; k++) {
    term = ddDivNumber(ddMul(term, t), k);
    g = ddAdd(g, term);
  }
  const out: DD[] = [[1, 0]];
  for (let r = 1; r < STEPS; r++) out.push(ddMul(out[r - 1]!, g));
  rootPowers = out;
  return out;
}

/** 2^n for a small non-negative integer n, exactly (no engine `pow`). */
function twoTo(n: number): number {
  let v = 1;
  for (let i = 0; i < n; i++) v *= 2;
  return v;
}

/**
 * 2^x correctly rounded, where x is the double nearest to k/509 (k = maxExp·(i−1), an integer):
 * 2^x = 2^(k/509) · 2^δ with δ = x − k/509 (|δ| < 2^-48), 2^(k/509) = 2^⌊k/509⌋ · 2^((k mod 509)/509)
 * from the table, 2^δ = 1 + δ·ln2 + (δ·ln2)²/2 (the next term is below 2^-145).
 */
function pow2Near(x: number, k: number, roots: readonly DD[]): number {
  // δ·509 = x·509 − k exactly: the product is split without error and x·509 is close to k.
  const p = twoProd(x, STEPS);
  const delta = ddDivNumber(twoSum(p[0] - k, p[1]), STEPS);
  const c = ddMul(delta, LN2);
  const corr = ddAdd(ddAdd([1, 0], c), ddDivNumber(ddMul(c, c), 2));
  const v = ddMul(roots[k % STEPS]!, corr);
  // A normalised double-double's hi is its value rounded to nearest.
  return v[0] * twoTo(Math.floor(k / STEPS));
}

/**
 * codex-otel's `context_log_buckets(max_exponent)`: 511 histogram boundaries that keep 0 in a
 * bucket of its own (index 0), then grow logarithmically from 1 to 2^maxExp: bound i is
 * 2^(maxExp·(i−1)/509), bit for bit what codex-otel exports. Returns a new frozen array.
 * `maxExp` must be an integer from 1 to 64 (codex-otel uses 15 and 17).
 * @throws RangeError for another `maxExp`.
 */
export function contextLogBuckets(maxExp: number): readonly number[] {
  if (!Number.isInteger(maxExp) || maxExp < 1 || maxExp > 64) {
    throw new RangeError(`contextLogBuckets: maxExp must be an integer from 1 to 64, got ${String(maxExp)}`);
  }
  const roots = powersOfRoot();
  const out = new Array<number>(COUNT);
  out[0] = 0;
  for (let i = 1; i < COUNT; i++) {
    const k = maxExp * (i - 1);
    out[i] = pow2Near(k / STEPS, k, roots);
  }
  return Object.freeze(out);
}

/**
 * A read-only array whose elements are built on first use: computing the logarithmic tables costs
 * a few ms of cold CPU, which a CLI that never records those histograms should not pay at import.
 * It behaves as the frozen array `build()` returns (`Array.isArray`, indexing, `length`,
 * iteration, spread, `JSON.stringify`, `util.inspect`, `Object.isFrozen`); writes fail as on a
 * frozen array.
 */
export function lazyFrozenArray(build: () => readonly number[]): readonly number[] {
  const target: number[] = [];
  let built = false;
  const fill = (): void => {
    if (built) return;
    built = true;
    const values = build();
    for (let i = 0; i < values.length; i++) target.push(values[i]!);
    Object.freeze(target);
  };
  // util.inspect formats a proxy's target directly (no traps): fill it first, then format it as is.
  Object.defineProperty(target, Symbol.for('nodejs.util.inspect.custom'), {
    value(this: unknown) {
      fill();
      return this;
    },
  });
  return new Proxy(target, {
    get: (t, p, r) => (fill(), Reflect.get(t, p, r)),
    has: (t, p) => (fill(), Reflect.has(t, p)),
    ownKeys: (t) => (fill(), Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, p) => (fill(), Reflect.getOwnPropertyDescriptor(t, p)),
    isExtensible: (t) => (fill(), Reflect.isExtensible(t)),
    preventExtensions: (t) => (fill(), Reflect.preventExtensions(t)),
    set: (t, p, v, r) => (fill(), Reflect.set(t, p, v, r)),
    defineProperty: (t, p, d) => (fill(), Reflect.defineProperty(t, p, d)),
    deleteProperty: (t, p) => (fill(), Reflect.deleteProperty(t, p)),
  });
}
