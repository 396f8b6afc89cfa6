// The embedded receiver's replies over real sockets on 127.0.0.1: success, partial success,
// undecodable bodies, content types, size limits (wire and inflated), routing, scripted faults,
// the onRequest callback, robustness and clean close.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startReceiver, type ReceivedExport, type RunningReceiver } from '../../lib/receiver/server.ts';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { closedAfter } from '../helpers/receiver.ts';

failOnUnhandledRejection();

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

function post(
  r: RunningReceiver,
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  method = 'POST',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, r.url);
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const TRACE = '5b8efff798038103d269b633813fc60c';

function span(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: TRACE,
    spanId: `eee19b7ec3c1b1${String(i).padStart(2, '0')}`,
    name: `span ${i}`,
    kind: 1,
    startTimeUnixNano: '1544712660000000000',
    endTimeUnixNano: '1544712661000000000',
    ...overrides,
  };
}

function traces(spans: unknown[]): string {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }] });
}

function logs(records: unknown[]): string {
  return JSON.stringify({ resourceLogs: [{ scopeLogs: [{ scope: { name: 'test' }, logRecords: records }] }] });
}

function metrics(points: unknown[]): string {
  return JSON.stringify({
    resourceMetrics: [
      { scopeMetrics: [{ scope: { name: 'test' }, metrics: [{ name: 'requests', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: points } }] }] },
    ],
  });
}

const closing = closedAfter();
const receiver = async (opts: Parameters<typeof startReceiver>[0] = {}): Promise<RunningReceiver> => closing(await startReceiver(opts));

describe('receiver: accepted requests', () => {
  it('answers 200 {} to a valid traces request and counts requests, items and bytes', async () => {
    const r = await receiver();
    const body = traces([span(1), span(2)]);
    const res = await post(r, '/v1/traces', body);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {});
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const s = r.stats().traces;
    assert.deepEqual(
      { requests: s.requests, accepted: s.accepted, items: s.items, bytes: s.bytes, refused: s.refused },
      { requests: 1, accepted: 1, items: 2, bytes: Buffer.byteLength(body), refused: 0 },
    );
  });

  it('accepts a charset parameter and any case in the content type', async () => {
    const r = await receiver();
    const res = await post(r, '/v1/logs', logs([{ severityNumber: 9, body: { stringValue: 'hi' } }]), {
      'content-type': 'Application/JSON; charset=utf-8',
    });
    assert.equal(res.status, 200);
    assert.equal(r.stats().logs.items, 1);
  });

  it('inflates a gzip body and counts the compressed bytes', async () => {
    const r = await receiver();
    const raw = metrics([{ asInt: '3', timeUnixNano: '1' }, { asInt: '4', timeUnixNano: '2' }]);
    const gz = gzipSync(raw);
    const res = await post(r, '/v1/metrics', gz, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {});
    assert.equal(r.stats().metrics.items, 2);
    assert.equal(r.stats().metrics.bytes, gz.length);
  });

  it('answers success to an empty request', async () => {
    const r = await receiver();
    const res = await post(r, '/v1/traces', '{}');
    assert.equal(res.status, 200);
    assert.equal(r.stats().traces.items, 0);
  });

  it('hands each decoded request to onRequest, and survives a callback that throws', async () => {
    const seen: ReceivedExport[] = [];
    const r = await receiver({
      onRequest: (e) => {
        seen.push(e);
        throw new Error('callback bug');
      },
    });
    assert.equal((await post(r, '/v1/traces', traces([span(1)]))).status, 200);
    assert.equal((await post(r, '/v1/traces', traces([span(2)]))).status, 200);
    assert.equal(seen.length, 2);
    const first = seen[0]!;
    assert.equal(first.signal, 'traces');
    assert.equal(first.items, 1);
    assert.ok(first.time instanceof Date);
    assert.equal(first.signal === 'traces' ? first.request.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0]?.name : '', 'span 1');
  });
});

