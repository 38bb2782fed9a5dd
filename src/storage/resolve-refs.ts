import { isSimError, SimError } from '../errors.js';
import type { DerivedBarCompleted, SimEvent } from '../events/index.js';
import { OhlcvCells } from '../state/index.js';
import { checkInputHash, inputFile, sha256File, verifyInputs } from './inputs.js';
import type { BarRef, LogManifest } from './log-format.js';
import { readDay, type DayBars } from './read-day.js';

type Prices = { start: number; open: number; high: number; low: number; close: number; volume: number };

/**
 * Fills in the prices a log by reference leaves out, event by event in log order: a bar's from
 * its input row, a derived bar's by aggregating its bars of the day in time order, as the upkeep
 * does. Holds one input day and the day's bars: memory for a day, not the log. Each input file
 * is read once, from inside the data root, and its bytes must hash as the log pinned them
 * (LOG_INPUT_CHANGED).
 */
export class RefResolver {
  private readonly rows: InputRows;
  private today = new Map<string, Prices[]>();

  /** `manifest`: with the inputs' pinned hashes. */
  constructor(private readonly manifest: LogManifest, private readonly root: string) {
    this.rows = new InputRows(manifest, root);
  }

  /** Event `i` of the log (its reference, if any) with its prices. */
  resolve(e: SimEvent, ref: BarRef | null, i: number): SimEvent {
    if (e.type === 'SessionActivated') this.today = new Map();
    const filled = ref === null ? e : ({ ...e, ...this.rows.prices(ref, i) } as SimEvent);
    if (filled.type === 'BarArrived') {
      let list = this.today.get(filled.symbol);
      if (list === undefined) { list = []; this.today.set(filled.symbol, list); }
      list.push(filled);
    } else if (filled.type === 'DerivedBarCompleted' && (filled as { open?: number }).open === undefined) {
      return { ...filled, ...derivedPrices(filled, this.today.get(filled.symbol) ?? [], i) } as SimEvent;
    }
    return filled;
  }

  /** After the last event: the inputs no bar referred to must be unchanged too (the log stands for the run as a whole). */
  finish(): void {
    verifyInputs(this.root, this.manifest.inputs, this.rows.read);
  }
}

/** Fills in the prices of a whole log in memory (see RefResolver). */
export function resolveRefs(manifest: LogManifest, events: SimEvent[], refs: readonly (BarRef | null)[], root: string): void {
  const r = new RefResolver(manifest, root);
  events.forEach((e, i) => { events[i] = r.resolve(e, refs[i] ?? null, i); });
  r.finish();
}

/** Input day files, read one day at a time (references come in day order). */
class InputRows {
  private cached: { input: number; day: DayBars; rowOf: Map<number, number> } | null = null;
  private readonly interval: '1m' | '1s';
  /** The inputs read (and checked against their pinned hash). */
  readonly read = new Set<number>();

  constructor(private readonly manifest: LogManifest, private readonly root: string) {
    this.interval = (manifest.config as { interval?: '1m' | '1s' }).interval ?? '1m';
  }

  /** The prices of a referenced row; event `i` is named in errors. */
  prices(ref: BarRef, i: number): Omit<Prices, 'start'> {
    if (this.cached?.input !== ref.input) {
      const input = this.manifest.inputs[ref.input];
      if (input === undefined) throw new SimError('LOG_CORRUPT', `event ${i} refers to input ${ref.input}, which the manifest does not list`, { row: i });
      const { file, real } = inputFile(this.root, input, ref.input);
      let day: DayBars;
      try {
        day = readDay(file, { interval: this.interval, root: this.root, hash: true });
      } catch (e) {
        // A file gone or no longer readable is a changed input when the log pinned its hash.
        if (isSimError(e) && e.code !== 'DATA_OUTSIDE_ROOT') checkInputHash(this.root, input, real === null ? null : sha256File(real));
        throw e;
      }
      checkInputHash(this.root, input, day.sha256);
      this.read.add(ref.input);
      const rowOf = new Map<number, number>();
      day.fileRow.forEach((r, k) => rowOf.set(r, k));
      this.cached = { input: ref.input, day, rowOf };
    }
    const { day, rowOf } = this.cached;
    const k = rowOf.get(ref.row);
    if (k === undefined) throw new SimError('LOG_CORRUPT', `event ${i} refers to row ${ref.row} of ${this.manifest.inputs[ref.input]!.path}, which is not a valid bar`, { row: i });
    return { open: day.open[k]!, high: day.high[k]!, low: day.low[k]!, close: day.close[k]!, volume: day.volume[k]! };
  }
}

/**
 * A derived bar's prices from its symbol's bars of the day that start in its window (delivered
 * before it, and in start order: the window is one run of the list), aggregated by the upkeep's
 * own fold; its bar count is checked.
 */
function derivedPrices(d: DerivedBarCompleted, bars: readonly Prices[], i: number): Omit<Prices, 'start'> {
  let lo = 0, hi = bars.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (bars[mid]!.start < d.start) lo = mid + 1; else hi = mid; }
  const window = new OhlcvCells(1);
  for (let j = lo; j < bars.length && bars[j]!.start < d.end; j++) {
    const b = bars[j]!;
    window.add(0, b.open, b.high, b.low, b.close, b.volume);
  }
  const n = window.count[0]!;
  if (n !== d.count) throw new SimError('LOG_CORRUPT', `event ${i}: derived bar ${d.symbol} ${d.minutes}m has ${d.count} bars in the log, found ${n}`, { row: i });
  // A window of no bars (a log that says so) has the prices of an empty fold, as it always had.
  if (n === 0) return { open: NaN, high: -Infinity, low: Infinity, close: NaN, volume: 0 };
  return { open: window.open[0]!, high: window.high[0]!, low: window.low[0]!, close: window.close[0]!, volume: window.volume[0]! };
}
