// Header settings no request can carry are refused at construction: a ConfigError naming the
// header (never its value) instead of every export failing later without a word. From the
// environment, a bad entry is one warning and skipped (an env variable does not stop the host).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OtelProvider } from '../../lib/facades/provider.ts';
import { MetricsClient, MetricsConfig } from '../../lib/facades/metrics-client.ts';
import { parseHeaderList, resolveOtlpHttpExporter } from '../../lib/config/env.ts';
import { resolveOtlpGrpcExporter } from '../../lib/config/otlp-grpc.ts';
import { ConfigError, MetricsError } from '../../lib/errors.ts';
import { configError, warnings } from '../helpers/config.ts';

const NO_EXIT = { env: {}, beforeExitFlush: false } as const;
const SECRET = 'sk-live-\u2713-0123456789';
const FORBIDDEN = ['transfer-encoding', 'content-length', 'connection', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer', 'host', 'proxy-authorization', 'Proxy-Connection'];

describe('header settings are validated at construction', () => {
  it('refuses a value outside Latin-1 (it cannot be sent), naming the header but never the value', () => {
    const e = configError(() =>
      OtelProvider.from({ traceExporter: { kind: 'otlp-http', endpoint: 'http://127.0.0.1:9/v1/traces', protocol: 'json', headers: { 'X-Api-Key': SECRET } } }, NO_EXIT),
    );
    assert.match(e.message, /traceExporter\.headers\.x-api-key/);
    assert.match(e.message, /Latin-1/);
    assert.ok(!e.message.includes('sk-live') && !JSON.stringify(e.issues).includes('sk-live'));
  });

  it('refuses hop-by-hop and framing headers, by name, for OTLP/HTTP and OTLP/gRPC', () => {
    for (const name of FORBIDDEN) {
      const http = configError(() => resolveOtlpHttpExporter('logs', { kind: 'otlp-http', endpoint: 'http://h/v1/logs', protocol: 'json', headers: { [name]: 'secret-value' } }, {}));
      assert.match(http.message, new RegExp(`headers\\.${name.toLowerCase()}: cannot be set`), http.message);
      assert.ok(!http.message.includes('secret-value'));
      const grpc = configError(() => resolveOtlpGrpcExporter('traces', { kind: 'otlp-grpc', endpoint: 'http://h:4317', headers: { [name]: 'secret-value' } }, {}));
      assert.match(grpc.message, /cannot be set/);
    }
    const e = configError(() => OtelProvider.from({ exporter: { kind: 'otlp-http', endpoint: 'http://127.0.0.1:9/v1/logs', protocol: 'json', headers: { expect: '100-continue' } } }, NO_EXIT));
    assert.match(e.message, /exporter\.headers\.expect: cannot be set/);
  });

  it('a metrics client refuses them too (MetricsError InvalidConfig wrapping the ConfigError)', () => {
    assert.throws(
      () => new MetricsClient(MetricsConfig.otlp('dev', 's', '1', { kind: 'otlp-http', endpoint: 'http://127.0.0.1:9/v1/metrics', protocol: 'json', headers: { upgrade: 'h2c' } })),
      (e: unknown) => (e instanceof MetricsError || e instanceof ConfigError) && /upgrade/.test(String((e as Error).message) + String((e as { cause?: Error }).cause?.message)),
    );
  });

  it('accepts Latin-1 values, tabs and ordinary names', () => {
    const d = resolveOtlpHttpExporter('logs', { kind: 'otlp-http', endpoint: 'http://h/v1/logs', protocol: 'json', headers: { 'X-Name': 'caf\u00e9\tok', authorization: 'Bearer abc' } }, {});
    assert.equal(d.headers['x-name'], 'caf\u00e9\tok');
    assert.equal(d.headers['authorization'], 'Bearer abc');
  });

  it('OTEL_EXPORTER_OTLP_HEADERS: a bad entry is one warning and skipped, the good ones kept', () => {
    let h: Record<string, string> = {};
    const w = warnings(() => {
      h = parseHeaderList('x-ok=1,connection=close,proxy-authorization=Basic%20c2VjcmV0,x-bad=%E2%9C%93', 'OTEL_EXPORTER_OTLP_HEADERS');
    });
    assert.deepEqual(h, { 'x-ok': '1' });
    assert.equal(w.length, 3);
    assert.match(w[0]!, /entry 2 sets "connection", a hop-by-hop or framing header/);
    assert.match(w[1]!, /entry 3 sets "proxy-authorization"/);
    assert.match(w[2]!, /entry 4 is not a valid key=value header; skipped/);
    assert.ok(w.every((m) => !m.includes('c2VjcmV0') && !m.includes('\u2713')));
    // and through the resolver
    const d = warnings(() => {
      const r = resolveOtlpHttpExporter('traces', undefined, { OTEL_EXPORTER_OTLP_HEADERS: 'te=trailers,x-k=v' });
      assert.deepEqual(r.headers, { 'x-k': 'v' });
    });
    assert.equal(d.length, 1);
  });
});
