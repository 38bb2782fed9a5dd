import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, isoWeekday, parseDay } from '../src/calendar/index.js';
import { XBOM } from '../src/calendar/definitions/xbom.js';
import { sessionHours, weekdayClosures } from './support/answer-key.js';

// Expectations from docs/calendar-facts/XBOM.md (section 3), not from the definition.

const cal = new ExchangeCalendar(XBOM);

const closures = (year: number) => weekdayClosures(cal, year);

const hoursOf = (date: string) => sessionHours(cal, date);

/** A regular session: 09:15-15:30 IST is 03:45Z-10:00Z (UTC+05:30 all year). */
const regular = (date: string) => ({ open: `${date}T03:45:00Z`, close: `${date}T10:00:00Z`, breakStart: null, breakEnd: null, early: false });

/** Weekday closures per year: BSE's published weekday holidays with the later changes. */
const CLOSED: Record<number, string[]> = {
  2020: ['2020-02-21', '2020-03-10', '2020-04-02', '2020-04-06', '2020-04-10', '2020-04-14', '2020-05-01', '2020-05-25', '2020-10-02', '2020-11-16', '2020-11-30', '2020-12-25'],
  2021: ['2021-01-26', '2021-03-11', '2021-03-29', '2021-04-02', '2021-04-14', '2021-04-21', '2021-05-13', '2021-07-21', '2021-08-19', '2021-09-10', '2021-10-15', '2021-11-04', '2021-11-05', '2021-11-19'],
  2022: ['2022-01-26', '2022-03-01', '2022-03-18', '2022-04-14', '2022-04-15', '2022-05-03', '2022-08-09', '2022-08-15', '2022-08-31', '2022-10-05', '2022-10-24', '2022-10-26', '2022-11-08'],
  // Bakri Id moved from Wed 28 June to Thu 29 June.
  2023: ['2023-01-26', '2023-03-07', '2023-03-30', '2023-04-04', '2023-04-07', '2023-04-14', '2023-05-01', '2023-06-29', '2023-08-15', '2023-09-19', '2023-10-02', '2023-10-24', '2023-11-14', '2023-11-27', '2023-12-25'],
  // Plus Ram Mandir day (01-22), the Lok Sabha poll (05-20) and the Assembly poll (11-20).
  2024: ['2024-01-22', '2024-01-26', '2024-03-08', '2024-03-25', '2024-03-29', '2024-04-11', '2024-04-17', '2024-05-01', '2024-05-20', '2024-06-17', '2024-07-17', '2024-08-15', '2024-10-02', '2024-11-01', '2024-11-15', '2024-11-20', '2024-12-25'],
  2025: ['2025-02-26', '2025-03-14', '2025-03-31', '2025-04-10', '2025-04-14', '2025-04-18', '2025-05-01', '2025-08-15', '2025-08-27', '2025-10-02', '2025-10-21', '2025-10-22', '2025-11-05', '2025-12-25'],
  // Plus the municipal corporation elections (01-15).
  2026: ['2026-01-15', '2026-01-26', '2026-03-03', '2026-03-26', '2026-03-31', '2026-04-03', '2026-04-14', '2026-05-01', '2026-05-28', '2026-06-26', '2026-09-14', '2026-10-02', '2026-10-20', '2026-11-10', '2026-11-24', '2026-12-25'],
};

/** Weekend sessions: Budget days and special sessions. */
const WEEKEND: Record<number, string[]> = {
  2020: ['2020-02-01'],
  2021: [],
  2022: [],
  2023: [],
  2024: ['2024-01-20', '2024-03-02', '2024-05-18'],
  2025: ['2025-02-01'],
  2026: ['2026-02-01'],
};

/** Sessions whose hours are not 09:15-15:30. */
const SPECIAL_HOURS: Record<string, ReturnType<typeof hoursOf>> = {
  // Close extended to 17:00 IST after the NSE outage.
  '2021-02-24': { open: '2021-02-24T03:45:00Z', close: '2021-02-24T11:30:00Z', breakStart: null, breakEnd: null, early: false },
  // 09:15-10:00 on the primary site, 11:30-12:30 on the DR site: ends before the usual close.
  '2024-03-02': { open: '2024-03-02T03:45:00Z', close: '2024-03-02T07:00:00Z', breakStart: '2024-03-02T04:30:00Z', breakEnd: '2024-03-02T06:00:00Z', early: true },
  '2024-05-18': { open: '2024-05-18T03:45:00Z', close: '2024-05-18T07:00:00Z', breakStart: '2024-05-18T04:30:00Z', breakEnd: '2024-05-18T06:00:00Z', early: true },
};


