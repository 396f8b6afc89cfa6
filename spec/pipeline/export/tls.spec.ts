import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createOtlpHttpExporter } from '../../../lib/pipeline/export/otlp-http-exporter.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { startReceiver, type Receiver } from '../../helpers/receiver.ts';
import { generateCerts, type TestCerts } from '../certs.ts';
import { startProxy } from '../proxy-server.ts';
import { dest, encoder, heldOpenClosing, recs } from '../support.ts';

failOnUnhandledRejection();

const closeAfter = heldOpenClosing();

const never = new AbortController().signal;
const fast = { retry: { initialMs: 20, maxMs: 50 } };

describe('TLS', () => {
  let certs: TestCerts;
  let mtls: Receiver;

  before(async () => {
    certs = generateCerts();
    mtls = await startReceiver({ tls: { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca, requestCert: true } });
    closeAfter(mtls);
  });

  it('delivers over mTLS with the configured CA and client certificate', async () => {
    const ex = createOtlpHttpExporter(dest(`${mtls.url}/v1/traces`, { tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } }), encoder(), fast);
    const res = await ex.export(recs(4), Date.now() + 5000, never);
    assert.equal(res.exported, 4, res.error?.message);
    assert.equal(mtls.counts().traces, 4);
    await ex.shutdown();
  });

  it('is refused by a server that requires a client certificate when none is configured', async () => {
    const before = mtls.requests.length;
    const ex = createOtlpHttpExporter(dest(`${mtls.url}/v1/traces`, { tls: { ca: certs.ca } }), encoder(), fast);
    const res = await ex.export(recs(2), Date.now() + 500, never);
    assert.equal(res.exported, 0);
    assert.equal(res.dropped, 2);
    assert.equal(mtls.requests.length, before);
    assert.ok(mtls.tlsErrors > 0);
    await ex.shutdown();
  });

  it('trusts only the configured CA: a server certificate from another CA fails without retries', async () => {
    const other = await startReceiver({ tls: { key: certs.otherServerKey, cert: certs.otherServerCert } });
    closeAfter(other);
    const ex = createOtlpHttpExporter(dest(`${other.url}/v1/traces`, { tls: { ca: certs.ca } }), encoder(), fast);
    const res = await ex.export(recs(2), Date.now() + 2000, never);
    assert.equal(res.dropped, 2);
    assert.equal(res.reason, 'non_retryable');
    assert.equal(res.requests, 1);
    assert.match(res.error?.message ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/i);
    assert.equal(other.requests.length, 0);
    await ex.shutdown();
    // …and the same server is reachable when its own CA is the configured one.
    const ok = createOtlpHttpExporter(dest(`${other.url}/v1/traces`, { tls: { ca: certs.otherCa } }), encoder(), fast);
    assert.equal((await ok.export(recs(1), Date.now() + 2000, never)).exported, 1);
    await ok.shutdown();
  });

  it('tunnels https through HTTPS_PROXY with the configured CA and client certificate', async () => {
    const proxy = await startProxy();
    closeAfter(proxy);
    const d = dest(`${mtls.url}/v1/logs`, { signal: 'logs', tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } });
    const ex = createOtlpHttpExporter(d, encoder('logs'), { ...fast, env: { HTTPS_PROXY: proxy.url } });
    const res = await ex.export(recs(3), Date.now() + 5000, never);
    assert.equal(res.exported, 3, res.error?.message);
    // One tunnel per connection: a retry on a loaded machine may open a second one, to the same place.
    assert.ok(proxy.seen.length >= 1);
    for (const s of proxy.seen) assert.equal(s, `CONNECT 127.0.0.1:${mtls.port}`);
    // At least once: a retry after a timed-out attempt that did arrive resends the whole batch.
    const delivered = mtls.counts().logs;
    assert.ok(delivered >= 3 && delivered % 3 === 0, `delivered ${delivered}`);
    await ex.shutdown();
  });
});
