import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from './support/tmp.js';

interface Output { output_type: string; text?: string | string[]; data?: Record<string, string | string[]>; ename?: string; evalue?: string }
interface Cell { cell_type: string; execution_count?: number | null; outputs?: Output[] }
const join = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('') : v ?? '');

/**
 * Executes examples/quickstart.ipynb for real: Deno's Jupyter kernel (from the npm package) run
 * headless by Debian's jupyter-nbconvert. Needs `npm ci` (which builds dist/) and the Debian
 * packages that .ci/run installs.
 */
describe('the quickstart notebook', () => {
  it('runs every cell without error and shows the demo sessions', () => {
    const root = path.resolve('.');
    execFileSync('npx', ['deno', 'jupyter', '--install', '--force'], { cwd: root, stdio: 'pipe' });
    const out = path.join(tmpDir(), 'executed.ipynb');
    execFileSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', 'quickstart.ipynb', '--output', out, '--ExecutePreprocessor.timeout=180'], { cwd: path.join(root, 'examples'), stdio: 'pipe', timeout: 240_000 });
    const nb = JSON.parse(readFileSync(out, 'utf8')) as { cells: Cell[] };
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    expect(code.length).toBeGreaterThanOrEqual(6);
    for (const c of code) {
      expect(c.execution_count).toBeGreaterThan(0);
      expect((c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);
    }
    const text = code.flatMap((c) => c.outputs ?? []).map((o) => join(o.text) + join(o.data?.['text/plain']) + join(o.data?.['text/html'])).join('\n');
    expect(text).toContain('6 sessions, 9357 bars');
    expect(text).toContain('<b>sessions</b> (6 rows)');
    expect(text).toContain('<svg');
    expect(text).toContain('same hash as the run: true');
  }, 300_000);
});
