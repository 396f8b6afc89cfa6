// The fault matrix again over undici (the proxy transport, and `transport: 'undici'`): the
// OTLP/HTTP exporter cases (503, 429 + Retry-After, 400, partial success, reset, refused, hang,
// split, gzip), the batch pipeline (100k burst) and TLS/mTLS, with every destination set to
// `transport: 'undici'`. The default transport runs the same files on their own.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

process.env['OTLP_LITE_SPEC_TRANSPORT'] = 'undici';
await import('./otlp-http-exporter.spec.ts');
await import('../batching/pipeline.spec.ts');
await import('./tls.spec.ts');

describe('the undici rerun', () => {
  after(() => {
    delete process.env['OTLP_LITE_SPEC_TRANSPORT'];
  });
  it('really went through undici', () => {
    const cache = createRequire(import.meta.url).cache;
    assert.ok(Object.keys(cache).some((k) => /[\\/]node_modules[\\/]undici[\\/]/.test(k)), 'undici was loaded');
  });
});
