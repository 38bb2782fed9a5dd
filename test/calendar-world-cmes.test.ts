import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, formatDay, isoWeekday, parseDay } from '../src/calendar/index.js';
import { CMES } from '../src/calendar/definitions/cmes.js';
import { isoUtc } from './support/answer-key.js';

// Expectations from docs/calendar-facts/CMES.md (§3, 2020-2026), in the key's model: a session
// opens at 17:00 CT the calendar day before its date and closes at 17:00 CT, no break; a US holiday
// with a Globex halt is a short session dated that day. UTC ISO strings written out by hand from
// the CT times (CST = UTC-6, CDT = UTC-5).

const iso = isoUtc;

const cal = new ExchangeCalendar(CMES);

/** Weekdays without a session, per year. */
const CLOSED: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-04-10', '2020-12-25'],
  // 2021-12-24: Christmas (Saturday) observed on the Friday; 2021-12-31 trades (New Year on a Saturday is not observed).
  2021: ['2021-01-01', '2021-12-24'],
  2022: ['2022-04-15', '2022-12-26'],
  2023: ['2023-01-02', '2023-12-25'],
  2024: ['2024-01-01', '2024-03-29', '2024-12-25'],
  2025: ['2025-01-01', '2025-04-18', '2025-12-25'],
  2026: ['2026-01-01', '2026-12-25'],
};

