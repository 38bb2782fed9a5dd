// Events per second through the kernel (schedule + pop + a no-op handler) against a bare
// tinyqueue push/pop loop over the same keys, measured in the same run.
import TinyQueue from 'tinyqueue';
import { Kernel } from '../dist/kernel/index.js';
import { rankOf } from '../dist/events/index.js';
import { median, timeIt } from './util.mjs';

function times(n) {
  // Deterministic pseudo-random times (LCG), so the heap does real work.
  const t = new Float64Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    t[i] = x % 1_000_000;
  }
  return t;
}

function bare(ts) {
  const q = new TinyQueue([], (a, b) => a.time - b.time || a.rank - b.rank || a.seq - b.seq);
  for (let i = 0; i < ts.length; i++) q.push({ type: 'MarketClose', time: ts[i], rank: 7, seq: i });
  let sum = 0;
  while (q.length) sum += q.pop().seq;
  return sum;
}

function kernel(ts) {
  const k = new Kernel({ initialState: 0, evolve: (s) => s, handlers: { MarketClose: () => [] }, rank: rankOf, startTime: 0 });
  for (let i = 0; i < ts.length; i++) k.schedule({ type: 'MarketClose', time: ts[i], date: 'd' });
  return k.run();
}

export function benchKernel({ n = 200_000, repeats = 5 } = {}) {
  const ts = times(n);
  const rows = [];
  const bareMs = [], kernelMs = [];
  for (let r = 0; r < repeats; r++) {
    bareMs.push(timeIt(() => bare(ts)));
    kernelMs.push(timeIt(() => kernel(ts)));
  }
  const b = median(bareMs), k = median(kernelMs);
  rows.push({ scenario: `kernel ${n} events`, eventsPerSec: Math.round(n / (k / 1000)), bareEventsPerSec: Math.round(n / (b / 1000)), ratio: +(k / b).toFixed(2) });
  return rows;
}
