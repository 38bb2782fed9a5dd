import { isSimError, showValue, SimError } from '../errors.js';
import { type ExchangeCalendar, type TimeInput } from '../calendar/index.js';
import type { SimEvent } from '../events/index.js';
import { LogHasher } from '../kernel/index.js';
import type { ColumnarSlice } from '../columnar/index.js';
import { applySnapshot, evolve, foldSlice, initialState, readonlyView, snapshot, type SessionState, type StateSnapshot } from '../state/index.js';
import { isRun, knownSymbolId, LogStream, mayHoldSymbol, openLogHead, parseSnapshot, RefResolver, scanLog, typeMask, verifyInputs, type LogHead, type LogManifest, type LogScan, type ScannedBatch } from '../storage/index.js';
import { loggedCalendar, resolveConfig, type ResolvedConfig } from './config.js';
import { escapeHtml } from './display.js';
import { readLogPictures, type LogPictures } from './log-pictures.js';
import { displayable, picturesHtml, reportPage, type Displayable, type PictureOptions } from './pictures/index.js';
import { Stepper } from './stepper.js';
import { StrategyCollector, type StrategyResult } from './strategy-results.js';

export interface ReplayOptions {
  /** Where the run's dataset is now (default: the root recorded in the manifest). */
  readonly dataRoot?: string;
}

/** Which events to read: all by default. Batches that cannot hold a match are skipped undecoded. */
export interface EventFilter {
  readonly types?: readonly SimEvent['type'][];
  readonly symbol?: string;
  /** Epoch ms, inclusive. */
  readonly from?: number;
  readonly to?: number;
}

/** Which events `Replay.logged` gives: times as anywhere in the API. */
export interface ReplayFilter extends Omit<EventFilter, 'from' | 'to'> {
  readonly from?: TimeInput;
  readonly to?: TimeInput;
}

/** Elements [from, to) of a run of a log's columnar rows: element i is the event with seq `base + i`. */
export interface LogSpan {
  readonly slice: ColumnarSlice;
  readonly base: number;
  readonly from: number;
  readonly to: number;
}

/** An event of a log, or a span of them kept as columns. */
export type LogPiece = SimEvent | LogSpan;

export function isSpan(p: LogPiece): p is LogSpan {
  return (p as LogSpan).slice !== undefined;
}

/** The types whose prices a log by reference leaves out. */
const PRICED = new Set<string>(['BarArrived', 'DerivedBarCompleted']);

/**
 * The events of a log in order from event `startAt` on, read a batch at a time (memory for a
 * batch, not the log): objects, and spans of a full log's bars, derived bars and gaps as columns,
 * which the state folds and the hash reads without an object each; a by-reference log's come the
 * same way, their prices filled in (RefResolver.resolveRun). Batches the filter's index test rules
 * out are checked but not decoded (by reference, every batch from `startAt` on is read unless the
 * filter asks for no priced type: a derived bar's prices come from the bars before it, of its
 * day; `startAt` is then at a session's start or 0).
 * `readAhead` false: never on the read-ahead thread (a reader that may stop half-way and stay
 * open, as a replay stepped by hand does, would hold the thread from other reads).
 */
export function* logPieces(path: string, manifest: LogManifest, root: string, filter: EventFilter = {}, startAt = 0, readAhead = true): Generator<LogPiece> {
  // Prices by reference are resolved in log order from the start; a filter for types that carry
  // none (no bars, no derived bars) needs no resolving, and skips batches as in a full log.
  const resolver = manifest.bars === 'ref' && (filter.types === undefined || filter.types.some((t) => PRICED.has(t))) ? new RefResolver(manifest, root) : null;
  // The read-ahead thread reads and decompresses every batch: where a filter or a start skips
  // batches undecoded, reading here is faster (a `--type` query took twice as long with it).
  const skips = startAt > 0 || (resolver === null && (filter.types !== undefined || filter.symbol !== undefined || filter.from !== undefined || filter.to !== undefined));
  // By reference, bars and derived bars come as runs whose prices the resolver fills in from
  // columns, as a full log's do: an object per event was five times slower to hash.
  const stream = new LogStream(path, { readAhead: readAhead && !skips, refRuns: resolver !== null });
  try {
    const mask = filter.types === undefined ? -1 : typeMask(filter.types);
    const from = filter.from ?? -Infinity, to = filter.to ?? Infinity;
    const symbol = filter.symbol === undefined ? null : knownSymbolId(manifest, filter.symbol);
    stream.skip((b, first) => first + b.rows <= startAt || (resolver === null && ((b.types & mask) === 0 || b.time[1] < from || b.time[0] > to || (symbol !== null && !mayHoldSymbol(b, symbol)))));
    for (let b = stream.next(); b !== null; b = stream.next()) {
      let at = b.first;
      for (let k = 0; k < b.items.length; k++) {
        const item = b.items[k]!;
        if (isRun(item)) {
          const n = item.slice.length, skip = Math.max(0, Math.min(n, startAt - at));
          if (skip < n) yield { slice: resolver === null ? item.slice : resolver.resolveRun(item, at), base: item.base, from: skip, to: n };
          at += n;
          continue;
        }
        if (at++ < startAt) continue;
        yield resolver === null ? item : resolver.resolve(item, b.refs[k]!, at - 1);
      }
    }
    // From a snapshot on, the inputs before it were not read here: the replay checked them all at open.
    if (startAt === 0) resolver?.finish();
  } finally {
    stream.close();
  }
}

