import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweep } from '../src/sweep/index.js';
import { makeDataset } from './support/dataset.js';
import { tmpDir } from './support/tmp.js';

describe('a sweep run that delivers nothing', () => {
  it('is a failed row with RUN_EMPTY, not "done" with 0 bars; the runs that deliver stay done', async () => {
    const root = path.join(tmpDir('sweep-empty-'), 'data');
    const dates = ['2025-03-03', '2025-03-04'];
    makeDataset(root, { dates, symbols: ['AAA'] });
    // The second day unreadable: a run of it alone delivers nothing, a run of both delivers the first.
    writeFileSync(path.join(root, 'interval=1m', 'date=2025-03-04', 'bars.arrow'), 'not arrow');
    const r = await sweep({ base: { data: root, symbols: ['AAA'], start: '2025-03-03', end: '2025-03-04' }, axes: { start: ['2025-03-03', '2025-03-04'] } }, { workers: 1 });
    expect(r.rows.map((row) => [row.start, row.status, String(row.error ?? '').split(':')[0]])).toEqual([
      ['2025-03-03', 'done', ''],
      ['2025-03-04', 'failed', 'RUN_EMPTY'],
    ]);
    expect(r.failed).toBe(1);
  });
});