describe('XBOM 2020-2026 facts', () => {
  for (let year = 2020; year <= 2026; year++) {
    it(`${year}: exactly the published weekday closures`, () => {
      expect(closures(year)).toEqual(CLOSED[year]);
    });

    it(`${year}: weekend sessions, and 09:15-15:30 with no break on every other session`, () => {
      const sessions = cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`);
      expect(sessions.filter((s) => isoWeekday(s.day) > 5).map((s) => s.date)).toEqual(WEEKEND[year]);
      for (const s of sessions) {
        const special = SPECIAL_HOURS[s.date];
        expect(hoursOf(s.date), s.date).toEqual(special ?? regular(s.date));
      }
      // No late opens; the only sessions ending early are the two DR-site Saturdays of 2024.
      expect(sessions.filter((s) => s.earlyClose).map((s) => s.date)).toEqual(year === 2024 ? ['2024-03-02', '2024-05-18'] : []);
    });
  }

  it('session counts per year follow from the closures and weekend sessions', () => {
    for (let year = 2020; year <= 2026; year++) {
      let weekdays = 0;
      for (let d = parseDay(`${year}-01-01`); d <= parseDay(`${year}-12-31`); d++) if (isoWeekday(d) <= 5) weekdays++;
      expect(cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`).length, String(year)).toBe(weekdays - CLOSED[year]!.length + WEEKEND[year]!.length);
    }
  });

  it('special sessions on weekends are full 09:15-15:30 sessions', () => {
    for (const date of ['2020-02-01', '2024-01-20', '2025-02-01', '2026-02-01']) expect(hoursOf(date), date).toEqual(regular(date));
    expect(cal.sessionsBetween('2024-01-19', '2024-01-23').map((s) => s.date)).toEqual(['2024-01-19', '2024-01-20', '2024-01-23']);
    expect(cal.sessionsBetween('2026-01-30', '2026-02-02').map((s) => s.date)).toEqual(['2026-01-30', '2026-02-01', '2026-02-02']);
  });

  it('the DR-site Saturdays of 2024 have the switch-over as a break', () => {
    expect(hoursOf('2024-03-02')).toEqual(SPECIAL_HOURS['2024-03-02']);
    expect(hoursOf('2024-05-18')).toEqual(SPECIAL_HOURS['2024-05-18']);
    expect(cal.sessionsBetween('2024-05-17', '2024-05-21').map((s) => s.date)).toEqual(['2024-05-17', '2024-05-18', '2024-05-21']);
  });

  it('2021-02-24: BSE traded all day and closed at 17:00', () => {
    expect(hoursOf('2021-02-24')).toEqual(SPECIAL_HOURS['2021-02-24']);
    expect(hoursOf('2021-02-23')).toEqual(regular('2021-02-23'));
    expect(hoursOf('2021-02-25')).toEqual(regular('2021-02-25'));
  });

  it('Diwali Muhurat trading is not a session', () => {
    for (const date of ['2021-11-04', '2022-10-24', '2024-11-01', '2025-10-21']) expect(cal.isSession(date), date).toBe(false);
    for (const date of ['2020-11-14', '2023-11-12', '2026-11-08']) expect(cal.isSession(date), date).toBe(false);
  });

  it('moved and kept holidays', () => {
    // 2023: Bakri Id moved from 06-28 (traded) to 06-29.
    expect(hoursOf('2023-06-28')).toEqual(regular('2023-06-28'));
    expect(cal.isSession('2023-06-29')).toBe(false);
    // 2025-10-20 (Diwali in much of India) traded; 2026-03-04 (Holi colours) traded.
    expect(hoursOf('2025-10-20')).toEqual(regular('2025-10-20'));
    expect(hoursOf('2026-03-04')).toEqual(regular('2026-03-04'));
    // New Year's Day trades.
    for (const date of ['2020-01-01', '2021-01-01', '2024-01-01', '2025-01-01', '2026-01-01']) expect(cal.isSession(date), date).toBe(true);
    // Weekend holidays are not moved: 2021 Christmas (Sat) leaves Fri 24 and Mon 27 open.
    expect(cal.sessionsBetween('2021-12-23', '2021-12-28').map((s) => s.date)).toEqual(['2021-12-23', '2021-12-24', '2021-12-27', '2021-12-28']);
  });

  it('2026 municipal election closure and the sessions around it', () => {
    expect(cal.sessionsBetween('2026-01-13', '2026-01-19').map((s) => s.date)).toEqual(['2026-01-13', '2026-01-14', '2026-01-16', '2026-01-19']);
  });
});
