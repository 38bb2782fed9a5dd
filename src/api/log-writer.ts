import path from 'node:path';
import type { SimEvent } from '../events/index.js';
import { canonical, LOG_HASH_ALGORITHM, type LazySlice } from '../kernel/index.js';
import { BarSlice, DerivedSlice, GapSlice } from '../handlers/index.js';
import { isSimError } from '../errors.js';
import { DELIVERY } from '../state/index.js';
import { ArrowLogWriter, inputFile, manifestInputs, sha256File, logTypeIndex, LOG_FORMAT_VERSION, type BarRef, type InputFile, type LogManifest } from '../storage/index.js';
import type { ExchangeCalendar } from '../calendar/index.js';
import type { ResolvedConfig } from './config.js';
import type { DatasetLoader } from '../storage/index.js';
import { PACKAGE_VERSION } from './version.js';

/**
 * The run's event log on disk: its manifest, where a bar's row is for a log by reference, and
 * how bars, derived bars and gaps become rows straight from their columns.
 */
export function openLogWriter(config: ResolvedConfig, calendar: ExchangeCalendar, plannedDates: readonly string[], loader: DatasetLoader, currentDate: () => string | null): ArrowLogWriter {
  const manifest: LogManifest = {
    format: LOG_FORMAT_VERSION,
    packageVersion: PACKAGE_VERSION,
    calendarVersion: calendar.version,
    config,
    dataRoot: path.resolve(config.data),
    inputs: manifestInputs(config.interval, plannedDates),
    bars: config.log.bars,
    ...(config.log.hash ? { logHash: LOG_HASH_ALGORITHM } : {}),
  };
  const inputIndex = new Map(manifest.inputs.map((f, i) => [f.date, i]));
  const refOf = (e: SimEvent): BarRef | null => {
    const date = currentDate();
    if (e.type !== 'BarArrived' || date === null) return null;
    const loaded = loader.peek(date);
    const input = inputIndex.get(date);
    if (loaded === undefined || !loaded.ok || loaded.day.fileRow === undefined || input === undefined) return null;
    const row = findRow(loaded.day.ts, loaded.day.sym, loaded.day.symbols, e.start, e.symbol);
    return row < 0 ? null : { input, row: loaded.day.fileRow[row]! };
  };
  // Bars, derived bars and gaps go to the log straight from their columns.
  const BAR = logTypeIndex('BarArrived'), DERIVED = logTypeIndex('DerivedBarCompleted'), GAP = logTypeIndex('GapDetected');
  const lazyRows = (slice: LazySlice<SimEvent>, from: number, to: number, base: number, w: ArrowLogWriter): boolean => {
    const b = w.batch;
    if (slice instanceof BarSlice) {
      const d = slice.day, date = currentDate(), names = w.symbols.idsOf(d.symbols);
      const input = date === null ? undefined : inputIndex.get(date);
      const byRef = !w.full && input !== undefined;
      for (let i = from; i < to; i++) {
        const r = slice.rows[i]!, kind = slice.kind[r]!;
        const k = w.row(base + i, slice.deliverAt[r]!, BAR);
        b.symbol[k] = names[d.sym[r]!]!;
        b.start.set(k, d.ts[r]!);
        b.late.set(k, kind === DELIVERY.LATE);
        b.history.set(k, kind === DELIVERY.HISTORY);
        if (byRef) b.setRef(k, input, d.fileRow?.[r] ?? r);
        else if (w.full) b.setPrices(k, d.open[r]!, d.high[r]!, d.low[r]!, d.close[r]!, d.volume[r]!);
        else b.data[k] = canonical({ open: d.open[r]!, high: d.high[r]!, low: d.low[r]!, close: d.close[r]!, volume: d.volume[r]! });
      }
      return true;
    }
    if (slice instanceof DerivedSlice) {
      const names = w.symbols.idsOf(slice.symbols);
      for (let i = from; i < to; i++) {
        const k = w.row(base + i, slice.time[i]!, DERIVED);
        b.symbol[k] = names[slice.sym[i]!]!;
        b.start.set(k, slice.start[i]!);
        b.end.set(k, slice.end[i]!);
        b.minutes.set(k, slice.minutes[i]!);
        b.count.set(k, slice.count[i]!);
        if (w.full) b.setPrices(k, slice.open[i]!, slice.high[i]!, slice.low[i]!, slice.close[i]!, slice.volume[i]!);
      }
      return true;
    }
    if (slice instanceof GapSlice) {
      const data = `{"date":${JSON.stringify(slice.date)}}`, names = w.symbols.idsOf(slice.symbols);
      for (let i = from; i < to; i++) {
        const k = w.row(base + i, slice.time[i]!, GAP);
        b.symbol[k] = names[slice.sym[i]!]!;
        b.start.set(k, slice.from[i]!);
        b.end.set(k, slice.to[i]!);
        b.count.set(k, slice.missing[i]!);
        b.data[k] = data;
      }
      return true;
    }
    return false;
  };
  // Each day file is hashed when the run reads it (and pinned in the log's next batch); one it
  // never read is hashed at the close.
  const inputHash = (i: number, final: boolean) => {
    const input = manifest.inputs[i]!;
    return loader.hashes.get(input.date) ?? (final ? finalHash(config.data, input, i) : undefined);
  };
  const inputs = manifest.inputs.map((input) => path.join(manifest.dataRoot, input.path));
  return new ArrowLogWriter(config.log.path!, manifest, { refOf, lazyRows, hash: config.log.hash, inputHash, inputs });
}

/** A file the run never read, hashed at the close; one outside the data root is not read (null: not an input). */
function finalHash(root: string, input: InputFile, i: number): string | null {
  try {
    const { real } = inputFile(root, input, i);
    return real === null ? null : sha256File(real);
  } catch (e) {
    if (isSimError(e) && e.code === 'DATA_OUTSIDE_ROOT') return null;
    throw e;
  }
}

/** Row of (start, symbol) in a day sorted by (ts, symbol), or -1. */
function findRow(ts: Float64Array, sym: Int32Array, symbols: readonly string[], start: number, symbol: string): number {
  let lo = 0, hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < start) lo = mid + 1; else hi = mid;
  }
  for (let i = lo; i < ts.length && ts[i] === start; i++) if (symbols[sym[i]!] === symbol) return i;
  return -1;
}
