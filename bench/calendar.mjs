// Calendars: each shipped one's compile time (in a fresh process: the first compile, JIT cold) and
// its query API's calls per second on random inputs: isSession(date), nextSession(date) and
// minuteToSession(instant), 1 M calls each, through the public methods users call.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { calendarNames, formatDay, getCalendar } from '../dist/calendar/index.js';
import { median, timeIt } from './util.mjs';

const self = fileURLToPath(import.meta.url);

/** The first compile of a calendar in a new process, in ms. */
function coldCompileMs(name) {
  const code = `import { performance } from 'node:perf_hooks'; import { getCalendar } from ${JSON.stringify(new URL('../dist/calendar/index.js', import.meta.url).href)}; const t = performance.now(); getCalendar(${JSON.stringify(name)}); console.log(performance.now() - t);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

export function benchCalendar({ n = 1_000_000, repeats = 3 } = {}) {
  const rows = [];
  for (const name of calendarNames()) {
    const compileMs = median([0, 1, 2].map(() => coldCompileMs(name)));
    const cal = getCalendar(name);
    const first = cal.sessions.firstDay, span = cal.sessions.lastDay - first - 30;
    const t0 = cal.sessions.opens[0], tspan = cal.sessions.closes[cal.size - 1] - t0 - 30 * 86_400_000;
    const dates = new Array(n), instants = new Float64Array(n);
    let x = 7;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      dates[i] = formatDay(first + (x % span));
      instants[i] = t0 + (x / 4294967296) * tspan;
    }
    const perSec = (fn) => Math.round(n / (median(Array.from({ length: repeats }, () => timeIt(fn))) / 1000));
    rows.push({
      calendar: name,
      sessions: cal.size,
      range: `${cal.firstDate}..${cal.lastDate}`,
      compileMs: Math.round(compileMs),
      isSessionPerSec: perSec(() => { let c = 0; for (let i = 0; i < n; i++) if (cal.isSession(dates[i])) c++; return c; }),
      nextSessionPerSec: perSec(() => { let c = 0; for (let i = 0; i < n; i++) c += cal.nextSession(dates[i]).day; return c; }),
      minuteToSessionPerSec: perSec(() => { let c = 0; for (let i = 0; i < n; i++) c += cal.minuteToSession(instants[i]).day; return c; }),
    });
  }
  return rows;
}

if (process.argv[1] === self) console.table(benchCalendar());
