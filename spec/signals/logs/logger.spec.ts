// The logger: record fields, observed time, the active span's context, attribute limits, the
// routing API used by SessionTelemetry, and the no-op when logs are disabled.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogRecordData, SpanData } from '../../../proto-json/model.ts';
import { readLogLimits, readSpanLimits } from '../../../lib/config/limits.ts';
import { Logger } from '../../../lib/signals/logs/logger.ts';
import { Tracer, withSpan } from '../../../lib/signals/trace/tracer.ts';

const resource = { attributes: { 'service.name': 'test', 'host.name': 'h' } };
const scope = { name: 'test' };

function setup(env: NodeJS.ProcessEnv = {}) {
  const records: LogRecordData[] = [];
  const logger = new Logger({ resource, scope, sink: { offer: (r) => (records.push(r), true) }, limits: readLogLimits(env) });
  return { logger, records };
}
const spans: SpanData[] = [];
const tracer = new Tracer({ resource, scope, sink: { offer: (s) => (spans.push(s), true) }, limits: readSpanLimits({}) });

describe('logger.emit', () => {
  it('builds a record with every field and stamps observed time', () => {
    const { logger, records } = setup();
    const before = Date.now();
    logger.emit({ eventName: 'codex.test.log_exported', severityNumber: 13, severityText: 'WARN', body: { msg: 'hi' }, attributes: { a: 1, n: null }, timestamp: 1_700_000_000_250 });
    const r = records[0]!;
    assert.equal(r.resource, resource);
    assert.equal(r.scope, scope);
    assert.equal(r.eventName, 'codex.test.log_exported');
    assert.equal(r.severityNumber, 13);
    assert.equal(r.severityText, 'WARN');
    assert.deepEqual(r.body, { msg: 'hi' });
    assert.deepEqual(r.attributes, { a: 1 });
    assert.deepEqual([r.timeSec, r.timeNs], [1_700_000_000, 250_000_000]);
    assert.ok(r.observedSec * 1000 >= Math.floor(before / 1000) * 1000);
    assert.deepEqual([r.traceId, r.spanId, r.flags], ['', '', 0]);
  });

  it('uses the observed time as the event time when none is given', () => {
    const { logger, records } = setup();
    logger.emit({ body: 'x' });
    assert.deepEqual([records[0]!.timeSec, records[0]!.timeNs], [records[0]!.observedSec, records[0]!.observedNs]);
    assert.equal(records[0]!.severityNumber, 0);
    assert.equal(records[0]!.eventName, '');
  });

  it("stamps the active span's trace id, span id and flags, across await", async () => {
    const { logger, records } = setup();
    await tracer.startActiveSpan('root', async (span) => {
      await new Promise((r) => setTimeout(r, 1));
      logger.emit({ body: 'inside' });
      span.end();
    });
    const c = spans.at(-1)!;
    assert.deepEqual([records[0]!.traceId, records[0]!.spanId, records[0]!.flags], [c.traceId, c.spanId, 1]);
  });

  it('stamps a remote context made active with withSpan', () => {
    const { logger, records } = setup();
    const remote = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 0, traceState: '', isRemote: true };
    withSpan(remote, () => logger.emit({}));
    assert.deepEqual([records[0]!.traceId, records[0]!.spanId, records[0]!.flags], [remote.traceId, remote.spanId, 0]);
  });

  it('copies attributes under the count limit and counts the rest', () => {
    const { logger, records } = setup({ OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT: '2' });
    const attrs = { a: 1, b: 2, c: 3 };
    logger.emit({ attributes: attrs });
    attrs.a = 99;
    assert.deepEqual(records[0]!.attributes, { a: 1, b: 2 });
    assert.equal(records[0]!.droppedAttributesCount, 1);
  });

  it('keeps a copy of clean attributes (arrays and an own __proto__ key as data) and filters unusable ones', () => {
    const { logger, records } = setup();
    const clean = JSON.parse('{"a":1,"__proto__":"p","list":[1,2]}') as Record<string, unknown>;
    logger.emit({ attributes: clean as never });
    clean['a'] = 99;
    clean['late'] = true;
    const kept = records[0]!.attributes as Record<string, unknown>;
    assert.deepEqual(Object.keys(kept), ['a', '__proto__', 'list']);
    assert.equal(kept['a'], 1);
    assert.equal(Object.getPrototypeOf(kept), Object.prototype);
    assert.equal(kept['__proto__'], 'p');
    logger.emit({ attributes: { ok: 1, '': 2, gone: undefined, nil: null } as never });
    assert.deepEqual(records[1]!.attributes, { ok: 1 });
    assert.equal(records[1]!.droppedAttributesCount, 0);
  });

  it('emitEvent writes an INFO record named after the event with the given attributes', () => {
    const { logger, records } = setup();
    logger.emitEvent('codex.user_prompt', { 'event.name': 'codex.user_prompt', prompt: '[REDACTED]' });
    const r = records[0]!;
    assert.deepEqual([r.severityNumber, r.severityText, r.body, r.eventName], [9, 'INFO', undefined, 'codex.user_prompt']);
    assert.deepEqual(r.attributes, { 'event.name': 'codex.user_prompt', prompt: '[REDACTED]' });
    assert.equal(logger.counters.emitted, 1);
  });

  it('is a counted no-op when logs are disabled', () => {
    const logger = new Logger({ resource, scope, sink: undefined, limits: readLogLimits({}) });
    logger.emit({ body: 'x' });
    logger.emitEvent('e', {});
    assert.equal(logger.enabled, false);
    assert.deepEqual(logger.counters, { emitted: 0, disabled: 2, invalid: 0 });
  });
});
