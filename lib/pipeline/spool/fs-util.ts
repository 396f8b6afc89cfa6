// Filesystem helpers of the spool: node:fs/node:path loaded on first use, random
// entry-name suffixes, whether the process holding a claim is still alive, and whether a
// directory is fit to hold a spool (ours, not a symlink, writable by nobody else).
import { builtin } from '../../platform/builtin.ts';

// node:fs and node:path are loaded at the first spool operation, never at import time (cold start).
export const fs = (): typeof import('node:fs') => builtin('node:fs');
export const join = (a: string, b: string): string => builtin('node:path').join(a, b);

export function rand8(): string {
  let s = '';
  while (s.length < 8) s += Math.random().toString(36).slice(2);
  return s.slice(0, 8);
}

/** True when process `pid` is alive (or exists under another user). */
export function alive(pid: number): boolean {
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

/** Why a directory cannot hold a spool, or undefined when it is fit (created 0700 when missing). */
export function unfitDir(dir: string): string | undefined {
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
