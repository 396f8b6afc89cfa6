// The demo's report: the data it gathers (receiver counts, pipeline stats, overhead) as one
// machine-readable object, and its short human-readable rendering.
import type { Signal } from '../contracts.ts';
import { formatBytes } from './receive.ts';

const SIGNALS = ['traces', 'logs', 'metrics'] as const satisfies readonly Signal[];

/** What the receiver saw for one signal. */
export interface ReceivedCounts {
  /** Items accepted (spans, log records, metric data points). */
  readonly items: number;
  /** Requests, refused ones (the injected fault) included. */
  readonly requests: number;
  /** Body bytes on the wire, every request included. */
  readonly bytes: number;
  /** Requests answered with the injected fault. */
  readonly faults: number;
}

/** What the export pipeline says about one signal (from `provider.stats()`). */
export interface PipelineCounts {
  readonly exported: number;
  readonly dropped: number;
  readonly retries: number;
  readonly requests: number;
  readonly bytesSent: number;
}

/** Everything the demo prints; `otlp-lite demo --json` prints exactly this object. */
export interface DemoReport {
  /** `embedded`: our own receiver on 127.0.0.1; `external`: OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly mode: 'embedded' | 'external';
  /** Base URL the session exported to. */
  readonly endpoint: string;
  /** The injected fault, e.g. `503 once on /v1/traces`; null when none (external mode). */
  readonly fault: string | null;
  /** Per signal, what the embedded receiver got; null in external mode. */
  readonly receiver: Readonly<Record<Signal, ReceivedCounts>> | null;
  /** Per signal, the pipeline's own counts. */
  readonly pipeline: Readonly<Record<Signal, PipelineCounts>>;
  /** What the session recorded through the API (calls, not items). */
  readonly session: { readonly telemetryCalls: number };
  readonly shutdown: { readonly durationMs: number; readonly budgetMs: number; readonly timedOut: boolean };
  readonly overhead: {
    /** Items the session produced (exported + dropped), all signals: the per-item denominator. */
    readonly items: number;
    /** CPU inside the telemetry calls (the host's hot path), µs, and per exported item. */
    readonly recordCpuMicros: number;
    readonly recordCpuMicrosPerItem: number;
    /**
     * CPU of everything else from setup to the end of shutdown (encoding, sending, the one-time
     * lazy load of undici; the embedded receiver's decoding excluded), µs.
     */
    readonly exportCpuMicros: number;
    /** `OtelProvider.from`, ms. */
    readonly setupMs: number;
    /** Inside telemetry calls during the session, ms. */
    readonly recordingMs: number;
    /** setup + recording + shutdown, ms: what telemetry added to the session's wall time. */
    readonly addedWallMs: number;
    /** From the injected 503 to the accepted retry, ms (embedded mode; 0 otherwise). */
    readonly retryWaitMs: number;
  };
  /** Library diagnostics at warn/error level seen during the run (none expected). */
  readonly warnings: readonly string[];
  /** True when every item the pipeline counted as exported reached the receiver and nothing was dropped. */
  readonly ok: boolean;
  /** The live viewer's URL (`otlp-lite demo --ui` only). */
  readonly viewer?: string;
  /** `--handoff`: items given to the detached sender, and when the receiver had them all (ms after shutdown returned; null if not within 15 s or external). */
  readonly handoff?: { readonly items: number; readonly deliveredAfterMs: number | null };
}

