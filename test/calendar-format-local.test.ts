import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ExchangeCalendar, type CalendarDefinition } from '../src/calendar/index.js';

/**
 * `formatLocal` writes an instant on the exchange's clock from cached offsets, not through luxon
 * per call: it must write what luxon's `toISO({ suppressMilliseconds: true })` writes, to the
 * character, whatever the zone, the instant, the milliseconds or the clock changes near it.
 */

const ZONES = [
  'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca',
  'America/Sao_Paulo', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Kiritimati', 'UTC', 'Etc/GMT+5', 'Europe/Dublin', 'Asia/Tokyo',
] as const;
const every = (timezone: string): CalendarDefinition => ({
  name: 'TZONE', description: 'every day', version: '1', timezone, range: { from: '2018-10-01', to: '2019-12-31' },
  weekdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ since: '2018-10-01', open: '09:00', close: '17:00', openDayOffset: 0 }],
  holidays: [], adhocClosures: [], earlyCloses: [], adhocEarlyCloses: [],
});
const calendars = new Map(ZONES.map((z) => [z, new ExchangeCalendar(every(z))]));
const luxon = (zone: string, t: number) => DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: true });

describe('formatLocal', () => {
  it('writes what luxon writes, for random instants from 1890 to 2200 in zones with odd offsets and clock changes', () => {
    const instant = fc.oneof(
      fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2200, 0, 1) }),
      // Whole minutes and seconds, as events mostly are.
      fc.integer({ min: -1_000_000, max: 4_000_000 }).map((m) => m * 60_000),
      fc.integer({ min: 0, max: 2_000_000_000 }).map((s) => s * 1000),
    );
    fc.assert(fc.property(fc.constantFrom(...ZONES), instant, (zone, t) => {
      expect(calendars.get(zone)!.formatLocal(t)).toBe(luxon(zone, t));
    }), { numRuns: 20_000 });
  });

  it('writes what luxon writes in every minute of the days the clocks change, in 1970 and 2019', () => {
    for (const zone of ZONES) {
      const cal = calendars.get(zone)!;
      for (const year of [1970, 2019]) {
        for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
          if (DateTime.fromMillis(day, { zone }).offset === DateTime.fromMillis(day + 86_400_000, { zone }).offset) continue;
          for (let t = day - 3_600_000; t < day + 90_000_000; t += 60_000 + 1_001) expect(cal.formatLocal(t), `${zone} ${t}`).toBe(luxon(zone, t));
        }
      }
    }
  });

  it('falls back to luxon beyond the years 1 to 9999', () => {
    const cal = calendars.get('America/New_York')!;
    for (const t of [Date.UTC(10_000, 0, 1, 12), Date.UTC(-50, 5, 1), Date.UTC(1, 0, 1, 3), 8.64e15]) expect(cal.formatLocal(t)).toBe(luxon('America/New_York', t));
  });
});
