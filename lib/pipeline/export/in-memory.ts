// In-process exporters: InMemorySpanExporter / InMemoryLogExporter keep finished records for tests
// and benchmarks (plug in with `{ kind: 'custom', exporter }`), and ConsoleExporter writes each
// batch as one OTLP/JSON line to stdout (OTEL_*_EXPORTER=console). Both go through the same
// batching pipeline as OTLP.
import type { LogRecordData, SpanData } from '../../../proto-json/model.ts';
import type { Exporter, ExportResult } from '../../contracts.ts';

/** Keeps every exported record in memory, in export order. Records survive shutdown. */
export class InMemoryExporter<T> implements Exporter<T> {
  #items: T[] = [];
  #stopped = false;
  #batches = 0;

  /** Stores the batch; after shutdown the batch is refused (counted as dropped by the pipeline). */
  export(items: readonly T[], _deadline?: number, _signal?: AbortSignal): Promise<ExportResult> {
    if (this.#stopped) return Promise.resolve({ exported: 0, dropped: items.length, reason: 'shutdown' });
    for (let i = 0; i < items.length; i++) this.#items.push(items[i]!);
    this.#batches++;
    return Promise.resolve({ exported: items.length, dropped: 0 });
  }

  /** Stops accepting batches; what was exported stays readable. */
  shutdown(): Promise<void> {
    this.#stopped = true;
    return Promise.resolve();
  }

  /** Records exported so far (a copy). */
  getFinished(): T[] {
    return this.#items.slice();
  }

  /** Number of export calls that delivered a batch. */
  get batches(): number {
    return this.#batches;
  }

  /** Forgets the records exported so far. */
  reset(): void {
    this.#items = [];
    this.#batches = 0;
  }
}

/** Keeps finished spans (SpanData) in memory; read them with getFinishedSpans(). */
export class InMemorySpanExporter extends InMemoryExporter<SpanData> {
  /** Spans exported so far, in end order (a copy). */
  getFinishedSpans(): SpanData[] {
    return this.getFinished();
  }
}

/** Keeps finished log records in memory; read them with getFinishedLogRecords(). */
export class InMemoryLogExporter extends InMemoryExporter<LogRecordData> {
  /** Log records exported so far, in emit order (a copy). */
  getFinishedLogRecords(): LogRecordData[] {
    return this.getFinished();
  }
}

/** Writes each batch, encoded by `encode`, as one line to `write` (default: process.stdout). */
export class ConsoleExporter<T> implements Exporter<T> {
  readonly #encode: (items: readonly T[]) => string;
  readonly #write: (line: string) => void;
  constructor(encode: (items: readonly T[]) => string, write?: (line: string) => void) {
    this.#encode = encode;
    this.#write = write ?? ((line) => void process.stdout.write(line));
  }

  export(items: readonly T[], _deadline?: number, _signal?: AbortSignal): Promise<ExportResult> {
    try {
      this.#write(`${this.#encode(items)}\n`);
      return Promise.resolve({ exported: items.length, dropped: 0 });
    } catch {
      return Promise.resolve({ exported: 0, dropped: items.length, reason: 'non_retryable' });
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
