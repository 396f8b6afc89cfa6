// The receiver's one content-type dispatch point: which media types and encodings it accepts,
// and how a body becomes a validated export request. Items that fail validation are left out
// and reported as a partial success; anything else undecodable is a 400. JSON and protobuf decode
// to the same canonical request objects.
import { decodeRequest, type DecodeLimits, type RequestBySignal } from '../../proto-json/decode.ts';
import { decodeProtobufRequest } from '../../proto-json/protobuf/decode.ts';
import type { Signal } from '../contracts.ts';

export type { RequestBySignal };

/** A decoded export request, with the items kept and the items cut out as invalid. */
export interface DecodedExport<S extends Signal = Signal> {
  readonly request: RequestBySignal[S];
  /** Items accepted: spans, log records or metric data points. */
  readonly items: number;
  /** Items rejected as invalid (reported in partialSuccess). */
  readonly rejected: number;
  /** Why the first rejected item was rejected; '' when none was. */
  readonly errorMessage: string;
}

/** Wire formats the receiver understands. */
export type WireFormat = 'json' | 'protobuf';

/** Media type (lower-case, no parameters) → wire format. */
const MEDIA_TYPES: Readonly<Record<string, WireFormat>> = { 'application/json': 'json', 'application/x-protobuf': 'protobuf' };

/** The wire format a Content-Type names, if any (to answer in the format the client sent). */
export function formatOf(contentType: string | undefined): WireFormat | undefined {
  return MEDIA_TYPES[(contentType ?? '').split(';', 1)[0]!.trim().toLowerCase()];
}

/** The outcome of checking Content-Type and Content-Encoding. */
export type Negotiation =
  | { readonly ok: true; readonly format: WireFormat; readonly gzip: boolean }
  | { readonly ok: false; readonly message: string };

/** Decides from the request headers whether the body can be read (else the reply is 415). */
export function negotiate(contentType: string | undefined, contentEncoding: string | undefined): Negotiation {
  const media = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  const format = MEDIA_TYPES[media];
  if (format === undefined) {
    return { ok: false, message: `unsupported content type ${JSON.stringify(media)}: expected application/json or application/x-protobuf` };
  }
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  if (enc !== '' && enc !== 'identity' && enc !== 'gzip') {
    return { ok: false, message: `unsupported content encoding ${JSON.stringify(enc)}: expected gzip or none` };
  }
  return { ok: true, format, gzip: enc === 'gzip' };
}

/** Items per request the receiver accepts by default (spans, log records, metric points). */
export const DEFAULT_MAX_ITEMS = 1_000_000;
/** Values per request the receiver accepts by default (attributes, list entries). */
export const DEFAULT_MAX_VALUES = 2_000_000;

/**
 * Validates `body` (JSON or protobuf) with the proto-json decoder of `signal` in partial and strict
 * mode: an item whose fields do not decode, or lacks what our encoder always writes (a span's
 * non-zero ids, well-formed UTF-8) — a span, a log record, a metric data point, or a whole metric
 * with its points — is left out and counted as rejected.
 * @throws DecodeError (with the JSON path) when the request as a whole does not decode;
 *   DecodeLimitError as soon as it holds more items or values than `limits` (nothing printed).
 */
export function decodeExport<S extends Signal>(signal: S, format: WireFormat, body: Uint8Array, limits: DecodeLimits = { maxItems: DEFAULT_MAX_ITEMS, maxValues: DEFAULT_MAX_VALUES }): DecodedExport<S> {
  const opts = { partial: true, strict: true, limits };
  const decoded = format === 'protobuf' ? decodeProtobufRequest(signal, body, opts) : decodeRequest(signal, body, opts);
  const first = decoded.errors[0];
  const more = decoded.errors.length > 1 ? ` (and ${decoded.rejected - 1} more rejected)` : '';
  return {
    request: decoded.request,
    items: decoded.items,
    rejected: decoded.rejected,
    errorMessage: first === undefined ? '' : `${first.message}${more}`,
  };
}
