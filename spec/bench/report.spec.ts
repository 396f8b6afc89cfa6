// The bench suite's report writers (bench/report.ts) on a fixed results object: the markdown
// targets table says PASS/MISS plainly, the SVG is well-formed with one bar per ratio. No timing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartMetrics, renderJson, renderMarkdown, renderSvg, TARGETS, targetRows, verdict, type SuiteResults } from '../../bench/report.ts';

const one = (v: number) => ({ median: v, min: v, max: v });

function fixture(): SuiteResults {
  return {
    info: {
      date: '2026-01-02T03:04:05.000Z',
      runtime: 'node',
      nodeVersion: 'v20.20.2',
      platform: 'linux x64',
      cpu: 'Test CPU <fast> & "cool"',
      cores: 2,
      loadAvg: [1.5, 1.2, 1],
      quick: false,
      command: 'npm run bench',
      commit: 'abc1234',
      totalMs: 61_000,
      selected: ['encode', 'metrics', 'cold-start', 'bundle', 'dead-collector'],
    },
    workloads: [
      {
        id: 'encode', nums: '1-2', title: 'encode', file: 'bench/encode.bench.ts', status: 'ok', durationMs: 9000, ranAt: '2026-01-02T03:04:05.000Z', quick: false,
        metrics: [
          { name: 'encode 10k spans', unit: 'ns/item', ours: { median: 1500, min: 1400, max: 1700 }, sdk: { median: 20000, min: 19000, max: 21000 }, ratio: { median: 0.075, min: 0.07, max: 0.09, vs: 'sdk' }, targetId: 'encode-spans-sdk' },
          { name: 'encode 10k spans', unit: 'ns/item', ours: { median: 1500, min: 1400, max: 1700 }, floor: { median: 1300, min: 1250, max: 1400 }, ratio: { median: 1.15, min: 1.1, max: 1.2, vs: 'floor' }, targetId: 'encode-spans-floor' },
          { name: 'encode 10k logs | pipes', unit: 'ns/item', ours: one(800), sdk: one(9000), ratio: { ...one(0.089), vs: 'sdk' } },
        ],
      },
      {
        id: 'metrics', nums: '4', title: 'metrics', file: 'bench/metrics.bench.ts', status: 'ok', durationMs: 8000, ranAt: '2026-01-02T03:04:05.000Z', quick: false,
        metrics: [
          { name: 'counter per-call', unit: 'ns/item', ours: one(90), sdk: one(1100), ratio: { median: 0.082, min: 0.07, max: 0.1, vs: 'sdk' }, targetId: 'metrics-per-call' },
          { name: 'counter bound', unit: 'ns/item', ours: one(30), sdk: one(1100), ratio: { median: 0.027, min: 0.02, max: 0.03, vs: 'sdk' }, targetId: 'metrics-bound' },
        ],
      },
      { id: 'cold-start', nums: '6', title: 'cold start', file: 'bench/cold-start.bench.ts', status: 'not-run', error: 'Error: boom <here>', durationMs: 10, ranAt: '2026-01-02T03:04:05.000Z', quick: false, metrics: [] },
      {
        id: 'bundle', nums: '8', title: 'bundle', file: 'bench/bundle.bench.ts', status: 'ok', durationMs: 900, ranAt: '2026-01-02T03:04:05.000Z', quick: false,
        metrics: [{ name: 'ESM bundle, minified', unit: 'bytes', ours: one(20_000), sdk: one(140_000), ratio: { ...one(20 / 140), vs: 'sdk' }, targetId: 'bundle' }],
      },
      {
        id: 'dead-collector', nums: '10', title: 'dead collector', file: 'bench/dead-collector.bench.ts', status: 'ok', durationMs: 20_000, ranAt: '2026-01-02T03:04:05.000Z', quick: false,
        metrics: [{ name: 'exit with defaults', unit: 's', ours: { median: 2.05, min: 2.01, max: 2.1 }, sdk: { median: 9.1, min: 9, max: 9.3 }, ratio: { median: 0.225, min: 0.22, max: 0.23, vs: 'sdk' }, targetId: 'dead-collector' }],
      },
      {
        id: 'e2e', nums: '5', title: 'e2e', file: 'bench/e2e.bench.ts', status: 'ok', durationMs: 30_000, ranAt: '2026-01-01T00:00:00.000Z', quick: true,
        metrics: [{ name: 'items lost', unit: 'items', ours: one(3), sdk: one(45_000), targetId: 'loss' }],
      },
    ],
  };
}