/** The report as the short human-readable text printed by `otlp-lite demo`. */
export function formatReport(r: DemoReport): string {
  const out: string[] = [];
  out.push('otlp-lite demo: one scripted AI-coding-CLI session, exported as OTLP/HTTP JSON');
  if (r.mode === 'embedded') {
    out.push(`  to the embedded receiver at ${r.endpoint}${r.fault !== null ? `, which answered ${r.fault}` : ''}`);
  } else {
    out.push(`  to the collector at ${r.endpoint} (OTEL_EXPORTER_OTLP_ENDPOINT); no embedded receiver, no injected fault`);
  }
  out.push('');
  if (r.receiver !== null) {
    const rec = r.receiver;
    out.push('what the receiver got');
    out.push(table(
      ['signal', 'items', 'requests', 'bytes'],
      SIGNALS.map((s) => [s, String(rec[s].items), rec[s].faults > 0 ? `${rec[s].requests} (${rec[s].faults}× ${faultStatus(r.fault)})` : String(rec[s].requests), formatBytes(rec[s].bytes)]),
    ));
    out.push('');
  }
  out.push("what the pipeline says (provider.stats())");
  out.push(table(
    ['signal', 'exported', 'dropped', 'retries', 'requests', 'bytes sent'],
    SIGNALS.map((s) => {
      const p = r.pipeline[s];
      return [s, String(p.exported), String(p.dropped), String(p.retries), String(p.requests), formatBytes(p.bytesSent)];
    }),
  ));
  out.push('');
  const o = r.overhead;
  out.push('overhead (one cold process: first calls include JIT warm-up; the first export opens a connection)');
  const exportPerItem = o.items === 0 ? 0 : o.exportCpuMicros / o.items;
  out.push(`  CPU per item     ${micros(o.recordCpuMicrosPerItem)} to record + ${micros(exportPerItem)} to encode and send  (${o.items} items; ${ms(o.recordCpuMicros / 1000)} + ${ms(o.exportCpuMicros / 1000)} CPU)`);
  const wait = o.retryWaitMs > 0 && r.handoff === undefined ? `; ${Math.round(o.retryWaitMs)} ms of it waiting out the retry backoff` : '';
  out.push(`  shutdown         ${ms(r.shutdown.durationMs)}  (budget ${r.shutdown.budgetMs} ms${r.shutdown.timedOut ? ', TIMED OUT' : ''}${wait})`);
  out.push(`  added wall time  ${ms(o.addedWallMs)}  (setup ${ms(o.setupMs)} + ${r.session.telemetryCalls} telemetry calls ${ms(o.recordingMs)} + shutdown ${ms(r.shutdown.durationMs)})`);
  if (r.handoff !== undefined) {
    const after = r.handoff.deliveredAfterMs === null ? 'not confirmed (no embedded receiver, or not within 15 s)' : `all at the receiver ${ms(r.handoff.deliveredAfterMs)} after shutdown returned`;
    const senderWait = o.retryWaitMs > 0 ? ` (the sender waited out the ${Math.round(o.retryWaitMs)} ms retry backoff)` : '';
    out.push(`  hand-off         ${r.handoff.items} items to a detached sender; ${after}${senderWait}`);
  }
  if (r.warnings.length > 0) out.push(`  warnings         ${r.warnings.length} (run with OTEL_LOG_LEVEL=warn to see them)`);
  out.push('');
  out.push(verdict(r));
  return out.join('\n');
}

function verdict(r: DemoReport): string {
  const dropped = SIGNALS.reduce((n, s) => n + r.pipeline[s].dropped, 0);
  const retries = SIGNALS.reduce((n, s) => n + r.pipeline[s].retries, 0);
  const retried = retries > 0 ? `, ${retries} retr${retries === 1 ? 'y' : 'ies'}` : '';
  const exported = SIGNALS.reduce((n, s) => n + r.pipeline[s].exported, 0);
  if (r.ok) return `ok: all ${exported} items delivered, none dropped${retried}.`;
  if (r.receiver === null) return `done: ${exported} items exported, ${dropped} dropped${retried}.`;
  return `MISMATCH: the pipeline counted ${exported} exported and ${dropped} dropped; see the tables above.`;
}

function faultStatus(fault: string | null): string {
  return /^\d{3}/.exec(fault ?? '')?.[0] ?? 'fault';
}

function ms(v: number): string {
  return v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`;
}

function micros(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
}

/** Left-aligned first column, right-aligned others, two-space indent. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
