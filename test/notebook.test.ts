import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from './support/tmp.js';

interface Output { output_type: string; text?: string | string[]; data?: Record<string, string | string[]>; ename?: string; evalue?: string }
interface Cell { cell_type: string; execution_count?: number | null; outputs?: Output[] }
const join = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('') : v ?? '');

/** What the notebook must show: lines it prints, and rich results cells end with. */
const PRINTED = ['6 sessions, 9357 bars', 'same hash as the run: true'];
const DISPLAYED = ['<b>sessions</b> (6 rows)', '<svg'];

function execute(root: string): Cell[] {
  const out = path.join(tmpDir(), 'executed.ipynb');
  execFileSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', 'quickstart.ipynb', '--output', out, '--ExecutePreprocessor.timeout=180'], { cwd: path.join(root, 'examples'), stdio: 'pipe', timeout: 240_000 });
  const nb = JSON.parse(readFileSync(out, 'utf8')) as { cells: Cell[] };
  return nb.cells.filter((c) => c.cell_type === 'code');
}

const outputText = (code: Cell[]) => code.flatMap((c) => c.outputs ?? []).map((o) => join(o.text) + join(o.data?.['text/plain']) + join(o.data?.['text/html'])).join('\n');

/**
 * Executes examples/quickstart.ipynb for real: Deno's Jupyter kernel (from the npm package) run
 * headless by Debian's jupyter-nbconvert. Needs `npm ci` (which builds dist/) and the Debian
 * packages that .ci/run installs.
 *
 * Deno's kernel (2.x) publishes a cell's result from an async JS broadcast it does not wait for
 * before it reports the cell idle; nbconvert stops listening at idle, so on a loaded machine a
 * cell's rich result can be missing from the saved notebook (seen once in CI: the first three
 * results absent, every printed line present, no error). A front end that keeps listening shows
 * it. So an execution that ran cleanly but lacks a displayed result is run again, at most three
 * times in all; an error, a missing printed line or a wrong count fails at once.
 */
describe('the quickstart notebook', () => {
  it('runs every cell without error and shows the demo sessions', () => {
    const root = path.resolve('.');
    execFileSync('npx', ['deno', 'jupyter', '--install', '--force'], { cwd: root, stdio: 'pipe' });
    let text = '';
    for (let attempt = 1; attempt <= 3; attempt++) {
      const code = execute(root);
      expect(code.length).toBeGreaterThanOrEqual(6);
      for (const c of code) {
        expect(c.execution_count).toBeGreaterThan(0);
        expect((c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);
      }
      text = outputText(code);
      for (const line of PRINTED) expect(text).toContain(line);
      if (DISPLAYED.every((d) => text.includes(d))) break;
    }
    for (const d of DISPLAYED) expect(text).toContain(d);
  }, 800_000);
});
