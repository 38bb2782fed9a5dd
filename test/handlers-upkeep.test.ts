import { describe, expect, it } from 'vitest';
import { ExchangeCalendar } from '../src/calendar/index.js';
import { ev, type SimEvent } from '../src/events/index.js';
import type { Emitted } from '../src/kernel/index.js';
import { DELIVERY } from '../src/columnar/index.js';
import { initialState, type DayData, type DayPlan, type SessionState } from '../src/state/index.js';
import { derivedSlice } from '../src/handlers/derived-bars.js';
import { gapsAndQuality } from '../src/handlers/gaps.js';
import { planDay } from '../src/handlers/day-plan.js';
import type { RunContext } from '../src/handlers/index.js';
import { memoryDays } from './support/days.js';
import { expand } from './support/scenario.js';

const { LATE, LIVE, NOT_DELIVERED } = DELIVERY;

/**
 * The upkeep of one day, decided from its plan: derived bars (when each window completes, in
 * which order, with which OHLCV), gaps and the quality figures of each universe symbol.
 */

const M = 60_000;
const OPEN = Date.parse('2024-01-10T09:00:00Z');

/** A day of rows (minute offset, symbol index, price, volume) in (ts, symbol) order. */
function dayOf(symbols: string[], rows: [number, number, number, number][], duplicates: number[] = symbols.map(() => 0)): DayData {
  const col = (f: (r: [number, number, number, number]) => number) => Float64Array.from(rows.map(f));
  return {
    symbols, ts: col((r) => OPEN + r[0] * M), sym: Int32Array.from(rows.map((r) => r[1])),
    open: col((r) => r[2]), high: col((r) => r[2] + 1), low: col((r) => r[2] - 1), close: col((r) => r[2] + 0.5), volume: col((r) => r[3]),
    duplicates: Int32Array.from(duplicates),
  };
}

/** A plan delivering every row (late before readiness), with rows outside [open, close) not delivered. */
function planOf(day: DayData, close: number, readyAt: number, undelivered: number[] = []): DayPlan {
  const n = day.ts.length;
  const kind = new Uint8Array(n), deliverAt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const arrival = day.ts[i]! + M;
    if (undelivered.includes(i) || day.ts[i]! >= close) { kind[i] = NOT_DELIVERED; deliverAt[i] = NaN; }
    else if (arrival < readyAt) { kind[i] = LATE; deliverAt[i] = readyAt; }
    else { kind[i] = LIVE; deliverAt[i] = arrival; }
  }
  return { day, open: OPEN, close, breakStart: NaN, breakEnd: NaN, readyAt, historyUntil: OPEN, deliverAt, kind };
}

type Derived = Extract<SimEvent, { type: 'DerivedBarCompleted' }>;
const derived = (plan: DayPlan, intervals: number[]) => expand<SimEvent>([derivedSlice(plan, intervals)]) as unknown as Derived[];
const brief = (d: Derived) => `${(d.time - OPEN) / M} ${d.minutes}m ${d.symbol} ${(d.start - OPEN) / M}-${(d.end - OPEN) / M}`;

/** Two symbols with a bar every minute of a 30-minute session. */
const everyMinute = dayOf(['A', 'B'], Array.from({ length: 60 }, (_, i) => [Math.floor(i / 2), i % 2, 100 + i, 10] as [number, number, number, number]));

