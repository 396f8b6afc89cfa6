// Imports point down only: entries → facades → signals/receiver → pipeline → config → platform,
// errors, contracts → proto-json; proto-json imports nothing from lib/. No exceptions, and no
// cycles anywhere (within a layer too). This spec reads every source file's import specifiers,
// type-only ones included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** `file` as a repo-relative path with forward slashes. */
function repoPath(file: string): string {
  return relative(root, file).split('\\').join('/');
}

/** The repo-relative path a relative import `spec` in `file` points at. */
function target(file: string, spec: string): string {
  return repoPath(resolve(dirname(file), spec));
}

/** The layer of a repo-relative path; lower layers may not import higher ones. */
function layer(path: string): number {
  if (path.startsWith('proto-json/')) return 0;
  if (path === 'lib/errors.ts' || path === 'lib/version.ts' || path === 'lib/contracts.ts' || path.startsWith('lib/platform/')) return 1;
  if (path.startsWith('lib/config/')) return 2;
  if (path.startsWith('lib/pipeline/')) return 3;
  if (path.startsWith('lib/signals/')) return 4;
  if (path.startsWith('lib/receiver/')) return 4;
  if (path.startsWith('lib/facades/')) return 5;
  if (path === 'lib/index.ts' || path === 'lib/grpc.ts' || path === 'lib/protobuf.ts' || path === 'lib/undici.ts' || path === 'lib/spool.ts') return 6;
  if (path.startsWith('lib/bridges/')) return 6;
  if (path.startsWith('lib/cli/')) return 7;
  return 8;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const spec = m[1] ?? m[2];
    if (spec !== undefined && spec.startsWith('.')) out.push(spec);
  }
  return out;
}

describe('layering', () => {
  const files = [...sources(join(root, 'lib')), ...sources(join(root, 'proto-json'))];

  it('finds the sources', () => {
    assert.ok(files.length > 5);
  });

  it('has no upward import between layers', () => {
    const bad: string[] = [];
    for (const file of files) {
      const from = repoPath(file);
      for (const spec of importsOf(file)) {
        const to = target(file, spec);
        if (layer(to) <= layer(from)) continue;
        bad.push(`${from} imports ${to}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('has no import cycle, within a layer or across', () => {
    const graph = new Map<string, string[]>();
    for (const file of files) {
      const from = repoPath(file);
      graph.set(from, importsOf(file).map((spec) => target(file, spec)));
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of [...graph.keys()].sort()) visit(node, []);
    assert.deepEqual(cycles, []);
  });

  it('keeps proto-json free of lib/ and of I/O modules', () => {
    const bad: string[] = [];
    for (const file of sources(join(root, 'proto-json'))) {
      const text = readFileSync(file, 'utf8');
      if (/from\s+['"]\.\.\/lib\//.test(text) || /from\s+['"]\.\.\/\.\.\/lib\//.test(text)) bad.push(relative(root, file));
      if (/from\s+['"]node:(fs|http|https|net|tls|http2|child_process)['"]/.test(text)) bad.push(`${relative(root, file)} does I/O`);
    }
    assert.deepEqual(bad, []);
  });

  // Batching (queue → batches) and export (encode → send → retry) are two roles of the pipeline:
  // the batching side hands batches to an Exporter (lib/contracts.ts) and never reaches into export,
  // and export never reaches back.
  it('keeps pipeline/batching and pipeline/export apart', () => {
    const bad: string[] = [];
    for (const file of files) {
      const from = repoPath(file);
      const side = from.startsWith('lib/pipeline/batching/') ? 'batching' : from.startsWith('lib/pipeline/export/') ? 'export' : undefined;
      if (side === undefined) continue;
      const other = side === 'batching' ? 'lib/pipeline/export/' : 'lib/pipeline/batching/';
      for (const spec of importsOf(file)) {
        const to = target(file, spec);
        if (to.startsWith(other)) bad.push(`${from} imports ${to}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('imports undici only lazily (the undici client and the otlp-lite/undici entry)', () => {
    const bad: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (/^\s*import\s[^;]*from\s+['"]undici['"]/m.test(text) && !/^\s*import\s+type\s/m.test(text.match(/^\s*import\s[^;]*from\s+['"]undici['"]/m)?.[0] ?? '')) {
        bad.push(`${relative(root, file)} imports undici statically`);
      }
    }
    assert.deepEqual(bad, []);
  });

  // The bridges (otlp-lite/otel-api, otlp-lite/ai-sdk) are separate entry points: at run time they
  // are a second module instance next to the bundled main entry, so a value import of a module
  // holding process-wide state (the context store, export scope, configured tracestate, metrics)
  // would silently use a copy. They reach that state through provider[BRIDGE_PORT]() instead.
  it('keeps the bridges out of the default entry and off stateful modules', () => {
    const STATELESS = new Set([
      'lib/platform/bridge-key.ts',
      'lib/platform/clock.ts',
      'lib/version.ts',
      'lib/signals/trace/w3c.ts', // parse/format only
      'lib/signals/trace/span.ts', // NonRecordingSpan, INVALID_SPAN_CONTEXT
      'lib/signals/metrics/names.ts',
      'lib/signals/metrics/points.ts', // pure point/metric builders
    ]);
    const bad: string[] = [];
    for (const file of files) {
      const from = repoPath(file);
      const text = readFileSync(file, 'utf8');
      const re = /(?:^|\n)\s*import\s+(type\s+)?[^;]*?from\s+['"](\.[^'"]+)['"]/g;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const to = target(file, m[2]!);
        const toBridge = to.startsWith('lib/bridges/');
        if (!from.startsWith('lib/bridges/')) {
          if (toBridge) bad.push(`${from} imports ${to}`);
          continue;
        }
        if (m[1] === undefined && !toBridge && !STATELESS.has(to)) bad.push(`${from} imports values from ${to}`);
      }
    }
    assert.deepEqual(bad, []);
  });
});
