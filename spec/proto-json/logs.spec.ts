import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLogsRequest, encodeLogs, encodeLogsToBytes, SeverityNumber } from '../../proto-json/index.ts';
import { logRecord, oneLogRecord, parseBody, resource, scope, SPAN_ID, TRACE_ID } from './records.ts';

const rawRecord = (text: string): any => parseBody(text).resourceLogs[0].scopeLogs[0].logRecords[0];

describe('encodeLogs', () => {
  it('writes every field of a full record exactly', () => {
    const r = logRecord({
      timeSec: 1_544_712_660, timeNs: 300_000_000, observedSec: 1_544_712_660, observedNs: 300_000_001,
      severityNumber: SeverityNumber.INFO2, severityText: 'Information', body: 'Example log record',
      attributes: { 'string.attribute': 'some string', 'int.attribute': 10 }, droppedAttributesCount: 1,
      flags: 1, traceId: TRACE_ID, spanId: SPAN_ID, eventName: 'browser.page_view',
    });
    assert.deepEqual(rawRecord(encodeLogs([r])), {
      timeUnixNano: '1544712660300000000', observedTimeUnixNano: '1544712660300000001', severityNumber: 10, severityText: 'Information',
      body: { stringValue: 'Example log record' },
      attributes: [{ key: 'string.attribute', value: { stringValue: 'some string' } }, { key: 'int.attribute', value: { intValue: '10' } }],
      droppedAttributesCount: 1, flags: 1, traceId: TRACE_ID, spanId: SPAN_ID, eventName: 'browser.page_view',
    });
  });

  it('omits the event time when unknown (0/0) and stays valid JSON', () => {
    const rec = rawRecord(encodeLogs([logRecord({ timeSec: 0, timeNs: 0 })]));
    assert.equal('timeUnixNano' in rec, false);
    assert.equal(rec.observedTimeUnixNano, '1700000000000000001');
    assert.deepEqual(rawRecord(encodeLogs([logRecord({ timeSec: 0, timeNs: 0, observedSec: 0, observedNs: 0, severityNumber: 0, severityText: '', body: undefined })])), {});
  });

  it('writes severity as an integer and omits UNSPECIFIED', () => {
    assert.equal(rawRecord(encodeLogs([logRecord({ severityNumber: SeverityNumber.FATAL4 })])).severityNumber, 24);
    assert.equal('severityNumber' in rawRecord(encodeLogs([logRecord({ severityNumber: 0 })])), false);
  });

  it('writes any AttributeValue as the body, including maps and bytes; no body when undefined or null', () => {
    assert.deepEqual(oneLogRecord(encodeLogs([logRecord({ body: { type: 0, url: 'u' } })])).body, {
      kvlistValue: { values: [{ key: 'type', value: { intValue: '0' } }, { key: 'url', value: { stringValue: 'u' } }] },
    });
    assert.deepEqual(oneLogRecord(encodeLogs([logRecord({ body: new Uint8Array([1]) })])).body, { bytesValue: 'AQ==' });
    assert.equal('body' in rawRecord(encodeLogs([logRecord({ body: undefined })])), false);
    assert.equal('body' in rawRecord(encodeLogs([logRecord({ body: null })])), false);
  });

  it('does not apply the attribute value length limit to the body', () => {
    const rec = oneLogRecord(encodeLogs([logRecord({ body: 'x'.repeat(100), attributes: { a: 'y'.repeat(100) } })], { valueLengthLimit: 5 }));
    assert.equal(rec.body.stringValue.length, 100);
    assert.equal(rec.attributes[0].value.stringValue, 'yyyyy');
  });

  it('writes trace context only when valid and omits invalid ids', () => {
    assert.deepEqual(rawRecord(encodeLogs([logRecord({ traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID, flags: 1 })])).traceId, TRACE_ID);
    const rec = rawRecord(encodeLogs([logRecord({ traceId: '0'.repeat(32), spanId: 'abc' })]));
    assert.equal('traceId' in rec || 'spanId' in rec, false);
  });

  it('applies the count limit to record attributes and adds dropped null/undefined to the count', () => {
    const rec = oneLogRecord(encodeLogs([logRecord({ attributes: { a: 1, b: 2, n: null } })], { countLimit: 1 }));
    assert.equal(rec.attributes.length, 1);
    assert.equal(rec.droppedAttributesCount, 2);
  });

  it('repairs lone surrogates in body and severity text and keeps the body valid UTF-8', () => {
    const rec = oneLogRecord(encodeLogs([logRecord({ body: 'a\ud800', severityText: '\udfffINFO' })]));
    assert.equal(rec.body.stringValue, 'a\ufffd');
    assert.equal(rec.severityText, '\ufffdINFO');
  });

  it('groups by resource and scope identity and encodes bytes equal to the string', () => {
    const r1 = resource();
    const s1 = scope('x');
    const s2 = scope('y');
    const records = [logRecord({ resource: r1, scope: s1 }), logRecord({ resource: r1, scope: s2 }), logRecord({ resource: r1, scope: s1, body: 'ü' })];
    const text = encodeLogs(records);
    assert.equal(Buffer.from(encodeLogsToBytes(records)).toString('utf8'), text);
    const req = decodeLogsRequest(text);
    assert.equal(req.resourceLogs!.length, 1);
    assert.deepEqual(req.resourceLogs![0]!.scopeLogs!.map((s) => [s.scope!.name, s.logRecords!.length]), [['x', 2], ['y', 1]]);
    assert.equal(encodeLogs([]), '{}');
  });
});
