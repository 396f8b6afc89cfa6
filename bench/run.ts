// The benchmark suite (`npm run bench [-- --quick] [workload…] [--runtime R]`): runs every workload
// module in its own child process (timeout, process-group kill, never crashes the suite), adapts
// each module's result to the normalized Metric shape, and writes bench/results/latest.{json,md,svg}.
// Progress goes to stderr; the targets table is printed to stdout at the end.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './fixtures/build.ts';
import { childCommand, resolveRuntime, RUNTIME_ENV, type Runtime } from './fixtures/runtime.ts';
import {
  renderJson, renderMarkdown, renderSvg, targetRows, fmtRatio, fmtValue, verdict, TARGETS,
  type Metric, type RunInfo, type Spread, type SuiteResults, type WorkloadResult,
} from './report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, 'bench');

// ---------------------------------------------------------------------------------------------
// Workload table

type Adapter = (raw: unknown) => Metric[];

interface Workload {
  id: string;
  nums: string;
  title: string;
  file: string;
  /** Child-process timeout, ms, for quick and full runs. */
  timeoutMs: { quick: number; full: number };
  adapt: Adapter;
  /** Uses dist/ (run.ts builds once before the first such workload). */
  needsBuild?: boolean;
}

/** Every workload, in issue-8 order (SessionTelemetry last, as an extra). */
export const WORKLOADS: readonly Workload[] = [
  { id: 'encode', nums: '1-2', title: 'encode 10,000 spans / 10,000 log records', file: 'encode.bench.ts', timeoutMs: { quick: 60_000, full: 300_000 }, adapt: adaptEncode },
  { id: 'trace', nums: '3', title: 'span create+end, logger.emit', file: 'trace.bench.ts', timeoutMs: { quick: 45_000, full: 240_000 }, adapt: adaptTrace },
  { id: 'metrics', nums: '4', title: 'counter / histogram over 100 attribute sets, per-call and bound, collect + encode', file: 'metrics.bench.ts', timeoutMs: { quick: 60_000, full: 300_000 }, adapt: adaptMetrics },
  { id: 'e2e', nums: '5', title: 'end to end: 100k spans + 100k logs into a loopback receiver', file: 'e2e.bench.ts', timeoutMs: { quick: 90_000, full: 600_000 }, adapt: adaptE2e },
  { id: 'cold-start', nums: '6', title: 'cold start: fresh process, import + provider with three exporters (package entry; both sides bundled)', file: 'cold-start.bench.ts', timeoutMs: { quick: 120_000, full: 400_000 }, adapt: passThrough, needsBuild: true },
  { id: 'footprint', nums: '7', title: 'install footprint (npm install --omit=dev)', file: 'footprint.bench.ts', timeoutMs: { quick: 180_000, full: 300_000 }, adapt: passThrough, needsBuild: true },
  { id: 'bundle', nums: '8', title: 'bundle size: esbuild --bundle --minify --platform=node (ESM and CJS, no banner, no externals)', file: 'bundle.bench.ts', timeoutMs: { quick: 120_000, full: 180_000 }, adapt: passThrough, needsBuild: true },
  { id: 'cli', nums: '9', title: 'short-lived CLI: 1 span + 1 log + 1 counter, flush, exit (unbundled; both sides bundled)', file: 'cli-latency.bench.ts', timeoutMs: { quick: 180_000, full: 400_000 }, adapt: passThrough, needsBuild: true },
  { id: 'exit-lag', nums: '', title: 'first use in a fresh process (first emit, shutdown()) and exit lag after shutdown(), on Node 20/22/24 and Bun', file: 'exit-lag.bench.ts', timeoutMs: { quick: 400_000, full: 900_000 }, adapt: passThrough, needsBuild: true },
  { id: 'dead-collector', nums: '10', title: 'dead collector: time to exit', file: 'dead-collector.bench.ts', timeoutMs: { quick: 90_000, full: 300_000 }, adapt: adaptDeadCollector },
  { id: 'session', nums: '', title: 'SessionTelemetry events', file: 'session.bench.ts', timeoutMs: { quick: 45_000, full: 240_000 }, adapt: adaptGeneric },
  { id: 'protobuf', nums: '', title: 'OTLP protobuf: encode vs the SDK protobuf serializers, protobuf vs JSON (speed, size)', file: 'protobuf.bench.ts', timeoutMs: { quick: 90_000, full: 360_000 }, adapt: adaptGeneric },
  // Judges its own p99.9 metrics (targetId 'burst-p999').
  { id: 'handoff', nums: '', title: 'exit hand-off: short-lived CLI against a slow and a dead collector, with and without shutdown({ handoff: true })', file: 'handoff.bench.ts', timeoutMs: { quick: 180_000, full: 400_000 }, adapt: passThrough, needsBuild: true },
  { id: 'burst', nums: '', title: 'burst latency: span.end() / logger.emit() percentiles during a 100k burst into a loopback collector', file: 'burst.bench.ts', timeoutMs: { quick: 120_000, full: 400_000 }, adapt: passThrough },
];

