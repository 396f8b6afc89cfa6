// The receiver's readable lines: one per span (indented under its parent), log record and metric
// point; untrusted text never reaches the terminal with control characters.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatExport, formatLogs, formatMetrics, formatTraces } from '../../lib/receiver/format.ts';

const T = 'aaaaaaaabbbbbbbbccccccccdddddddd';
const s = (spanId: string, parentSpanId: string, name: string, startMs: number, durMs: number, extra: object = {}) => ({
  traceId: T,
  spanId,
  ...(parentSpanId ? { parentSpanId } : {}),
  name,
  kind: 1,
  startTimeUnixNano: String(BigInt(1_700_000_000_000 + startMs) * 1_000_000n),
  endTimeUnixNano: String(BigInt(1_700_000_000_000 + startMs + durMs) * 1_000_000n),
  ...extra,
});

// One resource and one scope around the given items: the request shapes format*() take.
const traces = (spans: object[]): Parameters<typeof formatTraces>[0] => ({ resourceSpans: [{ scopeSpans: [{ spans }] }] }) as never;
const logs = (logRecords: object[]): Parameters<typeof formatLogs>[0] => ({ resourceLogs: [{ scopeLogs: [{ logRecords }] }] }) as never;
const metrics = (list: object[]): Parameters<typeof formatMetrics>[0] => ({ resourceMetrics: [{ scopeMetrics: [{ metrics: list }] }] }) as never;

describe('format: traces', () => {
  it('prints one line per span, children indented under their parent in start order', () => {
    const lines = formatTraces(
      traces([
        s('0000000000000003', '0000000000000001', 'tool_call', 50, 10),
        s('0000000000000002', '0000000000000001', 'api_request', 10, 30, { kind: 3, status: { code: 2, message: 'boom' } }),
        s('0000000000000004', '0000000000000002', 'sse', 12, 5),
        s('0000000000000001', '', 'turn', 0, 100, { attributes: [{ key: 'turn.id', value: { stringValue: 't1' } }] }),
      ]),
    );
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^span {3}aaaaaaaa turn {2}internal {2}100\.0 ms {2}turn\.id=t1$/);
    assert.match(lines[1]!, /^span {3}aaaaaaaa └ api_request {2}client {2}30\.0 ms {2}ERROR boom$/);
    assert.match(lines[2]!, /^span {3}aaaaaaaa {3}└ sse /);
    assert.match(lines[3]!, /^span {3}aaaaaaaa └ tool_call /);
  });

  it('marks a span whose parent is in another request', () => {
    const [line] = formatTraces(traces([s('0000000000000009', '00000000000000ff', 'child', 0, 1)]));
    assert.match(line!, /aaaaaaaa … child/);
  });

  it('does not loop on a cycle of parent ids', () => {
    const lines = formatTraces(traces([s('0000000000000001', '0000000000000002', 'a', 0, 1), s('0000000000000002', '0000000000000001', 'b', 0, 1)]));
    assert.equal(lines.length, 2);
  });
});

describe('format: logs', () => {
  it('prints severity, event name and the attributes that are not session metadata', () => {
    const [line] = formatLogs(
      logs([
        {
          severityNumber: 9,
          severityText: 'INFO',
          attributes: [
            { key: 'event.name', value: { stringValue: 'codex.api_request' } },
            { key: 'conversation.id', value: { stringValue: 'c-1' } },
            { key: 'attempt', value: { intValue: '2' } },
            { key: 'http.response.status_code', value: { intValue: 200 } },
            { key: 'error.message', value: { stringValue: 'try again' } },
          ],
        },
      ]),
    );
    assert.equal(line, 'log    INFO  codex.api_request  attempt=2 http.response.status_code=200 error.message="try again"');
  });

  it('derives the severity name from the number and shows a body', () => {
    const [line] = formatLogs(logs([{ severityNumber: 18, eventName: 'boom', body: { stringValue: 'disk full' } }]));
    assert.equal(line, 'log    ERROR2 boom  "disk full"');
  });

  it('strips control characters and clips long values', () => {
    const [line] = formatLogs(logs([{ eventName: 'x\u001b[31mred', attributes: [{ key: 'k', value: { stringValue: 'a\r\nb'.repeat(40) } }] }]));
    assert.ok(!/[\u0000-\u001f]/.test(line!));
    assert.ok(line!.length < 200);
  });
});

describe('format: metrics', () => {
  it('prints name, type and value per point, with the unit and attributes', () => {
    const lines = formatMetrics(
      metrics([
        {
          name: 'codex.api_request',
          sum: {
            aggregationTemporality: 1,
            isMonotonic: true,
            dataPoints: [{ asInt: '3', attributes: [{ key: 'status', value: { stringValue: '200' } }] }],
          },
        },
        { name: 'codex.api_request.duration_ms', unit: 'ms', histogram: { aggregationTemporality: 1, dataPoints: [{ count: '3', sum: 450.5, min: 100, max: 200 }] } },
        { name: 'queue.depth', gauge: { dataPoints: [{ asDouble: 1.25 }] } },
      ]),
    );
    assert.deepEqual(lines, [
      'metric codex.api_request  sum(delta, monotonic)  3  {status=200}',
      'metric codex.api_request.duration_ms  histogram(delta)  count=3 sum=450.5 ms min=100 max=200',
      'metric queue.depth  gauge  1.25',
    ]);
  });

  it('formatExport never throws on odd input', () => {
    const lines = formatExport({ signal: 'metrics', request: { resourceMetrics: [{ scopeMetrics: [{ metrics: [{}] }] }] }, items: 0, rejected: 0, bytes: 2, time: new Date() });
    assert.equal(lines.length, 1);
  });
});
