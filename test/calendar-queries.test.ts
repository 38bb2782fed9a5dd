import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, checkDefinition, getCalendar } from '../src/calendar/index.js';
import { SimError } from '../src/errors.js';
import { calArb, calendarDefinition } from './support/lifecycle-cases.js';

/**
 * The query API researchers know from exchange_calendars, in camelCase: scenarios on New York and
 * on an exchange with a lunch break, and properties on random definitions.
 */

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const codeOf = (f: () => unknown): string => { try { f(); } catch (e) { return (e as SimError).code; } return 'none'; };

describe('queries on XNYS', () => {
  const cal = getCalendar('XNYS');

  it('session look-ups by date, and opens and closes from any instant form', () => {
    expect(cal.sessionsInRange('2025-07-02', '2025-07-07').map((s) => s.date)).toEqual(['2025-07-02', '2025-07-03', '2025-07-07']);
    expect(iso(cal.sessionOpen('2025-07-03'))).toBe('2025-07-03T13:30:00Z');
    expect(iso(cal.sessionClose('2025-07-03'))).toBe('2025-07-03T17:00:00Z');
    expect(cal.breakStart('2025-07-03')).toBeNull();
    expect(codeOf(() => cal.sessionOpen('2025-07-04'))).toBe('CALENDAR_NOT_SESSION');
    // An offset-less time is New York time whatever the machine's zone; a Date and epoch ms are instants.
    expect(iso(cal.nextOpen('2025-07-03T20:00'))).toBe('2025-07-07T13:30:00Z');
    expect(iso(cal.nextOpen(new Date('2025-07-03T13:30:00Z')))).toBe('2025-07-07T13:30:00Z');
    expect(iso(cal.nextClose(Date.parse('2025-07-03T13:30:00Z')))).toBe('2025-07-03T17:00:00Z');
    expect(iso(cal.previousClose('2025-07-07T09:00'))).toBe('2025-07-03T17:00:00Z');
    expect(iso(cal.previousOpen('2025-07-07T09:30'))).toBe('2025-07-03T13:30:00Z');
    expect(iso(cal.previousOpen('2025-07-07T09:31'))).toBe('2025-07-07T13:30:00Z');
  });

  it('a date argument may be an instant: a Date, an ISO time or epoch ms stand for their exchange-local date', () => {
    // 2025-07-04T02:00Z is still July 3 in New York: a session (an early close).
    expect(cal.isSession(new Date('2025-07-04T02:00:00Z'))).toBe(true);
    expect(cal.isSession('2025-07-04T02:00:00Z')).toBe(true);
    expect(cal.isSession(Date.parse('2025-07-04T02:00:00Z'))).toBe(true);
    expect(cal.isSession('2025-07-04T12:00')).toBe(false);
    expect(cal.nextSession(new Date('2025-07-04T16:00:00Z')).date).toBe('2025-07-07');
    // An epoch day is still an epoch day.
    expect(cal.sessionOn(20_272)?.date).toBe('2025-07-03');
    expect(codeOf(() => cal.isSession('2025-07-04Tnoon'))).toBe('BAD_DATE');
  });

  it('minutes: trading or not, and their session in each direction', () => {
    expect(cal.isOpenOnMinute('2025-07-03T12:59')).toBe(true);
    expect(cal.isOpenOnMinute('2025-07-03T13:00')).toBe(false);
    expect(cal.minuteToSession('2025-07-03T12:00').date).toBe('2025-07-03');
    expect(cal.minuteToSession('2025-07-03T13:00').date).toBe('2025-07-07');
    expect(cal.minuteToSession('2025-07-03T13:00', 'previous').date).toBe('2025-07-03');
    expect(codeOf(() => cal.minuteToSession('2025-07-05T12:00', 'none'))).toBe('CALENDAR_NOT_SESSION');
  });

  it('early closes and late opens in a range', () => {
    expect(cal.earlyCloses('2025-01-01', '2025-12-31').map((s) => s.date)).toEqual(['2025-07-03', '2025-11-28', '2025-12-24']);
    expect(cal.lateOpens('2025-01-01', '2025-12-31')).toEqual([]);
    expect(cal.isLateOpen('2025-07-03')).toBe(false);
  });

  it('refuses instants far outside its range, and text that is not a time', () => {
    expect(codeOf(() => cal.nextOpen('1970-01-02'))).toBe('CALENDAR_OUT_OF_RANGE');
    expect(codeOf(() => cal.nextOpen('soon'))).toBe('BAD_DATE');
  });
});

