// Settings validation (fast pre-check vs the zod/mini schema), the ConfigError for each kind of
// bad setting, and how settings and the environment decide which signals are exported.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { precheckSettings, resolveSettings, validateSettings } from '../../lib/config/settings.ts';
import { settingsIssues } from '../../lib/config/settings-check.ts';
import { settingsSchemaIssues } from '../../lib/config/settings-schema.ts';
import { InMemorySpanExporter } from '../../lib/pipeline/export/in-memory.ts';
import { setDiagnosticHandler } from '../../lib/platform/diag.ts';
import { configError } from '../helpers/config.ts';

const http = { kind: 'otlp-http', endpoint: 'http://127.0.0.1:4318/v1/traces', protocol: 'json' } as const;
const grpc = { kind: 'otlp-grpc', endpoint: 'http://127.0.0.1:4317' } as const;
const custom = { kind: 'custom', exporter: new InMemorySpanExporter() } as const;

const GOOD: unknown[] = [
  {},
  { environment: 'dev', serviceName: 'codex-cli', serviceVersion: '1.2.3', runtimeMetrics: true },
  { traceExporter: http, exporter: { ...http, endpoint: 'https://c.example.com/v1/logs' }, metricsExporter: { kind: 'statsig' } },
  { traceExporter: { ...http, headers: { Authorization: 'Bearer x', 'x-a': '' }, timeoutMs: 0, compression: 'gzip' } },
  { traceExporter: { ...http, tls: { caCertificate: '/ca.pem', clientCertificate: '/c.pem', clientPrivateKey: '/k.pem' } } },
  { traceExporter: custom, exporter: { kind: 'none' }, metricsExporter: { kind: 'statsig', apiKey: 'k', endpoint: 'https://s.example.com/otlp' } },
  { spanAttributes: { 'test.configured_attribute': 'configured-value' } },
  { tracestate: { example: { alpha: 'one', beta: 'two' }, 'tenant@sys': { k: 'v v' } } },
  { exporter: { ...http, protocol: 'binary' } },
  { metricsExporter: { ...http, endpoint: 'https://c.example.com/v1/metrics', protocol: 'binary', compression: 'gzip', timeoutMs: 500 } },
  { traceExporter: grpc, exporter: { ...grpc, endpoint: 'https://c.example.com' }, metricsExporter: { ...grpc, endpoint: 'http://[::1]:4317' } },
  { traceExporter: { kind: 'statsig' }, exporter: { kind: 'statsig', apiKey: 'k' }, metricsExporter: { kind: 'statsig' } },
  { traceExporter: { kind: 'statsig', apiKey: '', endpoint: 'http://127.0.0.1:1/otlp/v1/traces' }, exporter: { kind: 'statsig', endpoint: 'https://s.example.com/l' } },
  { traceExporter: { ...grpc, headers: { Authorization: 'Bearer x' }, timeoutMs: 0, compression: 'gzip', tls: { caCertificate: '/ca.pem', clientCertificate: '/c.pem', clientPrivateKey: '/k.pem' } } },
];

