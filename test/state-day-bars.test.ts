import { describe, expect, it } from 'vitest';
import type { BarSlice } from '../src/columnar/index.js';
import { DayBarTable } from '../src/state/index.js';
import { barSlice } from './support/slices.js';

const slice = (symbols: string[], sym: number[], starts: number[]): BarSlice => {
  const n = sym.length;
  const f = (g: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => g(i));
  const day = { symbols, ts: Float64Array.from(starts), sym: Int32Array.from(sym), open: f((i) => i + 0.1), high: f((i) => i + 0.5), low: f((i) => i), close: f((i) => i + 0.2), volume: f((i) => 10 * i) };
  return barSlice(day, Int32Array.from({ length: n }, (_, i) => i), f((i) => starts[i]! + 60_000), Uint8Array.from({ length: n }, (_, i) => i % 3));
};

/** Bar i of a slice, added one by one. */
const add = (t: DayBarTable, b: BarSlice, i: number): void => {
  const c = b.columns;
  t.add(b.symbols[b.sym[i]!]!, c.start[i]!, c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!, b.code![i]!);
};

describe('the day bar table', () => {
  it('gives the same bars whether they came from slices (copied late) or one by one', () => {
    const b = slice(['A', 'B'], [0, 1, 0, 1, 1], [0, 0, 60, 60, 120]);
    const lazy = new DayBarTable();
    lazy.addSlice(b, 0, 2);
    lazy.addSlice(b, 2, 3); // continues the run
    expect(lazy.count).toBe(3);
    const a = lazy.get('A')!;
    expect(Array.from(a.start.subarray(0, a.count))).toEqual([0, 60]);
    lazy.add('C', 60, 1, 1, 1, 1, 1, 0); // a bar from elsewhere in between
    lazy.addSlice(b, 3, 5);
    // The view handed out earlier grows with the day.
    expect(lazy.get('B')!.count).toBe(3);
    expect(a.count).toBe(2);
    const eager = new DayBarTable();
    for (let i = 0; i < 3; i++) add(eager, b, i);
    eager.add('C', 60, 1, 1, 1, 1, 1, 0);
    for (let i = 3; i < 5; i++) add(eager, b, i);
    for (const col of ['sym', 'start', 'open', 'high', 'low', 'close', 'volume', 'kind'] as const) expect(Array.from(lazy[col])).toEqual(Array.from(eager[col]));
    expect(lazy.names).toEqual(['A', 'B', 'C']);
    expect(lazy.symbols()).toEqual(eager.symbols());
  });

  it('lastClose: a symbol\'s last close today, from the newest bars first, equal to the copied columns\' answer however the bars came', () => {
    // Symbol 2 ('C') trades once at the start and never again: its last close is found past the search window.
    const n = 20_000;
    const sym = Array.from({ length: n }, (_, i) => (i === 3 ? 2 : i % 2));
    const b = slice(['A', 'B', 'C', 'D'], sym, Array.from({ length: n }, (_, i) => Math.floor(i / 2) * 60));
    const t = new DayBarTable();
    expect(t.lastClose('A')).toBeNaN();
    t.addSlice(b, 0, 10);
    t.addSlice(b, 10, n - 1);
    // Answered from the newest pending bars, without copying.
    expect(t.lastClose('B')).toBe(n - 3 + 0.2);
    expect(t.lastClose('A')).toBe(n - 2 + 0.2);
    expect(t.lastClose('D')).toBeNaN();
    expect(t.lastClose('C')).toBe(3 + 0.2);
    t.add('D', 1, 1, 1, 1, 9.5, 1, 0);
    t.addSlice(b, n - 1, n);
    for (const s of ['A', 'B', 'C', 'D']) {
      const d = t.get(s)!;
      expect(t.lastClose(s), s).toBe(d.close[d.count - 1]);
    }
  });

  it('starts empty on a new day, without copying what was pending', () => {
    const t = new DayBarTable();
    t.addSlice(slice(['A'], [0, 0], [0, 60]), 0, 2);
    t.reset();
    expect(t.count).toBe(0);
    expect(t.get('A')).toBeUndefined();
    t.addSlice(slice(['B'], [0], [120]), 0, 1);
    expect(t.symbols()).toEqual(['B']);
    expect(Array.from(t.start)).toEqual([120]);
  });
});

