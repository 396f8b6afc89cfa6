import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base64, countText, doubleText, int64Text, nanosText, quote, quoteLimited, spanIdOrEmpty, traceIdOrEmpty } from '../../proto-json/json.ts';

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });
const roundTrip = (s: string): string => JSON.parse(quote(s)) as string;

describe('quote', () => {
  it('escapes quotes, backslashes and every C0 control so JSON.parse returns the same string', () => {
    let controls = '';
    for (let c = 0; c < 0x20; c++) controls += String.fromCharCode(c);
    for (const s of ['plain', 'say "hi"', 'back\\slash', controls, '\u007f del', '']) assert.equal(roundTrip(s), s);
  });

  it('keeps U+2028 / U+2029 (legal in JSON) and the output stays valid UTF-8', () => {
    const s = 'line\u2028sep\u2029para';
    assert.equal(roundTrip(s), s);
    assert.equal(fatalUtf8.decode(Buffer.from(quote(s))), quote(s));
  });

  it('keeps emoji surrogate pairs intact', () => {
    const s = 'ok 😀 👩‍💻 𝄞';
    assert.equal(roundTrip(s), s);
  });

  it('replaces lone surrogates with U+FFFD, so the bytes are valid UTF-8', () => {
    assert.equal(roundTrip('a\ud800b'), 'a\ufffdb');
    assert.equal(roundTrip('\udc00'), '\ufffd');
    assert.equal(roundTrip('x\ud83d'), 'x\ufffd'); // high surrogate at the end
    const text = quote('bad \udfff pair 😀');
    assert.doesNotThrow(() => fatalUtf8.decode(Buffer.from(text)));
  });

  it('quoteLimited cuts to the limit without splitting a surrogate pair', () => {
    assert.equal(JSON.parse(quoteLimited('abcdef', 3)), 'abc');
    assert.equal(JSON.parse(quoteLimited('ab😀', 3)), 'ab'); // the pair would straddle the cut
    assert.equal(JSON.parse(quoteLimited('ab😀', 4)), 'ab😀');
  });
});

describe('nanosText', () => {
  it('prints (sec, ns) exactly, with nanosecond precision no float could keep', () => {
    assert.equal(nanosText(1_700_000_000, 123_456_789), '1700000000123456789');
    assert.equal(nanosText(1_700_000_000, 5), '1700000000000000005');
    assert.equal(nanosText(1_544_712_660, 300_000_000), '1544712660300000000');
    assert.notEqual(String(1_700_000_000 * 1e9 + 123_456_789), '1700000000123456789'); // why floats are banned
  });

  it('returns "" for the unset pair 0/0 and for negative or non-finite times', () => {
    assert.equal(nanosText(0, 0), '');
    assert.equal(nanosText(-1, 0), '');
    assert.equal(nanosText(NaN, 0), '');
  });

  it('handles sub-second values and normalizes out-of-range nanoseconds exactly', () => {
    assert.equal(nanosText(0, 5), '5');
    assert.equal(nanosText(1, 1_500_000_000), '2500000000');
  });
});

describe('numbers', () => {
  it('doubleText writes finite doubles as JSON numbers and NaN/±Infinity as strings', () => {
    assert.equal(doubleText(0.25), '0.25');
    assert.equal(doubleText(1e21), '1e+21');
    assert.equal(doubleText(-0), '0');
    assert.equal(doubleText(NaN), '"NaN"');
    assert.equal(doubleText(Infinity), '"Infinity"');
    assert.equal(doubleText(-Infinity), '"-Infinity"');
    for (const v of [0.1, 1e-7, 1.7976931348623157e308, 5e-324]) assert.equal(JSON.parse(doubleText(v)), v);
  });

  it('countText writes non-negative integers as digits, never exponent notation', () => {
    assert.equal(countText(0), '0');
    assert.equal(countText(42), '42');
    assert.equal(countText(2 ** 60), '1152921504606846976');
    assert.equal(countText(-3), '0');
    assert.equal(countText(1e30), '18446744073709551615');
  });

  it('int64Text clamps to the int64 range and never prints an exponent', () => {
    assert.equal(int64Text(-5), '-5');
    assert.equal(int64Text(2 ** 63), '9223372036854775807');
    assert.equal(int64Text(-(2 ** 64)), '-9223372036854775808');
  });
});

describe('ids', () => {
  it('accepts 32/16 lowercase hex ids and lowers upper-case ones', () => {
    assert.equal(traceIdOrEmpty('5b8efff798038103d269b633813fc60c'), '5b8efff798038103d269b633813fc60c');
    assert.equal(traceIdOrEmpty('5B8EFFF798038103D269B633813FC60C'), '5b8efff798038103d269b633813fc60c');
    assert.equal(spanIdOrEmpty('EEE19B7EC3C1B174'), 'eee19b7ec3c1b174');
  });

  it('rejects wrong-length, all-zero and non-hex ids (returns "")', () => {
    for (const id of ['', 'abc', '5b8efff798038103d269b633813fc60', '00000000000000000000000000000000', 'zb8efff798038103d269b633813fc60c', '5b8efff798038103d269b633813fc60\u0100']) {
      assert.equal(traceIdOrEmpty(id), '', JSON.stringify(id));
    }
    for (const id of ['', 'eee19b7ec3c1b17', '0000000000000000', 'eee19b7ec3c1b17g', 'eee19b7ec3c1b174a']) {
      assert.equal(spanIdOrEmpty(id), '', JSON.stringify(id));
    }
  });
});

describe('base64', () => {
  it('encodes only the view of a Uint8Array, with standard alphabet and padding', () => {
    const backing = new Uint8Array([0xff, 0xfb, 0xbf, 0x01, 0x02, 0x03, 0x04]);
    assert.equal(base64(backing.subarray(0, 3)), '//u/');
    assert.equal(base64(backing.subarray(3, 5)), 'AQI=');
    assert.equal(base64(backing, 1), '/w==');
  });
});
