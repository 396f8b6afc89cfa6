// Test launcher: Node 20's `--test` has no glob support, so find every spec/**/*.spec.ts here
// and hand them to the built-in runner with tsx loaded. Extra arguments are passed through
// (e.g. `npm test -- spec/pipeline` to run one folder, or `--test-name-pattern=retry`).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const roots = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));

function collect(path, out) {
  const st = statSync(path);
  if (st.isFile()) {
    if (path.endsWith('.spec.ts')) out.push(path);
    return out;
  }
  for (const name of readdirSync(path).sort()) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    collect(join(path, name), out);
  }
  return out;
}

const files = [];
for (const r of roots.length > 0 ? roots : ['spec']) collect(resolve(root, r), files);
if (files.length === 0) {
  console.error('spec/run.mjs: no *.spec.ts files found');
  process.exit(1);
}
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...flags, ...files.map((f) => relative(root, f))],
  { cwd: root, stdio: 'inherit' },
);
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
