import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, simulate } from '../src/index.js';
import { SimError } from '../src/errors.js';
import { configHash, MAX_SWEEP_RUNS, planSweep, sweep, type SweepSpec } from '../src/sweep/index.js';
import { startRedis } from './support/redis.js';
import { makeDataset } from './support/dataset.js';
import { tmpDir } from './support/tmp.js';

const base = demoConfig();
const spec: SweepSpec = {
  base,
  axes: { 'prefetch.latency_ms': [0, 90_000, 150_000], symbols: [['SPY'], ['IBM', 'SPY']], 'prefetch.timeout_seconds': [300] },
};

function planError(s: unknown): SimError {
  try {
    planSweep(s as SweepSpec);
  } catch (e) {
    return e as SimError;
  }
  throw new Error('planSweep accepted it');
}

describe('planning a sweep', () => {
  it('expands a product, a zip, ranges and explicit configs in a fixed order', () => {
    expect(planSweep(spec).map((r) => r.params)).toHaveLength(6);
    expect(planSweep({ base, axes: { 'prefetch.latency_ms': { from: 0, to: 1000, step: 500 }, 'data_upkeep.enabled': [true, false] }, mode: 'product' }).map((r) => r.params)).toEqual([
      { 'prefetch.latency_ms': 0, 'data_upkeep.enabled': true }, { 'prefetch.latency_ms': 0, 'data_upkeep.enabled': false },
      { 'prefetch.latency_ms': 500, 'data_upkeep.enabled': true }, { 'prefetch.latency_ms': 500, 'data_upkeep.enabled': false },
      { 'prefetch.latency_ms': 1000, 'data_upkeep.enabled': true }, { 'prefetch.latency_ms': 1000, 'data_upkeep.enabled': false },
    ]);
    expect(planSweep({ base, axes: { start: ['2013-10-04', '2013-10-07'], end: ['2013-10-07', '2013-10-11'] }, mode: 'zip' }).map((r) => r.params)).toEqual([{ start: '2013-10-04', end: '2013-10-07' }, { start: '2013-10-07', end: '2013-10-11' }]);
    expect(planSweep({ base, configs: [{ end: '2013-10-08' }] })[0]!.config.end).toBe('2013-10-08');
    expect(planSweep({ base, axes: { 'prefetch.timeout_seconds': { from: 0.1, to: 0.4, step: 0.1 } } }).map((r) => r.params['prefetch.timeout_seconds'])).toEqual([0.1, 0.2, 0.3, 0.4]);
    const again = planSweep(spec);
    expect(again.map((r) => r.configHash)).toEqual(planSweep(spec).map((r) => r.configHash));
  });

  it('refuses a run whose config is invalid, naming the run and the key', () => {
    expect(() => planSweep({ base, axes: { end: ['2013-10-11', '2013-01-01'] } })).toThrow(/sweep run 1 .*config\.end/);
  });

  it('counts the runs before expanding: a range of 1e9 steps is SWEEP_INVALID at once, naming the axis and the count', () => {
    const t0 = performance.now();
    const e = planError({ base, axes: { 'prefetch.latency_ms': { from: 0, to: 1e9, step: 1 } } });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(e.code).toBe('SWEEP_INVALID');
    expect(e.message).toContain('sweep.axes.prefetch.latency_ms');
    expect(e.message).toContain('1000000001 runs');
    expect(e.message).toContain(String(MAX_SWEEP_RUNS));
    const p = planError({ base, axes: { 'prefetch.latency_ms': { from: 0, to: 999, step: 1 }, 'prefetch.timeout_seconds': { from: 1, to: 1000 } } });
    expect(p.message).toMatch(/sweep\.axes: a product of 1000000 runs .*prefetch\.latency_ms: 1000, prefetch\.timeout_seconds: 1000/);
  });

  it.each([
    ['a zero step', { axes: { 'prefetch.latency_ms': { from: 0, to: 10, step: 0 } } }, 'sweep.axes.prefetch.latency_ms.step: must be positive'],
    ['a negative step', { axes: { 'prefetch.latency_ms': { from: 0, to: 10, step: -1 } } }, 'sweep.axes.prefetch.latency_ms.step: must be positive'],
    ['from after to', { axes: { 'prefetch.latency_ms': { from: 10, to: 0 } } }, 'sweep.axes.prefetch.latency_ms: from 10 is after to 0'],
    ['a non-numeric from', { axes: { 'prefetch.latency_ms': { from: 'a', to: 10 } } }, 'sweep.axes.prefetch.latency_ms.from: must be a finite number, got "a"'],
    ['a non-numeric step', { axes: { 'prefetch.latency_ms': { from: 0, to: 10, step: '1' } } }, 'sweep.axes.prefetch.latency_ms.step: must be a finite number'],
    ['an unknown range key', { axes: { 'prefetch.latency_ms': { from: 0, to: 10, by: 1 } } }, 'sweep.axes.prefetch.latency_ms.by: unknown key'],
    ['an empty list', { axes: { symbols: [] } }, 'sweep.axes.symbols: an empty list'],
    ['an axis that is neither list nor range', { axes: { symbols: 'SPY' } }, 'sweep.axes.symbols: must be a list of values or a { from, to, step } range, got "SPY"'],
    ['an unknown mode', { mode: 'cartesian', axes: { symbols: [['SPY']] } }, 'sweep.mode: must be "product" or "zip", got "cartesian"'],
    ['zip axes of unequal length', { mode: 'zip', axes: { symbols: [['SPY']], end: ['2013-10-08', '2013-10-09'] } }, 'sweep.mode: "zip" needs axes of equal length: symbols has 1 values, end has 2'],
    ['an unknown key', { axis: {} }, 'sweep.axis: unknown key'],
    ['configs that are not a list', { configs: { end: '2013-10-08' } }, 'sweep.configs: must be a list'],
    ['a config override that is not an object', { configs: [7] }, 'sweep.configs[0]: must be an object'],
    ['a __proto__ axis key', { axes: JSON.parse('{"__proto__.x": [1]}') }, 'sweep.axes.__proto__.x: not a dotted config key'],
  ])('a spec with %s is SWEEP_INVALID naming the key', (_what, over, text) => {
    const e = planError({ base, ...over });
    expect(e.code).toBe('SWEEP_INVALID');
    expect(e.message).toContain(text);
  });

  it('a spec that is not an object, or has no base, is SWEEP_INVALID', () => {
    expect(planError(null).message).toContain('a sweep must be an object, got null');
    expect(planError({ axes: {} }).message).toContain('sweep.base: must be a config object');
  });
});