describe('queries on an exchange with a lunch break', () => {
  const cal = new ExchangeCalendar(checkDefinition({
    name: 'LUNCH', timezone: 'Asia/Hong_Kong', range: { from: '2019-01-01', to: '2019-12-31' }, weekdays: [1, 2, 3, 4, 5],
    hours: [{ since: '2019-01-01', open: '09:30', close: '16:00', breakStart: '12:00', breakEnd: '13:00' }],
    adhocEarlyCloses: [{ date: '2019-12-24', name: 'Christmas Eve', close: '12:00' }],
    adhocLateOpens: [{ date: '2019-07-02', name: 'typhoon', open: '13:00' }],
  }));

  it('a break minute is not a trading minute unless breaks are ignored, and belongs to its session either way', () => {
    expect(cal.isOpenOnMinute('2019-07-03T12:30')).toBe(false);
    expect(cal.isOpenOnMinute('2019-07-03T12:30', { ignoreBreaks: true })).toBe(true);
    expect(cal.minuteToSession('2019-07-03T12:30').date).toBe('2019-07-03');
    expect(cal.minuteToSession('2019-07-03T12:30', 'previous').date).toBe('2019-07-03');
    expect(codeOf(() => cal.minuteToSession('2019-07-03T12:30', 'none'))).toBe('CALENDAR_NOT_SESSION');
    expect(iso(cal.breakStart('2019-07-03')!)).toBe('2019-07-03T04:00:00Z');
  });

  it('minutes of a day with a break, an early close at the break, a late open at its end', () => {
    expect(cal.sessionMinutes('2019-07-03')).toBe(330);
    expect(cal.sessionMinutes('2019-12-24')).toBe(150);
    expect(cal.sessionMinutes('2019-07-02')).toBe(180);
    expect(cal.lateOpens('2019-01-01', '2019-12-31').map((s) => s.date)).toEqual(['2019-07-02']);
    expect(cal.earlyCloses('2019-01-01', '2019-12-31').map((s) => s.date)).toEqual(['2019-12-24']);
  });
});

describe('properties on random definitions', () => {
  const build = (spec: Parameters<typeof calendarDefinition>[0], n: number) => new ExchangeCalendar(checkDefinition(calendarDefinition(spec, `Q${n}`)));
  let n = 0;

  it('sessions strictly increase, open < close, and a break lies inside its session (early closes and late opens aside)', () => {
    fc.assert(fc.property(calArb, (spec) => {
      const cal = build(spec, n++);
      const s = cal.sessions;
      for (let i = 0; i < s.days.length; i++) {
        expect(s.opens[i]!).toBeLessThan(s.closes[i]!);
        if (i > 0) { expect(s.days[i]!).toBeGreaterThan(s.days[i - 1]!); expect(s.opens[i]!).toBeGreaterThanOrEqual(s.closes[i - 1]!); }
        if (!Number.isNaN(s.breakStarts[i]!) && s.earlyClose[i] === 0 && s.lateOpen[i] === 0) {
          expect(s.opens[i]!).toBeLessThan(s.breakStarts[i]!);
          expect(s.breakStarts[i]!).toBeLessThan(s.breakEnds[i]!);
          expect(s.breakEnds[i]!).toBeLessThan(s.closes[i]!);
        }
      }
    }), { numRuns: 150 });
  });

  it('minuteToSession agrees with isOpenOnMinute, and sessionMinutes is the minute-by-minute count', () => {
    fc.assert(fc.property(calArb, fc.array(fc.integer({ min: 0, max: 999_999 }), { minLength: 5, maxLength: 20 }), (spec, picks) => {
      const cal = build(spec, n++);
      const s = cal.sessions;
      if (s.days.length === 0) return;
      const lo = s.opens[0]! - 86_400_000, hi = s.closes[s.days.length - 1]! + 86_400_000;
      for (const p of picks) {
        const t = lo + Math.floor(((hi - lo) / 60_000) * (p / 1_000_000)) * 60_000;
        const open = cal.isOpenOnMinute(t);
        const sessionNone = (() => { try { return cal.minuteToSession(t, 'none'); } catch (e) { expect((e as SimError).code).toBe('CALENDAR_NOT_SESSION'); return null; } })();
        expect(sessionNone !== null).toBe(open);
        if (sessionNone !== null) expect(sessionNone.open <= t && t < sessionNone.close).toBe(true);
        // 'next' is never before t's own session and its next trading minute is in it.
        try {
          const next = cal.minuteToSession(t, 'next');
          expect(next.close).toBeGreaterThan(t);
        } catch (e) { expect((e as SimError).code).toBe('CALENDAR_OUT_OF_RANGE'); }
      }
      for (let i = 0; i < s.days.length; i++) {
        let count = 0;
        for (let m = s.opens[i]!; m < s.closes[i]!; m += 60_000) if (cal.isOpenOnMinute(m)) count++;
        expect(cal.sessionMinutes(s.days[i]!)).toBe(count);
      }
    }), { numRuns: 100 });
  });
});
