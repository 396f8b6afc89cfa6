// otlp-lite/otel-api: makes an OtelProvider the global TracerProvider, MeterProvider,
// ContextManager and TextMapPropagator of `@opentelemetry/api` (and LoggerProvider of
// `@opentelemetry/api-logs`), so libraries and instrumentations written against the API report
// through otlp-lite without the SDK. The default entry never loads this module.
import type { BridgePort } from '../../facades/bridge-port.ts';
import { BRIDGE_PORT } from '../../platform/bridge-key.ts';
import type { OtelProvider } from '../../facades/provider.ts';
import { AlsContextManager } from './context-manager.ts';
import { ApiLoggerProvider } from './logs.ts';
import { ApiMeterProvider } from './meter.ts';
import { W3cPropagator } from './propagator.ts';
import { ApiTracerProvider, SUPPRESS_TRACING_KEY_DESCRIPTION, type BridgeCore } from './tracer.ts';
import type { OtelApiModule, OtelLogsApiModule } from './types.ts';

export type * from './types.ts';
export { AlsContextManager } from './context-manager.ts';
export { W3cPropagator } from './propagator.ts';
export { ApiTracerProvider, ApiTracer, SUPPRESS_TRACING_KEY_DESCRIPTION } from './tracer.ts';
export { ApiMeterProvider } from './meter.ts';
export { ApiLoggerProvider } from './logs.ts';

/** The modules `registerGlobal` installs into. */
export interface RegisterGlobalOptions {
  /** `import * as api from '@opentelemetry/api'` (1.x). */
  readonly api: OtelApiModule;
  /** `import * as logsApi from '@opentelemetry/api-logs'`; omit to leave its global logger provider alone. */
  readonly logsApi?: OtelLogsApiModule | undefined;
}

/**
 * Makes `provider` the global TracerProvider, MeterProvider, ContextManager and (W3C trace
 * context) TextMapPropagator of `@opentelemetry/api`, and with `logsApi` the LoggerProvider of
 * `@opentelemetry/api-logs`. The ContextManager is the AsyncLocalStorage otlp-lite's tracer uses,
 * so API spans and otlp-lite spans parent each other both ways. While otlp-lite exports, the
 * API's suppress-tracing key is set, so HTTP instrumentations never trace otlp-lite's own
 * requests. Pieces the API already had registered (another SDK) are left alone and reported
 * once through otlp-lite's diagnostics. Returns `unregister()`, which removes what it installed
 * (instruments already handed out keep reporting through the provider).
 */
export function registerGlobal(provider: OtelProvider, options: RegisterGlobalOptions): () => void {
  const api = options.api;
  const port = (provider as unknown as { [BRIDGE_PORT](): BridgePort })[BRIDGE_PORT]();
  const manager = new AlsContextManager(api, port);
  const core: BridgeCore = { api, port, manager, suppressKey: api.createContextKey(SUPPRESS_TRACING_KEY_DESCRIPTION) };
  const meter = port.meter();
  const meterProvider = new ApiMeterProvider(meter, port.diagOnce);
  const done: (() => void)[] = [];
  const install = (what: string, ok: boolean, undo: () => void): void => {
    if (ok) done.push(undo);
    else port.diagOnce('warn', `otel-api.register.${what}`, `@opentelemetry/api already has a global ${what}; otlp-lite left it in place`);
  };
  install('context manager', api.context.setGlobalContextManager(manager as never), () => api.context.disable());
  install('tracer provider', api.trace.setGlobalTracerProvider(new ApiTracerProvider(core, provider.tracer) as never), () => api.trace.disable());
  install('propagator', api.propagation.setGlobalPropagator(new W3cPropagator(core) as never), () => api.propagation.disable());
  install('meter provider', api.metrics.setGlobalMeterProvider(meterProvider as never), () => api.metrics.disable());
  if (options.logsApi !== undefined) {
    const logs = options.logsApi.logs;
    logs.setGlobalLoggerProvider(new ApiLoggerProvider(provider.logger, manager) as never);
    done.push(() => logs.disable());
  }
  const scope = <R>(fn: () => R): R => manager.with(manager.active().setValue(core.suppressKey, true), fn);
  const previousScope = port.setExportScope(scope);
  let registered = true;
  return () => {
    if (!registered) return;
    registered = false;
    port.setExportScope(previousScope);
    // The API instruments stay collected: what they recorded is still exported (no silent loss).
    for (const undo of done.reverse()) {
      try {
        undo();
      } catch {
        // The API's disable() does not throw; a foreign module might.
      }
    }
  };
}
