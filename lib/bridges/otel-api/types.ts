// The parts of `@opentelemetry/api` (and `@opentelemetry/api-logs`) the bridge touches, typed
// structurally: the user passes the module objects in, otlp-lite never imports them (an optional
// peer), and its published types name no `@opentelemetry/*` package.

/** An OpenTelemetry API `Context` (immutable key → value map). */
export interface ApiContext {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): ApiContext;
  deleteValue(key: symbol): ApiContext;
}

/** An API `TraceState`. */
export interface ApiTraceState {
  set(key: string, value: string): ApiTraceState;
  unset(key: string): ApiTraceState;
  get(key: string): string | undefined;
  serialize(): string;
}

/** An API `SpanContext`. */
export interface ApiSpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
  traceState?: ApiTraceState;
}

/** An API attribute value. */
export type ApiAttributeValue =
  | string
  | number
  | boolean
  | Array<null | undefined | string>
  | Array<null | undefined | number>
  | Array<null | undefined | boolean>;

/** API attributes. */
export type ApiAttributes = { [key: string]: ApiAttributeValue | undefined };

/** An API `TimeInput`: HrTime, epoch ms, or a Date. */
export type ApiTimeInput = [number, number] | number | Date;

/** An API `Link`. */
export interface ApiLink {
  context: ApiSpanContext;
  attributes?: ApiAttributes;
  droppedAttributesCount?: number;
}

/** An API `Exception`. */
export type ApiException = string | { code?: string | number; message?: string; name?: string; stack?: string };

/** An API `SpanStatus`. */
export interface ApiSpanStatus {
  code: number;
  message?: string;
}

/** An API `Span`. */
export interface ApiSpan {
  spanContext(): ApiSpanContext;
  setAttribute(key: string, value: ApiAttributeValue): this;
  setAttributes(attributes: ApiAttributes): this;
  addEvent(name: string, attributesOrStartTime?: ApiAttributes | ApiTimeInput, startTime?: ApiTimeInput): this;
  addLink(link: ApiLink): this;
  addLinks(links: ApiLink[]): this;
  setStatus(status: ApiSpanStatus): this;
  updateName(name: string): this;
  end(endTime?: ApiTimeInput): void;
  isRecording(): boolean;
  recordException(exception: ApiException, time?: ApiTimeInput): void;
}

/** API `SpanOptions`. */
export interface ApiSpanOptions {
  kind?: number;
  attributes?: ApiAttributes;
  links?: ApiLink[];
  startTime?: ApiTimeInput;
  root?: boolean;
}

/** API `TextMapSetter` / `TextMapGetter`. */
export interface ApiTextMapSetter<C = unknown> {
  set(carrier: C, key: string, value: string): void;
}
export interface ApiTextMapGetter<C = unknown> {
  keys(carrier: C): string[];
  get(carrier: C, key: string): undefined | string | string[];
}

/** What `registerGlobal` needs of `@opentelemetry/api` (pass `import * as api from '@opentelemetry/api'`). */
export interface OtelApiModule {
  readonly ROOT_CONTEXT: ApiContext;
  createContextKey(description: string): symbol;
  readonly trace: {
    setGlobalTracerProvider(provider: never): boolean;
    getSpan(context: ApiContext): ApiSpan | undefined;
    setSpan(context: ApiContext, span: ApiSpan): ApiContext;
    deleteSpan(context: ApiContext): ApiContext;
    disable(): void;
  };
  readonly context: {
    setGlobalContextManager(manager: never): boolean;
    disable(): void;
  };
  readonly propagation: {
    setGlobalPropagator(propagator: never): boolean;
    disable(): void;
  };
  readonly metrics: {
    setGlobalMeterProvider(provider: never): boolean;
    disable(): void;
  };
}

/** What `registerGlobal` needs of `@opentelemetry/api-logs` (pass `import * as logsApi from '@opentelemetry/api-logs'`). */
export interface OtelLogsApiModule {
  readonly logs: {
    setGlobalLoggerProvider(provider: never): unknown;
    disable(): void;
  };
}
