// Reads a request body under a byte cap, before and after gzip decompression. A body over the cap
// stops being buffered at once; a gzip bomb stops inflating at the cap (zlib maxOutputLength).
import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';

/** The receiver's default body limit: 64 MiB, the spec's recommended client-side request limit. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The outcome of reading a body: the bytes, or why there are none. */
export type BodyResult =
  | { readonly kind: 'ok'; readonly body: Buffer; readonly wireBytes: number }
  | { readonly kind: 'too-large'; readonly wireBytes: number }
  | { readonly kind: 'aborted'; readonly wireBytes: number };

/**
 * Buffers the body of `req`, up to `maxBytes` as sent on the wire. Resolves (never rejects)
 * with `too-large` as soon as the cap is passed, or `aborted` if the client goes away.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        req.pause();
        finish({ kind: 'too-large', wireBytes: size });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ kind: 'ok', body: Buffer.concat(chunks, size), wireBytes: size });
    const onAbort = (): void => finish({ kind: 'aborted', wireBytes: size });
    const onClose = (): void => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

/** The outcome of inflating a gzip body. */
export type InflateResult =
  | { readonly kind: 'ok'; readonly body: Buffer }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'invalid'; readonly message: string };

/** Inflates a gzip body on the libuv pool, refusing to produce more than `maxBytes`. Never rejects. */
export function inflate(body: Buffer, maxBytes: number): Promise<InflateResult> {
  return new Promise((resolve) => {
    gunzip(body, { maxOutputLength: Math.max(1, maxBytes) }, (err, out) => {
      if (err === null) resolve({ kind: 'ok', body: out });
      else if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) resolve({ kind: 'too-large' });
      else resolve({ kind: 'invalid', message: `invalid gzip body: ${err.message}` });
    });
  });
}
