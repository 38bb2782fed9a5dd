import { describe, expect, it } from 'vitest';
import { ev, type SimEvent } from '../src/events/index.js';
import type { BarSlice, DerivedSlice, GapSlice } from '../src/columnar/index.js';
import { DayBarTable, DerivedTable, evolve, foldSlice, initialState, snapshot, type SessionState } from '../src/state/index.js';
import { withSeqs } from './support/scenario.js';
import { barSlice, derivedSlice, gapSlice } from './support/slices.js';

/**
 * The session state, event by event: what each event changes, and that the columnar folds
 * (the stream's hot path) change exactly what the events they stand for would.
 */

const M = 60_000;
const OPEN = 1_000 * M;
const CLOSE = OPEN + 390 * M;

const fold = (events: readonly SimEvent[], s: SessionState = initialState()): SessionState => {
  for (const e of events) s = evolve(s, e);
  return s;
};

const activated = (date: string, open = OPEN, extra: Partial<{ close: number; earlyClose: boolean; midSession: boolean }> = {}) =>
  ev.sessionActivated(open, { date, open, close: extra.close ?? open + 390 * M, earlyClose: extra.earlyClose ?? false, midSession: extra.midSession ?? false });

const bar = (time: number, symbol: string, start: number, o: Partial<{ late: boolean; history: boolean; open: number; high: number; low: number; close: number; volume: number }> = {}) =>
  ev.barArrived(time, { symbol, start, open: o.open ?? 10, high: o.high ?? 11, low: o.low ?? 9, close: o.close ?? 10.5, volume: o.volume ?? 100, late: o.late ?? false, history: o.history ?? false });

const quality = (time: number, date: string, symbol: string, expected: number, received: number) =>
  ev.qualityReport(time, { date, symbol, expected, received, missing: expected - received, duplicates: 1, outOfSession: 2, late: 3, pct: (100 * received) / expected });

describe('the state before anything happened', () => {
  it('is not started, not active, has no day, no bars and no sessions', () => {
    expect(snapshot(initialState())).toEqual({
      started: false, ended: false, endReason: null, startDate: null, endDate: null, active: false, date: null,
      open: NaN, close: NaN, earlyClose: false, midSession: false, prefetch: 'none', prefetchReason: null,
      historyUntil: NaN, readyAt: NaN, bars: {}, derived: [], quality: [], sessions: [],
      book: { opened: false, initialCash: 0, cash: 0, positions: [], orders: [], marks: [], totals: { submitted: 0, accepted: 0, rejected: 0, fills: 0, canceled: 0, expired: 0, commission: 0, traded: 0, realized: 0 } },
      totalBars: 0, totalDerived: 0, totalGaps: 0, lastSeq: -1, now: -Infinity,
    });
  });
});

