import { describe, expect, it } from 'vitest';
import { ExchangeCalendar } from '../src/calendar/index.js';
import { XSES } from '../src/calendar/definitions/xses.js';
import { isoUtc, weekdayClosures } from './support/answer-key.js';

// Expectations from docs/calendar-facts/XSES.md (MOM gazetted holidays, SGX half days), not from the definition.
const cal = new ExchangeCalendar(XSES);
const iso = isoUtc;

const closures = (year: number) => weekdayClosures(cal, year);
const earlyCloses = (year: number) => cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`).filter((s) => s.earlyClose).map((s) => [s.date, cal.formatClock(s.close), iso(s.close)]);

/** Every weekday SGX was (or is to be) closed, 2020-2026: gazetted public holidays, days in lieu of Sundays, polling days. */
const CLOSURES: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-01-27', '2020-04-10', '2020-05-01', '2020-05-07', '2020-05-25', '2020-07-10', '2020-07-31', '2020-08-10', '2020-12-25'],
  2021: ['2021-01-01', '2021-02-12', '2021-04-02', '2021-05-13', '2021-05-26', '2021-07-20', '2021-08-09', '2021-11-04'],
  2022: ['2022-02-01', '2022-02-02', '2022-04-15', '2022-05-02', '2022-05-03', '2022-05-16', '2022-07-11', '2022-08-09', '2022-10-24', '2022-12-26'],
  2023: ['2023-01-02', '2023-01-23', '2023-01-24', '2023-04-07', '2023-05-01', '2023-06-02', '2023-06-29', '2023-08-09', '2023-09-01', '2023-11-13', '2023-12-25'],
  2024: ['2024-01-01', '2024-02-12', '2024-03-29', '2024-04-10', '2024-05-01', '2024-05-22', '2024-06-17', '2024-08-09', '2024-10-31', '2024-12-25'],
  2025: ['2025-01-01', '2025-01-29', '2025-01-30', '2025-03-31', '2025-04-18', '2025-05-01', '2025-05-12', '2025-10-20', '2025-12-25'],
  2026: ['2026-01-01', '2026-02-17', '2026-02-18', '2026-04-03', '2026-05-01', '2026-05-27', '2026-06-01', '2026-08-10', '2026-11-09', '2026-12-25'],
};

/** Half days (eve of Chinese New Year, 24 and 31 December, weekdays only): 09:00-12:00 Singapore, 04:00 UTC close. */
const HALF_DAYS: Record<number, string[]> = {
  2020: ['2020-01-24', '2020-12-24', '2020-12-31'],
  2021: ['2021-02-11', '2021-12-24', '2021-12-31'],
  2022: ['2022-01-31'],
  2023: [],
  2024: ['2024-02-09', '2024-12-24', '2024-12-31'],
  2025: ['2025-01-28', '2025-12-24', '2025-12-31'],
  2026: ['2026-02-16', '2026-12-24', '2026-12-31'],
};

describe('XSES', () => {
  for (let year = 2020; year <= 2026; year++) {
    it(`${year}: closes on exactly the gazetted weekdays`, () => {
      expect(closures(year)).toEqual(CLOSURES[year]);
    });
    it(`${year}: half days close at 12:00 exactly on the eves that are weekdays`, () => {
      expect(earlyCloses(year)).toEqual(HALF_DAYS[year]!.map((d) => [d, '12:00', `${d}T04:00:00Z`]));
    });
  }

  it('trades 09:00-17:00 Singapore (01:00-09:00 UTC) with no break on every other session 2020-2026', () => {
    const bad = cal.sessionsBetween('2020-01-01', '2026-12-31').filter((s) => {
      const d = s.date;
      return iso(s.open) !== `${d}T01:00:00Z` || s.breakStart !== null || s.breakEnd !== null || (!s.earlyClose && iso(s.close) !== `${d}T09:00:00Z`);
    });
    expect(bad).toEqual([]);
    const half = cal.sessionOn('2025-12-24')!;
    expect([iso(half.open), iso(half.close), half.breakStart, half.breakEnd]).toEqual(['2025-12-24T01:00:00Z', '2025-12-24T04:00:00Z', null, null]);
  });

  it('has no weekday closure for a holiday on a Saturday (HRP 2023, Polling Day GE2025, HRH and National Day 2025, HRP 2026)', () => {
    for (const d of ['2023-04-21', '2023-04-24', '2025-05-02', '2025-05-05', '2025-06-06', '2025-06-09', '2025-08-08', '2025-08-11', '2026-03-20', '2026-03-23']) {
      expect([d, cal.isSession(d), cal.isEarlyClose(d)]).toEqual([d, true, false]);
    }
  });

  it('does not move a weekend half day to the Friday (December 2022, 2023)', () => {
    for (const d of ['2022-12-23', '2022-12-30', '2023-01-20', '2023-12-22', '2023-12-29']) {
      const s = cal.sessionOn(d)!;
      expect([d, s.earlyClose, iso(s.close)]).toEqual([d, false, `${d}T09:00:00Z`]);
    }
  });

  it('counts the sessions of each year', () => {
    const counts = Object.fromEntries([2020, 2021, 2022, 2023, 2024, 2025, 2026].map((y) => [y, cal.sessionsBetween(`${y}-01-01`, `${y}-12-31`).length]));
    // Weekdays of the year minus the closures above.
    expect(counts).toEqual({ 2020: 262 - 10, 2021: 261 - 8, 2022: 260 - 10, 2023: 260 - 11, 2024: 262 - 10, 2025: 261 - 9, 2026: 261 - 10 });
  });
});
