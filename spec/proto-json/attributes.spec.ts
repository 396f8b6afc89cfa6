import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  coercedValueCount, encodeAttributes, encodeTraces, MARKER_CIRCULAR, MARKER_MAX_DEPTH, MARKER_TRUNCATED, markerCount, MAX_NESTING_DEPTH,
  type AttributeLimits, type Attributes, type AttributeValue,
} from '../../proto-json/index.ts';
import { oneSpan, parseBody, span } from './records.ts';

/** Encodes one span with `attributes` and returns its decoded (canonical) span. */
function encoded(attributes: Attributes, limits?: AttributeLimits): any {
  return oneSpan(encodeTraces([span({ attributes })], limits));
}

/** The decoded AnyValue of a single attribute `v`. */
function valueOf(v: AttributeValue, limits?: AttributeLimits): any {
  const s = encoded({ k: v }, limits);
  assert.equal(s.attributes.length, 1);
  return s.attributes[0].value;
}

describe('attribute value mapping', () => {
  it('maps string and boolean values', () => {
    assert.deepEqual(valueOf('x'), { stringValue: 'x' });
    assert.deepEqual(valueOf(''), { stringValue: '' });
    assert.deepEqual(valueOf(true), { boolValue: true });
    assert.deepEqual(valueOf(false), { boolValue: false });
  });

  it('writes a safe integer as intValue (a decimal string) and any other number as doubleValue', () => {
    const raw = parseBody(encodeTraces([span({ attributes: { a: 200, b: 1.0, c: -0, d: 0.5 } })])).resourceSpans[0].scopeSpans[0].spans[0].attributes;
    assert.deepEqual(raw.map((kv: any) => kv.value), [{ intValue: '200' }, { intValue: '1' }, { intValue: '0' }, { doubleValue: 0.5 }]);
    assert.deepEqual(valueOf(2 ** 53), { doubleValue: 2 ** 53 }); // not a safe integer
    assert.deepEqual(valueOf(1e21), { doubleValue: 1e21 });
  });

  it('writes NaN and ±Infinity doubles as the strings "NaN", "Infinity", "-Infinity"', () => {
    const raw = parseBody(encodeTraces([span({ attributes: { n: NaN, p: Infinity, m: -Infinity } })])).resourceSpans[0].scopeSpans[0].spans[0].attributes;
    assert.deepEqual(raw.map((kv: any) => kv.value), [{ doubleValue: 'NaN' }, { doubleValue: 'Infinity' }, { doubleValue: '-Infinity' }]);
    assert.ok(Number.isNaN(valueOf(NaN).doubleValue)); // and the decoder reads them back as numbers
  });

  it('writes bigints within int64 as intValue, including 2^63-1 and -2^63', () => {
    assert.deepEqual(valueOf(2n ** 63n - 1n), { intValue: '9223372036854775807' });
    assert.deepEqual(valueOf(-(2n ** 63n)), { intValue: '-9223372036854775808' });
    assert.deepEqual(valueOf(0n), { intValue: '0' });
  });

  it('writes a bigint outside int64 (2^63) as a string value and counts the coercion', () => {
    const before = coercedValueCount();
    assert.deepEqual(valueOf(2n ** 63n), { stringValue: '9223372036854775808' });
    assert.deepEqual(valueOf(-(2n ** 63n) - 1n), { stringValue: '-9223372036854775809' });
    assert.equal(coercedValueCount() - before, 2);
  });

  it('writes Uint8Array (and Buffer) as standard base64 of the view only', () => {
    const backing = new Uint8Array([0xfb, 0xff, 0xbf, 1, 2]);
    assert.deepEqual(valueOf(backing.subarray(0, 3)), { bytesValue: '+/+/' });
    assert.deepEqual(valueOf(Buffer.from('hi')), { bytesValue: 'aGk=' });
    assert.deepEqual(valueOf(new Uint8Array(0)), { bytesValue: '' });
  });

  it('writes arrays as arrayValue, mixed types allowed, null elements as the empty value', () => {
    assert.deepEqual(valueOf([1, 'a', true, 1.5, null, [2n]]), {
      arrayValue: {
        values: [{ intValue: '1' }, { stringValue: 'a' }, { boolValue: true }, { doubleValue: 1.5 }, {}, { arrayValue: { values: [{ intValue: '2' }] } }],
      },
    });
    assert.deepEqual(valueOf([]), { arrayValue: {} });
  });

  it('writes plain objects and Maps as kvlistValue in insertion order', () => {
    const expected = { kvlistValue: { values: [{ key: 'b', value: { intValue: '1' } }, { key: 'a', value: { stringValue: 'x' } }] } };
    assert.deepEqual(valueOf({ b: 1, a: 'x' }), expected);
    assert.deepEqual(valueOf(new Map<string, AttributeValue>([['b', 1], ['a', 'x']])), expected);
    assert.deepEqual(valueOf(Object.assign(Object.create(null), { b: 1, a: 'x' })), expected);
    assert.deepEqual(valueOf({}), { kvlistValue: {} });
  });

  it('writes other typed arrays as arrays of their numbers, and Dates as ISO strings', () => {
    // outside the AttributeValue type, but callers pass them anyway
    assert.deepEqual(valueOf(new Float64Array([1.5, 2]) as unknown as AttributeValue), { arrayValue: { values: [{ doubleValue: 1.5 }, { intValue: '2' }] } });
    assert.deepEqual(valueOf(new BigInt64Array([-1n]) as unknown as AttributeValue), { arrayValue: { values: [{ intValue: '-1' }] } });
    assert.deepEqual(valueOf(new Date(0) as unknown as AttributeValue), { stringValue: '1970-01-01T00:00:00.000Z' });
  });

  it('encodeAttributes renders a KeyValue array for attributesJson, [] when empty, without limits', () => {
    assert.equal(encodeAttributes({}), '[]');
    assert.equal(encodeAttributes({ n: null }), '[]');
    assert.deepEqual(JSON.parse(encodeAttributes({ a: 'b', i: 1 })), [{ key: 'a', value: { stringValue: 'b' } }, { key: 'i', value: { intValue: '1' } }]);
    const many: Attributes = {};
    for (let i = 0; i < 200; i++) many[`k${i}`] = i;
    assert.equal(JSON.parse(encodeAttributes(many)).length, 200);
  });

  it('drops null and undefined attributes and counts them in droppedAttributesCount', () => {
    const s = encoded({ a: 1, n: null, u: undefined, b: 'x' });
    assert.deepEqual(s.attributes.map((kv: any) => kv.key), ['a', 'b']);
    assert.equal(s.droppedAttributesCount, 2);
  });

  it('adds the dropped count to what the record already carried', () => {
    const s = oneSpan(encodeTraces([span({ attributes: { n: null }, droppedAttributesCount: 3 })]));
    assert.equal(s.attributes, undefined);
    assert.equal(s.droppedAttributesCount, 4);
  });
});

