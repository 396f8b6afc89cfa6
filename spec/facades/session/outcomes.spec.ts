// The pure parts of SessionTelemetry: SSE and websocket outcome classification, timing samples,
// the Rust string measures (chars, lines, bytes), durations, timestamps and response span names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { charCount, lineCount, utf8Length } from '../../../lib/facades/session/events-tool.ts';
import { durationMsString, errorText, eventTimestamp, wholeMillis } from '../../../lib/facades/session/metadata.ts';
import { responsesType } from '../../../lib/facades/session/responses.ts';
import { classifySseOutcome } from '../../../lib/facades/session/sse.ts';
import { classifyWebsocketOutcome, websocketTimingSamples } from '../../../lib/facades/session/websocket.ts';

describe('classifySseOutcome', () => {
  it('treats [DONE] and any parsable event as a success of that kind', () => {
    assert.deepEqual(classifySseOutcome({ kind: 'event', event: 'response.output_text.delta', data: '  [DONE]\n' }), { ok: true, kind: 'response.output_text.delta' });
    assert.deepEqual(classifySseOutcome({ kind: 'event', event: 'response.created', data: '{"type":"response.created"}' }), { ok: true, kind: 'response.created' });
    assert.deepEqual(classifySseOutcome({ kind: 'event', event: 'message', data: '42' }), { ok: true, kind: 'message' });
  });

  it('fails response.failed with the JSON value as the error text', () => {
    assert.deepEqual(classifySseOutcome({ kind: 'event', event: 'response.failed', data: '{ "error": { "code": "rate_limit" } }' }), {
      ok: false,
      kind: 'response.failed',
      error: '{"error":{"code":"rate_limit"}}',
    });
  });

  it('fails an output item that is not a response item', () => {
    assert.deepEqual(classifySseOutcome({ kind: 'event', event: 'response.output_item.done', data: '[1,2]' }), {
      ok: false,
      kind: 'response.output_item.done',
      error: 'failed to parse response.output_item.done',
    });
    assert.deepEqual(classifySseOutcome({ kind: 'event', event: 'response.output_item.done', data: '{"type":"message","role":"assistant"}' }), {
      ok: true,
      kind: 'response.output_item.done',
    });
  });

  it('fails unparsable data with the parser message, stream errors without a kind, and the idle timeout', () => {
    const bad = classifySseOutcome({ kind: 'event', event: 'response.created', data: '{nope' });
    assert.equal(bad?.ok, false);
    assert.equal(bad?.kind, 'response.created');
    assert.ok(!bad?.ok && bad.error.length > 0);
    assert.deepEqual(classifySseOutcome({ kind: 'error', error: new Error('connection reset') }), { ok: false, kind: undefined, error: 'connection reset' });
    assert.deepEqual(classifySseOutcome({ kind: 'timeout' }), { ok: false, kind: undefined, error: 'idle timeout waiting for SSE' });
    assert.equal(classifySseOutcome({ kind: 'end' }), undefined);
  });
});

describe('classifyWebsocketOutcome', () => {
  it('uses the text message type as the kind', () => {
    assert.deepEqual(classifyWebsocketOutcome({ kind: 'text', text: '{"type":"response.created"}' }), { kind: 'response.created', success: true, timingMetrics: undefined });
    assert.deepEqual(classifyWebsocketOutcome({ kind: 'text', text: '{"type":"response.failed"}' }), { kind: 'response.failed', success: false, timingMetrics: undefined });
    assert.deepEqual(classifyWebsocketOutcome({ kind: 'text', text: '{"no_type":1}' }), { kind: 'unknown', success: true, timingMetrics: undefined });
    assert.deepEqual(classifyWebsocketOutcome({ kind: 'text', text: '{' }), { kind: 'parse_error', success: false, timingMetrics: undefined });
  });

  it('carries the timing payload of a websocket timing message', () => {
    const d = classifyWebsocketOutcome({ kind: 'text', text: '{"type":"responsesapi.websocket_timing","timing_metrics":{"engine_service_total_ms":457}}' });
    assert.deepEqual(d, { kind: 'responsesapi.websocket_timing', success: true, timingMetrics: { engine_service_total_ms: 457 } });
  });

  it('ignores ping and pong; everything else fails as unknown', () => {
    assert.equal(classifyWebsocketOutcome({ kind: 'ping' }), undefined);
    assert.equal(classifyWebsocketOutcome({ kind: 'pong' }), undefined);
    for (const kind of ['binary', 'close', 'frame', 'end'] as const) {
      assert.deepEqual(classifyWebsocketOutcome({ kind }), { kind: 'unknown', success: false, timingMetrics: undefined });
    }
    assert.deepEqual(classifyWebsocketOutcome({ kind: 'error', error: 'x' }), { kind: 'unknown', success: false, timingMetrics: undefined });
    assert.deepEqual(classifyWebsocketOutcome({ kind: 'api_error' }), { kind: 'unknown', success: false, timingMetrics: undefined });
  });
});

