// The format of one spool entry file: a magic + version line, the entry's meta as one JSON line
// (signal, endpoint URL, content type, encoding, creation time, items: never headers or keys),
// then the request body. Decoding never throws: a hostile file reads as `corrupt`, a file of a
// later format version as `newer` (left for the code that wrote it).
import type { Signal } from '../../contracts.ts';

/** What an entry records besides its body. Never headers or keys. */
export interface SpoolEntryMeta {
  readonly signal: Signal;
  /** Endpoint URL the body is for. */
  readonly url: string;
  /** `application/json` or `application/x-protobuf` (also for OTLP/gRPC, whose body is the same message). */
  readonly contentType: string;
  /** Encoding of the stored body: always `identity` (compression is applied when it is sent). */
  readonly encoding: 'identity';
  /** Creation time, epoch ms. */
  readonly created: number;
  /** OTLP items in the body (for counting). */
  readonly items: number;
}

/** The format version this code writes and reads. */
export const SPOOL_FORMAT_VERSION = 1;
const MAGIC = 'OTLPLITE-SPOOL ';
const SIGNALS: readonly string[] = ['traces', 'logs', 'metrics'];
/** Longest header line read (meta JSON): anything longer is garbage. */
const MAX_HEADER = 8192;

/** Encodes one entry file: magic + version line, meta JSON line, body. */
export function encodeEntry(meta: SpoolEntryMeta, body: Uint8Array): Uint8Array {
  const head = Buffer.from(`${MAGIC}${SPOOL_FORMAT_VERSION}\n${JSON.stringify({ ...meta, bytes: body.byteLength })}\n`, 'utf8');
  const out = new Uint8Array(head.byteLength + body.byteLength);
  out.set(head, 0);
  out.set(body, head.byteLength);
  return out;
}

/** Decodes an entry file: the entry, `newer` (a later format: leave it), or `corrupt`. Never throws. */
export function decodeEntry(data: Uint8Array): { meta: SpoolEntryMeta; body: Uint8Array } | 'newer' | 'corrupt' {
  try {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const nl1 = buf.indexOf(10);
    if (nl1 < 0 || nl1 > 64) return 'corrupt';
    const first = buf.subarray(0, nl1).toString('utf8');
    if (!first.startsWith(MAGIC)) return 'corrupt';
    const version = Number(first.slice(MAGIC.length));
    if (!Number.isSafeInteger(version) || version < 1) return 'corrupt';
    if (version > SPOOL_FORMAT_VERSION) return 'newer';
    const nl2 = buf.indexOf(10, nl1 + 1);
    if (nl2 < 0 || nl2 - nl1 > MAX_HEADER) return 'corrupt';
    const m = JSON.parse(buf.subarray(nl1 + 1, nl2).toString('utf8')) as Record<string, unknown>;
    if (typeof m !== 'object' || m === null) return 'corrupt';
    const body = new Uint8Array(buf.subarray(nl2 + 1));
    const ok = typeof m['signal'] === 'string' && SIGNALS.includes(m['signal'])
      && typeof m['url'] === 'string' && /^https?:\/\//.test(m['url'])
      && typeof m['contentType'] === 'string' && m['encoding'] === 'identity'
      && typeof m['created'] === 'number' && Number.isFinite(m['created'])
      && typeof m['items'] === 'number' && Number.isSafeInteger(m['items']) && m['items'] >= 0
      && m['bytes'] === body.byteLength;
    if (!ok) return 'corrupt';
    const meta: SpoolEntryMeta = {
      signal: m['signal'] as Signal, url: m['url'] as string, contentType: m['contentType'] as string,
      encoding: 'identity', created: m['created'] as number, items: m['items'] as number,
    };
    return { meta, body };
  } catch {
    return 'corrupt';
  }
}
