import { describe, expect, it } from 'vitest';
import { ExchangeCalendar } from '../src/calendar/index.js';
import { XASX } from '../src/calendar/definitions/xasx.js';
import { isoUtc, weekdayClosures } from './support/answer-key.js';

// Expectations from docs/calendar-facts/XASX.md (ASX trading calendars and notices), not from the definition.
const cal = new ExchangeCalendar(XASX);
const iso = isoUtc;

const closures = (year: number) => weekdayClosures(cal, year);
const earlyCloses = (year: number) => cal.sessionsBetween(`${year}-01-01`, `${year}-12-31`).filter((s) => s.earlyClose).map((s) => [s.date, cal.formatClock(s.close), iso(s.close)]);

/** Every weekday ASX Trade was (or is to be) closed, 2020-2026. */
const CLOSURES: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-01-27', '2020-04-10', '2020-04-13', '2020-06-08', '2020-12-25', '2020-12-28'],
  2021: ['2021-01-01', '2021-01-26', '2021-04-02', '2021-04-05', '2021-06-14', '2021-12-27', '2021-12-28'],
  2022: ['2022-01-03', '2022-01-26', '2022-04-15', '2022-04-18', '2022-04-25', '2022-06-13', '2022-09-22', '2022-12-26', '2022-12-27'],
  2023: ['2023-01-02', '2023-01-26', '2023-04-07', '2023-04-10', '2023-04-25', '2023-06-12', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-01-26', '2024-03-29', '2024-04-01', '2024-04-25', '2024-06-10', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-01-27', '2025-04-18', '2025-04-21', '2025-04-25', '2025-06-09', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-01-26', '2026-04-03', '2026-04-06', '2026-06-08', '2026-12-25', '2026-12-28'],
};

/** Early closes at 14:10 Sydney (AEDT in December: 03:10 UTC). */
const EARLY: Record<number, string[]> = {
  2020: ['2020-12-24', '2020-12-31'],
  2021: ['2021-12-24', '2021-12-31'],
  2022: [],
  2023: [],
  2024: ['2024-12-24', '2024-12-31'],
  2025: ['2025-12-24', '2025-12-31'],
  2026: ['2026-12-24', '2026-12-31'],
};

describe('XASX', () => {
  for (let year = 2020; year <= 2026; year++) {
    it(`${year}: closes on exactly the published weekdays`, () => {
      expect(closures(year)).toEqual(CLOSURES[year]);
    });
    it(`${year}: early closes at 14:10 exactly on the published days`, () => {
      expect(earlyCloses(year)).toEqual(EARLY[year]!.map((d) => [d, '14:10', `${d}T03:10:00Z`]));
    });
  }

  it('trades 10:00-16:00 Sydney with no break on every other session 2020-2026 (no late opens, no special hours)', () => {
    const bad = cal.sessionsBetween('2020-01-01', '2026-12-31').filter((s) =>
      cal.formatClock(s.open) !== '10:00' || s.breakStart !== null || s.breakEnd !== null || (!s.earlyClose && cal.formatClock(s.close) !== '16:00'));
    expect(bad).toEqual([]);
  });

  it('follows daylight saving in UTC: 23:00-05:00 UTC in summer, 00:00-06:00 UTC in winter', () => {
    const times = (d: string) => { const s = cal.sessionOn(d)!; return [iso(s.open), iso(s.close), iso(s.breakStart), iso(s.breakEnd)]; };
    expect(times('2020-01-02')).toEqual(['2020-01-01T23:00:00Z', '2020-01-02T05:00:00Z', null, null]);
    expect(times('2024-07-01')).toEqual(['2024-07-01T00:00:00Z', '2024-07-01T06:00:00Z', null, null]);
    expect(times('2025-04-04')).toEqual(['2025-04-03T23:00:00Z', '2025-04-04T05:00:00Z', null, null]); // AEDT ends Sun 6 April
    expect(times('2025-04-07')).toEqual(['2025-04-07T00:00:00Z', '2025-04-07T06:00:00Z', null, null]);
    expect(times('2026-10-02')).toEqual(['2026-10-02T00:00:00Z', '2026-10-02T06:00:00Z', null, null]); // AEDT from Sun 4 October
    expect(times('2026-10-05')).toEqual(['2026-10-04T23:00:00Z', '2026-10-05T05:00:00Z', null, null]);
    expect(times('2020-12-24')).toEqual(['2020-12-23T23:00:00Z', '2020-12-24T03:10:00Z', null, null]);
  });

  it('has no Anzac Day substitute when 25 April is a weekend day (2020, 2021, 2026)', () => {
    for (const d of ['2020-04-27', '2021-04-26', '2026-04-27']) expect([d, cal.isSession(d)]).toEqual([d, true]);
    expect(cal.isEarlyClose('2026-04-27')).toBe(false);
  });

  it('keeps full days when 24 / 31 December fall on a weekend from 2022 (ASX calendars 2022 and 2023)', () => {
    for (const d of ['2022-12-23', '2022-12-30', '2023-12-22', '2023-12-29']) {
      const s = cal.sessionOn(d)!;
      expect([d, s.earlyClose, cal.formatClock(s.close), iso(s.close)]).toEqual([d, false, '16:00', `${d}T05:00:00Z`]);
    }
  });

  it('trades on 2020-11-16 (the ASX Trade outage day is a regular session in this model) and around the Queen mourning day', () => {
    const s = cal.sessionOn('2020-11-16')!;
    expect([iso(s.open), iso(s.close), s.earlyClose]).toEqual(['2020-11-15T23:00:00Z', '2020-11-16T05:00:00Z', false]);
    expect(cal.sessionsBetween('2022-09-20', '2022-09-26').map((x) => x.date)).toEqual(['2022-09-20', '2022-09-21', '2022-09-23', '2022-09-26']);
  });

  it('counts the sessions of each year', () => {
    const counts = Object.fromEntries([2020, 2021, 2022, 2023, 2024, 2025, 2026].map((y) => [y, cal.sessionsBetween(`${y}-01-01`, `${y}-12-31`).length]));
    // Weekdays of the year minus the closures above.
    expect(counts).toEqual({ 2020: 262 - 7, 2021: 261 - 7, 2022: 260 - 9, 2023: 260 - 8, 2024: 262 - 8, 2025: 261 - 8, 2026: 261 - 7 });
  });
});