const BAD: [settings: unknown, path: string, message: RegExp][] = [
  [null, '', /settings must be an object/],
  ['x', '', /settings must be an object/],
  [{ serviceName: 1 }, 'serviceName', /must be a string/],
  [{ environment: null }, 'environment', /must be a string/],
  [{ runtimeMetrics: 'yes' }, 'runtimeMetrics', /must be a boolean/],
  [{ traceExporter: 'none' }, 'traceExporter', /kind is 'none', 'statsig'/],
  [{ traceExporter: { kind: 'jaeger' } }, 'traceExporter.kind', /kind is/],
  [{ traceExporter: { ...http, endpoint: 'localhost:4318' } }, 'traceExporter.endpoint', /absolute http/],
  [{ traceExporter: { ...http, endpoint: undefined } }, 'traceExporter.endpoint', /absolute http/],
  [{ exporter: { ...http, protocol: 'xml' } }, 'exporter.protocol', /must be 'json' or 'binary'/],
  [{ exporter: { ...http, protocol: undefined } }, 'exporter.protocol', /must be 'json' or 'binary'/],
  [{ exporter: { ...http, protocol: 'binary', endpoint: 'nope' } }, 'exporter.endpoint', /absolute http/],
  [{ exporter: { ...http, protocol: 'binary', compression: 'zstd' } }, 'exporter.compression', /'none' or 'gzip'/],
  [{ metricsExporter: { kind: 'otlp-grpc' } }, 'metricsExporter.endpoint', /http:\/\/ \(plaintext\) or https:\/\/ \(TLS\) URL with a host/],
  [{ metricsExporter: { ...grpc, endpoint: 4317 } }, 'metricsExporter.endpoint', /URL with a host/],
  [{ traceExporter: { ...grpc, endpoint: 'localhost:4317' } }, 'traceExporter.endpoint', /^OTLP gRPC endpoint localhost:4317 does not include a host$/],
  [{ exporter: { ...grpc, endpoint: 'grpc://c:4317' } }, 'exporter.endpoint', /http:\/\/ \(plaintext HTTP\/2\) or https:\/\/ \(TLS\)/],
  [{ traceExporter: { ...grpc, headers: { 'bad name': 'v' } } }, 'traceExporter.headers', /header 1 has an invalid name/],
  [{ traceExporter: { ...grpc, headers: { ok: 'a\nb' } } }, 'traceExporter.headers.ok', /control characters/],
  [{ metricsExporter: { ...grpc, tls: { clientCertificate: '/c.pem' } } }, 'metricsExporter.tls', /client_certificate and client_private_key must both be provided for mTLS/],
  [{ metricsExporter: { ...grpc, tls: { caCertificate: '' } } }, 'metricsExporter.tls.caCertificate', /non-empty file path/],
  [{ exporter: { ...grpc, timeoutMs: -1 } }, 'exporter.timeoutMs', /≥ 0/],
  [{ exporter: { ...grpc, compression: 'br' } }, 'exporter.compression', /'none' or 'gzip'/],
  [{ exporter: { kind: 'statsig', endpoint: 'api.statsig.com/otlp/v1/logs' } }, 'exporter.endpoint', /absolute http/],
  [{ traceExporter: { kind: 'statsig', apiKey: 42 } }, 'traceExporter.apiKey', /must be a string/],
  [{ traceExporter: { kind: 'statsig', endpoint: 7 } }, 'traceExporter.endpoint', /absolute http/],
  [{ metricsExporter: { kind: 'statsig', endpoint: 'nope' } }, 'metricsExporter.endpoint', /absolute http/],
  [{ traceExporter: { ...http, headers: { 'bad name': 'v' } } }, 'traceExporter.headers', /header 1 has an invalid name/],
  [{ traceExporter: { ...http, headers: { ok: 'a\r\nb' } } }, 'traceExporter.headers.ok', /control characters/],
  [{ traceExporter: { ...http, headers: { ok: 5 } } }, 'traceExporter.headers.ok', /must be a string/],
  [{ traceExporter: { ...http, headers: 'a=b' } }, 'traceExporter.headers', /must be an object/],
  [{ traceExporter: { ...http, tls: { clientCertificate: '/c.pem' } } }, 'traceExporter.tls', /client_certificate and client_private_key must both be provided for mTLS/],
  [{ traceExporter: { ...http, tls: { caCertificate: '' } } }, 'traceExporter.tls.caCertificate', /non-empty file path/],
  [{ traceExporter: { ...http, timeoutMs: -1 } }, 'traceExporter.timeoutMs', /≥ 0/],
  [{ traceExporter: { ...http, timeoutMs: Number.NaN } }, 'traceExporter.timeoutMs', /≥ 0/],
  [{ traceExporter: { ...http, compression: 'br' } }, 'traceExporter.compression', /'none' or 'gzip'/],
  [{ traceExporter: { kind: 'custom', exporter: {} } }, 'traceExporter.exporter', /export\(\) and shutdown\(\)/],
  [{ spanAttributes: { '': 'x' } }, 'spanAttributes', /^configured span attribute key must not be empty$/],
  [{ spanAttributes: { a: 1 } }, 'spanAttributes.a', /must be a string/],
  [{ tracestate: { example: { alpha: 'one\ntwo' } } }, 'tracestate.example.alpha', /configured tracestate value "one\\ntwo"/],
  [{ tracestate: { example: { alpha: 'a,b' } } }, 'tracestate.example.alpha', /configured tracestate value/],
  [{ tracestate: { Example: { alpha: 'one' } } }, 'tracestate.Example', /not a valid W3C tracestate key/],
  [{ tracestate: { example: { 'al:pha': 'one' } } }, 'tracestate.example.al:pha', /configured tracestate field/],
  [{ tracestate: { example: {} } }, 'tracestate.example', /at least one field/],
  [{ tracestate: { example: 'alpha:one' } }, 'tracestate.example', /must be an object/],
  [{ tracestate: { example: { alpha: 'x'.repeat(300) } } }, 'tracestate.example', /1-256 characters/],
  [{ traceExporter: { ...http, transport: 'curl' } }, 'traceExporter.transport', /must be 'auto' or 'undici'/],
  [{ traceExporter: { ...http, tls: 'ca.pem' } }, 'traceExporter.tls', /must be an object/],
  [{ traceExporter: { ...http, tls: { clientCertificate: 5, caCertificate: '' } } }, 'traceExporter.tls.clientCertificate', /non-empty file path/],
  [{ metricsExporter: { kind: 'statsig', apiKey: 5 } }, 'metricsExporter.apiKey', /must be a string/],
  [{ serviceName: 1, environment: 2, traceExporter: { kind: 'otlp-http' }, exporter: { kind: 'custom' }, runtimeMetrics: 0 }, 'environment', /must be a string/],
];

