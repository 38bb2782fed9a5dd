/**
 * Corpus: nothing lost. Every output the user names is written whole or not at all, never onto
 * an input, another run's log, a symlink's target or a folder; `-` and /dev/stdout are streams; a
 * full or read-only disk is OUTPUT_IO naming the path with nothing half-written left; a live
 * run's log path is locked; a failed run's log is kept but marked incomplete.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/api/simulation.js';
import { replay } from '../../src/api/replay.js';
import { tmpDir } from '../support/tmp.js';
import { BIN, DEMO_DATA, expectCleanError, expectOk, expectTreeUnchanged, runCli, snapshotTree, startCli, type CliRun } from './harness.js';

const root = tmpDir('corpus-outputs-');
const DAYS = ['2013-10-07', '2013-10-08'];
const dayRel = (date: string) => path.join('data', 'interval=1m', `date=${date}`, 'bars.arrow');

/** A folder with two demo days under data/, cfg.json (SPY) and, if asked, run.arrow: its log. */
function caseDir(name: string, o: { log?: boolean; config?: Record<string, unknown> } = {}): string {
  const dir = path.join(root, name);
  for (const d of DAYS) {
    mkdirSync(path.dirname(path.join(dir, dayRel(d))), { recursive: true });
    copyFileSync(path.join(DEMO_DATA, 'interval=1m', `date=${d}`, 'bars.arrow'), path.join(dir, dayRel(d)));
  }
  writeFileSync(path.join(dir, 'cfg.json'), JSON.stringify({ data: 'data', symbols: ['SPY'], start: DAYS[0], end: DAYS[1], ...o.config }));
  if (o.log) {
    createSimulation({ data: path.join(dir, 'data'), symbols: ['SPY'], start: DAYS[0]!, end: DAYS[1]!, log: { path: path.join(dir, 'run.arrow') } }).runToEnd();
  }
  return dir;
}

/** A case folder whose cfg.json runs SPY and IBM over the whole demo week (a run of a few seconds). */
function weekDir(name: string): string {
  const dir = caseDir(name, { config: { symbols: ['SPY', 'IBM'], start: '2013-10-04', end: '2013-10-10' } });
  for (const d of ['2013-10-04', '2013-10-09', '2013-10-10']) {
    mkdirSync(path.dirname(path.join(dir, dayRel(d))), { recursive: true });
    copyFileSync(path.join(DEMO_DATA, 'interval=1m', `date=${d}`, 'bars.arrow'), path.join(dir, dayRel(d)));
  }
  return dir;
}

const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
});

/**
 * A small tmpfs at `dir` (a full disk, or read-only with `ro`). Needs root or CAP_SYS_ADMIN: when
 * mounting is not allowed the case fails saying so, it never passes without the fault.
 */
function mountTmpfs(dir: string, options: string): void {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`this case needs a tmpfs mount (run the tests as root or with CAP_SYS_ADMIN); mount said: ${r.stderr || r.error?.message}`);
  mounts.push(dir);
}

/**
 * Runs the CLI in a mount namespace with a /dev of its own (a tmpfs with the usual devices and
 * links): a case about /dev/stdout or /dev/full must never be able to replace the machine's own,
 * even when run against code that has the bug. Prints `::<type of /dev/stdout>::<type of
 * /dev/full>::` last on stderr. Needs root or CAP_SYS_ADMIN; without it the case fails saying so.
 */
function runWithPrivateDev(args: readonly string[], cwd: string) {
  const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const script = [
    'mount -t tmpfs -o size=64k tmpfs /dev || exit 97',
    'mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/full c 1 7 && mknod -m 666 /dev/zero c 1 5',
    'mknod -m 666 /dev/urandom c 1 9 && mknod -m 666 /dev/random c 1 8',
    'ln -s /proc/self/fd /dev/fd && ln -s /proc/self/fd/0 /dev/stdin && ln -s /proc/self/fd/1 /dev/stdout && ln -s /proc/self/fd/2 /dev/stderr',
    `${q(process.execPath)} ${[BIN, ...args].map(q).join(' ')}`,
    'rc=$?',
    'echo "::$(stat -c %F /dev/stdout)::$(stat -c %F /dev/full)::" >&2',
    'exit $rc',
  ].join('\n');
  const r = spawnSync('unshare', ['--mount', 'sh', '-c', script], { cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.status === 97 || r.error || /unshare: /.test(r.stderr ?? '')) {
    throw new Error(`this case needs a private mount namespace (run the tests as root or with CAP_SYS_ADMIN): ${r.error?.message ?? r.stderr}`);
  }
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut: false };
}