/**
 * The events of a log in order as objects (see logPieces), filtered: only matching events come
 * out, and batches whose index shows they hold none are checked but not decoded.
 */
export function* logEvents(path: string, manifest: LogManifest, root: string, filter: EventFilter = {}, startAt = 0, readAhead = true): Generator<SimEvent> {
  const types = filter.types === undefined ? null : new Set<string>(filter.types);
  const from = filter.from ?? -Infinity, to = filter.to ?? Infinity;
  const keep = (e: SimEvent) => (types === null || types.has(e.type)) && (filter.symbol === undefined || (e as { symbol?: string }).symbol === filter.symbol) && e.time >= from && e.time <= to;
  for (const p of logPieces(path, manifest, root, filter, startAt, readAhead)) {
    if (!isSpan(p)) { if (keep(p)) yield p; continue; }
    if (types !== null && !types.has(p.slice.type)) continue;
    for (let i = p.from; i < p.to; i++) {
      const e = p.slice.materialize(i, p.base + i);
      if (keep(e)) yield e;
    }
  }
}

/** The log hash of a log's events and their number, in one streaming pass (spans hashed from their columns); `readAhead` as logPieces'. */
export function hashLog(path: string, manifest: LogManifest, root: string, readAhead = true): { hash: string; events: number } {
  const h = new LogHasher();
  let n = 0;
  for (const p of logPieces(path, manifest, root, {}, 0, readAhead)) {
    if (isSpan(p)) { h.updateLazy(p.slice, p.from, p.to, p.base); n += p.to - p.from; }
    else { h.update(p); n++; }
  }
  return { hash: h.digest(), events: n };
}

/**
 * The stepping interface over a saved log: the state is folded from the logged events, read from
 * the file a batch at a time as the replay goes, so a log of any length replays in the memory of
 * a batch and the state. Going back (a seek to before the current position) folds again from the
 * start.
 */
export class Replay extends Stepper {
  /** True when the run never closed the log (it failed or was killed): it is not the whole run. */
  readonly incomplete: boolean;
  readonly path: string;
  private readonly head: LogHead;
  /** The whole log's scan (every seal checked, every batch's metadata), made when first needed. */
  private scanned: LogScan | null = null;
  /** The manifest the replay reads with: the head's, or by reference the scan's (with the inputs' hashes). */
  private readonly logManifest: LogManifest;
  private readonly root: string;
  private reader: Generator<LogPiece> | null = null;
  /** The piece the next event is in (null: not read yet; undefined: the log's end), and for a span its next element. */
  private cur: LogPiece | undefined | null = null;
  private curAt = 0;
  /** The next event as an object, once somebody asked for it. */
  private ahead: SimEvent | null = null;
  private pos = 0;
  private st: SessionState = initialState();
  private cal: ExchangeCalendar | null = null;
  private counted: number | null = null;

