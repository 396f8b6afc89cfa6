// OTEL_* parsing: endpoints, headers, timeout, compression, protocol, TLS files, queue options,
// resource attributes, exporter selection, limits. Env is always a plain object.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_BLRP_SCHEDULE_DELAY_MS,
  DEFAULT_BSP_SCHEDULE_DELAY_MS,
  DEFAULT_QUEUE_EXPORT_TIMEOUT_MS,
  DEFAULT_QUEUE_SIZE,
  envExporterFor,
  INT_MAX,
  parseHeaderList,
  parseResourceAttributes,
  readExporterKind,
  readLogLimits,
  readMetricExportInterval,
  readMetricExportTimeout,
  DEFAULT_ENV_PROTOCOL,
  readOtlpProtocol,
  readQueueOptions,
  readSdkDisabled,
  readServiceName,
  readSpanLimits,
  readTemporalityPreference,
  resolveOtlpHttpExporter,
} from '../../lib/config/env.ts';
import * as pipelineDefaults from '../../lib/config/defaults.ts';
import { recentDiagnostics } from '../../lib/platform/diag.ts';
import { configError, pemFolder, warnings } from '../helpers/config.ts';

const http = (endpoint: string, extra: object = {}) => ({ kind: 'otlp-http' as const, endpoint, protocol: 'json' as const, ...extra });

describe('endpoint resolution (spec §6)', () => {
  it('defaults to http://localhost:4318/v1/<signal>', () => {
    assert.equal(resolveOtlpHttpExporter('traces', undefined, {}).url, 'http://localhost:4318/v1/traces');
    assert.equal(resolveOtlpHttpExporter('logs', undefined, {}).url, 'http://localhost:4318/v1/logs');
    assert.equal(resolveOtlpHttpExporter('metrics', undefined, {}).url, 'http://localhost:4318/v1/metrics');
  });

  it('appends v1/<signal> to the generic endpoint after ensuring a trailing slash', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    assert.equal(resolveOtlpHttpExporter('traces', undefined, env).url, 'http://collector:4318/v1/traces');
    const env2 = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/mycollector/' };
    assert.equal(resolveOtlpHttpExporter('metrics', undefined, env2).url, 'http://collector:4318/mycollector/v1/metrics');
  });

  it('uses the per-signal endpoint as-is, adding only the root path', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://collector.example.com/v1/metrics/',
    };
    assert.equal(resolveOtlpHttpExporter('traces', undefined, env).url, 'http://collector:4318/');
    assert.equal(resolveOtlpHttpExporter('metrics', undefined, env).url, 'https://collector.example.com/v1/metrics/');
    assert.equal(resolveOtlpHttpExporter('logs', undefined, env).url, 'http://generic:4318/v1/logs');
  });

  it('uses a programmatic endpoint verbatim, ignoring endpoint variables', () => {
    const env = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://env:4318/x' };
    assert.equal(resolveOtlpHttpExporter('traces', http('http://127.0.0.1:9/custom'), env).url, 'http://127.0.0.1:9/custom');
  });

  it('ignores an unparsable env endpoint with a warning and falls back', () => {
    let url = '';
    const w = warnings(() => {
      url = resolveOtlpHttpExporter('logs', undefined, { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'not a url', OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x' }).url;
    });
    assert.equal(url, 'http://localhost:4318/v1/logs');
    assert.equal(w.length, 2);
  });

  it('treats empty and whitespace-only variables as unset', () => {
    const env = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '  ', OTEL_EXPORTER_OTLP_ENDPOINT: '' };
    assert.equal(resolveOtlpHttpExporter('traces', undefined, env).url, 'http://localhost:4318/v1/traces');
  });

  it('rejects a programmatic endpoint that is not an http(s) URL', () => {
    const e = configError(() => resolveOtlpHttpExporter('traces', http('localhost:4318'), {}));
    assert.deepEqual(e.issues.map((i) => i.path), ['traceExporter.endpoint']);
  });
});

