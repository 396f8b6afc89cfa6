import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureMessage, parsePartialSuccess } from '../../../lib/pipeline/export/response.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('parsePartialSuccess', () => {
  it('reads the rejected count as a string or a number, for each signal', () => {
    assert.deepEqual(parsePartialSuccess(utf8('{"partialSuccess":{"rejectedSpans":"2","errorMessage":"x"}}')), { rejected: 2, errorMessage: 'x' });
    assert.deepEqual(parsePartialSuccess(utf8('{"partialSuccess":{"rejectedLogRecords":5}}')), { rejected: 5, errorMessage: '' });
    assert.deepEqual(parsePartialSuccess(utf8(' {"partial_success":{"rejected_data_points":"7"}}')), { rejected: 7, errorMessage: '' });
  });

  it('treats an empty, `{}`, unset or unreadable body as full success', () => {
    for (const b of ['', '{}', '{"partialSuccess":{}}', '{"partialSuccess":null}', 'not json', '{"partialSuccess":{"rejectedSpans":"-1"}}']) {
      assert.equal(parsePartialSuccess(utf8(b)), undefined, b);
    }
  });

  it('reads a protobuf Export*ServiceResponse', () => {
    // partial_success (1) { rejected (1) = 300; error_message (2) = "no" }
    const inner = [0x08, 0xac, 0x02, 0x12, 0x02, 0x6e, 0x6f];
    assert.deepEqual(parsePartialSuccess(new Uint8Array([0x0a, inner.length, ...inner])), { rejected: 300, errorMessage: 'no' });
    assert.equal(parsePartialSuccess(new Uint8Array([0x0a, 0x00])), undefined);
    assert.equal(parsePartialSuccess(new Uint8Array([0x0a, 0x05, 0x08])), undefined);
  });
});

describe('failureMessage', () => {
  it('uses Status.message, else the text body, else the status, and truncates', () => {
    assert.equal(failureMessage(400, utf8('{"code":3,"message":"bad span"}')), 'HTTP 400: bad span');
    assert.equal(failureMessage(502, utf8('Bad Gateway\r\n')), 'HTTP 502: Bad Gateway');
    assert.equal(failureMessage(500, new Uint8Array([0, 1, 2, 3])), 'HTTP 500');
    assert.ok(failureMessage(400, utf8('z'.repeat(10_000))).length <= 256);
  });
});
