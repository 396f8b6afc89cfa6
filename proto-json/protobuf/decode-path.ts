// Lazy error paths of the protobuf reader (decode-core.ts): the field names and list indexes of
// the current position sit on a stack (constants and small integers, no allocation) and are
// joined only for an error. Module state: one body is decoded at a time (decoding is synchronous).

import { DecodeError, DecodeLimitError } from '../errors.ts';
import { countDecoded, type DecodeContext } from '../decode-core.ts';

/** Path of errors raised while decoding; replaced by the rendered stack when caught (`locate`). */
export const HERE = '\u0000';
/** The current position: field names and list indexes from the root message down. */
export const segs: (string | number)[] = [];
/** The context of the body being decoded (for the value counts of AnyValue readers). */
export let current: DecodeContext = { partial: false, rejected: 0, errors: [] };

/** Starts (ctx) or ends (undefined) the decoding of one body: an empty stack, `current` set. */
export function setCurrent(ctx: DecodeContext | undefined): void {
  segs.length = 0;
  current = ctx ?? { partial: false, rejected: 0, errors: [] };
}

/** Counts one item or value at the current position (throws DecodeLimitError past a limit). */
export function tally(ctx: DecodeContext, item: boolean): void {
  // Hot path: two compares when under the limits; the path is rendered only for the error.
  if (ctx.limits === undefined) return;
  try {
    countDecoded(ctx, item, 1, HERE);
  } catch (e) {
    throw new DecodeLimitError(pathOf(), (e as DecodeLimitError).limit, (e as DecodeLimitError).message.slice(HERE.length + 2));
  }
}

export function pathOf(): string {
  let out = '';
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    out += typeof s === 'number' ? '[' + s + ']' : (out === '' ? s : '.' + s);
  }
  return out === '' ? '$' : out;
}

/** An error raised at the current position (its path is rendered when caught). */
export function fault(message: string): DecodeError {
  return new DecodeError(HERE, message);
}

/** Gives an error raised while decoding its real path (the stack at the time it was thrown). */
export function locate(err: unknown): unknown {
  if (err instanceof DecodeError && err.path === HERE) return new DecodeError(pathOf(), err.message.slice(HERE.length + 2));
  return err;
}
