// Suite report writers: the normalized result shapes every workload is adapted to, the targets
// table (issue 8), PASS/MISS verdicts, and the three outputs (latest.json / latest.md / latest.svg).
// Pure functions of a SuiteResults object: no I/O, no timing, so spec/bench/report.spec.ts can pin them.

/** Median and min-max spread over the measured rounds. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** A goal for one metric. `ratio` targets compare `ratio.median`; `absolute` ones compare `ours.median`. */
export interface Target {
  op: '<=' | '>=' | '==';
  value: number;
  kind: 'ratio' | 'absolute';
}

/** One measured figure of a workload, for otlp-lite and (usually) the SDK. */
export interface Metric {
  /** What was measured, e.g. "encode 10k spans". */
  name: string;
  /** Unit of ours/sdk/floor: 'ns/item', 'ms', 's', 'bytes', 'files', 'packages', 'items', 'MB', '%'. */
  unit: string;
  ours?: Spread;
  sdk?: Spread;
  floor?: Spread;
  /** Paired per-round ratio ours / `vs` (< 1 = otlp-lite smaller or faster). */
  ratio?: Spread & { vs: 'sdk' | 'floor' };
  /** Row of TARGETS this metric is judged against. */
  targetId?: string;
  /** An alternative implementation kept side by side in a bench: reported, not charted or judged. */
  alt?: boolean;
  note?: string;
}

/** One workload's outcome. A workload that is missing, throws or times out is `not-run`. */
export interface WorkloadResult {
  id: string;
  /** Workload numbers in issue 8 ("1-2", "9"…), "" for extras. */
  nums: string;
  title: string;
  file: string;
  status: 'ok' | 'not-run';
  error?: string;
  durationMs: number;
  /** ISO date of the run that produced this workload (results of a filtered run are merged). */
  ranAt: string;
  quick: boolean;
  metrics: Metric[];
  /** What the workload module returned, before adaptation. */
  raw?: unknown;
}

/** Machine and run labels. */
export interface RunInfo {
  date: string;
  runtime: string;
  nodeVersion: string;
  platform: string;
  cpu: string;
  cores: number;
  loadAvg: number[];
  quick: boolean;
  command: string;
  commit: string;
  totalMs: number;
  /** Workloads run by this invocation (others in `workloads` were merged from an earlier run). */
  selected: string[];
}

export interface SuiteResults {
  info: RunInfo;
  workloads: WorkloadResult[];
}

/** One row of the issue-8 targets table. */
export interface TargetRow {
  id: string;
  workload: string;
  label: string;
  /** The target as the README states it. */
  text: string;
  /** Compact form for the chart. */
  short: string;
  target: Target;
}

