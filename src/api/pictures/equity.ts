import { draw, Plot } from './draw.js';
import type { LocalClock } from './local-time.js';

/** At most this many points a line: a curve of every instant of a long run is thinned evenly, first and last kept. */
const MAX_POINTS = 1500;

function thin<T>(rows: readonly T[]): T[] {
  if (rows.length <= MAX_POINTS) return [...rows];
  const step = Math.ceil(rows.length / MAX_POINTS);
  const out = rows.filter((_, i) => i % step === 0);
  if ((rows.length - 1) % step !== 0) out.push(rows[rows.length - 1]!);
  return out;
}

/** A point of an equity curve (a strategy result's EquityRow has these fields). */
export interface EquityPoint {
  readonly time: number;
  readonly equity: number;
  /** Below the peak so far, as a share of it. */
  readonly drawdown: number;
}

/** The equity curve above its drawdown, on the exchange's clock. */
export function equitySvg(curve: readonly EquityPoint[], initialCash: number, clock: LocalClock): string {
  const pts = thin(curve).map((r) => ({ t: new Date(clock.wall(r.time)), equity: r.equity, dd: -r.drawdown * 100, at: clock.calendar.formatLocal(r.time) }));
  const x = { type: 'utc' as const, label: `time (${clock.calendar.timezone})` };
  const equity = draw({
    width: 640, height: 180, marginLeft: 70, x, y: { label: 'equity', grid: true },
    marks: [Plot.ruleY([initialCash], { stroke: '#aaa', strokeDasharray: '3,3' }), Plot.lineY(pts, { x: 't', y: 'equity', stroke: '#1f77b4' }), Plot.dot(pts.length === 0 ? [] : [pts[pts.length - 1]!], { x: 't', y: 'equity', r: 2, fill: '#1f77b4', title: (p: (typeof pts)[number]) => `${p.at}: ${p.equity.toFixed(2)}` })],
    ariaLabel: 'equity curve',
  });
  const drawdown = draw({
    width: 640, height: 110, marginLeft: 70, x, y: { label: 'drawdown (%)', grid: true },
    marks: [Plot.areaY(pts, { x: 't', y: 'dd', fill: '#d62728', fillOpacity: 0.4 }), Plot.lineY(pts, { x: 't', y: 'dd', stroke: '#d62728' }), Plot.ruleY([0])],
    ariaLabel: 'drawdown',
  });
  return `<div role="img" aria-label="equity curve and drawdown">${equity}${drawdown}</div>`;
}
