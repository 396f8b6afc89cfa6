// A bounded FIFO of records: O(1) push and batch take, in fixed-size chunks, up to capacity.

/** Slots per chunk: a chunk is 8 KiB of pointers, allocated (or recycled) one at a time. */
const CHUNK = 1024;

/**
 * A fixed-capacity FIFO stored as a list of fixed-size chunks. Growing never copies what is
 * queued (a doubling array would copy the whole backlog inside one `push`, on the caller's stack).
 */
export class ChunkedFifo<T> {
  readonly capacity: number;
  readonly #chunkSize: number;
  #chunks: (T | undefined)[][] = [];
  #head = 0; // next slot to take, in #chunks[0]
  #tail = 0; // next slot to fill, in the last chunk
  #size = 0;
  #spare: (T | undefined)[] | undefined; // one emptied chunk kept for reuse

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#chunkSize = Math.max(1, Math.min(CHUNK, capacity));
  }

  get size(): number {
    return this.#size;
  }

  /** Hot path: O(1), no allocation except a new chunk every 1024 records (none when one is recycled). */
  push(item: T): boolean {
    if (this.#size >= this.capacity) return false;
    const chunks = this.#chunks;
    let last = chunks[chunks.length - 1];
    if (last === undefined || this.#tail === this.#chunkSize) {
      last = this.#spare ?? new Array<T | undefined>(this.#chunkSize);
      this.#spare = undefined;
      chunks.push(last);
      this.#tail = 0;
    }
    last[this.#tail++] = item;
    this.#size++;
    return true;
  }

  /** Removes and returns up to `n` records, oldest first. */
  take(n: number): T[] {
    const count = Math.max(0, Math.min(n, this.#size));
    const out = new Array<T>(count);
    const chunks = this.#chunks;
    let i = 0;
    while (i < count) {
      const c = chunks[0] as (T | undefined)[];
      const end = chunks.length === 1 ? this.#tail : this.#chunkSize;
      let h = this.#head;
      const stop = Math.min(end, h + (count - i));
      while (h < stop) {
        out[i++] = c[h] as T;
        c[h++] = undefined;
      }
      this.#head = h;
      if (h === end) {
        if (chunks.length === 1) {
          this.#head = 0;
          this.#tail = 0;
        } else {
          chunks.shift();
          this.#spare = c;
          this.#head = 0;
        }
      }
    }
    this.#size -= count;
    return out;
  }
}
