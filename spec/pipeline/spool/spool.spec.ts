// The disk spool on real files: atomic 0600 entries in a 0700 directory, claims by rename,
// bounds by bytes and age, hostile files skipped and counted (never a throw, nothing printed),
// unfit or vanished directories counted, never thrown.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setDiagnosticHandler } from '../../../lib/platform/diag.ts';
import { encodeEntry } from '../../../lib/pipeline/spool/entry.ts';
import { Spool } from '../../../lib/pipeline/spool/spool.ts';
import { entries, tempDirs } from './support.ts';

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function fresh(): { dir: string; spool: string } {
  const t = tempDirs('otlp-lite-spool-');
  made.push(t.dir);
  return t;
}

const META = { signal: 'traces' as const, url: 'http://127.0.0.1:1/v1/traces', contentType: 'application/json', items: 3 };
const body = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('spool files', () => {
  it('writes one 0600 entry per body, atomically, in a 0700 dir it creates', () => {
    const { dir } = fresh();
    const spoolDir = join(dir, 'created');
    const s = Spool.open({ dir: spoolDir });
    assert.ok(s);
    assert.equal(statSync(spoolDir).mode & 0o777, 0o700);
    const name = s.write(META, body('{"resourceSpans":[]}'));
    assert.ok(name !== undefined && /^\d{13}-\d+-[0-9a-z]{8}\.otlp$/.test(name));
    const files = readdirSync(spoolDir);
    assert.deepEqual(files, [name]); // no temp file left behind
    assert.equal(statSync(join(spoolDir, name)).mode & 0o777, 0o600);
    assert.equal(s.stats().written, 1);
    assert.equal(s.stats().spooledItems, 3);
    assert.ok(s.stats().bytes > 0);
  });

  it('claims by rename: a second claimer gets nothing; complete deletes, release gives it back', () => {
    const { spool } = fresh();
    const a = Spool.open({ dir: spool })!;
    const b = Spool.open({ dir: spool })!;
    const name = a.write(META, body('payload-1'))!;
    const got = a.claim(name);
    assert.ok(got);
    assert.equal(new TextDecoder().decode(got.body), 'payload-1');
    assert.deepEqual({ ...got.meta, created: 0 }, { ...META, encoding: 'identity', created: 0 });
    assert.equal(b.claim(name), undefined);
    assert.deepEqual(b.scan(), []); // a live process's claim is not recovered
    a.release(got);
    assert.deepEqual(b.scan(), [name]);
    const again = b.claim(name)!;
    b.complete(again);
    assert.deepEqual(entries(spool), []);
    assert.equal(b.stats().replayed, 1);
  });

  it('recovers the claim of a process that died', () => {
    const { spool } = fresh();
    const s = Spool.open({ dir: spool })!;
    const name = s.write(META, body('x'), 999_999_999)!; // claimed for a pid that does not exist
    assert.match(name, /\.claim-999999999$/);
    assert.deepEqual(s.scan(), [name.replace(/\.claim-\d+$/, '')]);
    assert.deepEqual(entries(spool), [name.replace(/\.claim-\d+$/, '')]);
  });

  it('evicts the oldest entries past maxBytes and drops entries past maxAgeMs (counted)', () => {
    const { spool } = fresh();
    const s = Spool.open({ dir: spool, maxBytes: 1000 })!;
    const n1 = s.write({ ...META, created: Date.now() - 3000 }, new Uint8Array(250))!;
    const n2 = s.write({ ...META, created: Date.now() - 2000 }, new Uint8Array(250))!;
    const n3 = s.write(META, new Uint8Array(250))!;
    assert.equal(s.stats().evicted, 1);
    assert.deepEqual(s.scan(), [n2, n3]);
    assert.ok(!entries(spool).includes(n1));
    const old = Spool.open({ dir: spool, maxAgeMs: 1500 })!;
    assert.deepEqual(old.scan(), [n3]);
    assert.equal(old.stats().expired, 1);
  });

  it('skips hostile files: truncated, garbage, foreign names, a newer version (counted, no throw, no diagnostics)', () => {
    const { spool } = fresh();
    const seen: string[] = [];
    setDiagnosticHandler((_l, m) => seen.push(m));
    try {
      const s = Spool.open({ dir: spool })!;
      const good = s.write(META, body('good'))!;
      const full = encodeEntry({ ...META, encoding: 'identity', created: Date.now() }, body('0123456789'));
      const stamp = String(Date.now()).padStart(13, '0');
      writeFileSync(join(spool, `${stamp}-1-aaaaaaaa.otlp`), full.subarray(0, full.byteLength - 3)); // truncated
      writeFileSync(join(spool, `${stamp}-1-bbbbbbbb.otlp`), Buffer.from('\x00\xffgarbage\n{{{\n'));
      writeFileSync(join(spool, `${stamp}-1-cccccccc.otlp`), Buffer.from('OTLPLITE-SPOOL 9\n{"future":true}\nbody'));
      writeFileSync(join(spool, `${stamp}-1-dddddddd.otlp`), Buffer.from('OTLPLITE-SPOOL 1\n{"signal":"traces","url":"file:///etc/passwd","contentType":"x","encoding":"identity","created":1,"items":1,"bytes":0}\n'));
      writeFileSync(join(spool, 'notes.txt'), 'someone else’s file');
      mkdirSync(join(spool, 'subdir'));
      mkdirSync(join(spool, `${stamp}-1-eeeeeeee.otlp`)); // a directory with an entry's name
      symlinkSync('/etc/hostname', join(spool, `${stamp}-1-ffffffff.otlp`)); // a symlink with an entry's name
      const names = s.scan();
      assert.equal(names.length, 5);
      const claimed = names.map((n) => s.claim(n)).filter((c) => c !== undefined);
      assert.deepEqual(claimed.map((c) => c.base), [good]);
      const st = s.stats();
      assert.equal(st.corrupt, 8); // 2 foreign names + a directory + a symlink + truncated + garbage + bad url + newer version
      // the newer-version entry stays for a newer reader; foreign files are untouched
      const left = entries(spool).sort();
      assert.ok(left.includes(`${stamp}-1-cccccccc.otlp`));
      assert.ok(left.includes('notes.txt') && left.includes('subdir'));
      assert.ok(left.includes(`${stamp}-1-eeeeeeee.otlp`) && left.includes(`${stamp}-1-ffffffff.otlp`));
      assert.ok(!left.includes(`${stamp}-1-aaaaaaaa.otlp`));
      assert.deepEqual(seen, []);
    } finally {
      setDiagnosticHandler(undefined);
    }
  });

  it('a vanished or unwritable directory: the write is a counted failure, never a throw', () => {
    const { spool } = fresh();
    const s = Spool.open({ dir: spool })!;
    rmSync(spool, { recursive: true });
    writeFileSync(spool, 'now a file'); // ENOTDIR for every write
    assert.equal(s.write(META, body('lost')), undefined);
    assert.equal(s.stats().writeFailures, 1);
    assert.deepEqual(s.scan(), []);
  });

  it('refuses a directory writable by group or others, or owned by another user, with one warning', () => {
    const { dir } = fresh();
    const warnings: string[] = [];
    setDiagnosticHandler((_l, m) => warnings.push(m));
    try {
      const open = join(dir, 'world-writable');
      mkdirSync(open);
      chmodSync(open, 0o777);
      assert.equal(Spool.open({ dir: open }), undefined);
      assert.equal(Spool.open({ dir: open }), undefined);
      assert.equal(warnings.filter((w) => w.includes('world-writable')).length, 1);
      assert.match(warnings[0]!, /writable by group or others/);
      if (process.getuid?.() === 0) {
        const foreign = join(dir, 'foreign');
        mkdirSync(foreign, { mode: 0o700 });
        chownSync(foreign, 65534, 65534);
        assert.equal(Spool.open({ dir: foreign }), undefined);
        assert.ok(warnings.some((w) => w.includes('not owned by the current user')));
      }
    } finally {
      setDiagnosticHandler(undefined);
    }
  });
});
