import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, type CalendarDefinition } from '../src/calendar/index.js';
import { ev, type SimEvent } from '../src/events/index.js';
import { sessionHandlers, type RunContext } from '../src/handlers/index.js';
import { initialState } from '../src/state/index.js';
import type { Decider } from '../src/kernel/index.js';
import { memoryDays } from './support/days.js';

/**
 * The session handler on a small UTC calendar: when a run starts, which day comes next, and why
 * the backtest ends (the end date, the calendar's end, or the data running out).
 */

// Sessions 10:00-16:00 UTC on 2024-01-08 (Mon) .. 2024-01-12 (Fri) except the 10th; range to the 14th.
const DEF: CalendarDefinition = {
  name: 'TSESS', description: 'one week', version: '1', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5],
  range: { from: '2024-01-06', to: '2024-01-14' },
  hours: [{ since: '2024-01-06', open: '10:00', close: '16:00' }],
  holidays: [], adhocClosures: [{ date: '2024-01-10', name: 'closed' }], earlyCloses: [],
  adhocEarlyCloses: [{ date: '2024-01-12', close: '13:00', name: 'early' }],
};
const cal = new ExchangeCalendar(DEF);
const at = (s: string) => Date.parse(`${s}Z`);

function decide(ctx: Partial<RunContext>, e: SimEvent) {
  const full: RunContext = {
    calendar: cal, intervalMs: 60_000, start: 0, startDate: '2024-01-08', endDate: '2024-01-12', dataEnd: '2024-01-12', symbols: ['X'],
    days: memoryDays(() => ({ ok: false, code: 'X', reason: 'x' })), upkeep: { enabled: false, derivedMinutes: [] }, prefetch: { latencyMs: 0, timeoutMs: 1000 },
    ...ctx,
  };
  const handlers = sessionHandlers(full) as Record<string, Decider<ReturnType<typeof initialState>, SimEvent>>;
  return handlers[e.type]!(initialState(), e);
}
const started = (time: string) => ({ ...ev.backtestStarted(at(time), 'x', 'y'), seq: 0 }) as SimEvent;
const deactivated = (date: string) => ({ ...ev.sessionDeactivated(at(`${date}T16:00:00`), date), seq: 5 }) as SimEvent;

describe('the start of a run', () => {
  it('before the open: the session activates at its open', () => {
    expect(decide({ startDate: '2024-01-08' }, started('2024-01-08T00:00:00'))).toEqual([
      ev.sessionActivated(at('2024-01-08T10:00:00'), { date: '2024-01-08', open: at('2024-01-08T10:00:00'), close: at('2024-01-08T16:00:00'), earlyClose: false, midSession: false }),
    ]);
  });

  it('exactly at the open is not a mid-session start; a millisecond later is', () => {
    expect(decide({}, started('2024-01-08T10:00:00'))[0]).toMatchObject({ type: 'SessionActivated', time: at('2024-01-08T10:00:00'), midSession: false });
    expect(decide({}, started('2024-01-08T10:00:00.001'))[0]).toMatchObject({ type: 'SessionActivated', time: at('2024-01-08T10:00:00.001'), open: at('2024-01-08T10:00:00'), midSession: true });
  });

  it('at the close or after it: the next session', () => {
    expect(decide({}, started('2024-01-08T16:00:00'))[0]).toMatchObject({ type: 'SessionActivated', date: '2024-01-09', midSession: false });
    expect(decide({}, started('2024-01-08T15:59:59.999'))[0]).toMatchObject({ date: '2024-01-08', midSession: true });
  });

  it('on a closed day: the next session; early closes are carried', () => {
    expect(decide({ startDate: '2024-01-10' }, started('2024-01-10T09:00:00'))[0]).toMatchObject({ date: '2024-01-11' });
    expect(decide({ startDate: '2024-01-12' }, started('2024-01-12T09:00:00'))[0]).toMatchObject({ date: '2024-01-12', close: at('2024-01-12T13:00:00'), earlyClose: true });
  });

  it('after the calendar\'s last session: the calendar ends the run', () => {
    expect(decide({ startDate: '2024-01-13', endDate: '2024-01-14' }, started('2024-01-13T09:00:00'))).toEqual([ev.backtestEnded(at('2024-01-13T09:00:00'), 'calendar-end')]);
    expect(decide({ startDate: '2024-01-12' }, started('2024-01-12T13:00:00'))).toEqual([ev.backtestEnded(at('2024-01-12T13:00:00'), 'calendar-end')]);
  });

  it('a first session after the end date or after the data ends the run at the start instant', () => {
    expect(decide({ startDate: '2024-01-10', endDate: '2024-01-10' }, started('2024-01-10T09:00:00'))).toEqual([ev.backtestEnded(at('2024-01-10T09:00:00'), 'end-date')]);
    expect(decide({ startDate: '2024-01-10', dataEnd: '2024-01-10' }, started('2024-01-10T09:00:00'))).toEqual([ev.backtestEnded(at('2024-01-10T09:00:00'), 'data-exhausted')]);
    expect(decide({ dataEnd: null }, started('2024-01-08T09:00:00'))).toEqual([ev.backtestEnded(at('2024-01-08T09:00:00'), 'data-exhausted')]);
    // The last day with data is still run.
    expect(decide({ dataEnd: '2024-01-08' }, started('2024-01-08T09:00:00'))[0]!.type).toBe('SessionActivated');
    expect(decide({ endDate: '2024-01-08' }, started('2024-01-08T09:00:00'))[0]!.type).toBe('SessionActivated');
  });
});