// ---------------------------------------------------------------------------------------------
// Adapters: each module's run() result → Metric[]. A module may already return the normalized
// shape ({ metrics: Metric[] }); otherwise harness Comparisons (or arrays / records of them) are
// converted generically and the per-workload adapter attaches targets by metric name.

interface HarnessCase { name: string; impl: string; nsPerItem: Spread; rounds?: number }
interface HarnessRatio { name: string; vs: string; median: number; min: number; max: number }
interface HarnessComparison { workload: string; results: HarnessCase[]; ratios: HarnessRatio[] }

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

function isSpread(v: unknown): v is Spread {
  return isObject(v) && typeof v.median === 'number' && typeof v.min === 'number' && typeof v.max === 'number';
}

function isComparison(v: unknown): v is HarnessComparison {
  return isObject(v) && Array.isArray(v.results) && Array.isArray(v.ratios);
}

function isMetric(v: unknown): v is Metric {
  return isObject(v) && typeof v.name === 'string' && typeof v.unit === 'string';
}

/** Lower-cased case name without the implementation words, for pairing ours with the SDK's case. */
function stem(name: string): string {
  return name
    .toLowerCase()
    .replace(/otlp-lite|ours|official|@opentelemetry\S*|sdk|floor|json\.stringify|\+ ?textencoder|\(.*?\)|\[.*?\]/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A comparison's title without its trailing "(ns per span)"-style unit note. */
function cleanTitle(t: string): string {
  return t.replace(/\s*\([^()]*\)\s*$/, '').trim();
}

/** A case name without the implementation word ("otlp-lite encodeTracesToBytes" → "encodeTracesToBytes"). */
function cleanCase(n: string): string {
  return n.replace(/^(otlp-lite|ours)\s*[:-]?\s*/i, '').trim() || n;
}

/**
 * Harness Comparison → one Metric per sensible (ours, sdk|floor) pair. The harness pairs every
 * otlp-lite case with every sdk/floor case of the same compare(); when several exist, keep only
 * the pair whose names match (same stem), else keep them all with the counterpart named. Cases
 * named "alt…" are alternatives kept side by side: reported, flagged `alt`, never judged.
 */
export function comparisonToMetrics(c: HarnessComparison): Metric[] {
  const byName = new Map(c.results.map((r) => [r.name, r] as const));
  const out: Metric[] = [];
  const title = cleanTitle(c.workload);
  const oursCases = c.results.filter((r) => r.impl === 'otlp-lite');
  const primaries = oursCases.filter((r) => !/^alt\b/i.test(r.name));
  const nameFor = (r: HarnessCase): string => {
    if (/^alt\b/i.test(r.name)) return `${title} [${r.name}]`;
    return primaries.length <= 1 ? title : `${title}: ${cleanCase(r.name)}`;
  };
  for (const ours of oursCases) {
    const alt = /^alt\b/i.test(ours.name);
    let any = false;
    for (const impl of ['sdk', 'floor'] as const) {
      let pairs = c.ratios.filter((r) => r.name === ours.name && byName.get(r.vs)?.impl === impl);
      if (pairs.length > 1) {
        const same = pairs.filter((r) => stem(r.vs) === stem(ours.name));
        if (same.length > 0) pairs = same;
      }
      for (const p of pairs) {
        const vsCase = byName.get(p.vs)!;
        const m: Metric = { name: nameFor(ours), unit: 'ns/item', ours: ours.nsPerItem, ratio: { median: p.median, min: p.min, max: p.max, vs: impl } };
        if (impl === 'sdk') m.sdk = vsCase.nsPerItem;
        else m.floor = vsCase.nsPerItem;
        if (pairs.length > 1) m.name += ` vs ${vsCase.name}`;
        if (alt) m.alt = true;
        m.note = `${ours.name} vs ${vsCase.name}`;
        out.push(m);
        any = true;
      }
    }
    if (!any) out.push({ name: nameFor(ours), unit: 'ns/item', ours: ours.nsPerItem, ...(alt ? { alt: true } : {}) });
  }
  return out;
}

/** Finds metrics anywhere in a module result (normalized, Comparison, arrays, records), depth ≤ 4. */
export function collectMetrics(raw: unknown, depth = 0): Metric[] {
  if (depth > 4 || !isObject(raw)) return [];
  if (Array.isArray(raw)) return raw.flatMap((x) => (isMetric(x) && !isComparison(x) ? [x] : collectMetrics(x, depth + 1)));
  if (Array.isArray(raw.metrics) && raw.metrics.every(isMetric)) return raw.metrics as Metric[];
  if (isComparison(raw)) return comparisonToMetrics(raw);
  return Object.values(raw).flatMap((v) => collectMetrics(v, depth + 1));
}

function passThrough(raw: unknown): Metric[] {
  return collectMetrics(raw);
}

function adaptGeneric(raw: unknown): Metric[] {
  return collectMetrics(raw);
}

/**
 * Attaches `targetId` to the FIRST unjudged, non-alternative metric matching each rule
 * (rules: [targetId, vs, test]); repeat a rule to judge several metrics against one target.
 */
function attachTargets(ms: Metric[], rules: readonly [string, 'sdk' | 'floor' | 'any', (m: Metric) => boolean][]): Metric[] {
  if (ms.some((m) => m.targetId !== undefined)) return ms; // the module judged its own metrics
  for (const [id, vs, test] of rules) {
    const m = ms.find((x) => x.targetId === undefined && x.alt !== true && (vs === 'any' || x.ratio?.vs === vs) && test(x));
    if (m !== undefined) m.targetId = id;
  }
  return ms;
}

/** encode (proto-json helper) returns harness Comparisons (spans, logs, quote); spans are judged vs SDK and floor. */
function adaptEncode(raw: unknown): Metric[] {
  return attachTargets(collectMetrics(raw), [
    ['encode-spans-sdk', 'sdk', (m) => /span/i.test(m.name)],
    ['encode-spans-floor', 'floor', (m) => /span/i.test(m.name)],
  ]);
}

function adaptTrace(raw: unknown): Metric[] {
  return attachTargets(collectMetrics(raw), [
    ['create-end', 'sdk', (m) => /8 attributes/.test(m.name)],
    ['emit-parent', 'sdk', (m) => /emit/i.test(m.name) && /parent/i.test(m.name)],
  ]);
}

/** metrics (metrics helper) returns harness Comparisons; counter and histogram are each judged per-call and bound. */
function adaptMetrics(raw: unknown): Metric[] {
  const bound = (m: Metric) => /bound|bind/i.test(m.name) && !/collect|encode|export/i.test(m.name);
  const perCall = (m: Metric) => /per.?call/i.test(m.name) && !/collect|encode|export|bound|bind/i.test(m.name);
  return attachTargets(collectMetrics(raw), [
    ['metrics-bound', 'sdk', (m) => bound(m) && /counter/i.test(m.name)],
    ['metrics-bound', 'sdk', (m) => bound(m) && /histogram/i.test(m.name)],
    ['metrics-per-call', 'sdk', (m) => perCall(m) && /counter/i.test(m.name)],
    ['metrics-per-call', 'sdk', (m) => perCall(m) && /histogram/i.test(m.name)],
  ]);
}

/** e2e (pipeline helper) returns normalized metrics; CPU and loss are judged for spans and for logs. */
function adaptE2e(raw: unknown): Metric[] {
  return attachTargets(collectMetrics(raw), [
    ['e2e-cpu', 'sdk', (m) => /cpu/i.test(m.name) && /span/i.test(m.name)],
    ['e2e-cpu', 'sdk', (m) => /cpu/i.test(m.name) && /log/i.test(m.name)],
    ['loss', 'any', (m) => /\blost\b|\bloss\b/i.test(m.name) && /span/i.test(m.name) && !/queue_full|2048/i.test(m.name)],
    ['loss', 'any', (m) => /\blost\b|\bloss\b/i.test(m.name) && /log/i.test(m.name) && !/queue_full|2048/i.test(m.name)],
    ['e2e-vs-floor', 'any', (m) => /create \+ encode alone/.test(m.name) && /span/i.test(m.name)],
    ['e2e-vs-floor', 'any', (m) => /create \+ encode alone/.test(m.name) && /log/i.test(m.name)],
  ]);
}

/** dead-collector (pipeline helper) returns normalized metrics; exit time with defaults is judged per scenario. */
function adaptDeadCollector(raw: unknown): Metric[] {
  const exitWithDefaults = (m: Metric) => /default/i.test(m.name) && m.unit === 's';
  return attachTargets(collectMetrics(raw), [
    ['dead-collector', 'any', (m) => exitWithDefaults(m) && /closed|refused/i.test(m.name)],
    ['dead-collector', 'any', (m) => exitWithDefaults(m) && /never answers|black.?hole|hang/i.test(m.name)],
  ]);
}

// ---------------------------------------------------------------------------------------------
// Child processes

const live = new Set<ChildProcess>();

/** Kills a child's whole process group (it was spawned detached, so it leads its own group). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function killAll(signal: NodeJS.Signals): void {
  for (const c of live) killGroup(c, signal);
}

/** Makes sure no workload process outlives the suite (normal exit, Ctrl-C, kill). */
function installExitHandlers(): void {
  process.on('exit', () => killAll('SIGKILL'));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      process.stderr.write(`\nbench: ${sig}, stopping workload processes\n`);
      killAll('SIGKILL');
      process.exit(130);
    });
  }
}

