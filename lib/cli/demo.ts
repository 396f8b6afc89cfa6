// `otlp-lite demo` (what `npm start` runs): starts the embedded receiver on 127.0.0.1 with one
// injected 503 (unless OTEL_EXPORTER_OTLP_ENDPOINT points elsewhere), runs the scripted session
// through a provider exporting all three signals, shuts down within the default budget, and
// reports what arrived, the pipeline's own stats and the overhead. Nothing goes to stderr.
// With --ui the embedded receiver also serves the live viewer, kept up after the report until
// SIGINT/SIGTERM.
import { OtelProvider, setDiagnosticHandler, VERSION, type Signal, type SignalStats } from '../index.ts';
import { formatExport } from '../receiver/format.ts';
import { startReceiver } from '../receiver/server.ts';
import type { FaultRule } from '../receiver/faults.ts';
import type { RunningReceiver } from '../receiver/types.ts';
import type { DemoArgs } from './args.ts';
import '../spool.ts'; // demo --handoff: the spool and the exit hand-off
import { runSession } from './demo-session.ts';
import type { CliIo } from './io.ts';
import { formatReport, type DemoReport, type PipelineCounts, type ReceivedCounts } from './report.ts';

const SIGNALS = ['traces', 'logs', 'metrics'] as const satisfies readonly Signal[];
/** The provider's default shutdown budget (OtelProvider's `shutdownTimeoutMs`). */
const SHUTDOWN_BUDGET_MS = 2000;
/**
 * The one injected fault: the first traces export is answered 503 with `Retry-After: 1`, so the
 * pipeline waits exactly 1 s (a server-given delay is not jittered) and retries.
 */
const FAULT: FaultRule = { signal: 'traces', reply: 503, retryAfterSeconds: 1 };
const FAULT_TEXT = '503 (Retry-After: 1) once on /v1/traces';

