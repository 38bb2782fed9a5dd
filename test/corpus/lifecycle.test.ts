/**
 * Corpus: runs that could deliver nothing, or less than they could. An empty run is RUN_EMPTY
 * (exit 1) after its summary and its log are written; a partly empty one exits 0 with a warning
 * in the summary; a timed-out wait is a warning, never a silently empty day.
 */
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayFile, readLog } from '../../src/storage/index.js';
import { makeDataset } from '../support/dataset.js';
import { tmpDir } from '../support/tmp.js';
import { DEMO_DATA, expectCleanError, expectOk, expectTreeUnchanged, runCli, snapshotTree } from './harness.js';

const DAYS = ['2025-07-01', '2025-07-02', '2025-07-03'];

/** A folder with a dataset under `data/` and a config `cfg.json` naming it relatively. */
function setup(config: Record<string, unknown>, prepare?: (root: string) => void, dates: readonly string[] = DAYS, outside = false): { dir: string; cfg: string } {
  const dir = tmpDir('corpus-life-');
  const root = path.join(dir, 'data');
  makeDataset(root, { dates, symbols: ['AAA', 'BBB'], outside });
  prepare?.(root);
  const cfg = path.join(dir, 'cfg.json');
  writeFileSync(cfg, JSON.stringify({ data: 'data', symbols: ['AAA', 'BBB'], start: DAYS[0], end: DAYS[DAYS.length - 1], ...config }));
  return { dir, cfg };
}

/** Runs `run cfg.json ...args` and checks that only `outputs` changed in the folder. */
function runIn(s: { dir: string; cfg: string }, args: readonly string[] = [], outputs: readonly string[] = []) {
  const before = snapshotTree(s.dir);
  const r = runCli(['run', s.cfg, ...args]);
  expectTreeUnchanged(before, snapshotTree(s.dir), outputs);
  return r;
}

