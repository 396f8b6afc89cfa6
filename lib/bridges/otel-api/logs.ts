// The API-logs LoggerProvider over otlp-lite's logger: one otlp-lite logger per scope; a record's
// explicit `context` (else the active one) gives its trace/span ids; bodies that are not an
// attribute value are kept as JSON text; `exception` becomes exception.* attributes.
import type { Attributes, AttributeValue } from '../../../proto-json/model.ts';
import type { Logger, LogRecordInput } from '../../signals/logs/logger.ts';
import type { AlsContextManager } from './context-manager.ts';
import { fromApiTime } from './span.ts';
import { forScope } from './scope.ts';
import type { ApiAttributes, ApiContext, ApiTimeInput } from './types.ts';

/** An API-logs LogRecord. */
export interface ApiLogRecord {
  eventName?: string;
  timestamp?: ApiTimeInput;
  observedTimestamp?: ApiTimeInput;
  severityNumber?: number;
  severityText?: string;
  body?: unknown;
  attributes?: ApiAttributes | Record<string, unknown>;
  exception?: unknown;
  context?: ApiContext;
}

function bodyOf(body: unknown): AttributeValue | undefined {
  if (body === undefined || body === null) return undefined;
  const t = typeof body;
  if (t === 'string' || t === 'number' || t === 'boolean') return body as AttributeValue;
  if (body instanceof Uint8Array) return body as unknown as AttributeValue;
  if (Array.isArray(body) && body.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return body as AttributeValue;
  try {
    return JSON.stringify(body);
  } catch {
    return String(body);
  }
}

function exceptionAttributes(e: unknown, into: Attributes): void {
  if (typeof e === 'string') into['exception.message'] = e;
  else if (e !== null && typeof e === 'object') {
    const x = e as { name?: unknown; message?: unknown; stack?: unknown };
    if (typeof x.name === 'string') into['exception.type'] = x.name;
    if (typeof x.message === 'string') into['exception.message'] = x.message;
    if (typeof x.stack === 'string') into['exception.stacktrace'] = x.stack;
  }
}

/** An API-logs Logger. */
export class ApiLogger {
  readonly #logger: Logger;
  readonly #manager: AlsContextManager;
  constructor(logger: Logger, manager: AlsContextManager) {
    this.#logger = logger;
    this.#manager = manager;
  }

  emit(record: ApiLogRecord): void {
    if (record === undefined || record === null) return;
    try {
      const input: { -readonly [K in keyof LogRecordInput]: LogRecordInput[K] } = {};
      if (typeof record.eventName === 'string' && record.eventName !== '') input.eventName = record.eventName;
      if (typeof record.severityNumber === 'number') input.severityNumber = record.severityNumber;
      if (typeof record.severityText === 'string') input.severityText = record.severityText;
      const body = bodyOf(record.body);
      if (body !== undefined) input.body = body;
      let attrs = record.attributes as Attributes | undefined;
      if (record.exception !== undefined) {
        attrs = { ...attrs };
        exceptionAttributes(record.exception, attrs);
      }
      if (attrs !== undefined) input.attributes = attrs;
      if (record.timestamp !== undefined) input.timestamp = fromApiTime(record.timestamp);
      if (record.context !== undefined) this.#manager.with(record.context, () => this.#logger.emit(input));
      else this.#logger.emit(input);
    } catch {
      // Never throw out of a telemetry call.
    }
  }

  enabled(): boolean {
    return this.#logger.enabled;
  }
}

/** The API-logs LoggerProvider: one ApiLogger per (name, version, schemaUrl). */
export class ApiLoggerProvider {
  readonly #logger: Logger;
  readonly #manager: AlsContextManager;
  readonly #loggers = new Map<string, ApiLogger>();
  constructor(logger: Logger, manager: AlsContextManager) {
    this.#logger = logger;
    this.#manager = manager;
  }

  getLogger(name: string, version?: string, options?: { schemaUrl?: string }): ApiLogger {
    return forScope(this.#loggers, name, version, options, (scope) => new ApiLogger(this.#logger.forScope(scope), this.#manager));
  }
}