/** Every short session per year: [date, open (the evening before), close]. */
const SHORT: Record<number, [string, string, string][]> = {
  2020: [
    ['2020-01-20', '2020-01-19T23:00:00Z', '2020-01-20T18:00:00Z'], // MLK 12:00
    ['2020-02-17', '2020-02-16T23:00:00Z', '2020-02-17T18:00:00Z'], // Presidents 12:00
    ['2020-05-25', '2020-05-24T22:00:00Z', '2020-05-25T17:00:00Z'], // Memorial 12:00
    ['2020-07-03', '2020-07-02T22:00:00Z', '2020-07-03T17:00:00Z'], // Independence Day observed 12:00
    ['2020-09-07', '2020-09-06T22:00:00Z', '2020-09-07T17:00:00Z'], // Labor 12:00
    ['2020-11-26', '2020-11-25T23:00:00Z', '2020-11-26T18:00:00Z'], // Thanksgiving 12:00
    ['2020-11-27', '2020-11-26T23:00:00Z', '2020-11-27T18:15:00Z'], // Day after Thanksgiving 12:15
    ['2020-12-24', '2020-12-23T23:00:00Z', '2020-12-24T18:15:00Z'], // Christmas Eve 12:15
  ],
  2021: [
    ['2021-01-18', '2021-01-17T23:00:00Z', '2021-01-18T18:00:00Z'],
    ['2021-02-15', '2021-02-14T23:00:00Z', '2021-02-15T18:00:00Z'],
    ['2021-04-02', '2021-04-01T22:00:00Z', '2021-04-02T13:15:00Z'], // Good Friday + jobs report, 08:15
    ['2021-05-31', '2021-05-30T22:00:00Z', '2021-05-31T17:00:00Z'],
    ['2021-07-05', '2021-07-04T22:00:00Z', '2021-07-05T17:00:00Z'], // Independence Day observed (Sunday)
    ['2021-09-06', '2021-09-05T22:00:00Z', '2021-09-06T17:00:00Z'],
    ['2021-11-25', '2021-11-24T23:00:00Z', '2021-11-25T18:00:00Z'],
    ['2021-11-26', '2021-11-25T23:00:00Z', '2021-11-26T18:15:00Z'],
  ],
  2022: [
    ['2022-01-17', '2022-01-16T23:00:00Z', '2022-01-17T18:00:00Z'],
    ['2022-02-21', '2022-02-20T23:00:00Z', '2022-02-21T18:00:00Z'],
    ['2022-05-30', '2022-05-29T22:00:00Z', '2022-05-30T17:00:00Z'],
    ['2022-06-20', '2022-06-19T22:00:00Z', '2022-06-20T17:00:00Z'], // first Juneteenth, observed Monday
    ['2022-07-04', '2022-07-03T22:00:00Z', '2022-07-04T17:00:00Z'],
    ['2022-09-05', '2022-09-04T22:00:00Z', '2022-09-05T17:00:00Z'],
    ['2022-11-24', '2022-11-23T23:00:00Z', '2022-11-24T18:00:00Z'],
    ['2022-11-25', '2022-11-24T23:00:00Z', '2022-11-25T18:15:00Z'],
  ],
  2023: [
    ['2023-01-16', '2023-01-15T23:00:00Z', '2023-01-16T18:00:00Z'],
    ['2023-02-20', '2023-02-19T23:00:00Z', '2023-02-20T18:00:00Z'],
    ['2023-04-07', '2023-04-06T22:00:00Z', '2023-04-07T13:15:00Z'], // Good Friday + jobs report, 08:15
    ['2023-05-29', '2023-05-28T22:00:00Z', '2023-05-29T17:00:00Z'],
    ['2023-06-19', '2023-06-18T22:00:00Z', '2023-06-19T17:00:00Z'],
    ['2023-07-03', '2023-07-02T22:00:00Z', '2023-07-03T17:15:00Z'], // day before July 4, 12:15
    ['2023-07-04', '2023-07-03T22:00:00Z', '2023-07-04T17:00:00Z'],
    ['2023-09-04', '2023-09-03T22:00:00Z', '2023-09-04T17:00:00Z'],
    ['2023-11-23', '2023-11-22T23:00:00Z', '2023-11-23T18:00:00Z'],
    ['2023-11-24', '2023-11-23T23:00:00Z', '2023-11-24T18:15:00Z'],
  ],
  2024: [
    ['2024-01-15', '2024-01-14T23:00:00Z', '2024-01-15T18:00:00Z'],
    ['2024-02-19', '2024-02-18T23:00:00Z', '2024-02-19T18:00:00Z'],
    ['2024-05-27', '2024-05-26T22:00:00Z', '2024-05-27T17:00:00Z'],
    ['2024-06-19', '2024-06-18T22:00:00Z', '2024-06-19T17:00:00Z'],
    ['2024-07-03', '2024-07-02T22:00:00Z', '2024-07-03T17:15:00Z'],
    ['2024-07-04', '2024-07-03T22:00:00Z', '2024-07-04T17:00:00Z'],
    ['2024-09-02', '2024-09-01T22:00:00Z', '2024-09-02T17:00:00Z'],
    ['2024-11-28', '2024-11-27T23:00:00Z', '2024-11-28T18:00:00Z'],
    ['2024-11-29', '2024-11-28T23:00:00Z', '2024-11-29T18:15:00Z'],
    ['2024-12-24', '2024-12-23T23:00:00Z', '2024-12-24T18:15:00Z'],
  ],
  2025: [
    ['2025-01-09', '2025-01-08T23:00:00Z', '2025-01-09T14:30:00Z'], // day of mourning (Carter), 08:30
    ['2025-01-20', '2025-01-19T23:00:00Z', '2025-01-20T18:00:00Z'],
    ['2025-02-17', '2025-02-16T23:00:00Z', '2025-02-17T18:00:00Z'],
    ['2025-05-26', '2025-05-25T22:00:00Z', '2025-05-26T17:00:00Z'],
    ['2025-06-19', '2025-06-18T22:00:00Z', '2025-06-19T17:00:00Z'],
    ['2025-07-03', '2025-07-02T22:00:00Z', '2025-07-03T17:15:00Z'],
    ['2025-07-04', '2025-07-03T22:00:00Z', '2025-07-04T17:00:00Z'],
    ['2025-09-01', '2025-08-31T22:00:00Z', '2025-09-01T17:00:00Z'],
    ['2025-11-27', '2025-11-26T23:00:00Z', '2025-11-27T18:00:00Z'],
    ['2025-11-28', '2025-11-27T23:00:00Z', '2025-11-28T18:15:00Z'],
    ['2025-12-24', '2025-12-23T23:00:00Z', '2025-12-24T18:15:00Z'],
  ],
  2026: [
    ['2026-01-19', '2026-01-18T23:00:00Z', '2026-01-19T18:00:00Z'],
    ['2026-02-16', '2026-02-15T23:00:00Z', '2026-02-16T18:00:00Z'],
    ['2026-04-03', '2026-04-02T22:00:00Z', '2026-04-03T13:15:00Z'], // Good Friday + jobs report, 08:15
    ['2026-05-25', '2026-05-24T22:00:00Z', '2026-05-25T17:00:00Z'],
    ['2026-06-19', '2026-06-18T22:00:00Z', '2026-06-19T17:00:00Z'],
    ['2026-07-03', '2026-07-02T22:00:00Z', '2026-07-03T17:00:00Z'], // Independence Day observed (Saturday)
    ['2026-09-07', '2026-09-06T22:00:00Z', '2026-09-07T17:00:00Z'],
    ['2026-11-26', '2026-11-25T23:00:00Z', '2026-11-26T18:00:00Z'],
    ['2026-11-27', '2026-11-26T23:00:00Z', '2026-11-27T18:15:00Z'],
    ['2026-12-24', '2026-12-23T23:00:00Z', '2026-12-24T18:15:00Z'],
  ],
};

const YEARS = Object.keys(CLOSED).map(Number);

function weekdaysOf(year: number): string[] {
  const out: string[] = [];
  for (let d = parseDay(`${year}-01-01`); d <= parseDay(`${year}-12-31`); d++) if (isoWeekday(d) <= 5) out.push(formatDay(d));
  return out;
}


