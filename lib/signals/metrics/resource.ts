// Stays in signals: sanitizes os / os_version with signals/metrics/tags.ts (layer 4); the provider's resources live in config/resource.ts.
// The metrics resource (as codex-otel builds it): service.name, service.version, env, the telemetry.sdk.*
// attributes, and os / os_version when they sanitize to something; never host.name.
import { platform, release } from 'node:os';
import type { Resource } from '../../../proto-json/model.ts';
import { VERSION } from '../../version.ts';
import { sanitizeMetricTagValue } from './tags.ts';

const OS_NAMES: Readonly<Record<string, string>> = {
  darwin: 'Mac OS',
  win32: 'Windows',
  linux: 'Linux',
  freebsd: 'FreeBSD',
  openbsd: 'OpenBSD',
  netbsd: 'NetBSD',
  sunos: 'Solaris',
  aix: 'AIX',
  android: 'Android',
};

let osAttrs: Record<string, string> | undefined;

/**
 * `os` (e.g. `Mac_OS`, `Linux`) and `os_version` (the kernel release from `os.release()`, where
 * codex-otel's os_info reports the product/distribution version), sanitized like tag values and
 * left out when that gives `unspecified`. Computed once per process.
 */
export function osAttributes(): Readonly<Record<string, string>> {
  if (osAttrs !== undefined) return osAttrs;
  const out: Record<string, string> = {};
  let name = 'unspecified';
  let version = 'unspecified';
  try {
    const p = platform();
    name = sanitizeMetricTagValue(OS_NAMES[p] ?? p);
    version = sanitizeMetricTagValue(release());
  } catch {
    // exotic platforms: leave both out
  }
  if (name !== 'unspecified') out['os'] = name;
  if (version !== 'unspecified') out['os_version'] = version;
  osAttrs = out;
  return out;
}

/** The resource every metric of a client carries. Build one per client (encoders cache it by identity). */
export function metricsResource(environment: string, serviceName: string, serviceVersion: string): Resource {
  return {
    attributes: Object.freeze({
      'service.name': serviceName,
      'service.version': serviceVersion,
      env: environment,
      ...osAttributes(),
      'telemetry.sdk.name': 'otlp-lite',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': VERSION,
    }),
  };
}
