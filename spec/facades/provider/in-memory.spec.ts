// In-process exporters: InMemory{Span,Log}Exporter keep records (and refuse after shutdown);
// ConsoleExporter writes one OTLP/JSON line per batch; OTEL_TRACES_EXPORTER=console uses it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleExporter, InMemoryLogExporter, InMemorySpanExporter } from '../../../lib/pipeline/export/in-memory.ts';
import { OtelProvider } from '../../../lib/facades/provider.ts';
import { decodeTracesRequest } from '../../../proto-json/decode.ts';
import type { SpanData } from '../../../proto-json/model.ts';
import { withSpan } from '../../../lib/signals/trace/tracer.ts';
import { inMemoryProvider } from '../../helpers/provider.ts';

const signal = new AbortController().signal;

describe('in-memory exporters', () => {
  it('keep every exported record and refuse batches after shutdown', async () => {
    const e = new InMemoryLogExporter();
    const rec = { body: 'x' } as never;
    assert.deepEqual(await e.export([rec, rec], Date.now() + 1000, signal), { exported: 2, dropped: 0 });
    await e.shutdown();
    assert.deepEqual(await e.export([rec], Date.now() + 1000, signal), { exported: 0, dropped: 1, reason: 'shutdown' });
    assert.equal(e.getFinishedLogRecords().length, 2);
    assert.equal(e.batches, 1);
    e.reset();
    assert.equal(e.getFinishedLogRecords().length, 0);
  });

  it('return copies', async () => {
    const e = new InMemorySpanExporter();
    await e.export([{} as SpanData], Date.now() + 1000, signal);
    e.getFinishedSpans().length = 0;
    assert.equal(e.getFinishedSpans().length, 1);
  });
});

describe('logger.emit with a parent, through the in-memory exporter', () => {
  it("stamps the parent's trace id, span id and flags without making it active", async () => {
    const { p, logs } = inMemoryProvider({ serviceName: 'parent' }, { beforeExitFlush: false });
    const span = p.tracer.startSpan('work');
    const remote = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, traceState: '', isRemote: true };
    const other = p.tracer.startSpan('active');
    withSpan(other, () => {
      p.logger.emit({ body: 'span parent', parent: span });
      p.logger.emit({ body: 'context parent', parent: remote });
      p.logger.emit({ body: 'no parent', parent: null });
      p.logger.emit({ body: 'invalid parent', parent: { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 1, traceState: '', isRemote: true } });
      p.logger.emit({ body: 'active' });
    });
    p.logger.emit({ body: 'outside', parent: span });
    span.end();
    other.end();
    await p.shutdown();
    const got = Object.fromEntries(logs.getFinishedLogRecords().map((r) => [r.body as string, [r.traceId, r.spanId, r.flags]]));
    const s = span.spanContext();
    const o = other.spanContext();
    assert.deepEqual(got, {
      'span parent': [s.traceId, s.spanId, 1],
      'context parent': [remote.traceId, remote.spanId, 1],
      'no parent': ['', '', 0],
      'invalid parent': ['', '', 0],
      active: [o.traceId, o.spanId, 1],
      outside: [s.traceId, s.spanId, 1],
    });
    assert.notEqual(s.traceId, o.traceId);
  });
});

describe('console exporter', () => {
  it('writes one encoded line per batch and never throws', async () => {
    const lines: string[] = [];
    const e = new ConsoleExporter<number>((items) => JSON.stringify(items), (l) => lines.push(l));
    assert.deepEqual(await e.export([1, 2], 0, signal), { exported: 2, dropped: 0 });
    assert.deepEqual(lines, ['[1,2]\n']);
    const broken = new ConsoleExporter<number>(() => {
      throw new Error('encode failed');
    });
    assert.deepEqual(await broken.export([1], 0, signal), { exported: 0, dropped: 1, reason: 'non_retryable' });
  });

  it('OTEL_TRACES_EXPORTER=console writes OTLP/JSON to stdout', async () => {
    const p = OtelProvider.from({ serviceName: 'console' }, { env: { OTEL_TRACES_EXPORTER: 'console' }, beforeExitFlush: false })!;
    p.tracer.startSpan('printed').end();
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await p.shutdown();
    } finally {
      process.stdout.write = write;
    }
    const line = out.find((l) => l.includes('resourceSpans'));
    assert.ok(line);
    assert.equal(decodeTracesRequest(line.trim()).resourceSpans![0]!.scopeSpans![0]!.spans![0]!.name, 'printed');
  });
});