  /**
   * Opens a log by its head (schema, manifest, first batch, each checked) and the end of its file:
   * a log with bars in full is read only as far as it is replayed, so a filter with a limit or a
   * seek near the start costs the batches they read, whatever the log's length. The whole log is
   * scanned (every seal checked) when something needs all of it: `length`, `manifest` (its inputs'
   * hashes), a seek (its snapshots), and at once for a log by reference, whose inputs must all be
   * unchanged before anything is replayed. Damage anywhere is LOG_CORRUPT when the replay reads it.
   */
  constructor(logPath: string, options: ReplayOptions = {}) {
    super();
    this.head = openLogHead(logPath);
    loggedConfig(this.head.manifest, this.head.path);
    this.incomplete = this.head.incomplete;
    this.path = this.head.path;
    this.root = options.dataRoot ?? this.head.manifest.dataRoot;
    this.logManifest = this.head.manifest;
    // By reference the prices are in the inputs: refused at once when one changed, not midway.
    if (this.head.manifest.bars === 'ref') {
      this.logManifest = this.scan.manifest;
      verifyInputs(this.root, this.logManifest.inputs);
    }
  }

  private get scan(): LogScan {
    this.scanned ??= scanLog(this.path);
    return this.scanned;
  }

  /** The manifest, each input with the sha256 the log pinned for it (scans the log when first asked). */
  get manifest(): LogManifest {
    return this.scan.manifest;
  }

  /**
   * True when the log was cut short (a killed run): it replays up to its last complete batch.
   * Known from the file's end (a closed log ends with the end-of-stream marker), then from the scan.
   */
  get truncated(): boolean {
    return this.scanned?.truncated ?? this.head.truncated;
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
    this.cal ??= loggedCalendar(this.logManifest.config as Record<string, unknown>);
    return this.cal;
  }

  /** Number of events in the log (from its batches' indexes; a log without them is counted once). */
  get length(): number {
    if (this.scan.events !== null) return this.scan.events;
    if (this.counted === null) {
      const stream = new LogStream(this.path);
      while (stream.next() !== null) { /* counting */ }
      this.counted = stream.count;
    }
    return this.counted;
  }

  /** Events this replay has folded since it was opened (a seek from a snapshot folds only what follows it). */
  get folded(): number {
    return this.foldedEvents;
  }

  private foldedEvents = 0;

  /** Events handled so far in this replay. */
  get position(): number {
    return this.pos;
  }

  /**
   * Where the replay stands, in one line: what a notebook cell or a console shows for the object
   * (instead of its internals). It reads nothing: the event count appears once something counted it.
   */
  summary(): string {
    const s = this.st;
    const count = this.scanned?.events ?? this.counted;
    const where = s.now === -Infinity ? 'at the start' : `at ${this.calendar.formatLocal(s.now)}`;
    const session = s.date === null ? 'no session yet' : `session ${s.date} ${s.active ? 'active' : 'closed'}`;
    return `Replay of ${this.path.split(/[\\/]/).pop()}: event ${this.pos}${count === null ? '' : ` of ${count}`}, ${where}, ${session}, ${s.totalBars} bars${this.incomplete ? ' (the log of a run that did not finish)' : ''}`;
  }

  [Symbol.for('Jupyter.display')](): Record<string, string> {
    return { 'text/plain': this.summary(), 'text/html': `<div><b>Replay</b> ${escapeHtml(this.summary().replace(/^Replay /, ''))}</div>` };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.summary();
  }

  [Symbol.for('Deno.customInspect')](): string {
    return this.summary();
  }

  /**
   * The log's events from the start, read as they are iterated (independent of the replay's
   * position), optionally filtered; `from`/`to` are epoch ms, a Date or ISO text (exchange-local
   * without an offset), both inclusive.
   */
  logged(filter: ReplayFilter = {}): Generator<SimEvent> {
    const time = (t: TimeInput | undefined, what: string) => (t === undefined ? undefined : this.calendar.parseTime(t, { what, code: 'USAGE' }));
    return logEvents(this.path, this.logManifest, this.root, { types: filter.types, symbol: filter.symbol, from: time(filter.from, 'from'), to: time(filter.to, 'to') });
  }

  /** The hash of the whole logged event sequence (equals the live run's log hash), in one streaming pass. */
  get hash(): string {
    return hashLog(this.path, this.logManifest, this.root).hash;
  }

