import { beforeEach, describe, expect, it } from 'vitest';
import {
  CalendarRangeError, ExchangeCalendar, calendarNames, calendarVersion, daysFromCivil, formatDay, getCalendar, parseClock, parseDay,
  registerCalendar, type CalendarDefinition,
} from '../src/calendar/index.js';
import { XNYS } from '../src/calendar/definitions/xnys.js';
import { SimError } from '../src/errors.js';

/**
 * The calendar at its edges: the first and last days of a range, the boundaries of a session and
 * its break, rules bounded in years and weekdays, hours that change, ad-hoc late opens and early
 * closes, and the errors that name what was wrong.
 */

const utc = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const H = 3_600_000;

const base = { version: '1', holidays: [], adhocClosures: [], earlyCloses: [], adhocEarlyCloses: [], weekdays: [1, 2, 3, 4, 5] };

/** A UTC exchange over two weeks of 2024 that end on a Sunday, with a lunch break. */
const SMALL: CalendarDefinition = {
  ...base,
  name: 'TSMALL',
  description: 'two weeks in UTC',
  timezone: 'UTC',
  range: { from: '2024-01-06', to: '2024-01-21' }, // Saturday .. Sunday
  hours: [
    { since: '2024-01-10', open: '09:00', close: '17:00', breakStart: '12:00', breakEnd: '13:00' },
    { since: '2024-01-16', open: '08:00', close: '16:00' },
  ],
  adhocEarlyCloses: [
    { date: '2024-01-11', close: '12:00', name: 'early close at the break' }, // ends at the break: no break
    { date: '2024-01-12', close: '17:00', name: 'not earlier than usual' },
    { date: '2024-01-15', close: '12:30', name: 'early close inside the break' },
  ],
  adhocLateOpens: [{ date: '2024-01-17', open: '10:15', name: 'late open' }],
  adhocClosures: [{ date: '2024-01-18', name: 'closed' }],
};

// Each test compiles its own calendar (beforeEach): compiled once when the module loads, the
// compiler's mutants would be static ones that no test is charged with (README, "Mutation testing").
describe('a calendar\'s range and indexes', () => {
  let cal: ExchangeCalendar;
  beforeEach(() => { cal = new ExchangeCalendar(SMALL); });

  it('has no session before its first hours, and each hours entry applies from its own date', () => {
    expect(cal.sessionsBetween('2024-01-06', '2024-01-21').map((s) => s.date)).toEqual(['2024-01-10', '2024-01-11', '2024-01-12', '2024-01-15', '2024-01-16', '2024-01-17', '2024-01-19']);
    expect([cal.firstDate, cal.lastDate, cal.size]).toEqual(['2024-01-06', '2024-01-21', 7]);
    expect(utc(cal.sessionOn('2024-01-15')!.open)).toBe('2024-01-15T09:00:00Z');
    expect(utc(cal.sessionOn('2024-01-16')!.open)).toBe('2024-01-16T08:00:00Z');
  });

  it('finds sessions on, after and before days at both ends of the range', () => {
    expect(cal.indexOnOrAfter('2024-01-06')).toBe(0);
    expect(cal.indexOnOrAfter('2024-01-20')).toBe(-1);
    expect(cal.indexOnOrAfter('2024-01-19')).toBe(6);
    expect(cal.nextIndex('2024-01-06')).toBe(0);
    expect(cal.previousIndex('2024-01-21')).toBe(6);
    expect(cal.indexOf('2024-01-21')).toBe(-1);
    expect(cal.indexOf('2024-01-10')).toBe(0);
    expect(cal.isSession('2024-01-10')).toBe(true);
    expect(cal.sessionsBetween('2024-01-19', '2024-01-21').map((s) => s.date)).toEqual(['2024-01-19']);
    expect(cal.sessionsBetween('2024-01-16', '2024-01-10')).toEqual([]);
    expect(cal.indexRange('2024-01-12', '2024-01-12')).toEqual([2, 3]);
    expect(() => cal.nextIndex('2024-01-19')).toThrow('the session after 2024-01-19 is outside the TSMALL calendar\'s range 2024-01-06..2024-01-21');
    expect(() => cal.previousIndex('2024-01-10')).toThrow('the session before 2024-01-10 is outside');
  });

  it('refuses a day outside the range or not a whole day, naming it', () => {
    const caught = (f: () => unknown) => { try { f(); } catch (e) { return e as SimError; } return undefined; };
    const e = caught(() => cal.day(daysFromCivil(2024, 1, 22)))!;
    expect(e).toBeInstanceOf(CalendarRangeError);
    expect(e.message).toBe('2024-01-22 is outside the TSMALL calendar\'s range 2024-01-06..2024-01-21');
    expect(e.details).toEqual({ calendar: 'TSMALL', value: '2024-01-22', first: '2024-01-06', last: '2024-01-21' });
    expect(caught(() => cal.day('2024-01-05'))!.message).toBe('2024-01-05 is outside the TSMALL calendar\'s range 2024-01-06..2024-01-21');
    expect(caught(() => cal.day(daysFromCivil(2024, 1, 10) + 0.5))).toBeInstanceOf(CalendarRangeError);
    expect(cal.day(daysFromCivil(2024, 1, 21))).toBe(daysFromCivil(2024, 1, 21));
    expect(cal.day('2024-01-06')).toBe(daysFromCivil(2024, 1, 6));
  });

  it('refuses a session index outside the columns', () => {
    expect(() => cal.at(-1)).toThrow('session index -1 outside 0..6');
    expect(() => cal.at(7)).toThrow(RangeError);
    expect(() => cal.at(NaN)).toThrow(RangeError);
    expect(cal.at(6).date).toBe('2024-01-19');
    expect(cal.at(0).date).toBe('2024-01-10');
  });
});

