import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRun } from '../src/api/run.js';
import { getCalendar } from '../src/calendar/index.js';
import type { SimEvent } from '../src/events/index.js';
import type { MemoryLog } from '../src/kernel/index.js';
import { columnsFromRows, writeDay } from '../src/storage/index.js';
import { tmpDir } from './support/tmp.js';

type Derived = Extract<SimEvent, { type: 'DerivedBarCompleted' }>;
type Bar = Extract<SimEvent, { type: 'BarArrived' }>;

const DATE = '2024-10-01';
const session = getCalendar('XNYS').sessionOn(DATE)!;

// Derived intervals that divide each other are built from the finer one when the sums are exact:
// whatever the path, each derived bar must equal its minutes aggregated in time order, volume
// summed left to right (fractional volumes included, where regrouping the sum would change it).
describe('derived bars on random minutes, volumes and intervals', () => {
  it('equal the time-ordered aggregate of their minutes, bit for bit', () => {
    const minute = fc.record({
      present: fc.boolean(),
      price: fc.integer({ min: 1, max: 10_000 }),
      spread: fc.integer({ min: 0, max: 50 }),
      volume: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })),
    });
    fc.assert(
      fc.property(fc.array(minute, { minLength: 390, maxLength: 390 }), fc.subarray([1, 2, 3, 5, 10, 15, 30, 60, 390], { minLength: 1 }), (minutes, intervals) => {
        const root = tmpDir();
        const rows = [];
        for (let m = 0; m < 390; m++) {
          const x = minutes[m]!;
          if (!x.present) continue;
          const p = x.price / 100;
          rows.push({ symbol: 'A', ts: session.open + m * 60_000, open: p, high: p + x.spread / 100, low: p, close: p + x.spread / 200, volume: x.volume });
        }
        if (rows.length === 0) return;
        writeDay(root, '1m', DATE, columnsFromRows(rows));
        const run = createRun({ data: root, symbols: ['A'], start: DATE, end: DATE, data_upkeep: { derived_intervals: intervals } }, { keepEvents: true });
        run.kernel.run();
        const events = (run.log as MemoryLog<SimEvent>).events();
        const bars = events.filter((e): e is Bar => e.type === 'BarArrived');
        const derived = events.filter((e): e is Derived => e.type === 'DerivedBarCompleted');
        for (const d of derived) {
          const mins = bars.filter((b) => b.start >= d.start && b.start < d.end);
          let volume = 0;
          for (const b of mins) volume += b.volume;
          expect([d.count, d.open, d.high, d.low, d.close, d.volume]).toEqual([
            mins.length, mins[0]!.open, Math.max(...mins.map((b) => b.high)), Math.min(...mins.map((b) => b.low)), mins[mins.length - 1]!.close, volume,
          ]);
        }
        for (const m of intervals) {
          const windows = new Set(bars.map((b) => Math.floor((b.start - session.open) / (m * 60_000))));
          expect(derived.filter((d) => d.minutes === m)).toHaveLength(windows.size);
        }
      }),
      { numRuns: 40 },
    );
  });
});