/** Runs the demo; resolves with the exit code (0; 1 when the embedded receiver's counts disagree with the pipeline's). */
export async function runDemo(args: DemoArgs, io: CliIo): Promise<number> {
  const external = (io.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '').trim();
  if (args.ui === true && external !== '') {
    io.error('demo: --ui needs the embedded receiver, but OTEL_EXPORTER_OTLP_ENDPOINT is set (unset it, or run `otlp-lite receive --ui` as that collector)');
    return 2;
  }
  const warnings: string[] = [];
  setDiagnosticHandler((level, message) => {
    if (level === 'warn' || level === 'error') warnings.push(message);
  });
  let receiver: RunningReceiver | undefined;
  let faultAt: number | undefined;
  let retriedAt: number | undefined;
  try {
    if (external === '') {
      receiver = await startReceiver({
        host: '127.0.0.1',
        port: 0,
        faults: [FAULT],
        // With the viewer the server holds the process open until Ctrl-C.
        unref: args.ui !== true,
        ...(args.ui === true ? { ui: true } : {}),
        onReply: (e) => {
          if (e.fault) faultAt = e.time.getTime();
          else if (e.signal === FAULT.signal && e.status === 200 && faultAt !== undefined) retriedAt ??= e.time.getTime();
        },
        ...(args.verbose && !args.json ? { onRequest: (e) => { for (const line of formatExport(e)) io.out(line); } } : {}),
      });
    }
    const base = receiver?.url ?? external;
    if (receiver?.uiUrl !== undefined && !args.json) {
      io.out(`live viewer: ${receiver.uiUrl} (open it now to watch the session arrive; it stays up afterwards until Ctrl-C)`);
    }

    const cpu0 = process.cpuUsage();
    const setupStart = performance.now();
    const provider = OtelProvider.from(
      {
        environment: 'demo',
        serviceName: 'otlp-lite-demo',
        serviceVersion: VERSION,
        // Embedded: explicit full URLs. External: leave the exporters to OTEL_EXPORTER_OTLP_* (endpoint, headers, …).
        ...(receiver === undefined
          ? {}
          : {
              exporter: { kind: 'otlp-http', endpoint: `${base}/v1/logs`, protocol: 'json' },
              traceExporter: { kind: 'otlp-http', endpoint: `${base}/v1/traces`, protocol: 'json' },
              metricsExporter: { kind: 'otlp-http', endpoint: `${base}/v1/metrics`, protocol: 'json' },
            }),
      },
      { env: io.env, beforeExitFlush: false },
    );
    const setupMs = performance.now() - setupStart;
    if (provider === undefined) {
      io.error('demo: no signal is exported (check OTEL_SDK_DISABLED and OTEL_*_EXPORTER)');
      return 1;
    }

    const measures = await runSession(provider);
    const shutdown = await provider.shutdown(args.handoff === true ? { handoff: true } : {});
    const cpu = process.cpuUsage(cpu0);
    const stats = provider.stats();
    const handedOff = stats.handedOff;
    let handoff: DemoReport['handoff'];
    if (args.handoff === true) {
      // The sender delivers after shutdown returned: wait (bounded) until the receiver has it all.
      const returned = performance.now();
      const want = (s: Signal): number => (stats[s]?.exported ?? 0) + handedOff[s];
      let deliveredAfterMs: number | null = null;
      while (receiver !== undefined && performance.now() - returned < 15_000) {
        const now = receiver.stats();
        if (SIGNALS.every((s) => now[s].items >= want(s))) {
          deliveredAfterMs = performance.now() - returned;
          break;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      handoff = { items: SIGNALS.reduce((n, s) => n + handedOff[s], 0), deliveredAfterMs: deliveredAfterMs === null ? null : round(deliveredAfterMs) };
    }
    if (args.ui !== true) await receiver?.close();

    const got = receiver?.stats();
    // With --handoff, what the detached sender delivered counts as exported.
    const pipeline = {
      traces: pipelineCounts(stats.traces, handedOff.traces),
      logs: pipelineCounts(stats.logs, handedOff.logs),
      metrics: pipelineCounts(stats.metrics, handedOff.metrics),
    };
    // Items the session produced: exported or dropped (the per-item denominators).
    const items = SIGNALS.reduce((n, s) => n + pipeline[s].exported + pipeline[s].dropped, 0);
    const decodeMicros = got === undefined ? 0 : SIGNALS.reduce((n, s) => n + got[s].decodeMs * 1000, 0);
    const exportCpuMicros = Math.max(0, cpu.user + cpu.system - measures.recordingCpuMicros - decodeMicros);
    const receiverCounts =
      got === undefined
        ? null
        : (Object.fromEntries(
            SIGNALS.map((s) => [s, { items: got[s].items, requests: got[s].requests, bytes: got[s].bytes, faults: got[s].faults }]),
          ) as Record<Signal, ReceivedCounts>);
    const ok =
      receiverCounts !== null &&
      SIGNALS.every((s) => receiverCounts[s].items === pipeline[s].exported && pipeline[s].dropped === 0) &&
      items > 0 &&
      !shutdown.timedOut;

    const report: DemoReport = {
      mode: receiver === undefined ? 'external' : 'embedded',
      endpoint: base,
      fault: receiver === undefined ? null : FAULT_TEXT,
      receiver: receiverCounts,
      pipeline,
      session: { telemetryCalls: measures.calls },
      shutdown: { durationMs: round(shutdown.durationMs), budgetMs: SHUTDOWN_BUDGET_MS, timedOut: shutdown.timedOut },
      overhead: {
        items,
        recordCpuMicros: Math.round(measures.recordingCpuMicros),
        recordCpuMicrosPerItem: items === 0 ? 0 : round(measures.recordingCpuMicros / items),
        exportCpuMicros: Math.round(exportCpuMicros),
        setupMs: round(setupMs),
        recordingMs: round(measures.recordingMs),
        addedWallMs: round(setupMs + measures.recordingMs + shutdown.durationMs),
        retryWaitMs: faultAt !== undefined && retriedAt !== undefined ? Math.max(0, retriedAt - faultAt) : 0,
      },
      warnings,
      ok,
      ...(receiver?.uiUrl !== undefined ? { viewer: receiver.uiUrl } : {}),
      ...(handoff !== undefined ? { handoff } : {}),
    };
    io.out(args.json ? JSON.stringify(report) : formatReport(report));
    if (receiver?.uiUrl !== undefined) {
      if (!args.json) io.out(`\nlive viewer: ${receiver.uiUrl} is still up: browse the session's traces, logs and metrics; Ctrl-C to stop`);
      await io.waitForStop();
    } else if (!args.json && receiver !== undefined) {
      const again = io.env['npm_lifecycle_event'] === 'start' ? 'npm start -- --ui' : 'otlp-lite demo --ui';
      io.out(`\nlive viewer: run '${again}' to browse the session in a web page (trace waterfalls, logs, metric charts);`);
      io.out("  for your own CLI, run 'otlp-lite receive --ui', point OTEL_EXPORTER_OTLP_ENDPOINT at it and open http://127.0.0.1:4318/");
    }
    return receiver === undefined || ok ? 0 : 1;
  } catch (e) {
    // A bad OTEL_* variable in external mode (e.g. a client certificate without its key) lands here.
    io.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    setDiagnosticHandler(undefined);
    await receiver?.close();
  }
}

function pipelineCounts(s: SignalStats | undefined, handedOff = 0): PipelineCounts {
  return {
    exported: (s?.exported ?? 0) + handedOff,
    dropped: s?.droppedTotal ?? 0,
    retries: s?.retries ?? 0,
    requests: s?.requests ?? 0,
    bytesSent: s?.bytesSent ?? 0,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
