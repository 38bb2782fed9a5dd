import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tmpDir } from './tmp.js';

// Running a notebook for real on Deno's Jupyter kernel (the npm package's binary), with our own
// client (run-notebook.py: see there why not nbconvert), under a kernel name of our own in a
// temporary Jupyter path: the user's kernels are neither used nor touched.

export interface Output { output_type: string; text?: string | string[]; data?: Record<string, string | string[]>; ename?: string; evalue?: string }
export interface Cell { cell_type: string; execution_count?: number | null; outputs?: Output[] }

const root = path.resolve('.');
export const KERNEL = 'sessionsim-test-deno';

const join = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('') : v ?? '');

/** Everything a cell showed: printed text, and its results' plain and HTML forms. */
export const textOf = (c: Cell) => (c.outputs ?? []).map((o) => join(o.text) + join(o.data?.['text/plain']) + join(o.data?.['text/html'])).join('\n');

/** A kernelspec for the Deno kernel of this checkout, in a temporary Jupyter path (returned). */
export function kernelPath(): string {
  const dir = path.join(tmpDir(), 'jupyter');
  mkdirSync(path.join(dir, 'kernels', KERNEL), { recursive: true });
  const deno = path.join(root, 'node_modules', '.bin', 'deno');
  writeFileSync(path.join(dir, 'kernels', KERNEL, 'kernel.json'), JSON.stringify({ argv: [deno, 'jupyter', '--kernel', '--conn', '{connection_file}'], display_name: 'Deno (sessionsim tests)', language: 'typescript' }));
  return dir;
}

/** The Python that runs Jupyter here (the interpreter of the `jupyter` command: Debian's has jupyter_client). */
export function jupyterPython(): string[] {
  const jupyter = execFileSync('sh', ['-c', 'command -v jupyter'], { encoding: 'utf8' }).trim();
  const shebang = readFileSync(jupyter, 'utf8').split('\n')[0]!;
  return shebang.startsWith('#!') ? shebang.slice(2).trim().split(/\s+/) : ['python3'];
}

/** The code cells of `notebook` (in folder `cwd`, where the kernel runs) after executing each once. */
export function executeNotebook(jupyterDir: string, python: string[], cwd: string, notebook: string): Cell[] {
  const out = path.join(tmpDir(), 'executed.ipynb');
  execFileSync(python[0]!, [...python.slice(1), path.join(root, 'test', 'support', 'run-notebook.py'), notebook, out, KERNEL, '180'], {
    cwd, stdio: 'pipe', timeout: 300_000, env: { ...process.env, JUPYTER_PATH: jupyterDir },
  });
  return (JSON.parse(readFileSync(out, 'utf8')) as { cells: Cell[] }).cells.filter((c) => c.cell_type === 'code');
}
