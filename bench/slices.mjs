// The CLI's progress loop (runEvents slices sized to ~100 ms, the state read between them) beside
// one runToEnd, alternating in one process; both with a SessionDeactivated listener, as the CLI has.
// Usage: npm run build && node bench/slices.mjs [symbols=500] [sessions=5] [interval=1m] [repeats=5]
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSimulation } from '../dist/api/simulation.js';
import { generate } from './generate.mjs';
const [symbols, sessions, interval, reps] = [Number(process.argv[2] ?? 500), Number(process.argv[3] ?? 5), process.argv[4] ?? '1m', Number(process.argv[5] ?? 5)];
const root = path.join(os.tmpdir(), 'sessionsim-bench', `${interval}-s${symbols}`);
const { dates, names } = generate(root, { symbols, sessions, interval });
const config = { data: root, symbols: names, interval, start: dates[0], end: dates[dates.length - 1], log: { path: null } };
const whole = [], sliced = [];
let hashes = new Set(), ticks = 0, maxGap = 0;
for (let r = 0; r < reps; r++) {
  let t = performance.now();
  let sim = createSimulation(config);
  sim.on('SessionDeactivated', () => {});
  sim.runToEnd(); whole.push(performance.now() - t); hashes.add(sim.hash);
  t = performance.now();
  sim = createSimulation(config);
  sim.on('SessionDeactivated', () => {});
  let slice = 4096, last = performance.now();
  for (;;) {
    const t0 = performance.now();
    if (sim.runEvents(slice) === 0) break;
    const now = performance.now(), ms = now - t0;
    maxGap = Math.max(maxGap, now - last); last = now; ticks++;
    void sim.live.totalBars;
    if (ms < 50 && slice < 1 << 24) slice *= 2; else if (ms > 200 && slice > 64) slice = Math.max(64, slice >> 1);
  }
  sliced.push(performance.now() - t); hashes.add(sim.hash);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(JSON.stringify({ symbols, sessions, interval, runToEndMs: whole.map(Math.round), slicesMs: sliced.map(Math.round), medianRatio: +(med(sliced) / med(whole)).toFixed(3), hashes: hashes.size, ticksPerRun: ticks / reps, maxGapMs: Math.round(maxGap) }));
