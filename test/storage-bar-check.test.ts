import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsFromRows, decodeDay, encodeDay, importCsv } from '../src/storage/index.js';
import { barFault } from '../src/storage/bar-check.js';
import { tmpDir } from './support/tmp.js';

// One bar check serves the day file reader and the CSV importer: whatever the numbers, a bar one
// of them turns away the other turns away too, for the same reason, naming the same column.
describe('the bar check', () => {
  it('finds the first rule broken: finite values, high >= low, open and close in range, volume >= 0', () => {
    expect(barFault(1, 2, 0.5, 1.5, 0)).toBeNull();
    expect(barFault(1, 2, 0.5, 1.5, -0)).toBeNull();
    expect(barFault(1, NaN, 0.5, Infinity, 1)).toEqual({ reason: 'non-finite', column: 'high' });
    expect(barFault(1, 2, 0.5, 1, -Infinity)).toEqual({ reason: 'non-finite', column: 'volume' });
    expect(barFault(9, 0.1, 0.5, 1, -1)).toEqual({ reason: 'high-below-low', column: 'high' });
    expect(barFault(3, 2, 0.5, 9, -1)).toEqual({ reason: 'outside-range', column: 'open' });
    expect(barFault(1, 2, 0.5, 0.4, -1)).toEqual({ reason: 'outside-range', column: 'close' });
    expect(barFault(1, 2, 0.5, 1, -1)).toEqual({ reason: 'negative-volume', column: 'volume' });
  });

  it('the reader and the importer turn away the same bars for the same reason and column', async () => {
    const value = fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 0.5, 1, 2, 3), fc.integer({ min: -5, max: 10 }));
    const bar = fc.tuple(value, value, value, value, value);
    const T0 = Date.UTC(2025, 6, 2, 13, 30);
    await fc.assert(fc.asyncProperty(fc.array(bar, { minLength: 1, maxLength: 20 }), async (bars) => {
      const rows = bars.map(([open, high, low, close, volume], m) => ({ symbol: 'A', ts: T0 + m * 60_000, open, high, low, close, volume }));
      const day = decodeDay('f.arrow', encodeDay('1m', '2025-07-02', columnsFromRows(rows)), { interval: '1m' });
      const read = day.flagged.map((f) => [f.row + 1, f.flag, f.column]);
      const dir = tmpDir();
      const csv = path.join(dir, 'A.csv');
      writeFileSync(csv, ['ts,open,high,low,close,volume', ...rows.map((r) => [r.ts, r.open, r.high, r.low, r.close, r.volume].join(','))].join('\n'));
      let imported: (string | number)[][] = [];
      try {
        const r = await importCsv({ inputs: [{ path: csv, symbol: 'A' }], root: path.join(dir, 'ds'), interval: '1m', timezone: 'America/New_York', timestamps: 'epoch-ms' });
        imported = r.rejected.map((x) => [x.row - 1, x.reason, x.column]);
      } catch (e) {
        // Every row turned away: the importer fails, and its report is not returned.
        expect((e as { code?: string }).code).toBe('IMPORT_NO_ROWS');
        expect(read).toHaveLength(rows.length);
        return;
      }
      expect(imported).toEqual(read);
    }), { numRuns: 60 });
  });
});
