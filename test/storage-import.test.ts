import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCsv, readDay, dayFile, TimestampParser } from '../src/storage/index.js';
import { tmpDir } from './support/tmp.js';

const FIX = new URL('./fixtures/bars/', import.meta.url).pathname;
const WEEK = ['SPY', 'AIG', 'BAC', 'IBM'];
const columns = { ts: 'ts_et' };
const opts = (root: string) => ({
  inputs: WEEK.map((s) => ({ path: path.join(FIX, `${s}_1min_lean.csv`), symbol: s })),
  root, interval: '1m' as const, timezone: 'America/New_York', timestamps: 'iso' as const, columns,
});

/** Rows per (local date, symbol), counted straight from the CSV text. */
function csvCounts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of WEEK) {
    for (const line of readFileSync(path.join(FIX, `${s}_1min_lean.csv`), 'utf8').trim().split('\n').slice(1)) {
      const key = `${line.slice(0, 10)}|${s}`;
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  }
  return m;
}

describe('CSV importer on real vendor bars', () => {
  const root = tmpDir();
  const report = importCsv(opts(root));

  it('splits rows by exchange-local date and keeps pre- and post-market rows', () => {
    expect(report.rejected).toEqual([]);
    expect(report.days.map((d) => d.date)).toEqual(['2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11', '2023-08-03']);
    const counts = csvCounts();
    for (const d of report.days) {
      const day = readDay(dayFile(root, '1m', d.date), { interval: '1m' });
      for (const [i, s] of day.symbols.entries()) {
        const n = Array.from(day.sym).filter((x) => x === i).length;
        expect([d.date, s, n]).toEqual([d.date, s, counts.get(`${d.date}|${s}`)]);
      }
    }
    expect(report.rowsImported).toBe([...csvCounts().values()].reduce((a, b) => a + b, 0));
    const spy = readDay(dayFile(root, '1m', '2013-10-04'), { interval: '1m', symbols: ['SPY'] });
    expect(spy.ts[0]).toBe(Date.parse('2013-10-04T08:06:00Z')); // a 04:06 pre-market print
  });

  it('re-importing the same input gives byte-identical files', () => {
    const again = tmpDir();
    importCsv(opts(again));
    for (const d of report.days) {
      expect(readFileSync(dayFile(again, '1m', d.date)).equals(readFileSync(dayFile(root, '1m', d.date)))).toBe(true);
    }
    importCsv(opts(root));
    for (const d of report.days) expect(readFileSync(dayFile(again, '1m', d.date)).equals(readFileSync(dayFile(root, '1m', d.date)))).toBe(true);
  });

  it('reports every rejected row with its line, column, value and reason', () => {
    const dir = tmpDir();
    const csv = path.join(dir, 'bad.csv');
    writeFileSync(csv, [
      'time,sym,o,h,l,c,v',
      '2025-07-02 09:30:00,AAA,1,2,0.5,1.5,100',
      '2025-07-02 09:30:00,AAA,1,2,0.5,1.5,100',
      'yesterday,AAA,1,2,0.5,1.5,100',
      '2025-07-02 09:31:00,AAA,x,2,0.5,1.5,100',
      '2025-07-02 09:32:00,AAA,1,0.1,0.5,1.5,100',
      '2025-07-02 09:33:00,AAA,1,2,0.5,1.5,-1',
      '2025-07-02 09:34:30,AAA,1,2,0.5,1.5,1',
      '2025-07-02 09:35:00,AAA,1,2,0.5,1.5',
      '2025-07-02 09:36:00,BBB,1,2,0.5,9,1',
      '2025-07-02 16:01:00,BBB,1,2,0.5,1.5,1',
    ].join('\n'));
    const r = importCsv({ inputs: [{ path: csv }], root: path.join(dir, 'ds'), interval: '1m', timezone: 'America/New_York', timestamps: 'local', columns: { ts: 'time', symbol: 'sym', open: 'o', high: 'h', low: 'l', close: 'c', volume: 'v' } });
    expect(r.rejected.map((x) => [x.row, x.column, x.value, x.reason])).toEqual([
      [3, 'time', '2025-07-02 09:30:00', 'duplicate'],
      [4, 'time', 'yesterday', 'bad-timestamp'],
      [5, 'o', 'x', 'not-a-number'],
      [6, 'h', '0.1 < 0.5', 'high-below-low'],
      [7, 'v', '-1', 'negative-volume'],
      [8, 'time', '2025-07-02 09:34:30', 'off-grid'],
      [9, '*', '2025-07-02 09:35:00,AAA,1,2,0.5,1.5', 'wrong-field-count'],
      [10, 'c', '9', 'outside-range'],
    ]);
    expect(r.rowsRead).toBe(10);
    expect(r.rowsImported).toBe(2);
    const day = readDay(dayFile(path.join(dir, 'ds'), '1m', '2025-07-02'), { interval: '1m' });
    expect(Array.from(day.ts)).toEqual([Date.parse('2025-07-02T13:30:00Z'), Date.parse('2025-07-02T20:01:00Z')]);
  });

  it('refuses a CSV without a mapped column, naming it', () => {
    const dir = tmpDir();
    const csv = path.join(dir, 'x.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    expect(() => importCsv({ inputs: [{ path: csv, symbol: 'X' }], root: dir, interval: '1m', timezone: 'America/New_York', timestamps: 'iso' })).toThrow(expect.objectContaining({ code: 'IMPORT_MISSING_COLUMN', details: expect.objectContaining({ column: 'ts' }) }));
  });
});

describe('timestamp formats', () => {
  const at = Date.parse('2025-03-10T13:30:00Z'); // 09:30 New York, the first EDT Monday
  it.each([
    ['iso', '2025-03-10T09:30:00-04:00'],
    ['iso', '2025-03-10T13:30:00Z'],
    ['utc', '2025-03-10 13:30:00'],
    ['local', '2025-03-10 09:30:00'],
    ['epoch-s', String(at / 1000)],
    ['epoch-ms', String(at)],
    ['epoch-ns', `${at}000000`],
  ] as const)('%s %s', (format, text) => {
    expect(new TimestampParser(format, 'America/New_York').parse(text)).toBe(at);
  });
  it('local time before the DST change uses EST', () => {
    expect(new TimestampParser('local', 'America/New_York').parse('2025-03-07 09:30')).toBe(Date.parse('2025-03-07T14:30:00Z'));
  });
  it('naive text is not accepted as iso-with-offset', () => {
    expect(new TimestampParser('iso', 'America/New_York').parse('2025-03-10 09:30:00')).toBeNaN();
  });
  it('bar-end stamping shifts to the bar start', () => {
    const dir = tmpDir();
    const csv = path.join(dir, 'end.csv');
    writeFileSync(csv, 'ts,open,high,low,close,volume\n2025-07-02T09:31:00-04:00,1,1,1,1,1\n');
    importCsv({ inputs: [{ path: csv, symbol: 'E' }], root: dir, interval: '1m', timezone: 'America/New_York', timestamps: 'iso', stamp: 'end' });
    expect(Array.from(readDay(dayFile(dir, '1m', '2025-07-02'), { interval: '1m' }).ts)).toEqual([Date.parse('2025-07-02T13:30:00Z')]);
  });
});
