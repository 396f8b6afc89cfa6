// `otlp-lite receive`: the embedded receiver as a local stand-in collector. Prints one line per
// received item, appends decoded requests to a JSON-lines file, and on SIGINT/SIGTERM closes
// the server and the file and prints the totals.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Signal } from '../contracts.ts';
import { forEachLine } from '../receiver/format.ts';
import { startReceiver, type ReceivedExport, type ReceiverStats, type ReplyEvent } from '../receiver/server.ts';
import type { ReceiveArgs } from './args.ts';
import type { CliIo } from './io.ts';

/** Runs the receiver until SIGINT or SIGTERM; resolves with the exit code (0, or 1 on I/O failure). */
export async function runReceive(args: ReceiveArgs, io: CliIo): Promise<number> {
  let jsonl: WriteStream | undefined;
  let fileFailed = false;
  if (args.jsonl !== undefined) {
    const opened = await openAppend(args.jsonl);
    if (opened instanceof Error) {
      io.error(`receive: cannot open ${args.jsonl}: ${opened.message}`);
      return 1;
    }
    jsonl = opened;
    jsonl.on('error', (err) => {
      if (fileFailed) return;
      fileFailed = true;
      io.error(`receive: cannot write ${args.jsonl}: ${err.message}`);
    });
  }

  const onRequest = (event: ReceivedExport): void => {
    if (jsonl !== undefined && !fileFailed) {
      const file = jsonl;
      file.write(`{"time":${JSON.stringify(event.time.toISOString())},"signal":${JSON.stringify(event.signal)},"request":`);
      streamJson(event.request, (chunk) => file.write(chunk));
      file.write('}\n');
    }
    if (!args.quiet) {
      // One item per line, written in chunks of about 64 KB: never one string for the request.
      let chunk = '';
      forEachLine(event, (line) => {
        chunk = chunk === '' ? line : `${chunk}\n${line}`;
        if (chunk.length >= CHUNK_CHARS) {
          io.out(chunk);
          chunk = '';
        }
      });
      if (chunk !== '') io.out(chunk);
      if (event.rejected > 0) io.out(`${event.signal}: rejected ${event.rejected} invalid item(s) (partialSuccess)`);
    }
  };

  const onReply = (event: ReplyEvent): void => {
    if (args.quiet || event.status === 200) return;
    const what = event.status === 0 ? 'connection dropped' : String(event.status);
    const text = `${event.fault ? 'injected fault' : 'refused'} ${event.signal ?? event.path}: ${what}${event.fault ? '' : ` ${event.message}`}`;
    io.out(text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 300));
  };

  let receiver;
  try {
    receiver = await startReceiver({
      host: args.host, port: args.port, maxBodyBytes: args.maxBodyBytes, maxItems: args.maxItems, maxValues: args.maxValues, faults: args.faults, onRequest, onReply,
      ...(args.grpcPort !== undefined ? { grpcPort: args.grpcPort } : {}),
      ...(args.ui !== undefined ? { ui: args.ui } : {}),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EADDRINUSE' ? 'address already in use' : err.code === 'EACCES' ? 'permission denied' : err.message;
    const ports = args.grpcPort !== undefined ? `${args.port} / gRPC ${args.grpcPort}` : String(args.port);
    io.error(`receive: cannot listen on ${args.host}:${ports}: ${why}`);
    await closeFile(jsonl);
    return 1;
  }

  const started = performance.now();
  io.out(`otlp-lite receive: listening on ${receiver.url} (POST /v1/traces, /v1/logs, /v1/metrics; Ctrl-C to stop)`);
  if (receiver.grpcUrl !== undefined) io.out(`otlp-lite receive: OTLP/gRPC on ${receiver.grpcUrl}`);
  if (receiver.uiUrl !== undefined) {
    io.out(`otlp-lite receive: live viewer on ${receiver.uiUrl} (open it in a browser)`);
    if (!isLoopback(receiver.host)) {
      io.out(`otlp-lite receive: note: the viewer shows everything received to anyone who can reach ${args.host}:${receiver.port}`);
    }
  }
  if (args.jsonl !== undefined) io.out(`otlp-lite receive: appending decoded requests to ${args.jsonl}`);
  if (args.faults.length > 0) io.out(`otlp-lite receive: ${args.faults.length} scripted fault(s) armed`);

  const signalName = await io.waitForStop();
  await receiver.close();
  await closeFile(jsonl);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(`otlp-lite receive: stopped by ${signalName} after ${seconds} s`);
  io.out(formatTotals(receiver.stats()));
  return fileFailed ? 1 : 0;
}

const ITEM_NAMES: Readonly<Record<Signal, string>> = { traces: 'spans', logs: 'log records', metrics: 'metric points' };

/** The totals block printed on stop: one line per signal, plus refused and rejected counts. */
export function formatTotals(stats: ReceiverStats): string {
  const lines = ['totals:'];
  for (const signal of ['traces', 'logs', 'metrics'] as const) {
    const s = stats[signal];
    let line = `  ${signal.padEnd(8)} ${String(s.items).padStart(6)} ${ITEM_NAMES[signal].padEnd(13)} ${String(s.requests).padStart(4)} request(s) ${formatBytes(s.bytes).padStart(10)}`;
    if (s.rejected > 0) line += `  ${s.rejected} rejected`;
    if (s.refused > 0) line += `  ${s.refused} refused${s.faults > 0 ? ` (${s.faults} injected)` : ''}`;
    lines.push(line);
  }
  if (stats.unrouted > 0) lines.push(`  ${stats.unrouted} request(s) to unknown paths`);
  return lines.join('\n');
}

/** `1234` → `1.2 kB`. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === 'localhost';
}

function openAppend(path: string): Promise<WriteStream | Error> {
  return new Promise((resolve) => {
    const stream = createWriteStream(path, { flags: 'a' });
    stream.once('open', () => {
      stream.removeAllListeners('error');
      resolve(stream);
    });
    stream.once('error', (err) => resolve(err));
  });
}

function closeFile(stream: WriteStream | undefined): Promise<void> {
  if (stream === undefined || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.end(() => resolve());
    stream.once('error', () => resolve());
  });
}

/** Output is handed on in pieces of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes `value` as JSON (what JSON.stringify gives, bigints as strings) to `write` in pieces of
 * about CHUNK_CHARS: objects and arrays are walked, so no single string ever holds a whole request
 * (JSON.stringify of a huge request runs out of memory). Iterative: no call-stack limit on depth.
 */
export function streamJson(value: unknown, write: (chunk: string) => void): void {
  let buf = '';
  const put = (s: string): void => {
    buf += s;
    if (buf.length >= CHUNK_CHARS) {
      write(buf);
      buf = '';
    }
  };
  // Work items: a value to write, or a literal closing text.
  const stack: ({ v: unknown } | string)[] = [{ v: value }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top === 'string') {
      put(top);
      continue;
    }
    const v = top.v;
    if (typeof v === 'bigint') put(JSON.stringify(v.toString()));
    else if (v === null || typeof v !== 'object') {
      const text = v === undefined || typeof v === 'function' || typeof v === 'symbol' ? undefined : JSON.stringify(v);
      put(text ?? 'null');
    } else if (Array.isArray(v)) {
      put('[');
      stack.push(']');
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ v: v[i] });
        if (i > 0) stack.push(',');
      }
    } else {
      put('{');
      stack.push('}');
      const entries: [string, unknown][] = [];
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
        entries.push([k, x]);
      }
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        stack.push({ v: x });
        stack.push(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
      }
    }
  }
  if (buf !== '') write(buf);
}
