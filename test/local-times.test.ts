/**
 * One conversion of wall times to instants (WallClock, src/calendar/zone-offsets.ts) for the
 * user's times and the importer's `--timestamps local` rows. Runs under several TZ values.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseExchangeTime } from '../src/calendar/index.js';
import { WallClock } from '../src/calendar/zone-offsets.js';
import { SimError } from '../src/errors.js';
import { importCsv, TimestampParser } from '../src/storage/index.js';
import { tmpDir } from './support/tmp.js';

const ZONES = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Tokyo', 'America/Sao_Paulo', 'Pacific/Chatham', 'UTC'];

function failure(f: () => unknown): SimError {
  try { f(); } catch (e) { return e as SimError; }
  throw new Error('expected a failure');
}

async function importFailure(f: () => Promise<unknown>): Promise<SimError> {
  try { await f(); } catch (e) { return e as SimError; }
  throw new Error('expected a failure');
}

/** Every instant whose wall time in the zone is `wall` (fields read as UTC), by brute force with luxon. */
function luxonInstants(zone: string, wall: number): number[] {
  const out = new Set<number>();
  for (const off of [-15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]) {
    for (const extra of [0, 15, 30, 45]) {
      const o = off * 60 + (off < 0 ? -extra : extra);
      const t = wall - o * 60_000;
      if (DateTime.fromMillis(t, { zone }).offset === o) out.add(t);
    }
  }
  return [...out].sort((a, b) => a - b);
}

