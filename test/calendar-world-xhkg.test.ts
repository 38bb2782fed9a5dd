import { describe, expect, it } from 'vitest';
import { CalendarRangeError, ExchangeCalendar, formatDay, isoWeekday, parseDay, type Session } from '../src/calendar/index.js';
import { XHKG } from '../src/calendar/definitions/xhkg.js';
import { isoUtc } from './support/answer-key.js';

// Expectations for 2020-2026 are written from docs/calendar-facts/XHKG.md (gazetted general
// holidays, HKEX half days and severe-weather notices), not from the definition.

const cal = new ExchangeCalendar(XHKG);
const iso = isoUtc;
const shape = (s: Session | null) => s === null ? null : { open: iso(s.open), close: iso(s.close), breakStart: iso(s.breakStart), breakEnd: iso(s.breakEnd), earlyClose: s.earlyClose };

/** Weekdays of a year without a session, as 'MM-DD'. */
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

/** A regular session (09:30-16:00 HKT, break 12:00-13:00) in UTC. */
const regular = (date: string) => ({ open: `${date}T01:30:00Z`, close: `${date}T08:00:00Z`, breakStart: `${date}T04:00:00Z`, breakEnd: `${date}T05:00:00Z`, earlyClose: false });
/** A morning-only half day (09:30-12:00 HKT, no break). */
const halfDay = (date: string) => ({ open: `${date}T01:30:00Z`, close: `${date}T04:00:00Z`, breakStart: null, breakEnd: null, earlyClose: true });
/** Morning cancelled for severe weather: the afternoon opens late; the key's break stays in the record. */
const lateOpen = (date: string, openUtc: string) => ({ ...regular(date), open: `${date}T${openUtc}Z` });


// Every weekday without a session, per year: general holidays (with their Sunday substitutions)
// and the severe-weather closures.
const CLOSED: Record<number, string[]> = {
  2020: ['01-01', '01-27', '01-28', '04-10', '04-13', '04-30', '05-01', '06-25', '07-01', '10-01', '10-02', '10-13', '10-26', '12-25'],
  2021: ['01-01', '02-12', '02-15', '04-02', '04-05', '04-06', '05-19', '06-14', '07-01', '09-22', '10-01', '10-13', '10-14', '12-27'],
  2022: ['02-01', '02-02', '02-03', '04-05', '04-15', '04-18', '05-02', '05-09', '06-03', '07-01', '09-12', '10-04', '12-26', '12-27'],
  2023: ['01-02', '01-23', '01-24', '01-25', '04-05', '04-07', '04-10', '05-01', '05-26', '06-22', '07-17', '09-01', '09-08', '10-02', '10-23', '12-25', '12-26'],
  2024: ['01-01', '02-12', '02-13', '03-29', '04-01', '04-04', '05-01', '05-15', '06-10', '07-01', '09-06', '09-18', '10-01', '10-11', '12-25', '12-26'],
  2025: ['01-01', '01-29', '01-30', '01-31', '04-04', '04-18', '04-21', '05-01', '05-05', '07-01', '10-01', '10-07', '10-29', '12-25', '12-26'],
  2026: ['01-01', '02-17', '02-18', '02-19', '04-03', '04-06', '04-07', '05-01', '05-25', '06-19', '07-01', '10-01', '10-19', '12-25'],
};

// Every session of the year that is not a regular one.
const SPECIAL: Record<number, Record<string, unknown>> = {
  2020: { '2020-01-24': halfDay('2020-01-24'), '2020-08-19': lateOpen('2020-08-19', '05:30:00'), '2020-12-24': halfDay('2020-12-24'), '2020-12-31': halfDay('2020-12-31') },
  2021: { '2021-02-11': halfDay('2021-02-11'), '2021-06-28': lateOpen('2021-06-28', '05:30:00'), '2021-12-24': halfDay('2021-12-24'), '2021-12-31': halfDay('2021-12-31') },
  2022: {
    '2022-01-31': halfDay('2022-01-31'),
    '2022-08-25': lateOpen('2022-08-25', '05:00:00'),
    // Nalgae: signal No. 8 at 13:40, trading suspended at 13:55 after a normal morning and break.
    '2022-11-02': { ...regular('2022-11-02'), close: '2022-11-02T05:55:00Z', earlyClose: true },
  },
  2023: { '2023-10-09': lateOpen('2023-10-09', '06:00:00') },
  2024: { '2024-02-09': halfDay('2024-02-09'), '2024-12-24': halfDay('2024-12-24'), '2024-12-31': halfDay('2024-12-31') },
  2025: { '2025-01-28': halfDay('2025-01-28'), '2025-12-24': halfDay('2025-12-24'), '2025-12-31': halfDay('2025-12-31') },
  2026: { '2026-02-16': halfDay('2026-02-16'), '2026-12-24': halfDay('2026-12-24'), '2026-12-31': halfDay('2026-12-31') },
};

