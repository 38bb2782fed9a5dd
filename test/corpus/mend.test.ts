/**
 * Corpus cases of issue 12's last mends: local times at DST changes in an import, leftovers of a
 * killed import, and the replay's read-only state.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { tmpDir } from '../support/tmp.js';
import { expectCleanError, expectTreeUnchanged, runCli, snapshotTree } from './harness.js';

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
});
