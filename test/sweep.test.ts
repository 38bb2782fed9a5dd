import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoConfig, simulate } from '../src/index.js';
import { planSweep, sweep, type SweepSpec } from '../src/sweep/index.js';
import { startRedis } from './support/redis.js';
import { makeDataset } from './support/dataset.js';
import { tmpDir } from './support/tmp.js';

const base = demoConfig();
const spec: SweepSpec = {
  base,
  axes: { 'prefetch.latency_ms': [0, 90_000, 150_000], symbols: [['SPY'], ['IBM', 'SPY']], 'prefetch.timeout_seconds': [300] },
};

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
    const again = planSweep(spec);
    expect(again.map((r) => r.configHash)).toEqual(planSweep(spec).map((r) => r.configHash));
  });

  it('refuses a run whose config is invalid, naming the run and the key', () => {
    expect(() => planSweep({ base, axes: { end: ['2013-10-11', '2013-01-01'] } })).toThrow(/sweep run 1 .*config\.end/);
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
    expect(String(r.rows[6]!.error)).toMatch(/^CONFIG_INVALID: config\.symbols: "NOPE"/);
    const plan = planSweep(withBad);
    for (const row of r.rows.slice(0, 6)) {
      expect(row.status).toBe('done');
      expect(row.hash).toBe(simulate(plan[row.run]!.config).hash);
    }
    expect(progress[progress.length - 1]).toBe(7);
    expect(r.table.table.numRows).toBe(7);
    expect(r.table.table.schema.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['run', 'prefetch.latency_ms', 'symbols', 'status', 'hash', 'bars', 'pct']));
  });
});

describe('sweep through BullMQ on a real Redis with worker processes', async () => {
  const { url } = await startRedis();
  const bin = path.resolve('bin/sessionsim.js');
  const workers: ChildProcess[] = [];
  afterAll(() => { for (const w of workers) w.kill('SIGKILL'); });
  const startWorker = (queue: string) => {
    const p = spawn(process.execPath, [bin, 'worker', '--redis', url, '--queue', queue, '--lock-ms', '2000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    workers.push(p);
    let out = '';
    p.stdout!.on('data', (d) => (out += d));
    const ready = new Promise<void>((resolve, reject) => {
      p.stdout!.on('data', () => { if (out.includes('worker ready')) resolve(); });
      p.on('exit', (code) => reject(new Error(`worker exited ${code}`)));
    });
    return { p, ready, output: () => out };
  };

  it('gives the same rows as the thread-pool sweep', async () => {
    const ws = [startWorker('equal'), startWorker('equal')];
    await Promise.all(ws.map((w) => w.ready));
    const viaQueue = await sweep(spec, { redis: url, queue: 'equal' });
    const local = await sweep(spec, { workers: 2 });
    const strip = (rows: readonly Record<string, unknown>[]) => rows.map(({ ms: _ms, ...rest }) => rest);
    expect(strip(viaQueue.rows)).toEqual(strip(local.rows));
    expect(ws.every((w) => /done [0-9a-f]{12}/.test(w.output()))).toBe(true); // both workers took runs
  }, 120_000);

  it('loses no run and duplicates none when a worker is killed mid-run', async () => {
    const root = tmpDir();
    const dates = ['2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06'];
    makeDataset(root, { dates, symbols: Array.from({ length: 40 }, (_, i) => `S${i}`) });
    const heavy: SweepSpec = { base: { data: root, symbols: Array.from({ length: 40 }, (_, i) => `S${i}`), start: dates[0]!, end: dates[4]! }, axes: { 'prefetch.latency_ms': [0, 1000, 2000, 3000, 4000, 5000] } };
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

  it('an unreachable Redis is a clear error at start, not a hang', async () => {
    const t0 = Date.now();
    await expect(sweep(spec, { redis: 'redis://127.0.0.1:1' })).rejects.toMatchObject({ code: 'QUEUE_UNREACHABLE' });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