describe('XHKG 2020-2026 facts', () => {
  for (let year = 2020; year <= 2026; year++) {
    it(`${year}: closes on exactly the published weekdays`, () => {
      expect(closedWeekdays(year)).toEqual(CLOSED[year]);
      expect(cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`)).toHaveLength(weekdaysIn(year) - CLOSED[year]!.length);
    });

    it(`${year}: half days, late opens and early closes are the only irregular sessions`, () => {
      const irregular: Record<string, unknown> = {};
      for (const s of cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`)) {
        if (JSON.stringify(shape(s)) !== JSON.stringify(regular(s.date))) irregular[s.date] = shape(s);
      }
      expect(irregular).toEqual(SPECIAL[year]);
    });
  }

  it('has no weekend session', () => {
    expect(cal.sessionsBetween('2020-01-01', '2026-12-31').filter((s) => isoWeekday(s.day) > 5)).toEqual([]);
  });

  it('keeps the 09:30-16:00 hours with the 12:00-13:00 break', () => {
    expect(shape(cal.sessionOn('2020-01-02'))).toEqual(regular('2020-01-02'));
    expect(shape(cal.sessionOn('2026-12-30'))).toEqual(regular('2026-12-30'));
    expect(cal.sessionMinutes('2025-06-03')).toBe(330);
    expect(cal.sessionMinutes('2025-12-24')).toBe(150);
    // Before 2011-03-07 the key's sessions opened at 10:00; half days closed at 12:30.
    expect(shape(cal.sessionOn('2011-03-04'))).toEqual({ ...regular('2011-03-04'), open: '2011-03-04T02:00:00Z' });
    expect(shape(cal.sessionOn('2011-03-07'))).toEqual(regular('2011-03-07'));
    expect(shape(cal.sessionOn('2010-12-31'))).toEqual({ ...halfDay('2010-12-31'), open: '2010-12-31T02:00:00Z', close: '2010-12-31T04:30:00Z' });
  });

  it('moves holidays as the ordinance says', () => {
    // Ching Ming on Sunday -> Monday = Easter Monday -> Tuesday.
    expect([cal.isSession('2021-04-05'), cal.isSession('2021-04-06'), cal.isSession('2021-04-07')]).toEqual([false, false, true]);
    expect([cal.isSession('2026-04-06'), cal.isSession('2026-04-07'), cal.isSession('2026-04-08')]).toEqual([false, false, true]);
    // Lunar New Year: a Sunday among days 1-3 gives the 4th day.
    expect(cal.isSession('2023-01-25')).toBe(false);
    expect(cal.isSession('2024-02-13')).toBe(false);
    // The day following Mid-Autumn on a Sunday: the Monday after (2022), nothing on a Saturday (2026).
    expect(cal.isSession('2022-09-12')).toBe(false);
    expect(cal.isSession('2026-09-28')).toBe(true);
    // Christmas on a Saturday: only Monday 27th; on a Sunday: 26th and 27th; 26th on a Saturday: nothing.
    expect([cal.isSession('2021-12-27'), cal.isSession('2021-12-28')]).toEqual([false, true]);
    expect([cal.isSession('2022-12-26'), cal.isSession('2022-12-27'), cal.isSession('2022-12-28')]).toEqual([false, false, true]);
    expect(cal.isSession('2026-12-28')).toBe(true);
    // Lunar New Year's Eve on a Saturday (2023-01-21): no half day on the Friday before.
    expect(shape(cal.sessionOn('2023-01-20'))).toEqual(regular('2023-01-20'));
  });

  it('trades through severe weather from 2024-09-23 (Severe Weather Trading)', () => {
    expect(shape(cal.sessionOn('2024-11-14'))).toEqual(regular('2024-11-14'));
    expect(shape(cal.sessionOn('2025-09-24'))).toEqual(regular('2025-09-24'));
  });

  it('reaches to the end of 2026, the last gazetted year', () => {
    expect(cal.lastDate).toBe('2026-12-31');
    expect(cal.sessionsBetween('2026-12-28', '2026-12-31').map((s) => s.date)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31']);
    expect(() => cal.sessionOn('2027-01-04')).toThrow(CalendarRangeError);
  });
});
