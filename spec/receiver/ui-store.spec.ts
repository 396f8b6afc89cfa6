// The live viewer's parts without a browser: the bounded store (eviction by count, every
// eviction counted), the wire → view conversion's size limits, and escaping (SSE framing, the
// JSON batches, the Host guard, a page script with no HTML sinks).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReceiver } from '../../lib/receiver/server.ts';
import { RECEIVE_HELP } from '../../lib/cli/args.ts';
import { BoundedRing, DEFAULT_VIEWER_LIMITS, encodeBatch, resolveLimits, sseFrame, ViewerStore } from '../../lib/receiver/ui/store.ts';
import { attrsOf, clipText, nanosToMs, valueText, VIEW_LIMITS } from '../../lib/receiver/ui/view.ts';
import { allowedHost } from '../../lib/receiver/ui/viewer.ts';
import { APP_JS } from '../../lib/receiver/ui/assets/app.ts';
import { INDEX_HTML } from '../../lib/receiver/ui/assets/page.ts';
import { ConfigError } from '../../lib/errors.ts';
import type { ExportLogsServiceRequest, ExportMetricsServiceRequest, ExportTraceServiceRequest, KeyValue } from '../../proto-json/types.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Repo-relative files reachable from `entry` through static (non-type) imports. */
function staticImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const rel = relative(ROOT, file).split('\\').join('/');
    if (seen.has(rel)) return;
    seen.add(rel);
    const text = readFileSync(file, 'utf8');
    const re = /(?:^|\n)\s*(import|export)\s(?!type\s)[^;]*?from\s+['"](\.[^'"]+)['"]/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) visit(resolve(dirname(file), m[2]!));
  };
  visit(resolve(ROOT, entry));
  return seen;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** One request with `spans` spans of trace `trace` (span ids from `first`). */
function traces(trace: number, spans: number, first = 1, attrs: KeyValue[] = []): ExportTraceServiceRequest {
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeSpans: [{
        scope: { name: 'spec', version: '1.0' },
        spans: Array.from({ length: spans }, (_, i) => ({
          traceId: hex(trace, 32),
          spanId: hex(first + i, 16),
          ...(i > 0 ? { parentSpanId: hex(first, 16) } : {}),
          name: `span-${first + i}`,
          startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n),
          endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i + 1) * 1_000_000n),
          attributes: attrs,
        })),
      }],
    }],
  };
}

function logs(n: number, from = 0): ExportLogsServiceRequest {
  return {
    resourceLogs: [{
      scopeLogs: [{
        logRecords: Array.from({ length: n }, (_, i) => ({ timeUnixNano: '1700000000000000000', severityNumber: 9, body: { stringValue: `log ${from + i}` } })),
      }],
    }],
  };
}

function points(n: number, from = 0): ExportMetricsServiceRequest {
  return {
    resourceMetrics: [{
      scopeMetrics: [{
        metrics: [{
          name: 'requests',
          sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: Array.from({ length: n }, (_, i) => ({ timeUnixNano: '1700000000000000000', asInt: String(from + i) })) },
        }],
      }],
    }],
  };
}