describe('CMES 2020-2026, the facts', () => {
  it.each(YEARS)('%i: closed exactly on the listed weekdays', (year) => {
    expect(weekdaysOf(year).filter((d) => !cal.isSession(d))).toEqual(CLOSED[year]);
  });

  it.each(YEARS)('%i: short sessions exactly as listed, each opening 17:00 CT the evening before', (year) => {
    const got = cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`).filter((s) => s.earlyClose).map((s) => [s.date, iso(s.open), iso(s.close)]);
    expect(got).toEqual(SHORT[year]);
  });

  it.each(YEARS)('%i: every session is one per open weekday, no break, and the others run 17:00-17:00 CT', (year) => {
    const sessions = cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`);
    expect(sessions.map((s) => s.date)).toEqual(weekdaysOf(year).filter((d) => !CLOSED[year]!.includes(d)));
    const short = new Set(SHORT[year]!.map(([d]) => d));
    const wrong = sessions.filter((s) => s.breakStart !== null || s.breakEnd !== null
      || cal.formatClock(s.open) !== '17:00' || formatDay(s.day - 1) !== cal.formatLocal(s.open).slice(0, 10)
      || (!short.has(s.date) && cal.formatClock(s.close) !== '17:00'));
    expect(wrong).toEqual([]);
  });

  it('a normal session in winter and in summer, and the reopening after a holiday', () => {
    expect(cal.sessionOn('2024-01-02')).toMatchObject({ earlyClose: false, breakStart: null, breakEnd: null });
    expect(iso(cal.sessionOn('2024-01-02')!.open)).toBe('2024-01-01T23:00:00Z'); // 17:00 CST on New Year's Day
    expect(iso(cal.sessionOn('2024-01-02')!.close)).toBe('2024-01-02T23:00:00Z');
    expect(iso(cal.sessionOn('2024-07-05')!.open)).toBe('2024-07-04T22:00:00Z'); // 17:00 CDT on July 4
    expect(iso(cal.sessionOn('2024-07-05')!.close)).toBe('2024-07-05T22:00:00Z');
    // Monday after the DST change opens Sunday 17:00 CDT.
    expect(iso(cal.sessionOn('2025-03-10')!.open)).toBe('2025-03-09T22:00:00Z');
    // After the Thanksgiving noon halt, the Friday session opens at 17:00 on Thanksgiving.
    expect(iso(cal.sessionOn('2024-11-29')!.open)).toBe('2024-11-28T23:00:00Z');
  });

  it('Good Friday: closed unless the jobs report is out that day (special sessions to 08:15)', () => {
    expect(cal.isSession('2020-04-10')).toBe(false);
    expect(cal.isSession('2022-04-15')).toBe(false);
    expect(cal.isSession('2024-03-29')).toBe(false);
    expect(cal.isSession('2025-04-18')).toBe(false);
    for (const d of ['2021-04-02', '2023-04-07', '2026-04-03']) {
      const s = cal.sessionOn(d)!;
      expect(s.earlyClose).toBe(true);
      expect(cal.formatClock(s.close)).toBe('08:15');
      // The Monday after opens on Sunday 17:00, not Friday.
      const next = cal.nextSession(d);
      expect(isoWeekday(next.day)).toBe(1);
      expect(cal.formatLocal(next.open).slice(0, 16)).toBe(`${formatDay(next.day - 1)}T17:00`);
    }
  });

  it('the day of mourning for President Carter: open until 08:30, reopening 17:00 for Jan 10', () => {
    expect(iso(cal.sessionOn('2025-01-09')!.close)).toBe('2025-01-09T14:30:00Z');
    expect(iso(cal.sessionOn('2025-01-10')!.open)).toBe('2025-01-09T23:00:00Z');
  });

  it('no late opens, no breaks and no hours change (the 2021-06-28 halt removal is outside the model)', () => {
    const all = cal.sessionsBetween('2020-01-01', '2026-12-31');
    expect(all.filter((s) => cal.formatClock(s.open) !== '17:00')).toEqual([]);
    expect(all.filter((s) => s.breakStart !== null)).toEqual([]);
    for (const d of ['2021-06-25', '2021-06-28']) {
      const s = cal.sessionOn(d)!;
      expect([cal.formatClock(s.open), cal.formatClock(s.close), s.breakStart]).toEqual(['17:00', '17:00', null]);
    }
  });

  it('New Year on a Saturday is not observed; Christmas on a Saturday or Sunday moves to a weekday', () => {
    expect(cal.isSession('2021-12-31')).toBe(true);
    expect(cal.sessionOn('2021-12-31')!.earlyClose).toBe(false);
    expect(cal.isSession('2021-12-24')).toBe(false);
    expect(cal.isSession('2022-12-26')).toBe(false);
    expect(cal.isSession('2023-01-02')).toBe(false);
  });
});
