import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedis } from '../support/redis.js';
import { tmpDir } from '../support/tmp.js';
import { DEMO_DATA, expectCleanError, expectOk, expectTreeUnchanged, runCli, snapshotTree, startCli, type CliRun } from './harness.js';

const dir = tmpDir('corpus-sweep-');
const base = { data: DEMO_DATA, symbols: ['SPY'], start: '2013-10-07', end: '2013-10-08' };
let n = 0;
/** Writes a sweep file into its own folder (so the tree check sees only this case's files). */
function sweepFile(spec: unknown): { file: string; folder: string } {
  const folder = path.join(dir, `case-${++n}`);
  mkdirSync(folder);
  const file = path.join(folder, 'sweep.json');
  writeFileSync(file, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return { file, folder };
}

/** The sweep fails cleanly and writes nothing: not even the --out it was given. */
function refused(spec: unknown, code: Parameters<typeof expectCleanError>[1]['code'], mentions: string[], extra: string[] = []): CliRun {
  const { file, folder } = sweepFile(spec);
  const before = snapshotTree(folder);
  const r = runCli(['sweep', file, '--out', path.join(folder, 'out.arrow'), ...extra], { timeoutMs: 20_000 });
  expectCleanError(r, { code, mentions });
  expectTreeUnchanged(before, snapshotTree(folder));
  return r;
}

const waitFor = async (what: () => boolean, ms = 20_000) => {
  const t0 = Date.now();
  while (!what()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('corpus: sweep specs', () => {
  it('a zero step', () => {
    refused({ base, axes: { 'prefetch.latency_ms': { from: 0, to: 10, step: 0 } } }, 'SWEEP_INVALID', ['sweep.axes.prefetch.latency_ms.step', 'positive']);
  });

  it('a negative step', () => {
    refused({ base, axes: { 'prefetch.latency_ms': { from: 0, to: 10, step: -5 } } }, 'SWEEP_INVALID', ['sweep.axes.prefetch.latency_ms.step', '-5']);
  });

  it('a range whose from is after its to', () => {
    refused({ base, axes: { 'prefetch.latency_ms': { from: 100, to: 0, step: 1 } } }, 'SWEEP_INVALID', ['sweep.axes.prefetch.latency_ms', 'from 100 is after to 0']);
  });

  it('a non-numeric range bound', () => {
    refused({ base, axes: { 'prefetch.latency_ms': { from: '0', to: 10 } } }, 'SWEEP_INVALID', ['sweep.axes.prefetch.latency_ms.from', '"0"']);
  });

  it('an empty list', () => {
    refused({ base, axes: { symbols: [] } }, 'SWEEP_INVALID', ['sweep.axes.symbols', 'empty list']);
  });

  it('an unknown mode', () => {
    refused({ base, mode: 'grid', axes: { symbols: [['SPY']] } }, 'SWEEP_INVALID', ['sweep.mode', '"grid"']);
  });

  it('zip axes of unequal length', () => {
    refused({ base, mode: 'zip', axes: { symbols: [['SPY'], ['IBM']], end: ['2013-10-08'] } }, 'SWEEP_INVALID', ['sweep.mode', 'symbols has 2 values, end has 1']);
  });

  it('an unknown key, and a spec that is not an object', () => {
    refused({ base, axis: { symbols: [['SPY']] } }, 'SWEEP_INVALID', ['sweep.axis', 'unknown key']);
    refused('null', 'CONFIG_INVALID', ['sweep.json', 'the sweep spec must be a JSON object, got null']);
  });

  it('an axis of 1e9 steps is refused at once, naming the axis and the count (it used to run V8 out of memory)', () => {
    const t0 = Date.now();
    refused({ base, axes: { 'prefetch.latency_ms': { from: 0, to: 1e9, step: 1 } } }, 'SWEEP_INVALID', ['sweep.axes.prefetch.latency_ms', '1000000001 runs', 'limit of 100000']);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('a product of axes too big', () => {
    refused({ base, axes: { 'prefetch.latency_ms': { from: 0, to: 999 }, 'prefetch.timeout_seconds': { from: 1, to: 1000 } } }, 'SWEEP_INVALID', ['sweep.axes', 'a product of 1000000 runs', 'prefetch.timeout_seconds: 1000']);
  });

  it('--queue with no Redis URL anywhere, and a bad --wait-timeout-ms', () => {
    refused({ base }, 'USAGE', ['SESSIONSIM_REDIS_URL'], ['--queue', 'q']);
    refused({ base }, 'USAGE', ['--wait-timeout-ms'], ['--redis', 'redis://127.0.0.1:1', '--wait-timeout-ms', 'soon']);
  });
});

describe('corpus: sweep outputs', () => {
  it('--logs naming a folder that does not exist: it is created and holds one log per run, nothing else written', () => {
    const { file, folder } = sweepFile({ base, axes: { 'prefetch.latency_ms': [0, 1000] } });
    const before = snapshotTree(folder);
    const r = runCli(['sweep', file, '--workers', '1', '--logs', path.join(folder, 'runs', 'a'), '--json'], { timeoutMs: 60_000 });
    expectOk(r);
    const rows = JSON.parse(r.stdout) as { log_path: string; status: string }[];
    expect(rows.map((row) => row.status)).toEqual(['done', 'done']);
    expectTreeUnchanged(before, snapshotTree(folder), ['runs', 'runs/a', ...rows.map((row) => path.relative(folder, row.log_path))]);
  });

  it('--out naming the sweep file itself: OUTPUT_REFUSED before any run, the spec unchanged', () => {
    const { file, folder } = sweepFile({ base });
    const before = snapshotTree(folder);
    expectCleanError(runCli(['sweep', file, '--out', file]), { code: 'OUTPUT_REFUSED', mentions: ['sweep.json'] });
    expectTreeUnchanged(before, snapshotTree(folder));
  });

  it('--logs naming a file: OUTPUT_IO before any run, the file unchanged', () => {
    const { file, folder } = sweepFile({ base });
    writeFileSync(path.join(folder, 'notes.txt'), 'mine');
    const before = snapshotTree(folder);
    expectCleanError(runCli(['sweep', file, '--logs', path.join(folder, 'notes.txt')]), { code: 'OUTPUT_IO', mentions: ['notes.txt'] });
    expectTreeUnchanged(before, snapshotTree(folder));
    expect(readFileSync(path.join(folder, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('corpus: sweeps on a Redis queue', async () => {
  const redis = await startRedis();
  const secured = await startRedis({ password: 'hunter2-secret' });
  const children: { kill(s?: NodeJS.Signals): boolean }[] = [];
  afterAll(() => { for (const c of children) c.kill('SIGKILL'); });
  const worker = (args: string[], env: Record<string, string> = {}) => {
    const w = startCli(['worker', ...args], { env, timeoutMs: 120_000 });
    children.push(w.child);
    return w;
  };

  it('Redis down: QUEUE_UNREACHABLE at once', () => {
    const { file, folder } = sweepFile({ base });
    const before = snapshotTree(folder);
    expectCleanError(runCli(['sweep', file, '--redis', 'redis://127.0.0.1:1']), { code: 'QUEUE_UNREACHABLE', mentions: ['redis://127.0.0.1:1'] });
    expectTreeUnchanged(before, snapshotTree(folder));
  });

  it('a wrong password (given through SESSIONSIM_REDIS_URL): QUEUE_UNREACHABLE, the password never printed', () => {
    const { file } = sweepFile({ base });
    const wrong = secured.url.replace('hunter2-secret', 'guess-pw');
    const line = expectCleanError(runCli(['sweep', file, '--queue', 'q'], { env: { SESSIONSIM_REDIS_URL: wrong } }), { code: 'QUEUE_UNREACHABLE', mentions: ['WRONGPASS', '***'] });
    expect(line).not.toContain('guess-pw');
    const none = secured.url.replace(':hunter2-secret@', '');
    expectCleanError(runCli(['worker', '--redis', none]), { code: 'QUEUE_UNREACHABLE', mentions: ['NOAUTH'] });
  });

  it('no worker connected: says so, and --wait-timeout-ms ends it with QUEUE_NO_WORKER', () => {
    const { file, folder } = sweepFile({ base });
    const before = snapshotTree(folder);
    const r = runCli(['sweep', file, '--redis', redis.url, '--queue', 'nobody', '--wait-timeout-ms', '1500'], { timeoutMs: 20_000 });
    expectCleanError(r, { code: 'QUEUE_NO_WORKER', mentions: ['queue "nobody"', '1 of 1 runs stay queued'] });
    expect(r.stderr).toContain('no worker is connected to queue "nobody"');
    expect(r.stderr).toMatch(/runs 0\/1 {2}failed 0 {2}workers 0 {2}elapsed \d+:\d\d {2}eta \?/);
    expectTreeUnchanged(before, snapshotTree(folder));
  });

  it('Redis dying mid-sweep: one QUEUE_LOST line in bounded time, no stack per reconnect', async () => {
    const dying = await startRedis();
    const { file } = sweepFile({ base });
    const s = startCli(['sweep', file, '--redis', dying.url, '--queue', 'dies', '--lost-after-ms', '1000'], { timeoutMs: 20_000 });
    let err = '';
    s.child.stderr.on('data', (d) => (err += d));
    await waitFor(() => err.includes('no worker is connected'));
    dying.kill();
    const t0 = Date.now();
    const r = await s.done;
    expect(Date.now() - t0).toBeLessThan(8000);
    expectCleanError(r, { code: 'QUEUE_LOST', mentions: ['lost Redis at redis://127.0.0.1', '1000 ms'] });
    expect(r.stderr).not.toContain('ECONNREFUSED');
  });

  it('a job naming a dataset outside the worker\'s data roots: QUEUE_FORBIDDEN in its result, nothing written', async () => {
    const root = tmpDir('corpus-root-');
    const w = worker(['--redis', redis.url, '--queue', 'roots-data', '--data-root', root, '--log-root', root, '--lock-ms', '2000']);
    let out = '';
    w.child.stdout.on('data', (d) => (out += d));
    await waitFor(() => out.includes('worker ready'));
    const { file, folder } = sweepFile({ base });
    const before = snapshotTree(folder), rootBefore = snapshotTree(root);
    const r = runCli(['sweep', file, '--redis', redis.url, '--queue', 'roots-data', '--json'], { timeoutMs: 60_000 });
    expectCleanError(r, { code: 'QUEUE_FORBIDDEN', status: 1, mentions: ['1 of 1 runs failed', 'config.data', 'outside this worker\'s data roots'] });
    expect((JSON.parse(r.stdout) as { error: string }[])[0]!.error).toMatch(/^QUEUE_FORBIDDEN: config\.data ".*demo\/data"/);
    expectTreeUnchanged(before, snapshotTree(folder));
    expectTreeUnchanged(rootBefore, snapshotTree(root));
  });

  it('a job asking for logs outside the worker\'s log root: QUEUE_FORBIDDEN, the folder not created', async () => {
    const logRoot = tmpDir('corpus-logroot-');
    const w = worker(['--redis', redis.url, '--queue', 'roots-logs', '--data-root', DEMO_DATA, '--log-root', logRoot, '--lock-ms', '2000']);
    let out = '';
    w.child.stdout.on('data', (d) => (out += d));
    await waitFor(() => out.includes('worker ready'));
    const { file, folder } = sweepFile({ base });
    const before = snapshotTree(folder);
    const r = runCli(['sweep', file, '--redis', redis.url, '--queue', 'roots-logs', '--logs', path.join(folder, 'logs')], { timeoutMs: 60_000 });
    expectCleanError(r, { code: 'QUEUE_FORBIDDEN', status: 1, mentions: ['the log folder', 'outside this worker\'s log root'] });
    expectTreeUnchanged(before, snapshotTree(folder));
  });

  it('a worker started with a data root that does not exist: USAGE', () => {
    expectCleanError(runCli(['worker', '--redis', redis.url, '--data-root', path.join(dir, 'no-such-root')]), { code: 'USAGE', mentions: ['--data-root', 'no-such-root', 'does not exist'] });
  });

  it('SIGTERM to an idle worker: it stops at once, exit 0', async () => {
    const w = worker(['--redis', redis.url, '--queue', 'idle', '--data-root', DEMO_DATA]);
    let out = '';
    w.child.stdout.on('data', (d) => (out += d));
    await waitFor(() => out.includes('worker ready'));
    const t0 = Date.now();
    w.child.kill('SIGTERM');
    const r = await w.done;
    expect(Date.now() - t0).toBeLessThan(5000);
    expectOk(r);
  });

  it('SIGTERM to a worker whose Redis is gone: it stops at once, exit 0, no stack', async () => {
    const dying = await startRedis();
    const w = worker(['--redis', dying.url, '--queue', 'gone', '--data-root', DEMO_DATA]);
    let out = '', err = '';
    w.child.stdout.on('data', (d) => (out += d));
    w.child.stderr.on('data', (d) => (err += d));
    await waitFor(() => out.includes('worker ready'));
    dying.kill();
    await waitFor(() => err.includes('lost Redis'));
    await new Promise((r) => setTimeout(r, 500)); // a few reconnect attempts
    const t0 = Date.now();
    w.child.kill('SIGTERM');
    const r = await w.done;
    expect(Date.now() - t0).toBeLessThan(6000);
    expectOk(r);
    expect(r.stderr.split('\n').filter((l) => l.includes('lost Redis'))).toHaveLength(1);
  });
});