describe('corpus: empty and partly empty runs', () => {
  it('no day file in the run\'s range: RUN_EMPTY naming the range, exit 1', () => {
    const s = setup({ start: '2025-08-01', end: '2025-08-05' });
    const r = runIn(s);
    expectCleanError(r, { code: 'RUN_EMPTY', mentions: ['2025-08-01..2025-08-05', 'no day file'] });
    expect(r.stdout).toContain('0 sessions, 0 bars');
  });

  it('a range with no trading session (a holiday): RUN_EMPTY', () => {
    const s = setup({ start: '2025-07-04', end: '2025-07-04' }, undefined, ['2025-07-03', '2025-07-04', '2025-07-07']);
    expectCleanError(runIn(s), { code: 'RUN_EMPTY', mentions: ['no session of 2025-07-04..2025-07-04'] });
  });

  it('every day file unreadable: RUN_EMPTY naming the failures; the summary is still printed', () => {
    const s = setup({}, (root) => { for (const d of DAYS) writeFileSync(dayFile(root, '1m', d), 'garbage'); });
    const r = runIn(s);
    const line = expectCleanError(r, { code: 'RUN_EMPTY', mentions: ['all 3 sessions', 'prefetch failed', 'DATA_NOT_ARROW', 'interval=1m/date=2025-07-01/bars.arrow'] });
    expect(line).not.toContain(s.dir); // reasons name files relative to the data root
    expect(r.stdout).toContain('3 sessions, 0 bars');
  });

  it('an empty day file, a missing one and a truncated one: RUN_EMPTY naming each failure', () => {
    const s = setup({}, (root) => { writeFileSync(dayFile(root, '1m', DAYS[0]!), ''); rmSync(dayFile(root, '1m', DAYS[1]!)); writeFileSync(dayFile(root, '1m', DAYS[2]!), 'ARROW1\0\0'); });
    expectCleanError(runIn(s), { code: 'RUN_EMPTY', mentions: ['DATA_EMPTY', 'DATA_MISSING_DAY', 'DATA_TRUNCATED'] });
  });

  it('no bar of the symbols in session (only pre- and after-market prints): RUN_EMPTY', () => {
    const s = setup({}, undefined, DAYS, true);
    // Keep only the out-of-session prints: rewrite each day without its session bars.
    const root = path.join(s.dir, 'data');
    makeDataset(root, { dates: DAYS, symbols: ['AAA', 'BBB'], outside: true, skip: (_sym, ts, date) => { const d = new Date(ts); return d.toISOString().slice(0, 10) === date && ts >= Date.parse(`${date}T13:30:00Z`) && ts < Date.parse(`${date}T${date === '2025-07-03' ? '17' : '20'}:00:00Z`); } });
    const r = runIn(s);
    expectCleanError(r, { code: 'RUN_EMPTY', mentions: ['no bar of the symbols in session'] });
    expect(r.stdout).toMatch(/out-of-session prints/);
  });

  it('a prefetch latency longer than any session: RUN_EMPTY saying the data came after the close', () => {
    const s = setup({ prefetch: { latency_ms: 8 * 3_600_000 } });
    const r = runIn(s);
    expectCleanError(r, { code: 'RUN_EMPTY', mentions: ['after the close'] });
    expect(r.stdout).toMatch(/after-close/);
  });

  it('RUN_EMPTY with --log: the named log is still written, complete, and nothing else', () => {
    const s = setup({ prefetch: { latency_ms: 8 * 3_600_000 } });
    const r = runIn(s, ['--log', path.join(s.dir, 'out.arrow')], ['out.arrow']);
    expectCleanError(r, { code: 'RUN_EMPTY' });
    const log = readLog(path.join(s.dir, 'out.arrow'));
    expect(log.truncated).toBe(false);
    expect(log.events[log.events.length - 1]!.type).toBe('BacktestEnded');
  });

  it('RUN_EMPTY with --json: the JSON says empty, with the warning, and the exit is still 1', () => {
    const s = setup({ start: '2025-08-01', end: '2025-08-05' });
    const r = runIn(s, ['--json']);
    expectCleanError(r, { code: 'RUN_EMPTY' });
    const out = JSON.parse(r.stdout);
    expect(out.empty).toBe(true);
    expect(out.warnings[0]).toContain('delivered no bars');
  });

  it('one day of three missing: exit 0, the summary warns which session delivered nothing and why', () => {
    const s = setup({}, (root) => rmSync(dayFile(root, '1m', DAYS[1]!)));
    const r = runIn(s);
    expectOk(r);
    expect(r.stdout).toContain('warning: 1 of 3 sessions delivered no bars: 2025-07-02 (prefetch failed: DATA_MISSING_DAY');
  });

  it('a latency above the timeout: exit 0, every session has bars, the summary warns of the timed-out wait', () => {
    const s = setup({ prefetch: { latency_ms: 90_000, timeout_seconds: 30 } });
    const r = runIn(s, ['--json']);
    expectOk(r);
    const out = JSON.parse(r.stdout);
    expect(out.sessions.map((x: { bars: number; late: number }) => [x.bars > 0, x.late])).toEqual([[true, 2], [true, 2], [true, 2]]);
    expect(out.sessions.map((x: { timedOut: boolean }) => x.timedOut)).toEqual([true, false, false]);
    expect(out.warnings.join(' ')).toContain('timed out');
  });

  it('a latency equal to the timeout: exit 0, no warning', () => {
    const s = setup({ prefetch: { latency_ms: 30_000, timeout_seconds: 30 } });
    const r = runIn(s, ['--json']);
    expectOk(r);
    expect(JSON.parse(r.stdout).warnings).toEqual([]);
  });

  it('an early-close day the latency does not fit: exit 0, that session warned as after the close', () => {
    const s = setup({ prefetch: { latency_ms: 4 * 3_600_000 } });
    const r = runIn(s);
    expectOk(r);
    expect(r.stdout).toContain('warning: 1 of 3 sessions delivered no bars: 2025-07-03 (data visible only after the close');
  });

  it('the same relative config in two folders (one day missing, one unreadable): the same log hash', () => {
    const a = setup({}, (root) => { rmSync(dayFile(root, '1m', DAYS[1]!)); writeFileSync(dayFile(root, '1m', DAYS[2]!), 'x'); }, [...DAYS, '2025-07-07']);
    const b = tmpDir('corpus-life-copy-');
    cpSync(a.dir, path.join(b, 'deeper', 'copy'), { recursive: true });
    const end = { end: '2025-07-07' };
    writeFileSync(a.cfg, JSON.stringify({ data: 'data', symbols: ['AAA', 'BBB'], start: DAYS[0], ...end }));
    writeFileSync(path.join(b, 'deeper', 'copy', 'cfg.json'), JSON.stringify({ data: 'data', symbols: ['AAA', 'BBB'], start: DAYS[0], ...end }));
    const r1 = runCli(['run', a.cfg, '--json']), r2 = runCli(['run', path.join(b, 'deeper', 'copy', 'cfg.json'), '--json']);
    expectOk(r1); expectOk(r2);
    expect(JSON.parse(r1.stdout).hash).toBe(JSON.parse(r2.stdout).hash);
  });

  it('a start with seconds (12:45:30) has the history of a 12:45 start: the bar in progress is not history', () => {
    const dir = tmpDir('corpus-life-');
    const run = (start: string) => {
      const cfg = path.join(dir, `cfg-${start.replace(/:/g, '')}.json`);
      writeFileSync(cfg, JSON.stringify({ data: DEMO_DATA, symbols: ['SPY'], start, end: '2013-10-07' }));
      const r = runCli(['run', cfg, '--json']);
      expectOk(r);
      return JSON.parse(r.stdout).sessions[0] as { history: number; bars: number };
    };
    const a = run('2013-10-07T12:45'), b = run('2013-10-07T12:45:30'), c = run('2013-10-07T12:46');
    expect(b.history).toBe(a.history);
    expect(c.history).toBeGreaterThan(a.history);
    expect(b.bars).toBe(a.bars);
    expect(existsSync(path.join(dir, 'run.arrow'))).toBe(false);
  });
});