describe('a day, event by event', () => {
  const day = withSeqs<SimEvent>([
    ev.backtestStarted(OPEN - 5 * M, '2024-03-04', '2024-03-05'),
    activated('2024-03-04', OPEN, { earlyClose: true, midSession: true }),
    ev.prefetchRequested(OPEN, '2024-03-04', OPEN + 3 * M),
    ev.prefetchComplete(OPEN + 2 * M, '2024-03-04', 7),
    bar(OPEN + 2 * M, 'B', OPEN, { history: true }),
    bar(OPEN + 2 * M, 'A', OPEN + M, { late: true }),
    bar(OPEN + 2 * M, 'A', OPEN + 2 * M, { history: true, late: true }),
    bar(OPEN + 3 * M, 'A', OPEN + 2 * M, { open: 1, high: 2, low: 0.5, close: 1.5, volume: 7 }),
    ev.derivedBarCompleted(OPEN + 5 * M, { symbol: 'A', minutes: 5, start: OPEN, end: OPEN + 5 * M, open: 1, high: 2, low: 0.5, close: 1.5, volume: 7, count: 3 }),
    ev.gapDetected(OPEN + 6 * M, { date: '2024-03-04', symbol: 'B', from: OPEN + M, to: OPEN + 6 * M, missing: 5 }),
    ev.marketClose(CLOSE, '2024-03-04'),
    quality(CLOSE, '2024-03-04', 'A', 390, 3),
    quality(CLOSE, '2024-03-04', 'B', 390, 1),
    ev.sessionDeactivated(CLOSE, '2024-03-04'),
  ]);

  it('keeps the run dates, the session, the prefetch, the bars by kind, derived bars, gaps and quality', () => {
    const s = snapshot(fold(day));
    expect(s).toMatchObject({
      started: true, ended: false, endReason: null, startDate: '2024-03-04', endDate: '2024-03-05',
      active: false, date: '2024-03-04', open: OPEN, close: CLOSE, earlyClose: true, midSession: true,
      prefetch: 'complete', prefetchReason: null, historyUntil: OPEN + 3 * M, readyAt: OPEN + 2 * M,
      totalBars: 4, totalDerived: 1, totalGaps: 1, lastSeq: day.length - 1, now: CLOSE,
    });
    expect(s.sessions).toEqual([{
      date: '2024-03-04', open: OPEN, close: CLOSE, earlyClose: true, midSession: true,
      bars: 4, late: 1, history: 2, derived: 1, gaps: 1, expected: 780, received: 4, prefetch: 'complete', prefetchReason: null, timedOut: false,
    }]);
    // A bar flagged both history and late is history (kind 2); late is 1, live 0.
    expect(s.bars).toEqual({
      A: { symbol: 'A', count: 3, start: [OPEN + M, OPEN + 2 * M, OPEN + 2 * M], open: [10, 10, 1], high: [11, 11, 2], low: [9, 9, 0.5], close: [10.5, 10.5, 1.5], volume: [100, 100, 7], kind: [1, 2, 0] },
      B: { symbol: 'B', count: 1, start: [OPEN], open: [10], high: [11], low: [9], close: [10.5], volume: [100], kind: [2] },
    });
    expect(s.derived).toEqual([{ date: '2024-03-04', symbol: 'A', minutes: 5, start: OPEN, end: OPEN + 5 * M, open: 1, high: 2, low: 0.5, close: 1.5, volume: 7, count: 3 }]);
    expect(s.quality).toEqual([
      { date: '2024-03-04', symbol: 'A', expected: 390, received: 3, missing: 387, duplicates: 1, outOfSession: 2, late: 3, pct: 300 / 390, reason: '' },
      { date: '2024-03-04', symbol: 'B', expected: 390, received: 1, missing: 389, duplicates: 1, outOfSession: 2, late: 3, pct: 100 / 390, reason: '' },
    ]);
  });

  it('is active from the activation to the deactivation', () => {
    const active = day.map((_, i) => fold(day.slice(0, i + 1)).active);
    const at = (type: SimEvent['type']) => day.findIndex((e) => e.type === type);
    expect(active.slice(0, at('SessionActivated'))).toEqual([false]);
    expect(active.slice(at('SessionActivated'), at('SessionDeactivated')).every((a) => a)).toBe(true);
    expect(active[at('SessionDeactivated')]).toBe(false);
  });

  it('starts the next session afresh: no bars, no derived bars, prefetch and readiness forgotten, a new session row', () => {
    const next = withSeqs<SimEvent>([ev.dayAdvance(CLOSE, '2024-03-04', '2024-03-05'), activated('2024-03-05', OPEN + 1440 * M)], day.length);
    const advanced = fold(next.slice(0, 1), fold(day));
    expect([advanced.ended, advanced.endReason, advanced.active, advanced.date]).toEqual([false, null, false, '2024-03-04']);
    const s = snapshot(fold(next.slice(1), advanced));
    expect(s).toMatchObject({ active: true, date: '2024-03-05', earlyClose: false, midSession: false, prefetch: 'none', prefetchReason: null, historyUntil: NaN, readyAt: NaN, bars: {}, derived: [] });
    expect(s.sessions.map((r) => [r.date, r.bars, r.prefetch])).toEqual([['2024-03-04', 4, 'complete'], ['2024-03-05', 0, 'requested']]);
    expect(s.totalBars).toBe(4);
  });

  it('ends the run with its reason, inactive', () => {
    const end = withSeqs<SimEvent>([activated('2024-03-05', OPEN + 1440 * M), ev.backtestEnded(OPEN + 1441 * M, 'data-exhausted')], day.length);
    const s = fold(end, fold(day));
    expect([s.ended, s.active, s.endReason]).toEqual([true, false, 'data-exhausted']);
  });
});

