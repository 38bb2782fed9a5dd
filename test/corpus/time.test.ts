/**
 * Corpus: times a user writes (config `start`, `replay --seek/--from/--to/--limit`,
 * `calendar --from/--to`). Times without an offset are exchange-local whatever the machine's TZ;
 * anything else is one clean `CODE: message` line naming the value, and nothing is written.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulation, demoConfig, simulate } from '../../src/index.js';
import type { ErrorCode } from '../../src/errors.js';
import { tmpDir } from '../support/tmp.js';
import { DEMO_DATA, expectCleanError, expectOk, expectTreeUnchanged, runCli, snapshotTree } from './harness.js';

const dir = tmpDir('corpus-time-');
const LOG = path.join(dir, 'spy.arrow');
createSimulation(demoConfig({ symbols: ['SPY'], start: '2013-10-07', end: '2013-10-08', log: { path: LOG } })).runToEnd();

/** A failing CLI run under TZ=UTC: the clean error, and nothing under the folder changed. */
function refused(args: readonly string[], code: ErrorCode, mentions: readonly string[]): string {
  const before = snapshotTree(dir);
  const line = expectCleanError(runCli(args, { env: { TZ: 'UTC' } }), { code, mentions });
  expectTreeUnchanged(before, snapshotTree(dir));
  return line;
}

function config(name: string, start: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ data: DEMO_DATA, symbols: ['SPY'], start, end: '2013-10-08' }));
  return file;
}

describe('corpus: times', () => {
  it('replay --seek -5 (was exit 0: read as the year 2001)', () => {
    refused(['replay', LOG, '--seek', '-5'], 'USAGE', ['--seek', '"-5"']);
  });

  it('replay --seek abc', () => {
    refused(['replay', LOG, '--seek', 'abc'], 'USAGE', ['--seek', '"abc"']);
  });

  it('replay --seek with a seq the log does not have', () => {
    refused(['replay', LOG, '--seek', '99999999'], 'USAGE', ['99999999']);
  });

  it('replay --limit abc (was exit 0)', () => {
    refused(['replay', LOG, '--limit', 'abc'], 'USAGE', ['--limit', '"abc"']);
  });

  it('replay --limit -1', () => {
    refused(['replay', LOG, '--limit', '-1'], 'USAGE', ['--limit', '"-1"']);
  });

  it('replay --limit 1.5', () => {
    refused(['replay', LOG, '--limit', '1.5'], 'USAGE', ['--limit', '"1.5"']);
  });

  it('replay --seek a wall time the clock skips (spring forward)', () => {
    refused(['replay', LOG, '--seek', '2013-03-10T02:30'], 'USAGE', ['"2013-03-10T02:30"', 'does not exist in America/New_York']);
  });

  it('replay --seek a wall time the clock passes twice (fall back)', () => {
    refused(['replay', LOG, '--seek', '2013-11-03T01:30'], 'USAGE', ['"2013-11-03T01:30"', 'ambiguous', '-04:00 and -05:00']);
  });

  it('replay --from with a space instead of T', () => {
    refused(['replay', LOG, '--from', '2013-10-08 12:00'], 'USAGE', ['--from', '"2013-10-08 12:00"']);
  });

  it('replay --to that is not a date', () => {
    refused(['replay', LOG, '--to', '2013-02-30'], 'USAGE', ['--to', '"2013-02-30"', 'not a real calendar date']);
  });

  it('replay --from after --to', () => {
    refused(['replay', LOG, '--from', '2013-10-08T12:00', '--to', '2013-10-08T11:00'], 'USAGE', ['2013-10-08T12:00:00-04:00', '2013-10-08T11:00:00-04:00']);
  });

  it('replay --seek past the end says where it landed', () => {
    const r = runCli(['replay', LOG, '--seek', '2030-01-02T10:00', '--json'], { env: { TZ: 'UTC' } });
    expectOk(r);
    expect(r.stderr).toMatch(/^WARNING: --seek 2030-01-02T10:00:00-05:00 is after the log's last event \(seq \d+ at 2013-10-08T16:00:00-04:00\)/);
    expect(JSON.parse(r.stdout)).toMatchObject({ time: '2013-10-08T16:00:00-04:00', ended: true });
  });

  it('TZ=UTC replay --seek 2013-10-08T12:00 lands on 12:00 New York (it landed on 2013-10-07 16:00)', () => {
    const r = runCli(['replay', LOG, '--seek', '2013-10-08T12:00', '--json'], { env: { TZ: 'UTC' } });
    expectOk(r);
    expect(JSON.parse(r.stdout)).toMatchObject({ time: '2013-10-08T12:00:00-04:00', date: '2013-10-08', session_active: true });
  });

  it('TZ=UTC replay --from/--to print the events in that exchange-local range (they printed nothing)', () => {
    const r = runCli(['replay', LOG, '--type', 'BarArrived', '--from', '2013-10-08T12:00', '--to', '2013-10-08T12:01'], { env: { TZ: 'UTC' } });
    expectOk(r);
    expect(r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/)[1])).toEqual(['2013-10-08T12:00:00-04:00', '2013-10-08T12:01:00-04:00']);
  });

  it('TZ=Asia/Tokyo run with a mid-session start without an offset gives the same log hash as this process', () => {
    const file = config('mid.json', '2013-10-07T12:45:30');
    const r = runCli(['run', file, '--json'], { env: { TZ: 'Asia/Tokyo' } });
    expectOk(r);
    const expected = simulate({ data: DEMO_DATA, symbols: ['SPY'], start: '2013-10-07T12:45:30-04:00', end: '2013-10-08' }).hash;
    expect(JSON.parse(r.stdout).hash).toBe(expected);
  });

  it('config start a wall time the clock skips', () => {
    refused(['run', config('gap.json', '2013-03-10T02:30')], 'CONFIG_INVALID', ['config.start', '"2013-03-10T02:30"', 'does not exist']);
  });

  it('config start a wall time the clock passes twice', () => {
    refused(['run', config('doubled.json', '2013-11-03T01:30')], 'CONFIG_INVALID', ['config.start', '"2013-11-03T01:30"', 'ambiguous']);
  });

  it('config start with a space instead of T', () => {
    refused(['run', config('space.json', '2013-10-07 09:30')], 'CONFIG_INVALID', ['config.start', '"2013-10-07 09:30"']);
  });

  it('config start an impossible date', () => {
    refused(['run', config('feb30.json', '2013-02-30')], 'CONFIG_INVALID', ['config.start', '"2013-02-30"']);
  });

  it('config start a number', () => {
    refused(['run', config('number.json', 20131007)], 'CONFIG_INVALID', ['config.start', '20131007']);
  });

  it('config start with an impossible offset', () => {
    refused(['run', config('offset.json', '2013-10-07T09:30+24:00')], 'CONFIG_INVALID', ['config.start', '"2013-10-07T09:30+24:00"']);
  });

  it('calendar --from that is not a time', () => {
    refused(['calendar', 'XNYS', '--from', 'July'], 'USAGE', ['--from', '"July"']);
  });

  it('calendar --from after --to', () => {
    refused(['calendar', 'XNYS', '--from', '2025-12-31', '--to', '2025-01-01'], 'USAGE', ['2025-12-31', '2025-01-01']);
  });

  it('calendar --to an impossible date', () => {
    refused(['calendar', 'XNYS', '--from', '2025-01-01', '--to', '2025-02-30'], 'USAGE', ['--to', '"2025-02-30"']);
  });
});
