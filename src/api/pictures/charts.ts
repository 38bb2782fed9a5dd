import { SimError } from '../../errors.js';
import { draw, Plot } from './draw.js';
import { chosenSymbols, DEFAULT_PICTURE_OPTIONS, positiveCount, type PictureInput, type PictureOptions } from './input.js';
import { LocalClock } from './local-time.js';

/** A picture and the sentence under it (what it shows, what a cap left out). */
export interface Picture {
  readonly title: string;
  readonly svg: string;
  readonly note: string;
}

const HHMM = '%H:%M';

/** The session whose [open, close] holds t (sessions in order), null if none: a derived bar's session by time, not by calendar date. */
function sessionAt<S extends { readonly open: number; readonly close: number }>(sessions: readonly S[], t: number): S | null {
  let lo = 0, hi = sessions.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (sessions[mid]!.close < t) lo = mid + 1; else hi = mid; }
  const s = sessions[lo];
  return s !== undefined && s.open <= t ? s : null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Returns from the session's first derived bar's open, per symbol (rows) and session (columns),
 * on the exchange's clock: small multiples with one y scale, so symbols and days compare.
 */
export function pricesPicture(input: PictureInput, options: PictureOptions = {}): Picture {
  const all = input.symbols;
  const symbols = chosenSymbols(all, options.symbols);
  const sessionCap = positiveCount('sessions', options.sessions, DEFAULT_PICTURE_OPTIONS.sessions);
  const dates = input.sessions.map((s) => s.date).slice(0, sessionCap);
  const keepSym = new Set(symbols);
  const rows = input.derived((s) => keepSym.has(s));
  const lengths = [...new Set(rows.map((r) => r.minutes))].sort((a, b) => a - b);
  const minutes = options.minutes ?? lengths[0];
  if (options.minutes !== undefined && !lengths.includes(options.minutes)) throw new SimError('USAGE', `pictures: no ${options.minutes}-minute derived bars in this run (it has ${lengths.join(', ') || 'none'})`, { key: 'minutes', value: options.minutes });
  const title = 'Returns from the session open, per symbol and session';
  if (minutes === undefined) return { title, svg: '', note: 'No derived bars in this run (config data_upkeep.derived_intervals), so no prices to draw.' };
  const clock = new LocalClock(input.calendar);
  const opens = new Map<string, number>();
  const points: { symbol: string; date: string; t: Date; ret: number; series: string; at: string }[] = [];
  const shown = input.sessions.slice(0, dates.length);
  for (const r of rows) {
    if (r.minutes !== minutes) continue;
    const session = sessionAt(shown, r.start);
    if (session === null) continue;
    const date = session.date;
    const key = `${r.symbol}\u0000${date}`;
    if (!opens.has(key)) opens.set(key, r.open);
    const base = opens.get(key)!;
    points.push({ symbol: r.symbol, date, t: clock.sinceOpenDay(r.end, session.open), ret: base === 0 ? 0 : (r.close / base - 1) * 100, series: key, at: clock.clock(r.end) });
  }
  // One tooltip a line (a title that changes along a line would cut it into a path per point).
  const last = new Map<string, (typeof points)[number]>();
  for (const p of points) last.set(p.series, p);
  const tip = (p: (typeof points)[number]) => { const end = last.get(p.series)!; return `${p.symbol} ${p.date}: ${end.ret >= 0 ? '+' : ''}${end.ret.toFixed(2)}% open to ${end.at}`; };
  const svg = draw({
    width: Math.min(1100, 140 + 150 * dates.length),
    height: 40 + 90 * symbols.length,
    marginLeft: 50,
    marginRight: 60,
    x: { type: 'utc', tickFormat: HHMM, ticks: 3, label: `time (${input.calendar.timezone})` },
    y: { label: 'return from open (%)', grid: true, nice: true },
    fx: { domain: dates, label: null, tickFormat: (d: string) => d.slice(5) },
    fy: { domain: symbols, label: null },
    marks: [
      Plot.frame({ stroke: '#ddd' }),
      Plot.ruleY([0], { stroke: '#aaa' }),
      Plot.lineY(points, { x: 't', y: 'ret', fx: 'date', fy: 'symbol', z: 'series', stroke: '#1f77b4', strokeWidth: 1.2, title: tip }),
    ],
    ariaLabel: 'returns per symbol and session',
  });
  const left = all.length - symbols.length, leftDays = input.sessions.length - dates.length;
  const caps = [left > 0 ? `${plural(symbols.length, 'symbol')} of ${all.length} (option symbols)` : '', leftDays > 0 ? `the first ${plural(dates.length, 'session')} of ${input.sessions.length} (option sessions)` : ''].filter((s) => s !== '');
  return { title, svg, note: `${minutes}-minute derived bars, close over the session's first open, exchange time.${caps.length > 0 ? ` Showing ${caps.join(' and ')}.` : ''}` };
}

