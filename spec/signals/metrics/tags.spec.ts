// Tag helpers of the seed: sanitizeMetricTagValue's exact rules, the bounded originator, and the
// session tag list in its order (codex-otel §1.1, metrics/tags.rs unit tests).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { boundedOriginatorTagValue, sanitizeMetricTagValue, sessionMetricTags } from '../../../lib/signals/metrics/tags.ts';
import { isValidTagComponent } from '../../../lib/signals/metrics/validation.ts';

describe('sanitizeMetricTagValue', () => {
  it('follows the seed examples', () => {
    assert.equal(sanitizeMetricTagValue('///'), 'unspecified');
    assert.equal(sanitizeMetricTagValue('bad value!'), 'bad_value');
  });

  it('maps every other character to _, trims _ and keeps valid characters', () => {
    assert.equal(sanitizeMetricTagValue('  Mac OS  '), 'Mac_OS');
    assert.equal(sanitizeMetricTagValue('a/b.c-d_e'), 'a/b.c-d_e');
    assert.equal(sanitizeMetricTagValue('é1'), '1');
    assert.equal(sanitizeMetricTagValue('x😀y'), 'x_y', 'one code point, one _');
    assert.equal(sanitizeMetricTagValue(''), 'unspecified');
    assert.equal(sanitizeMetricTagValue('_-_'), 'unspecified', 'no ASCII alphanumeric');
  });

  it('truncates to 256 bytes and always yields a valid tag value', () => {
    assert.equal(sanitizeMetricTagValue('a'.repeat(1000)).length, 256);
    for (const s of ['hello world', '\u0000\u0001x', 'ü', '🙂🙂', 'a=b,c']) assert.ok(isValidTagComponent(sanitizeMetricTagValue(s)), s);
  });
});

describe('boundedOriginatorTagValue', () => {
  it('keeps known originators and maps the rest to other', () => {
    assert.equal(boundedOriginatorTagValue('codex_cli_rs'), 'codex_cli_rs');
    assert.equal(boundedOriginatorTagValue('codex-tui'), 'codex-tui');
    assert.equal(boundedOriginatorTagValue('none'), 'none');
    assert.equal(boundedOriginatorTagValue('my custom app'), 'other');
    assert.equal(boundedOriginatorTagValue(''), 'other');
  });
});

describe('sessionMetricTags', () => {
  it('lists the tags in the seed order', () => {
    const tags = sessionMetricTags({ authMode: 'ApiKey', sessionSource: 'cli', originator: 'codex_cli_rs', serviceName: 'svc', model: 'gpt-5.1', appVersion: '1.2.3' });
    assert.deepEqual(tags, [
      ['auth_mode', 'ApiKey'],
      ['session_source', 'cli'],
      ['originator', 'codex_cli_rs'],
      ['service_name', 'svc'],
      ['model', 'gpt-5.1'],
      ['app.version', '1.2.3'],
    ]);
  });

  it('skips missing optional tags', () => {
    const tags = sessionMetricTags({ sessionSource: 'cli', originator: 'o', model: 'm', appVersion: 'v' });
    assert.deepEqual(tags.map(([k]) => k), ['session_source', 'originator', 'model', 'app.version']);
  });

  it('validates every pair', () => {
    assert.throws(() => sessionMetricTags({ sessionSource: 'cli', originator: 'o', model: 'gpt 5', appVersion: 'v' }), (e: any) => e.kind === 'InvalidTagComponent' && e.details.value === 'gpt 5');
  });
});
