// Test helpers for settings and environment resolution: the warnings a call emits through the
// diagnostics handler, the ConfigError a call throws, and a folder of PEM files for TLS settings.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { ConfigError } from '../../lib/errors.ts';
import { setDiagnosticHandler } from '../../lib/platform/diag.ts';

/** Runs `fn` with a diagnostics handler installed and returns the `warn` messages it emitted. */
export function warnings(fn: () => void): string[] {
  const seen: string[] = [];
  setDiagnosticHandler((level, msg) => {
    if (level === 'warn') seen.push(msg);
  });
  try {
    fn();
  } finally {
    setDiagnosticHandler(undefined);
  }
  return seen;
}

/** The ConfigError `fn` throws; fails the test when it throws something else or nothing. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

/**
 * A temp folder holding ca.pem, cert.pem, key.pem and env-ca.pem (each "PEM <name>") for the
 * current suite: created in `before` (its path handed to `use`), removed in `after`.
 */
export function pemFolder(prefix: string, use: (dir: string) => void): void {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem', 'env-ca.pem']) writeFileSync(join(dir, f), `PEM ${f}`);
    use(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
}
