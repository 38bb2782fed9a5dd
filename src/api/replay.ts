import { isSimError, showValue, SimError } from '../errors.js';
import { getCalendar, type ExchangeCalendar, type TimeInput } from '../calendar/index.js';
import type { SimEvent } from '../events/index.js';
import { hashEvents } from '../kernel/index.js';
import { evolve, initialState, readonlyView, snapshot, type SessionState, type StateSnapshot } from '../state/index.js';
import { readLog, type LogContents, type LogManifest } from '../storage/index.js';
import { resolveConfig, type ResolvedConfig } from './config.js';
import { resolveRefs } from '../storage/resolve-refs.js';
import { Stepper } from './stepper.js';

export interface ReplayOptions {
  /** Where the run's dataset is now (default: the root recorded in the manifest). */
  readonly dataRoot?: string;
}

/** The stepping interface over a saved log: the state is folded from the logged events. */
export class Replay extends Stepper {
  readonly manifest: LogManifest;
  /** True when the log was cut short (a killed run): it replays up to its last complete batch. */
  readonly truncated: boolean;
  /** True when the run never closed the log (it failed or was killed): it is not the whole run. */
  readonly incomplete: boolean;
  readonly path: string;
  private readonly logged: readonly SimEvent[];
  private pos = 0;
  private st: SessionState = initialState();
  private cal: ExchangeCalendar | null = null;

  constructor(logPath: string | LogContents, options: ReplayOptions = {}) {
    super();
    const log = typeof logPath === 'string' ? openLog(logPath) : logPath;
    this.manifest = log.manifest;
    this.truncated = log.truncated;
    this.incomplete = log.incomplete;
    this.path = log.path;
    if (log.manifest.bars === 'ref') resolveRefs(log.manifest, log.events, log.refs, options.dataRoot ?? log.manifest.dataRoot);
    this.logged = log.events;
  }

  /** LOG_INCOMPLETE when the run never closed this log, else null: said, not thrown, so what the log holds still replays. */
  get incompleteWarning(): SimError | null {
    return this.incomplete ? incompleteError(this.path, this.length) : null;
  }

  /** The state now, read-only as a live run's (what callbacks get): a write throws a TypeError, so it cannot change the replay. */
  get live(): Readonly<SessionState> {
    return readonlyView(this.st);
  }

  /** A detached copy of the state now (taken from the state itself, not through the view). */
  override get state(): StateSnapshot {
    return snapshot(this.st);
  }

  /** The logged run's calendar (looked up when first needed: a log can be read without it). */
  get calendar(): ExchangeCalendar {
    this.cal ??= getCalendar((this.manifest.config as { calendar?: string }).calendar ?? 'XNYS');
    return this.cal;
  }

  /** Number of events in the log. */
  get length(): number {
    return this.logged.length;
  }

  /** Events handled so far in this replay. */
  get position(): number {
    return this.pos;
  }

  /** The hash of the whole logged event sequence (equals the live run's log hash). */
  get hash(): string {
    return hashEvents(this.logged);
  }

  /** All logged events, frozen (frozen when first asked for: a write would change what is replayed and hashed). */
  get all(): readonly SimEvent[] {
    if (!this.frozen) {
      for (const e of this.logged) Object.freeze(e);
      Object.freeze(this.logged);
      this.frozen = true;
    }
    return this.logged;
  }

  private frozen = false;

  protected advance(): SimEvent | undefined {
    const e = this.logged[this.pos];
    if (e === undefined) return undefined;
    this.pos++;
    this.st = evolve(this.st, e);
    // The log's own object: a caller's write would change the hash and every later refold.
    return Object.freeze(e);
  }

  protected nextTime(): number {
    return this.logged[this.pos]?.time ?? Infinity;
  }

  /**
   * Moves to just after the event with this seq (a number or `{ seq }`), or after the last event
   * at or before a time (`{ time }`: epoch ms, a Date or ISO text, exchange-local without an
   * offset). Going back refolds from the start. A time past the last event lands on the end.
   */
  seek(target: number | { seq: number } | { time: TimeInput } | Date | string): number {
    let end: number;
    if (typeof target === 'number' || (typeof target === 'object' && target !== null && 'seq' in target)) {
      const seq = typeof target === 'number' ? target : target.seq;
      end = this.logged.findIndex((e) => e.seq === seq) + 1;
      if (end === 0) throw new SimError('USAGE', `no event with seq ${seq} in ${this.path}`, { value: seq });
    } else {
      const raw = target instanceof Date || typeof target === 'string' ? target : target.time;
      const t = this.calendar.parseTime(raw, { what: 'seek time', code: 'USAGE' });
      end = 0;
      while (end < this.logged.length && this.logged[end]!.time <= t) end++;
    }
    if (end < this.pos) { this.pos = 0; this.st = initialState(); }
    while (this.pos < end) this.advance();
    return this.pos;
  }
}

/** A log its run never closed (it failed or was killed) is not the whole run. */
export function incompleteError(file: string, events: number): SimError {
  return new SimError('LOG_INCOMPLETE', `${showValue(file, 200)} is the log of a run that failed or was killed: its ${events} events are not the whole run`, { file });
}

/** Reads a log (see readLog) and checks the config its manifest holds. */
export function openLog(logPath: string): LogContents & { readonly config: ResolvedConfig } {
  const log = readLog(logPath);
  return { ...log, config: loggedConfig(log.manifest, log.path) };
}

/**
 * The config a log was run with: it must still validate (LOG_CORRUPT naming what is wrong). Only
 * its shape is checked here, not the dataset, so a full log replays without its data.
 */
export function loggedConfig(manifest: LogManifest, file: string): ResolvedConfig {
  try {
    return resolveConfig(manifest.config).config;
  } catch (e) {
    if (!isSimError(e)) throw e;
    throw new SimError('LOG_CORRUPT', `${showValue(file, 200)}: bad manifest: its config does not validate: ${e.message}`, { file, key: 'manifest.config', cause: e.code });
  }
}

/** Opens a saved event log for stepping, seeking and inspecting. */
export function replay(logPath: string, options?: ReplayOptions): Replay {
  return new Replay(logPath, options);
}
