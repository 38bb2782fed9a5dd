import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, formatDay, isoWeekday, parseDay } from '../src/calendar/index.js';
import { BVMF } from '../src/calendar/definitions/bvmf.js';
import { isoUtc } from './support/answer-key.js';

// Expectations from docs/calendar-facts/BVMF.md (§1 and §3, 2020-2026). São Paulo has been UTC-3
// all year since 2019, so 10:00 = 13:00Z, 13:00 = 16:00Z, 17:00 = 20:00Z, 18:00 = 21:00Z.

const iso = isoUtc;

const cal = new ExchangeCalendar(BVMF);

/** Weekdays without a session, per year. */
const CLOSED: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-02-24', '2020-02-25', '2020-04-10', '2020-04-21', '2020-05-01', '2020-06-11', '2020-09-07', '2020-10-12', '2020-11-02', '2020-12-24', '2020-12-25', '2020-12-31'],
  2021: ['2021-01-01', '2021-01-25', '2021-02-15', '2021-02-16', '2021-04-02', '2021-04-21', '2021-06-03', '2021-07-09', '2021-09-07', '2021-10-12', '2021-11-02', '2021-11-15', '2021-12-24', '2021-12-31'],
  2022: ['2022-02-28', '2022-03-01', '2022-04-15', '2022-04-21', '2022-06-16', '2022-09-07', '2022-10-12', '2022-11-02', '2022-11-15', '2022-12-30'],
  2023: ['2023-02-20', '2023-02-21', '2023-04-07', '2023-04-21', '2023-05-01', '2023-06-08', '2023-09-07', '2023-10-12', '2023-11-02', '2023-11-15', '2023-12-25', '2023-12-29'],
  2024: ['2024-01-01', '2024-02-12', '2024-02-13', '2024-03-29', '2024-05-01', '2024-05-30', '2024-11-15', '2024-11-20', '2024-12-24', '2024-12-25', '2024-12-31'],
  2025: ['2025-01-01', '2025-03-03', '2025-03-04', '2025-04-18', '2025-04-21', '2025-05-01', '2025-06-19', '2025-11-20', '2025-12-24', '2025-12-25', '2025-12-31'],
  2026: ['2026-01-01', '2026-02-16', '2026-02-17', '2026-04-03', '2026-04-21', '2026-05-01', '2026-06-04', '2026-09-07', '2026-10-12', '2026-11-02', '2026-11-20', '2026-12-24', '2026-12-25', '2026-12-31'],
};

/** Ash Wednesday: late open 13:00, close 18:00 (each falls before the March switch to 17:00). */
const ASH_WEDNESDAY: Record<number, string> = {
  2020: '2020-02-26', 2021: '2021-02-17', 2022: '2022-03-02', 2023: '2023-02-22', 2024: '2024-02-14', 2025: '2025-03-05', 2026: '2026-02-18',
};

/** First session closing at 17:00 (US daylight time) and first one back at 18:00, per year. */
const SWITCHES: Record<number, [string, string]> = {
  2020: ['2020-03-09', '2020-11-03'],
  2021: ['2021-03-15', '2021-11-08'],
  2022: ['2022-03-14', '2022-11-07'],
  2023: ['2023-03-13', '2023-11-06'],
  2024: ['2024-03-11', '2024-11-04'],
  2025: ['2025-03-10', '2025-11-03'],
  2026: ['2026-03-09', '2026-11-03'],
};

const YEARS = Object.keys(CLOSED).map(Number);

function weekdaysOf(year: number): string[] {
  const out: string[] = [];
  for (let d = parseDay(`${year}-01-01`); d <= parseDay(`${year}-12-31`); d++) if (isoWeekday(d) <= 5) out.push(formatDay(d));
  return out;
}