describe('receiver: partial success', () => {
  it('rejects an invalid span and accepts the rest, with rejectedSpans and an errorMessage', async () => {
    const r = await receiver();
    const res = await post(r, '/v1/traces', traces([span(1), span(2, { traceId: 'not-hex' }), span(3)]));
    assert.equal(res.status, 200);
    assert.equal(String(res.json.partialSuccess.rejectedSpans), '1');
    assert.match(res.json.partialSuccess.errorMessage, /spans\[1\]\.traceId/);
    const s = r.stats().traces;
    assert.equal(s.items, 2);
    assert.equal(s.rejected, 1);
  });

  it('reports rejectedLogRecords for invalid log records', async () => {
    const r = await receiver();
    const res = await post(r, '/v1/logs', logs([{ severityNumber: 9 }, { spanId: 'zz' }, { traceId: '123' }]));
    assert.equal(res.status, 200);
    assert.equal(String(res.json.partialSuccess.rejectedLogRecords), '2');
    assert.equal(r.stats().logs.items, 1);
  });

  it('reports rejectedDataPoints for invalid metric points', async () => {
    const r = await receiver();
    const res = await post(r, '/v1/metrics', metrics([{ asInt: '1' }, { asInt: 'twelve' }]));
    assert.equal(res.status, 200);
    assert.equal(String(res.json.partialSuccess.rejectedDataPoints), '1');
    assert.equal(r.stats().metrics.items, 1);
  });
});

describe('receiver: refused requests', () => {
  it('answers 400 with a google.rpc.Status body to a body that is not JSON', async () => {
    const r = await receiver();
    const res = await post(r, '/v1/traces', '{"resourceSpans": [');
    assert.equal(res.status, 400);
    assert.equal(res.json.code, 3);
    assert.equal(typeof res.json.message, 'string');
    assert.ok(res.json.message.length > 0);
    assert.equal(r.stats().traces.refused, 1);
    assert.equal(r.stats().traces.accepted, 0);
  });

  it('answers 400 when the envelope itself is malformed', async () => {
    const r = await receiver();
    const res = await post(r, '/v1/traces', '{"resourceSpans": 5}');
    assert.equal(res.status, 400);
    assert.match(res.json.message, /resourceSpans/);
  });

  it('answers 400 to a gzip body that does not inflate', async () => {
    const r = await receiver();
    const res = await post(r, '/v1/logs', Buffer.from('not gzip at all'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(res.status, 400);
    assert.equal(res.json.code, 3);
  });

  it('answers 415 to a content type other than application/json or application/x-protobuf', async () => {
    const r = await receiver();
    for (const type of ['text/plain', 'application/protobuf', '']) {
      const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
      const res = await post(r, '/v1/traces', traces([span(1)]), headers);
      assert.equal(res.status, 415, type);
      assert.equal(typeof res.json.message, 'string');
    }
    assert.equal(r.stats().traces.items, 0);
  });

  it('answers 415 to an unsupported content encoding', async () => {
    const r = await receiver();
    const res = await post(r, '/v1/traces', traces([span(1)]), { 'content-type': 'application/json', 'content-encoding': 'br' });
    assert.equal(res.status, 415);
  });

  it('answers 413 when Content-Length is above maxBodyBytes', async () => {
    const r = await receiver({ maxBodyBytes: 1024 });
    const res = await post(r, '/v1/traces', traces(Array.from({ length: 20 }, (_, i) => span(i))));
    assert.equal(res.status, 413);
    assert.equal(r.stats().traces.refused, 1);
  });

  it('answers 413 when a chunked body grows past maxBodyBytes', async () => {
    const r = await receiver({ maxBodyBytes: 1024 });
    const res = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(new URL('/v1/traces', r.url), { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(Buffer.alloc(800, 0x20));
      req.write(Buffer.alloc(800, 0x20));
      req.end();
    });
    assert.equal(res, 413);
  });

  it('answers 413 to a gzip bomb: a small body that inflates past maxBodyBytes', async () => {
    const r = await receiver({ maxBodyBytes: 64 * 1024 });
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20));
    assert.ok(bomb.length < 64 * 1024);
    const res = await post(r, '/v1/metrics', bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(res.status, 413);
  });

  it('answers 404 to an unknown path and 405 to a method other than POST', async () => {
    const r = await receiver();
    const notFound = await post(r, '/v1/profiles', '{}');
    assert.equal(notFound.status, 404);
    assert.equal(notFound.json.code, 5);
    const wrongMethod = await post(r, '/v1/traces', '', {}, 'GET');
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers['allow'], 'POST');
    assert.equal(r.stats().unrouted, 1);
  });
});

