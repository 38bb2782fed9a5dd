// Sweep throughput (runs per minute): one after another in one process, a thread pool of 1 and 2
// workers, and BullMQ on a local Redis with 1 and 2 worker processes, all in the same run.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { planSweep, runOne, sweep } from '../dist/sweep/index.js';
import { generate } from './generate.mjs';

const bin = fileURLToPath(new URL('../bin/sessionsim.js', import.meta.url));

async function freePort() {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}

async function waitFor(check, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) { if (Date.now() > end) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 50)); }
}

export async function benchSweep({ runs = 12, symbols = 500, sessions = 20 } = {}) {
  // Runs long enough (about a second each) that a worker's start-up is not the whole story.
  const root = path.join(os.tmpdir(), 'sessionsim-bench', `1m-s${symbols}`);
  const { dates, names } = generate(root, { symbols, sessions });
  const base = { data: root, symbols: names, start: dates[0], end: dates[dates.length - 1] };
  const spec = { base, axes: { 'prefetch.latency_ms': Array.from({ length: runs }, (_, i) => i * 1000) } };
  const plan = planSweep(spec);
  const rows = [];
  const perMinute = (ms) => Math.round((runs / ms) * 60_000);
  let t = performance.now();
  const cpu0 = process.cpuUsage();
  for (const r of plan) runOne(r.config, r.configHash, null);
  const seqMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  // Cores one run keeps busy: its own thread, the prefetch thread, V8's GC and compiler threads.
  rows.push({ how: 'one after another, one process', runsPerMinute: perMinute(seqMs), speedup: 1, coresBusy: +((cpu.user + cpu.system) / 1000 / seqMs).toFixed(2) });
  const poolMs = {};
  for (const workers of [1, 2]) {
    t = performance.now();
    await sweep(spec, { workers });
    poolMs[workers] = performance.now() - t;
    rows.push({ how: `thread pool, ${workers} worker${workers > 1 ? 's' : ''}`, runsPerMinute: perMinute(poolMs[workers]), speedup: +(seqMs / poolMs[workers]).toFixed(2) });
  }
  if (spawnSync('redis-server', ['--version']).status === 0) {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const url = `redis://127.0.0.1:${port}`;
    try {
      await waitFor(() => new Promise((res) => { const s = net.connect(port, '127.0.0.1', () => { s.end(); res(true); }); s.on('error', () => res(false)); }));
      for (const workers of [1, 2, 3]) {
        const queue = `bench-${workers}`;
        // Workers serve only the roots they are given: the dataset (and a log root, unused here).
        // As many worker processes as cores: their runs read their days themselves (README, Sweeps).
        const env = workers >= os.availableParallelism() ? { ...process.env, SESSIONSIM_PREFETCH_THREAD: '0' } : process.env;
        const procs = Array.from({ length: workers }, () => spawn(process.execPath, [bin, 'worker', '--redis', url, '--queue', queue, '--data-root', root, '--log-root', path.dirname(root)], { stdio: ['ignore', 'pipe', 'ignore'], env }));
        await Promise.all(procs.map((p) => new Promise((res) => { let o = ''; p.stdout.on('data', (d) => { o += d; if (o.includes('worker ready')) res(); }); })));
        t = performance.now();
        const result = await sweep(spec, { redis: url, queue, pollMs: 20 });
        const ms = performance.now() - t;
        // A refused or failed run is quick: never let it pass as throughput.
        if (result.failed > 0) throw new Error(`bench sweep on BullMQ: ${result.failed} runs failed: ${result.rows.find((r) => r.status !== 'done')?.error}`);
        await Promise.all(procs.map((p) => new Promise((res) => { p.on('exit', res); p.kill('SIGTERM'); })));
        rows.push({ how: `BullMQ on Redis, ${workers} worker process${workers > 1 ? 'es' : ''}`, runsPerMinute: perMinute(ms), speedup: +(seqMs / ms).toFixed(2), overheadPerRunMsVsPool: poolMs[workers] === undefined ? '' : +((ms - poolMs[workers]) / runs).toFixed(1) });
      }
    } finally {
      redis.kill('SIGKILL');
    }
  }
  return rows;
}
