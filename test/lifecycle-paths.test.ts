import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/api/simulation.js';
import { createRun } from '../src/api/run.js';
import type { SimEvent } from '../src/events/index.js';
import { MemoryLog } from '../src/kernel/index.js';
import { dayFile } from '../src/storage/index.js';
import { makeDataset } from './support/dataset.js';
import { tmpDir } from './support/tmp.js';

/** The log must not depend on where the dataset lives: failure reasons name files relative to the data root. */
describe('the log hash does not depend on the dataset folder', () => {
  const dir = tmpDir();
  const a = path.join(dir, 'one', 'data'), b = path.join(dir, 'somewhere', 'else', 'data');
  makeDataset(a, { dates: ['2025-07-01', '2025-07-02', '2025-07-03', '2025-07-07'], symbols: ['AAA'] });
  rmSync(dayFile(a, '1m', '2025-07-02'));
  writeFileSync(dayFile(a, '1m', '2025-07-03'), 'not arrow at all');
  cpSync(a, b, { recursive: true });
  const config = (root: string) => ({ data: root, symbols: ['AAA'], start: '2025-07-01', end: '2025-07-07' });

  it('a missing and an unreadable day give reasons relative to the data root', () => {
    const run = createRun(config(a), { keepEvents: true });
    run.kernel.run();
    const failed = (run.log as MemoryLog<SimEvent>).events().filter((e): e is Extract<SimEvent, { type: 'PrefetchFailed' }> => e.type === 'PrefetchFailed');
    expect(failed.map((f) => [f.date, f.code])).toEqual([['2025-07-02', 'DATA_MISSING_DAY'], ['2025-07-03', 'DATA_NOT_ARROW']]);
    for (const f of failed) {
      expect(f.reason).toContain(`interval=1m/date=${f.date}/bars.arrow`);
      expect(f.reason).not.toContain(dir);
    }
  });

  it('the same config run on two copies of the dataset gives the same hash', () => {
    expect(simulate(config(a)).hash).toBe(simulate(config(b)).hash);
  });

  it('and so do relative roots given from two working folders', () => {
    const cwd = process.cwd();
    try {
      process.chdir(path.dirname(a));
      const h1 = simulate(config('data')).hash;
      process.chdir(path.dirname(b));
      const h2 = simulate(config('data')).hash;
      expect(h1).toBe(h2);
    } finally {
      process.chdir(cwd);
    }
  });
});
