import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, isoWeekday, parseDay } from '../src/calendar/index.js';
import { XETR } from '../src/calendar/definitions/xetr.js';
import { isoUtc, sessionHours, weekdayClosures } from './support/answer-key.js';

// Expectations from docs/calendar-facts/XETR.md (section 3), not from the definition.

const iso = isoUtc;
const cal = new ExchangeCalendar(XETR);

const closures = (year: number) => weekdayClosures(cal, year);

const hoursOf = (date: string) => sessionHours(cal, date);
/** A regular session: 09:00-17:30 Frankfurt, CEST (UTC+2) in summer. */
const summer = (date: string) => ({ open: `${date}T07:00:00Z`, close: `${date}T15:30:00Z`, breakStart: null, breakEnd: null, early: false });

/** Weekday closures per year, 2020-2027 (holidays on a weekend are lost, never moved). */
const CLOSED: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-01', '2020-06-01', '2020-12-24', '2020-12-25', '2020-12-31'],
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-24', '2021-12-24', '2021-12-31'],
  2022: ['2022-04-15', '2022-04-18', '2022-12-26'],
  2023: ['2023-04-07', '2023-04-10', '2023-05-01', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-01', '2024-12-24', '2024-12-25', '2024-12-26', '2024-12-31'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-12-24', '2025-12-25', '2025-12-26', '2025-12-31'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-12-24', '2026-12-25', '2026-12-31'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-12-24', '2027-12-31'],
};

/** The year's last trading day before New Year's Eve: closing auction at 14:00 Frankfurt (CET, so 13:00Z). */
const EARLY: Record<number, string> = {
  2020: '2020-12-30', 2021: '2021-12-30', 2022: '2022-12-30', 2023: '2023-12-29',
  2024: '2024-12-30', 2025: '2025-12-30', 2026: '2026-12-30', 2027: '2027-12-30',
};

/** German public holidays on which Xetra trades with its regular hours. */
const TRADED_HOLIDAYS: Record<number, string[]> = {
  2020: ['2020-05-21', '2020-06-11'], // Ascension, Corpus Christi (Whit Monday closed)
  2021: ['2021-05-13', '2021-06-03'],
  2022: ['2022-05-26', '2022-06-06', '2022-06-16', '2022-10-03'], // Whit Monday and Unity Day traded again
  2023: ['2023-05-18', '2023-05-29', '2023-06-08', '2023-10-03'],
  2024: ['2024-05-09', '2024-05-20', '2024-05-30', '2024-10-03'],
  2025: ['2025-05-29', '2025-06-09', '2025-06-19', '2025-10-03'],
  2026: ['2026-05-14', '2026-05-25', '2026-06-04'], // 3 Oct is a Saturday
  2027: ['2027-05-06', '2027-05-17', '2027-05-27'], // 3 Oct is a Sunday
};


describe('XETR 2020-2027 facts', () => {
  for (let year = 2020; year <= 2027; year++) {
    it(`${year}: exactly the published weekday closures`, () => {
      expect(closures(year)).toEqual(CLOSED[year]);
    });

    it(`${year}: one early close at 14:00, every other session 09:00-17:30 with no break`, () => {
      const sessions = cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`);
      const early = EARLY[year]!;
      expect(sessions.filter((s) => s.earlyClose).map((s) => s.date)).toEqual([early]);
      expect(hoursOf(early)).toEqual({ open: `${early}T08:00:00Z`, close: `${early}T13:00:00Z`, breakStart: null, breakEnd: null, early: true });
      // No late opens, special sessions or changed hours (the 2025-12-01 retail service changes nothing).
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      for (const s of sessions) {
        expect(local.format(s.open), s.date).toBe('09:00');
        if (!s.earlyClose) expect(local.format(s.close), s.date).toBe('17:30');
        expect(s.breakStart, s.date).toBeNull();
        expect(s.breakEnd, s.date).toBeNull();
      }
      expect(sessions.every((s) => isoWeekday(s.day) <= 5)).toBe(true);
    });

    it(`${year}: traded German holidays are regular sessions`, () => {
      for (const date of TRADED_HOLIDAYS[year]!) expect(hoursOf(date), date).toEqual(summer(date));
    });
  }

  it('regular sessions in UTC: CET in winter, CEST in summer', () => {
    expect(hoursOf('2024-01-15')).toEqual({ open: '2024-01-15T08:00:00Z', close: '2024-01-15T16:30:00Z', breakStart: null, breakEnd: null, early: false });
    expect(hoursOf('2024-07-15')).toEqual(summer('2024-07-15'));
    // Around the 2024 clock change (CEST from Sunday 31 March).
    expect(hoursOf('2024-03-28')?.open).toBe('2024-03-28T08:00:00Z');
    expect(hoursOf('2024-04-02')?.open).toBe('2024-04-02T07:00:00Z');
    // The Extended Xetra Retail Service from 2025-12-01 leaves the session at 09:00-17:30.
    expect(hoursOf('2025-12-01')).toEqual({ open: '2025-12-01T08:00:00Z', close: '2025-12-01T16:30:00Z', breakStart: null, breakEnd: null, early: false });
  });

  it('year ends', () => {
    // 2023: 24 and 31 Dec on Sundays; 25/26 closed; Fri 29 the short day.
    expect(cal.sessionsBetween('2023-12-21', '2024-01-03').map((s) => `${s.date} ${iso(s.close)}`)).toEqual([
      '2023-12-21 2023-12-21T16:30:00Z', '2023-12-22 2023-12-22T16:30:00Z', '2023-12-27 2023-12-27T16:30:00Z',
      '2023-12-28 2023-12-28T16:30:00Z', '2023-12-29 2023-12-29T13:00:00Z', '2024-01-02 2024-01-02T16:30:00Z',
      '2024-01-03 2024-01-03T16:30:00Z',
    ]);
    // 2025: 29 Dec normal, 30 Dec to 14:00, 31 Dec and 1 Jan closed.
    expect(cal.sessionsBetween('2025-12-22', '2026-01-02').map((s) => `${s.date} ${iso(s.close)}`)).toEqual([
      '2025-12-22 2025-12-22T16:30:00Z', '2025-12-23 2025-12-23T16:30:00Z', '2025-12-29 2025-12-29T16:30:00Z',
      '2025-12-30 2025-12-30T13:00:00Z', '2026-01-02 2026-01-02T16:30:00Z',
    ]);
  });

  it('session counts per year follow from the closures', () => {
    for (let year = 2020; year <= 2027; year++) {
      let weekdays = 0;
      for (let d = parseDay(`${year}-01-01`); d <= parseDay(`${year}-12-31`); d++) if (isoWeekday(d) <= 5) weekdays++;
      expect(cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`).length, String(year)).toBe(weekdays - CLOSED[year]!.length);
    }
  });
});