describe('the end of a session', () => {
  it('activation asks for the day\'s data at once and schedules the close', () => {
    const e = { ...ev.sessionActivated(at('2024-01-08T11:00:00'), { date: '2024-01-08', open: at('2024-01-08T10:00:00'), close: at('2024-01-08T16:00:00'), earlyClose: false, midSession: true }), seq: 1 } as SimEvent;
    expect(decide({}, e)).toEqual([ev.prefetchRequested(at('2024-01-08T11:00:00'), '2024-01-08', at('2024-01-08T11:00:00')), ev.marketClose(at('2024-01-08T16:00:00'), '2024-01-08')]);
  });

  it('the close deactivates the session', () => {
    expect(decide({}, { ...ev.marketClose(at('2024-01-08T16:00:00'), '2024-01-08'), seq: 3 } as SimEvent)).toEqual([ev.sessionDeactivated(at('2024-01-08T16:00:00'), '2024-01-08')]);
  });

  it('advances to the next trading day, over a closed day', () => {
    expect(decide({}, deactivated('2024-01-09'))).toEqual([ev.dayAdvance(at('2024-01-09T16:00:00'), '2024-01-09', '2024-01-11')]);
  });

  it('the end date\'s session ends the run', () => {
    expect(decide({ endDate: '2024-01-09' }, deactivated('2024-01-09'))).toEqual([ev.backtestEnded(at('2024-01-09T16:00:00'), 'end-date')]);
    // The end date is a closed day: the session after it is past the end.
    expect(decide({ endDate: '2024-01-10' }, deactivated('2024-01-09'))).toEqual([ev.backtestEnded(at('2024-01-09T16:00:00'), 'end-date')]);
    expect(decide({ endDate: '2024-01-11' }, deactivated('2024-01-09'))[0]!.type).toBe('DayAdvance');
  });

  it('the calendar\'s last session ends the run', () => {
    expect(decide({ endDate: '2024-01-14', dataEnd: '2024-01-14' }, deactivated('2024-01-12'))).toEqual([ev.backtestEnded(at('2024-01-12T16:00:00'), 'calendar-end')]);
  });

  it('the data running out ends the run', () => {
    expect(decide({ dataEnd: '2024-01-09' }, deactivated('2024-01-09'))).toEqual([ev.backtestEnded(at('2024-01-09T16:00:00'), 'data-exhausted')]);
    expect(decide({ dataEnd: '2024-01-10' }, deactivated('2024-01-09'))).toEqual([ev.backtestEnded(at('2024-01-09T16:00:00'), 'data-exhausted')]);
    expect(decide({ dataEnd: null }, deactivated('2024-01-09'))).toEqual([ev.backtestEnded(at('2024-01-09T16:00:00'), 'data-exhausted')]);
    expect(decide({ dataEnd: '2024-01-11' }, deactivated('2024-01-09'))[0]!.type).toBe('DayAdvance');
  });

  it('the next day activates at its open', () => {
    expect(decide({}, { ...ev.dayAdvance(at('2024-01-09T16:00:00'), '2024-01-09', '2024-01-11'), seq: 7 } as SimEvent)).toEqual([
      ev.sessionActivated(at('2024-01-11T10:00:00'), { date: '2024-01-11', open: at('2024-01-11T10:00:00'), close: at('2024-01-11T16:00:00'), earlyClose: false, midSession: false }),
    ]);
    expect(decide({ dataEnd: '2024-01-09' }, { ...ev.dayAdvance(at('2024-01-09T16:00:00'), '2024-01-09', '2024-01-11'), seq: 7 } as SimEvent)).toEqual([ev.backtestEnded(at('2024-01-09T16:00:00'), 'data-exhausted')]);
    expect(decide({ endDate: '2024-01-09' }, { ...ev.dayAdvance(at('2024-01-09T16:00:00'), '2024-01-09', '2024-01-11'), seq: 7 } as SimEvent)).toEqual([ev.backtestEnded(at('2024-01-09T16:00:00'), 'end-date')]);
  });
});