describe('settings validation', () => {
  it('the fast pre-check and the zod schema agree on good settings', () => {
    for (const s of GOOD) {
      assert.equal(precheckSettings(s), true, JSON.stringify(s));
      assert.deepEqual(settingsSchemaIssues(s), [], JSON.stringify(s));
    }
  });

  it('the fast pre-check and the zod schema agree on bad settings', () => {
    for (const [s] of BAD) {
      assert.equal(precheckSettings(s), false, JSON.stringify(s));
      assert.notDeepEqual(settingsSchemaIssues(s), [], JSON.stringify(s));
    }
  });

  it('reports exactly the issues the zod schema reports (paths and messages), without zod', () => {
    const key = (i: { path: string; message: string }): string => `${i.path}\u0000${i.message}`;
    for (const [s] of BAD) {
      assert.deepEqual(settingsIssues(s).map(key).sort(), settingsSchemaIssues(s).map(key).sort(), JSON.stringify(s));
    }
    for (const s of GOOD) assert.deepEqual(settingsIssues(s), []);
  });

  it('throws one ConfigError naming the field and why, for each kind of bad setting', () => {
    for (const [s, path, message] of BAD) {
      const e = configError(() => validateSettings(s));
      const issue = e.issues.find((i) => i.path === path);
      assert.ok(issue, `${JSON.stringify(s)}: no issue at ${path} in ${JSON.stringify(e.issues)}`);
      assert.match(issue.message, message);
      assert.equal(e.code, 'OTLP_LITE_CONFIG');
      assert.ok(e.message.startsWith('invalid otlp-lite settings: '));
    }
  });

  it('names every offending field in one error', () => {
    const e = configError(() =>
      validateSettings({ serviceName: 3, traceExporter: { ...http, endpoint: 'x' }, spanAttributes: { '': 'v' }, tracestate: { example: { alpha: 'one\ntwo' } } }),
    );
    assert.deepEqual(e.issues.map((i) => i.path).sort(), ['serviceName', 'spanAttributes', 'traceExporter.endpoint', 'tracestate.example.alpha']);
  });

  it('never puts a header value or API key in the error', () => {
    const e = configError(() =>
      validateSettings({
        traceExporter: { ...http, endpoint: 'bad', headers: { authorization: 'Bearer s3cr3t\n' } },
        metricsExporter: { kind: 'statsig', apiKey: 'k3y-s3cr3t', endpoint: 'bad' },
        exporter: { kind: 'statsig', apiKey: 'k3y-s3cr3t-logs', endpoint: 'bad' },
      }),
    );
    assert.ok(!e.message.includes('s3cr3t'), e.message);
  });
});

