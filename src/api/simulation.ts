import { showValue, SimError } from '../errors.js';
import type { ExchangeCalendar } from '../calendar/index.js';
import type { SimEvent } from '../events/index.js';
import { readonlyView, snapshot, type SessionState, type StateSnapshot } from '../state/index.js';
import type { SimConfig, StrategySource } from './config.js';
import { DerivedCollector, derivedTable, GapCollector, qualityTable, sessionsTable } from './results.js';
import { displayable, picturesHtml, type Displayable, type PictureInput, type PictureOptions } from './pictures/index.js';
import { createRun, type RunParts } from './run.js';
import { Stepper } from './stepper.js';
import type { Strategy } from '../strategy/index.js';
import { StrategyCollector, type StrategyResult } from './strategy-results.js';
import { runWarnings, unusedSettings } from './warnings.js';
import type { ResultTable } from './table.js';
import type { QualityRow } from '../state/index.js';
import type { DerivedResultRow, SessionResultRow } from './results.js';

export interface SimulationResult {
  readonly sessions: ResultTable<SessionResultRow>;
  readonly quality: ResultTable<QualityRow>;
  readonly derived: ResultTable<DerivedResultRow>;
  /** The log hash (XXH3-128 over the events' canonical records): equal for equal inputs (null when the config says log.hash false). */
  readonly hash: string | null;
  readonly events: number;
  readonly bars: number;
  readonly endReason: string | null;
  /** True when the run ended having delivered no bar at all (every day missing, failed, empty or after the close). */
  readonly empty: boolean;
  /** What the run left out, in words: an empty run first, sessions without bars, timed-out waits. */
  readonly warnings: readonly string[];
  /** The event log on disk, when the config asked for one. */
  readonly logPath: string | null;
  /** A strategy's orders, fills, positions, equity curve and summary (null: the run had no strategy). */
  readonly strategy: StrategyResult | null;
  /**
   * The pictures of the data (returns per symbol and session, % received, gaps at their time of
   * day, late/history/prefetch) and the compact sessions table: displays in a notebook.
   */
  pictures(options?: PictureOptions): Displayable;
  /** The summary line, the strategy's figures and the pictures with their default options. */
  toHTML(): string;
}

export interface SimulationOptions {
  /** Keep every event in memory (`simulation.log`), for small runs. */
  readonly keepEvents?: boolean;
  /** A strategy run against the stream, trading with the simulated broker (config `broker`). */
  readonly strategy?: Strategy;
  /** Where the strategy came from, for the log (loadStrategy's `source`); default: given in code. */
  readonly strategySource?: StrategySource;
  /**
   * Keep the derived bars and gaps for the results (`result().derived`, the pictures); default
   * true. They grow with the run (about 5 MiB a session at 500 symbols); false keeps a long run's
   * memory flat when nothing will look at them, as the CLI's `run`, which prints neither.
   */
  readonly collect?: boolean;
}

/** A live run you can step through. */
export class Simulation extends Stepper {
  readonly parts: RunParts;
  private readonly derived = new DerivedCollector();
  private readonly gaps = new GapCollector();
  private readonly trading: StrategyCollector | null;

  constructor(config: SimConfig, options: SimulationOptions = {}) {
    super();
    this.trading = options.strategy === undefined ? null : new StrategyCollector();
    const collectors = options.collect === false ? [] : [this.derived, this.gaps];
    const sinks = this.trading === null ? collectors : [...collectors, this.trading];
    this.parts = createRun(config, { keepEvents: options.keepEvents ?? false, sinks, ...(options.strategy === undefined ? {} : { strategy: options.strategy }), ...(options.strategySource === undefined ? {} : { strategySource: options.strategySource }) });
  }

  /** The state now, read-only (what callbacks get): any write throws a TypeError, so it cannot change the run. */
  get live(): Readonly<SessionState> {
    return readonlyView(this.parts.kernel.state);
  }

  /** A detached copy of the state now (taken from the state itself, not through the view). */
  override get state(): StateSnapshot {
    return snapshot(this.parts.kernel.state);
  }

  get calendar(): ExchangeCalendar {
    return this.parts.calendar;
  }

  /** Hash of the events handled so far (null when the config says log.hash false). */
  get hash(): string | null {
    return this.parts.log.hash();
  }

  /** Every event handled so far, when created with keepEvents. */
  get log(): readonly SimEvent[] {
    const log = this.parts.log as { events?: () => readonly SimEvent[] };
    return log.events?.() ?? [];
  }

  /**
   * One event, frozen for the caller of step(). Events that runToEnd() hands to callbacks are not
   * frozen: the kernel is done with them (a write changes nothing of the run), and freezing costs
   * about 0.25 µs a bar on the observed hot path.
   */
  protected advance(): SimEvent | undefined {
    const e = this.guard(() => this.parts.kernel.step());
    return e === undefined ? e : Object.freeze(e);
  }

