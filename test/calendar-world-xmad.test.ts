import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, isoWeekday, parseDay } from '../src/calendar/index.js';
import { XMAD } from '../src/calendar/definitions/xmad.js';
import { isoUtc, sessionHours, weekdayClosures } from './support/answer-key.js';

// Expectations from docs/calendar-facts/XMAD.md (sections 2 and 3), not from the definition.

const iso = isoUtc;
const cal = new ExchangeCalendar(XMAD);

const closures = (year: number) => weekdayClosures(cal, year);

const hoursOf = (date: string) => sessionHours(cal, date);

/** Weekday closures ("inhabiles") per year as BME published them, 2020-2026. */
const CLOSED: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-01', '2020-12-25'],
  // 2021: 1 May Sat, 25/26 Dec weekend; no half days: 24 and 31 Dec closed.
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-12-24', '2021-12-31'],
  // 2022: 1 Jan Sat, 1 May Sun, 25 Dec Sun, 24/31 Dec Sat.
  2022: ['2022-04-15', '2022-04-18', '2022-12-26'],
  // 2023: 1 Jan Sun, 24/31 Dec Sun.
  2023: ['2023-04-07', '2023-04-10', '2023-05-01', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-01', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-12-25', '2025-12-26'],
  // 2026: 26 Dec Sat.
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-12-25'],
};

/** Half days: continuous trading ends 14:00 Madrid (CET in December, so 13:00Z). */
const EARLY: Record<number, string[]> = {
  2020: ['2020-12-24', '2020-12-31'],
  2021: [],
  2022: [],
  2023: [],
  2024: ['2024-12-24', '2024-12-31'],
  2025: ['2025-12-24', '2025-12-31'],
  2026: ['2026-12-24', '2026-12-31'],
};


