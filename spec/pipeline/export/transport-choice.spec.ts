// Which HTTP client carries a destination, and what no client does: follow a redirect. Over
// node:http (the default on Node), undici (proxies, `transport: 'undici'`): a 3xx is a counted,
// non-retryable failure naming the Location host; the body and headers never reach that host.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createOtlpHttpExporter } from '../../../lib/pipeline/export/otlp-http-exporter.ts';
import { runtime } from '../../../lib/platform/runtime.ts';
import { HttpTransport } from '../../../lib/pipeline/export/transport.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { startReceiver, type Receiver } from '../../helpers/receiver.ts';
import { dest, encoder, recs } from '../support.ts';

failOnUnhandledRejection();

const receivers: Receiver[] = [];
after(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

const never = new AbortController().signal;
const soon = (): number => Date.now() + 5000;

describe('HTTP client choice', () => {
  it('is node:http on Node (fetch on Bun), undici through a proxy or when asked', () => {
    const url = 'http://127.0.0.1:4318/v1/traces';
    const own = runtime.name === 'bun' ? 'fetch' : 'node';
    assert.equal(new HttpTransport({ url, env: {}, maxResponseBytes: 1 }).client, own);
    assert.equal(new HttpTransport({ url: 'https://c.example.com/v1/traces', env: {}, maxResponseBytes: 1 }).client, own);
    assert.equal(new HttpTransport({ url, env: {}, maxResponseBytes: 1, transport: 'undici' }).client, 'undici');
    const proxied = new HttpTransport({ url, env: { HTTP_PROXY: 'http://proxy.invalid:3128' }, maxResponseBytes: 1 });
    assert.equal(proxied.client, 'undici');
    assert.equal(proxied.proxy, 'http://proxy.invalid:3128/');
    assert.equal(new HttpTransport({ url, env: { HTTP_PROXY: 'http://p:1', NO_PROXY: '127.0.0.1' }, maxResponseBytes: 1 }).client, own);
  });

  it('does not load undici for a direct export', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const ex = createOtlpHttpExporter(dest(`${r.url}/v1/traces`, { transport: 'auto' }), encoder());
    assert.equal((await ex.export(recs(2), soon(), never)).exported, 2);
    await ex.shutdown();
    const cache = createRequire(import.meta.url).cache;
    assert.equal(Object.keys(cache).some((k) => /[\\/]node_modules[\\/]undici[\\/]/.test(k)), false);
  });
});

describe('redirects', () => {
  for (const transport of ['auto', 'undici'] as const) {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`${transport}: a ${status} is not followed; nothing reaches the Location host`, async () => {
        const elsewhere = await startReceiver();
        receivers.push(elsewhere);
        const r = await startReceiver({ replies: () => ({ status, headers: { location: `${elsewhere.url}/steal?token=abc` }, body: '' }) });
        receivers.push(r);
        const ex = createOtlpHttpExporter(dest(`${r.url}/v1/traces`, { transport, headers: { 'x-api-key': 'k-secret' } }), encoder());
        const res = await ex.export(recs(3), soon(), never);
        await ex.shutdown();
        assert.equal(res.exported, 0);
        assert.equal(res.dropped, 3);
        assert.equal(res.reason, 'non_retryable');
        assert.equal(r.requests.length, 1, 'not retried');
        assert.equal(elsewhere.requests.length, 0, 'nothing sent to the Location host');
        const message = String(res.error?.message);
        assert.match(message, new RegExp(`HTTP ${status} redirect to 127\\.0\\.0\\.1:${new URL(elsewhere.url).port} not followed`));
        assert.doesNotMatch(message, /token|k-secret/);
      });
    }
  }
});