describe('prefetch outcomes', () => {
  const begin = withSeqs<SimEvent>([activated('2024-03-04'), ev.prefetchRequested(OPEN, '2024-03-04', NaN)]);
  const after = (e: SimEvent) => fold([...begin, { ...e, seq: 2 } as SimEvent]);

  it('a failure keeps its code and reason, and the day is never ready', () => {
    const s = after(ev.prefetchFailed(OPEN + M, '2024-03-04', 'DATA_MISSING', 'no file') as SimEvent);
    expect([s.prefetch, s.prefetchReason, s.readyAt, s.sessions[0]!.prefetch]).toEqual(['failed', 'DATA_MISSING: no file', NaN, 'failed']);
  });

  it('a timeout says how long it waited', () => {
    const s = after(ev.prefetchTimeout(OPEN + M, '2024-03-04', 30_000) as SimEvent);
    expect([s.prefetch, s.prefetchReason, s.readyAt, s.sessions[0]!.prefetch]).toEqual(['timeout', 'no data within 30000 ms', NaN, 'timeout']);
  });

  it('a completion marks when the data became visible', () => {
    const s = after(ev.prefetchComplete(OPEN + M, '2024-03-04', 3) as SimEvent);
    expect([s.prefetch, s.prefetchReason, s.readyAt, s.sessions[0]!.prefetch]).toEqual(['complete', null, OPEN + M, 'complete']);
  });

  it('a request is remembered with the instant before which bars are history', () => {
    const s = fold(begin);
    expect([s.prefetch, s.historyUntil, s.sessions[0]!.prefetch]).toEqual(['requested', NaN, 'requested']);
    expect(fold(withSeqs<SimEvent>([activated('2024-03-04'), ev.prefetchRequested(OPEN, '2024-03-04', OPEN + 5 * M)])).historyUntil).toBe(OPEN + 5 * M);
  });
});

describe('an event of no known type', () => {
  it('is refused', () => {
    expect(() => evolve(initialState(), { type: 'Nonsense', time: 0, seq: 0 } as unknown as SimEvent)).toThrow('unhandled event');
  });
});

describe('events outside any session', () => {
  it('are counted in the totals without a session row to add to', () => {
    const s = fold(withSeqs<SimEvent>([
      bar(OPEN, 'A', OPEN - M),
      ev.derivedBarCompleted(OPEN, { symbol: 'A', minutes: 5, start: OPEN - 5 * M, end: OPEN, open: 1, high: 1, low: 1, close: 1, volume: 1, count: 1 }),
      ev.gapDetected(OPEN, { date: 'd', symbol: 'A', from: OPEN - 2 * M, to: OPEN, missing: 2 }),
      quality(OPEN, 'd', 'A', 10, 9),
      ev.prefetchComplete(OPEN, 'd', 0),
    ]));
    expect([s.totalBars, s.totalDerived, s.totalGaps, s.quality.length, s.sessions.length, s.prefetch]).toEqual([1, 1, 1, 1, 0, 'complete']);
    // Derived bars outside a day carry no date.
    expect(snapshot(s).derived[0]!.date).toBe('');
    expect(foldSlice(foldSlice(foldSlice(initialState(), bars(3), 0, 3, 0), derived(2), 0, 2, 3), gaps(), 0, 2, 5)).toMatchObject({ totalBars: 3, totalDerived: 2, totalGaps: 2, sessions: [] });
  });
});

/** Day rows (ts, symbol) with a delivery instant and a kind per row; delivered in row order. */
function bars(n: number, symbols = ['A', 'B'], kinds: readonly number[] = [0, 1, 2, 0, 0]): BarSlice {
  const f = (g: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => g(i));
  const day = { symbols, ts: f((i) => OPEN + i * M), sym: Int32Array.from({ length: n }, (_, i) => i % symbols.length), open: f((i) => i + 0.1), high: f((i) => i + 0.5), low: f((i) => i), close: f((i) => i + 0.2), volume: f((i) => 10 * i) };
  return barSlice(day, Int32Array.from({ length: n }, (_, i) => i), f((i) => OPEN + (i + 1) * M), Uint8Array.from({ length: n }, (_, i) => kinds[i % kinds.length]!));
}

