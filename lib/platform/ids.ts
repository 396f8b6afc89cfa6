// Trace and span ids from crypto randomness, drawn from a pooled buffer so one id costs one
// hex slice instead of a syscall. Never all-zero (regenerated, as the W3C spec requires).
import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 8192;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function take(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += bytes;
  return pool.toString('hex', start, start + bytes);
}

const ZERO_TRACE = '00000000000000000000000000000000';
const ZERO_SPAN = '0000000000000000';

/** A new random trace id: 32 lowercase hex characters, never all zeros. */
export function newTraceId(): string {
  let id = take(16);
  while (id === ZERO_TRACE) id = take(16);
  return id;
}

/** A new random span id: 16 lowercase hex characters, never all zeros. */
export function newSpanId(): string {
  let id = take(8);
  while (id === ZERO_SPAN) id = take(8);
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
