import path from 'node:path';
import { parseDay } from '../calendar/days.js';
import { SimError } from '../errors.js';

export type Interval = '1m' | '1s';
export const INTERVAL_MS: Readonly<Record<Interval, number>> = { '1m': 60_000, '1s': 1_000 };
export const BAR_SCHEMA_VERSION = '1';
export const BAR_COLUMNS = ['ts', 'symbol', 'open', 'high', 'low', 'close', 'volume'] as const;
export const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

export function isInterval(v: unknown): v is Interval {
  return v === '1m' || v === '1s';
}

export function checkInterval(v: unknown, key = 'interval'): Interval {
  if (!isInterval(v)) throw new SimError('CONFIG_INVALID', `${key} must be '1m' or '1s', got ${JSON.stringify(v)}`, { key, value: v });
  return v;
}

/**
 * `<root>/interval=<1m|1s>/date=YYYY-MM-DD/bars.arrow`. Only the interval and a validated date
 * reach the path: symbols are data inside the file and can never make a path leave the root.
 */
export function dayFile(root: string, interval: Interval, date: string): string {
  return path.join(path.resolve(root), dayPath(interval, date));
}

/** The dataset root of a day file: the folder three levels up (see dayFile). */
export function rootOfDayFile(dayFile: string): string {
  return path.dirname(path.dirname(path.dirname(dayFile)));
}

/** A day file's path relative to the dataset root, with '/' (as the log manifest lists it). */
export function dayPath(interval: Interval, date: string): string {
  checkInterval(interval);
  parseDay(date, 'date');
  return `interval=${interval}/date=${date}/bars.arrow`;
}

/** Symbols are free text, but not empty, not control characters, and of a sane length. */
export function checkSymbol(symbol: string, where: Record<string, unknown> = {}): string {
  // eslint-disable-next-line no-control-regex
  if (symbol.length === 0 || symbol.length > 64 || /[\u0000-\u001f\u007f]/.test(symbol)) {
    throw new SimError('DATA_BAD_SYMBOL', `symbol ${JSON.stringify(symbol)} is empty, too long or has control characters`, { ...where, value: symbol });
  }
  return symbol;
}
