// The disk spool: request bodies a budget could not deliver, kept for a later run. One file per
// request body, written atomically (temp file, then rename), 0600 in a 0700 directory that must
// belong to the current user and be writable by nobody else. Entries carry the signal, endpoint
// URL, content type, encoding and creation time: never headers or keys. A later process claims an
// entry by renaming it (atomic, so two processes never send one entry twice), sends it, deletes
// it. Bounded by bytes (oldest evicted) and age (older dropped). Every filesystem failure is a
// counted outcome: nothing here throws, and nothing prints at the default log level.
import { diag, diagNotice } from '../../platform/diag.ts';
import { decodeEntry, encodeEntry, type SpoolEntryMeta } from './entry.ts';
import { alive, fs, join, rand8, unfitDir } from './fs-util.ts';

/** Spool settings (`OtelProvider.from(settings, { spool })` or `OTLP_LITE_SPOOL_DIR`). */
export interface SpoolOptions {
  /** Directory of the spool; created 0700 when missing. */
  readonly dir: string;
  /** Bytes on disk before the oldest entries are evicted. @default 16777216 (16 MiB) */
  readonly maxBytes?: number;
  /** Entries older than this are dropped, not sent (backends reject stale data). @default 86400000 (24 h) */
  readonly maxAgeMs?: number;
}

/** The spool's counters, as `stats().spool` shows them. */
export interface SpoolStats {
  /** Directory in use; undefined when the spool is disabled. */
  readonly dir: string | undefined;
  /** Entries written (request bodies a budget could not deliver). */
  readonly written: number;
  /** OTLP items in the entries written. */
  readonly spooledItems: number;
  /** Entries delivered by replay (and deleted). */
  readonly replayed: number;
  /** Entries dropped because they were older than maxAgeMs. */
  readonly expired: number;
  /** Entries evicted (oldest first) to stay under maxBytes. */
  readonly evicted: number;
  /** Hostile files skipped: truncated, garbage, foreign names, a newer format version. */
  readonly corrupt: number;
  /** Writes that failed (ENOSPC, EACCES, read-only): those bodies were dropped and counted. */
  readonly writeFailures: number;
  /** Bytes of entries on disk at the last scan or write. */
  readonly bytes: number;
}

/** An entry this process has claimed (renamed to its own name): send it, then complete or release it. */
export interface ClaimedEntry {
  readonly meta: SpoolEntryMeta;
  readonly body: Uint8Array;
  /** The claimed file's name. */
  readonly file: string;
  /** The entry's name before the claim. */
  readonly base: string;
}

export const DEFAULT_SPOOL_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_SPOOL_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const ENTRY = /^(\d{13})-(\d+)-([0-9a-z]{8})\.otlp$/;
const CLAIM = /^(\d{13}-\d+-[0-9a-z]{8}\.otlp)\.claim-(\d+)$/;
/** One spool directory. Methods never throw. */
export class Spool {
  readonly dir: string;
  readonly maxBytes: number;
  readonly maxAgeMs: number;
  #written = 0;
  #spooledItems = 0;
  #replayed = 0;
  #expired = 0;
  #evicted = 0;
  #corrupt = 0;
  #writeFailures = 0;
  #bytes = 0;
  /** Names already counted as hostile (each counted once per process). */
  readonly #counted = new Set<string>();