describe('sweep on worker threads', () => {
  it('gives each run the hash of the same config run alone, and reports a failing run while the others go on', async () => {
    const withBad: SweepSpec = { ...spec, configs: [{ symbols: ['NOPE'] }] };
    const progress: number[] = [];
    const r = await sweep(withBad, { workers: 2, onProgress: (p) => progress.push(p.done) });
    expect(r.rows).toHaveLength(7);
    expect(r.failed).toBe(1);
    expect(r.rows[6]).toMatchObject({ status: 'failed', hash: '' });
    expect(String(r.rows[6]!.error)).toMatch(/^CONFIG_INVALID: config\.symbols.*"NOPE"/);
    const plan = planSweep(withBad);
    for (const row of r.rows.slice(0, 6)) {
      expect(row.status).toBe('done');
      expect(row.hash).toBe(simulate(plan[row.run]!.config).hash);
    }
    expect(progress[progress.length - 1]).toBe(7);
    expect(r.table.table.numRows).toBe(7);
    expect(r.table.table.schema.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['run', 'prefetch.latency_ms', 'symbols', 'status', 'hash', 'bars', 'pct']));
  });

  it('creates a --logs folder that does not exist, and runs a config listed twice once (one log, not two writers on one file)', async () => {
    const logs = path.join(tmpDir('sweep-logs-'), 'runs', 'nested');
    const twice: SweepSpec = { base: { ...base, end: '2013-10-08' }, configs: [{ 'prefetch.latency_ms': 0 }, { 'prefetch.latency_ms': 1000 }, { 'prefetch.latency_ms': 0 }] };
    const progress: number[] = [];
    const r = await sweep(twice, { workers: 2, logDir: logs, onProgress: (p) => progress.push(p.total) });
    expect(r.rows.map((row) => row.status)).toEqual(['done', 'done', 'done']);
    expect(r.rows[2]!.log_path).toBe(r.rows[0]!.log_path);
    expect(progress).toEqual([2, 2]);
    expect(readdirSync(logs).sort()).toEqual([`${r.rows[0]!.config_hash}.arrow`, `${r.rows[1]!.config_hash}.arrow`].sort());
  });
});

