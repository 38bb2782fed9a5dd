/** The one lock module (src/storage/file-lock.ts) behind log locks and day locks. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDays, lockFile } from '../src/storage/day-lock.js';
import { lockLog } from '../src/storage/log-lock.js';
import { tmpDir } from './support/tmp.js';

const dir = tmpDir('file-lock-');

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

function dayIn(name: string): string {
  const f = path.join(dir, name, 'interval=1m', 'date=2025-07-02', 'bars.arrow');
  mkdirSync(path.dirname(f), { recursive: true });
  return f;
}

describe('one lock module for log paths and day files', () => {
  it('both write the same lock file: host, pid, a token of their own', () => {
    const log = lockLog(path.join(dir, 'a.arrow'));
    const day = dayIn('a');
    const days = lockDays([day], 0);
    const shape = new RegExp(`^${os.hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n${process.pid}\\n[0-9a-f]{16}\\n$`);
    expect(readFileSync(path.join(dir, 'a.arrow.lock'), 'utf8')).toMatch(shape);
    expect(readFileSync(lockFile(day), 'utf8')).toMatch(shape);
    days.release();
    log.release();
    expect(existsSync(lockFile(day))).toBe(false);
  });

  it('a day lock of a dead import in the shared format is taken over', () => {
    const day = dayIn('b');
    writeFileSync(lockFile(day), `${os.hostname()}\n${deadPid()}\nold\n`);
    lockDays([day], 0).release();
    expect(existsSync(lockFile(day))).toBe(false);
  });

  it('an empty day lock left long ago (killed between creating and writing it) is taken over, as for logs', () => {
    const day = dayIn('c');
    writeFileSync(lockFile(day), '');
    expect(() => lockDays([day], 0)).toThrow(expect.objectContaining({ code: 'IMPORT_LOCKED', message: expect.stringContaining('starting now') }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile(day), old, old);
    lockDays([day], 0).release();
  });

  it('a log lock in the older day-lock format (`pid host`) names its holder, and is taken over when dead', () => {
    const log = path.join(dir, 'd.arrow');
    writeFileSync(`${log}.lock`, `${process.pid} ${os.hostname()}\n`);
    expect(() => lockLog(log)).toThrow(expect.objectContaining({ code: 'LOG_LOCKED', message: expect.stringContaining(`pid ${process.pid}`) }));
    writeFileSync(`${log}.lock`, `${deadPid()} ${os.hostname()}\n`);
    lockLog(log).release();
  });
});
