// Public docs speak to users: lib/ and proto-json/ become the published JS and .d.ts, so their
// text (comments and TSDoc included) never says "the seed" (say codex-otel), never points at
// sections (§) of internal reference notes, and never cites issue or bench workload numbers.
// Scans the whole text of every .ts file there, so string literals are held to it too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What published text must not contain, each with the reason shown on failure. */
const FORBIDDEN: readonly { re: RegExp; why: string }[] = [
  { re: /\bthe seed\b/i, why: 'say "codex-otel" for the Rust crate' },
  { re: /\bseed's\b/i, why: 'say "codex-otel\'s" for the Rust crate' },
  { re: /\bseed (?:behaviou?r|semantics|tests?|vectors?|order|unit|examples?)\b/i, why: 'say "codex-otel" for the Rust crate' },
  { re: /§/, why: 'describe the rule instead of citing a section of an internal reference' },
  { re: /\b(?:otlp-spec|peers|codex-otel|style-models)\.md\b|\botlp-spec\b/i, why: 'internal reference notes are not published' },
  { re: /\bissues?[ -]#?\d+/i, why: 'issue numbers mean nothing to users' },
  { re: /\(#\d+\)/, why: 'issue numbers mean nothing to users' },
  { re: /\bworkloads? #?\d+/i, why: 'bench workload numbers mean nothing to users' },
];

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** `path:line: text (why)` for every line of `text` that breaks a rule. */
function offences(path: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const hit = FORBIDDEN.find(({ re }) => re.test(line));
    if (hit !== undefined) out.push(`${path}:${i + 1}: ${line.trim()}  (${hit.why})`);
  });
  return out;
}

describe('public docs speak to users', () => {
  it('catches each internal reference and leaves ordinary words alone', () => {
    for (const bad of [
      "/** The seed's `OtelExporter`. */",
      '// as in the seed',
      '// (seed behaviour)',
      '// URL (otlp-spec §6 path rules)',
      '// see peers.md for the comparison',
      '// ---- Added by the provider issue (#4) ----',
      '// per issue 11',
      '// in the issue-8 order',
      '// measured by workload 3',
    ]) {
      assert.equal(offences('x.ts', bad).length > 0, true, `not caught: ${bad}`);
    }
    for (const fine of [
      "if (typeof e.seed === 'number') attrs['gen_ai.request.seed'] = e.seed;",
      "// Math.random (V8's xorshift128+, seeded from the OS)",
      "/** codex-otel's `OtelExporter` (see the README's Compatibility section). */",
      '// ConfigError issues name every field',
    ]) {
      assert.deepEqual(offences('x.ts', fine), [], `false alarm: ${fine}`);
    }
  });

  it('lib/ and proto-json/ hold no internal references', () => {
    const files = [...sources(join(root, 'lib')), ...sources(join(root, 'proto-json'))];
    assert.ok(files.length > 50, `found only ${files.length} source files`);
    const found = files.flatMap((f) => offences(relative(root, f), readFileSync(f, 'utf8')));
    assert.deepEqual(found, [], `internal references in published sources:\n${found.join('\n')}`);
  });
});
