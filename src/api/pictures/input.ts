import { SimError } from '../../errors.js';
import type { ExchangeCalendar } from '../../calendar/index.js';
import type { GapDetected } from '../../events/index.js';
import type { QualityRow, SessionRow } from '../../state/index.js';

/** A gap: the GapDetected event's fields. */
export type GapRow = Omit<GapDetected, 'type' | 'time' | 'seq'>;

/** A derived bar as the prices picture reads it (a result's DerivedResultRow has these fields). */
export interface PriceBar {
  readonly symbol: string;
  readonly minutes: number;
  readonly start: number;
  readonly end: number;
  readonly open: number;
  readonly close: number;
}

/** What the pictures are drawn from: a run's (or a replayed log's) sessions, quality, gaps and derived bars. */
export interface PictureInput {
  readonly calendar: ExchangeCalendar;
  /** The run's symbols (its config's). */
  readonly symbols: readonly string[];
  readonly sessions: readonly SessionRow[];
  readonly quality: readonly QualityRow[];
  readonly gaps: readonly GapRow[];
  /** The length of one input bar in ms (a gap covers its last missing bar to the end). */
  readonly barMs: number;
  /** The derived bars of the symbols `keep` accepts (only those are made into rows). */
  derived(keep: (symbol: string) => boolean): readonly PriceBar[];
}

/** What the pictures show; every cap is said under its picture with what it left out. */
export interface PictureOptions {
  /**
   * The symbols whose prices are drawn: a number N (the first N symbols by name, default 6) or
   * the names.
   */
  readonly symbols?: number | readonly string[];
  /** At most this many sessions of prices, the first ones (default 10). */
  readonly sessions?: number;
  /** At most this many rows in the % received heatmap: the symbols that received least (default 40). */
  readonly heatmapSymbols?: number;
  /** The derived bar length drawn, in minutes (default: the shortest in the run). */
  readonly minutes?: number;
}

export const DEFAULT_PICTURE_OPTIONS = { symbols: 6, sessions: 10, heatmapSymbols: 40 } as const;

/** The symbols whose prices are drawn (see PictureOptions.symbols): checked, in the order shown. */
export function chosenSymbols(all: readonly string[], symbols: PictureOptions['symbols']): string[] {
  if (Array.isArray(symbols)) {
    const named = symbols as readonly string[];
    const unknown = named.filter((s) => !all.includes(s));
    if (named.length === 0) throw new SimError('USAGE', 'pictures: symbols is an empty list', { key: 'symbols', value: '' });
    if (unknown.length > 0) throw new SimError('USAGE', `pictures: ${unknown.map((s) => JSON.stringify(s)).join(', ')} not among the run's symbols`, { key: 'symbols', value: unknown.join(',') });
    return [...named];
  }
  return [...all].sort().slice(0, positiveCount('symbols', symbols, DEFAULT_PICTURE_OPTIONS.symbols));
}

/** A cap from the options: a whole number of at least 1 (USAGE otherwise), or the default. */
export function positiveCount(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new SimError('USAGE', `pictures: ${name} must be a whole number of at least 1`, { key: name, value: v });
  return v;
}
