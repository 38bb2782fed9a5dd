import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OhlcvCells } from '../src/state/index.js';

// The one OHLCV fold serves the upkeep (a day in cells) and the replay of a log by reference (one
// window): both must give what a derived bar means, bit for bit, volume summed left to right.
describe('OhlcvCells', () => {
  const bar = fc.record({
    open: fc.double({ min: 1, max: 1e4, noNaN: true }),
    high: fc.double({ min: 1, max: 1e4, noNaN: true }),
    low: fc.double({ min: 1, max: 1e4, noNaN: true }),
    close: fc.double({ min: 1, max: 1e4, noNaN: true }),
    volume: fc.oneof(fc.constant(-0), fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })),
  });

  it('folds bars in time order: first open, max high, min low, last close, volume summed left to right, count', () => {
    fc.assert(fc.property(fc.array(bar, { minLength: 1, maxLength: 30 }), (bars) => {
      const a = new OhlcvCells(2);
      const firsts = bars.map((b) => a.add(1, b.open, b.high, b.low, b.close, b.volume));
      expect(firsts).toEqual(bars.map((_, i) => i === 0));
      let volume = bars[0]!.volume;
      for (const b of bars.slice(1)) volume += b.volume;
      const got = [a.count[1], a.open[1], a.high[1], a.low[1], a.close[1], a.volume[1]];
      expect(got).toEqual([bars.length, bars[0]!.open, Math.max(...bars.map((b) => b.high)), Math.min(...bars.map((b) => b.low)), bars[bars.length - 1]!.close, volume]);
      expect(Object.is(a.volume[1], volume)).toBe(true);
      expect(a.count[0]).toBe(0);
    }));
  });

  it('adds whole cells of a finer aggregate as the bars they hold (whole volumes)', () => {
    const whole = bar.map((b) => ({ ...b, volume: Math.round(Math.abs(b.volume)) }));
    fc.assert(fc.property(fc.array(fc.array(whole, { maxLength: 5 }), { minLength: 1, maxLength: 6 }), (windows) => {
      const fine = new OhlcvCells(windows.length), direct = new OhlcvCells(1), coarse = new OhlcvCells(1);
      windows.forEach((w, k) => w.forEach((b) => { fine.add(k, b.open, b.high, b.low, b.close, b.volume); direct.add(0, b.open, b.high, b.low, b.close, b.volume); }));
      windows.forEach((_, k) => coarse.addCell(0, fine, k));
      for (const f of ['count', 'open', 'high', 'low', 'close', 'volume'] as const) expect(coarse[f][0]).toBe(direct[f][0]);
    }));
  });
  it('addRows (a day over its columns) gives the cells a bar-by-bar add gives, bit for bit, and the day\'s volume figures', () => {
    const row = fc.record({ minute: fc.integer({ min: 0, max: 59 }), sym: fc.integer({ min: 0, max: 3 }), skip: fc.boolean() }).chain((r) => bar.map((b) => ({ ...r, ...b })));
    fc.assert(fc.property(fc.array(row, { maxLength: 120 }), fc.constantFrom(1, 5, 15), (rows, minutes) => {
      const sorted = [...rows].sort((a, b) => a.minute - b.minute || a.sym - b.sym);
      const open = 1_700_000_000_000, width = minutes * 60_000, symbols = 4, windows = Math.ceil(60 / minutes);
      const col = (f: (r: (typeof sorted)[number]) => number) => Float64Array.from(sorted, f);
      const day = { ts: col((r) => open + r.minute * 60_000), sym: Int32Array.from(sorted, (r) => r.sym), open: col((r) => r.open), high: col((r) => r.high), low: col((r) => r.low), close: col((r) => r.close), volume: col((r) => r.volume) };
      const kind = Uint8Array.from(sorted, (r) => (r.skip ? 255 : 0));
      const bulk = new OhlcvCells(windows * symbols), single = new OhlcvCells(windows * symbols);
      const got = bulk.addRows(day, kind, 255, open, width, symbols);
      let filled = 0, volume = 0;
      sorted.forEach((r) => {
        if (r.skip) return;
        volume += r.volume;
        if (single.add(Math.floor((r.minute * 60_000) / width) * symbols + r.sym, r.open, r.high, r.low, r.close, r.volume)) filled++;
      });
      for (const f of ['count', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(bulk[f])).toEqual(Array.from(single[f]));
      expect(got).toEqual({ filled, volume, wholeVolumes: sorted.every((r) => r.skip || Number.isInteger(r.volume)) });
    }));
  });
});