describe('viewer store', () => {
  it('BoundedRing keeps the newest `capacity` items and says when it dropped one', () => {
    const ring = new BoundedRing<number>(3);
    assert.deepEqual([1, 2, 3].map((n) => ring.push(n)), [false, false, false]);
    assert.equal(ring.push(4), true);
    assert.equal(ring.push(5), true);
    assert.deepEqual(ring.toArray(), [3, 4, 5]);
    assert.equal(ring.size, 3);
  });

  it('evicts whole traces by count, least recent activity first, and counts them', () => {
    const store = new ViewerStore({ maxTraces: 3 });
    for (let t = 1; t <= 3; t++) store.ingest('traces', traces(t, 2, t * 100));
    store.ingest('traces', traces(1, 1, 150)); // trace 1 gets a new span: now the most recent
    store.ingest('traces', traces(4, 2, 400));
    assert.deepEqual(store.traceIds(), [hex(3, 32), hex(1, 32), hex(4, 32)]);
    assert.equal(store.counts.evictedTraces, 1);
    assert.equal(store.counts.evictedSpans, 2);
    assert.equal(store.spanCount, 3 + 2 + 2);
    assert.equal(store.counts.spans, 9);
    assert.equal(store.snapshot().spans.length, 7);
  });

  it('evicts old traces to hold the span cap, and caps one trace at maxSpans (counting the rest)', () => {
    const store = new ViewerStore({ maxSpans: 10 });
    store.ingest('traces', traces(1, 6, 1));
    store.ingest('traces', traces(2, 6, 100)); // 12 spans > 10: trace 1 goes
    assert.deepEqual(store.traceIds(), [hex(2, 32)]);
    assert.equal(store.counts.evictedTraces, 1);
    const added = store.ingest('traces', traces(2, 8, 200)); // trace 2 would hold 14
    assert.equal(added.spans.length, 4);
    assert.equal(store.spanCount, 10);
    assert.equal(store.counts.droppedSpans, 4);
  });

  it('replaces a span sent twice (a retried export) instead of counting it twice', () => {
    const store = new ViewerStore();
    store.ingest('traces', traces(1, 3));
    store.ingest('traces', traces(1, 3));
    assert.equal(store.spanCount, 3);
    assert.equal(store.snapshot().spans.length, 3);
  });

  it('keeps the newest maxLogs log records and maxPoints metric points', () => {
    const store = new ViewerStore({ maxLogs: 5, maxPoints: 4 });
    store.ingest('logs', logs(3, 0));
    store.ingest('logs', logs(4, 3));
    const snap = store.snapshot();
    assert.deepEqual(snap.logs.map((l) => l.body), ['log 2', 'log 3', 'log 4', 'log 5', 'log 6']);
    assert.deepEqual(snap.logs.map((l) => l.seq), [2, 3, 4, 5, 6]);
    assert.equal(store.counts.evictedLogs, 2);
    store.ingest('metrics', points(6));
    assert.deepEqual(store.snapshot().points.map((p) => p.value), [2, 3, 4, 5]);
    assert.equal(store.counts.evictedPoints, 2);
    assert.equal(store.counts.points, 6);
  });

  it('documents its default limits in `receive --help`', () => {
    const flags = { maxTraces: 'ui-max-traces', maxSpans: 'ui-max-spans', maxLogs: 'ui-max-logs', maxPoints: 'ui-max-points' } as const;
    for (const [key, flag] of Object.entries(flags)) {
      const line = RECEIVE_HELP.split('\n').find((l) => l.includes(`--${flag} `)) ?? '';
      assert.match(line, new RegExp(`\\(default ${DEFAULT_VIEWER_LIMITS[key as keyof typeof flags]}\\)`), flag);
    }
  });

  it('refuses a limit that is not an integer >= 1 with a ConfigError naming it', () => {
    assert.deepEqual(resolveLimits({ maxLogs: 7 }), { maxTraces: 200, maxSpans: 20_000, maxLogs: 7, maxPoints: 20_000 });
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => new ViewerStore({ maxTraces: bad }), (e: unknown) => e instanceof ConfigError && /ui\.maxTraces/.test(JSON.stringify(e.issues)));
    }
  });
});

describe('viewer conversion limits', () => {
  it('clips long text and says how much was cut', () => {
    const long = 'x'.repeat(VIEW_LIMITS.text + 10);
    assert.equal(clipText(long), `${'x'.repeat(VIEW_LIMITS.text)}…(+10 chars)`);
    assert.equal(valueText({ stringValue: long }).length, VIEW_LIMITS.text + '…(+1 chars)'.length);
  });

  it('keeps at most VIEW_LIMITS.attrs attributes and says how many more there were', () => {
    const many = Array.from({ length: VIEW_LIMITS.attrs + 5 }, (_, i) => ({ key: `k${i}`, value: { intValue: String(i) } }));
    const kept = attrsOf(many);
    assert.equal(kept.length, VIEW_LIMITS.attrs + 1);
    assert.deepEqual(kept.at(-1), ['…', '5 more attribute(s) not kept']);
  });

  it('renders every AnyValue kind as text, nested values JSON-like, and times with µs precision', () => {
    assert.equal(valueText({ arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }, { boolValue: true }] } }), '["a", 2, true]');
    assert.equal(valueText({ kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }] } }), '{k: 1.5}');
    assert.equal(valueText({ bytesValue: 'AAE=' }), 'base64:AAE=');
    assert.equal(nanosToMs('1700000000123456789'), 1700000000123.456);
    assert.equal(nanosToMs('0'), null);
    assert.equal(nanosToMs('not a number'), null);
  });
});