  /**
   * The strategy's results (orders, fills, positions, equity curve, summary) from the logged
   * events alone, in one streaming pass over the whole log: the strategy is not run. Null when the
   * log's run had no strategy.
   */
  strategyResult(): StrategyResult | null {
    const c = new StrategyCollector();
    let opened = false;
    for (const p of logPieces(this.path, this.logManifest, this.root)) {
      if (isSpan(p)) c.appendLazy(p.slice, p.from, p.to, p.base);
      else { if (p.type === 'AccountOpened') opened = true; c.append(p); }
    }
    c.close();
    return opened ? c.result(this.calendar) : null;
  }

  /**
   * The pictures of the logged run's data (the same as its result's) and the compact sessions
   * table, from the whole log in one streaming pass, independent of the replay's position.
   */
  pictures(options: PictureOptions = {}): Displayable {
    return displayable(picturesHtml(this.readPictures(options).input, options));
  }

  /**
   * A standalone HTML page of the logged run: what it was (calendar, symbols, sessions, events,
   * log hash), the strategy's figures and equity curve if it had one, and the pictures. No script:
   * it opens in any browser, offline.
   */
  report(options: PictureOptions = {}): string {
    const r = this.readPictures(options);
    const config = loggedConfig(this.logManifest, this.path);
    const s = r.state.sessions;
    const facts = [
      `${config.calendar}, ${config.symbols.length} symbols, ${config.interval} bars, ${s.length} sessions${s.length === 0 ? '' : ` (${s[0]!.date} .. ${s[s.length - 1]!.date})`}`,
      `${r.state.totalBars} bars, ${r.state.totalDerived} derived bars, ${r.state.totalGaps} gaps, ${r.events} events; log hash ${r.hash}`,
      ...(this.incomplete ? [`the log of a run that did not finish: ${r.events} events, not the whole run`] : []),
    ];
    const name = this.path.split(/[\\/]/).pop() ?? this.path;
    return reportPage(`sessionsim report: ${name}`, facts, [r.strategy === null ? '' : r.strategy.toHTML(), picturesHtml(r.input, options)]);
  }

  private readPictures(options: PictureOptions): LogPictures {
    const config = loggedConfig(this.logManifest, this.path);
    return readLogPictures(logPieces(this.path, this.logManifest, this.root), config, this.calendar, options);
  }

  /** All logged events, frozen, in memory (the whole log: for small logs; `events()` streams). */
  get all(): readonly SimEvent[] {
    this.everything ??= Object.freeze([...this.logged()].map((e) => Object.freeze(e)));
    return this.everything;
  }

  private everything: readonly SimEvent[] | null = null;

  /** The piece holding the next event (undefined at the end of the log). */
  private piece(): LogPiece | undefined {
    while (this.cur === null || (this.cur !== undefined && isSpan(this.cur) && this.curAt >= this.cur.to)) {
      this.reader ??= logPieces(this.path, this.logManifest, this.root, {}, this.pos, false);
      const r = this.reader.next();
      this.cur = r.done === true ? undefined : r.value;
      this.curAt = this.cur !== undefined && isSpan(this.cur) ? this.cur.from : 0;
    }
    return this.cur;
  }

  /** The next event, read ahead by one (undefined at the end of the log). */
  private peekNext(): SimEvent | undefined {
    if (this.ahead !== null) return this.ahead;
    const p = this.piece();
    if (p === undefined) return undefined;
    this.ahead = isSpan(p) ? p.slice.materialize(this.curAt, p.base + this.curAt) : p;
    return this.ahead;
  }

  protected advance(): SimEvent | undefined {
    const e = this.peekNext();
    if (e === undefined) return undefined;
    this.ahead = null;
    if (isSpan(this.cur!)) this.curAt++;
    else this.cur = null;
    this.pos++;
    this.foldedEvents++;
    this.st = evolve(this.st, e);
    // Frozen: a caller's write would change what it sees as logged.
    return Object.freeze(e);
  }

  protected nextTime(): number {
    const p = this.piece();
    return p === undefined ? Infinity : isSpan(p) ? p.slice.timeAt(this.curAt) : p.time;
  }

  /**
   * Folds the next events while the position is below `until` and their time is at most `t`: a
   * span's elements from its columns (foldSlice), without an object each.
   */
  private foldWhile(until: number, t: number): void {
    for (;;) {
      if (this.pos >= until) return;
      const p = this.piece();
      if (p === undefined) return;
      if (!isSpan(p)) {
        if (p.time > t) return;
        this.advance();
        continue;
      }
      const from = this.curAt, end = Math.min(p.to, from + (until - this.pos));
      let j = from;
      while (j < end && p.slice.timeAt(j) <= t) j++;
      if (j === from) return;
      this.st = foldSlice(this.st, p.slice, from, j, p.base);
      this.foldedEvents += j - from;
      this.pos += j - from;
      this.curAt = j;
      this.ahead = null;
    }
  }

