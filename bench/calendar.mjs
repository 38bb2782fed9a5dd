// Calendar look-ups per second: isSession / nextSession index / sessionIndexAt on random inputs.
import { getCalendar } from '../dist/calendar/index.js';
import { median, timeIt } from './util.mjs';

export function benchCalendar({ n = 2_000_000, repeats = 5 } = {}) {
  const cal = getCalendar('XNYS');
  const first = cal.sessions.firstDay, span = cal.sessions.lastDay - first - 10;
  const t0 = cal.sessions.opens[0], tspan = cal.sessions.closes[cal.size - 1] - t0;
  const days = new Int32Array(n), instants = new Float64Array(n);
  let x = 7;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    days[i] = first + (x % span);
    instants[i] = t0 + (x / 4294967296) * tspan;
  }
  const rows = [];
  const cases = [
    ['isSession(day)', () => { let c = 0; for (let i = 0; i < n; i++) if (cal.indexOf(days[i]) >= 0) c++; return c; }],
    ['nextIndex(day)', () => { let c = 0; for (let i = 0; i < n; i++) c += cal.nextIndex(days[i]); return c; }],
    ['sessionIndexAt(t)', () => { let c = 0; for (let i = 0; i < n; i++) c += cal.sessionIndexAt(instants[i]); return c; }],
  ];
  for (const [name, fn] of cases) {
    const ms = median(Array.from({ length: repeats }, () => timeIt(fn)));
    rows.push({ lookup: name, perSec: Math.round(n / (ms / 1000)) });
  }
  return rows;
}
