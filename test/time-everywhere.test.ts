/**
 * Exchange time everywhere (issue 12): a time without an offset is exchange-local wherever a user
 * writes it, and nothing depends on the machine's zone. vitest.config.ts runs this file under
 * several TZ values; the first test proves the zone really took effect in the worker.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createSimulation, demoConfig, replay, resolveConfig, simulate, SimError } from '../src/index.js';
import { tmpDir } from './support/tmp.js';
import { cli } from './support/cli-in-process.js';

const dir = tmpDir('time-everywhere-');
const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' }).toMillis();
const codeOf = (f: () => unknown) => { try { f(); } catch (e) { return [(e as SimError).code, (e as SimError).details.key]; } return null; };


/** 2020-01-01 local midnight's getTimezoneOffset() in a zone (minutes west of UTC). */
const offsetWest = (tz: string) => 0 - DateTime.fromObject({ year: 2020, month: 1, day: 1 }, { zone: tz }).offset;

/** Log hashes of demo configs with these starts, computed in a child process under another zone (dist/, built by globalSetup). */
function hashesUnder(tz: string, starts: readonly string[]): string[] {
  const script = `import('./dist/index.js').then((m) => { process.stdout.write(JSON.stringify([new Date(2020, 0, 1).getTimezoneOffset(), ...${JSON.stringify(starts)}.map((start) => m.simulate(m.demoConfig({ start })).hash)])); });`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const [offset, ...hashes] = JSON.parse(r.stdout) as [number, ...string[]];
  expect(offset).toBe(offsetWest(tz));
  return hashes;
}

