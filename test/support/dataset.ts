import { getCalendar } from '../../src/calendar/index.js';
import { columnsFromRows, dayFile, readDay, writeDay, type Interval } from '../../src/storage/index.js';

export interface GenOptions {
  readonly dates: readonly string[];
  readonly symbols: readonly string[];
  readonly interval?: Interval;
  /** Leave out the bar of `symbol` starting at `ts` when this says so. */
  readonly skip?: (symbol: string, ts: number, date: string) => boolean;
  /** Add a pre-market and an after-hours print per symbol and day (and the print at the close). */
  readonly outside?: boolean;
}

/** Writes a synthetic dataset on the XNYS calendar; prices are a deterministic function of (symbol, ts). */
export function makeDataset(root: string, o: GenOptions): void {
  const cal = getCalendar('XNYS');
  const interval = o.interval ?? '1m';
  const step = interval === '1m' ? 60_000 : 1000;
  for (const date of o.dates) {
    const s = cal.sessionOn(date);
    if (s === null) continue;
    const rows = [];
    for (const [k, symbol] of o.symbols.entries()) {
      const starts: number[] = [];
      for (let t = s.open; t < s.close; t += step) starts.push(t);
      if (o.outside) starts.push(s.open - 90 * 60_000, s.close, s.close + 5 * 60_000);
      for (const ts of starts) {
        if (o.skip?.(symbol, ts, date)) continue;
        const base = 100 + k * 10 + ((ts / step) % 97) / 10;
        rows.push({ symbol, ts, open: base, high: base + 0.5, low: base - 0.5, close: base + 0.25, volume: 100 + ((ts / step) % 13) });
      }
    }
    writeDay(root, interval, date, columnsFromRows(rows));
  }
}

/** Symbol -> row count in a day file of a 1m dataset. */
export function symbolRows(root: string, date: string): Record<string, number> {
  const day = readDay(dayFile(root, '1m', date), { interval: '1m' });
  const out: Record<string, number> = {};
  for (const i of day.sym) out[day.symbols[i]!] = (out[day.symbols[i]!] ?? 0) + 1;
  return out;
}