  protected nextTime(): number {
    return this.closedByUser ? Infinity : this.parts.kernel.peek();
  }

  protected override runQuietly(max = Infinity): number {
    return this.guard(() => this.parts.kernel.run({ maxEvents: max }));
  }

  protected override runObserved(max = Infinity): number {
    return this.guard(() => this.parts.kernel.run({ maxEvents: max, observe: { wants: (type) => this.listens(type), notify: (e) => this.notify(e) } }));
  }

  /** A run that throws keeps its log incomplete (at `.partial`) and frees the log path. */
  private guard<T>(run: () => T): T {
    if (this.closedByUser) throw new SimError('KERNEL_STOPPED', 'this simulation was closed (sim.close()); create a new one to run again');
    try {
      return run();
    } catch (e) {
      this.parts.writer?.abandon();
      this.parts.loader.close();
      throw e;
    }
  }

  protected override onFailure(): string | null {
    // Keep what was logged, but not under the log's name: a failed run's log is not complete.
    const writer = this.parts.writer;
    if (writer === null) return null;
    const kept = writer.abandon();
    return kept === null ? 'no event log was kept' : `the events handled so far are kept in the incomplete log ${showValue(kept, 200)}`;
  }

  /**
   * Stops a simulation left unfinished: its log keeps what was handled as an incomplete log
   * (`<path>.partial`) and its path is free for another run. Returns where that log is (null: no
   * log, or the run had ended and closed it). Stepping afterwards is KERNEL_STOPPED.
   */
  close(): string | null {
    this.closedByUser = true;
    this.parts.loader.close();
    return this.parts.writer?.abandon() ?? null;
  }

  private closedByUser = false;

  /** The results so far (all of them once the run has ended). */
  result(): SimulationResult {
    const state = this.parts.kernel.state;
    const cal = this.parts.calendar;
    const sessions = sessionsTable(state, cal);
    const quality = qualityTable(state.quality);
    // Built when first looked at, as they were now (the run may go on meanwhile).
    const collector = this.derived, count = collector.count;
    const derived = derivedTable(() => collector.rows.slice(0, count), count, cal);
    const hash = this.hash;
    const events = this.parts.kernel.handled;
    const { empty, warnings: fromRun } = runWarnings(state);
    const warnings = [...fromRun, ...unusedSettings(this.parts.config, this.trading !== null)];
    const strategy = this.trading?.result(cal) ?? null;
    const input = this.pictureInput();
    const pictures = (options?: PictureOptions) => displayable(picturesHtml(input, options));
    return {
      sessions, quality, derived, hash, events, bars: state.totalBars, endReason: state.endReason, empty, warnings, logPath: this.parts.config.log.path, strategy, pictures,
      toHTML: () => `<div><b>sessionsim</b>: ${sessions.length} sessions, ${state.totalBars} bars, ${events} events, ${hash === null ? "no log hash" : `log ${hash.slice(0, 12)}…`}${strategy === null ? '' : strategy.toHTML()}${pictures().toHTML()}</div>`,
    };
  }

  /** What the pictures are drawn from, as the run stands now (copies: the run may go on). */
  private pictureInput(): PictureInput {
    const state = this.parts.kernel.state, collector = this.derived, count = collector.count;
    return {
      calendar: this.parts.calendar, symbols: this.parts.config.symbols, sessions: state.sessions.map((r) => ({ ...r })), quality: [...state.quality], gaps: [...this.gaps.rows],
      barMs: this.parts.config.interval === '1s' ? 1000 : 60_000,
      derived: (keep) => collector.rowsFor(keep, count),
    };
  }

  [Symbol.for('Jupyter.display')](): Record<string, string> {
    const s = this.live;
    return { 'text/html': `<div><b>Simulation</b> at ${s.now === -Infinity ? 'start' : this.parts.calendar.formatLocal(s.now)}: session ${s.date ?? '—'} ${s.active ? 'active' : 'inactive'}, ${s.totalBars} bars so far${picturesHtml(this.pictureInput())}</div>` };
  }
}

/** Creates a simulation to step through: `step()`, `runUntil(...)`, `state`, callbacks, `for await`. */
export function createSimulation(config: SimConfig, options?: SimulationOptions): Simulation {
  return new Simulation(config, options);
}

/** Runs a configuration to the end and returns its results. */
export function simulate(config: SimConfig, options?: SimulationOptions): SimulationResult {
  const sim = createSimulation(config, options);
  sim.runToEnd();
  const r = sim.result();
  return Object.assign(r, { [Symbol.for('Jupyter.display')]: () => ({ 'text/html': r.toHTML() }) });
}
