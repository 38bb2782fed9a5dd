import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { CalendarRangeError, daysFromCivil, formatDay, getCalendar, isoWeekday, parseDay } from '../src/calendar/index.js';

const cal = getCalendar('XNYS');
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const local = (t: number) => DateTime.fromMillis(t, { zone: 'America/New_York' }).toFormat('HH:mm');

describe('XNYS answer key 2015-2019', () => {
  it('reproduces every row exactly', () => {
    const rows = readFileSync(new URL('./fixtures/calendar/xnys_sessions_2015_2019.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
    const got = cal.sessionsBetween('2015-01-01', '2019-12-31').map((s) => `${s.date},${iso(s.open)},${iso(s.close)}`);
    expect(rows).toHaveLength(1258);
    expect(got).toEqual(rows);
  });
});

/**
 * An independent model of the NYSE's regular holidays, written from the exchange's rules with
 * plain date arithmetic (no date-holidays), to cross-check the compiled calendar for every year.
 */
function easter(y: number): number {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(y, month, day);
}
const nthWeekday = (y: number, m: number, wd: number, n: number) => {
  const first = daysFromCivil(y, m, 1);
  return first + ((wd - isoWeekday(first) + 7) % 7) + 7 * (n - 1);
};
const lastWeekday = (y: number, m: number, wd: number) => {
  const last = daysFromCivil(y, m + 1, 1) - 1;
  return last - ((isoWeekday(last) - wd + 7) % 7);
};
const nearestWeekday = (d: number) => (isoWeekday(d) === 6 ? d - 1 : isoWeekday(d) === 7 ? d + 1 : d);
function modelHolidays(y: number): number[] {
  const ny = daysFromCivil(y, 1, 1);
  const out = [
    isoWeekday(ny) === 7 ? ny + 1 : ny,
    nthWeekday(y, 2, 1, 3),
    easter(y) - 2,
    lastWeekday(y, 5, 1),
    nearestWeekday(daysFromCivil(y, 7, 4)),
    nthWeekday(y, 9, 1, 1),
    nthWeekday(y, 11, 4, 4),
    nearestWeekday(daysFromCivil(y, 12, 25)),
  ];
  if (y >= 1998) out.push(nthWeekday(y, 1, 1, 3));
  if (y >= 2022) out.push(nearestWeekday(daysFromCivil(y, 6, 19)));
  return out.filter((d) => isoWeekday(d) <= 5);
}
const ADHOC = ['1994-04-27', '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', '2004-06-11', '2007-01-02', '2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09'];

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
    expect(early(1992)).toEqual(['1992-11-27', '1992-12-24']);
    expect(early(1996)).toEqual(['1996-07-05', '1996-11-29', '1996-12-24']);
    expect(early(1997)).toEqual(['1997-07-03', '1997-11-28', '1997-12-24', '1997-12-26']);
    expect(early(1999)).toEqual(['1999-11-26', '1999-12-31']);
    expect(early(2002)).toEqual(['2002-07-05', '2002-11-29', '2002-12-24']);
    expect(early(2003)).toEqual(['2003-07-03', '2003-11-28', '2003-12-24', '2003-12-26']);
    expect(early(2008)).toEqual(['2008-07-03', '2008-11-28', '2008-12-24']);
    expect(early(2013)).toEqual(['2013-07-03', '2013-11-29', '2013-12-24']);
    expect(early(2020)).toEqual(['2020-11-27', '2020-12-24']);
    expect(early(2021)).toEqual(['2021-11-26']);
    expect(early(2022)).toEqual(['2022-11-25']);
    expect(early(2023)).toEqual(['2023-07-03', '2023-11-24']);
    expect(early(2024)).toEqual(['2024-07-03', '2024-11-29', '2024-12-24']);
    expect(early(2025)).toEqual(['2025-07-03', '2025-11-28', '2025-12-24']);
    expect(early(2026)).toEqual(['2026-11-27', '2026-12-24']);
    expect(early(2030)).toEqual(['2030-07-03', '2030-11-29', '2030-12-24']);
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