describe('receiver: scripted faults', () => {
  it('answers 503 once with Retry-After, then 200', async () => {
    const r = await receiver({ faults: [{ reply: 503, retryAfterSeconds: 0 }] });
    const body = traces([span(1)]);
    const first = await post(r, '/v1/traces', body);
    assert.equal(first.status, 503);
    assert.equal(first.headers['retry-after'], '0');
    assert.equal(first.json.code, 14);
    const second = await post(r, '/v1/traces', body);
    assert.equal(second.status, 200);
    const s = r.stats().traces;
    assert.deepEqual({ requests: s.requests, faults: s.faults, items: s.items, bytes: s.bytes }, { requests: 2, faults: 1, items: 1, bytes: 2 * body.length });
  });

  it('applies a fault only to its signal, as many times as asked', async () => {
    const r = await receiver({ faults: [{ signal: 'logs', reply: 429, times: 2 }] });
    assert.equal((await post(r, '/v1/traces', traces([span(1)]))).status, 200);
    assert.equal((await post(r, '/v1/logs', logs([{}]))).status, 429);
    assert.equal((await post(r, '/v1/logs', logs([{}]))).status, 429);
    assert.equal((await post(r, '/v1/logs', logs([{}]))).status, 200);
  });

  it('resets the connection for a reset fault', async () => {
    const r = await receiver({ faults: [{ reply: 'reset' }] });
    await assert.rejects(post(r, '/v1/traces', traces([span(1)])), /socket hang up|ECONNRESET/);
    assert.equal((await post(r, '/v1/traces', traces([span(1)]))).status, 200);
  });
});

describe('receiver: robustness and lifecycle', () => {
  it('keeps serving after a client drops mid-body and after garbage on the socket', async () => {
    const r = await receiver();
    await new Promise<void>((resolve) => {
      const sock = connect(r.port, '127.0.0.1', () => {
        sock.write('POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"resourceSp');
        setTimeout(() => {
          sock.destroy();
          resolve();
        }, 20);
      });
      sock.on('error', () => {});
    });
    await new Promise<void>((resolve) => {
      const sock = connect(r.port, '127.0.0.1', () => sock.write('\x00\x01 garbage\r\n\r\n'));
      sock.on('error', () => {});
      sock.on('close', () => resolve());
      sock.resume();
    });
    assert.equal((await post(r, '/v1/traces', traces([span(1)]))).status, 200);
  });

  it('close() resolves promptly with a keep-alive connection open, and is idempotent', async () => {
    const r = await startReceiver();
    const sock = connect(r.port, '127.0.0.1');
    sock.on('error', () => {});
    const body = traces([span(1)]);
    await new Promise<void>((resolve) => {
      sock.on('data', () => resolve());
      sock.write(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    });
    const t0 = performance.now();
    await Promise.all([r.close(), r.close()]);
    assert.ok(performance.now() - t0 < 2000);
    await new Promise<void>((resolve) => (sock.destroyed ? resolve() : sock.on('close', () => resolve())));
  });

  it('rejects a bad port or limit with a ConfigError, and EADDRINUSE when the port is taken', async () => {
    await assert.rejects(startReceiver({ port: 70000 }), { name: 'ConfigError' });
    await assert.rejects(startReceiver({ maxBodyBytes: 0 }), { name: 'ConfigError' });
    const r = await receiver();
    await assert.rejects(startReceiver({ port: r.port }), { code: 'EADDRINUSE' });
  });
});
