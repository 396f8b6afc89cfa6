// `otlp-lite receive --ui` end to end: the CLI as a child process, data sent by otlp-lite and by
// the official SDK's OTLP exporters, the page in headless Chromium (Debian's `chromium`, driven by
// playwright-core). Asserts what a person sees: the waterfall's nesting, a log body, a metric's
// name and value, a span sent after the page loaded showing up without a reload, and a hostile
// attribute rendered as text with no dialog fired.
// Skipped (with the reason) only when Chromium is missing outside CI; in CI a missing Chromium
// fails. OTLP_LITE_UI_SCREENSHOT=path also saves a screenshot of the traces view there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context as otelContext, trace as otelTrace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { OtelProvider } from '../../lib/index.ts';
import { failOnUnhandledRejection } from '../helpers/guard.ts';
import { postJson, startCli, type Cli } from '../cli/support.ts';

failOnUnhandledRejection();

const CHROMIUM = process.env['OTLP_LITE_CHROMIUM'] ?? '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror=alert(1)>';
const skip = !existsSync(CHROMIUM) && !process.env['CI'] ? `no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)` : false;

/** One span as plain OTLP/JSON, for the span sent after the page loaded. */
function lateSpan(name: string): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'late-svc' } }] },
      scopeSpans: [{
        spans: [{
          traceId: 'abcdefabcdefabcdefabcdefabcdef01', spanId: 'abcdefabcdef0001', name, kind: 1,
          startTimeUnixNano: String(now), endTimeUnixNano: String(now + 5_000_000n),
        }],
      }],
    }],
  });
}

