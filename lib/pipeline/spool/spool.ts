// The disk spool: request bodies a budget could not deliver, kept for a later run. One file per
// request body, written atomically (temp file, then rename), 0600 in a 0700 directory that must
// belong to the current user and be writable by nobody else. Entries carry the signal, endpoint
// URL, content type, encoding and creation time: never headers or keys. A later process claims an
// entry by renaming it (atomic, so two processes never send one entry twice), sends it, deletes
// it. Bounded by bytes (oldest evicted) and age (older dropped). Every filesystem failure is a
// counted outcome: nothing here throws, and nothing prints at the default log level.
import { builtin } from '../../platform/builtin.ts';
import { diag, diagNotice } from '../../platform/diag.ts';
import type { Signal } from '../../contracts.ts';

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

/** What an entry records besides its body. Never headers or keys. */
export interface SpoolEntryMeta {
  readonly signal: Signal;
  /** Endpoint URL the body is for. */
  readonly url: string;
  /** `application/json` or `application/x-protobuf` (also for OTLP/gRPC, whose body is the same message). */
  readonly contentType: string;
  /** Encoding of the stored body: always `identity` (compression is applied when it is sent). */
  readonly encoding: 'identity';
  /** Creation time, epoch ms. */
  readonly created: number;
  /** OTLP items in the body (for counting). */
  readonly items: number;
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
/** The format version this code writes and reads. */
export const SPOOL_FORMAT_VERSION = 1;
const MAGIC = 'OTLPLITE-SPOOL ';
const ENTRY = /^(\d{13})-(\d+)-([0-9a-z]{8})\.otlp$/;
const CLAIM = /^(\d{13}-\d+-[0-9a-z]{8}\.otlp)\.claim-(\d+)$/;
const SIGNALS: readonly string[] = ['traces', 'logs', 'metrics'];
/** Longest header line read (meta JSON): anything longer is garbage. */
const MAX_HEADER = 8192;

// node:fs and node:path are loaded at the first spool operation, never at import time (cold start).
const fs = (): typeof import('node:fs') => builtin('node:fs');
const join = (a: string, b: string): string => builtin('node:path').join(a, b);

function rand8(): string {
  let s = '';
  while (s.length < 8) s += Math.random().toString(36).slice(2);
  return s.slice(0, 8);
}

/** True when process `pid` is alive (or exists under another user). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process not yet reaped (a zombie: its parent exited and init is slow or absent) is dead.
  if (process.platform === 'linux') {
    try {
      const stat = fs().readFileSync(`/proc/${pid}/stat`, 'latin1');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return true;
    }
  }
  return true;
}

/** Encodes one entry file: magic + version line, meta JSON line, body. */
export function encodeEntry(meta: SpoolEntryMeta, body: Uint8Array): Uint8Array {
  const head = Buffer.from(`${MAGIC}${SPOOL_FORMAT_VERSION}\n${JSON.stringify({ ...meta, bytes: body.byteLength })}\n`, 'utf8');
  const out = new Uint8Array(head.byteLength + body.byteLength);
  out.set(head, 0);
  out.set(body, head.byteLength);
  return out;
}

/** Decodes an entry file: the entry, `newer` (a later format: leave it), or `corrupt`. Never throws. */
export function decodeEntry(data: Uint8Array): { meta: SpoolEntryMeta; body: Uint8Array } | 'newer' | 'corrupt' {
  try {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const nl1 = buf.indexOf(10);
    if (nl1 < 0 || nl1 > 64) return 'corrupt';
    const first = buf.subarray(0, nl1).toString('utf8');
    if (!first.startsWith(MAGIC)) return 'corrupt';
    const version = Number(first.slice(MAGIC.length));
    if (!Number.isSafeInteger(version) || version < 1) return 'corrupt';
    if (version > SPOOL_FORMAT_VERSION) return 'newer';
    const nl2 = buf.indexOf(10, nl1 + 1);
    if (nl2 < 0 || nl2 - nl1 > MAX_HEADER) return 'corrupt';
    const m = JSON.parse(buf.subarray(nl1 + 1, nl2).toString('utf8')) as Record<string, unknown>;
    if (typeof m !== 'object' || m === null) return 'corrupt';
    const body = new Uint8Array(buf.subarray(nl2 + 1));
    const ok = typeof m['signal'] === 'string' && SIGNALS.includes(m['signal'])
      && typeof m['url'] === 'string' && /^https?:\/\//.test(m['url'])
      && typeof m['contentType'] === 'string' && m['encoding'] === 'identity'
      && typeof m['created'] === 'number' && Number.isFinite(m['created'])
      && typeof m['items'] === 'number' && Number.isSafeInteger(m['items']) && m['items'] >= 0
      && m['bytes'] === body.byteLength;
    if (!ok) return 'corrupt';
    const meta: SpoolEntryMeta = {
      signal: m['signal'] as Signal, url: m['url'] as string, contentType: m['contentType'] as string,
      encoding: 'identity', created: m['created'] as number, items: m['items'] as number,
    };
    return { meta, body };
  } catch {
    return 'corrupt';
  }
}

/** Why a directory cannot hold a spool, or undefined when it is fit (created 0700 when missing). */
function unfitDir(dir: string): string | undefined {
  try {
    fs().mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs().lstatSync(dir);
    if (st.isSymbolicLink()) return 'is a symbolic link';
    if (!st.isDirectory()) return 'is not a directory';
    if (process.platform !== 'win32') {
      const uid = process.getuid?.();
      if (uid !== undefined && st.uid !== uid) return 'is not owned by the current user';
      if ((st.mode & 0o022) !== 0) return 'is writable by group or others';
    }
    return undefined;
  } catch (e) {
    return `cannot be created or read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

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
