import { describe, expect, it } from 'vitest';
import { TIME_FORMS, formatUtc, parseExchangeTime } from '../src/calendar/index.js';
import { SimError } from '../src/errors.js';

/**
 * The reader of user times at its edges, message for message: what each refusal says is what a
 * user reads (the CLI prints it), so the tests pin the whole text. Instants come from the zones'
 * published rules (IANA tz database), not from our output.
 */

const at = (iso: string) => Date.parse(iso);
function message(value: unknown, zone: string, options?: Parameters<typeof parseExchangeTime>[2]): string {
  try { parseExchangeTime(value, zone, options); } catch (e) { expect(e).toBeInstanceOf(SimError); return (e as SimError).message; }
  throw new Error('expected a refusal');
}

describe('what a refusal says', () => {
  it('names the forms it accepts, epoch ms only where they are', () => {
    expect(message('abc', 'UTC')).toBe(`time: "abc" is not a time (give ${TIME_FORMS})`);
    expect(message('abc', 'UTC', { epochDigits: true })).toBe(`time: "abc" is not a time (give ${TIME_FORMS} or epoch ms)`);
    expect(message({}, 'UTC')).toBe(`time: {} is not a time (give ${TIME_FORMS})`);
    expect(message(true, 'UTC', { epochDigits: true, what: '--seek' })).toBe(`--seek: true is not a time (give ${TIME_FORMS} or epoch ms)`);
    expect(TIME_FORMS).toBe('YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.sss]] (exchange-local) or with Z or ±HH:MM');
  });

  it('epoch digits: 1 to 16 of them and nothing else', () => {
    expect(parseExchangeTime('0', 'UTC', { epochDigits: true })).toBe(0);
    expect(parseExchangeTime('8640000000000000', 'UTC', { epochDigits: true })).toBe(8.64e15);
    expect(message('8640000000000001', 'UTC', { epochDigits: true })).toBe('time: "8640000000000001" is not a time (outside the range of instants)');
    // 17 digits, or digits with anything around them, are not epoch ms.
    expect(message('10000000000000000', 'UTC', { epochDigits: true })).toBe(`time: "10000000000000000" is not a time (give ${TIME_FORMS} or epoch ms)`);
    expect(message('x123', 'UTC', { epochDigits: true })).toBe(`time: "x123" is not a time (give ${TIME_FORMS} or epoch ms)`);
    expect(message('123x', 'UTC', { epochDigits: true })).toBe(`time: "123x" is not a time (give ${TIME_FORMS} or epoch ms)`);
    expect(message('1a3', 'UTC', { epochDigits: true })).toBe(`time: "1a3" is not a time (give ${TIME_FORMS} or epoch ms)`);
  });

  it('the range of instants is that of a Date, both ends included', () => {
    expect(parseExchangeTime(8.64e15, 'UTC')).toBe(8.64e15);
    expect(parseExchangeTime(-8.64e15, 'UTC')).toBe(-8.64e15);
    expect(message(8.64e15 + 1, 'UTC')).toBe('time: 8640000000000001 is not a time (outside the range of instants)');
    expect(message(-8.64e15 - 1, 'UTC')).toBe('time: -8640000000000001 is not a time (outside the range of instants)');
    expect(message(new Date(NaN), 'UTC', { what: 'config.start', key: 'start', code: 'CONFIG_INVALID' })).toMatch(/^config\.start: .* is not a time \(outside the range of instants\)$/);
  });

  it('an impossible date or clock time, and an offset beyond ±23:59', () => {
    expect(message('2024-02-30', 'UTC')).toBe('time: "2024-02-30" is not a real calendar date');
    expect(message('2024-04-31T10:00', 'UTC')).toBe('time: "2024-04-31T10:00" is not a real calendar date');
    expect(message('2023-13-01', 'UTC')).toBe('time: "2023-13-01" is not a real calendar date');
    expect(message('2024-02-29T24:00', 'UTC')).toBe('time: "2024-02-29T24:00" is not a real clock time');
    expect(message('2024-02-29T23:60', 'UTC')).toBe('time: "2024-02-29T23:60" is not a real clock time');
    expect(message('2024-02-29T23:59:60', 'UTC')).toBe('time: "2024-02-29T23:59:60" is not a real clock time');
    expect(parseExchangeTime('2024-02-29T23:59:59.999', 'UTC')).toBe(at('2024-02-29T23:59:59.999Z'));
    expect(message('2013-10-08T12:00+24:00', 'UTC')).toBe('time: "2013-10-08T12:00+24:00" has an offset that is not ±HH:MM');
    expect(message('2013-10-08T12:00+23:60', 'UTC')).toBe('time: "2013-10-08T12:00+23:60" has an offset that is not ±HH:MM');
    expect(parseExchangeTime('2013-10-08T12:00+23:59', 'UTC')).toBe(at('2013-10-07T12:01:00Z'));
    expect(parseExchangeTime('2013-10-08T12:00-23:59', 'UTC')).toBe(at('2013-10-09T11:59:00Z'));
    expect(parseExchangeTime('2013-10-08T12:00:00.1-00:30', 'UTC')).toBe(at('2013-10-08T12:30:00.100Z'));
    expect(parseExchangeTime('2013-10-08T12:00:00.01Z', 'UTC')).toBe(at('2013-10-08T12:00:00.010Z'));
  });

  it('a skipped or doubled wall time names the offsets on both sides, half hours and negative ones too', () => {
    // Lord Howe: 02:00 +10:30 -> 02:30 +11:00 on 2020-10-04; 02:00 +11:00 -> 01:30 +10:30 on 2020-04-05.
    expect(message('2020-10-04T02:15', 'Australia/Lord_Howe')).toBe('time: "2020-10-04T02:15" does not exist in Australia/Lord_Howe (the clock skips it when it moves from +10:30 to +11:00); give the offset');
    expect(message('2020-04-05T01:45', 'Australia/Lord_Howe')).toBe('time: "2020-04-05T01:45" is ambiguous in Australia/Lord_Howe (the clock passes it twice, at +11:00 and +10:30); give the offset');
    // Newfoundland: 02:00 -03:30 -> 03:00 -02:30 on 2024-03-10.
    expect(message('2024-03-10T02:30', 'America/St_Johns')).toBe('time: "2024-03-10T02:30" does not exist in America/St_Johns (the clock skips it when it moves from -03:30 to -02:30); give the offset');
    // Kathmandu is +05:45 all year.
    expect(parseExchangeTime('2024-03-10T02:30', 'Asia/Kathmandu')).toBe(at('2024-03-09T20:45:00Z'));
    // Chatham: 03:45 +13:45 -> 02:45 +12:45 on 2024-04-07.
    expect(message('2024-04-07T03:00', 'Pacific/Chatham')).toBe('time: "2024-04-07T03:00" is ambiguous in Pacific/Chatham (the clock passes it twice, at +13:45 and +12:45); give the offset');
  });
});

