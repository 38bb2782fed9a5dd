/**
 * A killed import's leftovers (src/storage/import-recovery.ts), laid out as a kill at each step of
 * the commit leaves them: the next import, or a reader, finishes or undoes it, losing nothing.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockFile } from '../src/storage/day-lock.js';
import { dayFile, importCsv } from '../src/storage/index.js';
import { symbolRows } from './support/dataset.js';
import { tmpDir } from './support/tmp.js';

const NY = { interval: '1m' as const, timezone: 'America/New_York', timestamps: 'iso' as const, lockWaitMs: 0 };
const HEAD = 'ts,open,high,low,close,volume';
const D1 = '2025-07-01', D2 = '2025-07-02', D3 = '2025-07-03';
const row = (date: string, hhmm: string) => `${date}T${hhmm}:00-04:00,1,1,1,1,10`;

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

function csv(dir: string, name: string, rows: readonly string[]): string {
  const f = path.join(dir, name);
  writeFileSync(f, [HEAD, ...rows].join('\n') + '\n');
  return f;
}


/** Every file under the root that is not a day file (what a kill leaves and recovery must clear). */
function leftovers(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, n.name);
      if (n.isDirectory()) walk(full);
      else if (n.name !== 'bars.arrow') out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

/**
 * A dataset where import A (days 1 and 2) is done, and import B (its rows on days 1 and 2) was
 * killed: returns the root, the dead pid, and for each day B's new file (staged as a kill finds it).
 */
async function killedImport() {
  const dir = tmpDir();
  const root = path.join(dir, 'ds');
  await importCsv({ ...NY, root, inputs: [{ path: csv(dir, 'A.csv', [row(D1, '09:30'), row(D2, '09:30')]), symbol: 'A' }] });
  // B's new day files: what B staged (A's rows and B's), made by importing B into a copy.
  const copy = path.join(dir, 'copy');
  for (const d of [D1, D2]) { mkdirSync(path.dirname(dayFile(copy, '1m', d)), { recursive: true }); copyFileSync(dayFile(root, '1m', d), dayFile(copy, '1m', d)); }
  await importCsv({ ...NY, root: copy, inputs: [{ path: csv(dir, 'B.csv', [row(D1, '09:31'), row(D2, '09:31')]), symbol: 'B' }] });
  const pid = deadPid();
  const temp = (d: string) => `${dayFile(root, '1m', d)}.tmp-${pid}-0123abcd`;
  const bak = (d: string) => `${dayFile(root, '1m', d)}.bak-${pid}`;
  for (const d of [D1, D2]) {
    copyFileSync(dayFile(copy, '1m', d), temp(d));
    writeFileSync(lockFile(dayFile(root, '1m', d)), `${os.hostname()}\n${pid}\nkilled\n`);
  }
  const journal = () => writeFileSync(path.join(root, `.import-${pid}.journal`), JSON.stringify({ host: os.hostname(), pid, days: [D1, D2].map((d) => ({ file: `interval=1m/date=${d}/bars.arrow`, temp: path.basename(temp(d)) })) }) + '\n');
  /** Day d as the commit loop leaves it once done: the old file kept as backup, the new one in place. */
  const committed = (d: string) => { linkSync(dayFile(root, '1m', d), bak(d)); renameSync(temp(d), dayFile(root, '1m', d)); };
  const next = () => importCsv({ ...NY, root, inputs: [{ path: csv(dir, 'C.csv', [row(D3, '09:30')]), symbol: 'C' }] });
  return { root, pid, temp, bak, journal, committed, next };
}

