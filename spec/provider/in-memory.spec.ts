// In-process exporters: InMemory{Span,Log}Exporter keep records (and refuse after shutdown);
// ConsoleExporter writes one OTLP/JSON line per batch; OTEL_TRACES_EXPORTER=console uses it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleExporter, InMemoryLogExporter, InMemorySpanExporter } from '../../lib/pipeline/in-memory.ts';
import { OtelProvider } from '../../lib/facades/provider.ts';
import { decodeTracesRequest } from '../../proto-json/decode.ts';
import type { SpanData } from '../../proto-json/model.ts';

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