describe('headers', () => {
  it('parses, trims, percent-decodes and lower-cases a header list', () => {
    assert.deepEqual(parseHeaderList(' Api-Key = a%20b , x-Other=c%3Dd;meta=1,,'), { 'api-key': 'a b', 'x-other': 'c=d' });
  });

  it('skips bad entries without echoing values', () => {
    let h: Record<string, string> = {};
    const w = warnings(() => {
      h = parseHeaderList('good=1,novalue,=empty,bad%zz=1,k=in%0Ajected,sp ace=1,__proto__=x', 'OTEL_EXPORTER_OTLP_HEADERS');
    });
    assert.deepEqual(Object.keys(h).sort(), ['__proto__', 'good']);
    assert.equal(Object.getPrototypeOf(h), Object.prototype);
    assert.equal(w.length, 5);
    for (const m of w) assert.ok(!m.includes('jected') && !m.includes('empty'), m);
  });

  it('merges generic < per-signal env < settings, per key', () => {
    const env = {
      OTEL_EXPORTER_OTLP_HEADERS: 'a=generic,b=generic,c=generic',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=signal,c=signal',
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'a=logs',
    };
    const r = resolveOtlpHttpExporter('traces', http('http://h/v1/traces', { headers: { C: 'settings' } }), env);
    assert.deepEqual(r.headers, { a: 'generic', b: 'signal', c: 'settings' });
  });

  it('rejects a settings header with a CR/LF value, naming the header but not the value', () => {
    const e = configError(() =>
      resolveOtlpHttpExporter('logs', http('http://h/v1/logs', { headers: { authorization: 'Bearer sec\nret' } }), {}),
    );
    assert.match(e.message, /exporter\.headers\.authorization/);
    assert.ok(!e.message.includes('sec'));
  });
});