describe('derived bars: when they complete and in which order', () => {
  it('windows that ended before a late prefetch\'s data was ready complete at readiness, interval by interval, symbol by symbol, oldest first', () => {
    const got = derived(planOf(everyMinute, OPEN + 30 * M, OPEN + 12 * M), [5, 15]).map(brief);
    expect(got).toEqual([
      '12 5m A 0-5', '12 5m A 5-10', '12 5m B 0-5', '12 5m B 5-10',
      // Later windows by their end; at one end, the intervals in the order asked for.
      '15 5m A 10-15', '15 5m B 10-15', '15 15m A 0-15', '15 15m B 0-15',
      '20 5m A 15-20', '20 5m B 15-20', '25 5m A 20-25', '25 5m B 20-25',
      '30 5m A 25-30', '30 5m B 25-30', '30 15m A 15-30', '30 15m B 15-30',
    ]);
  });

  it('a window ending exactly at readiness completes with the ones before it', () => {
    expect(derived(planOf(everyMinute, OPEN + 30 * M, OPEN + 10 * M), [5]).slice(0, 6).map(brief)).toEqual([
      '10 5m A 0-5', '10 5m A 5-10', '10 5m B 0-5', '10 5m B 5-10', '15 5m A 10-15', '15 5m B 10-15',
    ]);
    expect(derived(planOf(everyMinute, OPEN + 30 * M, OPEN + 9 * M), [5]).slice(0, 4).map(brief)).toEqual(['9 5m A 0-5', '9 5m B 0-5', '10 5m A 5-10', '10 5m B 5-10']);
  });

  it('data ready before the open: every window completes at its end; a short last window ends at the close', () => {
    const got = derived(planOf(everyMinute, OPEN + 28 * M, OPEN - M), [15, 5]).map(brief);
    expect(got.filter((g) => g.includes(' A '))).toEqual(['5 5m A 0-5', '10 5m A 5-10', '15 15m A 0-15', '15 5m A 10-15', '20 5m A 15-20', '25 5m A 20-25', '28 15m A 15-28', '28 5m A 25-28']);
  });

  it('data ready after the close: everything completes at readiness', () => {
    const got = derived(planOf(everyMinute, OPEN + 30 * M, OPEN + 45 * M), [15]);
    expect(got.map(brief)).toEqual(['45 15m A 0-15', '45 15m A 15-30', '45 15m B 0-15', '45 15m B 15-30']);
  });

  it('a window without bars for a symbol gives no bar; a session with no time gives none', () => {
    const sparse = dayOf(['A', 'B'], [[0, 0, 1, 1], [7, 1, 2, 1], [8, 0, 3, 1]]);
    expect(derived(planOf(sparse, OPEN + 15 * M, OPEN), [5]).map(brief)).toEqual(['5 5m A 0-5', '10 5m A 5-10', '10 5m B 5-10']);
    expect(derived({ ...planOf(sparse, OPEN, OPEN), close: OPEN }, [5])).toEqual([]);
  });
});

describe('derived bars: their prices and volumes', () => {
  const ohlcv = (d: Derived) => [d.open, d.high, d.low, d.close, d.volume, d.count];

  it('first open, highest high, lowest low, last close, summed volume, bars counted; rows not delivered left out', () => {
    const day = dayOf(['A'], [[0, 0, 10, 1], [1, 0, 14, 2], [2, 0, 8, 4], [3, 0, 11, 8], [4, 0, 30, 16]]);
    for (const intervals of [[5], [1, 5], [5, 1]]) {
      const five = derived(planOf(day, OPEN + 5 * M, OPEN, [4]), intervals).filter((d) => d.minutes === 5);
      expect(five.map(ohlcv)).toEqual([[10, 15, 7, 11.5, 15, 4]]);
    }
    // The high and low are not the first or last bar's.
    const peak = dayOf(['A'], [[0, 0, 10, 1], [1, 0, 20, 1], [2, 0, 5, 1], [3, 0, 12, 1]]);
    for (const intervals of [[4], [2, 4], [1, 2, 4]]) {
      expect(derived(planOf(peak, OPEN + 4 * M, OPEN), intervals).filter((d) => d.minutes === 4).map(ohlcv)).toEqual([[10, 21, 4, 12.5, 4, 4]]);
    }
  });

  it('coarse bars from fine ones equal coarse bars from the rows, symbol by symbol, with gaps', () => {
    const rows: [number, number, number, number][] = [];
    for (let m = 0; m < 30; m++) for (let s = 0; s < 3; s++) if ((m * 7 + s * 3) % 5 !== 0) rows.push([m, s, 50 + ((m * 13 + s * 29) % 17), 1 + ((m + s) % 4)]);
    const day = dayOf(['A', 'B', 'C'], rows);
    const plan = planOf(day, OPEN + 28 * M, OPEN + 6 * M);
    const viaFine = derived(plan, [1, 2, 5, 10, 30]);
    for (const m of [10, 30]) expect(viaFine.filter((d) => d.minutes === m)).toEqual(derived(plan, [m]));
    expect(viaFine.filter((d) => d.minutes >= 10).length).toBe(12);
  });

  it('volumes too large to add in any order are summed in time order', () => {
    const big = 2 ** 53;
    const day: DayData = { ...dayOf(['A'], [[0, 0, 1, big], [1, 0, 1, 1], [1.5, 0, 1, 1]]) };
    const two = derived(planOf(day, OPEN + 2 * M, OPEN), [1, 2]).filter((d) => d.minutes === 2);
    // ((2^53 + 1) + 1) rounds to 2^53 twice; 2^53 + (1 + 1) would be 2^53 + 2.
    expect(two.map((d) => d.volume)).toEqual([big]);
    const fractional = dayOf(['A'], [[0, 0, 1, 0.1], [1, 0, 1, 0.2], [1.5, 0, 1, 0.3]]);
    expect(derived(planOf(fractional, OPEN + 2 * M, OPEN), [1, 2]).filter((d) => d.minutes === 2).map((d) => d.volume)).toEqual([(0.1 + 0.2) + 0.3]);
  });
});

