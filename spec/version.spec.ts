import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { USER_AGENT, VERSION } from '../lib/version.ts';

describe('version', () => {
  it('matches the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(VERSION, pkg.version);
  });

  it('names the library in the User-Agent', () => {
    assert.equal(USER_AGENT, `otlp-lite/${VERSION}`);
  });
});
