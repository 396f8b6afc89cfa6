// A bounded FIFO ring buffer of records: O(1) push, batch take, growth on demand up to capacity.

/** A fixed-capacity FIFO that grows its backing array on demand, up to `capacity`. */
export class RingQueue<T> {
  readonly capacity: number;
  #buf: (T | undefined)[];
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#buf = new Array<T | undefined>(Math.min(capacity, 1024));
  }

  get size(): number {
    return this.#size;
  }

  /** Hot path: O(1) amortized, no allocation except when the backing array doubles. */
  push(item: T): boolean {
    if (this.#size >= this.capacity) return false;
    let buf = this.#buf;
    if (this.#size === buf.length) buf = this.#grow();
    buf[(this.#head + this.#size) % buf.length] = item;
    this.#size++;
    return true;
  }

  /** Removes and returns up to `n` records, oldest first. */
  take(n: number): T[] {
    const count = Math.min(n, this.#size);
    const out = new Array<T>(count);
    const buf = this.#buf;
    const len = buf.length;
    let h = this.#head;
    for (let i = 0; i < count; i++) {
      out[i] = buf[h] as T;
      buf[h] = undefined;
      h = h + 1 === len ? 0 : h + 1;
    }
    this.#head = h;
    this.#size -= count;
    return out;
  }

  #grow(): (T | undefined)[] {
    const old = this.#buf;
    const next = new Array<T | undefined>(Math.min(this.capacity, Math.max(16, old.length * 2)));
    for (let i = 0; i < this.#size; i++) next[i] = old[(this.#head + i) % old.length];
    this.#buf = next;
    this.#head = 0;
    return next;
  }
}
