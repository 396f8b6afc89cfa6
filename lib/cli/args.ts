// Command-line parsing for `otlp-lite`: the command table, each command's flags (node:util
// parseArgs, strict), the help texts, and one-line usage errors (exit code 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isOtlpLiteError, type ConfigError } from '../errors.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../receiver/body.ts';
import { DEFAULT_MAX_ITEMS, DEFAULT_MAX_VALUES } from '../receiver/codec.ts';
import { parseFaultSpec, type FaultRule } from '../receiver/faults.ts';
import type { ViewerLimits } from '../receiver/ui/store.ts';

/** A bad command line. The CLI prints `message` on one line and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError' as const;
  /** The command the error is about (`receive`, `demo`), or '' for the top level. */
  readonly command: string;
  constructor(command: string, message: string) {
    super(message);
    this.command = command;
  }
}

/** Options of `otlp-lite receive`. */
export interface ReceiveArgs {
  readonly port: number;
  readonly host: string;
  readonly jsonl: string | undefined;
  readonly quiet: boolean;
  readonly maxBodyBytes: number;
  /** Most items per request (`--max-items`). */
  readonly maxItems: number;
  /** Most values (attributes, list entries) per request (`--max-values`). */
  readonly maxValues: number;
  readonly faults: readonly FaultRule[];
  /** Also serve OTLP/gRPC on this port (`--grpc-port`); undefined = HTTP only. */
  readonly grpcPort?: number | undefined;
  /** Serve the live web viewer on the same port (`--ui`), keeping at most these many items; undefined = no viewer. */
  readonly ui?: ViewerLimits | undefined;
}

/** Options of `otlp-lite demo`. */
export interface DemoArgs {
  readonly json: boolean;
  readonly verbose: boolean;
  /** Serve the live viewer on the embedded receiver and keep it up after the session until SIGINT/SIGTERM (`--ui`). */
  readonly ui?: boolean;
  /** Exit through `shutdown({ handoff: true })`: a detached sender delivers (`--handoff`). */
  readonly handoff?: boolean;
}

/** A parsed command line. */
export type Command =
  | { readonly command: 'help'; readonly topic: 'main' | 'receive' | 'demo' }
  | { readonly command: 'version' }
  | { readonly command: 'receive'; readonly args: ReceiveArgs }
  | { readonly command: 'demo'; readonly args: DemoArgs };

/** The default port of `otlp-lite receive`: the OTLP/HTTP port. */
export const DEFAULT_RECEIVE_PORT = 4318;

/** `otlp-lite --help`. */
export const MAIN_HELP = `otlp-lite: OpenTelemetry for Node.js CLIs without the SDK (OTLP/HTTP JSON)

Usage:
  otlp-lite receive [--port 4318] [--grpc-port 4317] [--host 127.0.0.1] [--ui] [--jsonl FILE] [--quiet] [--fault SPEC]...
  otlp-lite demo [--json] [--verbose] [--ui]
  otlp-lite <command> --help
  otlp-lite --version

Commands:
  receive   run a local OTLP/HTTP receiver (a stand-in collector) and print what arrives;
            --ui also serves a live web viewer of traces, logs and metrics on the same port
  demo      run a scripted AI-coding-CLI session through otlp-lite against an embedded
            receiver, then report what arrived and what it cost (this is \`npm start\`)

Environment:
  OTEL_EXPORTER_OTLP_ENDPOINT  demo: export to this collector instead of the embedded receiver
  OTEL_LOG_LEVEL               debug|info|warn|error: library diagnostics on stderr (default: none)
`;

