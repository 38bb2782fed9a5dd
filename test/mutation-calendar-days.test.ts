import { describe, expect, it } from 'vitest';
import { CalendarRangeError, ExchangeCalendar, civilFromDays, daysFromCivil, formatDay, isoWeekday, parseDay, type CalendarDefinition } from '../src/calendar/index.js';

/**
 * Civil-date arithmetic against JavaScript's Date (the proleptic Gregorian calendar, an
 * independent implementation), far outside the years a calendar uses, and the look-ups of a
 * calendar at the edges of its columns, each test compiling its own calendar.
 */

const DAY = 86_400_000;

describe('civil dates as epoch days', () => {
  it('agree with Date for every day of 1899-1901, 1969-1971, 1999-2001, 2099-2101 and across centuries and eras', () => {
    const bad: string[] = [];
    const check = (z: number) => {
      const dt = new Date(z * DAY);
      const [y, m, d] = [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
      const weekday = dt.getUTCDay() === 0 ? 7 : dt.getUTCDay();
      const got = civilFromDays(z);
      if (got[0] !== y || got[1] !== m || got[2] !== d || daysFromCivil(y, m, d) !== z || isoWeekday(z) !== weekday) bad.push(`${z}: ${got.join('-')} ${isoWeekday(z)}`);
    };
    for (const y of [1899, 1969, 1999, 2099]) for (let z = Date.UTC(y, 0, 1) / DAY; z < Date.UTC(y + 3, 0, 1) / DAY; z++) check(z);
    // Every 1st and last of a month, 400 years either side of the epoch and around year 0.
    for (const y of [-401, -400, -1, 0, 1, 399, 400, 401, 1600, 1700, 1800, 2000, 2400, 2401]) {
      for (let m = 0; m < 12; m++) { const first = Date.UTC(y, m, 1) / DAY; check(first); check(first - 1); }
    }
    expect(bad).toEqual([]);
  });

  it('writes and reads dates with four-digit years', () => {
    expect([formatDay(daysFromCivil(1, 1, 1)), formatDay(daysFromCivil(2024, 12, 31)), formatDay(daysFromCivil(2024, 10, 9))]).toEqual(['0001-01-01', '2024-12-31', '2024-10-09']);
    expect(parseDay('0001-01-01')).toBe(daysFromCivil(1, 1, 1));
    expect(parseDay('1969-12-31')).toBe(-1);
    expect(parseDay('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / DAY);
    expect(() => parseDay('1900-02-29')).toThrow("date '1900-02-29' is not a real calendar date");
    expect(() => parseDay('2024-00-10')).toThrow("date '2024-00-10' is not a real calendar date");
    expect(() => parseDay('2024-01-00')).toThrow("date '2024-01-00' is not a real calendar date");
    expect(() => parseDay('x2024-01-01', 'when')).toThrow("when 'x2024-01-01' is not a YYYY-MM-DD date");
    expect(() => parseDay('2024-01-01x')).toThrow("date '2024-01-01x' is not a YYYY-MM-DD date");
    expect(() => parseDay('2024-O1-01')).toThrow('is not a YYYY-MM-DD date');
  });
});

const base: CalendarDefinition = {
  name: 'TLOOK', description: 'look-ups', version: '1', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5],
  // Monday 2024-01-01 .. Wednesday 2024-01-10: sessions on both the first and the last day.
  range: { from: '2024-01-01', to: '2024-01-10' },
  hours: [{ since: '2024-01-01', open: '09:00', close: '17:00' }],
  holidays: [], adhocClosures: [{ date: '2024-01-03', name: 'closed' }], earlyCloses: [],
  adhocEarlyCloses: [{ date: '2024-01-01', close: '12:00', name: 'early' }, { date: '2024-01-10', close: '13:00', name: 'early' }],
};
const caught = (f: () => unknown) => { try { f(); } catch (e) { return e as Error; } return undefined; };

describe('look-ups at the ends of the columns', () => {
  it('the first and the last day of the range are sessions', () => {
    const cal = new ExchangeCalendar(base);
    expect(cal.sessionsBetween('2024-01-01', '2024-01-10').map((s) => s.date)).toEqual(['2024-01-01', '2024-01-02', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10']);
    expect([cal.indexOf('2024-01-01'), cal.indexOf('2024-01-10'), cal.indexOf('2024-01-03'), cal.indexOf('2024-01-06')]).toEqual([0, 6, -1, -1]);
    expect([cal.isEarlyClose('2024-01-01'), cal.isEarlyClose('2024-01-10'), cal.isEarlyClose('2024-01-02'), cal.isEarlyClose('2024-01-03')]).toEqual([true, true, false, false]);
    expect([cal.sessionMinutes('2024-01-01'), cal.sessionMinutes('2024-01-10'), cal.sessionMinutes('2024-01-03')]).toEqual([180, 240, 0]);
    expect(cal.indexRange('2024-01-01', '2024-01-10')).toEqual([0, 7]);
    expect(cal.indexRange('2024-01-10', '2024-01-10')).toEqual([6, 7]);
    expect(cal.indexRange('2024-01-03', '2024-01-03')).toEqual([2, 2]);
    expect(cal.indexRange('2024-01-06', '2024-01-07')).toEqual([4, 4]);
    expect(cal.indexRange('2024-01-02', '2024-01-01')).toEqual([0, 0]);
  });

  it('next and previous, to the first and last session and beyond', () => {
    const cal = new ExchangeCalendar(base);
    expect([cal.nextIndex('2024-01-01'), cal.nextIndex('2024-01-02'), cal.nextIndex('2024-01-09')]).toEqual([1, 2, 6]);
    expect([cal.previousIndex('2024-01-02'), cal.previousIndex('2024-01-04'), cal.previousIndex('2024-01-10')]).toEqual([0, 1, 5]);
    expect(cal.nextSession('2024-01-03').date).toBe('2024-01-04');
    expect(cal.previousSession('2024-01-03').date).toBe('2024-01-02');
    const after = caught(() => cal.nextIndex('2024-01-10'));
    expect(after).toBeInstanceOf(CalendarRangeError);
    expect(after!.message).toBe("the session after 2024-01-10 is outside the TLOOK calendar's range 2024-01-01..2024-01-10");
    const before = caught(() => cal.previousIndex('2024-01-01'));
    expect(before).toBeInstanceOf(CalendarRangeError);
    expect(before!.message).toBe("the session before 2024-01-01 is outside the TLOOK calendar's range 2024-01-01..2024-01-10");
    expect([cal.indexOnOrAfter('2024-01-10'), cal.indexOnOrAfter('2024-01-03'), cal.indexOnOrAfter('2024-01-01')]).toEqual([6, 2, 0]);
  });

  it('the session at an instant, at both ends and between sessions', () => {
    const cal = new ExchangeCalendar(base);
    const first = cal.at(0), last = cal.at(6);
    expect([cal.sessionIndexAt(first.open), cal.sessionIndexAt(first.close - 1), cal.sessionIndexAt(first.close), cal.sessionIndexAt(first.open - 1)]).toEqual([0, 0, -1, -1]);
    expect([cal.sessionIndexAt(last.open), cal.sessionIndexAt(last.close - 1), cal.sessionIndexAt(last.close), cal.sessionIndexAt(last.open - 1)]).toEqual([6, 6, -1, -1]);
    for (let i = 0; i < cal.size; i++) {
      const s = cal.at(i);
      expect([cal.sessionIndexAt(s.open), cal.sessionIndexAt(s.open + 3_600_000), cal.sessionIndexAt(s.close - 1), cal.sessionIndexAt(s.close), cal.sessionIndexAt(s.open - 1)]).toEqual([i, i, i, -1, -1]);
    }
    expect(cal.sessionAt(Date.UTC(2024, 0, 3, 12))).toBeNull();
    expect(cal.sessionAt(Date.UTC(2024, 0, 4, 12))?.date).toBe('2024-01-04');
    expect(cal.sessionIndexAt(-Infinity)).toBe(-1);
    expect(cal.sessionIndexAt(Infinity)).toBe(-1);
  });
});
