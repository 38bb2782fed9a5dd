import path from 'node:path';
import { ev, rankOf, type SimEvent } from '../events/index.js';
import { canonical, combineHandlers, HashOnlyLog, LOG_HASH_ALGORITHM, NoLog, Kernel, MemoryLog, type EventSink, type LazySlice } from '../kernel/index.js';
import { evolve, foldBar, foldDerived, foldGaps, initialState, type SessionState } from '../state/index.js';
import { BarSlice, DerivedSlice, GapSlice, prefetchHandlers, sessionHandlers, streamHandlers, upkeepHandlers, type RunContext } from '../handlers/index.js';
import { ArrowLogWriter, pendingInputs, PENDING_SHA256, sha256File, INTERVAL_MS, logTypeIndex, LOG_FORMAT_VERSION, type BarRef, type LogManifest } from '../storage/index.js';
import { SimError } from '../errors.js';
import type { ExchangeCalendar } from '../calendar/index.js';
import { resolveConfig, type ResolvedConfig, type SimConfig } from './config.js';
import { datasetDates, DatasetLoader } from './loader.js';
import { PACKAGE_VERSION } from './version.js';

export interface RunParts {
  readonly config: ResolvedConfig;
  readonly calendar: ExchangeCalendar;
  readonly context: RunContext;
  readonly kernel: Kernel<SessionState, SimEvent>;
  readonly loader: DatasetLoader;
  /** The in-memory log when events are kept, else the file log, else a hash-only log (or none: config log.hash false). */
  readonly log: MemoryLog<SimEvent> | HashOnlyLog<SimEvent> | ArrowLogWriter | NoLog<SimEvent>;
  readonly writer: ArrowLogWriter | null;
  /** Session dates the run may visit (start..end, within the data). */
  readonly plannedDates: readonly string[];
}

export interface CreateRunOptions {
  /** Keep every event in memory (tests, notebooks on small runs). */
  readonly keepEvents?: boolean;
  readonly sinks?: readonly EventSink<SimEvent>[];
}

function startInstant(cal: ExchangeCalendar, start: string): number {
  return start.length > 10 ? cal.localToUtc(start.slice(0, 10), start.slice(11)) : cal.localToUtc(start, '00:00');
}

/** Wires a run: config -> calendar, loader, handlers, kernel, logs. Nothing has run yet. */
export function createRun(raw: SimConfig | unknown, options: CreateRunOptions = {}): RunParts {
  const { config, calendar } = resolveConfig(raw);
  const startDate = config.start.slice(0, 10);
  const dates = datasetDates(config.data, config.interval).filter((d) => d <= config.end);
  const dataEnd = dates.length === 0 ? null : dates[dates.length - 1]!;
  const start = startInstant(calendar, config.start);
  const loader = new DatasetLoader(config.data, config.interval, config.symbols);
  // A log's manifest pins each input's sha256, taken as the file is read.
  loader.hashInputs = config.log.path !== null;
  const context: RunContext = {
    calendar,
    intervalMs: INTERVAL_MS[config.interval],
    start,
    startDate,
    endDate: config.end,
    dataEnd,
    symbols: config.symbols,
    loader,
    upkeep: { enabled: config.data_upkeep.enabled, derivedMinutes: config.data_upkeep.derived_intervals },
    prefetch: { latencyMs: config.prefetch.latency_ms, timeoutMs: Math.round(config.prefetch.timeout_seconds * 1000) },
  };
  const last = dataEnd !== null && dataEnd < config.end ? dataEnd : config.end;
  const plannedDates = last < startDate ? [] : calendar.sessionsBetween(startDate, last).map((s) => s.date);
  checkSymbolsKnown(config, loader, dates.filter((d) => d >= startDate));

  let kernel: Kernel<SessionState, SimEvent> | null = null;
  const writer = config.log.path === null ? null : openLogWriter(config, calendar, plannedDates, loader, () => kernel?.state.date ?? null);
  const memory = options.keepEvents ? new MemoryLog<SimEvent>() : null;
  // One sink keeps the log hash: the in-memory log, else the file writer, else a hash-only log.
  const log = memory ?? writer ?? (config.log.hash ? new HashOnlyLog<SimEvent>() : new NoLog<SimEvent>());
  const sinks = [...new Set<EventSink<SimEvent>>([log, ...(writer ? [writer] : []), ...(options.sinks ?? [])])];
  kernel = new Kernel<SessionState, SimEvent>({
    initialState: initialState(),
    evolve,
    handlers: combineHandlers(sessionHandlers(context), prefetchHandlers(context), streamHandlers(context), upkeepHandlers(context)),
    rank: rankOf,
    sinks,
    isTerminal: (e) => e.type === 'BacktestEnded',
    startTime: start,
    foldLazy: (s, slice, from, to, base) => {
      if (slice instanceof BarSlice) return foldBar(s, slice, from, to, base);
      if (slice instanceof DerivedSlice) return foldDerived(s, slice, from, to, base);
      if (slice instanceof GapSlice) return foldGaps(s, to - from, slice.timeAt(to - 1), base + to - 1);
      for (let i = from; i < to; i++) s = evolve(s, slice.materialize(i, base + i));
      return s;
    },
  });
  kernel.schedule(ev.backtestStarted(start, startDate, config.end));
  return { config, calendar, context, kernel, loader, log, writer, plannedDates };
}

function openLogWriter(config: ResolvedConfig, calendar: ExchangeCalendar, plannedDates: readonly string[], loader: DatasetLoader, currentDate: () => string | null): ArrowLogWriter {
  const manifest: LogManifest = {
    format: LOG_FORMAT_VERSION,
    packageVersion: PACKAGE_VERSION,
    calendarVersion: calendar.version,
    config,
    dataRoot: path.resolve(config.data),
    inputs: pendingInputs(config.data, config.interval, plannedDates),
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
        b.late.set(k, kind === 1);
        b.history.set(k, kind === 2);
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
  // Each day file is hashed when the run reads it; one it never read is hashed at the close.
  const finishInputs = () => manifest.inputs.map((input) => (input.sha256 === PENDING_SHA256 ? loader.hashes.get(input.date) ?? sha256File(path.join(config.data, input.path)) : input.sha256));
  return new ArrowLogWriter(config.log.path!, manifest, { refOf, lazyRows, hash: config.log.hash, finishInputs });
}

/**
 * An unknown symbol is a config error, not a run of empty days. Checked against the first and the
 * last day file of the run (a symbol listed or delisted inside the range is in one of them).
 */
function checkSymbolsKnown(config: ResolvedConfig, loader: DatasetLoader, dates: readonly string[]): void {
  if (dates.length === 0) return;
  const known = new Set<string>();
  // Through the loader: the first day is then read once for the check and the run together.
  for (const date of [...new Set([dates[dates.length - 1]!, dates[0]!])]) {
    const loaded = loader.pin(date);
    if (!loaded.ok) return; // an unreadable day is reported by the run itself (PrefetchFailed)
    for (const s of loaded.day.symbols) known.add(s);
  }
  const unknown = config.symbols.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new SimError('CONFIG_INVALID', `config.symbols: ${unknown.map((s) => JSON.stringify(s)).join(', ')} not in the dataset (checked ${dates[0]} and ${dates[dates.length - 1]} under ${config.data})`, { key: 'symbols', value: unknown });
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
