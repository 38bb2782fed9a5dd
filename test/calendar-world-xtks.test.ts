import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, isoWeekday } from '../src/calendar/index.js';
import { XTKS } from '../src/calendar/definitions/xtks.js';
import { sessionHours, weekdayClosures } from './support/answer-key.js';

// Expectations from docs/calendar-facts/XTKS.md (sections 1 and 3), not from the definition.

const cal = new ExchangeCalendar(XTKS);

/** Every Monday-Friday of a year that is not a session, as MM-DD. */
const closedMonthDays = (year: number): string[] => weekdayClosures(cal, year).map((d) => d.slice(5));

const hoursOf = (date: string) => sessionHours(cal, date);

/** The facts file's weekday closures per year (national holidays, exchange holidays, the 2020-10-01 outage) and session counts. */
const CLOSED: Record<number, { closed: string; sessions: number }> = {
  2020: { closed: '01-01 01-02 01-03 01-13 02-11 02-24 03-20 04-29 05-04 05-05 05-06 07-23 07-24 08-10 09-21 09-22 10-01 11-03 11-23 12-31', sessions: 242 },
  2021: { closed: '01-01 01-11 02-11 02-23 04-29 05-03 05-04 05-05 07-22 07-23 08-09 09-20 09-23 11-03 11-23 12-31', sessions: 245 },
  2022: { closed: '01-03 01-10 02-11 02-23 03-21 04-29 05-03 05-04 05-05 07-18 08-11 09-19 09-23 10-10 11-03 11-23', sessions: 244 },
  2023: { closed: '01-02 01-03 01-09 02-23 03-21 05-03 05-04 05-05 07-17 08-11 09-18 10-09 11-03 11-23', sessions: 246 },
  2024: { closed: '01-01 01-02 01-03 01-08 02-12 02-23 03-20 04-29 05-03 05-06 07-15 08-12 09-16 09-23 10-14 11-04 12-31', sessions: 245 },
  2025: { closed: '01-01 01-02 01-03 01-13 02-11 02-24 03-20 04-29 05-05 05-06 07-21 08-11 09-15 09-23 10-13 11-03 11-24 12-31', sessions: 243 },
  2026: { closed: '01-01 01-02 01-12 02-11 02-23 03-20 04-29 05-04 05-05 05-06 07-20 08-11 09-21 09-22 09-23 10-12 11-03 11-23 12-31', sessions: 242 },
  2027: { closed: '01-01 01-11 02-11 02-23 03-22 04-29 05-03 05-04 05-05 07-19 08-11 09-20 09-23 10-11 11-03 11-23 12-31', sessions: 244 },
};


describe('XTKS 2020-2027 facts', () => {
  it('closes on exactly the listed weekdays of each year, with the listed number of sessions', () => {
    for (const [year, { closed, sessions }] of Object.entries(CLOSED)) {
      const y = Number(year);
      expect([y, closedMonthDays(y).join(' ')]).toEqual([y, closed]);
      expect([y, cal.sessionsBetween(`${y}-01-01`, `${y}-12-31`).length]).toEqual([y, sessions]);
      // No Saturday or Sunday sessions.
      expect(cal.sessionsBetween(`${y}-01-01`, `${y}-12-31`).filter((s) => isoWeekday(s.day) > 5)).toEqual([]);
    }
  });

  it('was closed all day on 2020-10-01 (arrowhead failure), open the days around it', () => {
    expect(cal.isSession('2020-10-01')).toBe(false);
    expect(cal.sessionsBetween('2020-09-30', '2020-10-02').map((s) => s.date)).toEqual(['2020-09-30', '2020-10-02']);
  });

  it('trades on the usual dates of the holidays the Olympic act moved away (2020, 2021)', () => {
    for (const d of ['2020-07-20', '2020-08-11', '2020-10-12', '2021-07-19', '2021-08-11', '2021-10-11']) expect([d, cal.isSession(d)]).toEqual([d, true]);
    for (const d of ['2020-07-23', '2020-07-24', '2020-08-10', '2021-07-22', '2021-07-23', '2021-08-09']) expect([d, cal.isSession(d)]).toEqual([d, false]);
  });

  it('closes on the citizens\' holiday 2026-09-22 and the 2027 equinox substitute 2027-03-22', () => {
    expect(cal.sessionsBetween('2026-09-18', '2026-09-25').map((s) => s.date)).toEqual(['2026-09-18', '2026-09-24', '2026-09-25']);
    expect(cal.isSession('2027-03-22')).toBe(false);
    expect(cal.isSession('2027-03-19')).toBe(true);
    expect(cal.isSession('2027-03-23')).toBe(true);
  });

  it('has 09:00-15:00 with a break 11:30-12:30 up to 2024-11-01, and closes at 15:30 from 2024-11-05', () => {
    expect(hoursOf('2020-01-06')).toEqual({ open: '2020-01-06T00:00:00Z', close: '2020-01-06T06:00:00Z', breakStart: '2020-01-06T02:30:00Z', breakEnd: '2020-01-06T03:30:00Z', early: false });
    expect(hoursOf('2024-11-01')).toEqual({ open: '2024-11-01T00:00:00Z', close: '2024-11-01T06:00:00Z', breakStart: '2024-11-01T02:30:00Z', breakEnd: '2024-11-01T03:30:00Z', early: false });
    expect(cal.isSession('2024-11-04')).toBe(false);
    expect(hoursOf('2024-11-05')).toEqual({ open: '2024-11-05T00:00:00Z', close: '2024-11-05T06:30:00Z', breakStart: '2024-11-05T02:30:00Z', breakEnd: '2024-11-05T03:30:00Z', early: false });
    expect(hoursOf('2027-12-30')).toEqual({ open: '2027-12-30T00:00:00Z', close: '2027-12-30T06:30:00Z', breakStart: '2027-12-30T02:30:00Z', breakEnd: '2027-12-30T03:30:00Z', early: false });
    expect(cal.sessionsBetween('2024-10-31', '2024-11-06').map((s) => `${s.date} ${cal.formatClock(s.close)}`))
      .toEqual(['2024-10-31 15:00', '2024-11-01 15:00', '2024-11-05 15:30', '2024-11-06 15:30']);
  });

  it('has no early closes, late opens or special sessions from 2020 on: every session is the regular one', () => {
    const bad: string[] = [];
    for (const s of cal.sessionsBetween('2020-01-01', '2027-12-31')) {
      const close = s.date < '2024-11-05' ? '15:00' : '15:30';
      const got = [s.open, s.breakStart!, s.breakEnd!, s.close].map((t) => cal.formatClock(t)).join(' ');
      if (got !== `09:00 11:30 12:30 ${close}` || s.earlyClose) bad.push(`${s.date} ${got}`);
    }
    expect(bad).toEqual([]);
  });

  it('keeps the key\'s conventions at the 2019/2020 seam: 2019-12-23 a session (no Emperor\'s Birthday), 2020-02-24 closed (Feb 23, a Sunday)', () => {
    expect(cal.isSession('2019-12-23')).toBe(true);
    expect(cal.isSession('2020-02-24')).toBe(false);
    expect(cal.sessionsBetween('2019-12-27', '2020-01-07').map((s) => s.date)).toEqual(['2019-12-27', '2019-12-30', '2020-01-06', '2020-01-07']);
  });
});
