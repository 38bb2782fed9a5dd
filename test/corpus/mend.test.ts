/**
 * Corpus cases of issue 12's last mends: local times at DST changes in an import, leftovers of a
 * killed import, and the replay's read-only state.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnsFromRows, dayFile, readDay, writeDay } from '../../src/storage/index.js';
import { tmpDir } from '../support/tmp.js';
import { expectCleanError, expectOk, expectTreeUnchanged, runCli, snapshotTree, startCli } from './harness.js';

const dir = tmpDir('corpus-mend-');
const HEAD = 'ts,open,high,low,close,volume';
const lines = (...l: string[]) => l.join('\n') + '\n';

/** A fresh folder for one case, with the files given (name -> text). */
function caseDir(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(dir, 'case-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text);
  return d;
}

describe('corpus: mends (DST local times, killed imports, read-only replay)', () => {
  it('import --timestamps local with a time the clock skips (spring forward): IMPORT_LOCAL_TIME naming file, line and value; nothing written', () => {
    const d = caseDir({ 'AAA.csv': lines(HEAD, '2013-03-10 01:59,1,1,1,1,1', '2013-03-10 02:30,1,1,1,1,1', '2013-03-10 03:00,1,1,1,1,1') });
    const before = snapshotTree(d);
    expectCleanError(runCli(['import', 'AAA.csv', '--data', 'ds', '--timestamps', 'local'], { cwd: d }), { code: 'IMPORT_LOCAL_TIME', mentions: ['AAA.csv', 'line 3', '2013-03-10 02:30', 'does not exist in America/New_York'] });
    expectTreeUnchanged(before, snapshotTree(d));
  });

  it('import --timestamps local with a time in the fall-back hour: IMPORT_LOCAL_TIME (ambiguous), not a guessed bar', () => {
    const d = caseDir({ 'AAA.csv': lines(HEAD, '2013-11-03 00:59,1,1,1,1,1', '2013-11-03 01:30,1,1,1,1,1') });
    const before = snapshotTree(d);
    expectCleanError(runCli(['import', 'AAA.csv', '--data', 'ds', '--timestamps', 'local'], { cwd: d }), { code: 'IMPORT_LOCAL_TIME', mentions: ['AAA.csv', 'line 3', '2013-11-03 01:30', 'ambiguous'] });
    expectTreeUnchanged(before, snapshotTree(d));
  });

  it('an import killed mid-commit: the next import finishes or undoes it, all its days alike, and leaves no leftover', async () => {
    const d = caseDir({});
    const dates = Array.from({ length: 8 }, (_, i) => `2025-07-${String(i + 1).padStart(2, '0')}`);
    // Full days already there, so each day takes a while to stage and the kill lands inside the commit.
    for (const date of dates) {
      const rows = [];
      for (let k = 0; k < 20; k++) for (let m = 0; m < 960; m++) rows.push({ symbol: `S${k}`, ts: Date.parse(`${date}T08:00:00Z`) + m * 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1 });
      writeDay(path.join(d, 'ds'), '1m', date, columnsFromRows(rows));
    }
    writeFileSync(path.join(d, 'K.csv'), lines(HEAD, ...dates.map((date) => `${date}T09:30:00-04:00,2,2,2,2,2`)));
    writeFileSync(path.join(d, 'L.csv'), lines(HEAD, '2025-07-31T09:30:00-04:00,3,3,3,3,3'));
    const child = startCli(['import', 'K.csv', '--data', 'ds'], { cwd: d });
    // Killed as soon as its commit starts (the journal appears) or, failing that, once it is staging.
    const root = path.join(d, 'ds');
    const killed = new Promise<void>((resolve) => {
      const w = watch(root, (_e, name) => { if (String(name).endsWith('.journal')) { child.child.kill('SIGKILL'); w.close(); resolve(); } });
      child.done.then(() => { w.close(); resolve(); });
    });
    await killed;
    await child.done;
    expectOk(runCli(['import', 'L.csv', '--data', 'ds'], { cwd: d }));
    const has = dates.map((date) => readDay(dayFile(root, '1m', date), { interval: '1m' }).symbols.includes('K'));
    expect(new Set(has).size, `the killed import's rows are in every day or in none: ${has}`).toBe(1);
    for (const date of dates) expect(readDay(dayFile(root, '1m', date), { interval: '1m' }).ts.length).toBe(20 * 960 + (has[0] ? 1 : 0));
    const left = readdirSync(root, { recursive: true }).map(String).filter((f) => !f.endsWith('bars.arrow') && !/^interval=1m(\/date=[\d-]+)?$/.test(f));
    expect(left).toEqual([]);
  });

  it('a day that only a killed import\'s backup holds: the run reads it (put back), not a missing day', () => {
    const d = caseDir({ 'A.csv': lines(HEAD, '2025-07-02T09:30:00-04:00,1,1,1,1,1', '2025-07-02T09:31:00-04:00,1,1,1,1,1') });
    expectOk(runCli(['import', 'A.csv', '--data', 'ds'], { cwd: d }));
    const day = dayFile(path.join(d, 'ds'), '1m', '2025-07-02');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    renameSync(day, `${day}.bak-${dead}`);
    writeFileSync(path.join(d, 'cfg.json'), JSON.stringify({ data: 'ds', symbols: ['A'], start: '2025-07-02', end: '2025-07-02' }));
    const r = runCli(['run', 'cfg.json', '--json'], { cwd: d });
    expectOk(r);
    expect(JSON.parse(r.stdout).bars).toBe(2);
    expect(existsSync(day)).toBe(true);
    expect(existsSync(`${day}.bak-${dead}`)).toBe(false);
  });
});
