import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRecords, importCsv, readDay, dayFile, TimestampParser, type ImportOptions, type ImportReport, type RejectedRow } from '../src/storage/index.js';
import { lockFile } from '../src/storage/day-lock.js';
import { snapshotTree } from './corpus/harness.js';
import { symbolRows } from './support/dataset.js';
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
  let report!: ImportReport;
  beforeAll(async () => { report = await importCsv(opts(root)); });

  it('splits rows by exchange-local date and keeps pre- and post-market rows', async () => {
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

  it('re-importing the same input gives byte-identical files', async () => {
    const again = tmpDir();
    await importCsv(opts(again));
    for (const d of report.days) {
      expect(readFileSync(dayFile(again, '1m', d.date)).equals(readFileSync(dayFile(root, '1m', d.date)))).toBe(true);
    }
    await importCsv(opts(root));
    for (const d of report.days) expect(readFileSync(dayFile(again, '1m', d.date)).equals(readFileSync(dayFile(root, '1m', d.date)))).toBe(true);
  });

  it('reports every rejected row with its line, column, value and reason', async () => {
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
    const r = await importCsv({ inputs: [{ path: csv }], root: path.join(dir, 'ds'), interval: '1m', timezone: 'America/New_York', timestamps: 'local', columns: { ts: 'time', symbol: 'sym', open: 'o', high: 'h', low: 'l', close: 'c', volume: 'v' } });
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

  it('refuses a CSV without a mapped column, naming it', async () => {
    const dir = tmpDir();
    const csv = path.join(dir, 'x.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    await expect(importCsv({ inputs: [{ path: csv, symbol: 'X' }], root: dir, interval: '1m', timezone: 'America/New_York', timestamps: 'iso' })).rejects.toMatchObject({ code: 'IMPORT_MISSING_COLUMN', details: expect.objectContaining({ column: 'ts' }) });
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
  it('local time before the DST change uses EST', async () => {
    expect(new TimestampParser('local', 'America/New_York').parse('2025-03-07 09:30')).toBe(Date.parse('2025-03-07T14:30:00Z'));
  });
  it('naive text is not accepted as iso-with-offset', async () => {
    expect(new TimestampParser('iso', 'America/New_York').parse('2025-03-10 09:30:00')).toBeNaN();
  });
  it('bar-end stamping shifts to the bar start', async () => {
    const dir = tmpDir();
    const csv = path.join(dir, 'end.csv');
    writeFileSync(csv, 'ts,open,high,low,close,volume\n2025-07-02T09:31:00-04:00,1,1,1,1,1\n');
    await importCsv({ inputs: [{ path: csv, symbol: 'E' }], root: dir, interval: '1m', timezone: 'America/New_York', timestamps: 'iso', stamp: 'end' });
    expect(Array.from(readDay(dayFile(dir, '1m', '2025-07-02'), { interval: '1m' }).ts)).toEqual([Date.parse('2025-07-02T13:30:00Z')]);
  });
});

const NY = { interval: '1m' as const, timezone: 'America/New_York', timestamps: 'iso' as const };
const HEAD = 'ts,open,high,low,close,volume';
const bar = (hhmm: string, price = 1) => `2025-07-02T${hhmm}:00-04:00,${price},${price},${price},${price},10`;

/** Writes a CSV under dir and returns its path. */
function csvAt(dir: string, name: string, lines: readonly string[], end = '\n'): string {
  const f = path.join(dir, name);
  writeFileSync(f, lines.join(end) + end);
  return f;
}


async function thrown(f: () => Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try { await f(); } catch (e) { return e as never; }
  throw new Error('did not throw');
}

describe('import: symbols', () => {
  it('a symbol column in the file is used; the file name is only a fallback', async () => {
    const dir = tmpDir();
    const f = csvAt(dir, 'vendor.csv', ['ts,symbol,open,high,low,close,volume', '2025-07-02T09:30:00-04:00,AAA,1,1,1,1,1', '2025-07-02T09:30:00-04:00,BBB,2,2,2,2,2']);
    const r = await importCsv({ ...NY, root: path.join(dir, 'ds'), inputs: [{ path: f, defaultSymbol: 'vendor' }] });
    expect(r.rejected).toEqual([]);
    expect(symbolRows(path.join(dir, 'ds'), '2025-07-02')).toEqual({ AAA: 1, BBB: 1 });
  });
  it('a column named Ticker is found by name', async () => {
    const dir = tmpDir();
    const f = csvAt(dir, 'v.csv', ['Ticker,ts,open,high,low,close,volume', 'AAA,2025-07-02T09:30:00-04:00,1,1,1,1,1']);
    await importCsv({ ...NY, root: dir, inputs: [{ path: f, defaultSymbol: 'v' }] });
    expect(symbolRows(dir, '2025-07-02')).toEqual({ AAA: 1 });
  });
  it('--symbol with a symbol column imports only that symbol and reports the others', async () => {
    const dir = tmpDir();
    const f = csvAt(dir, 'v.csv', ['ts,symbol,open,high,low,close,volume', '2025-07-02T09:30:00-04:00,AAA,1,1,1,1,1', '2025-07-02T09:30:00-04:00,BBB,2,2,2,2,2']);
    const r = await importCsv({ ...NY, root: dir, inputs: [{ path: f, symbol: 'BBB' }] });
    expect(symbolRows(dir, '2025-07-02')).toEqual({ BBB: 1 });
    expect(r.rejected).toEqual([{ file: f, row: 2, column: 'symbol', value: 'AAA', reason: 'other-symbol' }]);
  });
  it('without a symbol column nor a symbol, the error names the file', async () => {
    const dir = tmpDir();
    const f = csvAt(dir, 'v.csv', [HEAD, bar('09:30')]);
    expect(await thrown(() => importCsv({ ...NY, root: dir, inputs: [{ path: f }] }))).toMatchObject({ code: 'IMPORT_MISSING_COLUMN', details: { file: f } });
  });
});

describe('import: all or nothing', () => {
  it('a bad second file leaves no day file and carries the first file\'s rejected rows', async () => {
    const dir = tmpDir();
    const good = csvAt(dir, 'AAA.csv', [HEAD, bar('09:30'), 'nope,1,1,1,1,1']);
    const bad = csvAt(dir, 'BBB.csv', ['ts,open,high,low,close', '2025-07-02T09:30:00-04:00,1,1,1,1']);
    const before = snapshotTree(dir);
    const e = await thrown(() => importCsv({ ...NY, root: path.join(dir, 'ds'), inputs: [{ path: good, defaultSymbol: 'AAA' }, { path: bad, defaultSymbol: 'BBB' }] }));
    expect(e.code).toBe('IMPORT_MISSING_COLUMN');
    expect(e.message).toContain('BBB.csv');
    expect((e.details.rejected as RejectedRow[]).map((r) => [r.row, r.reason])).toEqual([[3, 'bad-timestamp']]);
    expect(snapshotTree(dir)).toEqual(before);
  });
  it('a file of a later day that fails does not leave the earlier days written', async () => {
    const dir = tmpDir();
    const a = csvAt(dir, 'AAA.csv', [HEAD, '2025-07-01T09:30:00-04:00,1,1,1,1,1', '2025-07-02T09:30:00-04:00,1,1,1,1,1']);
    const b = csvAt(dir, 'BBB.csv', [HEAD, 'x,1,1,1,1,1']);
    expect((await thrown(() => importCsv({ ...NY, root: path.join(dir, 'ds'), inputs: [{ path: a, defaultSymbol: 'AAA' }, { path: b, defaultSymbol: 'BBB' }] }))).code).toBe('IMPORT_NO_ROWS');
    expect(existsSync(path.join(dir, 'ds'))).toBe(false);
  });
});

describe('import: timestamps', () => {
  it('an out-of-range epoch row is a rejected row; the rest is imported', async () => {
    const dir = tmpDir();
    const f = csvAt(dir, 'E.csv', [HEAD, '1751463000,1,1,1,1,1', '6000000000000,1,1,1,1,1', '-6000000000000,1,1,1,1,1']);
    const r = await importCsv({ ...NY, timestamps: 'epoch-s', root: dir, inputs: [{ path: f, symbol: 'E' }] });
    expect(r.rowsImported).toBe(1);
    expect(r.rejected).toEqual([
      { file: f, row: 3, column: 'ts', value: '6000000000000', reason: 'timestamp-out-of-range' },
      { file: f, row: 4, column: 'ts', value: '-6000000000000', reason: 'timestamp-out-of-range' },
    ]);
  });
  it('every row rejected is IMPORT_NO_ROWS naming the file and asking about --timestamps', async () => {
    const dir = tmpDir();
    const f = csvAt(dir, 'MS.csv', [HEAD, '1751463000000,1,1,1,1,1']);
    const e = await thrown(() => importCsv({ ...NY, timestamps: 'epoch-s', root: dir, inputs: [{ path: f, symbol: 'MS' }] }));
    expect(e.code).toBe('IMPORT_NO_ROWS');
    expect(e.message).toContain('MS.csv');
    expect(e.message).toContain('--timestamps epoch-s');
    expect(e.details.rejected).toHaveLength(1);
  });
  it('an unknown time zone is an option error, not a bad date', async () => {
    const dir = tmpDir();
    const f = csvAt(dir, 'Z.csv', [HEAD, bar('09:30')]);
    expect((await thrown(() => importCsv({ ...NY, timezone: 'Mars/Olympus', root: dir, inputs: [{ path: f, symbol: 'Z' }] }))).code).toBe('IMPORT_BAD_OPTION');
  });
});

describe('import: merging into existing days', () => {
  it('one file per symbol into the same day keeps both; a re-import changes no byte', async () => {
    const dir = tmpDir();
    const root = path.join(dir, 'ds');
    const a = csvAt(dir, 'AAA.csv', [HEAD, bar('09:30'), bar('09:31')]);
    const b = csvAt(dir, 'BBB.csv', [HEAD, bar('09:30', 2)]);
    const o = (f: string, s: string): ImportOptions => ({ ...NY, root, inputs: [{ path: f, defaultSymbol: s }] });
    await importCsv(o(a, 'AAA'));
    await importCsv(o(b, 'BBB'));
    expect(symbolRows(root, '2025-07-02')).toEqual({ AAA: 2, BBB: 1 });
    const bytes = readFileSync(dayFile(root, '1m', '2025-07-02'));
    const again = await importCsv(o(a, 'AAA'));
    expect([again.rowsImported, again.rowsUnchanged, again.rejected.length, again.days.length]).toEqual([0, 2, 0, 0]);
    expect(readFileSync(dayFile(root, '1m', '2025-07-02')).equals(bytes)).toBe(true);
  });
  it('a second part of the same symbol and day is added, not replacing the first part', async () => {
    const dir = tmpDir();
    const a1 = csvAt(dir, 'AAA_1.csv', [HEAD, bar('09:30')]);
    const a2 = csvAt(dir, 'AAA_2.csv', [HEAD, bar('09:31')]);
    await importCsv({ ...NY, root: dir, inputs: [{ path: a1, defaultSymbol: 'AAA' }] });
    await importCsv({ ...NY, root: dir, inputs: [{ path: a2, defaultSymbol: 'AAA' }] });
    expect(symbolRows(dir, '2025-07-02')).toEqual({ AAA: 2 });
  });
  it('a row that differs from the dataset\'s is reported, the dataset\'s kept', async () => {
    const dir = tmpDir();
    const a = csvAt(dir, 'AAA.csv', [HEAD, bar('09:30')]);
    const a2 = csvAt(dir, 'AAA_fix.csv', [HEAD, bar('09:30', 5), bar('09:31')]);
    await importCsv({ ...NY, root: dir, inputs: [{ path: a, defaultSymbol: 'AAA' }] });
    const r = await importCsv({ ...NY, root: dir, inputs: [{ path: a2, defaultSymbol: 'AAA' }] });
    expect(r.rejected).toEqual([{ file: a2, row: 2, column: 'ts', value: '2025-07-02T09:30:00-04:00', reason: 'existing-differs' }]);
    expect(Array.from(readDay(dayFile(dir, '1m', '2025-07-02'), { interval: '1m' }).close)).toEqual([1, 1]);
  });
});

describe('import: day locks', () => {
  it('a day held by a live import is waited for, then IMPORT_LOCKED, nothing written', async () => {
    const dir = tmpDir();
    const f = csvAt(dir, 'L.csv', [HEAD, bar('09:30')]);
    const lock = lockFile(dayFile(path.join(dir, 'ds'), '1m', '2025-07-02'));
    await importCsv({ ...NY, root: path.join(dir, 'ds'), inputs: [{ path: csvAt(dir, 'K.csv', [HEAD, bar('09:31')]), symbol: 'K' }] });
    writeFileSync(lock, `${process.pid} ${os.hostname()}\n`);
    const before = snapshotTree(dir);
    const e = await thrown(() => importCsv({ ...NY, root: path.join(dir, 'ds'), lockWaitMs: 200, inputs: [{ path: f, symbol: 'L' }] }));
    expect(e.code).toBe('IMPORT_LOCKED');
    expect(e.message).toContain('date=2025-07-02');
    expect(snapshotTree(dir)).toEqual(before);
  });
  it('a lock left by a process that is gone is taken over', async () => {
    const dir = tmpDir();
    const f = csvAt(dir, 'L.csv', [HEAD, bar('09:30')]);
    const lock = lockFile(dayFile(path.join(dir, 'ds'), '1m', '2025-07-02'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    await importCsv({ ...NY, root: path.join(dir, 'ds'), inputs: [{ path: csvAt(dir, 'K.csv', [HEAD, bar('09:31')]), symbol: 'K' }] });
    writeFileSync(lock, `${dead} ${os.hostname()}\n`);
    await importCsv({ ...NY, root: path.join(dir, 'ds'), lockWaitMs: 0, inputs: [{ path: f, symbol: 'L' }] });
    expect(symbolRows(path.join(dir, 'ds'), '2025-07-02')).toEqual({ K: 1, L: 1 });
    expect(existsSync(lock)).toBe(false);
  });
});

describe('CSV records', () => {
  const recs = async (t: string) => {
    const out: [number, string[]][] = [];
    for await (const r of csvRecords(t)) out.push([r.line, r.fields]);
    return out;
  };
  it('a lone CR ends a line (old Mac files), as do CRLF and LF', async () => {
    expect(await recs('a,b\r1,2\r\n3,4\n5,6\r')).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [3, ['3', '4']], [4, ['5', '6']]]);
  });
  it('quoted fields hold delimiters, doubled quotes and line breaks; line numbers stay right', async () => {
    expect(await recs('a,b\n"x,y","say ""hi""\r\nthere"\n1,2\n')).toEqual([[1, ['a', 'b']], [2, ['x,y', 'say "hi"\r\nthere']], [4, ['1', '2']]]);
  });
  it('a byte-order mark is dropped and a quote inside a field is a character', async () => {
    expect(await recs('\ufeffa,b\n5" screen,2')).toEqual([[1, ['a', 'b']], [2, ['5" screen', '2']]]);
  });
  it('an unclosed quote says on which line it opened', async () => {
    await expect(recs('a,b\n1,2\n"3,4\n5,6\n')).rejects.toThrow(/line 3/);
  });
  it('a CR-only file imports', async () => {
    const dir = tmpDir();
    const f = csvAt(dir, 'MAC.csv', [HEAD, bar('09:30'), bar('09:31')], '\r');
    const r = await importCsv({ ...NY, root: dir, inputs: [{ path: f, symbol: 'MAC' }] });
    expect([r.rowsRead, r.rowsImported]).toEqual([2, 2]);
  });
});
