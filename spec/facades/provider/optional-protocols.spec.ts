// OTLP protobuf and gRPC are opt-in entries (`otlp-lite/protobuf`, `otlp-lite/grpc`): this file
// never imports them, so the environment asking for them must be said once at the default log
// level (no OTEL_LOG_LEVEL) and every record counted as dropped; nothing is sent anywhere else.
// Own process per spec file: the registry starts empty here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OtelProvider } from '../../../lib/facades/provider.ts';
import { registeredProtocols } from '../../../lib/pipeline/export/exporters.ts';
import { setDiagnosticHandler } from '../../../lib/platform/diag.ts';
import { startReceiver } from '../../../lib/receiver/server.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('protocols that are not loaded', () => {
  it('are not registered by the default entry', async () => {
    await import('../../../lib/index.ts');
    assert.deepEqual(registeredProtocols(), { protobuf: false, grpc: false });
  });

  it('warn once naming the import, count every record as dropped and send nothing', async () => {
    let requests = 0;
    const rx = await startReceiver({ port: 0, host: '127.0.0.1', onRequest: () => void requests++ });
    const seen: string[] = [];
    setDiagnosticHandler((_level, m) => seen.push(m));
    try {
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf', OTEL_METRICS_EXPORTER: 'none' };
      const p = OtelProvider.from({}, { env, beforeExitFlush: false })!;
      for (let i = 0; i < 3; i++) {
        p.tracer.startSpan(`s${i}`).end();
        p.logger.emit({ body: `l${i}` });
      }
      const r = await p.shutdown();
      assert.equal(r.traces?.exported, 0);
      assert.equal(r.traces?.dropped, 3);
      assert.equal(r.logs?.exported, 0);
      assert.equal(r.logs?.dropped, 3);
      assert.match(String(p.stats().traces?.lastError?.message), /import 'otlp-lite\/grpc'/);
      assert.equal(seen.filter((m) => m.includes("import 'otlp-lite/grpc'")).length, 1, seen.join('\n'));
      assert.equal(seen.filter((m) => m.includes("import 'otlp-lite/protobuf'")).length, 1, seen.join('\n'));
      assert.equal(requests, 0);
    } finally {
      setDiagnosticHandler(undefined);
      await rx.close();
    }
  });

  it('print that warning on stderr at the default log level, once', () => {
    const script = `
      import { OtelProvider } from './lib/index.ts';
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' };
      const p = OtelProvider.from({}, { env, beforeExitFlush: false });
      p.tracer.startSpan('x').end();
      const r = await p.shutdown();
      console.log(JSON.stringify({ exported: r.traces.exported, dropped: r.traces.dropped }));`;
    const env = { ...process.env };
    delete env['OTEL_LOG_LEVEL'];
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { exported: 0, dropped: 1 });
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 3, run.stderr); // one line per signal (traces, logs, metrics)
    for (const l of lines) assert.match(l, /^otlp-lite warn: (traces|logs|metrics) are configured for OTLP\/gRPC.*import 'otlp-lite\/grpc'/);
  });
});