describe('XMAD 2020-2026 facts', () => {
  for (let year = 2020; year <= 2026; year++) {
    it(`${year}: exactly the published weekday closures`, () => {
      expect(closures(year)).toEqual(CLOSED[year]);
    });

    it(`${year}: half days close at 14:00, every other session is 09:00-17:30 with no break`, () => {
      const sessions = cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`);
      expect(sessions.filter((s) => s.earlyClose).map((s) => s.date)).toEqual(EARLY[year]);
      for (const date of EARLY[year]!) {
        expect(hoursOf(date)).toEqual({ open: `${date}T08:00:00Z`, close: `${date}T13:00:00Z`, breakStart: null, breakEnd: null, early: true });
      }
      // No late opens, special sessions or changed hours: 09:00-17:30 local on every other session.
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Madrid', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      for (const s of sessions) {
        expect(local.format(s.open), s.date).toBe('09:00');
        if (!s.earlyClose) expect(local.format(s.close), s.date).toBe('17:30');
        expect(s.breakStart, s.date).toBeNull();
        expect(s.breakEnd, s.date).toBeNull();
      }
      expect(sessions.every((s) => isoWeekday(s.day) <= 5)).toBe(true);
    });
  }

  it('regular sessions in UTC: CET in winter, CEST in summer', () => {
    expect(hoursOf('2024-01-15')).toEqual({ open: '2024-01-15T08:00:00Z', close: '2024-01-15T16:30:00Z', breakStart: null, breakEnd: null, early: false });
    expect(hoursOf('2024-07-15')).toEqual({ open: '2024-07-15T07:00:00Z', close: '2024-07-15T15:30:00Z', breakStart: null, breakEnd: null, early: false });
    // Around the 2025 clock changes (CEST from Sunday 30 March, CET from Sunday 26 October).
    expect(hoursOf('2025-03-28')?.open).toBe('2025-03-28T08:00:00Z');
    expect(hoursOf('2025-03-31')?.open).toBe('2025-03-31T07:00:00Z');
    expect(hoursOf('2025-10-24')?.close).toBe('2025-10-24T15:30:00Z');
    expect(hoursOf('2025-10-27')?.close).toBe('2025-10-27T16:30:00Z');
  });

  it('national holidays the market trades on since 2005-2007', () => {
    // 2020-01-06 Reyes: explicitly open (ruralvia 2020-01-02).
    expect(hoursOf('2020-01-06')).toEqual({ open: '2020-01-06T08:00:00Z', close: '2020-01-06T16:30:00Z', breakStart: null, breakEnd: null, early: false });
    for (const date of ['2020-10-12', '2021-12-06', '2021-12-08', '2022-08-15', '2023-11-01', '2024-08-15', '2025-01-06', '2025-12-08', '2026-10-12']) {
      expect(cal.isSession(date), date).toBe(true);
    }
  });

  it('2025-04-28 (Iberian power blackout) is a normal session', () => {
    expect(hoursOf('2025-04-28')).toEqual({ open: '2025-04-28T07:00:00Z', close: '2025-04-28T15:30:00Z', breakStart: null, breakEnd: null, early: false });
  });

  it('Christmas and New Year weeks', () => {
    // 2020: half days Thu 24 and Thu 31, closed Fri 25 (26 Sat).
    expect(cal.sessionsBetween('2020-12-23', '2021-01-05').map((s) => `${s.date} ${iso(s.close)}`)).toEqual([
      '2020-12-23 2020-12-23T16:30:00Z', '2020-12-24 2020-12-24T13:00:00Z', '2020-12-28 2020-12-28T16:30:00Z',
      '2020-12-29 2020-12-29T16:30:00Z', '2020-12-30 2020-12-30T16:30:00Z', '2020-12-31 2020-12-31T13:00:00Z',
      '2021-01-04 2021-01-04T16:30:00Z', '2021-01-05 2021-01-05T16:30:00Z',
    ]);
    // 2021: Fri 24 and Fri 31 closed.
    expect(cal.sessionsBetween('2021-12-22', '2022-01-04').map((s) => s.date)).toEqual([
      '2021-12-22', '2021-12-23', '2021-12-27', '2021-12-28', '2021-12-29', '2021-12-30', '2022-01-03', '2022-01-04',
    ]);
    // 2024: half days Tue 24 and Tue 31; closed Wed 25, Thu 26 and Wed 1 Jan 2025.
    expect(cal.sessionsBetween('2024-12-23', '2025-01-03').map((s) => `${s.date} ${iso(s.close)}`)).toEqual([
      '2024-12-23 2024-12-23T16:30:00Z', '2024-12-24 2024-12-24T13:00:00Z', '2024-12-27 2024-12-27T16:30:00Z',
      '2024-12-30 2024-12-30T16:30:00Z', '2024-12-31 2024-12-31T13:00:00Z', '2025-01-02 2025-01-02T16:30:00Z',
      '2025-01-03 2025-01-03T16:30:00Z',
    ]);
    // 2026: half days Thu 24 and Thu 31; Fri 25 closed; Mon 28 trades (26 Sat, not moved).
    expect(cal.sessionsBetween('2026-12-23', '2026-12-31').map((s) => `${s.date} ${iso(s.close)}`)).toEqual([
      '2026-12-23 2026-12-23T16:30:00Z', '2026-12-24 2026-12-24T13:00:00Z', '2026-12-28 2026-12-28T16:30:00Z',
      '2026-12-29 2026-12-29T16:30:00Z', '2026-12-30 2026-12-30T16:30:00Z', '2026-12-31 2026-12-31T13:00:00Z',
    ]);
  });

  it('session counts per year follow from the closures', () => {
    for (let year = 2020; year <= 2026; year++) {
      let weekdays = 0;
      for (let d = parseDay(`${year}-01-01`); d <= parseDay(`${year}-12-31`); d++) if (isoWeekday(d) <= 5) weekdays++;
      expect(cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`).length, String(year)).toBe(weekdays - CLOSED[year]!.length);
    }
  });
});
