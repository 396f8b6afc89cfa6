// Test support for the spool and hand-off specs: a tiny OTLP/HTTP collector on a chosen (or
// ephemeral) loopback port that can answer late, a helper that runs a host script in a child
// process (`node --import tsx`), and spool directory readers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const providerUrl = pathToFileURL(join(root, 'lib/facades/provider.ts')).href;
/** The `otlp-lite/spool` entry (registers the spool and the hand-off). */
export const spoolEntryUrl = pathToFileURL(join(root, 'lib/spool.ts')).href;

export interface Collector {
  readonly port: number;
  readonly url: string;
  /** Spans / log records received (2xx answered), and every request's raw body and headers. */
  readonly spans: string[];
  readonly logs: string[];
  /** Metric names of data points received. */
  readonly metrics: string[];
  readonly requests: { path: string; headers: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** A collector that answers 200 after `delayMs`, counting span and log names it was sent. */
export function startCollector(opts: { port?: number; delayMs?: number } = {}): Promise<Collector> {
  const spans: string[] = [];
  const logs: string[] = [];
  const metrics: string[] = [];
  const requests: { path: string; headers: Record<string, unknown> }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        requests.push({ path: req.url ?? '', headers: { ...req.headers } });
        try {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          for (const rs of json.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) spans.push(s.name);
          for (const rm of json.resourceMetrics ?? []) {
            for (const sm of rm.scopeMetrics ?? []) {
              for (const m of sm.metrics ?? []) for (const _p of (m.sum ?? m.gauge ?? m.histogram ?? {}).dataPoints ?? []) metrics.push(m.name);
            }
          }
          for (const rl of json.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) for (const l of sl.logRecords ?? []) logs.push(l.body?.stringValue ?? '');
        } catch {
          // not JSON: counted as a request only
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      }, opts.delayMs ?? 0);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolveStart({
        port,
        url: `http://127.0.0.1:${port}`,
        spans,
        logs,
        metrics,
        requests,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

/** A loopback port nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const c = await startCollector();
  await c.close();
  return c.port;
}

export interface HostRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A host script in a temp dir, importing the provider. */
export function writeScript(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `import ${JSON.stringify(spoolEntryUrl)};\nimport { OtelProvider } from ${JSON.stringify(providerUrl)};\n${HOST_PRELUDE}${body}`);
  return file;
}

/**
 * What every host script starts with: `url` (the collector, RX_URL) and `http(path, more)`, an
 * OTLP/HTTP JSON exporter setting for `url + path` carrying the SECRET as its x-api-key header.
 */
const HOST_PRELUDE = `const url = process.env.RX_URL;
const http = (p, more = {}) => ({ kind: 'otlp-http', endpoint: url + p, protocol: 'json', headers: { 'x-api-key': process.env.SECRET }, ...more });
`;

/** Runs `file` under node + tsx with `env` (plus PATH/HOME); resolves when it exits. */
export function runHost(file: string, env: Record<string, string>, onStdout?: (text: string, child: ChildProcess) => void): Promise<HostRun> {
  return new Promise((resolveRun) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, child);
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** A fresh temp dir, and a 0700 spool dir inside it. */
export function tempDirs(prefix: string): { dir: string; spool: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const spool = join(dir, 'spool');
  mkdirSync(spool, { mode: 0o700 });
  return { dir, spool };
}

/** Entry files in a spool dir (claimed ones included, temp files not). */
export function entries(spool: string): string[] {
  try {
    return readdirSync(spool).filter((n) => !n.startsWith('.tmp-'));
  } catch {
    return [];
  }
}

/** Every byte in the spool dir, as latin1 text (to grep for secrets). */
export function spoolText(spool: string): string {
  return entries(spool).map((n) => readFileSync(join(spool, n), 'latin1')).join('\n');
}

/** Polls `check` every 25 ms until it is true or `timeoutMs` passed. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}
