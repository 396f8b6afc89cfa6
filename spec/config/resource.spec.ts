// Resource attributes: service identity, telemetry.sdk.*, OTEL_RESOURCE_ATTRIBUTES /
// OTEL_SERVICE_NAME precedence, and host.name on the logs resource only (the seed's tests).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildResources, DEFAULT_SERVICE_NAME, resourceAttributes } from '../../lib/config/resource.ts';
import { VERSION } from '../../lib/version.ts';
import { setDiagnosticHandler } from '../../lib/platform/diag.ts';

describe('resource attributes', () => {
  it('carries service.name, service.version, env and telemetry.sdk.*', () => {
    assert.deepEqual(resourceAttributes({ serviceName: 'codex-cli', serviceVersion: '1.2.3', environment: 'prod' }, {}), {
      'service.name': 'codex-cli',
      'telemetry.sdk.name': 'otlp-lite',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': VERSION,
      'service.version': '1.2.3',
      env: 'prod',
    });
  });

  it('defaults service.name to unknown_service:node and omits unset version and env', () => {
    const a = resourceAttributes({}, {});
    assert.equal(a['service.name'], DEFAULT_SERVICE_NAME);
    assert.equal(DEFAULT_SERVICE_NAME, 'unknown_service:node');
    assert.ok(!('service.version' in a) && !('env' in a));
  });

  it('adds OTEL_RESOURCE_ATTRIBUTES; OTEL_SERVICE_NAME beats its service.name; programmatic beats both', () => {
    const env = { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,team=core,env=staging', OTEL_SERVICE_NAME: 'from-env' };
    const a = resourceAttributes({}, env);
    assert.equal(a['service.name'], 'from-env');
    assert.equal(a['team'], 'core');
    assert.equal(a['env'], 'staging');
    const b = resourceAttributes({ serviceName: 'explicit', environment: 'prod' }, env);
    assert.equal(b['service.name'], 'explicit');
    assert.equal(b['env'], 'prod');
    assert.equal(resourceAttributes({}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs' })['service.name'], 'from-attrs');
  });

  it('warns once for a malformed OTEL_RESOURCE_ATTRIBUTES across both resources', () => {
    const seen: string[] = [];
    setDiagnosticHandler((_l, m) => seen.push(m));
    try {
      const r = buildResources({ serviceName: 's' }, { OTEL_RESOURCE_ATTRIBUTES: 'a=1,broken' }, 'h');
      assert.ok(!('a' in r.logs.attributes));
    } finally {
      setDiagnosticHandler(undefined);
    }
    assert.equal(seen.filter((m) => m.includes('OTEL_RESOURCE_ATTRIBUTES')).length, 1);
  });

  it('includes host.name on the logs resource when present', () => {
    const r = buildResources({ serviceName: 's' }, {}, '  build-host  ');
    assert.equal(r.logs.attributes['host.name'], 'build-host');
  });

  it('omits host.name when missing or empty, and never puts it on the traces resource', () => {
    for (const h of ['', '   ', undefined]) {
      const r = buildResources({ serviceName: 's' }, {}, h as string);
      if (h !== undefined) assert.ok(!('host.name' in r.logs.attributes), JSON.stringify(h));
      assert.ok(!('host.name' in r.traces.attributes));
    }
    assert.ok(!('host.name' in buildResources({}, {}, 'host').traces.attributes));
  });

  it('builds frozen resources once per call (encoders cache them by identity)', () => {
    const r = buildResources({}, {}, 'h');
    assert.ok(Object.isFrozen(r.traces) && Object.isFrozen(r.traces.attributes));
    assert.notEqual(r.traces, r.logs);
  });
});
