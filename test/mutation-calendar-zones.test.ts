import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, civilFromDays, type CalendarDefinition } from '../src/calendar/index.js';

/**
 * Session instants in zones whose clocks change, against luxon asked about every session directly
 * (the compiler asks it only near a change): a session every day of fifteen months, opening in the
 * small hours where the clocks change and closing the next day.
 */

const every = (timezone: string, open: string, close: string, openDayOffset = 0): CalendarDefinition => ({
  name: 'TZONE', description: 'every day', version: '1', timezone, range: { from: '2018-10-01', to: '2019-12-31' },
  weekdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ since: '2018-10-01', open, close, openDayOffset }],
  holidays: [], adhocClosures: [], earlyCloses: [], adhocEarlyCloses: [],
});
const instant = (zone: string, day: number, clock: string) => {
  const [year, month, d] = civilFromDays(day);
  const [h, m] = clock.split(':').map(Number);
  return DateTime.fromObject({ year, month, day: d, hour: h, minute: m }, { zone }).toMillis();
};

describe('session instants where clocks change', () => {
  it.each([
    ['Europe/London', '01:30', '23:00', 0], // the change is at 01:00 UTC
    ['America/Sao_Paulo', '00:30', '23:30', 0], // midnight skipped (2018-11-04) and doubled (2019-02-17)
    ['Australia/Lord_Howe', '02:15', '20:00', 0], // half-hour changes
    ['America/New_York', '18:00', '02:30', -1], // opens the evening before, closes in the skipped hour
  ] as const)('%s, %s to %s', (zone, open, close, offset) => {
    const cal = new ExchangeCalendar(every(zone, open, close, offset));
    expect(cal.size).toBe(457);
    const bad: string[] = [];
    for (let i = 0; i < cal.size; i++) {
      const s = cal.at(i);
      const want = [instant(zone, s.day + offset, open), instant(zone, s.day, close)];
      if (s.open !== want[0] || s.close !== want[1]) bad.push(`${s.date} ${s.open - want[0]!} ${s.close - want[1]!}`);
    }
    expect(bad).toEqual([]);
  });
});
