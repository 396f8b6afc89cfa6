import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../proto-json/index.ts';
import {
  decodeGrpcMessage, encodeGrpcMessage, encodeRetryInfo, encodeRpcStatus, encodeStatusDetailsHeader, frameGrpcMessage, GrpcStatus,
  isRetryableGrpcStatus, parseGrpcFrames, readStatusDetailsHeader,
} from '../../../proto-json/protobuf/index.ts';

describe('gRPC framing', () => {
  it('prefixes a message with flag 0 and its big-endian length, and splits frames back', () => {
    const msg = new Uint8Array([1, 2, 3]);
    const framed = frameGrpcMessage(msg);
    assert.deepEqual([...framed], [0, 0, 0, 0, 3, 1, 2, 3]);
    const two = new Uint8Array([...framed, ...frameGrpcMessage(new Uint8Array(0))]);
    const frames = parseGrpcFrames(two);
    assert.equal(frames.length, 2);
    assert.deepEqual([...frames[0]!.message], [1, 2, 3]);
    assert.equal(frames[1]!.message.length, 0);
    assert.equal(frames[0]!.compressed, false);
    assert.deepEqual(parseGrpcFrames(new Uint8Array(0)), []);
  });

  it('frames a large message with a multi-byte length', () => {
    const big = new Uint8Array(70_000).fill(7);
    const [frame] = parseGrpcFrames(frameGrpcMessage(big));
    assert.equal(frame!.message.length, 70_000);
  });

  it('throws DecodeError for a cut header or message, a bad flag, or a message over the limit', () => {
    assert.throws(() => parseGrpcFrames(new Uint8Array([0, 0, 0])), /truncated gRPC frame header/);
    assert.throws(() => parseGrpcFrames(new Uint8Array([0, 0, 0, 0, 5, 1])), /5 bytes announced, 1 present/);
    assert.throws(() => parseGrpcFrames(new Uint8Array([2, 0, 0, 0, 0])), /invalid gRPC compressed flag 2/);
    assert.throws(() => parseGrpcFrames(frameGrpcMessage(new Uint8Array(11)), 10), (e: unknown) => e instanceof DecodeError && /exceeds the 10-byte limit/.test(e.message));
  });
});

describe('gRPC status helpers', () => {
  it('retries CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS; RESOURCE_EXHAUSTED only with RetryInfo', () => {
    for (const code of [1, 4, 10, 11, 14, 15]) assert.equal(isRetryableGrpcStatus(code, undefined), true, String(code));
    assert.equal(isRetryableGrpcStatus(GrpcStatus.RESOURCE_EXHAUSTED, undefined), false);
    assert.equal(isRetryableGrpcStatus(GrpcStatus.RESOURCE_EXHAUSTED, 0), true);
    for (const code of [0, 2, 3, 5, 6, 7, 9, 12, 13, 16]) assert.equal(isRetryableGrpcStatus(code, 1000), false, String(code));
  });

  it('percent-encodes grpc-message and decodes it back (malformed escapes kept)', () => {
    const text = 'bad % request: ñ 😀\nnext';
    const encoded = encodeGrpcMessage(text);
    assert.match(encoded, /^[\x20-\x7e]*$/);
    assert.equal(encoded.includes('%25'), true);
    assert.equal(decodeGrpcMessage(encoded), text);
    assert.equal(decodeGrpcMessage('plain'), 'plain');
    assert.equal(decodeGrpcMessage('100%'), '100%');
    assert.equal(decodeGrpcMessage('%zz'), '%zz');
  });

  it('reads grpc-status-details-bin (padded or not) into the Status and its RetryInfo delay', () => {
    const value = encodeStatusDetailsHeader(encodeRpcStatus({ code: 8, message: 'quota', details: [encodeRetryInfo(1500)] }));
    assert.equal(value.endsWith('='), false);
    const read = readStatusDetailsHeader(value);
    assert.equal(read?.status.message, 'quota');
    assert.equal(read?.retryDelayMs, 1500);
    assert.equal(readStatusDetailsHeader(undefined), undefined);
    assert.equal(readStatusDetailsHeader('////'), undefined); // not a Status: ignored, never thrown
    assert.equal(readStatusDetailsHeader(encodeStatusDetailsHeader(encodeRpcStatus({ code: 14 })))?.retryDelayMs, undefined);
  });
});
