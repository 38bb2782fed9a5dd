import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/index.js';
import { poolWorker } from '../src/sweep/pool.js';
import { tmpDir } from './support/tmp.js';

const DAY = { data: path.resolve('demo/data'), symbols: ['SPY'], start: '2013-10-07', end: '2013-10-07' };

describe('the sweep pool worker comes from the same build as its caller', () => {
  it('names the worker beside the calling module: .ts in src/ (with the TypeScript hooks), .js in dist/', () => {
    expect(poolWorker('file:///repo/src/sweep/pool.ts')).toEqual({ filename: 'file:///repo/src/sweep/pool-worker.ts', execArgv: ['--import', 'file:///repo/scripts/ts-register.mjs'] });
    expect(poolWorker('file:///repo/dist/sweep/pool.js')).toEqual({ filename: 'file:///repo/dist/sweep/pool-worker.js' });
    expect(poolWorker().filename).toBe(pathToFileURL(path.resolve('src/sweep/pool-worker.ts')).href);
  });

  it('a sweep run from src/ runs src/\'s worker, not a stale dist/ beside it', async () => {
    // A copy of the repo whose dist/ is stale: its worker fails every run, as old code would differ.
    const repo = tmpDir('sweep-worker-build-');
    cpSync('src', path.join(repo, 'src'), { recursive: true });
    cpSync('scripts', path.join(repo, 'scripts'), { recursive: true });
    cpSync('tsconfig.json', path.join(repo, 'tsconfig.json'));
    symlinkSync(path.resolve('node_modules'), path.join(repo, 'node_modules'));
    mkdirSync(path.join(repo, 'dist', 'sweep'), { recursive: true });
    writeFileSync(path.join(repo, 'dist', 'sweep', 'pool-worker.js'), "export default function task() { return { status: 'failed', error: 'STALE: the dist/ worker ran', bars: 0, ms: 0 }; }\n");
    const { sweep } = (await import(pathToFileURL(path.join(repo, 'src', 'sweep', 'index.ts')).href)) as typeof import('../src/sweep/index.js');
    const r = await sweep({ base: DAY, axes: { 'prefetch.latency_ms': [0, 60_000] } }, { workers: 1 });
    expect(r.rows.map((row) => [row.status, row.error])).toEqual([['done', ''], ['done', '']]);
    // The same events as this process's own run of the config: the sources, not some other code.
    expect(r.rows[0]!.hash).toBe(simulate(DAY).hash);
  });
});
