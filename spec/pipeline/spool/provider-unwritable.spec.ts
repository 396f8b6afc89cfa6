// A spool directory that becomes unwritable (here: replaced by a file, ENOTDIR for every write)
// under a provider whose collector is dead: shutdown resolves, nothing throws, nothing is printed,
// and what could not be spooled is counted as dropped and as a spool write failure.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import '../../../lib/spool.ts'; // registers the spool and the hand-off
import { OtelProvider } from '../../../lib/facades/provider.ts';
import { setDiagnosticHandler } from '../../../lib/platform/diag.ts';
import { failOnUnhandledRejection } from '../../helpers/guard.ts';
import { deadPort, tempDirs } from './support.ts';

failOnUnhandledRejection();

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('spool: unwritable directory under OtelProvider', () => {
  it('counts the drop and the write failure; shutdown resolves; no throw, no notice', async () => {
    const { dir, spool } = tempDirs('otlp-lite-unwritable-');
    made.push(dir);
    const port = await deadPort();
    const notices: string[] = [];
    setDiagnosticHandler((level, m) => {
      if (level !== 'debug') notices.push(m);
    });
    try {
      const http = (p: string) => ({ kind: 'otlp-http' as const, endpoint: `http://127.0.0.1:${port}${p}`, protocol: 'json' as const, timeoutMs: 200 });
      const provider = OtelProvider.from({ traceExporter: http('/v1/traces') }, { env: {}, beforeExitFlush: false, shutdownTimeoutMs: 400, spool: { dir: spool } })!;
      for (let i = 0; i < 4; i++) provider.tracer.startSpan(`s${i}`).end();
      rmSync(spool, { recursive: true });
      writeFileSync(spool, 'not a directory any more');
      const r = await provider.shutdown();
      const s = provider.stats();
      assert.ok(r.status === 'finished' || r.status === 'timed-out');
      assert.equal(s.spool!.written, 0);
      assert.ok(s.spool!.writeFailures >= 1);
      assert.equal(s.spooled.traces, 0);
      assert.equal(s.traces!.droppedTotal, 4);
      assert.equal(s.traces!.exported, 0);
      assert.ok(notices.every((m) => !m.includes('spool disabled')), 'the directory was fit when opened');
    } finally {
      setDiagnosticHandler(undefined);
    }
  });
});