describe(`exchange time under TZ=${process.env.TZ}`, () => {
  it('runs in a worker whose TZ really is the one configured, and not the exchange\'s', () => {
    const tz = process.env.TZ;
    expect(tz, 'run through vitest.config.ts projects, which set TZ').toBeTruthy();
    expect(tz).not.toBe('America/New_York');
    expect(new Date(2020, 0, 1).getTimezoneOffset()).toBe(offsetWest(tz!));
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(tz === 'UTC' ? 'UTC' : tz);
  });

  it('runUntil reads a time without an offset in the exchange zone (it stopped on another day)', () => {
    const sim = createSimulation(demoConfig());
    sim.runUntil('2013-10-07T10:00');
    expect(sim.state.now).toBe(utc('2013-10-07T14:00:00'));
    expect(sim.state.date).toBe('2013-10-07');
    expect(Object.values(sim.state.bars).every((b) => b.start.length === 30)).toBe(true);
    const other = createSimulation(demoConfig());
    other.runUntil(new Date(utc('2013-10-07T14:00:00')));
    expect(other.state).toEqual(sim.state);
  });

  it('runUntil refuses what is not a time with USAGE naming it, and a skipped wall time', () => {
    const sim = createSimulation(demoConfig());
    for (const bad of ['2013-10-07 10:00', 'abc', '-5', '2013-03-10T02:30']) expect(codeOf(() => sim.runUntil(bad))).toEqual(['USAGE', 'runUntil']);
    expect(codeOf(() => sim.runUntil(NaN))).toEqual(['USAGE', 'runUntil']);
    expect(sim.state.lastSeq).toBe(-1); // nothing ran
  });

  it('seek({ time }) reads a time without an offset in the exchange zone', () => {
    const logPath = path.join(dir, 'seek.arrow');
    createSimulation(demoConfig({ symbols: ['SPY'], end: '2013-10-09', log: { path: logPath } })).runToEnd();
    const r = replay(logPath);
    r.seek({ time: '2013-10-08T12:00' });
    expect(r.state.now).toBe(utc('2013-10-08T16:00:00'));
    expect(r.state.date).toBe('2013-10-08');
    const at = r.position;
    expect(r.seek({ time: '2013-10-08T12:00:00-04:00' })).toBe(at);
    expect(r.seek('2013-10-08T12:00:00.000')).toBe(at);
    expect(codeOf(() => r.seek({ time: 'noon' }))).toEqual(['USAGE', 'seek time']);
  });

  it('config start: wall times in the exchange zone, with seconds; an offset gives the same run; a skipped or doubled wall time is refused', () => {
    expect(resolveConfig(demoConfig({ start: '2013-10-07T12:45:30' })).startTime).toBe(utc('2013-10-07T16:45:30'));
    expect(resolveConfig(demoConfig({ start: '2013-10-07T16:45:30Z' })).startDate).toBe('2013-10-07');
    // 01:00 UTC on the 8th is still the 7th in New York.
    expect(resolveConfig(demoConfig({ start: '2013-10-08T01:00:00Z' })).startDate).toBe('2013-10-07');
    expect(simulate(demoConfig({ start: '2013-10-07T12:45:30', end: '2013-10-08' })).hash).toBe(simulate(demoConfig({ start: '2013-10-07T12:45:30-04:00', end: '2013-10-08' })).hash);
    for (const start of ['2013-03-10T02:30', '2013-11-03T01:30', '2013-10-07 12:45', '2013-10-07T25:00', '2013-10-07T12:45Z+1']) {
      expect(codeOf(() => resolveConfig(demoConfig({ start })))).toEqual(['CONFIG_INVALID', 'start']);
    }
  });

  it('the demo log hash is the same under this TZ and in a process under another one', () => {
    // The demo as shipped, and a mid-session start with seconds written without an offset.
    const starts = ['2013-10-04', '2013-10-07T12:45:30'];
    const here = starts.map((start) => simulate(demoConfig({ start })).hash);
    expect(here[0]).not.toBe(here[1]);
    expect(hashesUnder('Pacific/Chatham', starts)).toEqual(here);
  });

  it('result tables show times to people exchange-local with their offset', () => {
    const r = simulate(demoConfig({ symbols: ['SPY'], end: '2013-10-07' }));
    const html = r.sessions.toHTML();
    expect(html).toContain('2013-10-04T09:30:00-04:00');
    expect(html).not.toContain('13:30:00Z');
    expect(r.derived.toHTML(3)).toContain('2013-10-04T09:30:00-04:00');
  });

  it('CLI replay --seek, --from and --to read times without an offset in the exchange zone', async () => {
    const logPath = path.join(dir, 'cli.arrow');
    createSimulation(demoConfig({ symbols: ['SPY'], start: '2013-10-07', end: '2013-10-08', log: { path: logPath } })).runToEnd();
    const seek = await cli('replay', logPath, '--seek', '2013-10-08T12:00', '--json');
    expect(seek.code).toBe(0);
    expect(JSON.parse(seek.out)).toMatchObject({ time: '2013-10-08T12:00:00-04:00', date: '2013-10-08', session_active: true });
    const range = await cli('replay', logPath, '--from', '2013-10-08T12:00', '--to', '2013-10-08T12:02', '--type', 'BarArrived');
    expect(range.out.trim().split('\n').map((l) => l.trim().split(/\s+/)[1])).toEqual(['2013-10-08T12:00:00-04:00', '2013-10-08T12:01:00-04:00', '2013-10-08T12:02:00-04:00']);
    const day = await cli('replay', logPath, '--from', '2013-10-08', '--to', '2013-10-08', '--type', 'SessionActivated,MarketClose');
    expect(day.out).toMatch(/^ +\d+ {2}2013-10-08T09:30:00-04:00 {2}SessionActivated .*\n +\d+ {2}2013-10-08T16:00:00-04:00 {2}MarketClose /);
    const epoch = await cli('replay', logPath, '--from', String(utc('2013-10-08T16:00:00')), '--to', String(utc('2013-10-08T16:00:00')), '--type', 'BarArrived');
    expect(epoch.out).toContain('2013-10-08T12:00:00-04:00');
  });

  it('CLI calendar --from/--to take exchange-local dates (a time with an offset counts as its exchange-local date)', async () => {
    const r = await cli('calendar', 'XNYS', '--from', '2025-07-03T23:30:00Z', '--to', '2025-07-04', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((s: { session: string }) => s.session)).toEqual(['2025-07-03']);
    const bad = await cli('calendar', 'XNYS', '--from', 'July');
    expect([bad.code, bad.err.split('\n')[0]]).toEqual([2, 'USAGE: --from: "July" is not a time (give YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.sss]] (exchange-local) or with Z or ±HH:MM)']);
  });
});