describe('a killed import\'s leftovers are finished by the next import, losing nothing', () => {
  it('killed while staging (new files, no journal): they are removed and the days stay as they were', async () => {
    const k = await killedImport();
    await k.next();
    expect(symbolRows(k.root, D1)).toEqual({ A: 1 });
    expect(symbolRows(k.root, D2)).toEqual({ A: 1 });
    // Day 1 and 2 were not the next import's days: the leftovers are cleared all the same once it locks them.
    await importCsv({ ...NY, root: k.root, inputs: [{ path: csv(path.dirname(k.root), 'D.csv', [row(D1, '09:32'), row(D2, '09:32')]), symbol: 'D' }] });
    expect(symbolRows(k.root, D1)).toEqual({ A: 1, D: 1 });
    expect(leftovers(k.root)).toEqual([]);
  });

  it('killed after its journal, before any rename: the import is finished (both days get its rows)', async () => {
    const k = await killedImport();
    k.journal();
    await k.next();
    expect(symbolRows(k.root, D1)).toEqual({ A: 1, B: 1 });
    expect(symbolRows(k.root, D2)).toEqual({ A: 1, B: 1 });
    expect(symbolRows(k.root, D3)).toEqual({ C: 1 });
    expect(leftovers(k.root)).toEqual([]);
  });

  it('killed between two renames (day 1 in place with its backup, day 2 staged): finished, backups removed', async () => {
    const k = await killedImport();
    k.journal();
    k.committed(D1);
    await k.next();
    expect(symbolRows(k.root, D1)).toEqual({ A: 1, B: 1 });
    expect(symbolRows(k.root, D2)).toEqual({ A: 1, B: 1 });
    expect(leftovers(k.root)).toEqual([]);
  });

  it('killed while removing backups (all renamed): only the backups go', async () => {
    const k = await killedImport();
    k.journal();
    k.committed(D1);
    k.committed(D2);
    await k.next();
    expect(symbolRows(k.root, D1)).toEqual({ A: 1, B: 1 });
    expect(symbolRows(k.root, D2)).toEqual({ A: 1, B: 1 });
    expect(leftovers(k.root)).toEqual([]);
  });

  it('killed while undoing a failed commit (no journal, day 1 renamed, its backup there): the backup is put back', async () => {
    const k = await killedImport();
    k.committed(D1);
    await k.next();
    // The reader finishes it too: it reads the day as it was before the uncommitted import.
    expect(symbolRows(k.root, D1)).toEqual({ A: 1 });
    expect(existsSync(k.bak(D1))).toBe(false);
    expect(symbolRows(k.root, D2)).toEqual({ A: 1 });
    await importCsv({ ...NY, root: k.root, inputs: [{ path: csv(path.dirname(k.root), 'D.csv', [row(D1, '09:32'), row(D2, '09:32')]), symbol: 'D' }] });
    expect(symbolRows(k.root, D1)).toEqual({ A: 1, D: 1 });
    expect(leftovers(k.root)).toEqual([]);
  });

  it('a backup that is the only copy of a day is restored, never deleted (also with a journal naming the day)', async () => {
    for (const withJournal of [false, true]) {
      const k = await killedImport();
      if (withJournal) k.journal();
      renameSync(dayFile(k.root, '1m', D1), k.bak(D1));
      await k.next();
      expect(symbolRows(k.root, D1), `journal: ${withJournal}`).toEqual(withJournal ? { A: 1, B: 1 } : { A: 1 });
      await importCsv({ ...NY, root: k.root, inputs: [{ path: csv(path.dirname(k.root), 'D.csv', [row(D1, '09:32'), row(D2, '09:32')]), symbol: 'D' }] });
      expect(symbolRows(k.root, D1)).toEqual(withJournal ? { A: 1, B: 1, D: 1 } : { A: 1, D: 1 });
      expect(symbolRows(k.root, D2)).toEqual(withJournal ? { A: 1, B: 1, D: 1 } : { A: 1, D: 1 });
      expect(leftovers(k.root)).toEqual([]);
    }
  });

  it('a reader that meets a committed import\'s leftovers finishes it: the day has the import\'s rows', async () => {
    const k = await killedImport();
    k.journal();
    k.committed(D1);
    expect(symbolRows(k.root, D2)).toEqual({ A: 1, B: 1 });
    expect(readdirSync(path.dirname(dayFile(k.root, '1m', D2)))).toEqual(['bars.arrow']);
  });

  it('a reader that finds a day missing but its backup there puts it back and reads it', async () => {
    const k = await killedImport();
    renameSync(dayFile(k.root, '1m', D2), k.bak(D2));
    expect(existsSync(dayFile(k.root, '1m', D2))).toBe(false);
    expect(symbolRows(k.root, D2)).toEqual({ A: 1 });
    expect(existsSync(k.bak(D2))).toBe(false);
    expect(existsSync(lockFile(dayFile(k.root, '1m', D2)))).toBe(false);
  });
});