describe('BVMF 2020-2026, the facts', () => {
  it.each(YEARS)('%i: closed exactly on the listed weekdays', (year) => {
    expect(weekdaysOf(year).filter((d) => !cal.isSession(d))).toEqual(CLOSED[year]);
    expect(cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`).map((s) => s.date)).toEqual(weekdaysOf(year).filter((d) => !CLOSED[year]!.includes(d)));
  });

  it.each(YEARS)('%i: every session\'s hours: 10:00 open (13:00 on Ash Wednesday), 18:00 close, 17:00 while New York is on daylight time', (year) => {
    const [toSummer, toWinter] = SWITCHES[year]!;
    const got = cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`).map((s) => [s.date, iso(s.open), iso(s.close), s.breakStart, s.breakEnd, s.earlyClose]);
    const expected = got.map(([date]) => {
      const d = date as string;
      const open = d === ASH_WEDNESDAY[year] ? 'T16:00:00Z' : 'T13:00:00Z';
      const close = d >= toSummer && d < toWinter ? 'T20:00:00Z' : 'T21:00:00Z';
      return [d, `${d}${open}`, `${d}${close}`, null, null, false];
    });
    expect(got).toEqual(expected);
  });

  it.each(YEARS)('%i: the hours switch on the listed sessions', (year) => {
    const [toSummer, toWinter] = SWITCHES[year]!;
    expect(iso(cal.previousSession(toSummer).close)).toBe(`${cal.previousSession(toSummer).date}T21:00:00Z`);
    expect(iso(cal.sessionOn(toSummer)!.close)).toBe(`${toSummer}T20:00:00Z`);
    expect(iso(cal.previousSession(toWinter).close)).toBe(`${cal.previousSession(toWinter).date}T20:00:00Z`);
    expect(iso(cal.sessionOn(toWinter)!.close)).toBe(`${toWinter}T21:00:00Z`);
  });

  it.each(YEARS)('%i: Ash Wednesday opens at 13:00 and closes at 18:00; no early closes', (year) => {
    const s = cal.sessionOn(ASH_WEDNESDAY[year]!)!;
    expect([iso(s.open), iso(s.close), s.earlyClose]).toEqual([`${ASH_WEDNESDAY[year]}T16:00:00Z`, `${ASH_WEDNESDAY[year]}T21:00:00Z`, false]);
    expect(cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`).filter((s) => s.earlyClose)).toEqual([]);
  });

  it('sessions on São Paulo holidays that B3 did not observe', () => {
    // 2020: the city and state moved Corpus Christi, Black Awareness Day and July 9 to May 20-25 (COVID-19); B3 kept its calendar.
    for (const d of ['2020-05-20', '2020-05-21', '2020-05-22', '2020-05-25', '2020-07-09', '2020-11-20']) expect(cal.isSession(d)).toBe(true);
    // 2021: five holidays moved to March 26 - April 1; B3 traded.
    for (const d of ['2021-03-26', '2021-03-29', '2021-03-30', '2021-03-31', '2021-04-01']) expect(cal.isSession(d)).toBe(true);
    // From 2022, city (Jan 25, Nov 20 before it became national) and state (Jul 9) holidays are trading days.
    expect([iso(cal.sessionOn('2022-01-25')!.open), iso(cal.sessionOn('2022-01-25')!.close)]).toEqual(['2022-01-25T13:00:00Z', '2022-01-25T21:00:00Z']);
    for (const d of ['2023-01-25', '2023-11-20', '2024-01-25', '2024-07-09', '2025-07-09', '2026-07-09']) expect(cal.isSession(d)).toBe(true);
    // World Cup 2022 Brazil match days: normal hours.
    for (const d of ['2022-11-24', '2022-11-28', '2022-12-02', '2022-12-05', '2022-12-09']) {
      expect(cal.sessionOn(d)).toMatchObject({ earlyClose: false, breakStart: null });
      expect(iso(cal.sessionOn(d)!.open)).toBe(`${d}T13:00:00Z`);
    }
  });

  it('the last weekday of the year is closed: Dec 31, or the Friday before when it falls on a weekend', () => {
    expect(cal.isSession('2022-12-29')).toBe(true);
    expect(cal.isSession('2022-12-30')).toBe(false);
    expect(cal.isSession('2023-12-28')).toBe(true);
    expect(cal.isSession('2023-12-29')).toBe(false);
    expect(cal.previousSession('2025-01-01').date).toBe('2024-12-30');
  });
});
