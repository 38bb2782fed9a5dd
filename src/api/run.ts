import { ev, rankOf, type SimEvent } from '../events/index.js';
import { combineHandlers, HashOnlyLog, LogHasher, NoLog, Kernel, MemoryLog, type EventSink, type Watcher } from '../kernel/index.js';
import { Broker } from '../broker/broker.js';
import { DEFAULT_BROKER } from '../broker/settings.js';
import { checkStrategy, StrategyRuntime, type Strategy } from '../strategy/index.js';
import { evolve, foldSlice, initialState, type SessionState } from '../state/index.js';
import { lifecycleHandlers, type RunContext } from '../handlers/index.js';
import { datasetDates, DatasetLoader, INTERVAL_MS, openRunLog, startLogThread, type ArrowLogWriter, type LogThread, type ReadAheadOptions } from '../storage/index.js';
import { showValue, SimError } from '../errors.js';
import type { ExchangeCalendar } from '../calendar/index.js';
import { resolveConfig, type ResolvedConfig, type SimConfig, type StrategySource } from './config.js';
import { availableParallelism } from 'node:os';
import { PACKAGE_VERSION } from './version.js';
import { sharedHashThread, ThreadedLogHasher, type HashThread } from '../columnar/hash-thread.js';

/**
 * The hash thread by default only where it has a core of its own beside the run and the prefetch
 * thread: on 2 cores it measured no faster (the three threads take turns), see the README.
 * SESSIONSIM_HASH_THREAD=1 turns it on anyway, =0 off.
 */
function hashThreadByDefault(): boolean {
  const env = process.env.SESSIONSIM_HASH_THREAD;
  return env === '1' || (env !== '0' && availableParallelism() >= 4);
}

function hasherFor(planned: readonly string[], given: HashThread | null | undefined): LogHasher {
  const thread = given !== undefined ? given : planned.length >= HASH_THREAD_FROM_SESSIONS && hashThreadByDefault() ? sharedHashThread() : null;
  return thread === null ? new LogHasher() : new ThreadedLogHasher(thread);
}


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
  /** A strategy to run against the stream, with the simulated broker of the config's `broker`. */
  readonly strategy?: Strategy;
  /** Where the strategy came from (a module file and its sha256), for the log; default: given in code. */
  readonly strategySource?: StrategySource;
  /**
   * Where the next day is read while the run works on the current one: the process's prefetch
   * thread by default, `null` for none (each day read when asked for); `delayMs` holds each read
   * back on the thread (tests: real timing must not change a run).
   */
  readonly readAhead?: ReadAheadOptions;
  /** False: the run's day arrays are all new rather than recycled from day to day (tests compare the two). */
  readonly recycle?: boolean;
  /**
   * Where a run without a log file hashes its events: the process's hash thread by default for
   * runs of 10 sessions or more on 4 cores or more (the same hash, computed beside the run),
   * `null` for the run's own thread, or a given thread (tests).
   */
  readonly hashThread?: HashThread | null;
  /**
   * Where a run's log file is encoded, compressed and written: the process's log thread by default
   * for runs of 10 sessions or more with a second core (the same bytes, made beside the run),
   * `null` for the run's own thread, or a given thread (tests).
   */
  readonly logThread?: LogThread | null;
  /** Rows per record batch of the log file (default 8192): smaller batches, more of them (tests). */
  readonly logBatchRows?: number;
}

/** Runs shorter than this hash on their own thread: the thread's start would cost more than it saves. */
const HASH_THREAD_FROM_SESSIONS = 10;