/** Percent of expected bars received, one cell per symbol and session; the symbols that received least when capped. */
export function receivedPicture(input: PictureInput, options: PictureOptions = {}): Picture {
  const cap = positiveCount('heatmapSymbols', options.heatmapSymbols, DEFAULT_PICTURE_OPTIONS.heatmapSymbols);
  const title = 'Bars received, % of expected, per symbol and session';
  if (input.quality.length === 0) return { title, svg: '', note: 'No finished session yet: no quality rows.' };
  const worst = new Map<string, number>();
  for (const q of input.quality) worst.set(q.symbol, Math.min(worst.get(q.symbol) ?? Infinity, q.pct));
  const all = [...worst.keys()];
  // The least received first; by name among equals, so the choice is the same every time.
  const chosen = [...all].sort((a, b) => worst.get(a)! - worst.get(b)! || (a < b ? -1 : a > b ? 1 : 0)).slice(0, cap).sort();
  const keep = new Set(chosen);
  const cells = input.quality.filter((q) => keep.has(q.symbol));
  const dates = input.sessions.map((s) => s.date);
  const svg = draw({
    width: Math.min(1100, 120 + 28 * dates.length),
    height: 50 + 14 * chosen.length,
    marginLeft: 70,
    marginBottom: 40,
    padding: 0.05,
    x: { domain: dates, label: null, tickRotate: -45, tickFormat: (d: string) => d.slice(5) },
    y: { domain: chosen, label: null },
    color: { type: 'threshold', domain: [50, 90, 99, 100], range: ['#67000d', '#d6604d', '#f4a582', '#fddbc7', '#4393c3'], legend: true, label: '% received', tickFormat: (d: number) => `${d}%` },
    marks: [
      Plot.cell(cells, { x: 'date', y: 'symbol', fill: 'pct', title: (q: (typeof cells)[number]) => `${q.symbol} ${q.date}: ${q.pct}% (${q.received} of ${q.expected}, ${q.missing} missing, ${q.late} late)${q.reason === '' ? '' : `, ${q.reason}`}` }),
    ],
    ariaLabel: '% received per symbol and session',
  });
  const left = all.length - chosen.length;
  const rest = left === 0 ? '' : ` Showing the ${chosen.length} symbols of ${all.length} that received least (option heatmapSymbols); the ${left} others received at least ${Math.min(...all.filter((s) => !keep.has(s)).map((s) => worst.get(s)!))}% every session.`;
  return { title, svg, note: `Blue: every expected bar came; red: less than 50%.${rest}` };
}

/** Each session from open to close on the exchange's clock, its gaps in red where they fell. */
export function gapsPicture(input: PictureInput): Picture {
  const clock = new LocalClock(input.calendar);
  const dates = input.sessions.map((s) => s.date);
  const days = input.sessions.map((s) => ({ date: s.date, open: clock.sinceOpenDay(s.open, s.open), close: clock.sinceOpenDay(s.close, s.open), early: s.earlyClose, label: `${s.date} ${clock.clock(s.open)}–${clock.clock(s.close)}${s.earlyClose ? ' early close' : ''}` }));
  const openOf = new Map(input.sessions.map((s) => [s.date, s.open]));
  const gaps = input.gaps.map((g) => ({ date: g.date, from: clock.sinceOpenDay(g.from, openOf.get(g.date) ?? g.from), to: clock.sinceOpenDay(g.to + input.barMs, openOf.get(g.date) ?? g.from), label: `${g.symbol} ${g.date}: ${g.missing} missing from ${clock.clock(g.from)} to ${clock.clock(g.to + input.barMs)}` }));
  const svg = draw({
    width: 720,
    height: 50 + 18 * dates.length,
    marginLeft: 80,
    x: { type: 'utc', tickFormat: HHMM, label: `time (${input.calendar.timezone})`, grid: true },
    y: { domain: dates, label: null },
    marks: [
      Plot.barX(days, { y: 'date', x1: 'open', x2: 'close', fill: (d: (typeof days)[number]) => (d.early ? '#fdd49e' : '#c6dbef'), title: 'label', insetTop: 2, insetBottom: 2 }),
      Plot.barX(gaps, { y: 'date', x1: 'from', x2: 'to', fill: '#d62728', fillOpacity: 0.5, title: 'label', insetTop: 4, insetBottom: 4 }),
    ],
    ariaLabel: 'gaps at their time of day',
  });
  const n = input.gaps.length;
  return { title: 'Gaps at their time of day', svg, note: n === 0 ? 'No gaps: blue is a session from open to close (orange: an early close).' : `${plural(n, 'gap')} in red (every symbol's, overlaid: darker where several coincide); blue is a session from open to close, orange an early close.` };
}

/** Late and history bars per session, with the day's prefetch status beside them. */
export function deliveryPicture(input: PictureInput): Picture {
  const rows = input.sessions.flatMap((s) => [
    { date: s.date, kind: 'late', n: s.late },
    { date: s.date, kind: 'history', n: s.history },
  ]);
  const status = input.sessions.map((s) => ({ date: s.date, text: s.prefetch + (s.timedOut ? ' (timed out)' : ''), bad: s.prefetch !== 'complete' || s.timedOut }));
  const svg = draw({
    width: 720,
    height: 60 + 18 * input.sessions.length,
    marginLeft: 80,
    marginRight: 140,
    // From 0 to at least 1: a run with no late or history bar draws empty bars, not a scale of nothing.
    x: { label: 'bars', grid: true, domain: [0, Math.max(1, ...input.sessions.map((s) => s.late + s.history))] },
    y: { domain: input.sessions.map((s) => s.date), label: null },
    color: { domain: ['late', 'history'], range: ['#ff7f0e', '#9467bd'], legend: true },
    marks: [
      Plot.barX(rows, { y: 'date', x: 'n', fill: 'kind', title: (r: (typeof rows)[number]) => `${r.date}: ${r.n} ${r.kind}` }),
      Plot.ruleX([0]),
      Plot.text(status, { y: 'date', frameAnchor: 'right', dx: 130, text: (s: (typeof status)[number]) => `prefetch ${s.text}`, fill: (s: (typeof status)[number]) => (s.bad ? '#d62728' : '#555'), textAnchor: 'end' }),
    ],
    ariaLabel: 'late, history and prefetch per session',
  });
  return { title: 'Late and history bars, and the prefetch, per session', svg, note: 'Late: bars that came after their minute; history: bars before a mid-session start. Prefetch in red when it was not complete.' };
}
