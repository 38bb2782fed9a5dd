import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCsv, type ImportOptions } from '../src/storage/index.js';
import { expectCleanError, expectOk, runCli } from './corpus/harness.js';
import { tmpDir } from './support/tmp.js';

const dir = tmpDir('import-formats-');
const NY = { interval: '1m' as const, timezone: 'America/New_York', timestamps: 'iso' as const };

/** The same bars in every format: two symbols, two days, a pre-market print, regular minutes. */
const ROWS: [string, number, number, number, number, number, number][] = [];
for (const [date, base] of [['2025-07-02', 100], ['2025-07-03', 110]] as const) {
  for (const [k, s] of ['AAA', 'BBB'].entries()) {
    for (const hhmm of ['04:00', '09:30', '09:31', '09:32', '09:33']) {
      const t = Date.parse(`${date}T${hhmm}:00-04:00`);
      const p = base + k * 7 + ROWS.length * 0.25;
      ROWS.push([s, t, p, p + 0.5, p - 0.5, p + 0.25, 1000 + ROWS.length]);
    }
  }
}
const isoNY = (t: number) => new Date(t - 4 * 3_600_000).toISOString().slice(0, 19) + '-04:00';
const CSV = ['ts,symbol,open,high,low,close,volume', ...ROWS.map(([s, t, ...v]) => [isoNY(t), s, ...v].join(','))].join('\n') + '\n';

const F = (name: string) => path.join(dir, name);

beforeAll(() => {
  writeFileSync(F('rows.json'), JSON.stringify(ROWS));
  const py = spawnSync('python3', [path.resolve('test/support/parquet-fixtures.py'), dir, F('rows.json')], { encoding: 'utf8' });
  expect(py.stderr).toBe('');
  expect(py.status).toBe(0);
  writeFileSync(F('bars.csv'), CSV);
});

/** Every day file under a root, by relative path, as bytes. */
function dayFiles(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(root, p), readFileSync(p));
    }
  };
  walk(root);
  return out;
}

let n = 0;
async function importInto(inputs: ImportOptions['inputs'], extra: Partial<ImportOptions> = {}) {
  const root = path.join(dir, `ds-${n++}`);
  const report = await importCsv({ ...NY, root, inputs, ...extra });
  return { root, report, files: dayFiles(root) };
}

async function failure(inputs: ImportOptions['inputs'], extra: Partial<ImportOptions> = {}): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  const root = path.join(dir, `ds-${n++}`);
  try {
    await importCsv({ ...NY, root, inputs, ...extra });
  } catch (e) {
    expect(existsSync(root)).toBe(false);
    return e as never;
  }
  throw new Error('the import did not fail');
}

let fromCsv: Map<string, Buffer>;
beforeAll(async () => {
  const r = await importInto([{ path: F('bars.csv') }]);
  expect(r.report.rowsImported).toBe(ROWS.length);
  expect([...r.files.keys()].sort()).toEqual(['interval=1m/date=2025-07-02/bars.arrow', 'interval=1m/date=2025-07-03/bars.arrow']);
  fromCsv = r.files;
});

