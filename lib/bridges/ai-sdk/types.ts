// The AI SDK integration's types: its options, the fields of the AI SDK's telemetry events it
// reads (all optional: never trusted) and the integration's shape (the AI SDK 7 `Telemetry`).

/** Options of `aiSdkTelemetry`. */
export interface AiSdkTelemetryOptions {
  /**
   * Record prompts (gen_ai.input.messages, gen_ai.system_instructions, tool call arguments).
   * A call's own `telemetry.recordInputs: false` still wins. @default false
   */
  readonly recordInputs?: boolean;
  /**
   * Record completions (gen_ai.output.messages, tool call results). A call's own
   * `telemetry.recordOutputs: false` still wins. @default false
   */
  readonly recordOutputs?: boolean;
  /** Record the gen_ai.client.* histograms (when the provider exports metrics). @default true */
  readonly metrics?: boolean;
}

/** Token usage as the AI SDK reports it. */
export interface Usage {
  /** Embedding calls report one count. */
  readonly tokens?: number | undefined;
  readonly inputTokens?: number | undefined;
  readonly outputTokens?: number | undefined;
  readonly inputTokenDetails?: { readonly cacheReadTokens?: number | undefined; readonly cacheWriteTokens?: number | undefined } | undefined;
}

/** Fields of the AI SDK's telemetry events this integration reads (all optional: never trusted). */
export interface AiSdkTelemetryEvent {
  readonly callId?: string | undefined;
  readonly operationId?: string | undefined;
  readonly provider?: string | undefined;
  readonly modelId?: string | undefined;
  readonly functionId?: string | undefined;
  readonly stepNumber?: number | undefined;
  readonly recordInputs?: boolean | undefined;
  readonly recordOutputs?: boolean | undefined;
  readonly timestamp?: number | undefined;
  readonly instructions?: unknown | undefined;
  readonly messages?: unknown | undefined;
  readonly content?: unknown | undefined;
  readonly finishReason?: string | undefined;
  readonly usage?: Usage | undefined;
  readonly responseId?: string | undefined;
  readonly model?: { readonly provider?: string | undefined; readonly modelId?: string | undefined } | undefined;
  readonly response?: { readonly id?: string | undefined; readonly modelId?: string | undefined } | undefined;
  readonly maxOutputTokens?: number | undefined;
  readonly temperature?: number | undefined;
  readonly topP?: number | undefined;
  readonly topK?: number | undefined;
  readonly presencePenalty?: number | undefined;
  readonly frequencyPenalty?: number | undefined;
  readonly stopSequences?: readonly string[] | undefined;
  readonly seed?: number | undefined;
  readonly toolCall?: { readonly toolCallId?: string | undefined; readonly toolName?: string | undefined; readonly input?: unknown | undefined } | undefined;
  readonly toolOutput?: { readonly type?: string | undefined; readonly output?: unknown | undefined; readonly error?: unknown | undefined } | undefined;
  readonly error?: unknown | undefined;
  readonly request?: { readonly url?: string | undefined } | undefined;
  readonly embedCallId?: string | undefined;
}

/** The integration: assignable to the AI SDK 7 `Telemetry` interface. */
export interface AiSdkTelemetry {
  onStart(event: unknown): void;
  onStepStart(event: unknown): void;
  onLanguageModelCallStart(event: unknown): void;
  onLanguageModelCallEnd(event: unknown): void;
  onToolExecutionStart(event: unknown): void;
  onToolExecutionEnd(event: unknown): void;
  onStepEnd(event: unknown): void;
  onStepError(event: unknown): void;
  onEnd(event: unknown): void;
  onAbort(event: unknown): void;
  onError(event: unknown): void;
  onEmbedStart(event: unknown): void;
  onEmbedEnd(event: unknown): void;
  executeLanguageModelCall<T>(options: { callId: string; execute: () => PromiseLike<T> }): PromiseLike<T>;
  executeTool<T>(options: { callId: string; toolCallId: string; execute: () => PromiseLike<T> }): PromiseLike<T>;
}
