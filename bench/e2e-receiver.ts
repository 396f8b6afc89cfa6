// Child process of bench/e2e.bench.ts: a lean loopback OTLP/HTTP JSON receiver on 127.0.0.1 that
// counts spans and log records (JSON.parse per request, bodies not kept) and answers 200 `{}`.
// Talks to the parent over IPC: sends { port } when listening; answers 'counts' with
// { traces, logs, requests, maxConcurrent } and 'reset' by zeroing them.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

let traces = 0;
let logs = 0;
let requests = 0;
let active = 0;
let maxConcurrent = 0;

function count(json: unknown): void {
  const j = json as { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[]; resourceLogs?: { scopeLogs?: { logRecords?: unknown[] }[] }[] };
  for (const rs of j.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) traces += ss.spans?.length ?? 0;
  for (const rl of j.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) logs += sl.logRecords?.length ?? 0;
}

const server = createServer((req, res) => {
  active++;
  if (active > maxConcurrent) maxConcurrent = active;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('error', () => {});
  req.on('end', () => {
    requests++;
    let body = Buffer.concat(chunks);
    try {
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      count(JSON.parse(body.toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"message":"bad body"}');
    }
    active--;
  });
});
server.keepAliveTimeout = 5000;

server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.send?.({ port: typeof addr === 'object' && addr !== null ? addr.port : 0 });
});

process.on('message', (msg) => {
  if (msg === 'counts') process.send?.({ traces, logs, requests, maxConcurrent });
  else if (msg === 'reset') {
    traces = logs = requests = maxConcurrent = 0;
    process.send?.({ reset: true });
  } else if (msg === 'exit') {
    server.closeAllConnections();
    server.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