/** Minimal XML well-formedness check: balanced tags, quoted attributes, escaped text. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    assert.doesNotMatch(text, />/, `raw '>' in text near ${JSON.stringify(text.slice(0, 40))}`);
    assert.doesNotMatch(text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, ''), /&/, `unescaped '&' in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    assert.ok(m, `malformed tag at ${lt}: ${JSON.stringify(body.slice(lt, lt + 60))}`);
    const [whole, closing, name, attrs, selfClosing] = m;
    assert.doesNotMatch(attrs!.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, ''), /&/, `unescaped '&' in attributes of <${name}>`);
    if (closing === '/') assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (selfClosing !== '/') stack.push(name!);
    i = lt + whole.length;
  }
  assert.deepEqual(stack, [], `unclosed elements: ${stack.join(', ')}`);
}

describe('bench report writers', () => {
  it('judges ratio targets on the ratio median and absolute targets on our median', () => {
    const r = fixture();
    const [spans, floor] = r.workloads[0]!.metrics;
    assert.equal(verdict(spans!), 'PASS');
    assert.equal(verdict(floor!), 'MISS');
    assert.equal(verdict(r.workloads[4]!.metrics[0]!), 'PASS'); // 2.05 s ≤ 2.2 s
    assert.equal(verdict(r.workloads[5]!.metrics[0]!), 'MISS'); // loss 3 ≠ 0
    assert.equal(verdict(r.workloads[0]!.metrics[2]!), 'n/a');
  });

  it('lists every target of the issue, with a NOT RUN row for workloads that did not run', () => {
    const rows = targetRows(fixture());
    for (const t of TARGETS) assert.ok(rows.some((r) => r.row.id === t.id), t.id);
    const cold = rows.find((r) => r.row.id === 'cold-start')!;
    assert.equal(cold.verdict, 'not run');
    assert.equal(rows.find((r) => r.row.id === 'create-end')!.verdict, 'not run');
  });

  it('writes the markdown targets table with each target and PASS/MISS plainly', () => {
    const md = renderMarkdown(fixture());
    const table = md.slice(md.indexOf('## Targets'), md.indexOf('## Details'));
    const lines = table.split('\n').filter((l) => l.startsWith('| '));
    assert.equal(lines[0], '| workload | target | measured | result |');
    assert.ok(lines.includes('| encode spans: encode 10k spans | ≤ 0.2× the SDK | 0.075× (0.070× – 0.090×) | PASS |'), table);
    assert.ok(lines.includes('| encode spans vs floor: encode 10k spans | ≤ 1.0× the JSON.stringify floor | 1.15× (1.10× – 1.20×) vs floor | **MISS** |'), table);
    assert.ok(lines.includes('| dead collector: exit with defaults | ≤ 2.2 s | 2.05 s (2.01 – 2.10) | PASS |'), table);
    assert.ok(lines.includes('| bundle: ESM bundle, minified | ≤ 0.5× the SDK ESM bundle (no banner, no externals) | 0.143× (7.0× smaller) | PASS |'), table);
    assert.ok(lines.some((l) => l.startsWith('| cold start, unbundled | ≤ 0.05× | not run: Error: boom &lt;here&gt; | **NOT RUN** |')), table);
    assert.ok(lines.some((l) => l.startsWith('| loss: items lost | 0 | 3 items | **MISS** |')), table);
    assert.match(md, /Runtime: node v20\.20\.2 on linux x64; CPU: Test CPU &lt;fast&gt; & "cool" × 2/);
    assert.match(md, /Merged from earlier runs: e2e \(2026-01-01T00:00:00\.000Z, quick\)/);
    assert.match(md, /encode 10k logs \\\| pipes/, 'pipes in names are escaped in table cells');
    assert.match(md, /!\[ratios vs targets\]\(latest\.svg\)/);
  });

  it('draws a well-formed SVG with exactly one bar per ratio and a target tick per ratio target', () => {
    const r = fixture();
    const svg = renderSvg(r);
    assertWellFormed(svg);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const ratios = r.workloads.flatMap((w) => w.metrics).filter((m) => m.ratio !== undefined);
    assert.equal(ratios.length, 7);
    assert.equal(chartMetrics(r).length, ratios.length);
    assert.equal(svg.match(/<rect class="bar"/g)?.length, ratios.length);
    // dead collector's target is absolute (seconds), so it has no tick on the ratio axis
    assert.equal(svg.match(/<line class="target"/g)?.length, 5);
    assert.match(svg, /Test CPU &lt;fast&gt; &amp; &quot;cool&quot;/);
    assert.match(svg, /fill="#d1342f"/, 'a MISS bar is red');
  });

  it('reports alternatives kept side by side without charting or judging them', () => {
    const r = fixture();
    const bars = renderSvg(r).match(/<rect class="bar"/g)?.length;
    r.workloads[0]!.metrics.push({ name: 'encode 10k spans [alt: Buffer.from]', unit: 'ns/item', ours: one(3000), sdk: one(20000), ratio: { ...one(0.15), vs: 'sdk' }, alt: true });
    assert.equal(renderSvg(r).match(/<rect class="bar"/g)?.length, bars);
    assert.match(renderMarkdown(r), /\| encode 10k spans \[alt: Buffer\.from\] \| 3\.00 µs\/item \| 20\.0 µs\/item \| — \| 0\.150× \| {2}\|/);
  });

  it('merges the vs-SDK and vs-floor figures of one case into one detail row', () => {
    const md = renderMarkdown(fixture());
    const rows = md.split('\n').filter((l) => l.startsWith('| encode 10k spans |'));
    assert.deepEqual(rows, [
      '| encode 10k spans | 1.50 µs/item (1.40 – 1.70) | 20.0 µs/item (19.0 – 21.0) | 1.30 µs/item (1.25 – 1.40) | 0.075× (0.070× – 0.090×); 1.15× (1.10× – 1.20×) vs floor | ≤ 0.2× the SDK: PASS; ≤ 1.0× the JSON.stringify floor: **MISS** |',
    ]);
  });

  it('judges the exit lag in ms on our median and the first-use targets on the ratio', () => {
    const r = fixture();
    r.workloads.push({
      id: 'exit-lag', nums: '', title: 'first use and exit lag', file: 'bench/exit-lag.bench.ts', status: 'ok', durationMs: 1000, ranAt: '2026-01-02T03:04:05.000Z', quick: true,
      metrics: [
        { name: 'exit lag, node20', unit: 'ms', ours: { median: 8, min: 6, max: 30 }, sdk: one(12), ratio: { ...one(0.66), vs: 'sdk' }, targetId: 'exit-lag' },
        { name: 'exit lag, bun', unit: 'ms', ours: { median: 14, min: 9, max: 20 }, targetId: 'exit-lag' },
        { name: 'first emit, node20', unit: 'ms', ours: one(3), sdk: one(2), ratio: { ...one(1.5), vs: 'sdk' }, targetId: 'first-emit' },
      ],
    });
    const [node20, bun, first] = r.workloads.at(-1)!.metrics;
    assert.deepEqual([verdict(node20!), verdict(bun!), verdict(first!)], ['PASS', 'MISS', 'MISS']);
    const md = renderMarkdown(r);
    assert.ok(md.includes('| exit lag after shutdown(): exit lag, bun | ≤ 10 ms | 14 ms (9 – 20) | **MISS** |'), md);
    assert.match(md, /\| shutdown\(\), one export per signal \| ≤ 1\.0× the SDK's \| not measured \| \*\*NOT RUN\*\* \|/);
  });

  it('draws a valid SVG when nothing was measured', () => {
    const r = fixture();
    r.workloads = [];
    const svg = renderSvg(r);
    assertWellFormed(svg);
    assert.equal(svg.match(/<rect class="bar"/g), null);
    assert.match(renderMarkdown(r), /\*\*NOT RUN\*\*/);
  });

  it('writes JSON that round-trips', () => {
    const r = fixture();
    assert.deepEqual(JSON.parse(renderJson(r)), r);
  });
});
