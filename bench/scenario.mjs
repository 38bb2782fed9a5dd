// One end-to-end scenario in its own process, so that its peak RSS is its own.
// Usage: node bench/scenario.mjs '{"symbols":500,"sessions":20,"upkeep":true,"log":"off","interval":"1m","repeats":3,"onBar":false}'
import { statSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { createRun } from '../dist/api/run.js';
import { createSimulation } from '../dist/api/simulation.js';
import { sharedPrefetchThread } from '../dist/storage/prefetch-thread.js';
import { generate } from './generate.mjs';
import { rawScan } from './scan.mjs';
import { naiveLoop } from './naive.mjs';

const spec = JSON.parse(process.argv[2]);
const { symbols, sessions, upkeep = true, log = 'off', compression = 'none', hash = true, interval = '1m', repeats = 3, onBar = false, naiveDays = 0, strategy = false, prefetchThread = true } = spec;
// Days read on the run's own thread, as before the prefetch thread (for the before/after table);
// 'always': on the thread even under 10 sessions (memory in sessions compared like for like).
if (prefetchThread === false) process.env.SESSIONSIM_PREFETCH_THREAD = '0';
const runOptions = prefetchThread === 'always' ? { readAhead: { thread: sharedPrefetchThread() } } : {};
// Garbage collection on the run's thread, as a share of the runs' time (entries come after each run).
const gcPauses = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) gcPauses.push([e.startTime, e.duration]); }).observe({ entryTypes: ['gc'] });
const runWindows = [];
const root = path.join(os.tmpdir(), 'sessionsim-bench', `${interval}-s${symbols}`);
const { dates, names } = generate(root, { symbols, sessions, interval });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const logPath = path.join(os.tmpdir(), `sessionsim-bench-${process.pid}.arrow`);

/** One market order per symbol per session, 30 minutes after the open, buying and selling by turns. */
const oneOrderPerSymbol = (names) => ({
  name: 'bench-one-order-per-symbol',
  onStart: (ctx) => ctx.schedule({ at: 'open', minutes: 30 }, 'trade'),
  onTimer: (_t, ctx) => {
    for (const symbol of names) ctx.submit({ symbol, side: ctx.portfolio.position(symbol) > 0 ? 'sell' : 'buy', quantity: 10 });
  },
});

const scanMs = [], runMs = [], plainMs = [];
let fills = 0;
let fileBars = 0, events = 0, delivered = 0, logBytes = 0;
// The process's peak memory after its first run, before any raw scan: the run's own (a scan of
// 250 files leaves their buffers to the collector and would stand in for the run's peak).
let runPeakRssMiB = null;
for (let r = 0; r < repeats; r++) {
  let t;
  if (r > 0) {
    t = performance.now();
    fileBars = rawScan(root, interval, dates).bars;
    scanMs.push(performance.now() - t);
  }
  const config = { data: root, symbols: names, interval, start: dates[0], end: dates[dates.length - 1], data_upkeep: { enabled: upkeep }, log: log === 'off' ? { path: null, hash } : { path: logPath, bars: log, hash, compression } };
  t = performance.now();
  if (strategy) {
    // The same run through the same API without the strategy, measured beside it.
    const plain = createSimulation(config);
    plain.runToEnd();
    plainMs.push(performance.now() - t);
    t = performance.now();
    // Cash enough for every order: the point is the cost of orders and fills, not rejections.
    const sim = createSimulation({ ...config, broker: { cash: 1e9 } }, { strategy: oneOrderPerSymbol(names) });
    sim.runToEnd();
    delivered = sim.parts.kernel.state.totalBars;
    events = sim.parts.kernel.handled;
    fills = sim.parts.kernel.state.book.totals.fills;
  } else if (onBar) {
    const sim = createSimulation(config);
    let count = 0;
    sim.onBar(() => { count++; });
    sim.runToEnd();
    delivered = count;
    events = sim.parts.kernel.handled;
  } else {
    const run = createRun(config, runOptions);
    run.kernel.run();
    delivered = run.kernel.state.totalBars;
    events = run.kernel.handled;
  }
  runMs.push(performance.now() - t);
  runWindows.push([t, performance.now()]);
  if (r === 0) {
    runPeakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    t = performance.now();
    fileBars = rawScan(root, interval, dates).bars;
    scanMs.push(performance.now() - t);
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (log !== 'off') { logBytes = statSync(logPath).size; rmSync(logPath, { force: true }); }
}
let naive = null;
if (naiveDays > 0) {
  const days = dates.slice(0, naiveDays);
  const t = performance.now();
  const n = naiveLoop(root, interval, days);
  naive = { bars: n, ms: performance.now() - t, scanMs: (() => { const t0 = performance.now(); rawScan(root, interval, days); return performance.now() - t0; })() };
}
const run = median(runMs), scan = median(scanMs);
const gcMs = gcPauses.filter(([at]) => runWindows.some(([a, b]) => at >= a && at <= b)).reduce((s, [, d]) => s + d, 0);
console.log(JSON.stringify({
  ...spec, fileBars, delivered, events,
  barsPerSec: Math.round(fileBars / (run / 1000)),
  scanBarsPerSec: Math.round(fileBars / (scan / 1000)),
  ratioToScan: run / scan,
  naiveBarsPerSec: naive ? Math.round(naive.bars / (naive.ms / 1000)) : null,
  speedupOverNaive: naive ? (naive.ms / naive.bars) / (run / fileBars) : null,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  runPeakRssMiB,
  gcPct: +((100 * gcMs) / runMs.reduce((s, x) => s + x, 0)).toFixed(1),
  logBytesPerEvent: log === 'off' ? null : logBytes / events,
  ...(strategy ? { fills, ratioToNoStrategy: run / median(plainMs) } : {}),
}));
