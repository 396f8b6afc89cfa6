// The happy path never loads zod (it costs ~40 ms to import); the first bad setting does. Own
// process per spec file, so the module cache starts clean here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { validateSettings } from '../../lib/config/settings.ts';
import { resolveSettings } from '../../lib/config/settings.ts';

const cache = createRequire(import.meta.url).cache;
const zodLoaded = (): boolean => Object.keys(cache).some((k) => /[\\/]node_modules[\\/]zod[\\/]/.test(k));

describe('lazy zod', () => {
  it('validates and resolves good settings without loading zod, then loads it to explain a bad one', () => {
    validateSettings({
      serviceName: 'codex-cli',
      traceExporter: { kind: 'otlp-http', endpoint: 'http://127.0.0.1:4318/v1/traces', protocol: 'json', headers: { a: 'b' } },
      tracestate: { example: { alpha: 'one' } },
      spanAttributes: { k: 'v' },
    });
    resolveSettings({ exporter: { kind: 'otlp-http', endpoint: 'http://127.0.0.1:4318/v1/logs', protocol: 'json' } }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' });
    assert.equal(zodLoaded(), false);
    assert.throws(() => validateSettings({ serviceName: 1 }), /serviceName: must be a string/);
    assert.equal(zodLoaded(), true);
  });
});
