import type { ExchangeCalendar } from '../../calendar/index.js';
import type { GapDetected } from '../../events/index.js';
import type { QualityRow, SessionRow } from '../../state/index.js';
import type { DerivedResultRow } from '../results.js';

/** A gap: the GapDetected event's fields. */
export type GapRow = Omit<GapDetected, 'type' | 'time' | 'seq'>;

/** What the pictures are drawn from: a run's (or a replayed log's) sessions, quality, gaps and derived bars. */
export interface PictureInput {
  readonly calendar: ExchangeCalendar;
  readonly sessions: readonly SessionRow[];
  readonly quality: readonly QualityRow[];
  readonly gaps: readonly GapRow[];
  /** The length of one input bar in ms (a gap covers its last missing bar to the end). */
  readonly barMs: number;
  /** The derived bars of the symbols `keep` accepts (only those are made into rows). */
  derived(keep: (symbol: string) => boolean): readonly DerivedResultRow[];
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