describe('which signals are exported', () => {
  it('returns undefined when nothing is enabled in settings or env', () => {
    assert.equal(resolveSettings({}, {}), undefined);
    assert.equal(resolveSettings({ traceExporter: { kind: 'none' }, exporter: { kind: 'none' }, metricsExporter: { kind: 'none' } }, {}), undefined);
  });

  it('lets the environment alone turn export on', () => {
    const r = resolveSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    assert.ok(r);
    assert.equal(r.traces?.kind === 'otlp-http' && r.traces.destination.url, 'http://collector:4318/v1/traces');
    assert.equal(r.logs?.kind === 'otlp-http' && r.logs.destination.url, 'http://collector:4318/v1/logs');
    assert.deepEqual(r.metrics, { kind: 'otlp-http', endpoint: 'http://collector:4318/v1/metrics', protocol: 'json' });
  });

  it('turns on one signal with OTEL_<SIGNAL>_EXPORTER=otlp and the default endpoint', () => {
    const r = resolveSettings({}, { OTEL_LOGS_EXPORTER: 'otlp' });
    assert.ok(r);
    assert.equal(r.traces, undefined);
    assert.equal(r.metrics, undefined);
    assert.equal(r.logs?.kind === 'otlp-http' && r.logs.destination.url, 'http://localhost:4318/v1/logs');
  });

  it('OTEL_<SIGNAL>_EXPORTER=none wins over an endpoint variable; console is honoured', () => {
    const r = resolveSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'console' });
    assert.ok(r);
    assert.equal(r.traces, undefined);
    assert.equal(r.logs?.kind, 'otlp-http');
    assert.deepEqual(r.metrics, { kind: 'console' });
  });

  it('programmatic settings win over the environment, per signal', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318', OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_HEADERS: 'x-env=1' };
    const r = resolveSettings({ traceExporter: http, exporter: { kind: 'none' } }, env);
    assert.ok(r);
    assert.equal(r.traces?.kind === 'otlp-http' && r.traces.destination.url, http.endpoint);
    assert.deepEqual(r.traces?.kind === 'otlp-http' && r.traces.destination.headers, { 'x-env': '1' });
    assert.equal(r.logs, undefined);
    assert.equal(r.metrics?.kind, 'otlp-http');
  });

  it('OTEL_SDK_DISABLED=true turns every signal off, programmatic ones included', () => {
    assert.equal(resolveSettings({ traceExporter: http }, { OTEL_SDK_DISABLED: 'true' }), undefined);
  });

  it('validates settings even when the SDK is disabled', () => {
    configError(() => resolveSettings({ spanAttributes: { '': 'x' } }, { OTEL_SDK_DISABLED: 'true' }));
  });

  it('OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf sends env-enabled signals as OTLP/HTTP protobuf', () => {
    const r = resolveSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    assert.ok(r?.traces?.kind === 'otlp-http' && r.logs?.kind === 'otlp-http');
    assert.equal(r.traces.destination.protocol, 'binary');
    assert.equal(r.traces.destination.url, 'http://c:4318/v1/traces');
    assert.equal(r.logs.destination.protocol, 'binary');
    assert.deepEqual(r.metrics, { kind: 'otlp-http', endpoint: 'http://c:4318/v1/metrics', protocol: 'binary' });
  });

  it('OTEL_EXPORTER_OTLP_PROTOCOL=grpc sends env-enabled signals over gRPC to the endpoint as-is', () => {
    const r = resolveSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_HEADERS: 'k=v' });
    assert.ok(r?.traces?.kind === 'otlp-grpc' && r.logs?.kind === 'otlp-grpc');
    assert.equal(r.traces.destination.url, 'http://c:4317');
    assert.deepEqual(r.traces.destination.headers, { k: 'v' });
    assert.deepEqual(r.metrics, { kind: 'otlp-grpc', endpoint: 'http://c:4317' });
    const d = resolveSettings({}, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'GRPC' });
    assert.equal(d?.traces?.kind === 'otlp-grpc' && d.traces.destination.url, 'http://localhost:4317');
  });

  it('picks the protocol per signal: signal-specific over generic over http/json', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
    };
    const r = resolveSettings({}, env);
    assert.equal(r?.traces?.kind, 'otlp-grpc');
    assert.ok(r?.logs?.kind === 'otlp-http');
    assert.equal(r.logs.destination.protocol, 'json');
    assert.deepEqual(r.metrics, { kind: 'otlp-http', endpoint: 'http://c:4318/v1/metrics', protocol: 'binary' });
    const plain = resolveSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' });
    assert.ok(plain?.traces?.kind === 'otlp-http');
    assert.equal(plain.traces.destination.protocol, 'json');
  });

  it('ignores an unknown env protocol with one warning (http/json), and the protocol alone enables nothing', () => {
    const seen: string[] = [];
    setDiagnosticHandler((level, msg) => {
      if (level === 'warn') seen.push(msg);
    });
    try {
      const r = resolveSettings({ exporter: { kind: 'none' }, metricsExporter: { kind: 'none' } }, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' });
      assert.ok(r?.traces?.kind === 'otlp-http');
      assert.equal(r.traces.destination.protocol, 'json');
    } finally {
      setDiagnosticHandler(undefined);
    }
    assert.deepEqual(seen, ['OTEL_EXPORTER_OTLP_PROTOCOL: expected http/json, http/protobuf or grpc; ignored']);
    assert.equal(resolveSettings({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), undefined);
  });

  it('programmatic exporters win over the env protocol', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' };
    const r = resolveSettings({ traceExporter: http, exporter: { ...http, protocol: 'binary' }, metricsExporter: grpc }, env);
    assert.ok(r?.traces?.kind === 'otlp-http' && r.logs?.kind === 'otlp-http');
    assert.equal(r.traces.destination.protocol, 'json');
    assert.equal(r.traces.destination.url, http.endpoint);
    assert.equal(r.logs.destination.protocol, 'binary');
    assert.equal(r.metrics, grpc);
    const g = resolveSettings({ traceExporter: grpc }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    assert.equal(g?.traces?.kind === 'otlp-grpc' && g.traces.destination.url, 'http://127.0.0.1:4317');
  });

  it('passes custom exporters through', () => {
    const r = resolveSettings({ traceExporter: custom }, {});
    assert.equal(r?.traces?.kind === 'custom' && r.traces.exporter, custom.exporter);
  });
});
