// A deterministic generator of realistic datasets: S symbols x D sessions of 1-minute (or 1-second)
// bars on the real XNYS calendar, with gaps, illiquid symbols, early closes and after-hours prints.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getCalendar } from '../dist/calendar/index.js';
import { writeDay } from '../dist/storage/index.js';

function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

export function symbolNames(n) {
  return Array.from({ length: n }, (_, i) => `S${String(i).padStart(4, '0')}`);
}

/** Session dates: D sessions ending 2025-12-31, including the early closes of that year. */
export function benchDates(d) {
  const cal = getCalendar('XNYS');
  const [, to] = cal.indexRange('2025-01-01', '2025-12-31');
  return Array.from({ length: d }, (_, k) => cal.at(to - d + k).date);
}

export function generate(root, { symbols: S, sessions: D, interval = '1m', seed = 42 }) {
  const cal = getCalendar('XNYS');
  const names = symbolNames(S);
  const step = interval === '1m' ? 60_000 : 1000;
  const dates = benchDates(D);
  for (const date of dates) {
    const file = path.join(root, `interval=${interval}`, `date=${date}`, 'bars.arrow');
    if (existsSync(file)) continue;
    const s = cal.sessionOn(date);
    const rand = rng(seed ^ s.day);
    const liquidity = names.map((_, i) => (i % 10 === 9 ? 0.3 : 0.98)); // every tenth symbol is illiquid
    const price = names.map((_, i) => 20 + (i % 200));
    const starts = [];
    for (let t = s.open - 30 * 60_000; t < s.open; t += 60_000) starts.push([t, 0.05]); // pre-market
    for (let t = s.open; t < s.close; t += step) starts.push([t, 1]);
    for (let t = s.close; t < s.close + 30 * 60_000; t += 60_000) starts.push([t, 0.05]); // after hours
    const cap = starts.length * S;
    const ts = new Float64Array(cap), sym = new Int32Array(cap), o = new Float64Array(cap), h = new Float64Array(cap), l = new Float64Array(cap), c = new Float64Array(cap), v = new Float64Array(cap);
    let n = 0;
    for (const [t, p] of starts) {
      for (let k = 0; k < S; k++) {
        if (rand() > p * liquidity[k]) continue;
        const open = price[k];
        const move = (rand() - 0.5) * 0.02 * open;
        const close = Math.max(0.01, open + move);
        ts[n] = t; sym[n] = k; o[n] = open; c[n] = close;
        h[n] = Math.max(open, close) + rand() * 0.01 * open; l[n] = Math.max(0.001, Math.min(open, close) - rand() * 0.01 * open);
        v[n] = Math.floor(rand() * 10_000);
        price[k] = close;
        n++;
      }
    }
    writeDay(root, interval, date, { symbols: names, ts: ts.slice(0, n), sym: sym.slice(0, n), open: o.slice(0, n), high: h.slice(0, n), low: l.slice(0, n), close: c.slice(0, n), volume: v.slice(0, n) });
  }
  return { root, dates, names };
}
