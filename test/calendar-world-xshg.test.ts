import { describe, expect, it } from 'vitest';
import { CalendarRangeError, ExchangeCalendar, formatDay, isoWeekday, parseDay } from '../src/calendar/index.js';
import { XSHG } from '../src/calendar/definitions/xshg.js';
import { isoUtc } from './support/answer-key.js';

// Expectations for 2020-2026 are written from docs/calendar-facts/XSHG.md (the annual SSE closing
// notices), not from the definition.

const cal = new ExchangeCalendar(XSHG);
const iso = isoUtc;

function closedWeekdays(year: number): string[] {
  const out: string[] = [];
  for (let d = parseDay(`${year}-01-01`); d <= parseDay(`${year}-12-31`); d++) if (isoWeekday(d) <= 5 && !cal.isSession(d)) out.push(formatDay(d).slice(5));
  return out;
}

function weekdaysIn(year: number): number {
  let n = 0;
  for (let d = parseDay(`${year}-01-01`); d <= parseDay(`${year}-12-31`); d++) if (isoWeekday(d) <= 5) n++;
  return n;
}


// Every weekday without a session, from the SSE notices (with the 2020 COVID-19 extension and the
// exchange-only Lunar New Year's Eve 2024).
const CLOSED: Record<number, string[]> = {
  2020: ['01-01', '01-24', '01-27', '01-28', '01-29', '01-30', '01-31', '04-06', '05-01', '05-04', '05-05', '06-25', '06-26', '10-01', '10-02', '10-05', '10-06', '10-07', '10-08'],
  2021: ['01-01', '02-11', '02-12', '02-15', '02-16', '02-17', '04-05', '05-03', '05-04', '05-05', '06-14', '09-20', '09-21', '10-01', '10-04', '10-05', '10-06', '10-07'],
  2022: ['01-03', '01-31', '02-01', '02-02', '02-03', '02-04', '04-04', '04-05', '05-02', '05-03', '05-04', '06-03', '09-12', '10-03', '10-04', '10-05', '10-06', '10-07'],
  2023: ['01-02', '01-23', '01-24', '01-25', '01-26', '01-27', '04-05', '05-01', '05-02', '05-03', '06-22', '06-23', '09-29', '10-02', '10-03', '10-04', '10-05', '10-06'],
  2024: ['01-01', '02-09', '02-12', '02-13', '02-14', '02-15', '02-16', '04-04', '04-05', '05-01', '05-02', '05-03', '06-10', '09-16', '09-17', '10-01', '10-02', '10-03', '10-04', '10-07'],
  2025: ['01-01', '01-28', '01-29', '01-30', '01-31', '02-03', '02-04', '04-04', '05-01', '05-02', '05-05', '06-02', '10-01', '10-02', '10-03', '10-06', '10-07', '10-08'],
  2026: ['01-01', '01-02', '02-16', '02-17', '02-18', '02-19', '02-20', '02-23', '04-06', '05-01', '05-04', '05-05', '06-19', '09-25', '10-01', '10-02', '10-05', '10-06', '10-07'],
};
const COUNTS: Record<number, number> = { 2020: 19, 2021: 18, 2022: 18, 2023: 18, 2024: 20, 2025: 18, 2026: 19 };

// Weekend days the State Council made working days: the exchange stays closed on them.
const MAKE_UP_WEEKEND_DAYS = [
  '2020-01-19', '2020-02-01', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10',
  '2021-02-07', '2021-02-20', '2021-04-25', '2021-05-08', '2021-09-18', '2021-09-26', '2021-10-09',
  '2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09',
  '2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08',
  '2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12',
  '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
  '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
];

describe('XSHG 2020-2026 facts', () => {
  for (let year = 2020; year <= 2026; year++) {
    it(`${year}: closes on exactly the notified weekdays`, () => {
      expect(closedWeekdays(year)).toEqual(CLOSED[year]);
      expect(CLOSED[year]).toHaveLength(COUNTS[year]!);
      expect(cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`)).toHaveLength(weekdaysIn(year) - COUNTS[year]!);
    });
  }

  it('never trades on a make-up working day at the weekend', () => {
    for (const d of MAKE_UP_WEEKEND_DAYS) expect([d, isoWeekday(parseDay(d)) > 5, cal.isSession(d)]).toEqual([d, true, false]);
    expect(cal.sessionsBetween('2020-01-01', '2026-12-31').filter((s) => isoWeekday(s.day) > 5)).toEqual([]);
  });

  it('has only 09:30-11:30 / 13:00-15:00 sessions: no half days, early closes or late opens', () => {
    const odd = cal.sessionsBetween('2020-01-01', '2026-12-31').filter((s) =>
      iso(s.open) !== `${s.date}T01:30:00Z` || iso(s.breakStart) !== `${s.date}T03:30:00Z` || iso(s.breakEnd) !== `${s.date}T05:00:00Z` || iso(s.close) !== `${s.date}T07:00:00Z` || s.earlyClose);
    expect(odd).toEqual([]);
    expect(cal.sessionMinutes('2024-02-08')).toBe(240);
  });

  it('trades on the public holidays that do not close the market, and on the bridges around the blocks', () => {
    expect(cal.isSession('2023-03-08')).toBe(true); // Women's Day
    expect(cal.isSession('2023-05-04')).toBe(true); // Youth Day
    expect(cal.isSession('2022-06-01')).toBe(true); // Children's Day
    expect(cal.isSession('2023-08-01')).toBe(true); // Army Day
    expect(cal.isSession('2022-12-06')).toBe(true); // Jiang Zemin memorial: traded
    expect(cal.isSession('2024-02-08')).toBe(true); // the day before the exchange-only closure of Lunar New Year's Eve
    expect(cal.isSession('2026-02-13')).toBe(true); // Friday before the 2026 Spring Festival block
    expect(cal.isSession('2026-02-24')).toBe(true);
    expect(cal.nextSession('2020-01-23').date).toBe('2020-02-03'); // COVID-19 extension
  });

  it('reaches to the end of 2026, the last published year', () => {
    expect(cal.lastDate).toBe('2026-12-31');
    expect(cal.previousSession('2026-12-31').date).toBe('2026-12-30');
    expect(() => cal.isSession('2027-01-04')).toThrow(CalendarRangeError);
  });
});