/** Fills a tmpfs but for about `leave` bytes. */
function fill(dir: string, leave: number): void {
  const df = spawnSync('df', ['-B1', '--output=avail', dir], { encoding: 'utf8' });
  const avail = Number(df.stdout.trim().split('\n')[1]);
  expect(avail).toBeGreaterThan(leave);
  writeFileSync(path.join(dir, 'filler'), Buffer.alloc(avail - leave));
}

describe('corpus: outputs', () => {
  it('run --log onto an input day file is refused, the day file unchanged', () => {
    const dir = caseDir('log-on-day');
    const before = snapshotTree(dir);
    const r = runCli(['run', 'cfg.json', '--log', dayRel(DAYS[0]!)], { cwd: dir });
    expectCleanError(r, { code: 'OUTPUT_REFUSED', mentions: ['bars.arrow', 'input'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('run --log onto a day file the run does not read (not a log) is refused', () => {
    const dir = caseDir('log-on-other-day', { config: { end: DAYS[0] } });
    const before = snapshotTree(dir);
    const r = runCli(['run', 'cfg.json', '--log', dayRel(DAYS[1]!)], { cwd: dir });
    expectCleanError(r, { code: 'OUTPUT_REFUSED', mentions: ['bars.arrow', 'not a sessionsim event log'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('run --log onto its own config file is refused', () => {
    const dir = caseDir('log-on-config');
    const before = snapshotTree(dir);
    expectCleanError(runCli(['run', 'cfg.json', '--log', 'cfg.json'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['cfg.json'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('run --log onto an earlier log replaces it (the run\'s own kind), leaving no .partial or .lock', () => {
    const dir = caseDir('log-rerun', { log: true, config: { symbols: ['IBM'] } });
    const before = snapshotTree(dir);
    const r = runCli(['run', 'cfg.json', '--log', 'run.arrow', '--json'], { cwd: dir });
    expectOk(r);
    expect(replay(path.join(dir, 'run.arrow')).hash).toBe(JSON.parse(r.stdout).hash);
    expectTreeUnchanged(before, snapshotTree(dir), ['run.arrow']);
  });

  it('run --log onto a symlink is refused, the link and its target unchanged', () => {
    const dir = caseDir('log-symlink', { log: true });
    symlinkSync('run.arrow', path.join(dir, 'link.arrow'));
    const before = snapshotTree(dir);
    expectCleanError(runCli(['run', 'cfg.json', '--log', 'link.arrow'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['link.arrow', 'symbolic link'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('sweep --out onto its own sweep file is refused before any run', () => {
    const dir = caseDir('sweep-out');
    writeFileSync(path.join(dir, 'sweep.json'), JSON.stringify({ base: { data: 'data', symbols: ['SPY'], start: DAYS[0], end: DAYS[1] }, axes: { 'prefetch.latency_ms': [0, 1000] } }));
    const before = snapshotTree(dir);
    const r = runCli(['sweep', 'sweep.json', '--workers', '1', '--out', 'sweep.json'], { cwd: dir });
    expectCleanError(r, { code: 'OUTPUT_REFUSED', mentions: ['sweep.json', 'input'] });
    expect(r.stderr).not.toMatch(/runs \d+\/\d+/);
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('export --sessions onto the log it reads is refused, the log unchanged', () => {
    const dir = caseDir('export-on-log', { log: true });
    const before = snapshotTree(dir);
    expectCleanError(runCli(['export', 'run.arrow', '--sessions', 'run.arrow'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['run.arrow'] });
    expectCleanError(runCli(['export', 'run.arrow', '--sessions', './data/../run.arrow'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['run.arrow'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('export --sessions onto another event log (or a hard link to the log) is refused', () => {
    const dir = caseDir('export-on-other-log', { log: true });
    copyFileSync(path.join(dir, 'run.arrow'), path.join(dir, 'other.arrow'));
    linkSync(path.join(dir, 'run.arrow'), path.join(dir, 'hard.arrow'));
    const before = snapshotTree(dir);
    expectCleanError(runCli(['export', 'run.arrow', '--sessions', 'other.arrow'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['other.arrow', 'event log'] });
    expectCleanError(runCli(['export', 'run.arrow', '--sessions', 'hard.arrow'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['hard.arrow'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('import --report onto the input CSV is refused before importing, the input unchanged', () => {
    const dir = path.join(root, 'report-on-input');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'XYZ.csv'), 'ts,open,high,low,close,volume\n2025-07-02T09:30:00-04:00,1,2,0.5,1,10\nnot-a-time,1,1,1,1,1\n');
    mkdirSync(path.join(dir, 'sub'));
    linkSync(path.join(dir, 'XYZ.csv'), path.join(dir, 'hard.csv'));
    const before = snapshotTree(dir);
    for (const report of ['XYZ.csv', 'sub/../XYZ.csv', 'hard.csv']) {
      const r = runCli(['import', 'XYZ.csv', '--data', 'ds', '--report', report], { cwd: dir });
      expectCleanError(r, { code: 'OUTPUT_REFUSED', mentions: [report, 'input'] });
    }
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('export --sessions onto a symlink is refused: neither the link nor its target is replaced', () => {
    const dir = caseDir('export-symlink', { log: true });
    writeFileSync(path.join(dir, 'target.csv'), 'keep me\n');
    symlinkSync('target.csv', path.join(dir, 'link.csv'));
    symlinkSync('nowhere.csv', path.join(dir, 'dangling.csv'));
    const before = snapshotTree(dir);
    expectCleanError(runCli(['export', 'run.arrow', '--sessions', 'link.csv'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['link.csv', 'symbolic link'] });
    expectCleanError(runCli(['export', 'run.arrow', '--sessions', 'dangling.csv'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['dangling.csv', 'symbolic link'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it("export --sessions - writes the CSV to standard output, no file named '-'", () => {
    const dir = caseDir('export-dash', { log: true });
    const before = snapshotTree(dir);
    const r = runCli(['export', 'run.arrow', '--sessions', '-'], { cwd: dir });
    expectOk(r);
    expect(r.stdout.split('\n')[0]).toMatch(/^date,session_active,/);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('export --sessions /dev/stdout writes to the stream, the device link stays', () => {
    const dir = caseDir('export-dev-stdout', { log: true });
    const before = snapshotTree(dir);
    const r = runWithPrivateDev(['export', 'run.arrow', '--sessions', '/dev/stdout'], dir);
    expectOk(r);
    expect(r.stdout.split('\n')[0]).toMatch(/^date,session_active,/);
    expect(r.stderr).toContain('::symbolic link::character special file::');
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('a folder in the way of an output is refused naming it', () => {
    const dir = caseDir('folder-in-way', { log: true });
    mkdirSync(path.join(dir, 'out.csv'));
    mkdirSync(path.join(dir, 'logdir'));
    const before = snapshotTree(dir);
    expectCleanError(runCli(['export', 'run.arrow', '--sessions', 'out.csv'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['out.csv', 'folder'] });
    expectCleanError(runCli(['run', 'cfg.json', '--log', 'logdir'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['logdir', 'folder'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('an output in a folder that does not exist is OUTPUT_IO naming it', () => {
    const dir = caseDir('missing-folder', { log: true });
    const before = snapshotTree(dir);
    expectCleanError(runCli(['export', 'run.arrow', '--sessions', 'nope/out.csv'], { cwd: dir }), { code: 'OUTPUT_IO', mentions: ['nope'] });
    expectCleanError(runCli(['run', 'cfg.json', '--log', 'nope/run.arrow'], { cwd: dir }), { code: 'OUTPUT_IO', mentions: ['nope'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('a log whose .partial name is a symlink is refused, the link target untouched', () => {
    const dir = caseDir('partial-symlink');
    writeFileSync(path.join(dir, 'precious.txt'), 'keep');
    symlinkSync('precious.txt', path.join(dir, 'run.arrow.partial'));
    const before = snapshotTree(dir);
    expectCleanError(runCli(['run', 'cfg.json', '--log', 'run.arrow'], { cwd: dir }), { code: 'OUTPUT_REFUSED', mentions: ['run.arrow.partial'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('a write error on a device (/dev/full) is OUTPUT_IO naming it, the device stays', () => {
    const dir = caseDir('dev-full', { log: true });
    symlinkSync('/dev/full', path.join(dir, 'full.csv'));
    const before = snapshotTree(dir);
    const r = runWithPrivateDev(['export', 'run.arrow', '--sessions', '/dev/full'], dir);
    expectCleanError(r, { code: 'OUTPUT_IO', mentions: ['/dev/full', 'ENOSPC'] });
    expect(r.stderr).toContain('::symbolic link::character special file::');
    // Behind a link in the user's folder: still the device, written to, the link kept.
    expectCleanError(runWithPrivateDev(['export', 'run.arrow', '--sessions', 'full.csv'], dir), { code: 'OUTPUT_IO', mentions: ['full.csv', 'ENOSPC'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  for (const [how, env] of [['', {}], [', written on the log thread', { SESSIONSIM_LOG_THREAD: '1' }]] as const) {
    it(`a full disk under the log is OUTPUT_IO naming it, nothing half-written left${how}`, () => {
      const dir = caseDir(`full-log${how === '' ? '' : '-thread'}`);
      const disk = path.join(dir, 'disk');
      mountTmpfs(disk, 'size=64k');
      fill(disk, 16 * 1024);
      const before = snapshotTree(dir);
      const r = runCli(['run', 'cfg.json', '--log', 'disk/run.arrow'], { cwd: dir, env });
      expectCleanError(r, { code: 'OUTPUT_IO', mentions: ['disk/run.arrow', 'ENOSPC'] });
      expect(readdirSync(disk)).toEqual(['filler']);
      expectTreeUnchanged(before, snapshotTree(dir));
    });
  }

  it('a full disk under an export is OUTPUT_IO naming it, nothing half-written left', () => {
    const dir = caseDir('full-export', { log: true });
    const disk = path.join(dir, 'disk');
    mountTmpfs(disk, 'size=64k');
    fill(disk, 0);
    const before = snapshotTree(dir);
    expectCleanError(runCli(['export', 'run.arrow', '--sessions', 'disk/out.csv'], { cwd: dir }), { code: 'OUTPUT_IO', mentions: ['disk/out.csv', 'ENOSPC'] });
    expect(readdirSync(disk)).toEqual(['filler']);
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('a read-only folder is OUTPUT_IO naming the path, for a log and for an export', () => {
    const dir = caseDir('read-only', { log: true });
    const ro = path.join(dir, 'ro');
    mountTmpfs(ro, 'size=64k,ro');
    const before = snapshotTree(dir);
    expectCleanError(runCli(['run', 'cfg.json', '--log', 'ro/run.arrow'], { cwd: dir }), { code: 'OUTPUT_IO', mentions: ['ro/run.arrow', 'EROFS'] });
    expectCleanError(runCli(['export', 'run.arrow', '--sessions', 'ro/out.csv'], { cwd: dir }), { code: 'OUTPUT_IO', mentions: ['ro/out.csv', 'EROFS'] });
    expect(readdirSync(ro)).toEqual([]);
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('a run on a --log path a live run holds is LOG_LOCKED; the log on disk is the holder\'s', async () => {
    const dir = weekDir('locked');
    writeFileSync(path.join(dir, 'ibm.json'), JSON.stringify({ data: 'data', symbols: ['IBM'], start: '2013-10-04', end: '2013-10-10' }));
    const before = snapshotTree(dir);
    const lock = path.join(dir, 'run.arrow.lock');
    const holder = startCli(['run', 'cfg.json', '--log', 'run.arrow', '--json'], { cwd: dir, timeoutMs: 120_000 });
    // Until the lock holds the pid (created and written are two steps).
    const held = () => existsSync(lock) && readFileSync(lock, 'utf8').includes(`\n${holder.child.pid}\n`);
    for (let i = 0; i < 3000 && !held(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(held(), 'the first run took its lock').toBe(true);
    // Paused, the holder is alive and mid-run however slow the machine: the second run must wait its turn.
    process.kill(holder.child.pid!, 'SIGSTOP');
    let second;
    try {
      second = runCli(['run', 'ibm.json', '--log', 'run.arrow', '--json'], { cwd: dir });
    } finally {
      process.kill(holder.child.pid!, 'SIGCONT');
    }
    const line = expectCleanError(second, { code: 'LOG_LOCKED', mentions: ['run.arrow'] });
    expect(line, line).toContain(`pid ${holder.child.pid}`);
    const first = await holder.done;
    expectOk(first);
    expect(replay(path.join(dir, 'run.arrow')).hash).toBe(JSON.parse(first.stdout).hash);
    expectTreeUnchanged(before, snapshotTree(dir), ['run.arrow']);
  });

  it('two runs started together on one --log: each ends cleanly, the log on disk is the last winner\'s', async () => {
    const dir = weekDir('race');
    writeFileSync(path.join(dir, 'ibm.json'), JSON.stringify({ data: 'data', symbols: ['IBM'], start: '2013-10-04', end: '2013-10-10' }));
    const before = snapshotTree(dir);
    const finished: CliRun[] = [];
    const start = (cfg: string) => startCli(['run', cfg, '--log', 'run.arrow', '--json'], { cwd: dir }).done.then((r) => { finished.push(r); return r; });
    await Promise.all([start('cfg.json'), start('ibm.json')]);
    // Whether they overlapped depends on the machine: a loser is LOG_LOCKED, never INTERNAL or a foreign log.
    for (const r of finished) if (r.status !== 0) expectCleanError(r, { code: 'LOG_LOCKED', mentions: ['run.arrow'] });
    const winners = finished.filter((r) => r.status === 0);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    for (const r of winners) expectOk(r);
    expect(replay(path.join(dir, 'run.arrow')).hash).toBe(JSON.parse(winners[winners.length - 1]!.stdout).hash);
    expectTreeUnchanged(before, snapshotTree(dir), ['run.arrow']);
  });

  it('a killed run does not block its log path: the next run takes over the lock', async () => {
    const dir = weekDir('killed');
    const before = snapshotTree(dir);
    const lock = path.join(dir, 'run.arrow.lock');
    const run = startCli(['run', 'cfg.json', '--log', 'run.arrow'], { cwd: dir });
    // Until the lock names its holder: a lock is created, then written (killed between the two, the
    // run leaves an empty lock, which counts as held for a while; not what this test is about).
    const holder = `\n${run.child.pid}\n`;
    for (let i = 0; i < 600 && !(existsSync(lock) && readFileSync(lock, 'utf8').includes(holder)); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(lock), 'the run took its lock').toBe(true);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    expect(readFileSync(lock, 'utf8')).toContain(`\n${run.child.pid}\n`);
    const again = runCli(['run', 'cfg.json', '--log', 'run.arrow', '--json'], { cwd: dir });
    expectOk(again);
    expect(replay(path.join(dir, 'run.arrow')).hash).toBe(JSON.parse(again.stdout).hash);
    // The killed run's .partial (if it got that far) was replaced and renamed: only the log is new.
    expectTreeUnchanged(before, snapshotTree(dir), ['run.arrow']);
  });

  it('a failed run (callback threw) keeps its log only as .partial; replay says LOG_INCOMPLETE, --verify fails', () => {
    const dir = caseDir('failed-run');
    const log = path.join(dir, 'run.arrow');
    const sim = createSimulation({ data: path.join(dir, 'data'), symbols: ['SPY'], start: DAYS[0]!, end: DAYS[1]!, log: { path: log } });
    let n = 0;
    sim.onBar(() => { if (++n === 50) throw new Error('strategy bug'); });
    expect(() => sim.runToEnd()).toThrow(/CALLBACK|strategy bug/);
    expect(existsSync(log)).toBe(false);
    const before = snapshotTree(dir);
    const r = runCli(['replay', 'run.arrow', '--type', 'SessionActivated'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^LOG_INCOMPLETE: .*run\.arrow\.partial/m);
    expectCleanError(runCli(['replay', 'run.arrow', '--verify'], { cwd: dir }), { code: 'LOG_INCOMPLETE', mentions: ['run.arrow.partial'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });
});
