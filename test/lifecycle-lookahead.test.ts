import { describe, expect, it } from 'vitest';
import { createRun } from '../src/api/run.js';
import { demoConfig } from '../src/api/demo.js';
import type { SimEvent } from '../src/events/index.js';
import { MemoryLog } from '../src/kernel/index.js';
import { runScenario, iso } from './support/lifecycle.js';

const at = (s: string) => Date.parse(s);

/**
 * No look-ahead on a mid-session start with seconds: history holds only the bars that ended by the
 * start instant (start + interval <= start instant); the bar in progress at the start arrives
 * live at its end, with nothing of it shown before.
 */
describe('mid-session start with seconds: no look-ahead', () => {
  it('start 12:45:30: the 12:45 bar is not history; it arrives live at 12:46', () => {
    const r = runScenario({ dates: ['2015-12-23'], symbols: ['AAA', 'BBB'], start: '2015-12-23T12:45:30', end: '2015-12-23' });
    const start = at('2015-12-23T17:45:30Z');
    const bars = r.of('BarArrived');
    const history = bars.filter((b) => b.history);
    expect(history).toHaveLength(195 * 2); // 09:30 .. 12:44, both symbols
    expect(history.every((b) => b.start + 60_000 <= start && b.time === start)).toBe(true);
    const b1245 = bars.filter((b) => b.start === at('2015-12-23T17:45:00Z'));
    expect(b1245.map((b) => [b.symbol, iso(b.time), b.history, b.late])).toEqual([
      ['AAA', '2015-12-23T17:46:00Z', false, false],
      ['BBB', '2015-12-23T17:46:00Z', false, false],
    ]);
    // Nothing delivered before its end, whatever its kind.
    expect(bars.every((b) => b.time >= b.start + 60_000)).toBe(true);
    const q = r.of('QualityReport');
    expect(q.map((x) => [x.expected, x.received, x.late])).toEqual([[390, 390, 0], [390, 390, 0]]);
  });

  it('start 12:59:30 on an early-close day: the 12:59 bar (its close is the 13:00 price) comes at 13:00, not at the start', () => {
    const r = runScenario({ dates: ['2015-12-24'], symbols: ['AAA'], start: '2015-12-24T12:59:30', end: '2015-12-24', outside: true });
    const start = at('2015-12-24T17:59:30Z');
    const bars = r.of('BarArrived');
    expect(bars.filter((b) => b.time <= start).every((b) => b.start + 60_000 <= start)).toBe(true);
    const last = bars[bars.length - 1]!;
    expect([iso(last.start), iso(last.time), last.history]).toEqual(['2015-12-24T17:59:00Z', '2015-12-24T18:00:00Z', false]);
    expect(bars.filter((b) => b.history)).toHaveLength(209);
  });

  it('1-second bars from 12:45:30: the 12:45:29 bar is history, the 12:45:30 bar arrives at 12:45:31', () => {
    const r = runScenario({ dates: ['2015-12-24'], symbols: ['AAA'], interval: '1s', start: '2015-12-24T12:45:30', end: '2015-12-24' });
    const bars = r.of('BarArrived');
    const history = bars.filter((b) => b.history);
    expect(iso(history[history.length - 1]!.start)).toBe('2015-12-24T17:45:29Z');
    const firstLive = bars.find((b) => !b.history)!;
    expect([iso(firstLive.start), iso(firstLive.time)]).toEqual(['2015-12-24T17:45:30Z', '2015-12-24T17:45:31Z']);
  });

  it('the demo week from 2013-10-07 12:45:30: no bar is seen before it ends', () => {
    const run = createRun(demoConfig({ start: '2013-10-07T12:45:30', end: '2013-10-07' }), { keepEvents: true });
    run.kernel.run();
    const bars = (run.log as MemoryLog<SimEvent>).events().filter((e): e is Extract<SimEvent, { type: 'BarArrived' }> => e.type === 'BarArrived');
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.filter((b) => b.time < b.start + 60_000)).toEqual([]);
    const spy1245 = bars.find((b) => b.symbol === 'SPY' && b.start === at('2013-10-07T16:45:00Z'))!;
    expect([iso(spy1245.time), spy1245.history]).toEqual(['2013-10-07T16:46:00Z', false]);
  });

  it('derived windows and gaps around a start with seconds: the bar in progress at the start makes them known at its end', () => {
    const r = runScenario({
      dates: ['2015-12-23'], symbols: ['AAA'], start: '2015-12-23T12:49:30', end: '2015-12-23',
      skip: (_s, ts) => ts === at('2015-12-23T17:48:00Z'),
      config: { data_upkeep: { derived_intervals: [5] } },
    });
    const start = at('2015-12-23T17:49:30Z');
    const d = r.of('DerivedBarCompleted');
    // 12:40-12:45 ended before the start: complete at the start; 12:45-12:50 holds the 12:49 bar, live at 12:50.
    expect(d.filter((x) => x.end <= start).every((x) => x.time === start)).toBe(true);
    const w = d.find((x) => x.start === at('2015-12-23T17:45:00Z'))!;
    expect([iso(w.time), w.count]).toEqual(['2015-12-23T17:50:00Z', 4]);
    // The missing 12:48 bar is a gap known when the 12:49 bar arrives (12:50), not at the start.
    expect(r.of('GapDetected').map((g) => [iso(g.from), iso(g.time)])).toEqual([['2015-12-23T17:48:00Z', '2015-12-23T17:50:00Z']]);
  });
});