/** The targets (issue 8; bundle, cold start, CLI, first use and exit lag as revised by issue 14), in the README's order. */
export const TARGETS: readonly TargetRow[] = [
  { id: 'encode-spans-sdk', workload: 'encode', label: 'encode spans', text: '≤ 0.2× the SDK', short: '≤ 0.2×', target: { op: '<=', value: 0.2, kind: 'ratio' } },
  { id: 'encode-spans-floor', workload: 'encode', label: 'encode spans vs floor', text: '≤ 1.0× the JSON.stringify floor', short: '≤ 1.0× floor', target: { op: '<=', value: 1.0, kind: 'ratio' } },
  { id: 'create-end', workload: 'trace', label: 'create + end', text: '≤ 0.2×', short: '≤ 0.2×', target: { op: '<=', value: 0.2, kind: 'ratio' } },
  { id: 'metrics-per-call', workload: 'metrics', label: 'per-call metrics', text: '≤ 0.2×', short: '≤ 0.2×', target: { op: '<=', value: 0.2, kind: 'ratio' } },
  { id: 'metrics-bound', workload: 'metrics', label: 'bound metrics', text: '≤ 0.04×', short: '≤ 0.04×', target: { op: '<=', value: 0.04, kind: 'ratio' } },
  { id: 'e2e-cpu', workload: 'e2e', label: 'end-to-end CPU', text: '≤ 0.2×', short: '≤ 0.2×', target: { op: '<=', value: 0.2, kind: 'ratio' } },
  { id: 'loss', workload: 'e2e', label: 'loss', text: '0', short: '= 0', target: { op: '==', value: 0, kind: 'absolute' } },
  { id: 'cold-start', workload: 'cold-start', label: 'cold start, unbundled', text: '≤ 0.05×', short: '≤ 0.05×', target: { op: '<=', value: 0.05, kind: 'ratio' } },
  { id: 'cold-start-bundled', workload: 'cold-start', label: 'cold start, bundled', text: '≤ 0.3× the SDK bundled', short: '≤ 0.3×', target: { op: '<=', value: 0.3, kind: 'ratio' } },
  { id: 'cli-latency', workload: 'cli', label: 'CLI added latency', text: '≤ 0.25×', short: '≤ 0.25×', target: { op: '<=', value: 0.25, kind: 'ratio' } },
  { id: 'cli-bundled', workload: 'cli', label: 'CLI added latency, bundled', text: "≤ 0.5× the SDK's bundled CLI", short: '≤ 0.5×', target: { op: '<=', value: 0.5, kind: 'ratio' } },
  { id: 'dead-collector', workload: 'dead-collector', label: 'dead collector', text: '≤ 2.2 s', short: '≤ 2.2 s', target: { op: '<=', value: 2.2, kind: 'absolute' } },
  { id: 'bundle', workload: 'bundle', label: 'bundle', text: '≤ 0.5× the SDK ESM bundle (no banner, no externals)', short: '≤ 0.5×', target: { op: '<=', value: 0.5, kind: 'ratio' } },
  { id: 'first-emit', workload: 'exit-lag', label: 'first emit in a fresh process', text: "≤ 1.0× the SDK's", short: '≤ 1.0×', target: { op: '<=', value: 1.0, kind: 'ratio' } },
  { id: 'first-shutdown', workload: 'exit-lag', label: 'shutdown(), one export per signal', text: "≤ 1.0× the SDK's", short: '≤ 1.0×', target: { op: '<=', value: 1.0, kind: 'ratio' } },
  { id: 'handoff', workload: 'handoff', label: 'exit hand-off', text: '≤ 0.1× the added wall time without hand-off, everything delivered', short: '≤ 0.1×', target: { op: '<=', value: 0.1, kind: 'absolute' } },
  { id: 'exit-lag', workload: 'exit-lag', label: 'exit lag after shutdown()', text: '≤ 10 ms', short: '≤ 10 ms', target: { op: '<=', value: 10, kind: 'absolute' } },
  { id: 'emit-parent', workload: 'trace', label: 'logger.emit with a parent', text: '≤ 0.33× the SDK with a context', short: '≤ 0.33×', target: { op: '<=', value: 0.33, kind: 'ratio' } },
  { id: 'e2e-vs-floor', workload: 'e2e', label: 'e2e CPU over create + encode', text: '≤ 1.3× (same process)', short: '≤ 1.3× floor', target: { op: '<=', value: 1.3, kind: 'absolute' } },
  { id: 'burst-p999', workload: 'burst', label: 'burst p99.9 per call', text: '≤ 20 µs', short: '≤ 20 µs', target: { op: '<=', value: 20_000, kind: 'absolute' } },
] as const;

export type Verdict = 'PASS' | 'MISS' | 'n/a';

/** The figure a target is judged on: the ratio median, or ours' median for absolute targets. */
export function judgedValue(m: Metric, t: Target): number | undefined {
  return t.kind === 'ratio' ? m.ratio?.median : m.ours?.median;
}

/** PASS/MISS of one metric against its target (n/a when it has no target or no figure). */
export function verdict(m: Metric): Verdict {
  const row = m.targetId === undefined ? undefined : TARGETS.find((t) => t.id === m.targetId);
  if (row === undefined) return 'n/a';
  const v = judgedValue(m, row.target);
  if (v === undefined || !Number.isFinite(v)) return 'n/a';
  const { op, value } = row.target;
  const ok = op === '<=' ? v <= value : op === '>=' ? v >= value : v === value;
  return ok ? 'PASS' : 'MISS';
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** Formats a number with a unit for humans ("1.23 µs", "41.2 KB", "0.118×"). */
export function fmtValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return String(v);
  switch (unit) {
    case 'ns/item':
    case 'ns':
      return fmtNs(v) + (unit === 'ns/item' ? '/item' : '');
    case 'ms':
      return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v >= 100 ? 0 : 1)} ms`;
    case 's':
      return `${v.toFixed(2)} s`;
    case 'bytes':
      return fmtBytes(v);
    case 'x':
      return fmtRatio(v);
    case '%':
      return `${v.toFixed(1)} %`;
    default:
      return `${Number.isInteger(v) ? v.toLocaleString('en-US') : v.toPrecision(4)} ${unit}`.trim();
  }
}

function fmtNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(ns >= 1e4 ? 1 : 2)} µs`;
  return `${ns.toFixed(ns >= 100 ? 0 : 1)} ns`;
}