describe('the plan of a day', () => {
  const cal = new ExchangeCalendar({
    name: 'TPLAN', description: 'plan', version: '1', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5], range: { from: '2024-01-08', to: '2024-01-12' },
    hours: [{ since: '2024-01-08', open: '09:00', close: '09:30', breakStart: '09:10', breakEnd: '09:20' }], holidays: [], adhocClosures: [], earlyCloses: [], adhocEarlyCloses: [],
  });
  const run = () => ({ calendar: cal, intervalMs: M, days: memoryDays(() => ({ ok: false, code: 'X', reason: 'x' })) }) as unknown as RunContext;
  const ctx = run();
  const state = (readyAt: number): SessionState => Object.assign(initialState(), { date: '2024-01-10', open: OPEN, close: OPEN + 30 * M, readyAt, historyUntil: OPEN });

  it('a bar arriving exactly when the data becomes ready is live; one arriving before is late, delivered then', () => {
    const day = dayOf(['A'], [[-1, 0, 1, 1], [0, 0, 1, 1], [1, 0, 1, 1], [2, 0, 1, 1], [10, 0, 1, 1], [20, 0, 1, 1], [29, 0, 1, 1], [30, 0, 1, 1]]);
    const plan = planDay(ctx, state(OPEN + 2 * M), day);
    expect(Array.from(plan.kind)).toEqual([NOT_DELIVERED, LATE, LIVE, LIVE, NOT_DELIVERED, LIVE, LIVE, NOT_DELIVERED]);
    expect(Array.from(plan.deliverAt).map((t) => (t - OPEN) / M)).toEqual([NaN, 2, 2, 3, NaN, 21, 30, NaN]);
    expect([plan.breakStart, plan.breakEnd, plan.readyAt, plan.open, plan.close]).toEqual([OPEN + 10 * M, OPEN + 20 * M, OPEN + 2 * M, OPEN, OPEN + 30 * M]);
  });

  it('is computed again when the readiness differs, and reused when nothing differs', () => {
    const day = dayOf(['A'], [[0, 0, 1, 1], [5, 0, 1, 1]]);
    const a = planDay(ctx, state(OPEN + 6 * M), day);
    expect(planDay(ctx, state(OPEN + 6 * M), day)).toBe(a);
    const b = planDay(ctx, state(OPEN), day);
    expect(Array.from(b.kind)).toEqual([LIVE, LIVE]);
    expect(Array.from(a.kind)).toEqual([LATE, LIVE]);
    const moved = planDay(ctx, Object.assign(state(OPEN), { close: OPEN + 3 * M }), day);
    expect(Array.from(moved.kind)).toEqual([LIVE, NOT_DELIVERED]);
    const opened = planDay(ctx, Object.assign(state(OPEN), { open: OPEN + M }), day);
    expect(Array.from(opened.kind)).toEqual([NOT_DELIVERED, LIVE]);
    const again = planDay(ctx, Object.assign(state(OPEN), { open: OPEN + M }), day);
    expect(again).toBe(opened);
    // Plans belong to the run: another run makes its own.
    const other = planDay(run(), state(OPEN + 6 * M), day);
    expect(other).not.toBe(a);
    expect(Array.from(other.kind)).toEqual(Array.from(a.kind));
  });
});

