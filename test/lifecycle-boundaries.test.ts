import { describe, expect, it } from 'vitest';
import { getCalendar } from '../src/calendar/index.js';
import { ev, type SimEvent } from '../src/events/index.js';
import type { Decider } from '../src/kernel/index.js';
import { evolve, initialState, type DayData, type SessionState } from '../src/state/index.js';
import { lifecycleHandlers, type RunContext } from '../src/handlers/index.js';
import { memoryDays } from './support/days.js';
import { runScenario, iso } from './support/lifecycle.js';
import { expand, withSeqs } from './support/scenario.js';

const at = (s: string) => Date.parse(s);

describe('a late prefetch: derived windows that complete before the data is ready', () => {
  // Ready at 09:42: the 09:30 and 09:35 five-minute windows ended before; the 15-minute one after.
  const r = runScenario({ dates: ['2025-07-02'], symbols: ['AAA', 'BBB'], start: '2025-07-02', end: '2025-07-02', config: { prefetch: { latency_ms: 12 * 60_000, timeout_seconds: 3600 }, data_upkeep: { derived_intervals: [15, 5] } } });
  const d = r.of('DerivedBarCompleted');
  const row = (x: (typeof d)[number]) => `${iso(x.time).slice(11, 16)} ${x.minutes}m ${x.symbol} ${iso(x.start).slice(11, 16)}-${iso(x.end).slice(11, 16)} n=${x.count}`;

  it('complete at readiness, per interval, symbol by symbol, oldest first; later windows at their end, finer interval first on a tie', () => {
    expect(d.slice(0, 10).map(row)).toEqual([
      '13:42 5m AAA 13:30-13:35 n=5',
      '13:42 5m AAA 13:35-13:40 n=5',
      '13:42 5m BBB 13:30-13:35 n=5',
      '13:42 5m BBB 13:35-13:40 n=5',
      '13:45 5m AAA 13:40-13:45 n=5',
      '13:45 5m BBB 13:40-13:45 n=5',
      '13:45 15m AAA 13:30-13:45 n=15',
      '13:45 15m BBB 13:30-13:45 n=15',
      '13:50 5m AAA 13:45-13:50 n=5',
      '13:50 5m BBB 13:45-13:50 n=5',
    ]);
  });

  it('each is OHLCV of its bars, the late ones included', () => {
    const bars = r.of('BarArrived').filter((b) => b.symbol === 'AAA' && b.start < at('2025-07-02T13:35:00Z'));
    expect(bars.map((b) => b.late)).toEqual([true, true, true, true, true]);
    const w = d[0]!;
    expect([w.open, w.high, w.low, w.close, w.volume]).toEqual([bars[0]!.open, Math.max(...bars.map((b) => b.high)), Math.min(...bars.map((b) => b.low)), bars[4]!.close, bars.reduce((n, b) => n + b.volume, 0)]);
  });

  it('a window ending exactly when the data becomes ready completes then, with the others', () => {
    const r10 = runScenario({ dates: ['2025-07-02'], symbols: ['AAA', 'BBB'], start: '2025-07-02', end: '2025-07-02', config: { prefetch: { latency_ms: 10 * 60_000, timeout_seconds: 3600 }, data_upkeep: { derived_intervals: [5] } } });
    expect(r10.of('DerivedBarCompleted').slice(0, 6).map((x) => `${x.symbol} ${iso(x.start).slice(11, 16)}@${iso(x.time).slice(11, 16)}`)).toEqual([
      'AAA 13:30@13:40', 'AAA 13:35@13:40', 'BBB 13:30@13:40', 'BBB 13:35@13:40', 'AAA 13:40@13:45', 'BBB 13:40@13:45',
    ]);
  });
});

describe('the late flag at the boundary: a bar arriving exactly when the data becomes ready is not late', () => {
  // DESIGN.md section 5: "bars whose arrival is earlier than that [PrefetchComplete] ... flagged late".
  it('ready at 09:32: the 09:30 bar (arrives 09:31) is late, the 09:31 bar (arrives 09:32) is live, both at 09:32', () => {
    const r = runScenario({ dates: ['2025-07-02'], symbols: ['AAA'], start: '2025-07-02', end: '2025-07-02', config: { prefetch: { latency_ms: 120_000 } } });
    expect(r.of('BarArrived').slice(0, 3).map((b) => [iso(b.start).slice(11, 16), iso(b.time).slice(11, 16), b.late])).toEqual([
      ['13:30', '13:32', true], ['13:31', '13:32', false], ['13:32', '13:33', false],
    ]);
    expect(r.of('QualityReport').map((q) => q.late)).toEqual([1]);
    expect(r.run.kernel.state.sessions[0]!.late).toBe(1);
  });
});

describe("a day's duplicates are mapped onto the universe by name", () => {
  const cal = getCalendar('XNYS');
  const open = at('2025-07-02T13:30:00Z'), close = at('2025-07-02T20:00:00Z');
  // The day's symbols in another order than the universe's, and one not in the universe.
  const day: DayData = {
    symbols: ['BBB', 'ZZZ', 'AAA'],
    ts: Float64Array.from([open, open, open]), sym: Int32Array.from([0, 1, 2]),
    open: Float64Array.from([1, 1, 1]), high: Float64Array.from([1, 1, 1]), low: Float64Array.from([1, 1, 1]), close: Float64Array.from([1, 1, 1]), volume: Float64Array.from([1, 1, 1]),
    duplicates: Int32Array.from([3, 7, 2]),
  };
  const ctx: RunContext = {
    calendar: cal, intervalMs: 60_000, start: open, startDate: '2025-07-02', endDate: '2025-07-02', dataEnd: '2025-07-02', symbols: ['AAA', 'BBB', 'CCC'],
    days: memoryDays(() => ({ ok: true, day })), upkeep: { enabled: true, derivedMinutes: [5] }, prefetch: { latencyMs: 0, timeoutMs: 30_000 },
  };
  const handlers = lifecycleHandlers(ctx) as Record<string, Decider<SessionState, SimEvent>>;

  it('each universe symbol gets its own count; a symbol outside the universe counts nowhere', () => {
    let s = initialState();
    for (const e of withSeqs<SimEvent>([ev.sessionActivated(open, { date: '2025-07-02', open, close, earlyClose: false, midSession: false }), ev.prefetchRequested(open, '2025-07-02', open)])) s = evolve(s, e);
    const done = { ...ev.prefetchComplete(open, '2025-07-02', 3), seq: 2 };
    s = evolve(s, done);
    const q = expand(handlers.PrefetchComplete!(s, done)).filter((e) => e.type === 'QualityReport') as Extract<SimEvent, { type: 'QualityReport' }>[];
    expect(q.map((x) => [x.symbol, x.duplicates, x.received])).toEqual([['AAA', 2, 1], ['BBB', 3, 1], ['CCC', 0, 0]]);
  });
});
