// The package version as a constant, so nothing reads package.json at import time.
// spec/version.spec.ts checks it against package.json.

/** The otlp-lite version, sent as `telemetry.sdk.version` and in the User-Agent. */
export const VERSION = '0.1.0';

/** The User-Agent sent with every export: `otlp-lite/<version>`. */
export const USER_AGENT = `otlp-lite/${VERSION}`;
