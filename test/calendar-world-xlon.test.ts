import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, isoWeekday, parseDay } from '../src/calendar/index.js';
import { XLON } from '../src/calendar/definitions/xlon.js';
import { isoUtc, sessionHours, weekdayClosures } from './support/answer-key.js';

// Expectations from docs/calendar-facts/XLON.md (section 3), not from the definition.

const iso = isoUtc;
const cal = new ExchangeCalendar(XLON);

const closures = (year: number) => weekdayClosures(cal, year);

const hoursOf = (date: string) => sessionHours(cal, date);

/** Weekday closures per year, 2020-2027 (bank holidays of England and Wales, one-off days included). */
const CLOSED: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28'],
  2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
};

/** Half days: continuous trading ends 12:30 London (GMT in December, so 12:30Z). */
const EARLY: Record<number, string[]> = {
  2020: ['2020-12-24', '2020-12-31'],
  2021: ['2021-12-24', '2021-12-31'],
  2022: ['2022-12-23', '2022-12-30'],
  2023: ['2023-12-22', '2023-12-29'],
  2024: ['2024-12-24', '2024-12-31'],
  2025: ['2025-12-24', '2025-12-31'],
  2026: ['2026-12-24', '2026-12-31'],
  2027: ['2027-12-24', '2027-12-31'],
};


describe('XLON 2020-2027 facts', () => {
  for (let year = 2020; year <= 2027; year++) {
    it(`${year}: exactly the published weekday closures`, () => {
      expect(closures(year)).toEqual(CLOSED[year]);
    });

    it(`${year}: half days close at 12:30, every other session is 08:00-16:30 with no break`, () => {
      const sessions = cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`);
      expect(sessions.filter((s) => s.earlyClose).map((s) => s.date)).toEqual(EARLY[year]);
      for (const date of EARLY[year]!) {
        expect(hoursOf(date)).toEqual({ open: `${date}T08:00:00Z`, close: `${date}T12:30:00Z`, breakStart: null, breakEnd: null, early: true });
      }
      // No late opens, special sessions or changed hours: 08:00-16:30 local on every other session.
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      for (const s of sessions) {
        expect(local.format(s.open), s.date).toBe('08:00');
        if (!s.earlyClose) expect(local.format(s.close), s.date).toBe('16:30');
        expect(s.breakStart, s.date).toBeNull();
        expect(s.breakEnd, s.date).toBeNull();
      }
      // Only weekdays carry sessions.
      expect(sessions.every((s) => isoWeekday(s.day) <= 5)).toBe(true);
    });
  }

  it('regular sessions in UTC: GMT in winter, BST in summer', () => {
    expect(hoursOf('2024-01-15')).toEqual({ open: '2024-01-15T08:00:00Z', close: '2024-01-15T16:30:00Z', breakStart: null, breakEnd: null, early: false });
    expect(hoursOf('2024-07-15')).toEqual({ open: '2024-07-15T07:00:00Z', close: '2024-07-15T15:30:00Z', breakStart: null, breakEnd: null, early: false });
    // Around the 2024 clock change (BST from Sunday 31 March).
    expect(hoursOf('2024-03-28')?.open).toBe('2024-03-28T08:00:00Z');
    expect(hoursOf('2024-04-02')?.open).toBe('2024-04-02T07:00:00Z');
    // 2025-10-24 BST, 2025-10-27 GMT (clocks back Sunday 26 October).
    expect(hoursOf('2025-10-24')?.close).toBe('2025-10-24T15:30:00Z');
    expect(hoursOf('2025-10-27')?.close).toBe('2025-10-27T16:30:00Z');
  });

  it('moved bank holidays: the usual dates are trading days', () => {
    // 2020: Early May bank holiday moved from Mon 4 May to Fri 8 May (VE Day 75th anniversary).
    expect(cal.isSession('2020-05-04')).toBe(true);
    expect(cal.isSession('2020-05-08')).toBe(false);
    expect(hoursOf('2020-05-04')).toEqual({ open: '2020-05-04T07:00:00Z', close: '2020-05-04T15:30:00Z', breakStart: null, breakEnd: null, early: false });
    // 2022: Spring bank holiday moved from Mon 30 May to Thu 2 June (Platinum Jubilee on Fri 3 June).
    expect(cal.isSession('2022-05-30')).toBe(true);
    expect(cal.sessionsBetween('2022-05-30', '2022-06-07').map((s) => s.date)).toEqual(['2022-05-30', '2022-05-31', '2022-06-01', '2022-06-06', '2022-06-07']);
  });

  it('one-off closures 2022-2023', () => {
    expect(cal.isSession('2022-09-19')).toBe(false); // State funeral of Queen Elizabeth II
    expect(cal.isSession('2023-05-08')).toBe(false); // Coronation of King Charles III
    expect(cal.previousSession('2023-05-09').date).toBe('2023-05-05');
  });

  it('Christmas and New Year around the weekends', () => {
    // 2021: 25 Sat, 26 Sun -> closed Mon 27 and Tue 28; half days Fri 24 and Fri 31.
    expect(cal.sessionsBetween('2021-12-23', '2022-01-04').map((s) => `${s.date} ${iso(s.close)}`)).toEqual([
      '2021-12-23 2021-12-23T16:30:00Z', '2021-12-24 2021-12-24T12:30:00Z', '2021-12-29 2021-12-29T16:30:00Z',
      '2021-12-30 2021-12-30T16:30:00Z', '2021-12-31 2021-12-31T12:30:00Z', '2022-01-04 2022-01-04T16:30:00Z',
    ]);
    // 2022: 24 Sat, 25 Sun -> half day Fri 23; closed Mon 26 and Tue 27; 31 Sat -> half day Fri 30; 1 Jan Sun -> closed Mon 2.
    expect(cal.sessionsBetween('2022-12-22', '2023-01-03').map((s) => `${s.date} ${iso(s.close)}`)).toEqual([
      '2022-12-22 2022-12-22T16:30:00Z', '2022-12-23 2022-12-23T12:30:00Z', '2022-12-28 2022-12-28T16:30:00Z',
      '2022-12-29 2022-12-29T16:30:00Z', '2022-12-30 2022-12-30T12:30:00Z', '2023-01-03 2023-01-03T16:30:00Z',
    ]);
    // 2026: 25 Fri, 26 Sat -> closed Fri 25 and Mon 28.
    expect(cal.sessionsBetween('2026-12-24', '2026-12-31').map((s) => s.date)).toEqual(['2026-12-24', '2026-12-29', '2026-12-30', '2026-12-31']);
  });

  it('session counts per year follow from the closures', () => {
    for (let year = 2020; year <= 2027; year++) {
      let weekdays = 0;
      for (let d = parseDay(`${year}-01-01`); d <= parseDay(`${year}-12-31`); d++) if (isoWeekday(d) <= 5) weekdays++;
      expect(cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`).length, String(year)).toBe(weekdays - CLOSED[year]!.length);
    }
  });
});
