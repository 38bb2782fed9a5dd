import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockLog } from '../src/storage/log-lock.js';
import { tmpDir } from './support/tmp.js';

const dir = tmpDir('log-lock-');

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('log lock', () => {
  it('one holder at a time, in this process too; released, the path can be locked again', () => {
    const log = path.join(dir, 'a.arrow');
    const lock = lockLog(log);
    expect(readFileSync(`${log}.lock`, 'utf8')).toContain(`\n${process.pid}\n`);
    expect(() => lockLog(log)).toThrow(expect.objectContaining({ code: 'LOG_LOCKED', message: expect.stringContaining(`pid ${process.pid}`) }));
    lock.release();
    expect(existsSync(`${log}.lock`)).toBe(false);
    lockLog(log).release();
  });

  it('a dead run\'s lock is taken over, leaving no stale file', () => {
    const log = path.join(dir, 'b.arrow');
    writeFileSync(`${log}.lock`, `${os.hostname()}\n${deadPid()}\nold\n`);
    const lock = lockLog(log);
    expect(readFileSync(`${log}.lock`, 'utf8')).toContain(`\n${process.pid}\n`);
    lock.release();
    expect(readdirSync(dir).filter((f) => f.startsWith('b.arrow'))).toEqual([]);
  });

  it('a lock from another host is respected (its pid cannot be checked here)', () => {
    const log = path.join(dir, 'c.arrow');
    writeFileSync(`${log}.lock`, `elsewhere.example\n${deadPid()}\nx\n`);
    expect(() => lockLog(log)).toThrow(expect.objectContaining({ code: 'LOG_LOCKED', message: expect.stringContaining('elsewhere.example') }));
  });

  it('an empty lock is a run starting now, unless it is old', () => {
    const log = path.join(dir, 'd.arrow');
    writeFileSync(`${log}.lock`, '');
    expect(() => lockLog(log)).toThrow(expect.objectContaining({ code: 'LOG_LOCKED' }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${log}.lock`, old, old);
    lockLog(log).release();
  });

  it('release leaves a lock that is no longer its own', () => {
    const log = path.join(dir, 'e.arrow');
    const lock = lockLog(log);
    writeFileSync(`${log}.lock`, 'someone else\n1\nx\n');
    lock.release();
    expect(readFileSync(`${log}.lock`, 'utf8')).toBe('someone else\n1\nx\n');
  });
});