describe('hostile attribute values', () => {
  it('replaces a cyclic object with a short marker instead of recursing forever', () => {
    const a: Record<string, AttributeValue> = { name: 'x' };
    a.self = a;
    const before = markerCount();
    assert.deepEqual(valueOf(a), { kvlistValue: { values: [{ key: 'name', value: { stringValue: 'x' } }, { key: 'self', value: { stringValue: MARKER_CIRCULAR } }] } });
    const arr: AttributeValue[] = [1];
    arr.push(arr);
    assert.deepEqual(valueOf(arr), { arrayValue: { values: [{ intValue: '1' }, { stringValue: MARKER_CIRCULAR }] } });
    const m = new Map<string, AttributeValue>();
    m.set('m', [m]);
    assert.deepEqual(valueOf(m).kvlistValue.values[0].value.arrayValue.values[0], { stringValue: MARKER_CIRCULAR });
    assert.equal(markerCount() - before, 3);
  });

  it('renders a value shared by siblings twice (only real cycles are markers)', () => {
    const shared = { k: 1 };
    const v = valueOf([shared, shared]);
    assert.deepEqual(v.arrayValue.values[0], v.arrayValue.values[1]);
    assert.deepEqual(v.arrayValue.values[0], { kvlistValue: { values: [{ key: 'k', value: { intValue: '1' } }] } });
  });

  it('keeps 64 nesting levels and replaces a deeper container (depth 100) with a marker', () => {
    const nest = (depth: number): AttributeValue => {
      let v: AttributeValue = 'leaf';
      for (let i = 0; i < depth; i++) v = [v];
      return v;
    };
    const levels = (v: any): [number, any] => {
      let n = 0;
      while (v.arrayValue) { v = v.arrayValue.values[0]; n++; }
      return [n, v];
    };
    assert.deepEqual(levels(valueOf(nest(MAX_NESTING_DEPTH))), [64, { stringValue: 'leaf' }]);
    assert.deepEqual(levels(valueOf(nest(100))), [64, { stringValue: MARKER_MAX_DEPTH }]);
    assert.doesNotThrow(() => encodeTraces([span({ attributes: { deep: nest(100_000) } })]));
  });

  it('stops a value whose fan-out explodes (a DAG doubling 64 times) with a truncation marker', () => {
    let v: AttributeValue = 'x';
    for (let i = 0; i < 64; i++) v = [v, v];
    const text = encodeTraces([span({ attributes: { dag: v } })]);
    assert.ok(text.length < 10_000_000, `bounded output, got ${text.length} chars`);
    assert.ok(text.includes(MARKER_TRUNCATED));
    oneSpan(text);
  });

  it('keeps keys that try to forge JSON as plain keys', () => {
    const key = 'a","value":{"stringValue":"pwned"}},{"key":"b';
    const s = encoded({ [key]: 'v', 'back\\slash': 1, 'quote"': 2, 'nl\n': 3 });
    assert.deepEqual(s.attributes.map((kv: any) => kv.key), [key, 'back\\slash', 'quote"', 'nl\n']);
    assert.deepEqual(s.attributes[0].value, { stringValue: 'v' });
  });

  it('keeps U+2028/U+2029 and emoji, and repairs lone surrogates in keys and values', () => {
    const s = encoded({ 'k\ud800': 'v\udfff', sep: 'a\u2028b\u2029c', emoji: '😀' });
    assert.deepEqual(s.attributes, [
      { key: 'k\ufffd', value: { stringValue: 'v\ufffd' } },
      { key: 'sep', value: { stringValue: 'a\u2028b\u2029c' } },
      { key: 'emoji', value: { stringValue: '😀' } },
    ]);
  });

  it('keeps a 1 MB string whole without a length limit and cuts it with one', () => {
    const big = 'x'.repeat(1 << 20) + '"\\';
    assert.equal(valueOf(big).stringValue, big);
    assert.equal(valueOf(big, { valueLengthLimit: 1000 }).stringValue, 'x'.repeat(1000));
  });

  it('keeps the first 128 of a 10,000-attribute span by default and counts the rest as dropped', () => {
    const attrs: Attributes = {};
    for (let i = 0; i < 10_000; i++) attrs[`attr.${i}`] = i;
    const s = encoded(attrs);
    assert.equal(s.attributes.length, 128);
    assert.equal(s.attributes[127].key, 'attr.127');
    assert.equal(s.droppedAttributesCount, 10_000 - 128);
    const all = encoded(attrs, { countLimit: Infinity });
    assert.equal(all.attributes.length, 10_000);
    assert.equal(all.droppedAttributesCount, undefined);
  });
});