describe('timeout, compression, protocol', () => {
  it('takes the signal timeout over the generic one over 10000', () => {
    assert.equal(resolveOtlpHttpExporter('traces', undefined, {}).timeoutMs, 10000);
    assert.equal(resolveOtlpHttpExporter('traces', undefined, { OTEL_EXPORTER_OTLP_TIMEOUT: '700' }).timeoutMs, 700);
    const env = { OTEL_EXPORTER_OTLP_TIMEOUT: '700', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '300' };
    assert.equal(resolveOtlpHttpExporter('traces', undefined, env).timeoutMs, 300);
    assert.equal(resolveOtlpHttpExporter('logs', undefined, env).timeoutMs, 700);
    assert.equal(resolveOtlpHttpExporter('logs', http('http://h/', { timeoutMs: 50 }), env).timeoutMs, 50);
  });

  it('ignores negative or unparsable timeouts and treats 0 as no limit', () => {
    let t = 0;
    const w = warnings(() => {
      t = resolveOtlpHttpExporter('traces', undefined, { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '-5', OTEL_EXPORTER_OTLP_TIMEOUT: '1s' }).timeoutMs;
    });
    assert.equal(t, 10000);
    assert.equal(w.length, 2);
    assert.equal(resolveOtlpHttpExporter('traces', undefined, { OTEL_EXPORTER_OTLP_TIMEOUT: '0' }).timeoutMs, INT_MAX);
  });

  it('reads compression none|gzip, ignoring other values', () => {
    assert.equal(resolveOtlpHttpExporter('traces', undefined, {}).compression, 'none');
    assert.equal(resolveOtlpHttpExporter('traces', undefined, { OTEL_EXPORTER_OTLP_COMPRESSION: 'GZIP' }).compression, 'gzip');
    const env = { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'none' };
    assert.equal(resolveOtlpHttpExporter('logs', undefined, env).compression, 'none');
    warnings(() => assert.equal(resolveOtlpHttpExporter('logs', undefined, { OTEL_EXPORTER_OTLP_COMPRESSION: 'br' }).compression, 'none'));
  });

  it('reads http/json, http/protobuf and grpc, signal-specific over generic, case-insensitively; http/json when unset', () => {
    assert.equal(readOtlpProtocol('traces', {}), 'http/json');
    assert.equal(DEFAULT_ENV_PROTOCOL, 'http/json');
    assert.equal(readOtlpProtocol('traces', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }), 'http/json');
    assert.equal(readOtlpProtocol('traces', { OTEL_EXPORTER_OTLP_PROTOCOL: ' HTTP/Protobuf ' }), 'http/protobuf');
    const env = { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf' };
    assert.equal(readOtlpProtocol('traces', env), 'grpc');
    assert.equal(readOtlpProtocol('logs', env), 'http/protobuf');
    assert.equal(readOtlpProtocol('metrics', env), 'grpc');
  });

  it('ignores an unknown protocol with a warning, falling back to the generic variable, then http/json', () => {
    let p = '';
    let w = warnings(() => {
      p = readOtlpProtocol('metrics', { OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'thrift', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    });
    assert.equal(p, 'grpc');
    assert.deepEqual(w, ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: expected http/json, http/protobuf or grpc; ignored']);
    w = warnings(() => {
      p = readOtlpProtocol('traces', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http' });
    });
    assert.equal(p, 'http/json');
    assert.equal(w.length, 1);
  });

  it('env-resolved OTLP/HTTP is protobuf (binary) for http/protobuf and JSON otherwise', () => {
    assert.equal(resolveOtlpHttpExporter('logs', undefined, {}).protocol, 'json');
    assert.equal(resolveOtlpHttpExporter('logs', undefined, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }).protocol, 'binary');
    assert.equal(resolveOtlpHttpExporter('logs', undefined, { OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }).protocol, 'json');
    // A caller that already read the variable passes its answer (resolveSettings does).
    assert.equal(resolveOtlpHttpExporter('logs', undefined, {}, { protocol: 'binary' }).protocol, 'binary');
  });

  it('a programmatic exporter decides its own protocol; the env protocol is not consulted', () => {
    const env = { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' };
    assert.equal(resolveOtlpHttpExporter('logs', http('http://h/'), env).protocol, 'json');
    assert.equal(resolveOtlpHttpExporter('logs', http('http://h/'), { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).protocol, 'json');
    assert.equal(resolveOtlpHttpExporter('metrics', { kind: 'otlp-http', endpoint: 'http://h/', protocol: 'binary' }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol, 'binary');
  });

  it("rejects a programmatic protocol other than 'json' or 'binary'", () => {
    const e = configError(() => resolveOtlpHttpExporter('metrics', { kind: 'otlp-http', endpoint: 'http://h/', protocol: 'xml' as 'json' }, {}));
    assert.deepEqual(e.issues, [{ path: 'metricsExporter.protocol', message: "must be 'json' or 'binary'" }]);
  });
});

describe('TLS files', () => {
  let dir = '';
  pemFolder('otlp-lite-tls-', (d) => (dir = d));

  it('reads CA, client certificate and key from settings at construction', () => {
    const tls = { caCertificate: join(dir, 'ca.pem'), clientCertificate: join(dir, 'cert.pem'), clientPrivateKey: join(dir, 'key.pem') };
    const r = resolveOtlpHttpExporter('traces', http('https://h/', { tls }), {});
    assert.deepEqual(r.tls, { ca: 'PEM ca.pem', cert: 'PEM cert.pem', key: 'PEM key.pem' });
  });

  it('falls back to OTEL_EXPORTER_OTLP_[SIGNAL_]CERTIFICATE per field', () => {
    const env = { OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'env-ca.pem') };
    assert.deepEqual(resolveOtlpHttpExporter('logs', undefined, env).tls, { ca: 'PEM env-ca.pem' });
    assert.equal(resolveOtlpHttpExporter('logs', undefined, {}).tls, undefined);
  });

  it('requires client certificate and key together', () => {
    const e = configError(() =>
      resolveOtlpHttpExporter('traces', undefined, { OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: join(dir, 'cert.pem') }),
    );
    assert.match(e.message, /client_certificate and client_private_key must both be provided for mTLS/);
  });

  it('names an unreadable file by path', () => {
    const missing = join(dir, 'missing.pem');
    const e = configError(() => resolveOtlpHttpExporter('traces', http('https://h/', { tls: { caCertificate: missing } }), {}));
    assert.deepEqual(e.issues, [{ path: 'traceExporter.tls.caCertificate', message: `failed to read ${missing}: ENOENT` }]);
  });
});

describe('queue options (OTEL_BSP_* / OTEL_BLRP_*)', () => {
  it('uses the spec defaults, with 1000 ms for logs and 5000 ms for spans', () => {
    assert.deepEqual(readQueueOptions('traces', {}), {
      maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMs: 5000, exportTimeoutMs: 30000, maxConcurrentExports: 1,
    });
    assert.equal(readQueueOptions('logs', {}).scheduledDelayMs, 1000);
  });

  it('exposes the one set of defaults in lib/config/defaults.ts', () => {
    assert.equal(DEFAULT_QUEUE_SIZE, pipelineDefaults.DEFAULT_MAX_QUEUE_SIZE);
    assert.equal(DEFAULT_BATCH_SIZE, pipelineDefaults.DEFAULT_MAX_EXPORT_BATCH_SIZE);
    assert.equal(DEFAULT_BSP_SCHEDULE_DELAY_MS, pipelineDefaults.DEFAULT_SPAN_SCHEDULE_DELAY_MS);
    assert.equal(DEFAULT_BLRP_SCHEDULE_DELAY_MS, pipelineDefaults.DEFAULT_LOG_SCHEDULE_DELAY_MS);
    assert.equal(DEFAULT_QUEUE_EXPORT_TIMEOUT_MS, pipelineDefaults.DEFAULT_BATCH_EXPORT_TIMEOUT_MS);
  });

  it('reads the signal prefix, clamps batch to queue, ignores bad values', () => {
    const env = {
      OTEL_BLRP_MAX_QUEUE_SIZE: '100', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '500', OTEL_BLRP_SCHEDULE_DELAY: '0',
      OTEL_BLRP_EXPORT_TIMEOUT: '0', OTEL_BSP_MAX_QUEUE_SIZE: '0', OTEL_BSP_SCHEDULE_DELAY: 'soon', OTEL_BSP_EXPORT_TIMEOUT: '',
    };
    let logs, traces;
    const w = warnings(() => {
      logs = readQueueOptions('logs', env);
      traces = readQueueOptions('traces', env);
    });
    assert.deepEqual(logs, { maxQueueSize: 100, maxExportBatchSize: 100, scheduledDelayMs: 0, exportTimeoutMs: INT_MAX, maxConcurrentExports: 1 });
    assert.deepEqual(traces, readQueueOptions('traces', {}));
    assert.equal(w.length, 3);
  });
});

describe('resource variables', () => {
  it('percent-decodes OTEL_RESOURCE_ATTRIBUTES', () => {
    assert.deepEqual(parseResourceAttributes(' a = 1 ,b=x%2Cy%3Dz,, service.name=svc '), { a: '1', b: 'x,y=z', 'service.name': 'svc' });
  });

  it('discards the whole variable on any malformed member, with one warning', () => {
    for (const bad of ['a=1,b', 'a=1,=2', 'a=1,b=2=3', 'a=%zz', `a=${'x'.repeat(256)}`]) {
      let r = {};
      const w = warnings(() => {
        r = parseResourceAttributes(bad);
      });
      assert.deepEqual(r, {}, bad);
      assert.equal(w.length, 1, bad);
    }
  });

  it('reads OTEL_SERVICE_NAME and OTEL_SDK_DISABLED', () => {
    assert.equal(readServiceName({ OTEL_SERVICE_NAME: ' svc ' }), 'svc');
    assert.equal(readServiceName({ OTEL_SERVICE_NAME: '' }), undefined);
    assert.equal(readSdkDisabled({ OTEL_SDK_DISABLED: 'TRUE' }), true);
    assert.equal(readSdkDisabled({ OTEL_SDK_DISABLED: 'false' }), false);
    warnings(() => assert.equal(readSdkDisabled({ OTEL_SDK_DISABLED: '1' }), false));
  });
});

describe('exporter selection from env', () => {
  it('reads otlp|none|console case-insensitively', () => {
    assert.equal(readExporterKind('traces', { OTEL_TRACES_EXPORTER: 'OTLP' }), 'otlp');
    assert.equal(readExporterKind('logs', { OTEL_LOGS_EXPORTER: 'none' }), 'none');
    assert.equal(readExporterKind('metrics', { OTEL_METRICS_EXPORTER: 'console' }), 'console');
    warnings(() => assert.equal(readExporterKind('metrics', { OTEL_METRICS_EXPORTER: 'prometheus' }), undefined));
  });

  it('turns a signal on from env only with OTEL_<SIGNAL>_EXPORTER=otlp or an endpoint variable', () => {
    assert.equal(envExporterFor('traces', {}), 'none');
    assert.equal(envExporterFor('traces', { OTEL_TRACES_EXPORTER: 'otlp' }), 'otlp');
    assert.equal(envExporterFor('traces', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }), 'otlp');
    assert.equal(envExporterFor('logs', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318' }), 'none');
    assert.equal(envExporterFor('traces', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }), 'none');
  });
});

describe('limits and metrics variables', () => {
  it('defaults every count limit to 128 and value length to none', () => {
    assert.deepEqual(readSpanLimits({}), {
      attributeCountLimit: 128, attributeValueLengthLimit: Infinity, eventCountLimit: 128, linkCountLimit: 128,
      attributePerEventCountLimit: 128, attributePerLinkCountLimit: 128,
    });
    assert.deepEqual(readLogLimits({}), { attributeCountLimit: 128, attributeValueLengthLimit: Infinity });
  });

  it('prefers the model-specific variable over the general one', () => {
    const env = { OTEL_ATTRIBUTE_COUNT_LIMIT: '10', OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '5', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '64', OTEL_SPAN_EVENT_COUNT_LIMIT: '3' };
    const s = readSpanLimits(env);
    assert.equal(s.attributeCountLimit, 5);
    assert.equal(s.attributePerEventCountLimit, 10);
    assert.equal(s.attributeValueLengthLimit, 64);
    assert.equal(s.eventCountLimit, 3);
    assert.equal(readLogLimits(env).attributeCountLimit, 10);
  });

  it('reads the metric interval, timeout and temporality preference', () => {
    assert.equal(readMetricExportInterval({}), 60000);
    assert.equal(readMetricExportInterval({ OTEL_METRIC_EXPORT_INTERVAL: '1500' }), 1500);
    warnings(() => assert.equal(readMetricExportInterval({ OTEL_METRIC_EXPORT_INTERVAL: '0' }), 60000));
    assert.equal(readMetricExportTimeout({ OTEL_METRIC_EXPORT_TIMEOUT: '0' }), INT_MAX);
    assert.equal(readTemporalityPreference({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta' }), 'delta');
    warnings(() => assert.equal(readTemporalityPreference({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'weird' }), undefined));
    assert.equal(readTemporalityPreference({}), undefined);
  });
});

describe('the environment snapshot', () => {
  it('copies the OTEL_* and otlp-lite variables, nothing else, frozen', async () => {
    const { readEnv } = await import('../../lib/config/env-snapshot.ts');
    const snap = readEnv({ OTEL_SERVICE_NAME: ' svc ', OTLP_LITE_SPOOL_DIR: '/tmp/s', STATSIG_SERVER_SDK_SECRET: 'k', TRACEPARENT: 't', HOME: '/root', AWS_SECRET_ACCESS_KEY: 'x' });
    assert.deepEqual({ ...snap }, { OTEL_SERVICE_NAME: ' svc ', OTLP_LITE_SPOOL_DIR: '/tmp/s', STATSIG_SERVER_SDK_SECRET: 'k', TRACEPARENT: 't' });
    assert.ok(Object.isFrozen(snap));
    assert.equal(readServiceName(snap), 'svc');
  });

  it('is the only read of options.env in OtelProvider.from: each variable is read once', async () => {
    const { OtelProvider } = await import('../../lib/facades/provider.ts');
    const { InMemorySpanExporter } = await import('../../lib/pipeline/export/in-memory.ts');
    const values: Record<string, string> = {
      OTEL_SERVICE_NAME: 'svc', OTEL_BSP_MAX_QUEUE_SIZE: '64', OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '7', OTEL_LOGS_EXPORTER: 'none', OTEL_TRACES_SAMPLER: 'always_on',
    };
    const reads = new Map<string | symbol, number>();
    const env = new Proxy(values, { get: (t, k) => (reads.set(k, (reads.get(k) ?? 0) + 1), Reflect.get(t, k)) });
    const p = OtelProvider.from({ traceExporter: { kind: 'custom', exporter: new InMemorySpanExporter() } }, { env, beforeExitFlush: false });
    assert.ok(p !== undefined);
    await p.shutdown();
    assert.deepEqual([...reads].filter(([, n]) => n !== 1), []);
    assert.deepEqual([...reads.keys()].sort(), Object.keys(values).sort());
  });
});

void recentDiagnostics;
