// The one error proto-json throws: a body that does not decode. It lives here (not in lib/)
// because proto-json imports nothing from lib/; lib/errors.ts re-exports it.

/**
 * An OTLP request or response body that does not decode. `path` is the JSON path of the fault,
 * e.g. `resourceSpans[0].scopeSpans[0].spans[3].traceId`.
 */
export class DecodeError extends Error {
  override name = 'DecodeError' as const;
  readonly code = 'OTLP_LITE_DECODE' as const;
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

/**
 * A request over a decoding limit (items, values, JSON nesting): the request as a whole is refused
 * (a receiver answers 413), never just the item where the limit was reached.
 */
export class DecodeLimitError extends DecodeError {
  /** Which limit: `items`, `values` or `depth`. */
  readonly limit: 'items' | 'values' | 'depth';
  constructor(path: string, limit: 'items' | 'values' | 'depth', message: string) {
    super(path, message);
    this.limit = limit;
  }
}