/** Wires a run: config -> calendar, loader, handlers, kernel, logs. Nothing has run yet. */
export function createRun(raw: SimConfig | unknown, options: CreateRunOptions = {}): RunParts {
  const resolved = resolveConfig(raw);
  const { calendar, startTime: start, startDate } = resolved;
  const strategy = options.strategy === undefined ? null : checkStrategy(options.strategy);
  // The log records what the strategy was; a config that says it had one cannot run without it.
  if (strategy === null && resolved.config.strategy !== undefined) {
    const s = resolved.config.strategy;
    throw new SimError('STRATEGY_INVALID', `this config was run with a strategy (${s.file === null ? `given in code${s.name === null ? '' : `, named ${showValue(s.name)}`}` : showValue(s.file, 200)}); give it to the run again (createSimulation(config, { strategy }), --strategy FILE)`, { key: 'strategy', value: s.file });
  }
  const config: ResolvedConfig = strategy === null ? resolved.config : { ...resolved.config, strategy: options.strategySource ?? resolved.config.strategy ?? { file: null, sha256: null, name: typeof strategy.name === 'string' ? strategy.name : null } };
  const dates = datasetDates(config.data, config.interval).filter((d) => d <= config.end);
  const dataEnd = dates.length === 0 ? null : dates[dates.length - 1]!;
  const loader = new DatasetLoader(config.data, config.interval, config.symbols);
  // A log's manifest pins each input's sha256, taken as the file is read.
  loader.hashInputs = config.log.path !== null;
  loader.recycle = options.recycle ?? true;
  const context: RunContext = {
    calendar,
    intervalMs: INTERVAL_MS[config.interval],
    start,
    startDate,
    endDate: config.end,
    dataEnd,
    symbols: config.symbols,
    days: loader,
    upkeep: { enabled: config.data_upkeep.enabled, derivedMinutes: config.data_upkeep.derived_intervals },
    prefetch: { latencyMs: config.prefetch.latency_ms, timeoutMs: Math.round(config.prefetch.timeout_seconds * 1000) },
  };
  const last = dataEnd !== null && dataEnd < config.end ? dataEnd : config.end;
  const plannedDates = last < startDate ? [] : calendar.sessionsBetween(startDate, last).map((s) => s.date);
  if (config.log.path !== null && options.logThread === undefined) startLogThread(plannedDates.length);
  checkSymbolsKnown(config, loader, dates.filter((d) => d >= startDate));
  loader.readAheadOf(plannedDates, options.readAhead);

  let kernel: Kernel<SessionState, SimEvent> | null = null;
  const writer = config.log.path === null ? null : openRunLog({
    config, calendarVersion: calendar.version, packageVersion: PACKAGE_VERSION, plannedDates, loader, currentDate: () => kernel?.state.date ?? null, state: () => kernel!.state,
    ...(options.logThread === undefined ? {} : { logThread: options.logThread }),
    ...(options.logBatchRows === undefined ? {} : { batchRows: options.logBatchRows }),
  });
  const memory = options.keepEvents ? new MemoryLog<SimEvent>() : null;
  // One sink keeps the log hash: the in-memory log, else the file writer, else a hash-only log.
  const log = memory ?? writer ?? (config.log.hash ? new HashOnlyLog<SimEvent>(hasherFor(plannedDates, options.hashThread)) : new NoLog<SimEvent>());
  const sinks = [...new Set<EventSink<SimEvent>>([log, ...(writer ? [writer] : []), ...(options.sinks ?? [])])];
  // A strategy brings the broker (it opens the account, answers and fills orders) and its hooks;
  // without one, neither is there and the run's events are what they always were.
  let handlers = lifecycleHandlers(context);
  const watchers: Watcher<SessionState, SimEvent>[] = [];
  if (strategy !== null) {
    const broker = new Broker(config.broker ?? DEFAULT_BROKER, config.symbols);
    const runtime = new StrategyRuntime(strategy, calendar, config.strategy_seed ?? 0);
    handlers = combineHandlers(handlers, broker.handlers, runtime.handlers);
    watchers.push(broker.watcher);
  }
  kernel = new Kernel<SessionState, SimEvent>({
    initialState: initialState(),
    evolve,
    handlers,
    watchers,
    rank: rankOf,
    sinks,
    isTerminal: (e) => e.type === 'BacktestEnded',
    startTime: start,
    foldLazy: foldSlice,
  });
  kernel.schedule(ev.backtestStarted(start, startDate, config.end));
  return { config, calendar, context, kernel, loader, log, writer, plannedDates };
}

/**
 * An unknown symbol is a config error, not a run of empty days. Checked against the first and the
 * last readable day file of the run (a symbol listed or delisted inside the range is in one of
 * them); unreadable days are passed over here, the run itself reports them (PrefetchFailed).
 */
function checkSymbolsKnown(config: ResolvedConfig, loader: DatasetLoader, dates: readonly string[]): void {
  const known = new Set<string>();
  const checked: string[] = [];
  // Through the loader: a day is then read once for the check and the run together.
  const readable = (order: readonly string[]) => {
    for (const date of order) {
      const loaded = loader.pin(date);
      if (!loaded.ok) continue;
      for (const s of loaded.day.symbols) known.add(s);
      checked.push(date);
      return date;
    }
    return null;
  };
  const first = readable(dates);
  if (first === null) return; // no readable day at all: the run says it delivered nothing
  readable([...dates].reverse().filter((d) => d > first));
  const unknown = config.symbols.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new SimError('CONFIG_INVALID', `config.symbols: ${unknown.map((s) => showValue(s)).join(", ")} not in the dataset (checked ${checked.join(' and ')} under ${config.data})`, { key: 'symbols', value: unknown });
  }
}