describe('attribute limits', () => {
  it('applies countLimit to kept attributes only (null entries are dropped, not kept)', () => {
    const s = encoded({ a: null, b: 1, c: 2, d: 3 }, { countLimit: 2 });
    assert.deepEqual(s.attributes.map((kv: any) => kv.key), ['b', 'c']);
    assert.equal(s.droppedAttributesCount, 2);
  });

  it('countLimit 0 drops everything, and counts it', () => {
    const s = encoded({ a: 1, b: 2 }, { countLimit: 0 });
    assert.equal(s.attributes, undefined);
    assert.equal(s.droppedAttributesCount, 2);
  });

  it('applies valueLengthLimit to strings and bytes recursively, not to keys or numbers', () => {
    const v = valueOf({ s: 'abcdef', arr: ['abcdef', 123456789], b: new Uint8Array([1, 2, 3, 4]) }, { valueLengthLimit: 3 });
    assert.deepEqual(v, {
      kvlistValue: {
        values: [
          { key: 's', value: { stringValue: 'abc' } },
          { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'abc' }, { intValue: '123456789' }] } } },
          { key: 'b', value: { bytesValue: Buffer.from([1, 2, 3]).toString('base64') } },
        ],
      },
    });
    assert.equal(encoded({ 'long-key-name': 'abcdef' }, { valueLengthLimit: 2 }).attributes[0].key, 'long-key-name');
  });

  it('uses the default (128, no length limit) for negative or NaN limits', () => {
    const attrs: Attributes = {};
    for (let i = 0; i < 200; i++) attrs[`k${i}`] = 'v'.repeat(300);
    const s = encoded(attrs, { countLimit: -1, valueLengthLimit: NaN });
    assert.equal(s.attributes.length, 128);
    assert.equal(s.attributes[0].value.stringValue.length, 300);
  });

  it('gives the same output for a repeated key/value pair as for a fresh one (fragment cache)', () => {
    const first = encodeTraces([span({ attributes: { 'http.method': 'GET', n: 1, flag: true } })]);
    for (let i = 0; i < 40; i++) encodeTraces([span({ attributes: { 'http.method': `M${i}`, n: i, flag: i % 2 === 0 } })]);
    assert.equal(encodeTraces([span({ attributes: { 'http.method': 'GET', n: 1, flag: true } })]), first);
    const cut = oneSpan(encodeTraces([span({ attributes: { 'http.method': 'GET' } })], { valueLengthLimit: 1 }));
    assert.deepEqual(cut.attributes[0].value, { stringValue: 'G' }); // a cached fragment never bypasses the limit
  });
});
