/**
 * The one reader of user times (src/calendar/exchange-time.ts). Runs under several TZ values
 * (vitest.config.ts): nothing here may depend on the machine's zone.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { getCalendar, parseExchangeTime } from '../src/calendar/index.js';
import { SimError } from '../src/errors.js';

const NY = 'America/New_York';
const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' }).toMillis();

function failure(f: () => unknown): SimError {
  try { f(); } catch (e) { return e as SimError; }
  throw new Error('expected a failure');
}

describe('parseExchangeTime', () => {
  it('reads a time with Z or an offset as written', () => {
    expect(parseExchangeTime('2013-10-08T12:00:00Z', NY)).toBe(utc('2013-10-08T12:00:00'));
    expect(parseExchangeTime('2013-10-08T12:00-04:00', NY)).toBe(utc('2013-10-08T16:00:00'));
    expect(parseExchangeTime('2013-10-08T12:00:00+09:30', NY)).toBe(utc('2013-10-08T02:30:00'));
    expect(parseExchangeTime('2013-10-08T12:00:00.250Z', NY)).toBe(utc('2013-10-08T12:00:00.250'));
  });

  it('reads offset-less times and dates as wall times in the given zone', () => {
    expect(parseExchangeTime('2013-10-08T12:00', NY)).toBe(utc('2013-10-08T16:00:00'));
    expect(parseExchangeTime('2013-10-08T12:00:30', NY)).toBe(utc('2013-10-08T16:00:30'));
    expect(parseExchangeTime('2013-10-08T12:00:30.5', NY)).toBe(utc('2013-10-08T16:00:30.500'));
    expect(parseExchangeTime('2013-10-08T12:00:30.125', NY)).toBe(utc('2013-10-08T16:00:30.125'));
    expect(parseExchangeTime('2013-10-08', NY)).toBe(utc('2013-10-08T04:00:00'));
    expect(parseExchangeTime('2013-12-08', NY)).toBe(utc('2013-12-08T05:00:00'));
    expect(parseExchangeTime('2024-10-01T09:00', 'Asia/Tokyo')).toBe(utc('2024-10-01T00:00:00'));
    expect(getCalendar('XNYS').parseTime('2013-10-07T10:00')).toBe(utc('2013-10-07T14:00:00'));
  });

  it('takes epoch ms as a number or a Date, and as digits only where allowed', () => {
    expect(parseExchangeTime(1381248000000, NY)).toBe(1381248000000);
    expect(parseExchangeTime(new Date(1381248000000), NY)).toBe(1381248000000);
    expect(parseExchangeTime('1381248000000', NY, { epochDigits: true })).toBe(1381248000000);
    expect(failure(() => parseExchangeTime('1381248000000', NY)).code).toBe('BAD_DATE');
  });

  it('refuses a wall time the clock skips (spring forward), naming the value and the zone', () => {
    const e = failure(() => parseExchangeTime('2013-03-10T02:30', NY, { what: 'config.start' }));
    expect(e.code).toBe('BAD_DATE');
    expect(e.message).toBe('config.start: "2013-03-10T02:30" does not exist in America/New_York (the clock skips it when it moves from -05:00 to -04:00); give the offset');
    // Just either side of the gap is fine.
    expect(parseExchangeTime('2013-03-10T01:59:59', NY)).toBe(utc('2013-03-10T06:59:59'));
    expect(parseExchangeTime('2013-03-10T03:00', NY)).toBe(utc('2013-03-10T07:00:00'));
    // Half-hour DST (Lord Howe: 02:00 -> 02:30 on 2020-10-04).
    expect(failure(() => parseExchangeTime('2020-10-04T02:15', 'Australia/Lord_Howe')).code).toBe('BAD_DATE');
    expect(parseExchangeTime('2020-10-04T02:30', 'Australia/Lord_Howe')).toBe(utc('2020-10-03T15:30:00'));
  });

  it('refuses a wall time the clock passes twice (fall back), naming both offsets', () => {
    const e = failure(() => parseExchangeTime('2013-11-03T01:30', NY));
    expect(e.code).toBe('BAD_DATE');
    expect(e.message).toContain('"2013-11-03T01:30" is ambiguous in America/New_York');
    expect(e.message).toContain('-04:00 and -05:00');
    expect(parseExchangeTime('2013-11-03T01:30-04:00', NY)).toBe(utc('2013-11-03T05:30:00'));
    expect(parseExchangeTime('2013-11-03T01:30-05:00', NY)).toBe(utc('2013-11-03T06:30:00'));
    expect(parseExchangeTime('2013-11-03T00:59', NY)).toBe(utc('2013-11-03T04:59:00'));
    expect(parseExchangeTime('2013-11-03T02:00', NY)).toBe(utc('2013-11-03T07:00:00'));
    // Lord Howe goes back from 02:00 (+11:00) to 01:30 (+10:30).
    expect(failure(() => parseExchangeTime('2020-04-05T01:45', 'Australia/Lord_Howe')).code).toBe('BAD_DATE');
  });

  it('a bare date is the first instant of that local date, even when midnight is skipped or doubled', () => {
    // Sao Paulo skipped 00:00..01:00 on 2018-11-04: the day began at 01:00 -02:00.
    expect(parseExchangeTime('2018-11-04', 'America/Sao_Paulo')).toBe(utc('2018-11-04T03:00:00'));
    expect(failure(() => parseExchangeTime('2018-11-04T00:30', 'America/Sao_Paulo')).code).toBe('BAD_DATE');
    // Havana went back from 01:00 to 00:00 on 2019-11-03: its first midnight was at -04:00.
    expect(parseExchangeTime('2019-11-03', 'America/Havana')).toBe(utc('2019-11-03T04:00:00'));
    expect(failure(() => parseExchangeTime('2019-11-03T00:00', 'America/Havana')).code).toBe('BAD_DATE');
  });

  it.each([
    ['abc'], [''], ['-5'], ['5'], ['2013'], ['2013-10'], ['2013-10-08 12:00'], ['2013-10-08T12'], ['2013-10-08T12:00:00.1234'],
    ['2013-02-30'], ['2013-13-01'], ['2013-00-10'], ['2013-10-08T24:00'], ['2013-10-08T12:60'], ['2013-10-08T12:00:60'],
    ['2013-10-08T12:00+25:00'], ['2013-10-08T12:00+0400'], ['2013-10-08T12:00z'], [' 2013-10-08'], ['2013-10-08\n'],
    ['Tue, 08 Oct 2013 12:00:00 GMT'], ['10/08/2013'], [NaN], [Infinity], [-Infinity], [9e15], [new Date('nope')], [null], [undefined], [{}], [['2013-10-08']], [true],
  ])('refuses %j with BAD_DATE naming it', (value) => {
    const e = failure(() => parseExchangeTime(value, NY, { what: '--seek' }));
    expect(e).toBeInstanceOf(SimError);
    expect(e.code).toBe('BAD_DATE');
    expect(e.message.startsWith('--seek: ')).toBe(true);
    expect(e.details.value).toBe(value);
  });

  it('refuses epoch digits beyond the range of instants, and a zone that does not exist', () => {
    expect(failure(() => parseExchangeTime('99999999999999999999', NY, { epochDigits: true })).code).toBe('BAD_DATE');
    expect(failure(() => parseExchangeTime('9000000000000000', NY, { epochDigits: true })).code).toBe('BAD_DATE');
    expect(failure(() => parseExchangeTime('2013-10-08', 'Mars/Olympus')).code).toBe('CALENDAR_DEFINITION');
  });

  it('gives the error code and key its caller asks for', () => {
    const e = failure(() => parseExchangeTime('abc', NY, { what: '--from', code: 'USAGE' }));
    expect([e.code, e.details.key, e.message.startsWith('--from: "abc" is not a time')]).toEqual(['USAGE', '--from', true]);
    const c = failure(() => parseExchangeTime('2013-11-03T01:30', NY, { what: 'config.start', key: 'start', code: 'CONFIG_INVALID' }));
    expect([c.code, c.details.key, c.message.startsWith('config.start: "2013-11-03T01:30" is ambiguous')]).toEqual(['CONFIG_INVALID', 'start', true]);
    expect(failure(() => parseExchangeTime(NaN, NY, { code: 'USAGE' })).code).toBe('USAGE');
  });

  const zones = ['America/New_York', 'Europe/London', 'Asia/Tokyo', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Asia/Kolkata', 'America/Havana', 'Pacific/Chatham'];
  /** Instants (UTC) of clock changes: half the samples fall within 3 hours of one. */
  const changes: [string, string][] = [
    ['America/New_York', '2013-03-10T07:00:00'], ['America/New_York', '2013-11-03T06:00:00'], ['Europe/London', '2021-10-31T01:00:00'],
    ['Australia/Lord_Howe', '2020-04-04T15:00:00'], ['Australia/Lord_Howe', '2020-10-03T15:30:00'], ['America/Sao_Paulo', '2018-11-04T03:00:00'],
    ['America/Sao_Paulo', '2019-02-17T02:00:00'], ['America/Havana', '2019-11-03T05:00:00'], ['America/Havana', '2019-03-10T05:00:00'], ['Pacific/Chatham', '2020-04-04T14:00:00'],
  ];
  const seconds = fc.oneof(
    fc.tuple(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2035, 0, 1) / 1000 })),
    fc.constantFrom(...changes).chain(([zone, at]) => fc.tuple(fc.constant(zone), fc.integer({ min: utc(at) / 1000 - 3 * 3600, max: utc(at) / 1000 + 3 * 3600 }))),
  );
  const FMT = "yyyy-MM-dd'T'HH:mm:ss";
  const wallOf = (t: number, zone: string) => DateTime.fromMillis(t, { zone }).toFormat(FMT);

  it('a local time read back gives the same instant; without its offset, unless the clock shows it twice (property, 400 runs)', () => {
    fc.assert(fc.property(seconds, ([zone, s]) => {
      const t = s * 1000;
      expect(parseExchangeTime(DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: true })!, zone)).toBe(t);
      const wall = wallOf(t, zone);
      const twice = [-2, -1, -0.5, 0.5, 1, 2].some((h) => wallOf(t + h * 3_600_000, zone) === wall);
      let back: number | null = null;
      try { back = parseExchangeTime(wall, zone); } catch (e) { expect((e as SimError).message).toContain('is ambiguous'); }
      expect(back).toBe(twice ? null : t);
    }), { numRuns: 400 });
  });

  it('a wall time is refused exactly when it does not exist or exists twice (property, 400 runs)', () => {
    fc.assert(fc.property(seconds, ([zone, s]) => {
      // Any wall time near a change, read as if it were UTC wall fields.
      const wall = DateTime.fromMillis(s * 1000, { zone: 'UTC' }).toFormat(FMT);
      const lx = DateTime.fromISO(wall, { zone });
      const exists = wallOf(lx.toMillis(), zone) === wall;
      const twice = exists && [-2, -1, -0.5, 0.5, 1, 2].some((h) => wallOf(lx.toMillis() + h * 3_600_000, zone) === wall);
      let got: number | null = null;
      try { got = parseExchangeTime(wall, zone); } catch (e) { expect((e as SimError).code).toBe('BAD_DATE'); }
      expect(got).toBe(exists && !twice ? lx.toMillis() : null);
    }), { numRuns: 400 });
  });
});