function fmtBytes(b: number): string {
  if (b >= 1e6) return `${(b / 1e6).toFixed(2)} MB`;
  if (b >= 1e3) return `${(b / 1e3).toFixed(1)} KB`;
  return `${Math.round(b)} B`;
}

/** "0.118×" with enough digits for small ratios. */
export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return `${r}×`;
  const digits = r >= 10 ? 1 : r >= 1 ? 2 : r >= 0.01 ? 3 : 4;
  return `${r.toFixed(digits)}×`;
}

/** Picks one scale for a spread from its median: [divisor, unit label, digits]. */
function scaleFor(v: number, unit: string): [number, string] {
  const a = Math.abs(v);
  switch (unit) {
    case 'ns/item':
    case 'ns': {
      const per = unit === 'ns/item' ? '/item' : '';
      if (a >= 1e9) return [1e9, `s${per}`];
      if (a >= 1e6) return [1e6, `ms${per}`];
      if (a >= 1e3) return [1e3, `µs${per}`];
      return [1, `ns${per}`];
    }
    case 'ms':
      return a >= 1000 ? [1000, 's'] : [1, 'ms'];
    case 'bytes':
      return a >= 1e6 ? [1e6, 'MB'] : a >= 1e3 ? [1e3, 'KB'] : [1, 'B'];
    default:
      return [1, unit];
  }
}

function num(v: number, scaled: boolean): string {
  const a = Math.abs(v);
  if (!scaled && Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2);
}

/** "5.58 µs/item (4.75 – 6.29)": min and max in the median's scale. */
export function fmtSpread(s: Spread | undefined, unit: string): string {
  if (s === undefined) return '—';
  if (unit === 'x') return fmtRatioSpread({ ...s, vs: 'sdk' });
  const [div, label] = scaleFor(s.median, unit);
  const main = `${num(s.median / div, div !== 1)} ${label}`.trim();
  if (s.min === s.max) return main;
  return `${main} (${num(s.min / div, div !== 1)} – ${num(s.max / div, div !== 1)})`;
}

function fmtRatioSpread(r: (Spread & { vs: string }) | undefined): string {
  if (r === undefined) return '—';
  const base = r.min === r.max ? fmtRatio(r.median) : `${fmtRatio(r.median)} (${fmtRatio(r.min)} – ${fmtRatio(r.max)})`;
  return r.vs === 'sdk' ? base : `${base} vs ${r.vs}`;
}

