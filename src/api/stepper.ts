import { showValue, SimError } from '../errors.js';
import { isEventType, type BarArrived, type EventOf, type EventType, type SimEvent } from '../events/index.js';
import { formatUtc, type ExchangeCalendar } from '../calendar/index.js';
import { snapshot, type SessionState, type StateSnapshot } from '../state/index.js';

/**
 * Where runUntil stops: an instant (epoch ms, a Date, or ISO text: without an offset it is
 * exchange-local), the current session's close, or the next activation.
 */
export type RunTarget = number | Date | string;

type Listener = (event: SimEvent, state: Readonly<SessionState>) => void;

/**
 * The stepping interface shared by a live simulation and a replay: step, runUntil, a read-only
 * state, callbacks, and iteration over events. Subclasses say how one event is handled.
 */
export abstract class Stepper {
  private readonly listeners = new Map<string, Listener[]>();
  private listenerCount = 0;
  private failure: SimError | null = null;

  protected abstract advance(): SimEvent | undefined;
  protected abstract nextTime(): number;
  /** The live state (do not change it): what callbacks see. */
  abstract get live(): Readonly<SessionState>;
  /** The run's exchange calendar: it reads times written without an offset and shows times to people. */
  abstract get calendar(): ExchangeCalendar;
  /**
   * Called when a callback failed: the run stops; subclasses make sure the log keeps what it has.
   * What they return (where the incomplete log is) is added to the error.
   */
  protected onFailure(): string | null {
    return null;
  }

  /** A detached copy of the state now. */
  get state(): StateSnapshot {
    return snapshot(this.live as SessionState);
  }

  get done(): boolean {
    return this.failure !== null || this.nextTime() === Infinity;
  }

  /** Handles one event and returns it; undefined when nothing is left. */
  step(): SimEvent | undefined {
    if (this.failure !== null) throw this.failure;
    const e = this.advance();
    if (e !== undefined && this.listenerCount > 0) this.notify(e);
    return e;
  }

  /** Runs to an instant (inclusive), to the close of the current session ('close'), or to the next activation ('next-session'). Returns events handled. */
  runUntil(target: RunTarget | 'close' | 'next-session'): number {
    let n = 0;
    if (target === 'close' || target === 'next-session') {
      const stopAt: EventType = target === 'close' ? 'MarketClose' : 'SessionActivated';
      for (;;) {
        const e = this.step();
        if (e === undefined) return n;
        n++;
        if (e.type === stopAt) return n;
      }
    }
    // Not a time is a misuse of the API: USAGE, naming the value.
    const t = this.calendar.parseTime(target, { what: 'runUntil', code: 'USAGE' });
    while (this.nextTime() <= t && this.nextTime() !== Infinity) {
      if (this.step() === undefined) break;
      n++;
    }
    return n;
  }

  /** Runs to the end. */
  runToEnd(): number {
    if (this.failure !== null) throw this.failure;
    if (this.listenerCount === 0) return this.runQuietly();
    return this.runObserved();
  }

  /**
   * Handles at most `max` events (fewer when the run ends; 0 once it has) and returns how many: a
   * long run in slices, with a look at the state or the wall clock between them (the CLI's
   * progress bar). The events, state and log are the same as one runToEnd's.
   */
  runEvents(max: number): number {
    if (this.failure !== null) throw this.failure;
    if (!(Number.isSafeInteger(max) && max > 0)) throw new SimError('USAGE', `runEvents(max): max must be a whole number of events, 1 or more, got ${showValue(max)}`, { value: max });
    return this.listenerCount === 0 ? this.runQuietly(max) : this.runObserved(max);
  }

  /** Runs to the end (or `max` events) calling the listeners: subclasses may build objects only for listened-to types. */
  protected runObserved(max = Infinity): number {
    let n = 0;
    while (n < max && this.step() !== undefined) n++;
    return n;
  }

  /** True when some callback listens to this event type. */
  protected listens(type: string): boolean {
    return (this.listeners.get(type)?.length ?? 0) > 0;
  }

  /** Runs to the end when nobody listens: subclasses may skip building event objects. */
  protected runQuietly(max = Infinity): number {
    let n = 0;
    while (n < max && this.step() !== undefined) n++;
    return n;
  }

  /** Calls fn after each event of this type is handled, with the state at that instant. Returns an unsubscribe function. */
  on<T extends EventType>(type: T, fn: (event: EventOf<T>, state: Readonly<SessionState>) => void): () => void {
    // A misspelt type would otherwise be a callback that silently never runs.
    if (!isEventType(type)) throw new SimError('USAGE', `on(${showValue(type)}): not an event type`, { value: type });
    if (typeof fn !== 'function') throw new SimError('USAGE', `on(${showValue(type)}, fn): fn must be a function, got ${showValue(fn)}`, { value: typeof fn });
    let list = this.listeners.get(type);
    if (list === undefined) this.listeners.set(type, (list = []));
    list.push(fn as Listener);
    this.listenerCount++;
    return () => {
      const i = list!.indexOf(fn as Listener);
      if (i >= 0) { list!.splice(i, 1); this.listenerCount--; }
    };
  }

  /** Calls fn for every bar delivered (live, late or history). */
  onBar(fn: (bar: BarArrived, state: Readonly<SessionState>) => void): () => void {
    if (typeof fn !== 'function') throw new SimError('USAGE', `onBar(fn): fn must be a function, got ${showValue(fn)}`, { value: typeof fn });
    return this.on('BarArrived', fn);
  }

  /** Steps through the remaining events. */
  *events(): IterableIterator<SimEvent> {
    for (let e = this.step(); e !== undefined; e = this.step()) yield e;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SimEvent> {
    for (let e = this.step(); e !== undefined; e = this.step()) yield e;
  }

  /** An instant for people: exchange-local with its offset (UTC if the calendar cannot be had). */
  protected showTime(t: number): string {
    try {
      return this.calendar.formatLocal(t);
    } catch {
      return formatUtc(t);
    }
  }

  protected notify(e: SimEvent): void {
    const list = this.listeners.get(e.type);
    if (list === undefined) return;
    for (const fn of list) {
      try {
        fn(e, this.live);
      } catch (err) {
        const note = this.onFailure();
        this.failure = new SimError('CALLBACK_FAILED', `a callback on ${e.type} (seq ${e.seq}, time ${this.showTime(e.time)}) threw: ${err instanceof Error ? err.message : String(err)}${note === null ? '' : `; ${note}`}`, { seq: e.seq, time: e.time, type: e.type, cause: err });
        throw this.failure;
      }
    }
  }
}
