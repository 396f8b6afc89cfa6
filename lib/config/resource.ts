// The resource of each signal: service.name / service.version / env (codex-otel's key for the
// environment), telemetry.sdk.*, OTEL_RESOURCE_ATTRIBUTES, and host.name on the logs resource only.
import type { Attributes, Resource } from '../../proto-json/model.ts';
import { VERSION } from '../version.ts';
import { builtin } from '../platform/builtin.ts';
import { readResourceAttributes, readServiceName } from './env.ts';

/** service.name when neither settings nor OTEL_SERVICE_NAME nor OTEL_RESOURCE_ATTRIBUTES give one. */
export const DEFAULT_SERVICE_NAME = 'unknown_service:node';

/** What a resource is built from. */
export interface ResourceInput {
  readonly serviceName?: string | undefined;
  readonly serviceVersion?: string | undefined;
  readonly environment?: string | undefined;
}

/**
 * Resource attributes, lowest to highest precedence: telemetry.sdk.{name,language,version}
 * (`otlp-lite`, `nodejs`, VERSION) < OTEL_RESOURCE_ATTRIBUTES < OTEL_SERVICE_NAME (service.name) <
 * programmatic serviceName / serviceVersion / environment (`env`). `hostName`, when given and not
 * blank after trimming, adds `host.name` (codex-otel puts it on the logs resource only).
 */
export function resourceAttributes(input: ResourceInput, env: NodeJS.ProcessEnv, hostName?: string): Attributes {
  return mergeResource(input, readResourceAttributes(env), readServiceName(env), hostName);
}

function mergeResource(
  input: ResourceInput,
  fromEnv: Record<string, string>,
  envService: string | undefined,
  hostName: string | undefined,
): Attributes {
  const attrs: Record<string, string> = {
    'service.name': DEFAULT_SERVICE_NAME,
    'telemetry.sdk.name': 'otlp-lite',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': VERSION,
  };
  for (const [k, v] of Object.entries(fromEnv)) {
    Object.defineProperty(attrs, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  if (envService !== undefined) attrs['service.name'] = envService;
  if (input.serviceName !== undefined && input.serviceName !== '') attrs['service.name'] = input.serviceName;
  if (input.serviceVersion !== undefined && input.serviceVersion !== '') attrs['service.version'] = input.serviceVersion;
  if (input.environment !== undefined && input.environment !== '') attrs['env'] = input.environment;
  const host = hostName?.trim();
  if (host !== undefined && host !== '') attrs['host.name'] = host;
  return Object.freeze(attrs);
}

/** The host name the logs resource carries: os.hostname() trimmed ('' when unavailable). */
export function detectHostName(): string {
  try {
    return builtin('node:os').hostname().trim();
  } catch {
    return '';
  }
}

/**
 * The traces and logs resources (built once per provider; encoders cache them by identity).
 * Only the logs resource has host.name.
 */
export function buildResources(
  input: ResourceInput,
  env: NodeJS.ProcessEnv,
  hostName: string = detectHostName(),
): { readonly traces: Resource; readonly logs: Resource } {
  const fromEnv = readResourceAttributes(env); // parsed once: a malformed value warns once
  const envService = readServiceName(env);
  return {
    traces: Object.freeze({ attributes: mergeResource(input, fromEnv, envService, undefined) }),
    logs: Object.freeze({ attributes: mergeResource(input, fromEnv, envService, hostName) }),
  };
}