/** `otlp-lite receive --help`. */
export const RECEIVE_HELP = `Usage: otlp-lite receive [options]

Runs an OTLP/HTTP receiver for local development: POST /v1/traces, /v1/logs and /v1/metrics,
application/json or application/x-protobuf, optionally gzip; with --grpc-port also OTLP/gRPC
(plaintext HTTP/2). Prints one line per span (indented as a tree), log record and
metric point. Ctrl-C (SIGINT) or SIGTERM stops it and prints the totals.

Options:
  --port N           port to listen on, 0 = any free port          (default ${DEFAULT_RECEIVE_PORT})
  --grpc-port N      also serve OTLP/gRPC on this port, 0 = any free port (default: off;
                     the OTLP/gRPC port is 4317)
  --host ADDR        address to listen on                           (default 127.0.0.1)
  --ui               also serve a live web viewer at GET / on the same port: traces as
                     waterfalls, logs, metrics with charts, updated as data arrives
  --ui-max-traces N  traces the viewer keeps (oldest activity evicted first) (default 200)
  --ui-max-spans N   spans the viewer keeps over all traces          (default 20000)
  --ui-max-logs N    log records the viewer keeps                    (default 5000)
  --ui-max-points N  metric points the viewer keeps                  (default 20000)
  --jsonl FILE       append every decoded request to FILE, one JSON line each:
                     {"time": ISO-8601, "signal": "traces"|"logs"|"metrics", "request": {...}}
  --quiet            no per-item lines (only the start line and the totals)
  --max-body BYTES   largest body accepted, before and after gzip  (default ${DEFAULT_MAX_BODY_BYTES})
  --max-items N      most spans / log records / metric points per request; more → 413
                                                                   (default ${DEFAULT_MAX_ITEMS})
  --max-values N     most attributes and list entries per request; more → 413
                                                                   (default ${DEFAULT_MAX_VALUES})
  --fault SPEC       inject a fault; repeatable, used in order.
                     SPEC = [signal:](status|reset)[xN][,retry-after=S]
                     e.g. 503 (answer 503 once), traces:429x2,retry-after=1, logs:reset
  -h, --help         show this help

Replies (in the request's encoding): 200 {} (or partialSuccess naming rejected items),
400 undecodable body, 404 unknown path, 405 not POST, 413 too large, 415 neither JSON nor
protobuf. gRPC calls get the matching status (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, …); a fault
status becomes its gRPC equivalent (429/503 → UNAVAILABLE; with retry-after → RESOURCE_EXHAUSTED
plus a RetryInfo), reset resets the stream.

Point an exporter at it:
  OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${DEFAULT_RECEIVE_PORT} OTEL_EXPORTER_OTLP_PROTOCOL=http/json my-cli
`;

/** `otlp-lite demo --help`. */
export const DEMO_HELP = `Usage: otlp-lite demo [options]

Runs a scripted AI-coding-CLI session through otlp-lite's public API: a provider exporting
traces, logs and metrics; a SessionTelemetry session (conversation start, a redacted user prompt,
three API requests of which one is retried, SSE events, two tool calls with decisions and
results, a sandbox outcome, startup phases, turn TTFT and cost); MetricsClient counters,
durations and a timer. It exports over OTLP/HTTP JSON to an embedded receiver on 127.0.0.1 that
answers 503 once (so a retry happens), shuts down within the default budget, and prints what
the receiver got, the pipeline's own stats and the overhead.

Options:
  --json        print the report as one JSON object (machine-readable; --verbose is then ignored)
  --verbose     also print every span, log record and metric point the receiver got
  --ui          serve the live web viewer on the embedded receiver and keep it up after the
                session (open the printed URL; Ctrl-C to stop)
  --handoff     exit through shutdown({ handoff: true }): a detached sender process delivers
                (retry included) while the session's shutdown returns at once
  -h, --help    show this help

Environment:
  OTEL_EXPORTER_OTLP_ENDPOINT  export to this collector instead (no embedded receiver, no fault)
  OTEL_EXPORTER_OTLP_*         other exporter settings apply too (e.g. COMPRESSION=gzip, HEADERS)

Exit code: 0 when done; 1 when a setting is invalid or the embedded receiver's counts disagree
with the pipeline's; 2 for a bad command line.
`;

const RECEIVE_OPTIONS = {
  port: { type: 'string' },
  'grpc-port': { type: 'string' },
  host: { type: 'string' },
  jsonl: { type: 'string' },
  quiet: { type: 'boolean' },
  'max-body': { type: 'string' },
  'max-items': { type: 'string' },
  'max-values': { type: 'string' },
  fault: { type: 'string', multiple: true },
  ui: { type: 'boolean' },
  'ui-max-traces': { type: 'string' },
  'ui-max-spans': { type: 'string' },
  'ui-max-logs': { type: 'string' },
  'ui-max-points': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const DEMO_OPTIONS = {
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  ui: { type: 'boolean' },
  handoff: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/**
 * Parses `argv` (without the node and script paths).
 * @throws UsageError with a one-line message for an unknown command, option or bad value.
 */
export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    if (first === 'help' && (rest[0] === 'receive' || rest[0] === 'demo')) return { command: 'help', topic: rest[0] };
    return { command: 'help', topic: 'main' };
  }
  if (first === '--version' || first === '-v' || first === 'version') return { command: 'version' };
  if (first === 'receive') {
    const values = parse('receive', rest, RECEIVE_OPTIONS);
    if (values.help === true) return { command: 'help', topic: 'receive' };
    return { command: 'receive', args: receiveArgs(values) };
  }
  if (first === 'demo') {
    const values = parse('demo', rest, DEMO_OPTIONS);
    if (values.help === true) return { command: 'help', topic: 'demo' };
    return { command: 'demo', args: { json: values.json === true, verbose: values.verbose === true, ...(values.ui === true ? { ui: true } : {}), ...(values.handoff === true ? { handoff: true } : {}) } };
  }
  if (first.startsWith('-')) throw new UsageError('', `unknown option ${quote(first)}`);
  throw new UsageError('', `unknown command ${quote(first)}: expected receive or demo`);
}