function derived(n: number, symbols = ['A', 'B']): DerivedSlice {
  const f = (g: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => g(i));
  return derivedSlice({
    symbols, time: f((i) => OPEN + (i + 1) * 5 * M), sym: Int32Array.from({ length: n }, (_, i) => i % symbols.length), minutes: Int32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 5 : 15)),
    start: f((i) => OPEN + i * 5 * M), end: f((i) => OPEN + (i + 1) * 5 * M), open: f((i) => i + 1), high: f((i) => i + 2), low: f((i) => i), close: f((i) => i + 1.5), volume: f((i) => 100 * i), count: Int32Array.from({ length: n }, (_, i) => i + 1),
  });
}

/** Two gaps, of A then B, known one minute apart. */
function gaps(): GapSlice {
  return gapSlice('2024-03-04', ['A', 'B'], Float64Array.of(OPEN + M, OPEN + 2 * M), Int32Array.of(0, 1), Float64Array.of(OPEN, OPEN), Float64Array.of(OPEN + M, OPEN + 2 * M), Int32Array.of(1, 2));
}

/** The events a bar slice's rows [from, to) stand for, with seqs from base (read from its columns, not built by it). */
function barEvents(b: BarSlice, from: number, to: number, base: number): SimEvent[] {
  const out: SimEvent[] = [];
  const c = b.columns;
  for (let i = from; i < to; i++) {
    const r = b.rows![i]!;
    const k = b.code![r]!;
    out.push({ ...bar(c.time[r]!, b.symbols[b.sym[r]!]!, c.start[r]!, { open: c.open[r]!, high: c.high[r]!, low: c.low[r]!, close: c.close[r]!, volume: c.volume[r]!, late: k === 1, history: k === 2 }), seq: base + i } as SimEvent);
  }
  return out;
}

function derivedEvents(d: DerivedSlice, from: number, to: number, base: number): SimEvent[] {
  const out: SimEvent[] = [];
  const c = d.columns;
  for (let i = from; i < to; i++) {
    out.push({ ...ev.derivedBarCompleted(c.time[i]!, { symbol: d.symbols[d.sym[i]!]!, minutes: c.minutes[i]!, start: c.start[i]!, end: c.end[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]!, count: c.count[i]! }), seq: base + i } as SimEvent);
  }
  return out;
}

