import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRun } from '../src/api/run.js';
import { MemoryLog } from '../src/kernel/index.js';
import { tmpDir } from './support/tmp.js';
import { getCalendar } from '../src/calendar/index.js';
import { ev, type SimEvent } from '../src/events/index.js';
import { evolve, initialState } from '../src/state/index.js';
import { sessionHandlers, type RunContext } from '../src/handlers/index.js';
import { runScenario, iso } from './support/lifecycle.js';

/** How a backtest ends: every reason, from every place it is decided, and the boundaries around each. */
describe('the backtest\'s end reasons', () => {
  const ended = (r: ReturnType<typeof runScenario>) => {
    const last = r.events[r.events.length - 1]!;
    expect(last.type).toBe('BacktestEnded');
    return [(last as Extract<SimEvent, { type: 'BacktestEnded' }>).reason, iso(last.time), r.of('SessionActivated').map((e) => e.date)];
  };

  it('end-date: after the end date\'s close, even with more data', () => {
    const r = runScenario({ dates: ['2025-07-01', '2025-07-02'], symbols: ['AAA'], start: '2025-07-01', end: '2025-07-01' });
    expect(ended(r)).toEqual(['end-date', '2025-07-01T20:00:00Z', ['2025-07-01']]);
  });

  it('end-date: the end date is a holiday, so the next session is after it', () => {
    const r = runScenario({ dates: ['2025-07-03', '2025-07-07'], symbols: ['AAA'], start: '2025-07-03', end: '2025-07-04' });
    expect(ended(r)).toEqual(['end-date', '2025-07-03T17:00:00Z', ['2025-07-03']]);
  });

  it('end-date: at the start, when the first session on or after the start is after the end', () => {
    const r = runScenario({ dates: ['2025-07-03', '2025-07-07'], symbols: ['AAA'], start: '2025-07-04', end: '2025-07-05' });
    expect(ended(r)).toEqual(['end-date', '2025-07-04T04:00:00Z', []]);
  });

  it('data-exhausted: after the last day file\'s session, before the end date', () => {
    const r = runScenario({ dates: ['2025-07-01', '2025-07-02'], symbols: ['AAA'], start: '2025-07-01', end: '2025-07-08' });
    expect(ended(r)).toEqual(['data-exhausted', '2025-07-02T20:00:00Z', ['2025-07-01', '2025-07-02']]);
  });

  it('data ending exactly at the end date is end-date, not data-exhausted', () => {
    const r = runScenario({ dates: ['2025-07-01', '2025-07-02'], symbols: ['AAA'], start: '2025-07-01', end: '2025-07-02' });
    expect(ended(r)).toEqual(['end-date', '2025-07-02T20:00:00Z', ['2025-07-01', '2025-07-02']]);
  });

  it('data-exhausted: at the start, when the data ends before the start', () => {
    const r = runScenario({ dates: ['2025-07-01'], symbols: ['AAA'], start: '2025-07-02', end: '2025-07-08' });
    expect(ended(r)).toEqual(['data-exhausted', '2025-07-02T04:00:00Z', []]);
  });

  it('data-exhausted: at the start, when the interval folder holds no day file at all', () => {
    const root = tmpDir();
    mkdirSync(path.join(root, 'interval=1m'));
    const run = createRun({ data: root, symbols: ['AAA'], start: '2025-07-02', end: '2025-07-08' }, { keepEvents: true });
    run.kernel.run();
    expect((run.log as MemoryLog<SimEvent>).events().map((e) => `${e.type}@${iso(e.time)}`)).toEqual(['BacktestStarted@2025-07-02T04:00:00Z', 'BacktestEnded@2025-07-02T04:00:00Z']);
    expect(run.kernel.state.endReason).toBe('data-exhausted');
  });

  it('a start on the last day of the data runs that day', () => {
    const r = runScenario({ dates: ['2025-07-01', '2025-07-02'], symbols: ['AAA'], start: '2025-07-02', end: '2025-07-08' });
    expect(ended(r)).toEqual(['data-exhausted', '2025-07-02T20:00:00Z', ['2025-07-02']]);
  });

  it('a start exactly at a close moves to the next session', () => {
    const r = runScenario({ dates: ['2025-07-01', '2025-07-02'], symbols: ['AAA'], start: '2025-07-01T16:00', end: '2025-07-02' });
    expect(ended(r)).toEqual(['end-date', '2025-07-02T20:00:00Z', ['2025-07-02']]);
  });

  it('end-date, not calendar-end, after the end date\'s close on the calendar\'s last session', () => {
    const r = runScenario({ dates: ['2035-12-31'], symbols: ['AAA'], start: '2035-12-31', end: '2035-12-31' });
    expect(ended(r)).toEqual(['end-date', '2035-12-31T21:00:00Z', ['2035-12-31']]);
  });

  it('a start exactly at the open is not a mid-session start', () => {
    const r = runScenario({ dates: ['2025-07-01'], symbols: ['AAA'], start: '2025-07-01T09:30', end: '2025-07-01' });
    expect(r.of('SessionActivated').map((e) => [iso(e.time), e.midSession])).toEqual([['2025-07-01T13:30:00Z', false]]);
    expect(r.of('BarArrived').some((b) => b.history)).toBe(false);
  });

  it('calendar-end: at the start, after the calendar\'s last session has closed', () => {
    const r = runScenario({ dates: ['2035-12-31'], symbols: ['AAA'], start: '2035-12-31T17:00', end: '2035-12-31' });
    expect(ended(r)).toEqual(['calendar-end', '2035-12-31T22:00:00Z', []]);
  });

  it('calendar-end: after the calendar\'s last session, when the end date lies beyond the calendar', () => {
    // The config refuses such an end date; the handler still has its answer.
    const cal = getCalendar('XNYS');
    const last = cal.at(cal.size - 1);
    const ctx = { calendar: cal, endDate: '2036-06-30', dataEnd: '2036-06-30' } as unknown as RunContext;
    let s = initialState();
    s = evolve(s, { ...ev.sessionActivated(last.open, { date: last.date, open: last.open, close: last.close, earlyClose: last.earlyClose, midSession: false }), seq: 0 });
    const deact = { ...ev.sessionDeactivated(last.close, last.date), seq: 1 };
    expect(sessionHandlers(ctx).SessionDeactivated!(evolve(s, deact), deact)).toEqual([ev.backtestEnded(last.close, 'calendar-end')]);
  });

  it('and the session before the last one advances to it', () => {
    const cal = getCalendar('XNYS');
    const prev = cal.at(cal.size - 2), last = cal.at(cal.size - 1);
    const ctx = { calendar: cal, endDate: '2036-06-30', dataEnd: '2036-06-30' } as unknown as RunContext;
    const deact = { ...ev.sessionDeactivated(prev.close, prev.date), seq: 1 };
    expect(sessionHandlers(ctx).SessionDeactivated!(evolve(initialState(), deact), deact)).toEqual([ev.dayAdvance(prev.close, prev.date, last.date)]);
  });
});
