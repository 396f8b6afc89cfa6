// Hostile values never make a decoder's time grow faster than its input: each case feeds a
// pathological value of 100 KB and of 1 MB (the shapes that made the old regular expressions,
// `String.replace` and BigInt parsing go quadratic) and asserts the 10x larger input costs well
// under 30x the time, and stays under a few seconds in absolute terms (a quadratic check took
// 8 s for 120 KB). Generous bounds: the machine is shared.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError, decodeRequest, type OtlpSignal } from '../../proto-json/index.ts';
import { decodeProtobufRequest } from '../../proto-json/protobuf/index.ts';
import { varint } from './protobuf/support.ts';

const SMALL = 100_000;
const LARGE = 1_000_000;
const MAX_RATIO = 30;
const MAX_LARGE_MS = 3000;

const T = '5b8efff798038103d269b633813fc60c';
const S = 'eee19b7ec3c1b174';

/** Milliseconds `fn` takes (best of three runs: a GC pause must not decide the test). */
function timeOf(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Decodes `make(n)` for n = 100 KB and 1 MB, asserting near-linear time either way (decoded or refused). */
function assertLinear(make: (n: number) => () => void): void {
  make(1000)(); // warm up the code paths
  const small = timeOf(make(SMALL));
  const large = timeOf(make(LARGE));
  assert.ok(large < MAX_LARGE_MS, `1 MB took ${large.toFixed(0)} ms`);
  const ratio = large / Math.max(small, 10); // below 10 ms, timer noise and GC dominate
  assert.ok(ratio < MAX_RATIO, `10x input took ${ratio.toFixed(1)}x the time (${small.toFixed(1)} ms → ${large.toFixed(1)} ms)`);
}

/** A JSON decode that may succeed or be refused with a DecodeError, in both modes. */
function json(signal: OtlpSignal, body: string, strict = false): () => void {
  return () => {
    for (const partial of [false, true]) {
      try {
        decodeRequest(signal, body, { partial, strict });
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        assert.ok(e.message.length < 2000, 'an error message never quotes a whole hostile value');
      }
    }
  };
}

function proto(signal: OtlpSignal, body: Uint8Array): () => void {
  return () => {
    for (const partial of [false, true]) {
      try {
        decodeProtobufRequest(signal, body, { partial, strict: true });
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
      }
    }
  };
}

const logWith = (value: unknown): string => JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: value }] }] }] });
const spanWith = (fields: Record<string, unknown>): string =>
  JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: T, spanId: S, ...fields }] }] }] });
const histogramWith = (point: Record<string, unknown>): string =>
  JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'h', histogram: { dataPoints: [point] } }] }] }] });

describe('JSON decoders take linear time on pathological values', () => {
  it('doubleValue: a long run of digits ending in a letter', () => {
    assertLinear((n) => json('logs', logWith({ doubleValue: '1'.repeat(n) + 'x' })));
  });

  it('doubleValue: digits, a dot, digits, a bad exponent', () => {
    assertLinear((n) => json('logs', logWith({ doubleValue: `${'1'.repeat(n / 2)}.${'1'.repeat(n / 2)}e` })));
  });

  it('explicitBounds: one long entry (the 300-byte gzip body that froze the receiver)', () => {
    assertLinear((n) => json('metrics', histogramWith({ count: '1', explicitBounds: ['9'.repeat(n) + '!'] })));
  });

  it('bytesValue: a long run of "=" followed by another character', () => {
    assertLinear((n) => json('logs', logWith({ bytesValue: '='.repeat(n) + 'A' })));
  });

  it('bytesValue: valid base64 with a bad last character', () => {
    assertLinear((n) => json('logs', logWith({ bytesValue: 'A'.repeat(n) + '=!' })));
  });

  it('intValue and int64 fields: a long run of digits (out of range)', () => {
    assertLinear((n) => json('logs', logWith({ intValue: '7'.repeat(n) })));
    assertLinear((n) => json('traces', spanWith({ startTimeUnixNano: '0'.repeat(n) + '5' })));
    assertLinear((n) => json('traces', spanWith({ droppedAttributesCount: '4'.repeat(n) })));
  });

  it('ids of the wrong length, snake_case keys, strings checked for lone surrogates', () => {
    assertLinear((n) => json('traces', spanWith({ parentSpanId: 'a'.repeat(n) })));
    assertLinear((n) => json('traces', spanWith({ ['a_'.repeat(n / 2)]: 1 })));
    assertLinear((n) => json('traces', spanWith({ name: '\u00e9'.repeat(n) + '\ud800' }), true));
  });
});

describe('protobuf decoders take linear time on pathological values', () => {
  /** A length-delimited field `no` holding `parts` (built with Buffer.concat: fast for 1 MB). */
  const len = (no: number, ...parts: (Uint8Array | string)[]): Buffer => {
    const body = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    return Buffer.concat([Buffer.from([(no << 3) | 2, ...varint(body.length)]), body]);
  };
  const span = (...extra: Uint8Array[]): Uint8Array => len(1, len(2, len(2, len(1, Buffer.from(T, 'hex')), len(2, Buffer.from(S, 'hex')), ...extra)));

  it('a long string that is not UTF-8', () => {
    assertLinear((n) => proto('traces', span(len(5, new Uint8Array(n).fill(0xff)))));
  });

  it('a long valid name, and many unknown fields', () => {
    assertLinear((n) => proto('traces', span(len(5, 'x'.repeat(n)))));
    assertLinear((n) => proto('traces', span(Buffer.from('\xf8\x01'.repeat(n / 2), 'latin1'))));
  });

  it('a packed list of many bounds', () => {
    assertLinear((n) => proto('metrics', len(1, len(2, len(2, len(1, 'h'), len(9, len(1, len(7, new Uint8Array(8 * Math.floor(n / 8))))))))));
  });
});