describe('columnar folds give the state the events they stand for give', () => {
  const start = () => fold(withSeqs<SimEvent>([activated('2024-03-04'), ev.prefetchRequested(OPEN, '2024-03-04', NaN)]));

  it('bars of every kind, folded in runs, one by one, or as events, with reads in between', () => {
    const b = bars(9);
    const viaEvents = fold(barEvents(b, 0, 9, 10), start());
    const inRuns = start();
    foldSlice(inRuns, b, 0, 4, 10);
    expect(inRuns.bars.count).toBe(4);
    foldSlice(inRuns, b, 4, 4, 10); // nothing
    expect([inRuns.lastSeq, inRuns.now]).toEqual([13, OPEN + 4 * M]);
    foldSlice(inRuns, b, 4, 9, 10);
    const oneByOne = start();
    for (let i = 0; i < 9; i++) {
      foldSlice(oneByOne, b, i, i + 1, 10);
      if (i === 4) expect(oneByOne.bars.get('A')!.count).toBe(3);
    }
    for (const s of [inRuns, oneByOne]) expect(snapshot(s)).toEqual(snapshot(viaEvents));
    expect(snapshot(viaEvents).sessions[0]).toMatchObject({ bars: 9, late: 2, history: 2 });
    // An empty run changes nothing, wherever it is.
    const before = snapshot(inRuns);
    foldSlice(inRuns, b, 2, 2, 10);
    expect(snapshot(inRuns)).toEqual(before);
    expect(viaEvents.lastSeq).toBe(18);
    expect(viaEvents.now).toBe(OPEN + 9 * M);
  });

  it('derived bars, in runs or as events', () => {
    const d = derived(5);
    const viaEvents = fold(derivedEvents(d, 0, 5, 20), start());
    const inRuns = start();
    foldSlice(inRuns, d, 0, 2, 20);
    foldSlice(inRuns, d, 2, 2, 20); // nothing
    expect([inRuns.lastSeq, inRuns.now, inRuns.derived.count]).toEqual([21, OPEN + 10 * M, 2]);
    foldSlice(inRuns, d, 2, 5, 20);
    expect(snapshot(inRuns)).toEqual(snapshot(viaEvents));
    expect(snapshot(viaEvents).sessions[0]!.derived).toBe(5);
    const before = snapshot(inRuns);
    foldSlice(inRuns, d, 1, 1, 20);
    expect(snapshot(inRuns)).toEqual(before);
    expect(snapshot(viaEvents).derived.map((r) => [r.symbol, r.minutes, r.count])).toEqual([['A', 5, 1], ['B', 15, 2], ['A', 5, 3], ['B', 15, 4], ['A', 5, 5]]);
  });

  it('gaps handled together count as that many gaps, the last one setting the clock', () => {
    const viaEvents = fold(withSeqs<SimEvent>([
      ev.gapDetected(OPEN + M, { date: '2024-03-04', symbol: 'A', from: OPEN, to: OPEN + M, missing: 1 }),
      ev.gapDetected(OPEN + 2 * M, { date: '2024-03-04', symbol: 'B', from: OPEN, to: OPEN + 2 * M, missing: 2 }),
    ], 2), start());
    const together = foldSlice(start(), gaps(), 0, 2, 2);
    expect(snapshot(together)).toEqual(snapshot(viaEvents));
    expect(snapshot(foldSlice(start(), gaps(), 1, 1, 99))).toEqual(snapshot(start()));
    expect(together.sessions[0]!.gaps).toBe(2);
  });
});

describe('the day bar table', () => {
  it('lists symbols sorted whatever their arrival order, and counts them', () => {
    const t = new DayBarTable();
    t.add('MSFT', 0, 1, 1, 1, 1, 1, 0);
    t.add('AAPL', 0, 1, 1, 1, 1, 1, 0);
    t.add('MSFT', 60, 1, 1, 1, 1, 1, 0);
    expect(t.names).toEqual(['MSFT', 'AAPL']);
    expect(t.symbols()).toEqual(['AAPL', 'MSFT']);
    expect(t.size).toBe(2);
    expect(Array.from(t.sym)).toEqual([0, 1, 0]);
  });

  it('keeps every bar of a long day, added one by one, in one slice, or in pieces, for one symbol or many', () => {
    const n = 5000;
    const b = bars(n, ['A', 'B', 'C']);
    const oneByOne = new DayBarTable();
    for (let i = 0; i < n; i++) {
      const r = b.rows![i]!, c = b.columns;
      oneByOne.add(b.symbols[b.sym[r]!]!, c.start[r]!, c.open[r]!, c.high[r]!, c.low[r]!, c.close[r]!, c.volume[r]!, b.code![r]!);
    }
    const whole = new DayBarTable();
    whole.addSlice(b, 0, n);
    const pieces = new DayBarTable();
    for (let i = 0; i < n; i += 700) { pieces.addSlice(b, i, Math.min(n, i + 700)); void pieces.count; pieces.get('B'); }
    const single = new DayBarTable();
    const one = bars(3000, ['Z']);
    single.addSlice(one, 0, 3000);
    for (const t of [oneByOne, whole, pieces]) {
      expect(t.count).toBe(n);
      for (const col of ['sym', 'start', 'open', 'high', 'low', 'close', 'volume', 'kind'] as const) expect(Array.from(t[col])).toEqual(Array.from(oneByOne[col]));
      const c = t.get('C')!;
      expect(c.count).toBe(1666);
      expect(Array.from(c.start.subarray(0, c.count))).toEqual(Array.from({ length: 1666 }, (_, k) => OPEN + (3 * k + 2) * M));
      expect(Array.from(c.close.subarray(0, c.count)).slice(-1)).toEqual([3 * 1665 + 2 + 0.2]);
      expect(c.kind[1665]).toBe([0, 1, 2, 0, 0][(3 * 1665 + 2) % 5]);
    }
    const z = single.get('Z')!;
    expect(z.count).toBe(3000);
    expect([z.start[2999], z.open[2999], z.high[2999], z.low[2999], z.close[2999], z.volume[2999], z.kind[2999]]).toEqual([OPEN + 2999 * M, 2999.1, 2999.5, 2999, 2999.2, 29990, [0, 1, 2, 0, 0][2999 % 5]]);
  });

  it('does not join two pieces of a slice that are not contiguous', () => {
    const b = bars(6);
    const t = new DayBarTable();
    t.addSlice(b, 0, 2);
    t.addSlice(b, 3, 5);
    expect(t.count).toBe(4);
    expect(Array.from(t.start)).toEqual([0, 1, 3, 4].map((i) => OPEN + i * M));
    const u = new DayBarTable();
    u.addSlice(b, 0, 2);
    u.addSlice(bars(6), 2, 4); // another slice with the same rows
    expect(Array.from(u.start)).toEqual([0, 1, 2, 3].map((i) => OPEN + i * M));
    expect(u.count).toBe(4);
  });

  it('maps each slice symbol to the table symbol, whichever slice brought it first', () => {
    const t = new DayBarTable();
    t.add('B', 0, 1, 1, 1, 1, 1, 0);
    t.addSlice(bars(4, ['A', 'B']), 0, 4); // A, B, A, B
    t.addSlice(bars(2, ['C', 'A']), 0, 2); // C, A
    expect(t.names).toEqual(['B', 'A', 'C']);
    expect(Array.from(t.sym)).toEqual([0, 1, 0, 1, 0, 2, 1]);
    expect(t.get('A')!.count).toBe(3);
  });

});

