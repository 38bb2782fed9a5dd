import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, calendarVersion, civilFromDays, daysFromCivil, formatDay, getCalendar, isoWeekday, parseDay, type CalendarDefinition, type Session } from '../src/calendar/index.js';
import { XNYS, xnysDefinition } from '../src/calendar/definitions/xnys.js';
import { lazyDefinition } from '../src/calendar/lazy-definition.js';
import { ADHOC, EARLY_CLOSES, answerKeyRows, modelHolidays } from './support/nyse-facts.js';

/**
 * The calendar against facts, with every calendar compiled inside the test that checks it: a
 * calendar compiled when the module loads (or once per file) would leave the compiler's and the
 * definition's mutants to no test (README, "Mutation testing"). What XNYS must be comes from the
 * NYSE's rules, notices and the exchange_calendars answer key (test/support/nyse-facts.ts), never
 * from our own output.
 */

/**
 * The US daylight-saving rule, by plain date arithmetic: UTC-4 from 02:00 on the first Sunday of
 * April to the last Sunday of October until 2006, from the second Sunday of March to the first
 * Sunday of November since 2007; UTC-5 otherwise. Right for any weekday (clocks change on Sundays).
 */
function nyOffsetMinutes(day: number): number {
  const [y] = civilFromDays(day);
  const sunday = (m: number, n: number) => { const first = daysFromCivil(y, m, 1); return first + ((7 - isoWeekday(first)) % 7) + 7 * (n - 1); };
  const lastSunday = (m: number) => { const last = daysFromCivil(y, m + 1, 1) - 1; return last - (isoWeekday(last) % 7); };
  const [from, to] = y < 2007 ? [sunday(4, 1), lastSunday(10)] : [sunday(3, 2), sunday(11, 1)];
  return day > from && day < to ? -240 : -300;
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const local = (t: number) => DateTime.fromMillis(t, { zone: 'America/New_York' }).toFormat('HH:mm');

describe('XNYS compiled from its definition', () => {
  it('matches the NYSE for every day 1990-2035: the answer key, the holidays, the closures, the hours and the early closes', () => {
    const cal = new ExchangeCalendar(xnysDefinition());
    expect([cal.name, cal.timezone, cal.firstDate, cal.lastDate]).toEqual(['XNYS', 'America/New_York', '1990-01-01', '2035-12-31']);

    // The answer key, row for row; an early close is a close before 16:00 New York time.
    const rows = answerKeyRows();
    const key = cal.sessionsBetween('2015-01-01', '2019-12-31');
    expect(key.map((s) => `${s.date},${iso(s.open)},${iso(s.close)}`)).toEqual(rows);
    expect(key.map((s) => [s.date, s.earlyClose, s.breakStart, s.breakEnd])).toEqual(rows.map((r) => {
      const [date, , close] = r.split(',');
      return [date, local(Date.parse(close!)) !== '16:00', null, null];
    }));

    // Open on every weekday but the holidays (modelled from NYSE Rule 7.2) and the ad-hoc closures.
    const closed = new Set(ADHOC.map((d) => parseDay(d)));
    for (let y = 1990; y <= 2035; y++) for (const d of modelHolidays(y)) closed.add(d);
    const wrong: string[] = [];
    for (let d = parseDay('1990-01-01'); d <= parseDay('2035-12-31'); d++) {
      if (cal.isSession(d) !== (isoWeekday(d) <= 5 && !closed.has(d))) wrong.push(formatDay(d));
    }
    expect(wrong).toEqual([]);

    // 09:30 to 16:00 New York time, early closes at 14:00 until 1992 and at 13:00 since.
    const want = (s: Session) => {
      const o = nyOffsetMinutes(s.day), hm = (t: number) => (t / 60_000 - s.day * 1440 + o);
      return `${s.date < '1993' ? 'to 1992' : 'since 1993'} ${hm(s.open)}-${hm(s.close)} ${s.earlyClose}`;
    };
    const hours = new Set(cal.sessionsBetween('1990-01-01', '2035-12-31').map(want));
    expect([...hours].sort()).toEqual(['since 1993 570-780 true', 'since 1993 570-960 false', 'to 1992 570-840 true', 'to 1992 570-960 false']);
    for (const [y, dates] of Object.entries(EARLY_CLOSES)) {
      expect([y, cal.sessionsBetween(`${y}-01-01`, `${y}-12-31`).filter((s) => s.earlyClose).map((s) => s.date)]).toEqual([y, dates]);
    }
  });

  it('each call builds an equal definition, whose version is the one every recorded run names', () => {
    const a = xnysDefinition(), b = xnysDefinition();
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
    // The version goes into every run's manifest: a definition that changed in any way (a name,
    // a source) is another calendar, and the pinned log hashes would change with it.
    expect(calendarVersion(a)).toBe('XNYS@2025.1+61351e6e40e0');
    expect([a.description, a.sources!.length]).toEqual(['New York Stock Exchange', 2]);
    for (const s of a.sources!) expect(s).toMatch(/^NYSE .+ (pages|cross-checking)$/);
  });
});

describe('a definition built on first use', () => {
  it('is not built until a field is read, then once', () => {
    let builds = 0;
    const def = lazyDefinition(() => { builds++; return { ...xnysDefinition(), name: 'TLAZY' }; });
    expect(builds).toBe(0);
    expect(def.name).toBe('TLAZY');
    expect(def.timezone).toBe('America/New_York');
    expect(builds).toBe(1);
  });

  it('reads, lists, spreads and serialises as the built definition', () => {
    const plain = xnysDefinition();
    const def = lazyDefinition(xnysDefinition);
    expect('holidays' in def).toBe(true);
    expect('nonsense' in def).toBe(false);
    expect(Object.keys(def)).toEqual(Object.keys(plain));
    expect(Object.getOwnPropertyDescriptor(def, 'name')).toEqual({ value: 'XNYS', writable: true, enumerable: true, configurable: true });
    expect({ ...def }).toEqual(plain);
    expect(JSON.stringify(def)).toBe(JSON.stringify(plain));
    expect(calendarVersion(def)).toBe(calendarVersion(plain));
  });

  it('XNYS is such a definition, and the registry compiles it on first use', () => {
    expect(JSON.stringify(XNYS)).toBe(JSON.stringify(xnysDefinition()));
    const cal = getCalendar('XNYS');
    expect(cal.definition).toBe(XNYS);
    expect(cal.version).toBe(calendarVersion(xnysDefinition()));
  });
});

/** A UTC exchange, for the compiler's checks and bounds. */
const base: CalendarDefinition = {
  name: 'TCHECK', description: 'checks', version: '1', timezone: 'UTC', range: { from: '2024-01-01', to: '2024-01-31' },
  weekdays: [1, 2, 3, 4, 5], hours: [{ since: '2024-01-01', open: '09:00', close: '17:00' }],
  holidays: [], adhocClosures: [], earlyCloses: [], adhocEarlyCloses: [],
};
const failure = (def: CalendarDefinition) => {
  try { new ExchangeCalendar(def); } catch (e) { return e as { code: string; message: string; details: unknown }; }
  throw new Error('expected a definition error');
};

describe('a session the run could not live through is a definition error naming its date', () => {
  it('a late open at or after the close', () => {
    const e = failure({ ...base, adhocLateOpens: [{ date: '2024-01-05', open: '17:00', name: 'late' }] });
    expect([e.code, e.message, e.details]).toEqual(['CALENDAR_DEFINITION', 'session 2024-01-05: opens at or after it closes (a late open after an early close?)', { key: '2024-01-05' }]);
    expect(failure({ ...base, adhocLateOpens: [{ date: '2024-01-09', open: '12:00', name: 'late' }], adhocEarlyCloses: [{ date: '2024-01-09', close: '11:59', name: 'early' }] }).message).toBe('session 2024-01-09: opens at or after it closes (a late open after an early close?)');
    // One minute before the close is a session of one minute.
    const cal = new ExchangeCalendar({ ...base, adhocLateOpens: [{ date: '2024-01-05', open: '16:59', name: 'late' }] });
    expect(cal.sessionMinutes('2024-01-05')).toBe(1);
  });

  it('a break that ends before it starts, or when it starts', () => {
    for (const breakEnd of ['12:00', '11:00']) {
      const e = failure({ ...base, hours: [{ since: '2024-01-01', open: '09:00', close: '17:00', breakStart: '12:00', breakEnd }] });
      expect([e.code, e.message]).toEqual(['CALENDAR_DEFINITION', 'session 2024-01-01: its break ends before it starts']);
    }
    const cal = new ExchangeCalendar({ ...base, hours: [{ since: '2024-01-01', open: '09:00', close: '17:00', breakStart: '12:00', breakEnd: '12:01' }] });
    expect(cal.sessionMinutes('2024-01-01')).toBe(479);
  });

  it('a session that opens before the previous one closes; opening at its close is fine', () => {
    const e = failure({ ...base, hours: [{ since: '2024-01-01', open: '16:59', close: '17:00', openDayOffset: -1 }], weekdays: [1, 2, 3, 4, 5, 6, 7] });
    expect([e.code, e.message]).toEqual(['CALENDAR_DEFINITION', 'session 2024-01-02: opens before the previous session closes']);
    const cal = new ExchangeCalendar({ ...base, hours: [{ since: '2024-01-01', open: '17:00', close: '17:00', openDayOffset: -1 }], weekdays: [1, 2, 3, 4, 5, 6, 7] });
    expect(cal.sessionMinutes('2024-01-02')).toBe(1440);
    expect(cal.sessionAt(Date.UTC(2024, 0, 1, 17))?.date).toBe('2024-01-02');
  });

  it('dates before 1000 and in October..December are written in full in the message', () => {
    const e = failure({ ...base, weekdays: [1, 2, 3, 4, 5, 6, 7], range: { from: '0999-12-01', to: '0999-12-31' }, hours: [{ since: '0999-12-01', open: '09:00', close: '17:00' }], adhocLateOpens: [{ date: '0999-12-07', open: '18:00', name: 'late' }] });
    expect(e.message).toBe('session 999-12-07: opens at or after it closes (a late open after an early close?)');
  });
});
