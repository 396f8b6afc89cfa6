import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOtlpHttpExporter } from '../../../lib/pipeline/export/otlp-http-exporter.ts';
import { isNoProxy, selectProxy } from '../../../lib/pipeline/export/proxy.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { startReceiver, type Receiver } from '../../helpers/receiver.ts';
import { startProxy, type TestProxy } from '../proxy-server.ts';
import { dest, encoder, heldOpenClosing, recs } from '../support.ts';

failOnUnhandledRejection();

const closeAfter = heldOpenClosing();

describe('proxy selection', () => {
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http destinations', () => {
    const env = { HTTPS_PROXY: 'http://secure-proxy:3128', HTTP_PROXY: 'http://plain-proxy:3128' };
    assert.equal(selectProxy('https://collector:4318/v1/traces', env), 'http://secure-proxy:3128/');
    assert.equal(selectProxy('http://collector:4318/v1/traces', env), 'http://plain-proxy:3128/');
    assert.equal(selectProxy('https://collector/', { HTTP_PROXY: 'http://p:1' }), undefined);
  });

  it('prefers the lower-case variable and accepts a proxy without a scheme', () => {
    assert.equal(selectProxy('http://c/', { http_proxy: 'lower:1', HTTP_PROXY: 'http://upper:2' }), 'http://lower:1/');
  });

  it('ignores empty or unparsable proxy values', () => {
    assert.equal(selectProxy('http://c/', { HTTP_PROXY: '  ' }), undefined);
    assert.equal(selectProxy('http://c/', { HTTP_PROXY: 'http://bad host:1' }), undefined);
    assert.equal(selectProxy('http://c/', { HTTP_PROXY: 'ftp://p:1' }), undefined);
  });

  it('honours NO_PROXY: *, exact hosts, domain suffixes and ports', () => {
    const u = (s: string): URL => new URL(s);
    assert.equal(isNoProxy(u('http://a.example.com/'), '*'), true);
    assert.equal(isNoProxy(u('http://collector/'), 'other, collector'), true);
    assert.equal(isNoProxy(u('http://a.example.com/'), '.example.com'), true);
    assert.equal(isNoProxy(u('http://a.example.com/'), 'example.com'), true);
    assert.equal(isNoProxy(u('http://a.example.com/'), '*.example.com'), true);
    assert.equal(isNoProxy(u('http://notexample.com/'), 'example.com'), false);
    assert.equal(isNoProxy(u('http://c:4318/'), 'c:4318'), true);
    assert.equal(isNoProxy(u('http://c:4318/'), 'c:9999'), false);
    assert.equal(isNoProxy(u('https://c/'), 'c:443'), true);
    assert.equal(isNoProxy(u('http://[::1]:4318/'), '[::1]:4318'), true);
    assert.equal(isNoProxy(u('http://[::1]:4318/'), '::1'), true);
    assert.equal(isNoProxy(u('http://c/'), undefined), false);
    assert.equal(selectProxy('http://127.0.0.1:4318/', { HTTP_PROXY: 'http://p:1', NO_PROXY: '127.0.0.1' }), undefined);
    assert.equal(selectProxy('http://127.0.0.1:4318/', { HTTP_PROXY: 'http://p:1', no_proxy: 'localhost' }), 'http://p:1/');
  });
});

describe('exporting through a proxy', () => {
  let r: Receiver;
  let proxy: TestProxy;

  it('sends through the HTTP_PROXY given in the env option', async () => {
    r = await startReceiver();
    proxy = await startProxy();
    closeAfter(r, proxy);
    const ex = createOtlpHttpExporter(dest(`${r.url}/v1/traces`), encoder(), { env: { HTTP_PROXY: proxy.url } });
    const res = await ex.export(recs(5), Date.now() + 5000, new AbortController().signal);
    assert.equal(res.exported, 5);
    assert.equal(r.counts().traces, 5);
    assert.equal(proxy.seen.length, 1);
    assert.match(proxy.seen[0]!, new RegExp(`127\\.0\\.0\\.1:${r.port}`));
    await ex.shutdown();
  });

  it('connects directly when NO_PROXY matches', async () => {
    const before = proxy.seen.length;
    const ex = createOtlpHttpExporter(dest(`${r.url}/v1/traces`), encoder(), { env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } });
    const res = await ex.export(recs(2), Date.now() + 5000, new AbortController().signal);
    assert.equal(res.exported, 2);
    assert.equal(proxy.seen.length, before);
    await ex.shutdown();
  });

  it('retries and counts the drop when the proxy is unreachable', async () => {
    const ex = createOtlpHttpExporter(dest(`${r.url}/v1/traces`), encoder(), { env: { HTTP_PROXY: 'http://127.0.0.1:9' }, retry: { initialMs: 10, maxMs: 20 } });
    const res = await ex.export(recs(2), Date.now() + 300, new AbortController().signal);
    assert.equal(res.dropped, 2);
    assert.equal(res.reason, 'retries_exhausted');
    await ex.shutdown();
  });
});