/**
 * Runs one workload module in a child (runtime picked by `childCommand`), resolving to what its
 * run() returned, or rejecting with the error / timeout. The child's process group is killed
 * afterwards either way, so nothing it started outlives it.
 */
function runChild(rt: Runtime, w: Workload, quick: boolean, tmpDir: string): Promise<unknown> {
  const resultFile = join(tmpDir, `${w.id}.json`);
  rmSync(resultFile, { force: true });
  const [bin, argv] = childCommand(rt, join(BENCH, 'fixtures', 'run-workload.ts'), [join(BENCH, w.file), resultFile, ...(quick ? ['--quick'] : [])]);
  const timeoutMs = quick ? w.timeoutMs.quick : w.timeoutMs.full;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, argv, {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 2, 2], // module output (tables, progress) goes to our stderr
      env: { ...process.env, [RUNTIME_ENV]: rt.bin, ...(quick ? { OTLP_LITE_BENCH_QUICK: '1' } : {}) },
    });
    live.add(child);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 2000).unref();
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      live.delete(child);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      killGroup(child, 'SIGKILL'); // stray grandchildren
      live.delete(child);
      if (timedOut) return reject(new Error(`timed out after ${Math.round(timeoutMs / 1000)} s`));
      let payload: { ok: boolean; result?: unknown; error?: string } | undefined;
      try {
        payload = JSON.parse(readFileSync(resultFile, 'utf8')) as typeof payload;
      } catch {
        payload = undefined;
      }
      if (payload === undefined) return reject(new Error(`child exited (${signal ?? `code ${code}`}) without a result`));
      if (!payload.ok) return reject(new Error(payload.error ?? 'unknown error'));
      resolvePromise(payload.result);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Arguments, labels, main

