import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDefinition, ExchangeCalendar, getCalendar, marketSchedule, type MarketSchedule } from '../src/calendar/index.js';
import { SimError } from '../src/errors.js';
import { calArb, calendarDefinition } from './support/lifecycle-cases.js';

/** Times in market terms: open + N and close - N in trading minutes, a clock time, and which sessions. */
const local = (cal: ExchangeCalendar, t: number) => cal.formatLocal(t);

describe('market schedules', () => {
  const ny = getCalendar('XNYS');
  const hk = getCalendar('XHKG');

  it('open + 5 and close - 5 on New York sessions, the early close and both sides of a DST change included', () => {
    const opens = marketSchedule(ny, { at: 'open', minutes: 5 }, '2025-03-07', '2025-03-10').map((x) => local(ny, x.time));
    expect(opens).toEqual(['2025-03-07T09:35:00-05:00', '2025-03-10T09:35:00-04:00']);
    const closes = marketSchedule(ny, { at: 'close', minutes: 5 }, '2025-07-02', '2025-07-07').map((x) => [x.date, local(ny, x.time)]);
    expect(closes).toEqual([['2025-07-02', '2025-07-02T15:55:00-04:00'], ['2025-07-03', '2025-07-03T12:55:00-04:00'], ['2025-07-07', '2025-07-07T15:55:00-04:00']]);
    // The close itself.
    expect(marketSchedule(ny, { at: 'close' }, '2025-07-03', '2025-07-03').map((x) => local(ny, x.time))).toEqual(['2025-07-03T13:00:00-04:00']);
  });

  it('steps over a lunch break, and has no time on a session too short for it', () => {
    const at = (spec: MarketSchedule, d: string) => marketSchedule(hk, spec, d, d).map((x) => local(hk, x.time));
    expect(at({ at: 'open', minutes: 149 }, '2024-12-23')).toEqual(['2024-12-23T11:59:00+08:00']);
    expect(at({ at: 'open', minutes: 150 }, '2024-12-23')).toEqual(['2024-12-23T13:00:00+08:00']);
    expect(at({ at: 'open', minutes: 180 }, '2024-12-23')).toEqual(['2024-12-23T13:30:00+08:00']);
    expect(at({ at: 'close', minutes: 200 }, '2024-12-23')).toEqual(['2024-12-23T11:40:00+08:00']);
    // Christmas Eve closes at 12:00: open + 180 does not exist that day; close - 15 is 11:45.
    expect(at({ at: 'open', minutes: 180 }, '2024-12-24')).toEqual([]);
    expect(at({ at: 'close', minutes: 15 }, '2024-12-24')).toEqual(['2024-12-24T11:45:00+08:00']);
  });

  it('a clock time on each session date, and the first or last session of a week or month', () => {
    expect(marketSchedule(ny, { at: 'time', time: '11:00' }, '2025-07-03', '2025-07-07').map((x) => local(ny, x.time))).toEqual(['2025-07-03T11:00:00-04:00', '2025-07-07T11:00:00-04:00']);
    // July 2025: Friday the 4th is a holiday, so the week's last session is Thursday the 3rd.
    expect(marketSchedule(ny, { at: 'open', sessions: 'last-of-week' }, '2025-06-30', '2025-07-13').map((x) => x.date)).toEqual(['2025-07-03', '2025-07-11']);
    expect(marketSchedule(ny, { at: 'open', sessions: 'first-of-week' }, '2025-06-30', '2025-07-13').map((x) => x.date)).toEqual(['2025-06-30', '2025-07-07']);
    expect(marketSchedule(ny, { at: 'close', sessions: 'first-of-month' }, '2025-01-01', '2025-03-31').map((x) => x.date)).toEqual(['2025-01-02', '2025-02-03', '2025-03-03']);
    expect(marketSchedule(ny, { at: 'close', sessions: 'last-of-month' }, '2025-01-01', '2025-03-31').map((x) => x.date)).toEqual(['2025-01-31', '2025-02-28', '2025-03-31']);
  });

  it('a session that opens the evening before: open + 30 is that evening', () => {
    const cme = getCalendar('CMES');
    expect(marketSchedule(cme, { at: 'open', minutes: 30 }, '2019-01-16', '2019-01-16').map((x) => local(cme, x.time))).toEqual(['2019-01-15T17:30:00-06:00']);
  });

  it.each([
    [{ at: 'noon' }, 'schedule.at'],
    [{ at: 'open', minutes: -5 }, 'schedule.minutes'],
    [{ at: 'open', minutes: 2.5 }, 'schedule.minutes'],
    [{ at: 'time', time: '25:00' }, 'schedule.time'],
    [{ at: 'time', time: '11:00', minutes: 5 }, 'schedule.minutes'],
    [{ at: 'open', sessions: 'weekly' }, 'schedule.sessions'],
  ])('%o is CONFIG_INVALID naming %s', (spec, key) => {
    let e: SimError | null = null;
    try { marketSchedule(ny, spec as never, '2025-07-01', '2025-07-31'); } catch (x) { e = x as SimError; }
    expect([e?.code, e?.details.key]).toEqual(['CONFIG_INVALID', key]);
  });

  it('on random calendars: open + N and close - N are trading instants of their own session, N trading minutes from its edge', () => {
    let n = 0;
    fc.assert(fc.property(calArb, fc.integer({ min: 0, max: 200 }), fc.boolean(), (spec, minutes, fromOpen) => {
      const cal = new ExchangeCalendar(checkDefinition(calendarDefinition(spec, `S${n++}`)));
      if (cal.size === 0) return;
      const times = marketSchedule(cal, { at: fromOpen ? 'open' : 'close', minutes }, cal.firstDate, cal.lastDate);
      const byDate = new Map(times.map((x) => [x.date, x.time]));
      for (let i = 0; i < cal.size; i++) {
        const s = cal.at(i);
        // Trading minutes between the session's edge and the instant, counted minute by minute.
        let count = 0;
        for (let m = s.open; m < s.close; m += 60_000) if (cal.isOpenOnMinute(m)) count++;
        const t = byDate.get(s.date);
        if (fromOpen ? minutes >= count : minutes > count) { expect(t).toBeUndefined(); continue; }
        expect(t).toBeDefined();
        let before = 0;
        for (let m = s.open; m < t!; m += 60_000) if (cal.isOpenOnMinute(m)) before++;
        expect(fromOpen ? before : count - before).toBe(minutes);
        if (fromOpen) expect(cal.isOpenOnMinute(t!)).toBe(true);
      }
    }), { numRuns: 100 });
  });
});