describe('a bare date is the first instant of its local day', () => {
  it('on an ordinary day, and when midnight is skipped (the jump instant, to the minute)', () => {
    expect(parseExchangeTime('2024-03-10', 'America/New_York')).toBe(at('2024-03-10T05:00:00Z'));
    // Sao Paulo skipped 00:00..01:00 on 2018-11-04; Santiago 00:00..01:00 on 2022-09-11 (at 04:00 UTC).
    expect(parseExchangeTime('2018-11-04', 'America/Sao_Paulo')).toBe(at('2018-11-04T03:00:00Z'));
    expect(parseExchangeTime('2022-09-11', 'America/Santiago')).toBe(at('2022-09-11T04:00:00Z'));
    // Beirut skipped 00:00..01:00 on 2024-03-31 (at 22:00 UTC the day before).
    expect(parseExchangeTime('2024-03-31', 'Asia/Beirut')).toBe(at('2024-03-30T22:00:00Z'));
  });

  it('when midnight comes twice, the first of them', () => {
    // Havana went back from 01:00 to 00:00 on 2019-11-03 (-04:00, then -05:00).
    expect(parseExchangeTime('2019-11-03', 'America/Havana')).toBe(at('2019-11-03T04:00:00Z'));
    // Santiago went back from 00:00 to 23:00 on 2024-04-06 (-03:00, then -04:00): midnight of the 6th came once;
    expect(parseExchangeTime('2024-04-07', 'America/Santiago')).toBe(at('2024-04-07T04:00:00Z'));
  });
});

describe('formatUtc', () => {
  it('writes milliseconds only when there are some', () => {
    expect([formatUtc(0), formatUtc(1), formatUtc(1000), formatUtc(at('2024-02-29T23:59:59.120Z'))]).toEqual(['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.001Z', '1970-01-01T00:00:01Z', '2024-02-29T23:59:59.120Z']);
  });
});
