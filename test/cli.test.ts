import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands.js';
import { tmpDir } from './support/tmp.js';
import { cli } from './support/cli-in-process.js';

const dir = tmpDir();


describe('CLI', () => {
  it('--version names the package, the log format and Node', async () => {
    const r = await cli('--version');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(r.code).toBe(0);
    expect(r.out).toBe(`sessionsim ${pkg.version} (event log format 6, Node ${process.versions.node})\n`);
  });

  it('demo runs the bundled week and prints the summary', async () => {
    const r = await cli('demo');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/6 sessions, 9357 bars/);
    expect(r.out).toContain('2013-10-07  09:30  16:00');
    expect(r.err).toMatch(/sessions 6\/6/); // plain progress lines when not on a terminal
  });

  it('run, replay --verify, replay --seek, export', async () => {
    const cfg = path.join(dir, 'cfg.json');
    const demoData = path.resolve('demo/data');
    writeFileSync(cfg, JSON.stringify({ data: path.relative(dir, demoData), symbols: ['SPY', 'IBM'], start: '2013-10-07T12:45', end: '2013-10-08', log: { path: 'run.arrow' } }));
    const run = await cli('run', cfg, '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out);
    expect(result.sessions.map((s: { date: string; midSession: boolean }) => [s.date, s.midSession])).toEqual([['2013-10-07', true], ['2013-10-08', false]]);
    const log = path.join(dir, 'run.arrow');
    const verify = await cli('replay', log, '--verify', '--json');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true, logHash: result.hash });
    const seek = await cli('replay', log, '--seek', '2013-10-08T10:00:00-04:00', '--json');
    expect(JSON.parse(seek.out)).toMatchObject({ session_active: true, date: '2013-10-08', trading_hours_open: '09:30', trading_hours_close: '16:00', is_early_close: false });
    const closes = await cli('replay', log, '--type', 'MarketClose');
    expect(closes.out.trim().split('\n')).toHaveLength(2);
    const csv = path.join(dir, 'sessions.csv');
    expect((await cli('export', log, '--sessions', csv)).code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^date,session_active,trading_hours_open,trading_hours_close,is_early_close,/);
    expect(lines[1]).toMatch(/^2013-10-07,false,09:30,16:00,false,true,/);
  });

  it('import reports rejected rows', async () => {
    const csv = path.join(dir, 'XYZ_bars.csv');
    writeFileSync(csv, 'ts,open,high,low,close,volume\n2025-07-02T09:30:00-04:00,1,2,0.5,1,10\nnot-a-time,1,1,1,1,1\n');
    const r = await cli('import', csv, '--data', path.join(dir, 'ds'), '--report', path.join(dir, 'rej.csv'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 rows read, 1 imported');
    expect(readFileSync(path.join(dir, 'rej.csv'), 'utf8')).toContain(',3,ts,"not-a-time",bad-timestamp');
  });

  it('calendar prints the 2025 sessions with the early closes marked', async () => {
    const r = await cli('calendar', 'XNYS', '--from', '2025-01-01', '--to', '2025-12-31');
    expect(r.out).toContain('250 sessions, 3 early closes');
    expect(r.out).toMatch(/2025-07-03 {2}Thu {2}2025-07-03T09:30:00-04:00 {2}2025-07-03T13:00:00-04:00 +early close/);
    const csv = await cli('calendar', 'XNYS', '--from', '2025-11-28', '--to', '2025-11-28', '--csv');
    expect(csv.out).toBe('session,open_utc,close_utc,break_start_utc,break_end_utc\n2025-11-28,2025-11-28T14:30:00Z,2025-11-28T18:00:00Z,,\n');
  });

  it('bad input exits 2 with one line naming the code; --help works on every command', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ data: 'x', symbols: ['A'], start: '2025-01-02', end: '2024-01-01' }));
    const r = await cli('run', bad);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual(['CONFIG_INVALID: config.end: 2024-01-01 is before the start 2025-01-02']);
    expect((await cli('nope')).code).toBe(2);
    expect((await cli('calendar', 'XNYS', '--from', '1900-01-01')).err).toMatch(/^CALENDAR_OUT_OF_RANGE: /);
    for (const name of Object.keys(commands)) {
      const h = await cli(name, '--help');
      expect([name, h.code]).toEqual([name, 0]);
      expect(h.out).toMatch(/^Usage: sessionsim /);
    }
  });

  it('the installed bin runs (exit codes from a real process)', () => {
    const bin = path.resolve('bin/sessionsim.js');
    expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })).toContain('Commands:');
    const r = spawnSync(process.execPath, [bin, 'replay', path.join(dir, 'missing.arrow')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^DATA_IO: cannot read the event log/);
    expect(r.stderr).not.toContain('    at ');
  });
});

describe('CLI sweep and worker', () => {
  it('sweep runs every config on worker threads and writes the Arrow table', async () => {
    const file = path.join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify({ base: { data: path.relative(dir, path.resolve('demo/data')), symbols: ['SPY'], start: '2013-10-04', end: '2013-10-08' }, axes: { 'prefetch.latency_ms': [0, 30_000], 'data_upkeep.enabled': [true, false] } }));
    const out = path.join(dir, 'sweep.arrow');
    const r = await cli('sweep', file, '--workers', '2', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('4 runs, 0 failed');
    expect(r.err).toMatch(/runs 4\/4 {2}failed 0/);
    const { tableFromIPC } = await import('apache-arrow');
    const t = tableFromIPC(readFileSync(out));
    expect(t.numRows).toBe(4);
    expect(t.getChild('status')!.toArray()).toEqual(['done', 'done', 'done', 'done']);
  });

  it('worker needs --redis and fails at once on an unreachable one', async () => {
    expect((await cli('worker')).code).toBe(2);
    const r = await cli('worker', '--redis', 'redis://127.0.0.1:1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^QUEUE_UNREACHABLE: cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