describe('viewer escaping', () => {
  it('frames every line of SSE data as its own data: field, so received text cannot end or forge an event', () => {
    assert.equal(sseFrame('append', 'a\nevent: snapshot\r\ndata: x\rb'), 'event: append\ndata: a\ndata: event: snapshot\ndata: data: x\ndata: b\n\n');
    assert.equal(sseFrame('app\nend: x', '{}'), 'event: appendx\ndata: {}\n\n');
  });

  it('encodes hostile values as one JSON line that round-trips unchanged', () => {
    const store = new ViewerStore();
    const hostile = `${HOSTILE}\n\r\u2028</script>"'`;
    const batch = store.ingest('traces', traces(1, 1, 1, [{ key: hostile, value: { stringValue: hostile } }]));
    const text = encodeBatch(batch, store.counts);
    assert.ok(!/[\r\n]/.test(text), 'no raw line break');
    const frame = sseFrame('append', text);
    assert.equal(frame.split('\n').filter((l) => l.startsWith('data: ')).length, 1);
    const back = JSON.parse(text) as { spans: { attrs: string[][]; resource: number }[]; resources: { service: string }[] };
    assert.deepEqual(back.spans[0]!.attrs, [[hostile, hostile]]);
    assert.equal(back.resources[back.spans[0]!.resource]!.service, 'svc');
  });

  it('answers only Host headers naming localhost or an IP address (DNS-rebinding guard)', () => {
    for (const ok of ['127.0.0.1:4318', 'localhost:4318', 'LOCALHOST', 'app.localhost:1', '[::1]:4318', '10.0.0.5']) assert.ok(allowedHost(ok), ok);
    for (const bad of [undefined, '', 'evil.example', 'evil.example:4318', '127.0.0.1.nip.io:4318', '[::1]x']) assert.ok(!allowedHost(bad), String(bad));
  });

  it('ships a page script that parses and uses no HTML sink, and a page without inline script', () => {
    assert.doesNotThrow(() => new Function(APP_JS)); // compiles only; nothing runs
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'srcdoc', 'DOMParser', 'createContextualFragment']) {
      assert.ok(!APP_JS.includes(sink), `app.js uses ${sink}`);
    }
    assert.ok(APP_JS.includes('textContent'));
    assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(INDEX_HTML), 'no inline <script>');
    assert.ok(!/\son[a-z]+=/i.test(INDEX_HTML), 'no inline event handler');
  });
});

describe('viewer loading and HTTP guards', () => {
  it('is not reachable through static imports from the library entry or the receiver', () => {
    const fromIndex = [...staticImports('lib/index.ts')].filter((f) => f.startsWith('lib/receiver/'));
    assert.deepEqual(fromIndex, []);
    const fromReceiver = [...staticImports('lib/receiver/server.ts')].filter((f) => f.startsWith('lib/receiver/ui/'));
    assert.deepEqual(fromReceiver, [], 'server.ts loads the viewer with a dynamic import only');
    assert.ok(staticImports('lib/receiver/ui/viewer.ts').has('lib/receiver/ui/assets/app.ts'), 'the walk follows imports');
  });

  it('serves the page only with ui set, refuses foreign Host headers and non-GET methods, and leaves OTLP alone', async () => {
    const plain = await startReceiver();
    const withUi = await startReceiver({ ui: { maxLogs: 10 } });
    try {
      assert.equal(plain.uiUrl, undefined);
      assert.equal((await fetch(`${plain.url}/`)).status, 404);
      assert.equal(withUi.uiUrl, `${withUi.url}/`);
      const page = await fetch(withUi.uiUrl!);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      assert.match(await page.text(), /<script src="assets\/app.js" defer><\/script>/);
      assert.equal((await fetch(`${withUi.url}/assets/app.js`)).headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal((await fetch(`${withUi.url}/`, { method: 'POST', body: '{}' })).status, 405);
      const { request } = await import('node:http');
      const foreign = await new Promise<number>((res, rej) => {
        request(`${withUi.url}/api/snapshot`, { headers: { host: 'evil.example' } }, (r) => {
          r.resume();
          res(r.statusCode ?? 0);
        }).on('error', rej).end();
      });
      assert.equal(foreign, 403);
      const posted = await fetch(`${withUi.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(logs(12)) });
      assert.equal(posted.status, 200);
      const snap = (await (await fetch(`${withUi.url}/api/snapshot`)).json()) as { logs: { body: string }[]; counts: { logs: number; evictedLogs: number }; limits: { maxLogs: number } };
      assert.equal(snap.limits.maxLogs, 10);
      assert.equal(snap.logs.length, 10);
      assert.deepEqual([snap.counts.logs, snap.counts.evictedLogs], [12, 2]);
      assert.equal(snap.logs[0]!.body, 'log 2');
      assert.equal(withUi.stats().unrouted, 0, 'viewer requests are not counted as unknown OTLP paths');
      await assert.rejects(startReceiver({ ui: { maxPoints: 0 } }), ConfigError);
    } finally {
      await Promise.all([plain.close(), withUi.close()]);
    }
  });
});
