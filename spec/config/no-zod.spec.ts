// OtelProvider never loads zod: good settings, bad settings (the ConfigError still names every
// field) and the environment path. zod is only for `otlp-lite/settings-schema`. Own process per
// spec file, so the module cache starts clean here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { ConfigError } from '../../lib/errors.ts';
import { resolveSettings, validateSettings } from '../../lib/config/settings.ts';

const cache = createRequire(import.meta.url).cache;
const zodLoaded = (): boolean => Object.keys(cache).some((k) => /[\\/]node_modules[\\/]zod[\\/]/.test(k));

describe('settings validation without zod', () => {
  it('validates good settings, explains bad ones field by field, and never loads zod', () => {
    validateSettings({
      serviceName: 'codex-cli',
      traceExporter: { kind: 'otlp-http', endpoint: 'http://127.0.0.1:4318/v1/traces', protocol: 'json', headers: { a: 'b' } },
      tracestate: { example: { alpha: 'one' } },
      spanAttributes: { k: 'v' },
    });
    resolveSettings({ exporter: { kind: 'otlp-http', endpoint: 'http://127.0.0.1:4318/v1/logs', protocol: 'json' } }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' });
    let error: unknown;
    try {
      validateSettings({ serviceName: 1, traceExporter: { kind: 'otlp-http', endpoint: 'x', protocol: 'xml' } });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ConfigError);
    assert.equal(
      error.message,
      "invalid otlp-lite settings: serviceName: must be a string; traceExporter.endpoint: must be an absolute http:// or https:// URL; traceExporter.protocol: must be 'json' or 'binary'",
    );
    assert.equal(zodLoaded(), false);
  });
});