describe('Parquet in: the day files equal those the same rows give as CSV', () => {
  it.each([
    ['zoned.parquet', 'timestamp[ns] with a zone (an instant)', {}],
    ['utc-ms.parquet', 'timestamp[ms, UTC], zstd, two row groups', {}],
    ['naive.parquet', 'timestamp[us] without a zone: exchange-local wall time', {}],
    ['naive-utc.parquet', 'timestamp[us] without a zone read as UTC with --timestamps utc', { timestamps: 'utc' as const }],
    ['epoch.parquet', 'int64 epoch ms with --timestamps epoch-ms', { timestamps: 'epoch-ms' as const }],
    ['text.parquet', 'ISO text with an offset, dictionary-encoded symbols', {}],
    ['datetime.parquet', 'a date32 and a time64 column, exchange-local', { timestamps: 'local' as const, columns: { date: 'Date', time: 'Time' } }],
  ])('%s: %s', async (file, _what, extra) => {
    const r = await importInto([{ path: F(file) }], extra);
    expect(r.report.rejected).toEqual([]);
    expect(r.report.rowsRead).toBe(ROWS.length);
    expect(r.files).toEqual(fromCsv);
  });

  it('a Hive-partitioned folder: symbol and date from its key=value folders, _SUCCESS skipped', async () => {
    const r = await importInto([{ path: F('lake') }]);
    expect(r.report.rejected).toEqual([]);
    expect(r.files).toEqual(fromCsv);
  });

  it('--symbol on a lake keeps that symbol\'s rows and reports the others as other-symbol', async () => {
    const r = await importInto([{ path: F('lake'), symbol: 'AAA' }]);
    expect(r.report.rowsImported).toBe(ROWS.length / 2);
    expect(r.report.rejectedByReason).toEqual({ 'other-symbol': ROWS.length / 2 });
    expect(r.report.rejected[0]).toMatchObject({ file: F('lake/symbol=BBB/date=2025-07-02/part-0.parquet'), row: 1, column: 'symbol', value: 'BBB' });
  });

  it('a zoneless timestamp is the exchange\'s wall time, not UTC: read as UTC it is four hours off', async () => {
    const wrong = await importInto([{ path: F('naive.parquet') }], { timestamps: 'utc' });
    expect(wrong.files).not.toEqual(fromCsv);
  });

  it('an int64 epoch read as iso: IMPORT_NO_ROWS asking about --timestamps, naming the row', async () => {
    const e = await failure([{ path: F('epoch.parquet') }]);
    expect(e.code).toBe('IMPORT_NO_ROWS');
    expect(e.message).toContain('epoch.parquet');
    expect(e.message).toContain('row 1 column "ts"');
    expect(e.message).toContain('is --timestamps iso right?');
  });
});