/** Markdown-safe free text: no raw HTML tags. */
function mdText(s: string): string {
  return s.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Markdown-safe table cell. */
function cell(s: string): string {
  return mdText(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Every metric that is judged against a target row, with its verdict. */
export function targetRows(results: SuiteResults): { row: TargetRow; metric: Metric | undefined; workload: WorkloadResult | undefined; verdict: Verdict | 'not run' }[] {
  const out: { row: TargetRow; metric: Metric | undefined; workload: WorkloadResult | undefined; verdict: Verdict | 'not run' }[] = [];
  for (const row of TARGETS) {
    const w = results.workloads.find((x) => x.id === row.workload);
    const ms = w?.metrics.filter((m) => m.targetId === row.id) ?? [];
    if (ms.length === 0) {
      out.push({ row, metric: undefined, workload: w, verdict: 'not run' });
      continue;
    }
    for (const m of ms) out.push({ row, metric: m, workload: w, verdict: verdict(m) });
  }
  return out;
}

function measuredText(m: Metric, row: TargetRow): string {
  if (row.target.kind === 'absolute') return fmtSpread(m.ours, m.unit);
  if (row.id === 'bundle' && m.ratio !== undefined) {
    return `${fmtRatio(m.ratio.median)} (${(1 / m.ratio.median).toFixed(1)}× smaller)`;
  }
  return fmtRatioSpread(m.ratio);
}

// ---------------------------------------------------------------------------------------------
// JSON

/** latest.json: the results object, pretty-printed, with a trailing newline. */
export function renderJson(results: SuiteResults): string {
  return JSON.stringify(results, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v), 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** latest.md: run label, the targets table with PASS/MISS, per-workload detail tables, not-run list. */
export function renderMarkdown(results: SuiteResults): string {
  const { info } = results;
  const lines: string[] = [];
  lines.push('# otlp-lite vs the OpenTelemetry JS SDK: benchmark results', '');
  lines.push(`- Run: ${info.date}${info.quick ? ' (quick mode: fewer, shorter rounds)' : ''}, \`${info.command}\`, commit \`${info.commit}\``);
  lines.push(`- Runtime: ${info.runtime} ${info.nodeVersion} on ${info.platform}; CPU: ${mdText(info.cpu)} × ${info.cores}; load average at start: ${info.loadAvg.map((x) => x.toFixed(2)).join(' / ')}`);
  const merged = results.workloads.filter((w) => !info.selected.includes(w.id));
  if (merged.length > 0) {
    lines.push(`- Merged from earlier runs: ${merged.map((w) => `${w.id} (${w.ranAt}${w.quick ? ', quick' : ''})`).join(', ')}`);
  }
  lines.push('- Ratios are otlp-lite / SDK, paired round by round (median, min – max); below 1 means otlp-lite is faster or smaller.');
  if ((info.loadAvg[0] ?? 0) > info.cores * 0.75) {
    lines.push(`- **The machine was busy when this run started (1-minute load ${(info.loadAvg[0] ?? 0).toFixed(2)} on ${info.cores} cores): timings are noisy.**`);
  }
  lines.push('');

  lines.push('## Targets', '', '| workload | target | measured | result |', '| --- | --- | --- | --- |');
  for (const { row, metric, workload, verdict: v } of targetRows(results)) {
    const label = metric !== undefined && metric.name !== row.label ? `${row.label}: ${metric.name}` : row.label;
    if (metric === undefined) {
      const why = workload?.status === 'not-run' ? `not run: ${workload.error ?? 'unknown error'}` : 'not measured';
      lines.push(`| ${cell(label)} | ${cell(row.text)} | ${cell(why)} | **NOT RUN** |`);
      continue;
    }
    const result = v === 'PASS' ? 'PASS' : v === 'MISS' ? '**MISS**' : 'n/a';
    lines.push(`| ${cell(label)} | ${cell(row.text)} | ${cell(measuredText(metric, row))} | ${result} |`);
  }
  lines.push('', '![ratios vs targets](latest.svg)', '');

  lines.push('## Details', '');
  for (const w of results.workloads) {
    lines.push(`### ${w.nums !== '' ? `${w.nums}. ` : ''}${w.title} (\`${w.file}\`)`, '');
    if (w.status === 'not-run') {
      lines.push(`Not run: ${mdText(w.error ?? 'unknown error')}`, '');
      continue;
    }
    lines.push(`${(w.durationMs / 1000).toFixed(1)} s${w.quick ? ', quick' : ''}.`, '');
    if (w.metrics.length === 0) {
      lines.push('No metrics reported.', '');
      continue;
    }
    // One row per measured case: the vs-SDK and vs-floor metrics of the same case are merged.
    const groups: { name: string; unit: string; ours?: Spread; sdk?: Spread; floor?: Spread; ratios: string[]; targets: string[]; notes: string[] }[] = [];
    for (const m of w.metrics) {
      let g = groups.find((x) => x.name === m.name && x.unit === m.unit && JSON.stringify(x.ours) === JSON.stringify(m.ours));
      if (g === undefined) {
        g = { name: m.name, unit: m.unit, ratios: [], targets: [], notes: [] };
        if (m.ours !== undefined) g.ours = m.ours;
        groups.push(g);
      }
      if (m.sdk !== undefined) g.sdk = m.sdk;
      if (m.floor !== undefined) g.floor = m.floor;
      if (m.ratio !== undefined) g.ratios.push(fmtRatioSpread(m.ratio));
      const row = m.targetId === undefined ? undefined : TARGETS.find((t) => t.id === m.targetId);
      if (row !== undefined) {
        const v = verdict(m);
        g.targets.push(`${row.text}: ${v === 'MISS' ? '**MISS**' : v}`);
      }
      if (m.note !== undefined && m.note !== '' && !g.notes.includes(m.note)) g.notes.push(m.note);
    }
    const hasFloor = groups.some((g) => g.floor !== undefined);
    const hasTarget = groups.some((g) => g.targets.length > 0);
    lines.push(`| metric | otlp-lite | SDK |${hasFloor ? ' floor |' : ''} ratio |${hasTarget ? ' target |' : ''}`);
    lines.push(`| --- | --- | --- |${hasFloor ? ' --- |' : ''} --- |${hasTarget ? ' --- |' : ''}`);
    for (const g of groups) {
      lines.push(
        `| ${cell(g.name)} | ${cell(fmtSpread(g.ours, g.unit))} | ${cell(fmtSpread(g.sdk, g.unit))} |${hasFloor ? ` ${cell(fmtSpread(g.floor, g.unit))} |` : ''} ${cell(g.ratios.join('; ') || '—')} |${hasTarget ? ` ${cell(g.targets.join('; '))} |` : ''}`,
      );
    }
    const notes = groups.filter((g) => g.notes.length > 0);
    if (notes.length > 0) {
      lines.push('');
      for (const g of notes) lines.push(`- ${mdText(g.name)}: ${mdText(g.notes.join('; '))}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// SVG

/** Escapes text for XML content and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The metrics that get a bar: every non-alternative metric with a ratio, in workload order. */
export function chartMetrics(results: SuiteResults): { workload: WorkloadResult; metric: Metric }[] {
  const out: { workload: WorkloadResult; metric: Metric }[] = [];
  for (const w of results.workloads) {
    for (const m of w.metrics) if (m.alt !== true && m.ratio !== undefined && Number.isFinite(m.ratio.median) && m.ratio.median > 0) out.push({ workload: w, metric: m });
  }
  return out;
}

/**
 * latest.svg: a horizontal bar per ratio on a log scale, drawn from parity (1×) to the measured
 * median, with a min-max whisker and a tick at the target. Green = PASS, red = MISS, grey = no target.
 */
export function renderSvg(results: SuiteResults): string {
  const items = chartMetrics(results);
  const rowH = 30;
  const labelOf = ({ workload, metric }: { workload: WorkloadResult; metric: Metric }): string => {
    const full = `${workload.nums !== '' ? `${workload.nums}. ` : ''}${metric.name}${metric.ratio!.vs === 'sdk' ? '' : ` (vs ${metric.ratio!.vs})`}`;
    return full.length > 90 ? `${full.slice(0, 89)}…` : full;
  };
  // ~6.6 px per character at font-size 12 (sans-serif), so long labels are never clipped.
  const labelW = Math.round(Math.min(620, Math.max(220, Math.max(0, ...items.map((it) => labelOf(it).length)) * 6.6 + 24)));
  const plotW = 460;
  const valueW = 250;
  const top = 58;
  const width = labelW + plotW + valueW + 20;
  const height = top + Math.max(1, items.length) * rowH + 52;

  let lo = 0.01;
  let hi = 2;
  for (const { metric } of items) {
    const r = metric.ratio!;
    lo = Math.min(lo, r.min > 0 ? r.min : r.median);
    hi = Math.max(hi, r.max);
    const row = TARGETS.find((t) => t.id === metric.targetId);
    if (row?.target.kind === 'ratio') lo = Math.min(lo, row.target.value);
  }
  const loExp = Math.floor(Math.log10(lo));
  const hiLog = Math.log10(hi * 1.25);
  const hiExp = Math.floor(hiLog);
  const x = (v: number): number => {
    const c = Math.min(Math.max(Math.log10(v), loExp), hiLog);
    return labelW + ((c - loExp) / (hiLog - loExp)) * plotW;
  };
  const n = (v: number): string => v.toFixed(1);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<title>otlp-lite / SDK ratios vs targets (${xmlEscape(results.info.date)})</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="10" y="20" font-size="14" font-weight="bold">otlp-lite / OpenTelemetry JS SDK (log scale; left of 1× = otlp-lite faster or smaller)</text>`);
  out.push(`<text x="10" y="38" fill="#555555">${xmlEscape(`${results.info.runtime} ${results.info.nodeVersion}, ${results.info.cpu} × ${results.info.cores}, ${results.info.date}${results.info.quick ? ', quick' : ''}`)}</text>`);

  // Grid: one line per decade, labelled.
  const plotTop = top - 6;
  const plotBottom = top + items.length * rowH;
  for (let e = loExp; e <= hiExp; e++) {
    const gx = x(10 ** e);
    out.push(`<line x1="${n(gx)}" y1="${plotTop}" x2="${n(gx)}" y2="${plotBottom}" stroke="${e === 0 ? '#333333' : '#dddddd'}" stroke-width="${e === 0 ? 1.5 : 1}"/>`);
    out.push(`<text x="${n(gx)}" y="${plotBottom + 16}" text-anchor="middle" fill="#555555">${xmlEscape(fmtRatio(10 ** e).replace(/\.?0+×$/, '×'))}</text>`);
  }

  items.forEach(({ workload, metric }, i) => {
    const r = metric.ratio!;
    const y = top + i * rowH;
    const v = verdict(metric);
    const fill = v === 'PASS' ? '#2e9e44' : v === 'MISS' ? '#d1342f' : '#8c8c8c';
    const x0 = x(1);
    const x1 = x(r.median);
    const label = labelOf({ workload, metric });
    out.push(`<text x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${xmlEscape(label)}</text>`);
    out.push(`<rect class="bar" x="${n(Math.min(x0, x1))}" y="${y + 6}" width="${n(Math.max(1, Math.abs(x1 - x0)))}" height="${rowH - 12}" fill="${fill}"><title>${xmlEscape(`${label}: ${fmtRatio(r.median)} (${fmtRatio(r.min)} – ${fmtRatio(r.max)})`)}</title></rect>`);
    if (r.min !== r.max) {
      const cy = y + rowH / 2;
      out.push(`<line x1="${n(x(r.min))}" y1="${cy}" x2="${n(x(r.max))}" y2="${cy}" stroke="#222222" stroke-width="1"/>`);
      out.push(`<line x1="${n(x(r.min))}" y1="${cy - 4}" x2="${n(x(r.min))}" y2="${cy + 4}" stroke="#222222" stroke-width="1"/>`);
      out.push(`<line x1="${n(x(r.max))}" y1="${cy - 4}" x2="${n(x(r.max))}" y2="${cy + 4}" stroke="#222222" stroke-width="1"/>`);
    }
    const row = TARGETS.find((t) => t.id === metric.targetId);
    if (row !== undefined && row.target.kind === 'ratio') {
      const tx = x(row.target.value);
      out.push(`<line class="target" x1="${n(tx)}" y1="${y + 2}" x2="${n(tx)}" y2="${y + rowH - 2}" stroke="#1f4fbf" stroke-width="2.5" stroke-dasharray="3,2"/>`);
    }
    let valueText = fmtRatio(r.median);
    if (row !== undefined && row.target.kind === 'absolute' && metric.ours !== undefined) valueText += `, ${fmtValue(metric.ours.median, metric.unit)}`;
    if (v !== 'n/a' && row !== undefined) valueText += ` ${v} (${row.short})`;
    out.push(`<text x="${labelW + plotW + 10}" y="${y + rowH / 2 + 4}" fill="${v === 'MISS' ? '#d1342f' : '#222222'}">${xmlEscape(valueText)}</text>`);
  });
  if (items.length === 0) out.push(`<text x="${labelW}" y="${top + 18}" fill="#555555">no ratios measured</text>`);

  const ly = height - 14;
  out.push(`<rect x="10" y="${ly - 9}" width="10" height="10" fill="#2e9e44"/><text x="24" y="${ly}">PASS</text>`);
  out.push(`<rect x="70" y="${ly - 9}" width="10" height="10" fill="#d1342f"/><text x="84" y="${ly}">MISS</text>`);
  out.push(`<rect x="130" y="${ly - 9}" width="10" height="10" fill="#8c8c8c"/><text x="144" y="${ly}">no target</text>`);
  out.push(`<line x1="215" y1="${ly - 9}" x2="215" y2="${ly + 1}" stroke="#1f4fbf" stroke-width="2.5" stroke-dasharray="3,2"/><text x="222" y="${ly}">target</text>`);
  out.push(`<line x1="275" y1="${ly - 4}" x2="300" y2="${ly - 4}" stroke="#222222"/><text x="306" y="${ly}">min – max over rounds</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