describe('websocketTimingSamples', () => {
  it('rounds the first four to whole ms and keeps the TBT values fractional', () => {
    assert.deepEqual(
      websocketTimingSamples({
        responses_duration_excl_engine_and_client_tool_time_ms: 124.5,
        engine_service_total_ms: 457,
        engine_iapi_ttft_total_ms: 211.4,
        engine_service_ttft_total_ms: 233,
        engine_iapi_tbt_across_engine_calls_ms: 2.450638,
        engine_service_tbt_across_engine_calls_ms: 5.267279,
      }),
      [
        { metric: 'codex.responses_api_overhead.duration_ms', ms: 125, fractional: false },
        { metric: 'codex.responses_api_inference_time.duration_ms', ms: 457, fractional: false },
        { metric: 'codex.responses_api_engine_iapi_ttft.duration_ms', ms: 211, fractional: false },
        { metric: 'codex.responses_api_engine_service_ttft.duration_ms', ms: 233, fractional: false },
        { metric: 'codex.responses_api_engine_iapi_tbt.duration_ms', ms: 2.450638, fractional: true },
        { metric: 'codex.responses_api_engine_service_tbt.duration_ms', ms: 5.267279, fractional: true },
      ],
    );
  });

  it('skips negative, non-finite and non-numeric values and non-objects', () => {
    assert.deepEqual(websocketTimingSamples({ engine_service_total_ms: -1, engine_iapi_ttft_total_ms: '3', engine_service_ttft_total_ms: null }), []);
    assert.deepEqual(websocketTimingSamples(undefined), []);
    assert.deepEqual(websocketTimingSamples(7), []);
  });
});

describe('Rust string measures', () => {
  const measures: [name: string, measure: (s: string) => number, cases: [string, number][]][] = [
    ['counts chars as Unicode scalars', charCount, [['super secret prompt', 19], ['héllo', 5], ['a😀b', 3], ['\ud800', 1]]],
    ['counts lines like str::lines()', lineCount, [['', 0], ['one', 1], ['one\n', 1], ['one\ntwo', 2], ['one\r\ntwo\r\n', 2], ['\n\n', 2]]],
    ['measures UTF-8 bytes', utf8Length, [['{"cmd":"ls -la"}', 16], ['é', 2]]],
  ];
  for (const [name, measure, cases] of measures) {
    it(name, () => {
      for (const [input, expected] of cases) assert.equal(measure(input), expected, JSON.stringify(input));
    });
  }
});

describe('durations, timestamps, errors', () => {
  it('truncates durations to whole ms and clamps bad values to 0', () => {
    assert.equal(wholeMillis(15.999), 15);
    assert.equal(wholeMillis(-3), 0);
    assert.equal(wholeMillis(Number.NaN), 0);
    assert.equal(durationMsString(250.9), '250');
  });

  it('prints event.timestamp as RFC 3339 with milliseconds and Z', () => {
    assert.equal(eventTimestamp(Date.UTC(2026, 7, 19, 12, 34, 56, 789)), '2026-08-19T12:34:56.789Z');
    assert.equal(eventTimestamp(Date.UTC(2026, 7, 19, 12, 34, 56, 0)), '2026-08-19T12:34:56.000Z');
  });

  it('displays errors as their message, strings as-is, objects as JSON', () => {
    assert.equal(errorText(new TypeError('bad')), 'bad');
    assert.equal(errorText('plain'), 'plain');
    assert.equal(errorText({ code: 1 }), '{"code":1}');
    assert.equal(errorText(undefined), 'undefined');
  });
});

describe('responsesType', () => {
  it('maps response events and output items to the seed span names', () => {
    assert.equal(responsesType({ type: 'created' }), 'created');
    assert.equal(responsesType({ type: 'completed' }), 'completed');
    assert.equal(responsesType({ type: 'rate_limits' }), 'rate_limits');
    assert.equal(responsesType({ type: 'output_item_done', item: { type: 'message', role: 'user' } }), 'message_from_user');
    assert.equal(responsesType({ type: 'output_item_added', item: { type: 'reasoning' } }), 'reasoning');
    assert.equal(responsesType({ type: 'output_item_added', item: { type: 'web_search_call' } }), 'web_search_call');
    assert.equal(responsesType({ type: 'output_item_added', item: { type: 'something_new' } }), 'other');
  });
});