describe('WallClock: one instant per wall time, or none, or two (as luxon says)', () => {
  it('agrees with a brute-force luxon search around DST changes and elsewhere', async () => {
    const clocks = new Map(ZONES.map((z) => [z, new WallClock(z)]));
    fc.assert(fc.property(
      fc.constantFrom(...ZONES),
      fc.integer({ min: Date.UTC(1990, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }),
      fc.boolean(),
      (zone, minute, nearChange) => {
        let wall = minute * 60_000;
        if (nearChange) {
          // Move to a wall time within two hours of a real change of this zone, where the cases are.
          const t = DateTime.fromMillis(wall, { zone: 'UTC' });
          const change = DateTime.fromObject({ year: t.year, month: (minute % 2) === 0 ? 3 : 10, day: 28, hour: 2 }, { zone });
          wall = change.toMillis() + change.offset * 60_000 + ((minute % 240) - 120) * 60_000;
        }
        const clock = clocks.get(zone)!;
        const want = luxonInstants(zone, wall);
        const got = clock.instant(wall);
        const p = clock.problem(wall);
        if (want.length === 1) { expect(got).toBe(want[0]); expect(p).toBeNull(); }
        else if (want.length === 2) { expect(got).toBeNaN(); expect(p).toMatchObject({ kind: 'doubled', first: want[0] }); }
        else { expect(got).toBeNaN(); expect(p?.kind).toBe('skipped'); }
      },
    ), { numRuns: 400 });
  });

  it('finds the exact instant of a change (the first instant after a gap)', async () => {
    const c = new WallClock('America/New_York');
    expect(c.problem(Date.UTC(2013, 2, 10, 2, 30))).toEqual({ kind: 'skipped', before: -300, after: -240, first: Date.UTC(2013, 2, 10, 7) });
    expect(c.problem(Date.UTC(2013, 10, 3, 1, 30))).toEqual({ kind: 'doubled', before: -240, after: -300, first: Date.UTC(2013, 10, 3, 5, 30) });
  });
});

describe('the importer reads local times through the same function as user times', () => {
  const NY = 'America/New_York';
  const local = new TimestampParser('local', NY);

  it.each([
    ['2013-03-10 01:59', '2013-03-10T01:59'],
    ['2013-03-10 03:00', '2013-03-10T03:00'],
    ['2013-11-03 00:59', '2013-11-03T00:59'],
    ['2013-11-03 02:00', '2013-11-03T02:00'],
    ['2024-07-01 09:30:15', '2024-07-01T09:30:15'],
    ['2024-12-31 23:59', '2024-12-31T23:59'],
  ])('%s is the instant the config reads for %s', (row, user) => {
    expect(local.parse(row)).toBe(parseExchangeTime(user, NY));
  });

  it('a skipped local time is refused by both, naming the same change', async () => {
    expect(() => local.parse('2013-03-10 02:30')).toThrow(/does not exist in America\/New_York \(the clock skips it when it moves from -05:00 to -04:00\)/);
    expect(failure(() => parseExchangeTime('2013-03-10T02:30', NY)).message).toMatch(/does not exist in America\/New_York \(the clock skips it when it moves from -05:00 to -04:00\)/);
  });

  async function importOne(rows: readonly string[]) {
    const dir = tmpDir();
    const csv = path.join(dir, 'AAA.csv');
    writeFileSync(csv, ['ts,open,high,low,close,volume', ...rows].join('\n') + '\n');
    const root = path.join(dir, 'ds');
    const e = await importFailure(() => importCsv({ inputs: [{ path: csv, symbol: 'AAA' }], root, interval: '1m', timezone: NY, timestamps: 'local' }));
    return { e, csv, root, dir };
  }

  it('an import row at a skipped local time fails the import naming file, row and value; nothing is written', async () => {
    const { e, csv, dir } = await importOne(['2013-03-10 01:59,1,1,1,1,1', '2013-03-10 02:30,1,1,1,1,1', '2013-03-10 03:00,1,1,1,1,1']);
    expect(e.code).toBe('IMPORT_LOCAL_TIME');
    expect(e.message).toContain(csv);
    expect(e.message).toContain('line 3');
    expect(e.message).toContain('"2013-03-10 02:30" does not exist in America/New_York');
    expect(e.details).toMatchObject({ file: csv, row: 3, value: '2013-03-10 02:30' });
    expect(readdirSync(dir)).toEqual(['AAA.csv']);
  });

  it('an import row in the fall-back hour fails the import: which of the two instants it is would be a guess', async () => {
    const { e, dir } = await importOne(['2013-11-03 00:59,1,1,1,1,1', '2013-11-03 01:00,1,1,1,1,1', '2013-11-03 02:00,1,1,1,1,1']);
    expect(e.code).toBe('IMPORT_LOCAL_TIME');
    expect(e.message).toMatch(/line 3 .*"2013-11-03 01:00" is ambiguous in America\/New_York \(the clock passes it twice, at -04:00 and -05:00\)/);
    expect(readdirSync(dir)).toEqual(['AAA.csv']);
  });

  it('the same rows with an offset import fine', async () => {
    const dir = tmpDir();
    const csv = path.join(dir, 'AAA.csv');
    writeFileSync(csv, 'ts,open,high,low,close,volume\n2013-11-03 01:00-04:00,1,1,1,1,1\n2013-11-03 01:00-05:00,1,1,1,1,1\n');
    const r = await importCsv({ inputs: [{ path: csv, symbol: 'AAA' }], root: path.join(dir, 'ds'), interval: '1m', timezone: NY, timestamps: 'local' });
    expect(r.rowsImported).toBe(2);
  });
});

describe("a strategy's times", () => {
  it('a timer written without an offset, and a market-hours one, are the exchange\'s times under any TZ', async () => {
    const { runTrading, writeTradingData } = await import('./support/trading.js');
    const root = writeTradingData(['2025-03-07', '2025-03-10'], ['AAA']);
    const fired: number[] = [];
    runTrading(root, ['AAA'], '2025-03-07', '2025-03-10', {
      onStart: (ctx) => { ctx.schedule('2025-03-10T10:15', 'local'); ctx.schedule({ at: 'open', minutes: 0 }, 'open'); },
      onTimer: (t) => { fired.push(t.time); },
    });
    // New York moved to daylight time on 2025-03-09: the open is 14:30Z before, 13:30Z after.
    expect(fired.map((t) => new Date(t).toISOString())).toEqual(['2025-03-07T14:30:00.000Z', '2025-03-10T13:30:00.000Z', '2025-03-10T14:15:00.000Z']);
  });
});