interface Args {
  quick: boolean;
  runtime: string | undefined;
  outDir: string;
  selected: Workload[];
  list: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  let quick = false;
  let runtime: string | undefined;
  let outDir = join(BENCH, 'results');
  let list = false;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--list') list = true;
    else if (a === '--runtime') runtime = argv[++i];
    else if (a.startsWith('--runtime=')) runtime = a.slice(10);
    else if (a === '--out') outDir = resolve(argv[++i] ?? outDir);
    else if (a.startsWith('--out=')) outDir = resolve(a.slice(6));
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else names.push(a);
  }
  let selected: Workload[];
  if (names.length === 0 || names.includes('all')) selected = [...WORKLOADS];
  else {
    selected = [];
    for (const n of names) {
      const w = WORKLOADS.find((x) => x.id === n || x.nums.split('-').includes(n) || x.file.replace(/\.bench\.ts$/, '') === n);
      if (w === undefined) throw new Error(`unknown workload "${n}"; one of: all, ${WORKLOADS.map((x) => x.id).join(', ')}`);
      if (!selected.includes(w)) selected.push(w);
    }
    selected.sort((a, b) => WORKLOADS.indexOf(a) - WORKLOADS.indexOf(b));
  }
  return { quick, runtime, outDir, selected, list };
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return 'unknown';
  }
}

