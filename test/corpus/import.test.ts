import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnsFromRows, dayFile, readDay, writeDay } from '../../src/storage/index.js';
import { lockFile } from '../../src/storage/day-lock.js';
import { tmpDir } from '../support/tmp.js';
import { expectCleanError, expectOk, expectTreeUnchanged, runCli, snapshotTree, startCli } from './harness.js';

const dir = tmpDir('corpus-import-');
const HEAD = 'ts,open,high,low,close,volume';
const bar = (hhmm: string, price = 1, date = '2025-07-02') => `${date}T${hhmm}:00-04:00,${price},${price},${price},${price},10`;
const DAY = path.join('ds', 'interval=1m', 'date=2025-07-02', 'bars.arrow');

/** A fresh folder for one case, with the CSV files given (name -> text). */
function caseDir(files: Record<string, string | Buffer>): string {
  const d = mkdtempSync(path.join(dir, 'case-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text);
  return d;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

/** `sessionsim import` run in `cwd` on relative paths, so messages name the files as the user typed them. */
const imp = (cwd: string, ...args: string[]) => runCli(['import', ...args], { cwd });

function symbolRows(cwd: string, date = '2025-07-02'): Record<string, number> {
  const day = readDay(dayFile(path.join(cwd, 'ds'), '1m', date), { interval: '1m' });
  const out: Record<string, number> = {};
  for (const i of day.sym) out[day.symbols[i]!] = (out[day.symbols[i]!] ?? 0) + 1;
  return out;
}

/** A failing import: the error line, and nothing written but `outputs`. */
function expectFails(cwd: string, args: string[], e: Parameters<typeof expectCleanError>[1], outputs: string[] = []): string {
  const before = snapshotTree(cwd);
  const line = expectCleanError(imp(cwd, ...args), e);
  expectTreeUnchanged(before, snapshotTree(cwd), outputs);
  return line;
}

describe('corpus: CSV import', () => {
  it('a vendor file with its own symbol column keeps every symbol (not the file name)', () => {
    const d = caseDir({ 'vendor.csv': lines('ts,symbol,open,high,low,close,volume', '2025-07-02T09:30:00-04:00,AAA,1,1,1,1,1', '2025-07-02T09:30:00-04:00,BBB,2,2,2,2,2') });
    expectOk(imp(d, 'vendor.csv', '--data', 'ds'));
    expect(symbolRows(d)).toEqual({ AAA: 1, BBB: 1 });
  });

  it('a second file without a needed column: nothing written, the error names the file and column', () => {
    const d = caseDir({ 'AAA.csv': lines(HEAD, bar('09:30')), 'BBB.csv': lines('ts,open,high,low,close', '2025-07-02T09:30:00-04:00,1,1,1,1') });
    expectFails(d, ['AAA.csv', 'BBB.csv', '--data', 'ds'], { code: 'IMPORT_MISSING_COLUMN', mentions: ['BBB.csv', 'volume'] });
  });

  it('a failed import still writes the report of its rejected rows, and no day file', () => {
    const d = caseDir({ 'AAA.csv': lines(HEAD, bar('09:30'), 'soon,1,1,1,1,1'), 'BBB.csv': lines(HEAD, 'never,1,1,1,1,1') });
    expectFails(d, ['AAA.csv', 'BBB.csv', '--data', 'ds', '--report', 'rejected.csv'], { code: 'IMPORT_NO_ROWS', mentions: ['BBB.csv', 'line 2', 'never'] }, ['rejected.csv']);
    expect(readFileSync(path.join(d, 'rejected.csv'), 'utf8')).toBe(lines('file,row,column,value,reason', 'AAA.csv,3,ts,"soon",bad-timestamp', 'BBB.csv,2,ts,"never",bad-timestamp'));
  });

  it('an out-of-range epoch row is a rejected row; the rest is imported', () => {
    const d = caseDir({ 'E.csv': lines(HEAD, '1751463000,1,1,1,1,1', '6000000000000,1,1,1,1,1') });
    const r = imp(d, 'E.csv', '--data', 'ds', '--timestamps', 'epoch-s', '--report', 'rej.csv');
    expectOk(r);
    expect(r.stdout).toContain('timestamp-out-of-range 1');
    expect(readFileSync(path.join(d, 'rej.csv'), 'utf8')).toContain('E.csv,3,ts,"6000000000000",timestamp-out-of-range');
    expect(symbolRows(d)).toEqual({ E: 1 });
  });

  it('every row rejected: IMPORT_NO_ROWS naming the file and row, report written', () => {
    const d = caseDir({ 'X.csv': lines(HEAD, '2025-07-02T09:30:00-04:00,1,0.5,0.6,1,1', '2025-07-02T09:31:00-04:00,abc,1,1,1,1') });
    expectFails(d, ['X.csv', '--data', 'ds', '--report', 'rej.csv'], { code: 'IMPORT_NO_ROWS', mentions: ['X.csv', 'line 2', 'high-below-low 1', 'not-a-number 1'] }, ['rej.csv']);
    expect(readFileSync(path.join(d, 'rej.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('a CR-only CSV imports; a bad one gives a printable error line', () => {
    const d = caseDir({ 'MAC.csv': [HEAD, bar('09:30'), bar('09:31')].join('\r') + '\r', 'OLD.csv': ['ts,open,high,low,close', bar('09:30')].join('\r') });
    const r = imp(d, 'MAC.csv', '--data', 'ds', '--json');
    expectOk(r);
    expect(JSON.parse(r.stdout)).toMatchObject({ rowsRead: 2, rowsImported: 2 });
    const line = expectFails(d, ['OLD.csv', '--data', 'ds'], { code: 'IMPORT_MISSING_COLUMN', mentions: ['OLD.csv', 'volume'] });
    expect(line).not.toContain('2025-07-02');
  });

  it('a header-only file: IMPORT_NO_ROWS', () => {
    const d = caseDir({ 'H.csv': lines(HEAD) });
    expectFails(d, ['H.csv', '--data', 'ds'], { code: 'IMPORT_NO_ROWS', mentions: ['H.csv', 'no rows'] });
  });

  it('an empty file: IMPORT_NO_ROWS', () => {
    const d = caseDir({ 'Z.csv': '' });
    expectFails(d, ['Z.csv', '--data', 'ds'], { code: 'IMPORT_NO_ROWS', mentions: ['Z.csv', 'empty'] });
  });

  it('a byte-order mark before the header is dropped', () => {
    const d = caseDir({ 'BOM.csv': '\ufeff' + lines(HEAD, bar('09:30')) });
    expectOk(imp(d, 'BOM.csv', '--data', 'ds'));
    expect(symbolRows(d)).toEqual({ BOM: 1 });
  });

  it('a ragged row is a counted, reported rejection', () => {
    const d = caseDir({ 'R.csv': lines(HEAD, bar('09:30'), '2025-07-02T09:31:00-04:00,1,1,1,1', bar('09:32') + ',7') });
    const r = imp(d, 'R.csv', '--data', 'ds', '--report', 'rej.csv');
    expectOk(r);
    expect(r.stdout).toContain('wrong-field-count 2');
    expect(readFileSync(path.join(d, 'rej.csv'), 'utf8')).toContain('R.csv,3,*,"2025-07-02T09:31:00-04:00,1,1,1,1",wrong-field-count');
  });

  it('a quoted field with a delimiter and a line break is one field', () => {
    const d = caseDir({ 'q.csv': lines('ts,symbol,note,open,high,low,close,volume', '2025-07-02T09:30:00-04:00,"AAA","a, b\nc",1,1,1,1,1', '2025-07-02T09:31:00-04:00,AAA,x,1,1,1,1,1') });
    const r = imp(d, 'q.csv', '--data', 'ds', '--json');
    expectOk(r);
    expect(JSON.parse(r.stdout)).toMatchObject({ rowsRead: 2, rowsImported: 2 });
  });

  it('an unclosed quote: IMPORT_BAD_CSV naming the file and line', () => {
    const d = caseDir({ 'U.csv': lines(HEAD, bar('09:30'), '"2025-07-02T09:31:00-04:00,1,1,1,1,1', bar('09:32')) });
    expectFails(d, ['U.csv', '--data', 'ds'], { code: 'IMPORT_BAD_CSV', mentions: ['U.csv', 'line 3'] });
  });

  it('a binary file: IMPORT_BAD_CSV', () => {
    const d = caseDir({ 'bin.csv': Buffer.from([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31, 0, 0, 0xff, 0x10, 0x0d]) });
    expectFails(d, ['bin.csv', '--data', 'ds'], { code: 'IMPORT_BAD_CSV', mentions: ['bin.csv', 'NUL'] });
  });

  it('a file that is not UTF-8 (Latin-1): IMPORT_BAD_CSV', () => {
    const d = caseDir({ 'lat.csv': Buffer.concat([Buffer.from('ts,symbol,open,high,low,close,volume\n2025-07-02T09:30:00-04:00,SOCI'), Buffer.from([0xc9]), Buffer.from('T,1,1,1,1,1\n')]) });
    expectFails(d, ['lat.csv', '--data', 'ds'], { code: 'IMPORT_BAD_CSV', mentions: ['lat.csv', 'UTF-8'] });
  });

  it('a huge field: the row rejected, the error line bounded', () => {
    const d = caseDir({ 'big.csv': lines(HEAD, `2025-07-02T09:30:00-04:00,${'9'.repeat(2_000_000)},1,1,1,1`) });
    const line = expectFails(d, ['big.csv', '--data', 'ds', '--report', 'rej.csv'], { code: 'IMPORT_NO_ROWS', mentions: ['big.csv', 'line 2', 'non-finite'] }, ['rej.csv']);
    expect(line.length).toBeLessThan(400);
    expect(readFileSync(path.join(d, 'rej.csv'), 'utf8').length).toBeLessThan(2000);
  });

  it('a needed column named twice in the header: IMPORT_BAD_CSV', () => {
    const d = caseDir({ 'dup.csv': lines('ts,open,high,low,close,close,volume', '2025-07-02T09:30:00-04:00,1,1,1,1,2,1') });
    expectFails(d, ['dup.csv', '--data', 'ds'], { code: 'IMPORT_BAD_CSV', mentions: ['dup.csv', '"close"', '5, 6'] });
  });

  it('a timestamp column with mixed formats: the rows not in the chosen format are reported', () => {
    const d = caseDir({ 'mix.csv': lines(HEAD, bar('09:30'), '2025-07-02 09:31:00,1,1,1,1,1', '1751463120,1,1,1,1,1') });
    const r = imp(d, 'mix.csv', '--data', 'ds', '--report', 'rej.csv');
    expectOk(r);
    expect(r.stdout).toContain('bad-timestamp 2');
    expect(readFileSync(path.join(d, 'rej.csv'), 'utf8')).toBe(lines('file,row,column,value,reason', 'mix.csv,3,ts,"2025-07-02 09:31:00",bad-timestamp', 'mix.csv,4,ts,"1751463120",bad-timestamp'));
  });

  it('--timestamps that does not match the data: IMPORT_NO_ROWS asking about it', () => {
    const d = caseDir({ 'ms.csv': lines(HEAD, '1751463000000,1,1,1,1,1', '1751463060000,1,1,1,1,1') });
    expectFails(d, ['ms.csv', '--data', 'ds', '--timestamps', 'epoch-s'], { code: 'IMPORT_NO_ROWS', mentions: ['ms.csv', '--timestamps epoch-s', '1751463000000'] });
  });

  it('no --data: USAGE', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30')) });
    expectFails(d, ['A.csv'], { code: 'USAGE', mentions: ['--data'] });
  });

  it('an input that does not exist: DATA_IO naming it', () => {
    const d = caseDir({});
    expectFails(d, ['nope.csv', '--data', 'ds'], { code: 'DATA_IO', mentions: ['nope.csv', 'no such file'] });
  });

  it('an unknown --tz: IMPORT_BAD_OPTION', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30')) });
    expectFails(d, ['A.csv', '--data', 'ds', '--tz', 'Mars/Olympus'], { code: 'IMPORT_BAD_OPTION', mentions: ['Mars/Olympus'] });
  });

  it('an unknown --interval: USAGE', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30')) });
    expectFails(d, ['A.csv', '--data', 'ds', '--interval', '5m'], { code: 'USAGE', mentions: ['5m'] });
  });

  it('a semicolon-separated file: IMPORT_MISSING_COLUMN saying only commas are read', () => {
    const d = caseDir({ 'semi.csv': lines(HEAD.replace(/,/g, ';'), bar('09:30').replace(/,/g, ';')) });
    expectFails(d, ['semi.csv', '--data', 'ds'], { code: 'IMPORT_MISSING_COLUMN', mentions: ['semi.csv', 'comma'] });
  });

  it('--report onto the input CSV: OUTPUT_REFUSED before anything is written', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30'), 'bad,1,1,1,1,1') });
    expectFails(d, ['A.csv', '--data', 'ds', '--report', 'A.csv'], { code: 'OUTPUT_REFUSED', mentions: ['A.csv', 'input'] });
  });

  it('--report into a folder that does not exist: OUTPUT_IO before anything is imported', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30')) });
    expectFails(d, ['A.csv', '--data', 'ds', '--report', 'no/such/rej.csv'], { code: 'OUTPUT_IO', mentions: ['no/such/rej.csv', 'folder'] });
  });

  it('a day file that is a symlink is refused, not replaced, and nothing is imported', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30'), bar('09:31', 1, '2025-07-03')) });
    const target = writeDay(path.join(d, 'other'), '1m', '2025-07-03', columnsFromRows([{ symbol: 'Z', ts: Date.UTC(2025, 6, 3, 13, 30), open: 1, high: 1, low: 1, close: 1, volume: 1 }]));
    mkdirSync(path.join(d, 'ds', 'interval=1m', 'date=2025-07-03'), { recursive: true });
    symlinkSync(target, path.join(d, 'ds', 'interval=1m', 'date=2025-07-03', 'bars.arrow'));
    expectFails(d, ['A.csv', '--data', 'ds'], { code: 'OUTPUT_REFUSED', mentions: ['date=2025-07-03', 'symbolic link'] });
  });

  it('a later day that cannot be written: a clean error, the earlier day not written either', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30'), bar('09:31', 1, '2025-07-03')) });
    mkdirSync(path.join(d, 'ds', 'interval=1m', 'date=2025-07-03', 'bars.arrow'), { recursive: true });
    expectFails(d, ['A.csv', '--data', 'ds'], { code: 'DATA_IO', mentions: ['date=2025-07-03', 'EISDIR'] });
  });

  it('an existing day file that is not Arrow: the import stops naming it, nothing is replaced', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30')) });
    mkdirSync(path.join(d, 'ds', 'interval=1m', 'date=2025-07-02'), { recursive: true });
    writeFileSync(path.join(d, DAY), 'not arrow');
    expectFails(d, ['A.csv', '--data', 'ds'], { code: 'DATA_NOT_ARROW', mentions: ['date=2025-07-02'] });
  });

  it('--data that is a file: a clean error, nothing written', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30')), ds: 'not a folder' });
    expectFails(d, ['A.csv', '--data', 'ds'], { code: 'OUTPUT_IO', mentions: ['ds'] });
  });

  it('--symbol with a symbol column imports only that symbol; the others are reported', () => {
    const d = caseDir({ 'v.csv': lines('ts,symbol,open,high,low,close,volume', '2025-07-02T09:30:00-04:00,AAA,1,1,1,1,1', '2025-07-02T09:30:00-04:00,BBB,2,2,2,2,2') });
    const r = imp(d, 'v.csv', '--data', 'ds', '--symbol', 'BBB');
    expectOk(r);
    expect(r.stdout).toContain('other-symbol 1');
    expect(symbolRows(d)).toEqual({ BBB: 1 });
  });

  it('--symbol naming no symbol of the file: IMPORT_NO_ROWS', () => {
    const d = caseDir({ 'v.csv': lines('ts,symbol,open,high,low,close,volume', '2025-07-02T09:30:00-04:00,AAA,1,1,1,1,1') });
    expectFails(d, ['v.csv', '--data', 'ds', '--symbol', 'ZZZ'], { code: 'IMPORT_NO_ROWS', mentions: ['v.csv', 'other-symbol'] });
  });

  it('one file per symbol into the same day keeps both; importing one again changes no byte', () => {
    const d = caseDir({ 'AAA.csv': lines(HEAD, bar('09:30'), bar('09:31')), 'BBB.csv': lines(HEAD, bar('09:30', 2)) });
    expectOk(imp(d, 'AAA.csv', '--data', 'ds'));
    expectOk(imp(d, 'BBB.csv', '--data', 'ds'));
    expect(symbolRows(d)).toEqual({ AAA: 2, BBB: 1 });
    const before = snapshotTree(d);
    const r = imp(d, 'AAA.csv', '--data', 'ds');
    expectOk(r);
    expect(r.stdout).toContain('2 already in the dataset');
    expectTreeUnchanged(before, snapshotTree(d));
  });

  it('two imports into the same day at once both keep their rows', async () => {
    // The day already holds many rows, so each import takes a while between reading it and
    // writing it back; the inputs come through FIFOs so that both imports start reading together.
    const d = caseDir({});
    const existing = [];
    for (let k = 0; k < 60; k++) for (let m = 0; m < 960; m++) existing.push({ symbol: `S${k}`, ts: Date.UTC(2025, 6, 2, 8) + m * 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    writeDay(path.join(d, 'ds'), '1m', '2025-07-02', columnsFromRows(existing));
    for (const f of ['AAA.csv', 'BBB.csv']) expect(spawnSync('mkfifo', [path.join(d, f)]).status).toBe(0);
    const a = startCli(['import', 'AAA.csv', '--data', 'ds'], { cwd: d });
    const b = startCli(['import', 'BBB.csv', '--data', 'ds'], { cwd: d });
    // Opening a FIFO to write waits for its reader: once both are open, both imports are reading.
    const [fa, fb] = await Promise.all([open(path.join(d, 'AAA.csv'), 'w'), open(path.join(d, 'BBB.csv'), 'w')]);
    await Promise.all([fa.writeFile(lines(HEAD, bar('09:30'))), fb.writeFile(lines(HEAD, bar('09:30', 2)))]);
    await Promise.all([fa.close(), fb.close()]);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expectOk(ra);
    expectOk(rb);
    const rows = symbolRows(d);
    expect([rows.AAA, rows.BBB, rows.S0]).toEqual([1, 1, 960]);
  });

  it('a day another live import holds: IMPORT_LOCKED after --lock-wait, nothing written', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30')), 'B.csv': lines(HEAD, bar('09:31')) });
    expectOk(imp(d, 'B.csv', '--data', 'ds'));
    writeFileSync(lockFile(path.join(d, DAY)), `${process.pid} ${os.hostname()}\n`);
    expectFails(d, ['A.csv', '--data', 'ds', '--lock-wait', '0.3'], { code: 'IMPORT_LOCKED', mentions: ['date=2025-07-02', String(process.pid)] });
  });

  it('a lock left by a killed import is taken over', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, bar('09:30')), 'B.csv': lines(HEAD, bar('09:31')) });
    expectOk(imp(d, 'B.csv', '--data', 'ds'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(lockFile(path.join(d, DAY)), `${dead} ${os.hostname()}\n`);
    expectOk(imp(d, 'A.csv', '--data', 'ds', '--lock-wait', '0'));
    expect(symbolRows(d)).toEqual({ A: 1, B: 1 });
  });
});