describe('gaps and quality', () => {
  const cal = new ExchangeCalendar({
    name: 'TGAPS', description: 'gaps', version: '1', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5], range: { from: '2024-01-08', to: '2024-01-12' },
    hours: [{ since: '2024-01-08', open: '09:00', close: '09:10', breakStart: '09:04', breakEnd: '09:06' }], holidays: [], adhocClosures: [], earlyCloses: [], adhocEarlyCloses: [],
  });
  const ctx = (symbols: string[]) => ({ calendar: cal, intervalMs: M, symbols }) as unknown as RunContext;
  const state = Object.assign(initialState(), { date: '2024-01-10', open: OPEN, close: OPEN + 10 * M });
  const run = (symbols: string[], plan: DayPlan | null, s: SessionState = state) => {
    const out: Emitted<SimEvent>[] = [];
    gapsAndQuality(ctx(symbols), s, plan, '2024-01-10', out);
    return expand<SimEvent>(out);
  };
  const withBreak = (plan: DayPlan): DayPlan => ({ ...plan, breakStart: OPEN + 4 * M, breakEnd: OPEN + 6 * M });

  it('maps the day\'s symbols, duplicates and rows onto the universe, whatever their order; symbols outside it are ignored', () => {
    // The day file has C, X (not in the universe) and A; the universe is A, B, C.
    const day = dayOf(['C', 'X', 'A'], [[0, 0, 1, 1], [0, 1, 1, 1], [0, 2, 1, 1], [1, 2, 1, 1], [2, 0, 1, 1], [2, 1, 1, 1], [11, 0, 1, 1]], [3, 9, 1]);
    const plan = withBreak(planOf(day, OPEN + 10 * M, OPEN + 2 * M));
    const quality = run(['A', 'B', 'C'], plan).filter((e) => e.type === 'QualityReport');
    expect(quality).toEqual([
      ev.qualityReport(OPEN + 10 * M, { date: '2024-01-10', symbol: 'A', expected: 8, received: 2, missing: 6, duplicates: 1, outOfSession: 0, late: 1, pct: 25 }),
      ev.qualityReport(OPEN + 10 * M, { date: '2024-01-10', symbol: 'B', expected: 8, received: 0, missing: 8, duplicates: 0, outOfSession: 0, late: 0, pct: 0 }),
      ev.qualityReport(OPEN + 10 * M, { date: '2024-01-10', symbol: 'C', expected: 8, received: 2, missing: 6, duplicates: 3, outOfSession: 1, late: 1, pct: 25 }),
    ]);
  });

  it('a gap is known when the next bar arrives or at the close; at one instant in universe order, then by start; the break is no gap', () => {
    const day = dayOf(['B', 'A'], [[1, 0, 1, 1], [3, 0, 1, 1], [3, 1, 1, 1], [6, 1, 1, 1], [6, 0, 1, 1], [9, 0, 1, 1]]);
    const events = run(['A', 'B'], withBreak(planOf(day, OPEN + 10 * M, OPEN + 7 * M))).filter((e) => e.type === 'GapDetected');
    const g = (time: number, symbol: string, from: number, to: number, missing: number) => ev.gapDetected(OPEN + time * M, { date: '2024-01-10', symbol, from: OPEN + from * M, to: OPEN + to * M, missing });
    expect(events).toEqual([
      // B's gaps are found first (its bars at 09:01 and 09:03 are delivered late, at readiness
      // 09:07, as is A's at 09:03), but at one instant A comes first, then B's by start.
      g(7, 'A', 0, 2, 3), g(7, 'B', 0, 0, 1), g(7, 'B', 2, 2, 1),
      g(10, 'A', 7, 9, 3), g(10, 'B', 7, 8, 2),
    ]);
  });

  it('a day without data: every expected bar missing, one gap per symbol at the close, the break left out', () => {
    const events = run(['A', 'B'], null);
    expect(events).toEqual([
      ev.gapDetected(OPEN + 10 * M, { date: '2024-01-10', symbol: 'A', from: OPEN, to: OPEN + 9 * M, missing: 8 }),
      ev.gapDetected(OPEN + 10 * M, { date: '2024-01-10', symbol: 'B', from: OPEN, to: OPEN + 9 * M, missing: 8 }),
      ev.qualityReport(OPEN + 10 * M, { date: '2024-01-10', symbol: 'A', expected: 8, received: 0, missing: 8, duplicates: 0, outOfSession: 0, late: 0, pct: 0 }),
      ev.qualityReport(OPEN + 10 * M, { date: '2024-01-10', symbol: 'B', expected: 8, received: 0, missing: 8, duplicates: 0, outOfSession: 0, late: 0, pct: 0 }),
    ]);
  });

  it('a full day has no gap; percentages are rounded to hundredths; a session without expected bars is 0%', () => {
    const full = dayOf(['A'], [0, 1, 2, 3, 6, 7, 8, 9].map((m) => [m, 0, 1, 1] as [number, number, number, number]));
    expect(run(['A'], withBreak(planOf(full, OPEN + 10 * M, OPEN))).map((e) => e.type)).toEqual(['QualityReport']);
    const third = Object.assign(initialState(), { date: '2024-01-10', open: OPEN, close: OPEN + 3 * M });
    const q = run(['A'], planOf(dayOf(['A'], [[1, 0, 1, 1]]), OPEN + 3 * M, OPEN), third).find((e) => e.type === 'QualityReport')!;
    expect(q).toMatchObject({ expected: 3, received: 1, pct: 33.33 });
    const twoThirds = run(['A'], planOf(dayOf(['A'], [[0, 0, 1, 1], [1, 0, 1, 1]]), OPEN + 3 * M, OPEN), third).find((e) => e.type === 'QualityReport')!;
    expect(twoThirds).toMatchObject({ pct: 66.67 });
    const empty = Object.assign(initialState(), { date: '2024-01-10', open: OPEN, close: OPEN });
    expect(run(['A'], null, empty)).toEqual([ev.qualityReport(OPEN, { date: '2024-01-10', symbol: 'A', expected: 0, received: 0, missing: 0, duplicates: 0, outOfSession: 0, late: 0, pct: 0 })]);
  });
});