describe('a session\'s hours', () => {
  let cal: ExchangeCalendar;
  beforeEach(() => { cal = new ExchangeCalendar(SMALL); });

  it('a break: minutes exclude it, its instants belong to no session, its end does', () => {
    const s = cal.sessionOn('2024-01-10')!;
    expect([utc(s.open), utc(s.close), utc(s.breakStart!), utc(s.breakEnd!), s.earlyClose]).toEqual(['2024-01-10T09:00:00Z', '2024-01-10T17:00:00Z', '2024-01-10T12:00:00Z', '2024-01-10T13:00:00Z', false]);
    expect(cal.sessionMinutes('2024-01-10')).toBe(420);
    expect(cal.minutesAt(0)).toBe(420);
    expect(cal.sessionIndexAt(s.open - 1)).toBe(-1);
    expect(cal.sessionIndexAt(s.open)).toBe(0);
    expect(cal.sessionIndexAt(s.breakStart! - 1)).toBe(0);
    expect(cal.sessionIndexAt(s.breakStart!)).toBe(-1);
    expect(cal.sessionIndexAt(s.breakEnd! - 1)).toBe(-1);
    expect(cal.sessionIndexAt(s.breakEnd!)).toBe(0);
    expect(cal.sessionIndexAt(s.close - 1)).toBe(0);
    expect(cal.sessionIndexAt(s.close)).toBe(-1);
    expect(cal.sessionAt(s.breakStart!)).toBeNull();
    expect(cal.sessionAt(s.open)?.date).toBe('2024-01-10');
  });

  it('an early close at the break ends the session there, without a break', () => {
    const s = cal.sessionOn('2024-01-11')!;
    expect([utc(s.close), s.breakStart, s.breakEnd, s.earlyClose]).toEqual(['2024-01-11T12:00:00Z', null, null, true]);
    expect(cal.sessionMinutes('2024-01-11')).toBe(180);
    expect(cal.isEarlyClose('2024-01-11')).toBe(true);
  });

  it('an early close inside the break keeps the break', () => {
    const s = cal.sessionOn('2024-01-15')!;
    expect([utc(s.close), utc(s.breakStart!), s.earlyClose]).toEqual(['2024-01-15T12:30:00Z', '2024-01-15T12:00:00Z', true]);
  });

  it('a close that is not earlier than usual is no early close', () => {
    const s = cal.sessionOn('2024-01-12')!;
    expect([utc(s.close), s.earlyClose]).toEqual(['2024-01-12T17:00:00Z', false]);
    expect(cal.isEarlyClose('2024-01-12')).toBe(false);
    expect(cal.isEarlyClose('2024-01-13')).toBe(false);
  });

  it('a late open, and a session without a break', () => {
    const s = cal.sessionOn('2024-01-17')!;
    expect([utc(s.open), utc(s.close), s.breakStart, s.breakEnd]).toEqual(['2024-01-17T10:15:00Z', '2024-01-17T16:00:00Z', null, null]);
    expect(cal.sessionMinutes('2024-01-17')).toBe(345);
    expect(cal.sessionMinutes('2024-01-18')).toBe(0);
  });
});

