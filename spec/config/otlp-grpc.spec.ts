// OTLP/gRPC destination resolution: endpoint rules (programmatic as-is, env as-is without a
// `/v1/<signal>` path, scheme-less endpoints and OTEL_EXPORTER_OTLP_INSECURE, the default), and the
// same header, timeout, compression and TLS-file rules as OTLP/HTTP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULT_OTLP_GRPC_ENDPOINT, INT_MAX, resolveOtlpGrpcExporter } from '../../lib/config/env.ts';
import { configError, pemFolder, warnings } from '../helpers/config.ts';

const grpc = (endpoint: string, extra: object = {}) => ({ kind: 'otlp-grpc' as const, endpoint, ...extra });

describe('OTLP/gRPC endpoint', () => {
  it('defaults to http://localhost:4317 for every signal', () => {
    assert.equal(DEFAULT_OTLP_GRPC_ENDPOINT, 'http://localhost:4317');
    for (const signal of ['traces', 'logs', 'metrics'] as const) {
      const r = resolveOtlpGrpcExporter(signal, undefined, {});
      assert.deepEqual(r, { kind: 'otlp-grpc', signal, url: 'http://localhost:4317', headers: {}, timeoutMs: 10000, compression: 'none', tls: undefined });
    }
  });

  it('uses the env endpoint as-is, signal-specific over generic, with no /v1/<signal> appended', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'https://logs.example.com:443' };
    assert.equal(resolveOtlpGrpcExporter('traces', undefined, env).url, 'http://collector:4317');
    assert.equal(resolveOtlpGrpcExporter('metrics', undefined, env).url, 'http://collector:4317');
    assert.equal(resolveOtlpGrpcExporter('logs', undefined, env).url, 'https://logs.example.com:443');
  });

  it('gives a scheme-less env endpoint TLS unless OTEL_EXPORTER_OTLP_[SIGNAL_]INSECURE=true', () => {
    assert.equal(resolveOtlpGrpcExporter('traces', undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' }).url, 'https://collector:4317');
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317', OTEL_EXPORTER_OTLP_INSECURE: 'true', OTEL_EXPORTER_OTLP_LOGS_INSECURE: 'false' };
    assert.equal(resolveOtlpGrpcExporter('traces', undefined, env).url, 'http://collector:4317');
    assert.equal(resolveOtlpGrpcExporter('logs', undefined, env).url, 'https://collector:4317');
  });

  it('ignores an unusable env endpoint with a warning that does not echo it', () => {
    let url = '';
    const w = warnings(() => {
      url = resolveOtlpGrpcExporter('traces', undefined, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://s3cr3t:4317', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317' }).url;
    });
    assert.equal(url, 'http://c:4317');
    assert.deepEqual(w, ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: not an OTLP/gRPC endpoint (http(s)://host:port); ignored']);
    warnings(() => assert.equal(resolveOtlpGrpcExporter('logs', undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://' }).url, 'http://localhost:4317'));
  });

  it('uses a programmatic endpoint as-is, whatever the env says', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4317', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://env-traces:4317' };
    assert.equal(resolveOtlpGrpcExporter('traces', grpc('https://collector.example.com:4317'), env).url, 'https://collector.example.com:4317');
    assert.equal(resolveOtlpGrpcExporter('traces', grpc('http://127.0.0.1:4317/ignored/path'), env).url, 'http://127.0.0.1:4317/ignored/path');
  });

  it("rejects a programmatic endpoint without a host with the seed's message", () => {
    let e = configError(() => resolveOtlpGrpcExporter('traces', grpc('localhost:4317'), {}));
    assert.deepEqual(e.issues, [{ path: 'traceExporter.endpoint', message: 'OTLP gRPC endpoint localhost:4317 does not include a host' }]);
    e = configError(() => resolveOtlpGrpcExporter('metrics', grpc('/just/a/path'), {}));
    assert.equal(e.issues[0]?.message, 'OTLP gRPC endpoint /just/a/path does not include a host');
    e = configError(() => resolveOtlpGrpcExporter('logs', grpc('grpc://collector:4317'), {}));
    assert.deepEqual(e.issues.map((i) => i.path), ['exporter.endpoint']);
    assert.match(e.message, /http:\/\/ \(plaintext HTTP\/2\) or https:\/\/ \(TLS\)/);
  });

  it('redacts user-info when echoing an endpoint without a host', () => {
    const e = configError(() => resolveOtlpGrpcExporter('traces', grpc('tok3n@:4317'), {}));
    assert.ok(!e.message.includes('tok3n'), e.message);
    assert.match(e.message, /\[REDACTED\]@/);
  });
});

describe('OTLP/gRPC metadata, timeout, compression', () => {
  it('merges headers like OTLP/HTTP (generic < per-signal env < settings), lower-cased', () => {
    const env = { OTEL_EXPORTER_OTLP_HEADERS: 'a=generic,b=generic', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'B=signal' };
    const r = resolveOtlpGrpcExporter('traces', grpc('http://c:4317', { headers: { 'X-Api-Key': 'k', a: 'settings' } }), env);
    assert.deepEqual(r.headers, { a: 'settings', b: 'signal', 'x-api-key': 'k' });
  });

  it('rejects a settings header with a control character without echoing the value', () => {
    const e = configError(() => resolveOtlpGrpcExporter('logs', grpc('http://c:4317', { headers: { authorization: 'Bearer sec\nret' } }), {}));
    assert.deepEqual(e.issues.map((i) => i.path), ['exporter.headers.authorization']);
    assert.ok(!e.message.includes('sec'));
  });

  it('reads timeout and compression from settings over env, 0 meaning no limit', () => {
    const env = { OTEL_EXPORTER_OTLP_TIMEOUT: '700', OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '300', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' };
    assert.equal(resolveOtlpGrpcExporter('metrics', undefined, env).timeoutMs, 300);
    assert.equal(resolveOtlpGrpcExporter('traces', undefined, env).timeoutMs, 700);
    assert.equal(resolveOtlpGrpcExporter('traces', undefined, env).compression, 'gzip');
    const r = resolveOtlpGrpcExporter('traces', grpc('http://c:4317', { timeoutMs: 0, compression: 'none' }), env);
    assert.equal(r.timeoutMs, INT_MAX);
    assert.equal(r.compression, 'none');
  });
});

describe('OTLP/gRPC TLS files', () => {
  let dir = '';
  pemFolder('otlp-lite-grpc-tls-', (d) => (dir = d));

  it('reads CA, client certificate and key from settings, else from env, at construction', () => {
    const tls = { caCertificate: join(dir, 'ca.pem'), clientCertificate: join(dir, 'cert.pem'), clientPrivateKey: join(dir, 'key.pem') };
    assert.deepEqual(resolveOtlpGrpcExporter('traces', grpc('https://c:4317', { tls }), {}).tls, { ca: 'PEM ca.pem', cert: 'PEM cert.pem', key: 'PEM key.pem' });
    const env = { OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE: join(dir, 'env-ca.pem') };
    assert.deepEqual(resolveOtlpGrpcExporter('metrics', undefined, env).tls, { ca: 'PEM env-ca.pem' });
  });

  it('requires client certificate and key together, and names an unreadable file by path', () => {
    let e = configError(() => resolveOtlpGrpcExporter('traces', grpc('https://c:4317', { tls: { clientPrivateKey: join(dir, 'key.pem') } }), {}));
    assert.match(e.message, /client_certificate and client_private_key must both be provided for mTLS/);
    const missing = join(dir, 'missing.pem');
    e = configError(() => resolveOtlpGrpcExporter('logs', grpc('https://c:4317', { tls: { caCertificate: missing } }), {}));
    assert.deepEqual(e.issues, [{ path: 'exporter.tls.caCertificate', message: `failed to read ${missing}: ENOENT` }]);
  });
});