  /** Back to before the first event (the file is read again from its start). */
  private rewind(): void {
    this.restart(0, initialState());
  }

  /** The replay at position `at` with state `st`: the log is read again from there when next asked. */
  private restart(at: number, st: SessionState): void {
    this.reader?.return(undefined);
    this.reader = null;
    this.cur = null;
    this.ahead = null;
    this.pos = at;
    this.st = st;
  }

  /**
   * Goes to the log's last snapshot that `fits` (a batch whose state is at or before the target),
   * unless the replay is already there or past it: the state is rebuilt from the snapshots up to it
   * and the events are read from there, so a seek folds only what follows the snapshot. A log by
   * reference uses only the snapshots at a session's start (its derived bars' prices come from the
   * day's bars before them).
   */
  private jump(fits: (b: ScannedBatch) => boolean): void {
    const batches = this.scan.batches;
    let k = -1;
    for (let j = batches.length - 1; j >= 0 && k < 0; j--) {
      const b = batches[j]!;
      if (b.snapshot === null || b.through === null || !fits(b)) continue;
      if (this.logManifest.bars === 'ref' && parseSnapshot(b.snapshot, this.path, b.index).day !== null) continue;
      k = j;
    }
    if (k < 0) return;
    const at = batches[k]!.through!;
    // Already there or past it (a seek goes forward from here, or rewinds first).
    if (this.pos >= at) return;
    const st = initialState();
    for (let j = 0; j <= k; j++) {
      const text = batches[j]!.snapshot;
      if (text !== null) applySnapshot(st, parseSnapshot(text, this.path, j));
    }
    this.restart(at, st);
  }

  /**
   * Moves to just after the event with this seq (a number or `{ seq }`), or after the last event
   * at or before a time (`{ time }`: epoch ms, a Date or ISO text, exchange-local without an
   * offset). Going back folds again from the start. A time past the last event lands on the end.
   */
  seek(target: number | { seq: number } | { time: TimeInput } | Date | string): number {
    if (typeof target === 'number' || (typeof target === 'object' && target !== null && 'seq' in target)) {
      const seq = typeof target === 'number' ? target : target.seq;
      const at = this.positionOfSeq(seq);
      if (at === null) throw new SimError('USAGE', `no event with seq ${seq} in ${this.path}`, { value: seq });
      if (at < this.pos) this.rewind();
      this.jump((b) => b.through! <= at);
      this.foldWhile(at, Infinity);
      return this.pos;
    }
    const raw = target instanceof Date || typeof target === 'string' ? target : target.time;
    const t = this.calendar.parseTime(raw, { what: 'seek time', code: 'USAGE' });
    if (this.pos > 0 && this.st.now > t) this.rewind();
    // A snapshot's state is after its batch's last event: one at or before t is on the way.
    this.jump((b) => b.summary !== null && b.summary.time[1] <= t);
    this.foldWhile(Infinity, t);
    return this.pos;
  }

  /** The position just after the event with this seq (null: no such event), found by reading only the batches that can hold it. */
  private positionOfSeq(seq: number): number | null {
    // Almost every batch is skipped undecoded: no read-ahead (it would decompress them all).
    const stream = new LogStream(this.path, { readAhead: false });
    try {
      stream.skip((b) => seq < b.seq[0] || seq > b.seq[1]);
      for (let b = stream.next(); b !== null; b = stream.next()) {
        let at = b.first;
        for (const item of b.items) {
          if (!isRun(item)) { at++; if (item.seq === seq) return at; continue; }
          const n = item.slice.length;
          if (seq >= item.base && seq < item.base + n) return at + (seq - item.base) + 1;
          at += n;
        }
      }
      return null;
    } finally {
      stream.close();
    }
  }
}

/** A log its run never closed (it failed or was killed) is not the whole run. */
export function incompleteError(file: string, events: number): SimError {
  return new SimError('LOG_INCOMPLETE', `${showValue(file, 200)} is the log of a run that failed or was killed: its ${events} events are not the whole run`, { file });
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
