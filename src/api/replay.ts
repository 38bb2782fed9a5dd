import path from 'node:path';
import { SimError } from '../errors.js';
import type { SimEvent } from '../events/index.js';
import { hashEvents } from '../kernel/index.js';
import { evolve, initialState, type SessionState } from '../state/index.js';
import { readDay, readLog, verifyInputs, type LogManifest } from '../storage/index.js';
import { Stepper } from './stepper.js';

export interface ReplayOptions {
  /** Where the run's dataset is now (default: the root recorded in the manifest). */
  readonly dataRoot?: string;
}

/**
 * Fills in the prices a log by reference leaves out, after checking the inputs did not change:
 * a bar's from its input row, a derived bar's by aggregating its bars (the ones of its symbol
 * that start in its window, delivered before it) in time order, as the upkeep does.
 */
function resolveRefs(manifest: LogManifest, events: SimEvent[], refs: readonly ({ input: number; row: number } | null)[], root: string): void {
  verifyInputs(root, manifest.inputs);
  const interval = (manifest.config as { interval?: '1m' | '1s' }).interval ?? '1m';
  const cache = new Map<number, { map: Map<number, number>; day: ReturnType<typeof readDay> }>();
  let today = new Map<string, { start: number; open: number; high: number; low: number; close: number; volume: number }[]>();
  events.forEach((e, i) => {
    if (e.type === 'SessionActivated') today = new Map();
    const ref = refs[i] ?? null;
    if (ref !== null) {
      let entry = cache.get(ref.input);
      if (entry === undefined) {
        const input = manifest.inputs[ref.input];
        if (input === undefined) throw new SimError('LOG_CORRUPT', `event ${i} refers to input ${ref.input}, which the manifest does not list`, { row: i });
        const day = readDay(path.join(root, input.path), { interval });
        const map = new Map<number, number>();
        day.fileRow.forEach((r, k) => map.set(r, k));
        entry = { map, day };
        cache.clear(); // one day at a time: refs come in day order
        cache.set(ref.input, entry);
      }
      const k = entry.map.get(ref.row);
      if (k === undefined) throw new SimError('LOG_CORRUPT', `event ${i} refers to row ${ref.row} of ${manifest.inputs[ref.input]!.path}, which is not a valid bar`, { row: i });
      const d = entry.day;
      events[i] = { ...e, open: d.open[k]!, high: d.high[k]!, low: d.low[k]!, close: d.close[k]!, volume: d.volume[k]! } as SimEvent;
    }
    const filled = events[i]!;
    if (filled.type === 'BarArrived') {
      let list = today.get(filled.symbol);
      if (list === undefined) { list = []; today.set(filled.symbol, list); }
      list.push(filled);
    } else if (filled.type === 'DerivedBarCompleted' && (filled as { open?: number }).open === undefined) {
      // A symbol's bars of a day arrive in start order: its window is one run of its list.
      const list = today.get(filled.symbol) ?? [];
      let lo = 0, hi = list.length;
      while (lo < hi) { const mid = (lo + hi) >>> 1; if (list[mid]!.start < filled.start) lo = mid + 1; else hi = mid; }
      let n = 0, open = NaN, high = -Infinity, low = Infinity, close = NaN, volume = 0;
      for (let j = lo; j < list.length && list[j]!.start < filled.end; j++, n++) {
        const b = list[j]!;
        if (n === 0) open = b.open;
        if (b.high > high) high = b.high;
        if (b.low < low) low = b.low;
        close = b.close;
        volume = n === 0 ? b.volume : volume + b.volume;
      }
      if (n !== filled.count) throw new SimError('LOG_CORRUPT', `event ${i}: derived bar ${filled.symbol} ${filled.minutes}m has ${filled.count} bars in the log, found ${n}`, { row: i });
      events[i] = { ...filled, open, high, low, close, volume } as SimEvent;
    }
  });
}

/** The stepping interface over a saved log: the state is folded from the logged events. */
export class Replay extends Stepper {
  readonly manifest: LogManifest;
  /** True when the log was cut short (a killed run): it replays up to its last complete batch. */
  readonly truncated: boolean;
  readonly path: string;
  private readonly logged: readonly SimEvent[];
  private pos = 0;
  private st: SessionState = initialState();

  constructor(logPath: string, options: ReplayOptions = {}) {
    super();
    const log = readLog(logPath);
    this.manifest = log.manifest;
    this.truncated = log.truncated;
    this.path = log.path;
    if (log.manifest.bars === 'ref') resolveRefs(log.manifest, log.events, log.refs, options.dataRoot ?? log.manifest.dataRoot);
    this.logged = log.events;
  }

  get live(): Readonly<SessionState> {
    return this.st;
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

  /** All logged events (read-only). */
  get all(): readonly SimEvent[] {
    return this.logged;
  }

  protected advance(): SimEvent | undefined {
    const e = this.logged[this.pos];
    if (e === undefined) return undefined;
    this.pos++;
    this.st = evolve(this.st, e);
    return e;
  }

  protected nextTime(): number {
    return this.logged[this.pos]?.time ?? Infinity;
  }

  /**
   * Moves to just after the event with this seq (a number or `{ seq }`), or after the last event
   * at or before a time (`{ time }`, a Date or ISO text). Going back refolds from the start.
   */
  seek(target: number | { seq: number } | { time: number | Date | string } | Date | string): number {
    let end: number;
    if (typeof target === 'number' || (typeof target === 'object' && target !== null && 'seq' in target)) {
      const seq = typeof target === 'number' ? target : target.seq;
      end = this.logged.findIndex((e) => e.seq === seq) + 1;
      if (end === 0) throw new SimError('USAGE', `no event with seq ${seq} in ${this.path}`, { value: seq });
    } else {
      const raw = target instanceof Date || typeof target === 'string' ? target : target.time;
      const t = typeof raw === 'number' ? raw : raw instanceof Date ? raw.getTime() : Date.parse(raw);
      if (Number.isNaN(t)) throw new SimError('USAGE', `'${String(raw)}' is not a time`, { value: raw });
      end = 0;
      while (end < this.logged.length && this.logged[end]!.time <= t) end++;
    }
    if (end < this.pos) { this.pos = 0; this.st = initialState(); }
    while (this.pos < end) this.advance();
    return this.pos;
  }
}

/** Opens a saved event log for stepping, seeking and inspecting. */
export function replay(logPath: string, options?: ReplayOptions): Replay {
  return new Replay(logPath, options);
}