function runtimeVersion(rt: Runtime): string {
  if (rt.bin === process.execPath) return process.version;
  try {
    const flag = rt.kind === 'bun' ? ['--version'] : ['-p', 'process.version'];
    return execFileSync(rt.bin, flag, { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return 'unknown';
  }
}

/** Loads the previous latest.json for merging a filtered run (same runtime only). */
function loadPrevious(file: string, runtime: string): SuiteResults | undefined {
  try {
    const prev = JSON.parse(readFileSync(file, 'utf8')) as SuiteResults;
    return prev.info?.runtime === runtime && Array.isArray(prev.workloads) ? prev : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  let args: Args;
  let rt: Runtime;
  try {
    args = parseArgs(process.argv.slice(2));
    rt = resolveRuntime(args.runtime, ROOT);
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    return 2;
  }
  if (args.list) {
    for (const w of WORKLOADS) process.stdout.write(`${w.id.padEnd(15)} ${w.nums.padEnd(4)} ${w.title} (bench/${w.file})\n`);
    return 0;
  }
  installExitHandlers();
  const started = Date.now();
  const date = new Date(started).toISOString();
  const tmpDir = join(args.outDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const info: RunInfo = {
    date,
    runtime: rt.name,
    nodeVersion: runtimeVersion(rt),
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    loadAvg: loadavg(),
    quick: args.quick,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    commit: gitCommit(),
    totalMs: 0,
    selected: args.selected.map((w) => w.id),
  };
  process.stderr.write(
    `bench: ${args.selected.length} workload(s) on ${rt.name} ${info.nodeVersion} (${info.cpu} × ${info.cores}, load ${info.loadAvg.map((x) => x.toFixed(2)).join(' ')})${args.quick ? ', quick' : ''}\n`,
  );

  // One `npm run build` for the workloads that use dist/ (footprint packs it, cli runs it).
  if (args.selected.some((w) => w.needsBuild === true)) {
    process.stderr.write('bench: npm run build (for dist/)\n');
    const built = ensureBuilt(ROOT);
    if (!built.ok) process.stderr.write(`bench: ${built.note}\n`);
  }

  const ran: WorkloadResult[] = [];
  for (const [i, w] of args.selected.entries()) {
    const t0 = Date.now();
    process.stderr.write(`\nbench [${i + 1}/${args.selected.length}] ${w.id}: ${w.title} (bench/${w.file})\n`);
    const base = { id: w.id, nums: w.nums, title: w.title, file: `bench/${w.file}`, ranAt: date, quick: args.quick };
    if (!existsSync(join(BENCH, w.file))) {
      process.stderr.write(`bench [${i + 1}/${args.selected.length}] ${w.id}: NOT RUN (bench/${w.file} does not exist yet)\n`);
      ran.push({ ...base, status: 'not-run', error: `bench/${w.file} does not exist`, durationMs: 0, metrics: [] });
      continue;
    }
    try {
      const raw = await runChild(rt, w, args.quick, tmpDir);
      let metrics: Metric[];
      try {
        metrics = w.adapt(raw);
      } catch (err) {
        throw new Error(`adapter failed: ${(err as Error).message}`);
      }
      const durationMs = Date.now() - t0;
      ran.push({ ...base, status: 'ok', durationMs, metrics, raw });
      const judged = metrics.filter((m) => m.targetId !== undefined).map((m) => {
        const absolute = TARGETS.find((t) => t.id === m.targetId)?.target.kind === 'absolute';
        const figure = absolute ? (m.ours !== undefined ? ` ${fmtValue(m.ours.median, m.unit)}` : '')
          : m.ratio !== undefined ? ` ${fmtRatio(m.ratio.median)}${m.ratio.vs === 'sdk' ? '' : ` vs ${m.ratio.vs}`}` : '';
        return `${m.name}${figure} ${verdict(m)}`;
      });
      process.stderr.write(`bench [${i + 1}/${args.selected.length}] ${w.id}: done in ${(durationMs / 1000).toFixed(1)} s${judged.length > 0 ? ` — ${judged.join('; ')}` : ''}\n`);
    } catch (err) {
      const durationMs = Date.now() - t0;
      const message = (err as Error).message;
      ran.push({ ...base, status: 'not-run', error: message, durationMs, metrics: [] });
      process.stderr.write(`bench [${i + 1}/${args.selected.length}] ${w.id}: NOT RUN after ${(durationMs / 1000).toFixed(1)} s: ${message}\n`);
    }
  }
  info.totalMs = Date.now() - started;

  // A filtered run replaces its workloads in the previous results and keeps the others.
  const jsonFile = join(args.outDir, 'latest.json');
  const prev = args.selected.length < WORKLOADS.length ? loadPrevious(jsonFile, rt.name) : undefined;
  const workloads = WORKLOADS.flatMap((w) => {
    const now = ran.find((r) => r.id === w.id);
    if (now !== undefined) return [now];
    const old = prev?.workloads.find((r) => r.id === w.id);
    return old !== undefined ? [old] : [];
  });
  const results: SuiteResults = { info, workloads };
  mkdirSync(args.outDir, { recursive: true });
  writeFileSync(jsonFile, renderJson(results));
  writeFileSync(join(args.outDir, 'latest.md'), renderMarkdown(results));
  writeFileSync(join(args.outDir, 'latest.svg'), renderSvg(results));
  rmSync(tmpDir, { recursive: true, force: true });

  const summary = ['', `Targets (${args.quick ? 'quick, ' : ''}${(info.totalMs / 1000).toFixed(1)} s total):`];
  const rows = targetRows(results).map(({ row, metric, verdict: v }) => {
    const measured = metric === undefined ? '-'
      : row.target.kind === 'absolute' ? (metric.ours !== undefined ? fmtValue(metric.ours.median, metric.unit) : '-')
      : metric.ratio !== undefined ? fmtRatio(metric.ratio.median) : '-';
    return [v.toUpperCase(), metric !== undefined && metric.name !== row.label ? `${row.label}: ${metric.name}` : row.label, row.short, measured];
  });
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) summary.push(`  ${r.slice(0, 3).map((x, c) => x.padEnd(widths[c]!)).join('  ')}  ${r[3]}`);
  summary.push('', `wrote ${['latest.json', 'latest.md', 'latest.svg'].map((f) => relative(ROOT, join(args.outDir, f))).join(', ')}`, '');
  process.stdout.write(summary.join('\n'));
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
