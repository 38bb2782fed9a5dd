import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, isoWeekday } from '../src/calendar/index.js';
import { XKRX } from '../src/calendar/definitions/xkrx.js';
import { sessionHours, weekdayClosures } from './support/answer-key.js';

// Expectations from docs/calendar-facts/XKRX.md (sections 1 to 3), not from the definition.

const cal = new ExchangeCalendar(XKRX);

/** Every Monday-Friday of a year that is not a session, as MM-DD. */
const closedMonthDays = (year: number): string[] => weekdayClosures(cal, year).map((d) => d.slice(5));

const hoursOf = (date: string) => sessionHours(cal, date);

/** The facts file's weekday closures per year (section 3) and session counts. */
const CLOSED: Record<number, { closed: string; sessions: number }> = {
  2020: { closed: '01-01 01-24 01-27 04-15 04-30 05-01 05-05 08-17 09-30 10-01 10-02 10-09 12-25 12-31', sessions: 248 },
  2021: { closed: '01-01 02-11 02-12 03-01 05-05 05-19 08-16 09-20 09-21 09-22 10-04 10-11 12-31', sessions: 248 },
  2022: { closed: '01-31 02-01 02-02 03-01 03-09 05-05 06-01 06-06 08-15 09-09 09-12 10-03 10-10 12-30', sessions: 246 },
  2023: { closed: '01-23 01-24 03-01 05-01 05-05 05-29 06-06 08-15 09-28 09-29 10-02 10-03 10-09 12-25 12-29', sessions: 245 },
  2024: { closed: '01-01 02-09 02-12 03-01 04-10 05-01 05-06 05-15 06-06 08-15 09-16 09-17 09-18 10-01 10-03 10-09 12-25 12-31', sessions: 244 },
  2025: { closed: '01-01 01-27 01-28 01-29 01-30 03-03 05-01 05-05 05-06 06-03 06-06 08-15 10-03 10-06 10-07 10-08 10-09 12-25 12-31', sessions: 242 },
  2026: { closed: '01-01 02-16 02-17 02-18 03-02 05-01 05-05 05-25 06-03 07-17 08-17 09-24 09-25 10-05 10-09 12-25 12-31', sessions: 244 },
};

/** First trading day of each year: open 10:00 (an hour late), close 15:30 as usual. */
const FIRST_DAYS = ['2020-01-02', '2021-01-04', '2022-01-03', '2023-01-02', '2024-01-02', '2025-01-02', '2026-01-02'];
/** CSAT days: 10:00-16:30 (the whole session an hour later); 2020's test was moved to December. */
const CSAT_DAYS = ['2020-12-03', '2021-11-18', '2022-11-17', '2023-11-16', '2024-11-14', '2025-11-13', '2026-11-19'];

describe('XKRX definition', () => {
  it('traded on Saturdays up to 1998-12-05 only', () => {
    expect(cal.isSession('1998-12-05')).toBe(true);
    expect(cal.isSession('1998-12-12')).toBe(false);
    expect(cal.sessionsBetween('1998-12-13', '2026-12-31').filter((s) => isoWeekday(s.day) > 5)).toEqual([]);
  });
});

describe('XKRX 2020-2026 facts', () => {
  it('closes on exactly the listed weekdays of each year, with the listed number of sessions', () => {
    for (const [year, { closed, sessions }] of Object.entries(CLOSED)) {
      const y = Number(year);
      expect([y, closedMonthDays(y).join(' ')]).toEqual([y, closed]);
      expect([y, cal.sessionsBetween(`${y}-01-01`, `${y}-12-31`).length]).toEqual([y, sessions]);
    }
  });

  it('opens at 10:00 on the first trading day of each year and closes at 15:30', () => {
    for (const d of FIRST_DAYS) {
      expect(cal.sessionsBetween(`${d.slice(0, 4)}-01-01`, d).map((s) => s.date)).toEqual([d]);
      expect(hoursOf(d)).toEqual({ open: `${d}T01:00:00Z`, close: `${d}T06:30:00Z`, breakStart: null, breakEnd: null, early: false });
    }
  });

  it('runs 10:00-16:30 on every CSAT day, 2020-12-03 included', () => {
    for (const d of CSAT_DAYS) expect(hoursOf(d)).toEqual({ open: `${d}T01:00:00Z`, close: `${d}T07:30:00Z`, breakStart: null, breakEnd: null, early: false });
  });

  it('has 09:00-15:30 without a break on every other session: no early closes, no other special sessions', () => {
    const special = new Set([...FIRST_DAYS, ...CSAT_DAYS]);
    const bad: string[] = [];
    for (const s of cal.sessionsBetween('2020-01-01', '2026-12-31')) {
      if (special.has(s.date)) continue;
      const got = `${cal.formatClock(s.open)}-${cal.formatClock(s.close)}`;
      if (got !== '09:00-15:30' || s.breakStart !== null || s.earlyClose) bad.push(`${s.date} ${got}`);
    }
    expect(bad).toEqual([]);
    expect(hoursOf('2024-12-04')).toEqual({ open: '2024-12-04T00:00:00Z', close: '2024-12-04T06:30:00Z', breakStart: null, breakEnd: null, early: false });
  });

  it('closes the year on Dec 31, or on the last weekday before it, with a full session the day before', () => {
    const lastOf = (y: number) => cal.sessionsBetween(`${y}-12-20`, `${y}-12-31`).at(-1)!;
    expect([2020, 2021, 2022, 2023, 2024, 2025, 2026].map((y) => lastOf(y).date))
      .toEqual(['2020-12-30', '2021-12-30', '2022-12-29', '2023-12-28', '2024-12-30', '2025-12-30', '2026-12-30']);
    expect(hoursOf('2025-12-30')).toEqual({ open: '2025-12-30T00:00:00Z', close: '2025-12-30T06:30:00Z', breakStart: null, breakEnd: null, early: false });
  });

  it('has the 2025 Chuseok week closed from Oct 3 to Oct 9, Oct 10 a session', () => {
    expect(cal.sessionsBetween('2025-10-01', '2025-10-14').map((s) => s.date)).toEqual(['2025-10-01', '2025-10-02', '2025-10-10', '2025-10-13', '2025-10-14']);
  });

  it('closes on the elections and temporary holidays of 2020-2026', () => {
    for (const d of ['2020-04-15', '2020-08-17', '2022-03-09', '2022-06-01', '2023-10-02', '2024-04-10', '2024-10-01', '2025-01-27', '2025-06-03', '2026-06-03']) {
      expect([d, cal.isSession(d)]).toEqual([d, false]);
    }
  });

  it('closes on the restored Constitution Day 2026-07-17; a Saturday in Chuseok 2026 gets no substitute', () => {
    expect(cal.sessionsBetween('2026-07-15', '2026-07-21').map((s) => s.date)).toEqual(['2026-07-15', '2026-07-16', '2026-07-20', '2026-07-21']);
    expect(cal.sessionsBetween('2026-09-23', '2026-09-29').map((s) => s.date)).toEqual(['2026-09-23', '2026-09-28', '2026-09-29']);
  });

  it('keeps the key\'s conventions at the 2019/2020 seam', () => {
    expect(cal.sessionsBetween('2019-12-27', '2020-01-03').map((s) => `${s.date} ${cal.formatClock(s.open)}-${cal.formatClock(s.close)}`))
      .toEqual(['2019-12-27 09:00-15:30', '2019-12-30 09:00-15:30', '2020-01-02 10:00-15:30', '2020-01-03 09:00-15:30']);
  });
});
