// Reading OTLP/HTTP response bodies: the `partialSuccess` of a 2xx (JSON, or the tiny protobuf
// Export*ServiceResponse), and a short error message from a failure body (`google.rpc.Status`).
import { MAX_ERROR_MESSAGE_CHARS } from '../../config/defaults.ts';

// The protobuf google.rpc.Status decoder, registered by `otlp-lite/protobuf` and `otlp-lite/grpc`
// (a JSON-only program carries no protobuf decoder; a binary error body then reads `HTTP <status>`).
let statusDecoder: ((body: Uint8Array) => { readonly message: string }) | undefined;

/** Lets failure messages read protobuf `google.rpc.Status` bodies. */
export function registerStatusDecoder(decode: (body: Uint8Array) => { readonly message: string }): void {
  statusDecoder = decode;
}

/** A parsed `partialSuccess`: items the server rejected and its message. */
export interface PartialSuccess {
  readonly rejected: number;
  readonly errorMessage: string;
}

const REJECTED_KEYS = ['rejectedSpans', 'rejectedLogRecords', 'rejectedDataPoints', 'rejected_spans', 'rejected_log_records', 'rejected_data_points'] as const;

function toCount(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : 0;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

function truncate(s: string): string {
  return s.length > MAX_ERROR_MESSAGE_CHARS ? `${s.slice(0, MAX_ERROR_MESSAGE_CHARS - 3)}...` : s;
}

function looksLikeJson(body: Uint8Array): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    return c === 0x7b; // '{'
  }
  return false;
}

/**
 * The `partialSuccess` of a success body, or undefined when absent, empty or unreadable (an
 * unreadable 2xx body still means success). The rejected count may be a string or a number.
 */
export function parsePartialSuccess(body: Uint8Array): PartialSuccess | undefined {
  if (body.length === 0) return undefined;
  if (looksLikeJson(body)) {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    } catch {
      return undefined;
    }
    const ps = (json as { partialSuccess?: unknown; partial_success?: unknown } | null)?.partialSuccess ?? (json as { partial_success?: unknown } | null)?.partial_success;
    if (ps === null || typeof ps !== 'object') return undefined;
    const rec = ps as Record<string, unknown>;
    let rejected = 0;
    for (const k of REJECTED_KEYS) rejected += toCount(rec[k]);
    const msg = rec['errorMessage'] ?? rec['error_message'];
    const errorMessage = typeof msg === 'string' ? truncate(msg) : '';
    if (rejected === 0 && errorMessage === '') return undefined;
    return { rejected, errorMessage };
  }
  return parseProtobufPartialSuccess(body);
}

/**
 * Reads `partialSuccess` from a protobuf Export*ServiceResponse
 * `{ partial_success = 1 { rejected_* = 1 (int64); error_message = 2 } }`, skipping unknown
 * fields; undefined when absent or unreadable. Small on purpose: the full decoders stay off the
 * export path (cold start).
 */
export function parseProtobufPartialSuccess(buf: Uint8Array): PartialSuccess | undefined {
  let inner: Uint8Array | undefined;
  const ok = walkFields(buf, (field, v) => {
    if (field !== 1 || typeof v === 'number') return false;
    inner = v;
    return true;
  });
  return ok && inner !== undefined ? parseProtobufInner(inner) : undefined;
}

function parseProtobufInner(buf: Uint8Array): PartialSuccess | undefined {
  let rejected = 0;
  let errorMessage = '';
  const ok = walkFields(buf, (field, v) => {
    if (typeof v === 'number') {
      if (field === 1) rejected = v;
    } else if (field === 2) {
      errorMessage = truncate(Buffer.from(v).toString('utf8'));
    }
    return false;
  });
  if (!ok || (rejected === 0 && errorMessage === '')) return undefined;
  return { rejected, errorMessage };
}

/**
 * Walks the fields of a protobuf message: `visit(field, value)` gets varints as numbers and
 * length-delimited fields as bytes (fixed32/fixed64 are skipped); returning true stops the walk.
 * False when the message is malformed before that.
 */