describe('Parquet in: bad rows and bad files', () => {
  const write = (name: string, py: string) => {
    const r = spawnSync('python3', ['-c', `import pyarrow as pa, pyarrow.parquet as pq\n${py}`, F(name)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return F(name);
  };

  it('null, NaN, off-grid and sub-millisecond rows are rejected with their row, column and reason', async () => {
    const f = write('nulls.parquet', [
      "import sys",
      "t0 = 1751463000000",
      "ts = pa.array([(t0 + k * 60000) * 1000000 for k in range(5)] + [t0 * 1000000 + 300 * 1000000000 + 500, None], pa.timestamp('ns', tz='UTC'))",
      "pq.write_table(pa.table({'ts': ts, 'symbol': ['A', None, 'A', 'A', 'A', 'A', 'A'], 'open': [1.0, 1.0, None, float('nan'), 1.0, 1.0, 1.0], 'high': [1.0] * 7, 'low': [1.0] * 7, 'close': [1.0] * 7, 'volume': pa.array([1, 1, 1, 1, -5, 1, 1], pa.int64())}), sys.argv[1])",
    ].join('\n'));
    const r = await importInto([{ path: f }]);
    expect(r.report.rejected.map((x) => [x.row, x.column, x.value, x.reason])).toEqual([
      [2, 'symbol', '', 'null'],
      [3, 'open', '', 'null'],
      [4, 'open', 'NaN', 'non-finite'],
      [5, 'volume', '-5', 'negative-volume'],
      [6, 'ts', '2025-07-02T13:35:00.000+Z', 'off-grid'],
      [7, 'ts', '', 'null'],
    ]);
    expect(r.report.rowsImported).toBe(1);
  });

  it('a zoneless time the exchange clock skips: IMPORT_LOCAL_TIME naming the file and row', async () => {
    const f = write('dst.parquet', [
      "import sys, datetime as dt",
      "ts = pa.array([dt.datetime(2025, 3, 9, 1, 59), dt.datetime(2025, 3, 9, 2, 30)], pa.timestamp('us'))",
      "pq.write_table(pa.table({'ts': ts, 'open': [1.0, 1.0], 'high': [1.0, 1.0], 'low': [1.0, 1.0], 'close': [1.0, 1.0], 'volume': [1, 1]}), sys.argv[1])",
    ].join('\n'));
    const e = await failure([{ path: f, symbol: 'A' }]);
    expect(e.code).toBe('IMPORT_LOCAL_TIME');
    expect(e.message).toContain('dst.parquet');
    expect(e.message).toContain('row 2');
    expect(e.message).toContain('does not exist in America/New_York');
  });

  it('a cut-short file, a non-Parquet file named .parquet, an empty one: IMPORT_BAD_PARQUET naming the file', async () => {
    const whole = readFileSync(F('zoned.parquet'));
    for (const [name, bytes] of [['cut.parquet', whole.subarray(0, Math.floor(whole.length / 2))], ['text.csv.parquet', Buffer.from('ts,open\n1,2\n')], ['empty.parquet', Buffer.alloc(0)]] as const) {
      writeFileSync(F(name), bytes);
      const e = await failure([{ path: F(name) }]);
      expect([name, e.code]).toEqual([name, 'IMPORT_BAD_PARQUET']);
      expect(e.message).toContain(name);
      expect(e.details.file).toBe(F(name));
    }
  });

  it('damaged pages: a clean error naming the file, never a shorter import', async () => {
    const whole = readFileSync(F('utc-ms.parquet'));
    const outcomes = new Set<string>();
    // Overwrite a stretch of the data pages (between the leading magic and the footer) at several places.
    const footer = whole.readUInt32LE(whole.length - 8);
    const dataEnd = whole.length - 8 - footer;
    for (let at = 8; at < dataEnd - 16; at += Math.floor((dataEnd - 24) / 12)) {
      const bytes = Buffer.from(whole);
      bytes.fill(0xa5, at, at + 16);
      writeFileSync(F('damaged.parquet'), bytes);
      try {
        const r = await importInto([{ path: F('damaged.parquet') }]);
        // A flip that still decodes changes values, never the number of rows read.
        expect(r.report.rowsRead).toBe(ROWS.length);
        outcomes.add('read');
      } catch (e) {
        const err = e as { code: string; message: string };
        expect(err.code, err.message).toMatch(/^IMPORT_BAD_PARQUET$|^IMPORT_NO_ROWS$/);
        expect(err.message).toContain('damaged.parquet');
        outcomes.add(err.code);
      }
    }
    expect(outcomes.has('IMPORT_BAD_PARQUET')).toBe(true);
  });

  it('a folder with a file that is not Parquet: IMPORT_BAD_PARQUET naming that file; an empty folder: IMPORT_NO_ROWS', async () => {
    const lake = F('lake2');
    mkdirSync(path.join(lake, 'symbol=AAA'), { recursive: true });
    copyFileSync(F('lake/symbol=AAA/date=2025-07-02/part-0.parquet'), path.join(lake, 'symbol=AAA', 'part-0.parquet'));
    writeFileSync(path.join(lake, 'symbol=AAA', 'notes.txt'), 'hello');
    const e = await failure([{ path: lake }]);
    expect(e.code).toBe('IMPORT_BAD_PARQUET');
    expect(e.message).toContain('notes.txt');
    mkdirSync(F('nothing'));
    expect((await failure([{ path: F('nothing') }])).code).toBe('IMPORT_NO_ROWS');
  });

  it('a folder without a symbol anywhere: IMPORT_MISSING_COLUMN (a part file\'s name is no symbol)', async () => {
    const lake = F('lake3');
    mkdirSync(lake);
    copyFileSync(F('lake/symbol=AAA/date=2025-07-02/part-0.parquet'), path.join(lake, 'AAA.parquet'));
    const e = await failure([{ path: lake }]);
    expect(e.code).toBe('IMPORT_MISSING_COLUMN');
    expect((await importInto([{ path: lake, symbol: 'AAA' }])).report.rowsImported).toBe(5);
  });
});

describe('CSV in: a stream, gzip, delimiters, date and time columns', () => {
  it('a .gz file gives the same day files as the plain one', async () => {
    writeFileSync(F('bars.csv.gz'), gzipSync(CSV));
    expect((await importInto([{ path: F('bars.csv.gz') }])).files).toEqual(fromCsv);
  });

  it('gzip cut short: IMPORT_BAD_CSV naming the file, nothing imported', async () => {
    const gz = gzipSync(CSV);
    writeFileSync(F('cut.csv.gz'), gz.subarray(0, gz.length - 20));
    const e = await failure([{ path: F('cut.csv.gz') }]);
    expect(e.code).toBe('IMPORT_BAD_CSV');
    expect(e.message).toContain('cut.csv.gz');
  });

  it('semicolons with --delimiter ;, tabs with a tab', async () => {
    writeFileSync(F('semi.csv'), CSV.replace(/,/g, ';'));
    writeFileSync(F('tab.csv'), CSV.replace(/,/g, '\t'));
    expect((await importInto([{ path: F('semi.csv') }], { delimiter: ';' })).files).toEqual(fromCsv);
    expect((await importInto([{ path: F('tab.csv') }], { delimiter: '\t' })).files).toEqual(fromCsv);
    const e = await failure([{ path: F('semi.csv') }]);
    expect(e.code).toBe('IMPORT_MISSING_COLUMN');
    expect(e.message).toContain('give --delimiter ";"');
  });

  it('separate date and time columns, in the forms vendors write them', async () => {
    const lines = ROWS.map(([s, t, ...v], k) => {
      const local = new Date(t - 4 * 3_600_000).toISOString();
      const date = k % 2 === 0 ? local.slice(0, 10) : local.slice(0, 10).replace(/-/g, '');
      const time = k % 3 === 0 ? local.slice(11, 16).replace(/^0/, '') : local.slice(11, 19);
      return [date, time, s, ...v].join(',');
    });
    writeFileSync(F('dt.csv'), ['Date,Time,symbol,open,high,low,close,volume', ...lines].join('\n') + '\n');
    expect((await importInto([{ path: F('dt.csv') }], { timestamps: 'local', columns: { date: 'Date', time: 'Time' } })).files).toEqual(fromCsv);
  });

  it('a date column without a time column, or with an epoch format: IMPORT_BAD_OPTION', async () => {
    expect((await failure([{ path: F('bars.csv') }], { columns: { date: 'Date' } })).code).toBe('IMPORT_BAD_OPTION');
    expect((await failure([{ path: F('bars.csv') }], { timestamps: 'epoch-s', columns: { date: 'Date', time: 'Time' } })).code).toBe('IMPORT_BAD_OPTION');
    expect((await failure([{ path: F('bars.csv') }], { delimiter: ';;' })).code).toBe('IMPORT_BAD_OPTION');
  });

  it('a file larger than one read is streamed: rows past the first chunks all arrive, with their line numbers', async () => {
    const many = ['ts,open,high,low,close,volume'];
    for (let m = 0; m < 20_000; m++) many.push(`${isoNY(Date.UTC(2025, 6, 2, 8) + m * 1000)},1,1,1,1,1`);
    many.push('bad,1,1,1,1,1');
    writeFileSync(F('BIG.csv'), many.join('\n') + '\n');
    expect(statSync(F('BIG.csv')).size).toBeGreaterThan(4 * 65_536);
    const r = await importInto([{ path: F('BIG.csv'), symbol: 'BIG' }], { interval: '1s' });
    expect(r.report.rowsImported).toBe(20_000);
    expect(r.report.rejected).toEqual([{ file: F('BIG.csv'), row: 20_002, column: 'ts', value: 'bad', reason: 'bad-timestamp' }]);
  });
});

describe('sessionsim import: a Parquet lake in one command', () => {
  it('imports lake/ into the same day files as the CSV, and says so', () => {
    const d = tmpDir('import-lake-');
    const r = runCli(['import', F('lake'), '--data', path.join(d, 'ds')]);
    expectOk(r);
    expect(r.stdout).toContain(`${ROWS.length} rows read, ${ROWS.length} imported into 2 day files`);
    expect(dayFiles(path.join(d, 'ds'))).toEqual(fromCsv);
  });

  it('--delimiter and --map date=,time= on the command line', () => {
    const d = tmpDir('import-cli-');
    const r = runCli(['import', F('semi.csv'), '--data', path.join(d, 'ds'), '--delimiter', ';', '--json']);
    expectOk(r);
    expect(JSON.parse(r.stdout)).toMatchObject({ rowsRead: ROWS.length, rowsImported: ROWS.length });
    const t = runCli(['import', F('tab.csv'), '--data', path.join(d, 'ds2'), '--delimiter', 'tab', '--json']);
    expectOk(t);
    const dt = runCli(['import', F('dt.csv'), '--data', path.join(d, 'ds3'), '--timestamps', 'local', '--map', 'date=Date,time=Time']);
    expectOk(dt);
    expect(dayFiles(path.join(d, 'ds3'))).toEqual(fromCsv);
    expectCleanError(runCli(['import', F('dt.csv'), '--data', path.join(d, 'ds4'), '--map', 'date=Date']), { code: 'USAGE', mentions: ['time=COL'] });
    expectCleanError(runCli(['import', F('cut.parquet'), '--data', path.join(d, 'ds5')]), { code: 'IMPORT_BAD_PARQUET', mentions: ['cut.parquet'] });
  });
});