  private constructor(dir: string, maxBytes: number, maxAgeMs: number) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.maxAgeMs = maxAgeMs;
  }

  /**
   * Opens (creating it 0700 when missing) the spool at `opts.dir`. Undefined, with one warning at
   * the default log level, when the directory is unfit (not ours, group/other-writable, a symlink,
   * not creatable).
   */
  static open(opts: SpoolOptions): Spool | undefined {
    const dir = opts.dir;
    if (typeof dir !== 'string' || dir === '') return undefined;
    const why = unfitDir(dir);
    if (why !== undefined) {
      diagNotice(`spool-unfit:${dir}`, `spool disabled: directory ${dir} ${why}; undelivered telemetry will be dropped (counted)`);
      return undefined;
    }
    const mb = opts.maxBytes;
    const ma = opts.maxAgeMs;
    const s = new Spool(
      dir,
      mb !== undefined && Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_SPOOL_MAX_BYTES,
      ma !== undefined && Number.isFinite(ma) && ma > 0 ? ma : DEFAULT_SPOOL_MAX_AGE_MS,
    );
    return s;
  }

  stats(): SpoolStats {
    return Object.freeze({
      dir: this.dir, written: this.#written, spooledItems: this.#spooledItems, replayed: this.#replayed, expired: this.#expired,
      evicted: this.#evicted, corrupt: this.#corrupt, writeFailures: this.#writeFailures, bytes: this.#bytes,
    });
  }

  /**
   * Writes one entry synchronously (safe in an `exit` listener): temp file 0600, then rename.
   * Evicts the oldest entries first to stay under maxBytes. Returns the entry's name (claimed for
   * `claimPid` when given: the name a sender process will take over), or undefined when the write
   * failed (counted in writeFailures; the caller counts the drop).
   */
  write(meta: Omit<SpoolEntryMeta, 'encoding' | 'created'> & { created?: number }, body: Uint8Array, claimPid?: number): string | undefined {
    const full: SpoolEntryMeta = { signal: meta.signal, url: meta.url, contentType: meta.contentType, encoding: 'identity', created: meta.created ?? Date.now(), items: meta.items };
    const data = encodeEntry(full, body);
    if (data.byteLength > this.maxBytes) {
      this.#evicted++;
      return undefined;
    }
    this.#makeRoom(data.byteLength);
    const base = `${String(Math.min(full.created, 9_999_999_999_999)).padStart(13, '0')}-${process.pid}-${rand8()}.otlp`;
    const name = claimPid === undefined ? base : `${base}.claim-${claimPid}`;
    const tmp = join(this.dir, `.tmp-${process.pid}-${rand8()}`);
    let fd: number | undefined;
    try {
      fd = fs().openSync(tmp, 'wx', 0o600);
      let off = 0;
      while (off < data.byteLength) off += fs().writeSync(fd, data, off, data.byteLength - off);
      // No fsync: an entry must survive its process (kill -9, process.exit), which the page cache
      // ensures; paying a disk flush per entry at exit would cost more than it protects.
      fs().closeSync(fd);
      fd = undefined;
      fs().renameSync(tmp, join(this.dir, name));
      this.#written++;
      this.#spooledItems += full.items;
      this.#bytes += data.byteLength;
      return name;
    } catch (e) {
      if (fd !== undefined) {
        try {
          fs().closeSync(fd);
        } catch {
          // already closed
        }
      }
      try {
        fs().unlinkSync(tmp);
      } catch {
        // never created
      }
      this.#writeFailures++;
      diag('warn', `spool write failed (${(e as NodeJS.ErrnoException).code ?? 'error'}): ${meta.signal} batch dropped`);
      return undefined;
    }
  }

  /**
   * Entries waiting (names, oldest first), after dropping expired ones and recovering claims of
   * processes that died. Foreign names are counted once and left alone.
   */
  scan(): string[] {
    let names: string[];
    try {
      names = fs().readdirSync(this.dir);
    } catch {
      return [];
    }
    const now = Date.now();
    const out: { name: string; created: number }[] = [];
    let bytes = 0;
    for (const name of names) {
      if (name.startsWith('.tmp-')) continue;
      const e = ENTRY.exec(name);
      if (e !== null) {
        const created = Number(e[1]);
        const size = this.#size(name);
        if (size === undefined) {
          this.#countHostile(name); // not a regular file (a directory, a socket…): never touched
          continue;
        }
        if (now - created > this.maxAgeMs) {
          if (this.#unlink(name)) this.#expired++;
          continue;
        }
        bytes += size;
        out.push({ name, created });
        continue;
      }
      const c = CLAIM.exec(name);
      if (c !== null) {
        const size = this.#size(name);
        if (size !== undefined) bytes += size;
        // A claim whose process is gone (killed mid-send): the entry goes back to the spool.
        if (!alive(Number(c[2]))) {
          const base = c[1] as string;
          try {
            fs().renameSync(join(this.dir, name), join(this.dir, base));
            out.push({ name: base, created: Number(base.slice(0, 13)) });
          } catch {
            // another process recovered it first
          }
        }
        continue;
      }
      this.#countHostile(name);
    }
    this.#bytes = bytes;
    out.sort((a, b) => a.created - b.created || (a.name < b.name ? -1 : 1));
    return out.map((x) => x.name);
  }

  /**
   * Claims entry `name` for process `pid` (default: this one) by an atomic rename, then reads it.
   * Undefined when another process claimed it first, or when it is hostile (counted; garbage and
   * truncated entries are deleted, newer-version entries left for a newer reader).
   */
  claim(name: string, pid: number = process.pid): ClaimedEntry | undefined {
    const base = name.replace(/\.claim-\d+$/, '');
    const file = `${base}.claim-${pid}`;
    if (name !== file) {
      try {
        fs().renameSync(join(this.dir, name), join(this.dir, file));
      } catch {
        return undefined; // claimed by another process (or gone)
      }
    }
    let data: Uint8Array;
    try {
      data = fs().readFileSync(join(this.dir, file));
    } catch {
      return undefined;
    }
    const d = decodeEntry(data);
    if (d === 'newer') {
      this.release({ file, base } as ClaimedEntry);
      this.#countHostile(base);
      return undefined;
    }
    if (d === 'corrupt') {
      this.#unlink(file);
      this.#corrupt++;
      return undefined;
    }
    if (Date.now() - d.meta.created > this.maxAgeMs) {
      if (this.#unlink(file)) this.#expired++;
      return undefined;
    }
    return { meta: d.meta, body: d.body, file, base };
  }

  /** A claimed entry was delivered: deleted and counted as replayed. */
  complete(entry: Pick<ClaimedEntry, 'file'>): void {
    const size = this.#size(entry.file);
    if (this.#unlink(entry.file)) {
      this.#replayed++;
      if (size !== undefined) this.#bytes = Math.max(0, this.#bytes - size);
    }
  }

  /** A claimed entry was not delivered: back in the spool for a later run. */
  release(entry: Pick<ClaimedEntry, 'file' | 'base'>): void {
    try {
      fs().renameSync(join(this.dir, entry.file), join(this.dir, entry.base));
    } catch {
      // gone: nothing to give back
    }
  }

  /** Removes a claimed entry without counting it as replayed (its endpoint is this process's, but it was dropped for good). */
  discard(entry: Pick<ClaimedEntry, 'file'>): void {
    this.#unlink(entry.file);
  }

  #countHostile(name: string): void {
    if (this.#counted.has(name)) return;
    this.#counted.add(name);
    this.#corrupt++;
  }

  /** Size of a regular file in the spool (lstat: a symlink is not followed), else undefined. */
  #size(name: string): number | undefined {
    try {
      const st = fs().lstatSync(join(this.dir, name));
      return st.isFile() ? st.size : undefined;
    } catch {
      return undefined;
    }
  }

  #unlink(name: string): boolean {
    try {
      fs().unlinkSync(join(this.dir, name));
      return true;
    } catch {
      return false;
    }
  }

  // Oldest entries first until `incoming` more bytes fit under maxBytes (claimed entries stay).
  #makeRoom(incoming: number): void {
    const names = this.scan();
    let total = this.#bytes;
    for (const name of names) {
      if (total + incoming <= this.maxBytes) break;
      const size = this.#size(name) ?? 0;
      if (this.#unlink(name)) {
        this.#evicted++;
        total -= size;
      }
    }
    this.#bytes = total;
  }
}
