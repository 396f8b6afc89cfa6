// Trace and span ids drawn from a pooled buffer turned into hex once per refill, so one id costs
// one string slice instead of a syscall or a hex conversion. Never all-zero (regenerated, as the
// W3C spec requires). The bytes come from Math.random (V8's xorshift128+, seeded from the OS at
// startup), as the official SDK's ids do: ids need uniqueness, not secrecy, and loading
// node:crypto (or Web Crypto) costs 5-9 ms of a CLI's first span.

// The first refill is small (a CLI may make a handful of ids in its life); later ones are large.
const FIRST_POOL_WORDS = 24;
const POOL_WORDS = 1024;
let pool = new Uint32Array(FIRST_POOL_WORDS);
let hex = '';
let offset = 0; // in hex characters; hex is empty, so the first take() refills

function refill(): void {
  if (hex !== '' && pool.length < POOL_WORDS) pool = new Uint32Array(POOL_WORDS);
  for (let i = 0; i < pool.length; i++) pool[i] = (Math.random() * 0x100000000) >>> 0;
  hex = Buffer.from(pool.buffer, pool.byteOffset, pool.byteLength).toString('hex');
  offset = 0;
}

// Hot path: one slice of a pre-rendered hex string per id; no allocation beyond the result.
function take(chars: number): string {
  if (offset + chars > hex.length) refill();
  const start = offset;
  offset += chars;
  return hex.slice(start, start + chars);
}

const ZERO_TRACE = '00000000000000000000000000000000';
const ZERO_SPAN = '0000000000000000';

/** A new random trace id: 32 lowercase hex characters, never all zeros. */
export function newTraceId(): string {
  let id = take(32);
  while (id === ZERO_TRACE) id = take(32);
  return id;
}

/** A new random span id: 16 lowercase hex characters, never all zeros. */
export function newSpanId(): string {
  let id = take(16);
  while (id === ZERO_SPAN) id = take(16);
  return id;
}

/** True for a 32-char lowercase hex trace id that is not all zeros. */
export function isValidTraceId(id: string): boolean {
  return id.length === 32 && id !== ZERO_TRACE && /^[0-9a-f]{32}$/.test(id);
}

/** True for a 16-char lowercase hex span id that is not all zeros. */
export function isValidSpanId(id: string): boolean {
  return id.length === 16 && id !== ZERO_SPAN && /^[0-9a-f]{16}$/.test(id);
}
