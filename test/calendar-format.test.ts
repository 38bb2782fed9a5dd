import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { ExchangeCalendar, type CalendarDefinition } from '../src/calendar/index.js';
import { SimError } from '../src/errors.js';

const base = { version: 'test', holidays: [], adhocClosures: [], earlyCloses: [], adhocEarlyCloses: [], weekdays: [1, 2, 3, 4, 5] };

/** A Tokyo-style exchange with a lunch break and a holiday by rule. */
const LUNCH: CalendarDefinition = {
  ...base,
  name: 'TLUNCH',
  description: 'test exchange with a lunch break',
  timezone: 'Asia/Tokyo',
  range: { from: '2024-01-01', to: '2025-12-31' },
  hours: [
    { since: '2024-01-01', open: '09:00', close: '15:00', breakStart: '11:30', breakEnd: '12:30' },
    { since: '2024-11-05', open: '09:00', close: '15:30', breakStart: '11:30', breakEnd: '12:30' },
  ],
  holidays: [{ name: 'Culture Day', rule: '11-03 and if sunday then next monday' }],
};

/** A CME-style futures exchange: the session labelled D opens at 17:00 Chicago on the day before. */
const FUTURES: CalendarDefinition = {
  ...base,
  name: 'TFUT',
  description: 'test futures exchange opening the previous evening',
  timezone: 'America/Chicago',
  range: { from: '2025-01-01', to: '2025-12-31' },
  hours: [{ since: '2025-01-01', open: '17:00', close: '16:00', openDayOffset: -1 }],
  holidays: [{ name: 'Good Friday', rule: 'easter -2' }],
  earlyCloses: [{ name: 'Independence Day eve', rule: '07-03', close: '12:00' }],
};

const utc = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

describe('calendar definition format', () => {
  it('describes a lunch break: minutes exclude it and instants inside it belong to no session', () => {
    const cal = new ExchangeCalendar(LUNCH);
    const s = cal.sessionOn('2024-10-01')!;
    expect(utc(s.open)).toBe('2024-10-01T00:00:00Z');
    expect(utc(s.breakStart!)).toBe('2024-10-01T02:30:00Z');
    expect(utc(s.breakEnd!)).toBe('2024-10-01T03:30:00Z');
    expect(cal.sessionMinutes('2024-10-01')).toBe(300);
    expect(cal.sessionMinutes('2024-11-05')).toBe(330); // the close moved to 15:30 on 2024-11-05
    expect(cal.sessionAt(s.breakStart! + 60_000)).toBeNull();
    expect(cal.sessionAt(s.breakEnd!)?.date).toBe('2024-10-01');
    expect(cal.isSession('2024-11-04')).toBe(false); // Nov 3 2024 was a Sunday -> Monday
  });

  it('describes a session that opens on the previous calendar day, right across DST', () => {
    const cal = new ExchangeCalendar(FUTURES);
    const mon = cal.sessionOn('2025-03-10')!; // DST began Sunday 2025-03-09 02:00 in Chicago
    expect(utc(mon.open)).toBe('2025-03-09T22:00:00Z');
    expect(utc(mon.close)).toBe('2025-03-10T21:00:00Z');
    const fri = cal.sessionOn('2025-03-07')!;
    expect(utc(fri.open)).toBe('2025-03-06T23:00:00Z');
    expect(cal.sessionMinutes('2025-03-10')).toBe(23 * 60);
    expect(cal.isSession('2025-04-18')).toBe(false);
    expect(cal.isEarlyClose('2025-07-03')).toBe(true);
    expect(DateTime.fromMillis(cal.sessionOn('2025-07-03')!.close, { zone: 'America/Chicago' }).toFormat('HH:mm')).toBe('12:00');
    // Sunday evening belongs to Monday's session.
    expect(cal.sessionAt(mon.open + 3_600_000)?.date).toBe('2025-03-10');
  });

  it('rejects a rule that is not date-holidays grammar, naming it', () => {
    const bad = { ...LUNCH, name: 'TBAD', holidays: [{ name: 'Nonsense', rule: 'every blue moon' }] };
    expect(() => new ExchangeCalendar(bad)).toThrow(SimError);
    expect(() => new ExchangeCalendar(bad)).toThrow(/every blue moon/);
  });
});
