/**
 * The README's error table is the user's contract: every code the product has, with its exit
 * status, and every code the bad-input corpus checks. This keeps the table and the code together.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_STATUS } from '../src/errors.js';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('### Errors and exit statuses'), readme.indexOf('\n## ', readme.indexOf('### Errors and exit statuses')));

/** code -> exit status, from rows like | `A`, `B` | 2 | ... | */
function tableStatuses(): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of section.split('\n')) {
    const m = /^\| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \| (\d) \|/.exec(line);
    if (m === null) continue;
    for (const code of m[1]!.match(/[A-Z_]+/g)!) out.set(code, Number(m[2]));
  }
  return out;
}

describe('the README error table', () => {
  it('lists every error code with its exit status, and nothing else', () => {
    const table = tableStatuses();
    expect(Object.fromEntries([...table].sort())).toEqual(Object.fromEntries(Object.entries(EXIT_STATUS).sort()));
  });

  it('covers every code the corpus checks, and says how many cases it has', () => {
    const dir = 'test/corpus';
    const files = readdirSync(dir).filter((f) => f.endsWith('.test.ts'));
    const text = files.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    const checked = new Set([...text.matchAll(/'([A-Z][A-Z_]+)'/g)].map((m) => m[1]!).filter((c) => Object.hasOwn(EXIT_STATUS, c)));
    const table = tableStatuses();
    expect([...checked].filter((c) => !table.has(c))).toEqual([]);
    const cases = [...text.matchAll(/^\s*it\(/gm)].length;
    expect(cases).toBeGreaterThanOrEqual(80);
    expect(section).toContain(`${cases} cases`);
  });
});