describe('slices whose rows are not their elements', () => {
  it('bars picked out of a day by their rows: the table and the counts take the rows, not the positions', async () => {
    const { foldSlice, initialState, evolve } = await import('../src/state/index.js');
    const { ev } = await import('../src/events/index.js');
    const n = 8;
    const f = (g: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => g(i));
    const day = { symbols: ['A', 'B'], ts: f((i) => i * 60_000), sym: Int32Array.from({ length: n }, (_, i) => i % 2), open: f((i) => i + 0.1), high: f((i) => i + 0.5), low: f((i) => i), close: f((i) => i + 0.2), volume: f((i) => 10 * i) };
    // Rows 1, 2, 5, 6 (a late row, a history row among them), delivered in that order.
    const b = barSlice(day, Int32Array.of(1, 2, 5, 6), f((i) => (i + 1) * 60_000), Uint8Array.from([0, 1, 2, 0, 0, 1, 0, 0]));
    const start = () => evolve(initialState(), { ...ev.sessionActivated(0, { date: 'd', open: 0, close: 390 * 60_000, earlyClose: false, midSession: false }), seq: 0 });
    const s = foldSlice(start(), b, 0, 4, 1);
    expect(Array.from(s.bars.start)).toEqual([1, 2, 5, 6].map((r) => r * 60_000));
    expect(Array.from(s.bars.close)).toEqual([1.2, 2.2, 5.2, 6.2]);
    expect(s.bars.names).toEqual(['B', 'A']);
    expect(s.sessions[0]).toMatchObject({ bars: 4, late: 2, history: 1 });
    const t = new DayBarTable();
    t.addSlice(b, 1, 3);
    expect(Array.from(t.kind)).toEqual([2, 1]);
  });

  it('derived bars picked by rows', async () => {
    const { ColumnarSlice, DERIVED_BAR_COMPLETED } = await import('../src/columnar/index.js');
    const { DerivedTable } = await import('../src/state/index.js');
    const f = (g: (i: number) => number) => Float64Array.from({ length: 4 }, (_, i) => g(i));
    const d = new ColumnarSlice(DERIVED_BAR_COMPLETED, {
      rows: Int32Array.of(3, 1), length: 2, symbols: ['X', 'Y'], sym: Int32Array.of(0, 1, 0, 1), code: null, text: {},
      columns: { time: f((i) => i), minutes: Int32Array.of(5, 15, 5, 15), start: f((i) => 10 * i), end: f((i) => 10 * i + 5), open: f((i) => i + 1), high: f((i) => i + 2), low: f((i) => i), close: f((i) => i + 1.5), volume: f((i) => 100 * i), count: Int32Array.of(1, 2, 3, 4) },
    });
    const t = new DerivedTable();
    t.addSlice(d, 0, 2);
    expect([t.symbol, Array.from(t.minutes), Array.from(t.start), Array.from(t.n)]).toEqual([['Y', 'Y'], [15, 15], [30, 10], [4, 2]]);
  });
});

describe('one shape for the bars of the day, live and in a snapshot', () => {
  it('get(symbol) gives exact-length columns (slice(-n) is the last n bars) in the live table and in a snapshot, with the same fields', async () => {
    const { initialState, snapshot, readonlyView } = await import('../src/state/index.js');
    const s = initialState();
    const b = slice(['A', 'B'], [0, 1, 0, 1, 0], [0, 0, 60, 60, 120]);
    s.bars.addSlice(b, 0, 5);
    const live = readonlyView(s).bars.get('A')!;
    expect(live.count).toBe(3);
    expect(Array.from(live.close.slice(-2))).toEqual([2.2, 4.2]);
    expect(live.close.length).toBe(3);
    const snap = snapshot(s).bars;
    const copy = snap.get('A')!;
    expect(Object.keys(copy).sort()).toEqual(Object.keys(live).sort());
    expect(copy.close.slice(-2)).toEqual([2.2, 4.2]);
    expect(copy).toEqual({ ...live, start: Array.from(live.start), open: Array.from(live.open), high: Array.from(live.high), low: Array.from(live.low), close: Array.from(live.close), volume: Array.from(live.volume), kind: Array.from(live.kind) });
    expect(snap.symbols()).toEqual(s.bars.symbols());
    expect(snap.count).toBe(s.bars.count);
    expect(snap.get('Z')).toBeUndefined();
    expect(snap.A).toBe(copy);
    // The readers are not entries: JSON has the symbols only.
    expect(Object.keys(JSON.parse(JSON.stringify(snap)))).toEqual(['A', 'B']);
    // A view asked for again after more bars came has them; the one asked for before does not change.
    s.bars.addSlice(b, 0, 1);
    expect(s.bars.get('A')!.count).toBe(4);
    expect(live.count).toBe(3);
  });
});
