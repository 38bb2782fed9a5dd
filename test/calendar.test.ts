import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { CalendarRangeError, daysFromCivil, formatDay, getCalendar, isoWeekday, parseDay } from '../src/calendar/index.js';
import { ADHOC, EARLY_CLOSES, answerKeyRows, modelHolidays } from './support/nyse-facts.js';

const cal = getCalendar('XNYS');
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const local = (t: number) => DateTime.fromMillis(t, { zone: 'America/New_York' }).toFormat('HH:mm');

describe('XNYS answer key 2015-2019', () => {
  it('reproduces every row exactly', () => {
    const rows = answerKeyRows();
    const got = cal.sessionsBetween('2015-01-01', '2019-12-31').map((s) => `${s.date},${iso(s.open)},${iso(s.close)}`);
    expect(rows).toHaveLength(1258);
    expect(got).toEqual(rows);
  });
});

describe('XNYS for every year 1990-2035', () => {
  it('closes exactly on the modelled holidays and ad-hoc closures, and trades every other weekday', () => {
    const closed = new Set(ADHOC.map((d) => parseDay(d)));
    for (let y = 1990; y <= 2035; y++) for (const d of modelHolidays(y)) closed.add(d);
    const mismatches: string[] = [];
    for (let d = parseDay('1990-01-01'); d <= parseDay('2035-12-31'); d++) {
      const expected = isoWeekday(d) <= 5 && !closed.has(d);
      if (cal.isSession(d) !== expected) mismatches.push(`${formatDay(d)} expected ${expected ? 'open' : 'closed'}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('opens at 09:30 and closes at 16:00 local on both sides of every DST change, early closes at 13:00 (14:00 before 1993)', () => {
    const [from, to] = cal.indexRange('1990-01-01', '2035-12-31');
    const bad: string[] = [];
    for (let i = from; i < to; i++) {
      const s = cal.at(i);
      const close = local(s.close);
      const want = s.earlyClose ? (s.date < '1993-01-01' ? '14:00' : '13:00') : '16:00';
      if (local(s.open) !== '09:30' || close !== want) bad.push(`${s.date} ${local(s.open)}-${close}`);
    }
    expect(bad).toEqual([]);
  });

  it('knows the DST-shifted UTC opens around the 2007 rule change and recent years', () => {
    const openUtc = (d: string) => iso(cal.sessionOn(d)!.open);
    expect(openUtc('2006-03-31')).toBe('2006-03-31T14:30:00Z'); // EST
    expect(openUtc('2006-04-03')).toBe('2006-04-03T13:30:00Z'); // EDT from the first Sunday of April
    expect(openUtc('2007-03-09')).toBe('2007-03-09T14:30:00Z');
    expect(openUtc('2007-03-12')).toBe('2007-03-12T13:30:00Z'); // EDT from the second Sunday of March
    expect(openUtc('2025-03-07')).toBe('2025-03-07T14:30:00Z');
    expect(openUtc('2025-03-10')).toBe('2025-03-10T13:30:00Z');
    expect(openUtc('2025-10-31')).toBe('2025-10-31T13:30:00Z');
    expect(openUtc('2025-11-03')).toBe('2025-11-03T14:30:00Z');
    expect(iso(cal.sessionOn('1990-12-24')!.close)).toBe('1990-12-24T19:00:00Z');
  });

  it('has every early close of the recent and coming years', () => {
    const early = (y: number) => cal.sessionsBetween(`${y}-01-01`, `${y}-12-31`).filter((s) => s.earlyClose).map((s) => s.date);
    for (const [y, dates] of Object.entries(EARLY_CLOSES)) expect([y, early(Number(y))]).toEqual([y, dates]);
    expect(cal.isEarlyClose('2008-12-26')).toBe(false);
    expect(cal.isEarlyClose('2014-12-26')).toBe(false);
    expect(cal.isEarlyClose('2015-07-02')).toBe(false);
  });

  it('has the known session counts per year', () => {
    const count = (y: number) => cal.sessionsBetween(`${y}-01-01`, `${y}-12-31`).length;
    const known: Record<number, number> = { 2001: 248, 2012: 250, 2015: 252, 2016: 252, 2017: 251, 2018: 251, 2019: 252, 2020: 253, 2021: 252, 2022: 251, 2023: 250, 2024: 252, 2025: 250, 2026: 251 };
    for (const [y, n] of Object.entries(known)) expect([y, count(Number(y))]).toEqual([y, n]);
  });

  it('handles weekend holidays at the start and end of a year', () => {
    expect(cal.isSession('2021-12-31')).toBe(true); // Jan 1 2022 was a Saturday: not observed
    expect(cal.isSession('2021-12-24')).toBe(false); // Christmas on Saturday -> Friday
    expect(cal.isSession('2022-12-26')).toBe(false); // Christmas on Sunday -> Monday
    expect(cal.isSession('2023-01-02')).toBe(false); // New Year on Sunday -> Monday
    expect(cal.isSession('2010-12-31')).toBe(true);
    expect(cal.isSession('2027-06-18')).toBe(false); // Juneteenth on Saturday -> Friday
    expect(cal.isSession('2026-07-03')).toBe(false);
    expect(cal.isSession('2021-06-18')).toBe(true); // before Juneteenth was an NYSE holiday
    expect(cal.isSession('2025-10-13')).toBe(true); // Columbus Day: open
    expect(cal.isSession('2025-11-11')).toBe(true); // Veterans Day: open
    expect(cal.isSession('1997-01-20')).toBe(true); // MLK Day before 1998: open
    expect(cal.isSession('1998-01-19')).toBe(false);
  });
});

describe('look-ups', () => {
  it('next and previous skip weekends and holidays', () => {
    expect(cal.nextSession('2025-07-03').date).toBe('2025-07-07');
    expect(cal.previousSession('2025-07-07').date).toBe('2025-07-03');
    expect(cal.nextSession('2025-07-04').date).toBe('2025-07-07');
    expect(cal.sessionOn('2025-07-04')).toBeNull();
    expect(cal.sessionMinutes('2025-07-03')).toBe(210);
    expect(cal.sessionMinutes('2025-07-02')).toBe(390);
    expect(cal.sessionMinutes('2025-07-05')).toBe(0);
    const s = cal.sessionOn('2025-07-02')!;
    expect(cal.sessionAt(s.open)?.date).toBe('2025-07-02');
    expect(cal.sessionAt(s.close - 1)?.date).toBe('2025-07-02');
    expect(cal.sessionAt(s.close)).toBeNull();
    expect(cal.sessionAt(s.open - 1)).toBeNull();
  });

  it('refuses dates outside the range with a typed error naming the range', () => {
    for (const f of [() => cal.isSession('1989-12-29'), () => cal.sessionOn('2036-01-02'), () => cal.nextSession('2035-12-31'), () => cal.previousSession('1990-01-02')]) {
      let err: unknown;
      try { f(); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(CalendarRangeError);
      expect((err as CalendarRangeError).code).toBe('CALENDAR_OUT_OF_RANGE');
      expect((err as CalendarRangeError).message).toContain('1990-01-01..2035-12-31');
    }
    expect(() => cal.isSession('2025-02-30')).toThrow(/not a real calendar date/);
  });
});

describe('properties', () => {
  const { days, opens, closes } = cal.sessions;
  const dayArb = fc.integer({ min: parseDay('1990-01-01'), max: parseDay('2035-12-31') });

  it('sessions strictly increase, open < close, never on a weekend, and never overlap', () => {
    for (let i = 0; i < days.length; i++) {
      expect(opens[i]! < closes[i]!).toBe(true);
      expect(isoWeekday(days[i]!)).toBeLessThanOrEqual(5);
      if (i > 0) {
        expect(days[i]! > days[i - 1]!).toBe(true);
        expect(opens[i]! >= closes[i - 1]!).toBe(true);
      }
    }
  });

  it('nextSession(previousSession(d)) == d for sessions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: days.length - 2 }), (i) => {
        const d = days[i]!;
        expect(cal.nextSession(cal.previousSession(d).day).day).toBe(d);
        expect(cal.previousSession(cal.nextSession(d).day).day).toBe(d);
      }),
      { numRuns: 1000 },
    );
  });

  it('next session is the first session strictly after any day', () => {
    fc.assert(
      fc.property(dayArb.filter((d) => d < parseDay('2035-12-20')), (d) => {
        const n = cal.nextSession(d).day;
        expect(n).toBeGreaterThan(d);
        for (let x = d + 1; x < n; x++) expect(cal.isSession(x)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('every instant maps to at most one session, and to the one whose [open, close) holds it', () => {
    fc.assert(
      fc.property(fc.integer({ min: opens[0]! - 86_400_000, max: closes[closes.length - 1]! + 86_400_000 }), (t) => {
        const i = cal.sessionIndexAt(t);
        let holders = 0;
        // Only neighbours can hold t; scan a window around the binary-search answer.
        const approx = Math.max(0, Math.min(days.length - 1, i < 0 ? cal.indexOnOrAfter(Math.min(parseDay('2035-12-31'), Math.max(parseDay('1990-01-01'), Math.floor(t / 86_400_000)))) : i));
        for (let j = Math.max(0, approx - 3); j < Math.min(days.length, approx + 4); j++) if (opens[j]! <= t && t < closes[j]!) holders++;
        expect(holders).toBe(i < 0 ? 0 : 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('the count of sessions in a year is the weekdays minus the weekday closures', () => {
    for (let y = 1990; y <= 2035; y++) {
      let weekdays = 0;
      for (let d = daysFromCivil(y, 1, 1); d < daysFromCivil(y + 1, 1, 1); d++) if (isoWeekday(d) <= 5) weekdays++;
      const closures = new Set([...modelHolidays(y), ...ADHOC.filter((a) => a.startsWith(String(y))).map((a) => parseDay(a))]);
      expect([y, cal.sessionsBetween(`${y}-01-01`, `${y}-12-31`).length]).toEqual([y, weekdays - closures.size]);
    }
  });
});
