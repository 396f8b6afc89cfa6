// The packed package as a user gets it: `npm pack` (which builds dist/ through prepack), then
// `npm install <tarball>` into a fresh project in a temp folder. Done once per spec file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../runtime/support.ts';

/** A temp project with otlp-lite installed from its packed tarball. */
export interface PackedProject {
  /** The temp root (remove it when done). */
  readonly tmp: string;
  /** The project folder: package.json, node_modules/otlp-lite (+ undici, zod). */
  readonly dir: string;
  /** An empty folder with no node_modules anywhere above it in `tmp`: where bundles are run. */
  readonly ship: string;
  readonly tarball: string;
}

/** Packs the repo and installs the tarball into a new project. Takes ~10-20 s (the build). */
export function packAndInstall(prefix: string): PackedProject {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  const name = out.trim().split('\n').pop() ?? '';
  const tarball = join(tmp, readdirSync(tmp).find((f) => f === name) ?? name);
  const dir = join(tmp, 'project');
  const ship = join(tmp, 'ship');
  mkdirSync(dir);
  mkdirSync(ship);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'packed-app', private: true, version: '1.0.0' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
  return { tmp, dir, ship, tarball };
}

/**
 * The tiny app: one span, one log record, one counter to the receiver at argv[2], then shutdown;
 * prints one JSON line and exits 0 only when all three were delivered. No top-level await, so
 * the same source bundles as CommonJS. `extraImports` go first (e.g. `import 'otlp-lite/undici';`).
 */
export function tinyApp(extraImports = ''): string {
  return `${extraImports}
import { OtelProvider } from 'otlp-lite';
const base = process.argv[2];
const otlp = (signal) => ({ kind: 'otlp-http', endpoint: base + '/v1/' + signal, protocol: 'json' });
const provider = OtelProvider.from({ serviceName: 'tiny', exporter: otlp('logs'), traceExporter: otlp('traces'), metricsExporter: otlp('metrics') });
const span = provider.tracer.startSpan('tiny.run', { attributes: { 'cli.command': 'build' } });
provider.logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'tiny started' });
provider.metrics.counter('tiny.runs', 1, { command: 'build' });
span.end();
provider.shutdown().then((r) => {
  const exported = { traces: r.traces?.exported ?? 0, logs: r.logs?.exported ?? 0, metrics: r.metrics?.exported ?? 0 };
  console.log(JSON.stringify({ status: r.status, exported }));
  process.exitCode = r.status === 'finished' && exported.traces === 1 && exported.logs === 1 && exported.metrics === 1 ? 0 : 1;
});
`;
}

/** The tiny app as a CommonJS file that `require`s the ES module package (Node >= 20.19). */
export function tinyAppCjs(): string {
  return tinyApp().replace("import { OtelProvider } from 'otlp-lite';", "const { OtelProvider } = require('otlp-lite');");
}
