// Port of codex-otel tests/suite/validation.rs plus the §2 rules: exact MetricsError kinds,
// details and messages; validation order name → increment → tags; every call validated.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsError } from '../../../lib/errors.ts';
import { InMemoryMetricExporter } from '../../../lib/facades/metrics-client.ts';
import {
  isValidMetricName,
  isValidTagComponent,
  validateMetricName,
  validateTags,
} from '../../../lib/signals/metrics/validation.ts';
import { buildClient, inMemoryConfig } from '../../helpers/metrics.ts';

function expectError(fn: () => unknown, kind: string, message: string, details?: Record<string, unknown>): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof MetricsError, `expected MetricsError, got ${String(e)}`);
    assert.equal(e.kind, kind);
    assert.equal(e.message, message);
    assert.equal(e.code, 'OTLP_LITE_METRICS');
    if (details !== undefined) for (const [k, v] of Object.entries(details)) assert.equal((e.details as Record<string, unknown>)[k], v, k);
    return true;
  });
}

describe('metrics validation', () => {
  it('withTag rejects an invalid tag key', () => {
    const cfg = inMemoryConfig(new InMemoryMetricExporter());
    expectError(() => cfg.withTag('bad key', 'value'), 'InvalidTagComponent', 'tag key contains invalid characters: bad key', { label: 'tag key', value: 'bad key' });
  });

  it('counter rejects an invalid tag key', () => {
    const { metrics } = buildClient();
    expectError(() => metrics.counter('codex.turns', 1, [['bad key', 'value']]), 'InvalidTagComponent', 'tag key contains invalid characters: bad key', { label: 'tag key', value: 'bad key' });
  });

  it('histogram rejects an invalid tag value', () => {
    const { metrics } = buildClient();
    expectError(() => metrics.histogram('codex.request_latency', 3, [['route', 'bad value']]), 'InvalidTagComponent', 'tag value contains invalid characters: bad value', { label: 'tag value', value: 'bad value' });
  });

  it('counter rejects an invalid metric name', () => {
    const { metrics } = buildClient();
    expectError(() => metrics.counter('bad name', 1), 'InvalidMetricName', 'metric name contains invalid characters: bad name', { name: 'bad name' });
  });

  it('counter rejects a negative increment', () => {
    const { metrics } = buildClient();
    expectError(() => metrics.counter('codex.turns', -1), 'NegativeCounterIncrement', 'counter increment must be non-negative for codex.turns: -1', { name: 'codex.turns', inc: -1 });
  });

  it('rejects an empty metric name and empty tag components', () => {
    const { metrics } = buildClient();
    expectError(() => metrics.counter('', 1), 'EmptyMetricName', 'metric name cannot be empty');
    expectError(() => metrics.gauge('codex.g', 1, { '': 'v' }), 'EmptyTagComponent', 'tag key cannot be empty', { label: 'tag key' });
    expectError(() => metrics.gauge('codex.g', 1, { k: '' }), 'EmptyTagComponent', 'tag value cannot be empty', { label: 'tag value' });
  });

  it('validates the name first, then the increment, then the tags', () => {
    const { metrics } = buildClient();
    expectError(() => metrics.counter('bad name', -1, { 'bad key': 'x' }), 'InvalidMetricName', 'metric name contains invalid characters: bad name');
    expectError(() => metrics.counter('codex.ok', -1, { 'bad key': 'x' }), 'NegativeCounterIncrement', 'counter increment must be non-negative for codex.ok: -1');
    expectError(() => metrics.counter('codex.ok', 1, { 'bad key': 'x' }), 'InvalidTagComponent', 'tag key contains invalid characters: bad key');
  });

  it('validates on every call, also after a valid call cached the instrument and series', () => {
    const { metrics } = buildClient();
    metrics.counter('codex.turns', 1, { route: 'a' });
    metrics.counter('codex.turns', 1, { route: 'a' });
    expectError(() => metrics.counter('codex.turns', 1, { route: 'a b' }), 'InvalidTagComponent', 'tag value contains invalid characters: a b');
    expectError(() => metrics.counter('codex.turns', 1, { route: 'a', extra: 'x y' }), 'InvalidTagComponent', 'tag value contains invalid characters: x y');
    expectError(() => metrics.counter('codex.turns', -5, { route: 'a' }), 'NegativeCounterIncrement', 'counter increment must be non-negative for codex.turns: -5');
  });

  it('allows `/` in tags but not in names, and has no length limit', () => {
    assert.equal(isValidTagComponent('a/b/c'), true);
    assert.equal(isValidMetricName('a/b'), false);
    assert.equal(isValidMetricName('codex.a-b_c.9'), true);
    assert.equal(isValidMetricName('x'.repeat(10_000)), true);
    for (const ch of [' ', ':', '+', '@', '=', ',', 'é', '\n']) {
      assert.equal(isValidTagComponent(`a${ch}b`), false, JSON.stringify(ch));
      assert.equal(isValidMetricName(`a${ch}b`), false, JSON.stringify(ch));
    }
    assert.doesNotThrow(() => validateMetricName('codex.turns'));
    assert.doesNotThrow(() => validateTags([['a.b/c-d_e', 'V.1/2-3_4']]));
  });

  it('validates observable gauges, durations, timers and bound handles too', () => {
    const { metrics } = buildClient();
    expectError(() => metrics.registerObservableGauge('bad name', 'd', () => 1), 'InvalidMetricName', 'metric name contains invalid characters: bad name');
    expectError(() => metrics.recordDuration('codex.d', 5, { k: 'a b' }), 'InvalidTagComponent', 'tag value contains invalid characters: a b');
    expectError(() => metrics.recordDurationSeconds('bad name', 'd', 1), 'InvalidMetricName', 'metric name contains invalid characters: bad name');
    expectError(() => metrics.startTimer('codex.t', { 'k k': 'v' }).record(), 'InvalidTagComponent', 'tag key contains invalid characters: k k');
    expectError(() => metrics.bind('counter', 'bad name'), 'InvalidMetricName', 'metric name contains invalid characters: bad name');
    const bound = metrics.bind('counter', 'codex.bound', { k: 'v' });
    expectError(() => bound.add(-2), 'NegativeCounterIncrement', 'counter increment must be non-negative for codex.bound: -2');
  });

  it('rejects bad histogram boundaries with InvalidConfig', () => {
    const { metrics } = buildClient();
    assert.throws(() => metrics.histogramWithBuckets('codex.h', 1, [1, 1]), (e: any) => e.kind === 'InvalidConfig');
    assert.throws(() => metrics.histogramWithBuckets('codex.h2', 1, [0, Number.NaN]), (e: any) => e.kind === 'InvalidConfig');
  });

  it('rejects a bad export interval and cardinality limit with InvalidConfig', () => {
    const cfg = inMemoryConfig(new InMemoryMetricExporter());
    assert.throws(() => cfg.withExportInterval(0), (e: any) => e.kind === 'InvalidConfig');
    assert.throws(() => cfg.withExportInterval(Number.NaN), (e: any) => e.kind === 'InvalidConfig');
    assert.throws(() => cfg.withCardinalityLimit(1), (e: any) => e.kind === 'InvalidConfig');
  });

  it('rejects NaN and Infinity counter increments', () => {
    const { metrics } = buildClient();
    assert.throws(() => metrics.counter('codex.turns', Number.NaN), (e: any) => e.kind === 'NegativeCounterIncrement');
    assert.throws(() => metrics.counter('codex.turns', Infinity), (e: any) => e.kind === 'NegativeCounterIncrement');
  });
});