describe('sweep through BullMQ on a real Redis with worker processes', async () => {
  const { url } = await startRedis();
  const bin = path.resolve('bin/sessionsim.js');
  const workers: ChildProcess[] = [];
  afterAll(() => { for (const w of workers) w.kill('SIGKILL'); });
  const repo = path.resolve('.');
  const startWorker = (queue: string, extra: string[] = [], env: Record<string, string> = {}, redis: string | null = url) => {
    const args = [bin, 'worker', ...(redis !== null ? ['--redis', redis] : []), '--queue', queue, '--lock-ms', '2000', ...extra];
    if (!extra.includes('--data-root')) args.push('--data-root', repo, '--data-root', tmpRoot);
    if (!extra.includes('--log-root')) args.push('--log-root', tmpRoot);
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    workers.push(p);
    let out = '', err = '';
    p.stdout!.on('data', (d) => (out += d));
    p.stderr!.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
    const ready = new Promise<void>((resolve, reject) => {
      p.stdout!.on('data', () => { if (out.includes('worker ready')) resolve(); });
      p.on('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
    });
    return { p, ready, exited, output: () => out, errors: () => err };
  };
  const tmpRoot = tmpDir('sweep-queue-');
  // A dataset big enough that one run of its ten days takes longer than a 1 s lock (2-4 s).
  const heavyRoot = path.join(tmpRoot, 'heavy');
  const heavyDates = ['2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06', '2025-06-09', '2025-06-10', '2025-06-11', '2025-06-12', '2025-06-13'];
  const heavySymbols = Array.from({ length: 100 }, (_, i) => `S${i}`);
  beforeAll(() => makeDataset(heavyRoot, { dates: heavyDates, symbols: heavySymbols }));
  const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

  it('gives the same rows as the thread-pool sweep', async () => {
    const ws = [startWorker('equal'), startWorker('equal')];
    await Promise.all(ws.map((w) => w.ready));
    const viaQueue = await sweep(spec, { redis: url, queue: 'equal' });
    const local = await sweep(spec, { workers: 2 });
    const strip = (rows: readonly Record<string, unknown>[]) => rows.map(({ ms: _ms, ...rest }) => rest);
    expect(strip(viaQueue.rows)).toEqual(strip(local.rows));
    expect(ws.every((w) => /done [0-9a-f]{12}/.test(w.output()))).toBe(true); // both workers took runs
  }, 120_000);

  it('runs a job longer than the lock once: the run is off the main thread, so the lock is renewed while it runs', async () => {
    // A run made long by its work (a log, and a derived bar of every width up to five hours), so it
    // outlasts the 1 s lock (the shortest the worker takes) even on an idle machine.
    const a = startWorker('lock', ['--lock-ms', '1000']), b = startWorker('lock', ['--lock-ms', '1000']);
    await Promise.all([a.ready, b.ready]);
    const derived_intervals = Array.from({ length: 300 }, (_, i) => i + 1);
    const r = await sweep({ base: { data: heavyRoot, symbols: heavySymbols, start: heavyDates[0]!, end: heavyDates[9]!, data_upkeep: { derived_intervals } } }, { redis: url, queue: 'lock', logDir: path.join(tmpRoot, 'lock-logs') });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ status: 'done', error: '' });
    const both = a.output() + b.output();
    expect(count(both, /^start /gm)).toBe(1);
    expect(count(both, /^done /gm)).toBe(1);
    expect(r.rows[0]!.ms as number).toBeGreaterThan(2000); // really longer than the lock, twice
  }, 120_000);

  it('loses no run and duplicates none when a worker is killed mid-run', async () => {
    const dates = heavyDates.slice(0, 5);
    const heavy: SweepSpec = { base: { data: heavyRoot, symbols: heavySymbols.slice(0, 40), start: dates[0]!, end: dates[4]! }, axes: { 'prefetch.latency_ms': [0, 1000, 2000, 3000, 4000, 5000] } };
    const a = startWorker('kill'), b = startWorker('kill');
    await Promise.all([a.ready, b.ready]);
    const pending = sweep(heavy, { redis: url, queue: 'kill' });
    // Kill worker A as soon as it has started a run.
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (a.output().includes('start ')) { clearInterval(t); resolve(); } }, 5); });
    a.p.kill('SIGKILL');
    const r = await pending;
    expect(r.rows).toHaveLength(6);
    expect(r.rows.every((row) => row.status === 'done')).toBe(true);
    expect(new Set(r.rows.map((row) => row.config_hash)).size).toBe(6);
    const local = await sweep(heavy, { workers: 2 });
    expect(r.rows.map((row) => row.hash)).toEqual(local.rows.map((row) => row.hash));
    const killedHash = /start ([0-9a-f]{12})/.exec(a.output())![1]!;
    expect(b.output()).toContain(`done ${killedHash}`); // the killed worker's run was handed over
  }, 120_000);

  it('a worker stopped by SIGTERM mid-run exits at once and hands its run back: one result, done by another worker', async () => {
    const a = startWorker('term', ['--lock-ms', '30000']);
    await a.ready;
    const pending = sweep({ base: { data: heavyRoot, symbols: heavySymbols.slice(0, 40), start: heavyDates[0]!, end: heavyDates[9]! } }, { redis: url, queue: 'term' });
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (a.output().includes('start ')) { clearInterval(t); resolve(); } }, 5); });
    const t0 = Date.now();
    a.p.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    // Handed back at once (not after the 30 s lock): a new worker takes it.
    const b = startWorker('term', ['--lock-ms', '30000']);
    const r = await pending;
    expect(r.rows[0]).toMatchObject({ status: 'done' });
    expect(count(b.output(), /^done /gm)).toBe(1);
    expect(a.errors()).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('resubmitting runs a failed job again (a kept job failure, or a failed result), and returns a completed one without running it', async () => {
    const conn = new Redis(url, { maxRetriesPerRequest: null });
    const cfg = { ...base, end: '2013-10-08' };
    const run = planSweep({ base: cfg }, { absoluteData: true })[0]!;
    // A job failure kept in Redis under the run's id (as "stalled more than allowable limit" was).
    const failing = new Worker('retry', async () => { throw new Error('boom'); }, { connection: conn });
    const qConn = new Redis(url, { maxRetriesPerRequest: null });
    const q = new Queue('retry', { connection: qConn });
    await q.add('run', { config: run.config, configHash: run.configHash, logDir: null }, { jobId: run.configHash, attempts: 1, removeOnFail: false, removeOnComplete: false });
    await new Promise<void>((resolve) => failing.on('failed', () => resolve()));
    await failing.close();
    expect(await (await q.getJob(run.configHash))!.getState()).toBe('failed');
    const w = startWorker('retry');
    await w.ready;
    const first = await sweep({ base: cfg }, { redis: url, queue: 'retry' });
    expect(first.rows[0]).toMatchObject({ status: 'done', error: '' });
    expect(count(w.output(), /^start /gm)).toBe(1);
    // A run whose result was a failure (its log path was a folder) runs again once that is fixed.
    const logs = path.join(tmpRoot, 'retry-logs');
    const other: SweepSpec = { base: { ...cfg, prefetch: { latency_ms: 1000 } } };
    const otherHash = planSweep(other, { absoluteData: true })[0]!.configHash;
    mkdirSync(path.join(logs, `${otherHash}.arrow`), { recursive: true });
    const blocked = await sweep(other, { redis: url, queue: 'retry', logDir: logs });
    expect(blocked.rows[0]!.status).toBe('failed');
    rmSync(logs, { recursive: true });
    const again = await sweep(other, { redis: url, queue: 'retry', logDir: logs });
    expect(again.rows[0]).toMatchObject({ status: 'done', log_path: path.join(logs, `${otherHash}.arrow`) });
    expect(existsSync(path.join(logs, `${otherHash}.arrow`))).toBe(true);
    // A completed run is not run again.
    const starts = count(w.output(), /^start /gm);
    const third = await sweep({ base: cfg }, { redis: url, queue: 'retry' });
    expect(third.rows[0]!.hash).toBe(first.rows[0]!.hash);
    expect(count(w.output(), /^start /gm)).toBe(starts);
    await q.close();
    qConn.disconnect();
    conn.disconnect();
  }, 60_000);

  it('a worker refuses jobs naming paths outside its roots, with QUEUE_FORBIDDEN in the job\'s result, and writes nothing there', async () => {
    const mine = path.join(tmpRoot, 'mine');
    const other = tmpDir('sweep-other-');
    makeDataset(path.join(other, 'data'), { dates: ['2025-06-02'], symbols: ['S0'] });
    mkdirSync(path.join(mine, 'logs'), { recursive: true });
    mkdirSync(path.join(mine, 'data'), { recursive: true });
    const w = startWorker('roots', ['--data-root', path.join(mine, 'data'), '--log-root', path.join(mine, 'logs')]);
    await w.ready;
    const outside = await sweep({ base: { data: path.join(other, 'data'), symbols: ['S0'], start: '2025-06-02', end: '2025-06-02' } }, { redis: url, queue: 'roots' });
    expect(outside.rows[0]!.status).toBe('failed');
    expect(String(outside.rows[0]!.error)).toMatch(/^QUEUE_FORBIDDEN: config\.data ".*other.*" is outside this worker's data roots/);
    // A dataset inside the root reached through a symlink leading out is outside too (real paths).
    const { symlinkSync } = await import('node:fs');
    symlinkSync(path.join(other, 'data'), path.join(mine, 'data', 'link'));
    const viaLink = await sweep({ base: { data: path.join(mine, 'data', 'link'), symbols: ['S0'], start: '2025-06-02', end: '2025-06-02' } }, { redis: url, queue: 'roots' });
    expect(String(viaLink.rows[0]!.error)).toMatch(/^QUEUE_FORBIDDEN: config\.data/);
    // Logs outside the log root.
    makeDataset(path.join(mine, 'data', 'ok'), { dates: ['2025-06-02'], symbols: ['S0'] });
    const okBase = { data: path.join(mine, 'data', 'ok'), symbols: ['S0'], start: '2025-06-02', end: '2025-06-02' };
    const badLogs = await sweep({ base: okBase }, { redis: url, queue: 'roots', logDir: path.join(other, 'logs') });
    expect(String(badLogs.rows[0]!.error)).toMatch(/^QUEUE_FORBIDDEN: the log folder ".*logs" is outside this worker's log root/);
    expect(existsSync(path.join(other, 'logs'))).toBe(false);
    // A forged job: a config hash that is not its config's would name the log file (../ and all).
    const qConn = new Redis(url, { maxRetriesPerRequest: null });
    const q = new Queue('roots', { connection: qConn });
    const job = await q.add('run', { config: okBase, configHash: '../../escape', logDir: path.join(mine, 'logs') }, { jobId: 'forged', removeOnComplete: false });
    const done = await new Promise<Record<string, unknown>>((resolve) => { const t = setInterval(async () => { const j = await q.getJob(job.id!); if (j && (await j.getState()) === 'completed') { clearInterval(t); resolve(j.returnvalue); } }, 100); });
    expect(String(done.error)).toMatch(/^QUEUE_FORBIDDEN: the job's configHash "\.\.\/\.\.\/escape" is not its config's/);
    await q.close();
    qConn.disconnect();
    // Inside both roots: done, the log folder created under the log root.
    const ok = await sweep({ base: okBase }, { redis: url, queue: 'roots', logDir: path.join(mine, 'logs', 'new') });
    expect(ok.rows[0]).toMatchObject({ status: 'done', log_path: path.join(mine, 'logs', 'new', `${configHash(okBase)}.arrow`) });
    expect(readdirSync(other).sort()).toEqual(['data']);
  }, 60_000);

  it('an unreachable Redis is a clear error at start, not a hang', async () => {
    const t0 = Date.now();
    await expect(sweep(spec, { redis: 'redis://127.0.0.1:1' })).rejects.toMatchObject({ code: 'QUEUE_UNREACHABLE' });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('with no worker: says so, and gives up with QUEUE_NO_WORKER after --wait-timeout-ms, the runs left queued', async () => {
    const notices: string[] = [];
    const t0 = Date.now();
    await expect(sweep({ base: { ...base, end: '2013-10-08' } }, { redis: url, queue: 'nobody', waitTimeoutMs: 1500, onNotice: (l) => notices.push(l) })).rejects.toMatchObject({ code: 'QUEUE_NO_WORKER', message: expect.stringContaining('1 of 1 runs stay queued') });
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(notices[0]).toMatch(/^no worker is connected to queue "nobody" on redis:\/\/127\.0\.0\.1:\d+/);
  });

  it('a sweep whose Redis dies mid-sweep ends with QUEUE_LOST in bounded time', async () => {
    const dying = await startRedis();
    const notices: string[] = [];
    const pending = sweep({ base: { ...base, end: '2013-10-08' } }, { redis: dying.url, queue: 'dies', lostAfterMs: 1000, onNotice: (l) => notices.push(l) });
    await new Promise((r) => setTimeout(r, 1000));
    dying.kill();
    const t0 = Date.now();
    await expect(pending).rejects.toMatchObject({ code: 'QUEUE_LOST' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(notices.some((n) => n.startsWith('lost Redis'))).toBe(true);
  });
});

describe('a queue behind a password and TLS, its URL from SESSIONSIM_REDIS_URL', async () => {
  const secure = await startRedis({ password: 'pw-from-env', tls: true });
  const bin = path.resolve('bin/sessionsim.js');
  const env = { ...process.env, SESSIONSIM_REDIS_URL: secure.url, NODE_EXTRA_CA_CERTS: secure.caFile! };
  const procs: ChildProcess[] = [];
  afterAll(() => { for (const p of procs) p.kill('SIGKILL'); });

  it('worker and sweep work over rediss:// with a password that is in neither command line nor output', async () => {
    expect(secure.url).toMatch(/^rediss:\/\/:pw-from-env@127\.0\.0\.1:\d+$/);
    const w = spawn(process.execPath, [bin, 'worker', '--queue', 'tls', '--data-root', path.resolve('demo/data'), '--lock-ms', '2000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(w);
    let out = '';
    w.stdout!.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      w.stdout!.on('data', () => { if (out.includes('worker ready')) resolve(); });
      w.on('exit', (code) => reject(new Error(`worker exited ${code}`)));
    });
    expect(out).toMatch(/worker ready on rediss:\/\/:\*\*\*@127\.0\.0\.1/);
    const cmdline = (await import('node:fs')).readFileSync(`/proc/${w.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain('worker');
    expect(cmdline).not.toContain('pw-from-env');
    const dir = tmpDir('sweep-tls-');
    const file = path.join(dir, 'sweep.json');
    (await import('node:fs')).writeFileSync(file, JSON.stringify({ base: { data: path.resolve('demo/data'), symbols: ['SPY'], start: '2013-10-07', end: '2013-10-08' } }));
    const s = spawn(process.execPath, [bin, 'sweep', file, '--queue', 'tls', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(s);
    let sOut = '', sErr = '';
    s.stdout!.on('data', (d) => (sOut += d));
    s.stderr!.on('data', (d) => (sErr += d));
    const code = await new Promise<number | null>((resolve) => s.on('close', resolve));
    expect(code, sErr).toBe(0);
    expect((JSON.parse(sOut) as { status: string }[])[0]!.status).toBe('done');
    expect(sOut + sErr + out).not.toContain('pw-from-env');
  }, 60_000);
});