describe('rules bounded in years and weekdays', () => {
  const def: CalendarDefinition = {
    ...base,
    name: 'TRULES',
    description: 'rules with bounds',
    timezone: 'America/New_York',
    range: { from: '2020-01-01', to: '2026-12-31' },
    hours: [{ since: '2020-01-01', open: '09:30', close: '16:00' }],
    holidays: [
      { name: 'Flag Day', rule: '06-14', fromYear: 2021, toYear: 2023 },
      { name: 'Midsummer', rule: '06-24', weekdays: [1, 2] },
    ],
    earlyCloses: [{ name: 'Half day', rule: '06-13', toYear: 2021, weekdays: [1, 3, 5], close: '13:00' }],
  };
  let cal: ExchangeCalendar;
  beforeEach(() => { cal = new ExchangeCalendar(def); });
  const closedOn = (y: number, md: string) => !cal.isSession(`${y}-${md}`);

  it('a rule applies from its first to its last year only', () => {
    // June 14: Sunday 2020, Monday 2021, Tuesday 2022, Wednesday 2023, Friday 2024.
    expect([2021, 2022, 2023, 2024].map((y) => closedOn(y, '06-14'))).toEqual([true, true, true, false]);
  });

  it('a rule applies on its weekdays only', () => {
    // June 24: Wednesday 2020, Thursday 2021, Friday 2022, Monday 2024, Tuesday 2025.
    expect([2020, 2021, 2022, 2024, 2025].map((y) => closedOn(y, '06-24'))).toEqual([false, false, false, true, true]);
  });

  it('an early-close rule, bounded likewise', () => {
    // June 13: Saturday 2020, Sunday 2021 -> none; Friday 2019 is out of range; Monday 2022 is after toYear.
    expect(cal.sessionsBetween('2020-01-01', '2026-12-31').filter((s) => s.earlyClose).map((s) => s.date)).toEqual([]);
    const wider = new ExchangeCalendar({ ...def, name: 'TRULES2', earlyCloses: [{ name: 'Half day', rule: '06-13', fromYear: 2022, weekdays: [1, 3, 5], close: '13:00' }] });
    // June 13: Monday 2022, Tuesday 2023, Thursday 2024, Friday 2025, Saturday 2026.
    expect(wider.sessionsBetween('2020-01-01', '2026-12-31').filter((s) => s.earlyClose).map((s) => s.date)).toEqual(['2022-06-13', '2025-06-13']);
  });

  it('its version names the definition and changes with it', () => {
    expect(cal.version).toMatch(/^TRULES@1\+[0-9a-f]{12}$/);
    expect(calendarVersion(def)).toBe(cal.version);
    expect(calendarVersion({ ...def, holidays: [] })).not.toBe(cal.version);
    expect(getCalendar('XNYS').version.startsWith('XNYS@2025.1+')).toBe(true);
  });
});

