// otlp-lite/otel-api with the real @opentelemetry/instrumentation-http and -undici in a child
// process: an outgoing request made inside an API span and the incoming request it causes give a
// client span (child of the active span) and a server span (child of the client span) in one
// trace; the same works with an otlp-lite span active; otlp-lite's own exports (over undici) are
// never traced. Every span the child exports is accounted for, so a stray one fails the test.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReceiver, type ReceivedRequest } from '../helpers/receiver.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function runChild(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], URL: url };
    const p = spawn(process.execPath, ['--import', 'tsx', 'spec/bridges/fixtures/otel-http-child.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => done({ code, stdout, stderr }));
  });
}

interface WireSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
  scope: string;
}

function spansOf(requests: readonly ReceivedRequest[]): WireSpan[] {
  const out: WireSpan[] = [];
  for (const r of requests) {
    if (r.signal !== 'traces') continue;
    for (const rs of r.otlp('traces').resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) out.push({ ...(s as WireSpan), scope: ss.scope?.name ?? '' });
  }
  return out;
}

function attr(s: WireSpan, key: string): unknown {
  const v = s.attributes?.find((a) => a.key === key)?.value;
  return v === undefined ? undefined : Object.values(v)[0];
}

/** The request path of an HTTP span: url.path (server) or the path of url.full (client). */
function path(s: WireSpan): string | undefined {
  const p = attr(s, 'url.path');
  if (typeof p === 'string') return p;
  const full = attr(s, 'url.full');
  return typeof full === 'string' ? new URL(full).pathname : undefined;
}

describe('otel-api bridge with the real HTTP instrumentations', () => {
  it('parents client and server spans across the API and otlp-lite, and never traces its own exports', async () => {
    const receiver = await startReceiver();
    try {
      const { code, stdout, stderr } = await runChild(receiver.url);
      assert.equal(stderr, '');
      assert.equal(code, 0);
      const seen = JSON.parse(stdout.trim());
      const spans = spansOf(receiver.requests);
      const byName = (n: string): WireSpan[] => spans.filter((s) => s.name === n);

      // From the API side.
      const apiParent = byName('api-parent');
      assert.equal(apiParent.length, 1);
      const ap = apiParent[0]!;
      assert.equal(ap.spanId, seen.apiParent.spanId);
      assert.equal(ap.scope, 'bridge-spec');
      const clientFromApi = spans.filter((s) => s.kind === 3 && path(s) === '/from-api');
      assert.equal(clientFromApi.length, 1, JSON.stringify(spans.map((s) => [s.name, s.kind, s.scope])));
      const c1 = clientFromApi[0]!;
      assert.equal(c1.traceId, ap.traceId);
      assert.equal(c1.parentSpanId, ap.spanId);
      assert.equal(c1.scope, '@opentelemetry/instrumentation-http');
      const serverFromApi = spans.filter((s) => s.kind === 2 && path(s) === '/from-api');
      assert.equal(serverFromApi.length, 1);
      assert.equal(serverFromApi[0]!.traceId, ap.traceId);
      assert.equal(serverFromApi[0]!.parentSpanId, c1.spanId);
      assert.equal(seen.serverSawApiTrace, ap.traceId);
      const liteChild = byName('lite-child-of-api');
      assert.equal(liteChild.length, 1);
      assert.equal(liteChild[0]!.parentSpanId, ap.spanId);

      // From the otlp-lite side.
      const liteParent = byName('lite-parent');
      assert.equal(liteParent.length, 1);
      const lp = liteParent[0]!;
      assert.equal(seen.apiActiveInLite, lp.spanId);
      const clientFromLite = spans.filter((s) => s.kind === 3 && path(s) === '/from-lite');
      assert.equal(clientFromLite.length, 1);
      assert.equal(clientFromLite[0]!.parentSpanId, lp.spanId);
      const serverFromLite = spans.filter((s) => s.kind === 2 && path(s) === '/from-lite');
      assert.equal(serverFromLite.length, 1);
      assert.equal(serverFromLite[0]!.parentSpanId, clientFromLite[0]!.spanId);
      assert.equal(serverFromLite[0]!.traceId, lp.traceId);

      // Nothing else: no span for any export request (undici) to the receiver.
      assert.equal(spans.length, 7, JSON.stringify(spans.map((s) => [s.name, s.kind, s.scope])));
      assert.equal(spans.filter((s) => s.scope === '@opentelemetry/instrumentation-undici').length, 0);
      assert.ok(receiver.requests.length >= 1);
      assert.equal(seen.flushes[1].exported, 0);
    } finally {
      await receiver.close();
    }
  });
});