function walkFields(buf: Uint8Array, visit: (field: number, value: number | Uint8Array) => boolean): boolean {
  const r = { pos: 0 };
  while (r.pos < buf.length) {
    const tag = readVarint(buf, r);
    if (tag === undefined) return false;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: number | Uint8Array;
    if (wire === 0) {
      const v = readVarint(buf, r);
      if (v === undefined) return false;
      value = v;
    } else if (wire === 2) {
      const len = readVarint(buf, r);
      if (len === undefined || r.pos + len > buf.length) return false;
      value = buf.subarray(r.pos, r.pos + len);
      r.pos += len;
    } else if (wire === 1) {
      r.pos += 8;
      continue;
    } else if (wire === 5) {
      r.pos += 4;
      continue;
    } else {
      return false;
    }
    if (visit(field, value)) return true;
  }
  return true;
}

function readVarint(buf: Uint8Array, r: { pos: number }): number | undefined {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= buf.length) return undefined;
    const b = buf[r.pos++] as number;
    result += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return result;
    mul *= 128;
  }
  return undefined;
}

/**
 * A short, printable error message from a failure body: `Status.message` when the body is a JSON
 * or protobuf `google.rpc.Status`, else the body text (control characters removed), truncated.
 */
export function failureMessage(status: number, body: Uint8Array): string {
  let text = '';
  if (looksLikeJson(body)) {
    try {
      const json = JSON.parse(Buffer.from(body).toString('utf8')) as { message?: unknown } | null;
      if (typeof json?.message === 'string') text = json.message;
    } catch {
      // fall through to the raw text
    }
  }
  if (text === '' && body.length > 0 && statusDecoder !== undefined && looksLikeBinary(body)) {
    try {
      text = statusDecoder(body).message; // a protobuf Status (protocol 'binary')
    } catch {
      // not a Status: no text
    }
  }
  if (text === '' && body.length > 0 && !looksLikeBinary(body)) {
    text = Buffer.from(body.subarray(0, MAX_ERROR_MESSAGE_CHARS * 4)).toString('utf8');
  }
  text = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return truncate(text === '' ? `HTTP ${status}` : `HTTP ${status}: ${text}`);
}

/** What replaces a configured header value found in a server's text. */
export const REDACTED = '[REDACTED]';

/** Shortest header value (or token of one) treated as a secret: shorter ones are not credentials. */
const MIN_SECRET_CHARS = 4;

/**
 * The strings to scrub from a server's text for these configured headers: every value, each
 * token of a value (`Bearer <key>` → the key), and their percent-encoded forms; longest first.
 */
export function secretsOf(headers: Readonly<Record<string, string>> | undefined): readonly string[] {
  const out = new Set<string>();
  for (const value of Object.values(headers ?? {})) {
    if (typeof value !== 'string') continue;
    const v = value.trim();
    for (const s of [v, ...v.split(/[\s,;]+/)]) {
      if (s.length < MIN_SECRET_CHARS) continue;
      out.add(s);
      const encoded = encodeURIComponent(s);
      if (encoded !== s) out.add(encoded);
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * `text` (from a server: an error body, a gRPC message, a partialSuccess message) with every
 * secret replaced by [REDACTED], including a secret cut short at the end of a truncated text.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 || text === '') return text;
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  // A message truncated in the middle of a secret still holds its first characters.
  const ellipsis = out.endsWith('...') ? '...' : out.endsWith('\u2026') ? '\u2026' : '';
  const body = out.slice(0, out.length - ellipsis.length);
  for (const s of secrets) {
    for (let k = Math.min(s.length - 1, body.length); k >= MIN_SECRET_CHARS; k--) {
      if (body.endsWith(s.slice(0, k))) return `${body.slice(0, body.length - k)}${REDACTED}${ellipsis}`;
    }
  }
  return out;
}

function looksLikeBinary(body: Uint8Array): boolean {
  const n = Math.min(body.length, 64);
  for (let i = 0; i < n; i++) {
    const c = body[i] as number;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) return true;
  }
  return false;
}