type Values<O extends NonNullable<ParseArgsConfig['options']>> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>['values'];

function parse<O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: readonly string[], options: O): Values<O> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values as Values<O>;
  } catch (e) {
    throw new UsageError(command, parseArgsMessage(e));
  }
}

/** Node's parseArgs messages are long and multi-sentence; keep the first clause, lower-cased. */
function parseArgsMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = String(err.message ?? e);
  const name = /'([^']+)'/.exec(msg)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quote(name ?? msg)}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quote(name ?? msg)}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(msg)) return `option ${quote((name ?? '').split(' ')[0] ?? '')} takes no value`;
      return `option ${quote((name ?? '').split(' ')[0] ?? '')} needs a value`;
    default:
      return msg.split('\n', 1)[0]!;
  }
}

function receiveArgs(v: Values<typeof RECEIVE_OPTIONS>): ReceiveArgs {
  const port = v.port === undefined ? DEFAULT_RECEIVE_PORT : integer('receive', '--port', v.port, 0, 65535);
  const grpcPort = v['grpc-port'] === undefined ? undefined : integer('receive', '--grpc-port', v['grpc-port'], 0, 65535);
  const maxBodyBytes = v['max-body'] === undefined ? DEFAULT_MAX_BODY_BYTES : integer('receive', '--max-body', v['max-body'], 1, Number.MAX_SAFE_INTEGER);
  const maxItems = v['max-items'] === undefined ? DEFAULT_MAX_ITEMS : integer('receive', '--max-items', v['max-items'], 1, Number.MAX_SAFE_INTEGER);
  const maxValues = v['max-values'] === undefined ? DEFAULT_MAX_VALUES : integer('receive', '--max-values', v['max-values'], 1, Number.MAX_SAFE_INTEGER);
  const host = v.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('receive', "option '--host' needs a value");
  if (v.jsonl !== undefined && v.jsonl.trim() === '') throw new UsageError('receive', "option '--jsonl' needs a file name");
  const faults: FaultRule[] = [];
  for (const spec of v.fault ?? []) {
    try {
      faults.push(parseFaultSpec(spec));
    } catch (e) {
      const issue = isOtlpLiteError(e) ? (e as ConfigError).issues?.[0]?.message : undefined;
      throw new UsageError('receive', `bad --fault: ${issue ?? String(e)}`);
    }
  }
  const ui = uiLimits(v);
  return {
    port, host, jsonl: v.jsonl, quiet: v.quiet === true, maxBodyBytes, maxItems, maxValues, faults,
    ...(grpcPort !== undefined ? { grpcPort } : {}),
    ...(ui !== undefined ? { ui } : {}),
  };
}

/** `--ui` and its limits; a limit flag without `--ui` is a usage error (it would do nothing). */
function uiLimits(v: Values<typeof RECEIVE_OPTIONS>): ViewerLimits | undefined {
  const flags = [['ui-max-traces', 'maxTraces'], ['ui-max-spans', 'maxSpans'], ['ui-max-logs', 'maxLogs'], ['ui-max-points', 'maxPoints']] as const;
  const limits: { -readonly [K in keyof ViewerLimits]: number } = {};
  for (const [flag, key] of flags) {
    const text = v[flag];
    if (text === undefined) continue;
    if (v.ui !== true) throw new UsageError('receive', `option '--${flag}' needs --ui`);
    limits[key] = integer('receive', `--${flag}`, text, 1, 10_000_000);
  }
  return v.ui === true ? limits : undefined;
}

function integer(command: string, flag: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(command, `option '${flag}' expects an integer ${min}..${max === Number.MAX_SAFE_INTEGER ? '' : max}, got ${quote(text)}`);
  }
  return n;
}

function quote(s: string): string {
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  return `'${clean.length > 60 ? `${clean.slice(0, 57)}...` : clean}'`;
}
