import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, calendarNames, getCalendar, parseExchangeTime, registerCalendar, type CalendarDefinition } from '../src/calendar/index.js';
import { SimError } from '../src/errors.js';

/**
 * Cases the mutation run of src/calendar showed untested (README, "Mutation testing"): hours the
 * compiler reads as written, the errors that name a definition's field, zero offsets in messages,
 * and the registry with more than one calendar. Every calendar is compiled inside its test.
 */

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const base: CalendarDefinition = {
  name: 'TSURV', description: 'survivors', version: '1', timezone: 'UTC', range: { from: '2024-01-01', to: '2024-01-31' },
  weekdays: [1, 2, 3, 4, 5], hours: [{ since: '2024-01-01', open: '09:00', close: '17:00' }],
  holidays: [], adhocClosures: [], earlyCloses: [], adhocEarlyCloses: [],
};
const caught = (f: () => unknown) => { try { f(); } catch (e) { return e as SimError; } throw new Error('expected an error'); };

describe('hours that the compiler reads as written', () => {
  it('a break needs both of its ends: a start alone is no break', () => {
    const cal = new ExchangeCalendar({ ...base, hours: [{ since: '2024-01-01', open: '09:00', close: '17:00', breakStart: '12:00' }] });
    const s = cal.sessionOn('2024-01-02')!;
    expect([s.breakStart, s.breakEnd, cal.sessionMinutes('2024-01-02')]).toEqual([null, null, 480]);
    expect(cal.sessionAt(Date.UTC(2024, 0, 2, 12, 30))?.date).toBe('2024-01-02');
  });

  it('a close after midnight (up to 47:59) is on the next calendar day', () => {
    const cal = new ExchangeCalendar({ ...base, hours: [{ since: '2024-01-01', open: '20:00', close: '25:30' }] });
    const s = cal.sessionOn('2024-01-02')!;
    expect([iso(s.open), iso(s.close), cal.sessionMinutes('2024-01-02')]).toEqual(['2024-01-02T20:00:00Z', '2024-01-03T01:30:00Z', 330]);
  });

  it('a malformed date names the field it is in', () => {
    const messages = [
      caught(() => new ExchangeCalendar({ ...base, range: { from: '2024-1-01', to: '2024-01-31' } })).message,
      caught(() => new ExchangeCalendar({ ...base, range: { from: '2024-01-01', to: '2024-01-32' } })).message,
      caught(() => new ExchangeCalendar({ ...base, hours: [{ since: '2024/01/01', open: '09:00', close: '17:00' }] })).message,
    ];
    expect(messages).toEqual([
      "range.from '2024-1-01' is not a YYYY-MM-DD date",
      "range.to '2024-01-32' is not a real calendar date",
      "hours.since '2024/01/01' is not a YYYY-MM-DD date",
    ]);
  });
});

describe('times in zones at UTC', () => {
  it('a skipped hour next to UTC names +00:00', () => {
    // London: 01:00 GMT (+00:00) -> 02:00 BST (+01:00) on 2024-03-31.
    expect(caught(() => parseExchangeTime('2024-03-31T01:30', 'Europe/London')).message).toBe('time: "2024-03-31T01:30" does not exist in Europe/London (the clock skips it when it moves from +00:00 to +01:00); give the offset');
  });

  it('a zone that does not exist is a definition error naming it', () => {
    const e = caught(() => parseExchangeTime('2024-03-31', 'Mars/Olympus'));
    expect([e.code, e.message, e.details]).toEqual(['CALENDAR_DEFINITION', '"Mars/Olympus" is not an IANA time zone', { value: 'Mars/Olympus' }]);
  });
});

describe('the registry with several calendars', () => {
  it('lists them in order and names them all when one is unknown', () => {
    registerCalendar({ ...base, name: 'AAA' });
    registerCalendar({ ...base, name: 'MMM' });
    const all = ['AAA', 'BVMF', 'CMES', 'MMM', 'XASX', 'XBOM', 'XETR', 'XHKG', 'XKRX', 'XLON', 'XMAD', 'XNYS', 'XSES', 'XSHG', 'XTKS'];
    expect(calendarNames()).toEqual(all);
    expect(caught(() => getCalendar('ZZZ')).message).toBe(`unknown calendar 'ZZZ' (known: ${all.join(', ')})`);
  });
});

describe('wall times at the exact edges of a clock change', () => {
  // The first skipped wall time maps, at the earlier offset, exactly onto the change instant: it is
  // skipped, not doubled (and the last doubled minute's end is not doubled).
  it('02:00:00.000 on the spring-forward day is skipped; 01:00:00.000 on the fall-back day is doubled', () => {
    expect(() => parseExchangeTime('2025-03-09T02:00:00.000', 'America/New_York')).toThrow('does not exist in America/New_York (the clock skips it when it moves from -05:00 to -04:00)');
    expect(() => parseExchangeTime('2025-03-09T02:59:59.999', 'America/New_York')).toThrow('does not exist');
    expect(parseExchangeTime('2025-03-09T03:00', 'America/New_York')).toBe(Date.parse('2025-03-09T07:00:00Z'));
    expect(parseExchangeTime('2025-03-09T01:59:59.999', 'America/New_York')).toBe(Date.parse('2025-03-09T06:59:59.999Z'));
    expect(() => parseExchangeTime('2025-11-02T01:00:00.000', 'America/New_York')).toThrow('is ambiguous in America/New_York');
    expect(parseExchangeTime('2025-11-02T02:00', 'America/New_York')).toBe(Date.parse('2025-11-02T07:00:00Z'));
    expect(parseExchangeTime('2025-11-02T00:59:59.999', 'America/New_York')).toBe(Date.parse('2025-11-02T04:59:59.999Z'));
  });
});