describe('the derived table', () => {
  it('keeps every derived bar of a long day, from slices and one by one', () => {
    const n = 1000;
    const d = derived(n, ['X', 'Y', 'Z']);
    const t = new DerivedTable();
    expect([t.count, t.symbol]).toEqual([0, []]);
    t.addSlice(d, 2, 5);
    expect(t.count).toBe(3);
    t.reset();
    t.add('W', 30, 1, 2, 3, 4, 5, 6, 7, 8);
    t.addSlice(d, 0, 300);
    t.addSlice(d, 300, n);
    const u = new DerivedTable();
    u.add('W', 30, 1, 2, 3, 4, 5, 6, 7, 8);
    const c = d.columns;
    for (let i = 0; i < n; i++) u.add(d.symbols[d.sym[i]!]!, c.minutes[i]!, c.start[i]!, c.end[i]!, c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!, c.count[i]!);
    expect(t.count).toBe(n + 1);
    for (const col of ['symbol', 'minutes', 'start', 'end', 'open', 'high', 'low', 'close', 'volume', 'n'] as const) expect(Array.from(t[col] as ArrayLike<unknown>)).toEqual(Array.from(u[col] as ArrayLike<unknown>));
    expect([t.symbol[0], t.minutes[0], t.start[0], t.end[0], t.open[0], t.high[0], t.low[0], t.close[0], t.volume[0], t.n[0]]).toEqual(['W', 30, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect([t.symbol[n], t.n[n], t.volume[n]]).toEqual(['X', n, 100 * (n - 1)]);
    t.reset();
    expect([t.count, t.symbol, Array.from(t.n)]).toEqual([0, [], []]);
    t.addSlice(d, 0, 0);
    expect(t.count).toBe(0);
  });
});

describe('the snapshot', () => {
  it('is equal for equal states and differs when anything differs', () => {
    const a = fold(withSeqs<SimEvent>([activated('2024-03-04'), bar(OPEN + M, 'A', OPEN)]));
    const b = fold(withSeqs<SimEvent>([activated('2024-03-04'), bar(OPEN + M, 'A', OPEN)]));
    const c = fold(withSeqs<SimEvent>([activated('2024-03-04'), bar(OPEN + M, 'A', OPEN, { close: 10.25 })]));
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(snapshot(a)).not.toEqual(snapshot(c));
  });
});
