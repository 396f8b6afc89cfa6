// The resource of each signal: service.name / service.version / env (codex-otel's key for the
// environment), telemetry.sdk.*, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, and host.name on the
// logs resource only. Pure over the env snapshot (host.name aside).
import type { Attributes, Resource } from '../../proto-json/model.ts';
import { VERSION } from '../version.ts';
import { builtin } from '../platform/builtin.ts';
import { diag } from '../platform/diag.ts';
import { envString, type EnvSnapshot } from './env-snapshot.ts';
import { decodePercent } from './headers.ts';

/** service.name when neither settings nor OTEL_SERVICE_NAME nor OTEL_RESOURCE_ATTRIBUTES give one. */
export const DEFAULT_SERVICE_NAME = 'unknown_service:node';

/** OTEL_SERVICE_NAME, trimmed; undefined when unset or empty. */
export function readServiceName(env: EnvSnapshot): string | undefined {
  return envString(env, 'OTEL_SERVICE_NAME');
}

/**
 * Parses OTEL_RESOURCE_ATTRIBUTES (`k1=v1,k2=v2`, percent-encoded). Any malformed member (no or
 * several `=`, empty key, bad `%` escape, key or value over 255 characters) discards the whole
 * variable with one warning, as the spec asks. Empty members are skipped.
 */
export function parseResourceAttributes(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value.trim() === '') return out;
  const parts = value.split(',');
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i]!.trim();
    if (raw === '') continue;
    const kv = raw.split('=');
    const k = kv.length === 2 ? decodePercent(kv[0]!.trim()) : undefined;
    const v = kv.length === 2 ? decodePercent(kv[1]!.trim()) : undefined;
    if (k === undefined || v === undefined || k === '' || k.length > 255 || v.length > 255) {
      diag('warn', `OTEL_RESOURCE_ATTRIBUTES: member ${i + 1} is malformed; the whole variable is ignored`);
      return {};
    }
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** OTEL_RESOURCE_ATTRIBUTES of `env`, parsed (see parseResourceAttributes). */
export function readResourceAttributes(env: EnvSnapshot): Record<string, string> {
  return parseResourceAttributes(env['OTEL_RESOURCE_ATTRIBUTES']);
}

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
export function resourceAttributes(input: ResourceInput, env: EnvSnapshot, hostName?: string): Attributes {
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
  env: EnvSnapshot,
  hostName: string = detectHostName(),
): { readonly traces: Resource; readonly logs: Resource } {
  const fromEnv = readResourceAttributes(env); // parsed once: a malformed value warns once
  const envService = readServiceName(env);
  return {
    traces: Object.freeze({ attributes: mergeResource(input, fromEnv, envService, undefined) }),
    logs: Object.freeze({ attributes: mergeResource(input, fromEnv, envService, hostName) }),
  };
}