/** Waits until `loc` matches exactly `n` elements. */
async function waitForCount(loc: Locator, n: number, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await loc.count();
    if (count === n) return;
    if (Date.now() > deadline) assert.fail(`expected ${n} element(s) for ${String(loc)}, found ${count}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the waterfall shows: name and depth of each row, in order. */
function waterfallRows(page: Page): Promise<{ name: string; depth: number; indent: number }[]> {
  // Runs in the page (no DOM types in this project: structural types instead).
  type Row = { dataset: Record<string, string | undefined>; querySelector(s: string): { textContent: string | null } | null };
  return page.$$eval('#waterfall .row', (rows) => {
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { paddingLeft: string } }).getComputedStyle;
    return (rows as unknown as Row[]).map((r) => ({
      name: r.querySelector('.name')?.textContent ?? '',
      depth: Number(r.dataset['depth']),
      indent: parseFloat(style(r.querySelector('.label')).paddingLeft),
    }));
  });
}

describe('otlp-lite receive --ui in a browser', { skip }, () => {
  let cli: Cli | undefined;
  let url = '';
  let launching: Promise<BrowserContext> | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let profile = '';
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium is required in CI but missing at ${CHROMIUM}`);
    // Chromium starts while the receiver starts and the data is sent.
    profile = mkdtempSync(join(tmpdir(), 'otlp-lite-chromium-'));
    launching = chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1360, height: 820 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    launching.catch(() => {}); // awaited below; a failure must not surface as unhandled first
    cli = startCli(['receive', '--ui', '--port', '0', '--quiet', '--ui-max-traces', '50']);
    url = (await cli.waitForStdout(/live viewer on (http:\/\/127\.0\.0\.1:\d+)\//))[1]!;

    // otlp-lite: a three-level trace with an event and the hostile attribute, a log, a counter.
    const provider = OtelProvider.from(
      {
        environment: 'spec',
        serviceName: 'lite-svc',
        exporter: { kind: 'otlp-http', endpoint: `${url}/v1/logs`, protocol: 'json' },
        traceExporter: { kind: 'otlp-http', endpoint: `${url}/v1/traces`, protocol: 'json' },
        metricsExporter: { kind: 'otlp-http', endpoint: `${url}/v1/metrics`, protocol: 'json' },
      },
      { env: {}, beforeExitFlush: false },
    )!;
    const tracer = provider.tracer;
    await tracer.startActiveSpan('lite-root', { attributes: { 'lite.key': 'lite-value' } }, async (root) => {
      await tracer.startActiveSpan('lite-child', { kind: 'client' }, async (child) => {
        const grand = tracer.startSpan('lite-grandchild', { attributes: { hostile: HOSTILE } });
        grand.addEvent('lite-event', { step: 1 });
        await new Promise((r) => setTimeout(r, 5));
        grand.end();
        child.end();
      });
      provider.logger.emit({ eventName: 'lite.event', severityNumber: 9, severityText: 'INFO', body: 'lite log body', attributes: { hostile: HOSTILE } });
      provider.logger.emit({ severityNumber: 17, severityText: 'ERROR', body: HOSTILE });
      root.end();
    });
    provider.metrics!.counter('spec.requests', 3, { route: 'home' });
    const shut = await provider.shutdown();
    assert.equal(shut.timedOut, false);

    // The official SDK: a two-level trace, a log record and a counter over OTLP/HTTP.
    const resource = resourceFromAttributes({ 'service.name': 'sdk-svc' });
    const tp = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))] });
    const sdkTracer = tp.getTracer('spec-sdk');
    const sdkRoot = sdkTracer.startSpan('sdk-root');
    sdkTracer.startSpan('sdk-child', {}, otelTrace.setSpan(otelContext.active(), sdkRoot)).end();
    sdkRoot.end();
    const lp = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${url}/v1/logs` }) })] });
    lp.getLogger('spec-sdk').emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'sdk log body' });
    const mp = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${url}/v1/metrics` }), exportIntervalMillis: 60_000 })] });
    mp.getMeter('spec-sdk').createCounter('sdk.counter').add(5, { source: 'sdk' });
    await Promise.all([tp.shutdown(), lp.shutdown(), mp.shutdown()]);

    browser = await launching;
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(8000);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${url}/`);
    await page.locator('#status[data-state="live"]').waitFor();
  });

  after(async () => {
    await (browser ?? (await launching?.catch(() => undefined)))?.close();
    if (profile !== '') rmSync(profile, { recursive: true, force: true });
    if (cli !== undefined && cli.child.exitCode === null) {
      cli.child.kill('SIGTERM');
      const exit = await cli.exited;
      assert.equal(exit.code, 0, cli.stderr());
      assert.equal(cli.stderr(), '');
    }
  });

  it('lists both traces and shows the otlp-lite one as a nested waterfall with its event', async () => {
    await page.locator('#trace-list .item', { hasText: 'sdk-root' }).waitFor();
    await page.locator('#trace-list .item', { hasText: 'lite-root' }).click();
    await page.locator('#waterfall .row .name', { hasText: 'lite-grandchild' }).waitFor();
    const rows = await waterfallRows(page);
    assert.deepEqual(rows.map((r) => [r.name, r.depth]), [['lite-root', 0], ['lite-child', 1], ['lite-grandchild', 2]]);
    assert.ok(rows[0]!.indent < rows[1]!.indent && rows[1]!.indent < rows[2]!.indent, `indented by depth: ${JSON.stringify(rows)}`);
    assert.equal(await page.locator('#waterfall .row[data-depth="2"] .tick').count(), 1, 'one event tick on lite-grandchild');
    // The SDK's trace nests too.
    await page.locator('#trace-list .item', { hasText: 'sdk-root' }).click();
    await page.locator('#waterfall .row .name', { hasText: 'sdk-child' }).waitFor();
    assert.deepEqual((await waterfallRows(page)).map((r) => [r.name, r.depth]), [['sdk-root', 0], ['sdk-child', 1]]);
  });

  it('finds a trace by attribute, and shows the hostile attribute as literal text on selection', async () => {
    await page.fill('#trace-search', 'lite.key=lite-value');
    await waitForCount(page.locator('#trace-list .item'), 1);
    assert.match((await page.locator('#trace-list .item').textContent()) ?? '', /lite-root/);
    await page.locator('#trace-list .item').click();
    await page.fill('#trace-search', '');
    await page.locator('#waterfall .row', { hasText: 'lite-grandchild' }).click();
    const card = page.locator('#span-card');
    await card.waitFor();
    const hostileRow = card.locator('.kv tr', { hasText: 'hostile' });
    assert.equal(await hostileRow.locator('td').nth(1).textContent(), HOSTILE);
    assert.equal(await page.locator('img').count(), 0, 'no element was created from received text');
    assert.match((await card.textContent()) ?? '', /service\.namelite-svc/);
    assert.deepEqual(dialogs, []);
  });

  it('shows log records with body, severity filter and a link to their trace', async () => {
    await page.click('.tab[data-tab="logs"]');
    const rows = page.locator('#log-rows tr');
    await rows.filter({ hasText: 'lite log body' }).waitFor();
    await rows.filter({ hasText: 'sdk log body' }).waitFor();
    assert.equal(await rows.filter({ hasText: HOSTILE }).count(), 1, 'the hostile body is a row of text');
    await page.selectOption('#log-severity', '17');
    await waitForCount(page.locator('#log-rows tr'), 1);
    assert.equal(await page.locator('#log-rows td.body').textContent(), HOSTILE);
    await page.selectOption('#log-severity', '0');
    await page.fill('#log-search', 'lite log');
    await waitForCount(page.locator('#log-rows tr'), 1);
    await page.locator('#log-rows tr button.link').click();
    await page.locator('#view-traces:not([hidden])').waitFor();
    assert.match((await page.locator('#waterfall .wf-head').textContent()) ?? '', /lite-root/);
    assert.equal(await page.locator('img').count(), 0);
  });

  it('shows each metric with its latest value and a chart', async () => {
    await page.click('.tab[data-tab="metrics"]');
    await page.locator('#metric-list .item', { hasText: 'spec.requests' }).click();
    await page.locator('#metric-detail h2', { hasText: 'spec.requests' }).waitFor();
    await waitForCount(page.locator('#metric-detail tbody tr'), 1);
    const latest = await page.locator('#metric-detail tbody tr td').allTextContents();
    assert.match(latest[0]!, /route=home/);
    assert.equal(latest[2], '3');
    assert.ok((await page.locator('#metric-detail svg.chart circle').count()) >= 1, 'the chart plots the point');
    await page.locator('#metric-list .item', { hasText: 'sdk.counter' }).click();
    await page.locator('#metric-detail h2', { hasText: 'sdk.counter' }).waitFor();
    assert.match((await page.locator('#metric-detail tbody tr').first().textContent()) ?? '', /source=sdk.*5/);
  });

  it('shows a span sent after the page loaded, without a reload', async () => {
    await page.click('.tab[data-tab="traces"]');
    await page.evaluate(() => Object.assign(globalThis, { loadedOnce: true }));
    const res = await postJson(`${url}/v1/traces`, lateSpan('late-span'));
    assert.equal(res.status, 200);
    await page.locator('#trace-list .item', { hasText: 'late-span' }).waitFor();
    assert.equal(await page.evaluate(() => (globalThis as { loadedOnce?: boolean }).loadedOnce), true, 'same document: no reload');
    const shot = process.env['OTLP_LITE_UI_SCREENSHOT'];
    if (shot) {
      await page.locator('#trace-list .item', { hasText: 'lite-root' }).click();
      await page.locator('#waterfall .row', { hasText: 'lite-grandchild' }).click();
      await page.screenshot({ path: shot });
    }
    assert.deepEqual(dialogs, []);
    assert.deepEqual(pageErrors, []);
  });
});