describe('definition errors name what is wrong', () => {
  const caught = (f: () => unknown) => { try { f(); } catch (e) { return e as SimError; } return undefined; };

  it('an unknown time zone', () => {
    const e = caught(() => new ExchangeCalendar({ ...SMALL, timezone: 'Mars/Olympus' }))!;
    expect([e.code, e.message, e.details]).toEqual(['CALENDAR_DEFINITION', "unknown time zone 'Mars/Olympus'", { key: 'timezone', value: 'Mars/Olympus' }]);
  });

  it('a rule that is not date-holidays grammar', () => {
    const e = caught(() => new ExchangeCalendar({ ...SMALL, holidays: [{ name: 'Blue', rule: 'every blue moon' }] }))!;
    expect([e.code, e.message, e.details]).toEqual(['CALENDAR_DEFINITION', "rule 'every blue moon' (Blue) is not valid date-holidays grammar", { key: 'Blue', value: 'every blue moon' }]);
  });

  it('a clock time that is not HH:MM within two days', () => {
    expect(parseClock('47:59')).toBe(47 * 60 + 59);
    expect(parseClock('00:00')).toBe(0);
    for (const bad of ['48:00', '12:60', '9:30', '09:30:00', 'noon']) {
      const e = caught(() => parseClock(bad))!;
      expect([e.code, e.message, e.details]).toEqual(['CALENDAR_DEFINITION', `'${bad}' is not an HH:MM clock time`, { value: bad }]);
    }
  });

  it('a date that is malformed or not real, named with what it is', () => {
    expect([caught(() => parseDay('2024-1-05', 'range.from'))!.message, caught(() => parseDay('2024-1-05', 'range.from'))!.details]).toEqual(["range.from '2024-1-05' is not a YYYY-MM-DD date", { value: '2024-1-05', key: 'range.from' }]);
    expect([caught(() => parseDay('2023-02-29'))!.message, caught(() => parseDay('2023-02-29'))!.details]).toEqual(["date '2023-02-29' is not a real calendar date", { value: '2023-02-29', key: 'date' }]);
    expect(caught(() => parseDay('2024-13-01'))!.code).toBe('BAD_DATE');
    expect(caught(() => parseDay('2024-01-32'))!.code).toBe('BAD_DATE');
    expect(parseDay('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
    expect(caught(() => parseDay(' 2024-01-05'))!.code).toBe('BAD_DATE');
    expect(caught(() => parseDay('2024-01-05\n'))!.code).toBe('BAD_DATE');
  });

  it('formats years below 1000 with four digits', () => {
    expect(formatDay(daysFromCivil(999, 3, 1))).toBe('0999-03-01');
    expect(formatDay(0)).toBe('1970-01-01');
  });
});

describe('exchange-local time', () => {
  const cal = getCalendar('XNYS');

  it('formats an instant with its offset and as a clock, in the exchange zone', () => {
    const t = Date.UTC(2025, 6, 3, 17, 0, 0);
    expect(cal.formatLocal(t)).toBe('2025-07-03T13:00:00-04:00');
    expect(cal.formatLocal(Date.UTC(2025, 0, 3, 17, 0, 0, 500))).toBe('2025-01-03T12:00:00.500-05:00');
    expect(cal.formatLocal(NaN)).toBe('NaN');
    expect(cal.formatClock(t)).toBe('13:00');
    expect(cal.localDate(Date.UTC(2025, 6, 4, 3, 59))).toBe('2025-07-03');
    expect(cal.localDate(NaN)).toBe('');
  });

  it('reads a wall time in the exchange zone, midnight by default, refusing an impossible one', () => {
    // localToUtc(date, clock) became parseTime(text): the one reader of user times (exchange-time.ts).
    expect(utc(cal.parseTime('2025-07-03T09:30'))).toBe('2025-07-03T13:30:00Z');
    expect(utc(cal.parseTime('2025-07-03'))).toBe('2025-07-03T04:00:00Z');
    let err: SimError | undefined;
    try { cal.parseTime('2025-02-30T09:30'); } catch (e) { err = e as SimError; }
    expect([err?.code, err?.message, err?.details]).toEqual(['BAD_DATE', 'time: "2025-02-30T09:30" is not a real calendar date', { key: 'time', value: '2025-02-30T09:30' }]);
  });
});

describe('the calendar registry', () => {
  it('finds a calendar by name in any case, once compiled', () => {
    expect(getCalendar('xnys')).toBe(getCalendar('XNYS'));
    expect(getCalendar('XNYS').name).toBe('XNYS');
    expect(calendarNames()).toContain('XNYS');
    expect(calendarNames()).toEqual([...calendarNames()].sort());
  });

  it('an unknown name lists the known ones', () => {
    let err: SimError | undefined;
    try { getCalendar('XLON?'); } catch (e) { err = e as SimError; }
    expect(err?.code).toBe('CALENDAR_UNKNOWN');
    expect(err?.message).toBe(`unknown calendar 'XLON?' (known: ${calendarNames().join(', ')})`);
    expect(err?.details).toEqual({ key: 'calendar', value: 'XLON?' });
  });

  it('a registered definition replaces the compiled calendar of its name', () => {
    const a = registerCalendar({ ...SMALL, name: 'tReg' });
    expect(getCalendar('TREG')).toBe(a);
    expect(calendarNames()).toContain('TREG');
    const b = registerCalendar({ ...SMALL, name: 'TREG', adhocClosures: [] });
    expect(b).not.toBe(a);
    expect(getCalendar('treg').size).toBe(8);
  });

  it('XNYS says what it is and where its dates come from', () => {
    expect([XNYS.name, XNYS.description, XNYS.timezone]).toEqual(['XNYS', 'New York Stock Exchange', 'America/New_York']);
    expect(XNYS.sources!.length).toBe(2);
    for (const s of XNYS.sources!) expect(s).toMatch(/NYSE/);
  });
});

describe('instants across a daylight-saving change', () => {
  it('every session of a year opens and closes at its wall times, in a zone that changes twice', () => {
    const cal = new ExchangeCalendar({ ...base, name: 'TDST', description: 'London', timezone: 'Europe/London', range: { from: '2024-01-01', to: '2024-12-31' }, hours: [{ since: '2024-01-01', open: '08:00', close: '16:30' }] });
    const hours = new Set(cal.sessionsBetween('2024-01-01', '2024-12-31').map((s) => `${utc(s.open).slice(11)}-${utc(s.close).slice(11)}`));
    expect([...hours].sort()).toEqual(['07:00:00Z-15:30:00Z', '08:00:00Z-16:30:00Z']);
    expect(utc(cal.sessionOn('2024-03-29')!.open)).toBe('2024-03-29T08:00:00Z');
    expect(utc(cal.sessionOn('2024-04-01')!.open)).toBe('2024-04-01T07:00:00Z');
    expect(utc(cal.sessionOn('2024-10-25')!.close)).toBe('2024-10-25T15:30:00Z');
    expect(utc(cal.sessionOn('2024-10-28')!.close)).toBe('2024-10-28T16:30:00Z');
    expect(cal.sessionsBetween('2024-01-01', '2024-12-31').length).toBe(262);
  });

  it('opening in the small hours of the change day itself', () => {
    const cal = new ExchangeCalendar({ ...base, name: 'TNIGHT', description: 'night', timezone: 'Europe/London', weekdays: [1, 2, 3, 4, 5, 6, 7], range: { from: '2024-03-29', to: '2024-04-02' }, hours: [{ since: '2024-03-29', open: '03:30', close: '05:00' }] });
    // 2024-03-31: clocks go from 01:00 GMT to 02:00 BST.
    expect(cal.sessionsBetween('2024-03-29', '2024-04-02').map((s) => `${s.date} ${utc(s.open)} ${utc(s.close)}`)).toEqual([
      '2024-03-29 2024-03-29T03:30:00Z 2024-03-29T05:00:00Z',
      '2024-03-30 2024-03-30T03:30:00Z 2024-03-30T05:00:00Z',
      '2024-03-31 2024-03-31T02:30:00Z 2024-03-31T04:00:00Z',
      '2024-04-01 2024-04-01T02:30:00Z 2024-04-01T04:00:00Z',
      '2024-04-02 2024-04-02T02:30:00Z 2024-04-02T04:00:00Z',
    ]);
    expect(cal.sessionMinutes('2024-03-31')).toBe(90);
  });
});
