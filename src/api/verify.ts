import { SimError, showValue } from '../errors.js';
import { describeEvent, type SimEvent } from '../events/index.js';
import { canonical, LogHasher, type EventSink } from '../kernel/index.js';
import { openLogHead, scanLog, verifyInputs } from '../storage/index.js';
import type { StrategySource } from './config.js';
import { hashLog, incompleteError, logEvents, loggedConfig } from './replay.js';
import { createRun } from './run.js';
import type { Strategy } from '../strategy/index.js';

export interface VerifyOptions {
  /** Where the run's dataset is now (default: the root recorded in the manifest). */
  readonly dataRoot?: string;
  /**
   * The strategy a log was written with, to run it again: an object, or a function giving a fresh
   * one (a re-run may be made twice). Needed when the log's config names a strategy.
   */
  readonly strategy?: Strategy | (() => Strategy);
}

export interface VerifyResult {
  readonly path: string;
  readonly events: number;
  /** Inputs whose sha256 was checked. */
  readonly inputs: number;
  readonly hash: string;
}

/** Thrown by the comparing sink to stop the re-run at the first difference. */
class Differs extends Error {}

/**
 * Compares each event of the re-run with the logged one at the same position, by canonical
 * record, reading the log as the re-run goes (memory for a batch), and hashes the logged events.
 */
class CompareSink implements EventSink<SimEvent> {
  count = 0;
  difference: SimError | null = null;
  readonly hasher = new LogHasher();

  /** `partial`: the log is not the whole run (cut short, or its run failed): the error when it matches as far as it goes. */
  constructor(private readonly logged: Iterator<SimEvent>, private readonly file: string, private readonly path: string, private readonly partial: ((count: number, seq: number | null) => SimError) | null) {}

  /** The next logged event, hashed (undefined at the end of the log). */
  next(): SimEvent | undefined {
    const r = this.logged.next();
    if (r.done === true) return undefined;
    this.hasher.update(r.value);
    return r.value;
  }

  append(event: SimEvent): void {
    const want = this.next();
    if (want === undefined || canonical(want) !== canonical(event)) {
      this.difference = want === undefined && this.partial !== null
        ? this.partial(this.count, event.seq)
        : want === undefined
        ? new SimError('LOG_MISMATCH', `${this.file}: the log ends after ${this.count} events; the re-run goes on with seq ${event.seq}: ${showValue(describeEvent(event))}`, { file: this.path, seq: event.seq })
        : new SimError('LOG_MISMATCH', `${this.file}: the event with seq ${want.seq} differs: the log has ${showValue(canonical(want), 120)}, the re-run ${showValue(canonical(event), 120)}`, { file: this.path, seq: want.seq });
      throw new Differs();
    }
    this.count++;
  }
}

/**
 * The log hash and event count of a re-run. Its memory (the day's columns, the state, the
 * loader's buffers) is let go before the log is read: the two never need to be held at once.
 */
function rerunHash(config: Parameters<typeof createRun>[0], options: Parameters<typeof createRun>[1]): { hash: string | null; events: number } {
  const rerun = createRun(config, options);
  try {
    rerun.kernel.run();
    return { hash: rerun.log.hash(), events: rerun.kernel.handled };
  } finally {
    rerun.loader.close();
  }
}

/**
 * `replay --verify`: a log is verified only when everything matches. In order: the log's bytes
 * (every batch's seal, checked by a scan before anything else: LOG_CORRUPT); every input it
 * pinned hashes as it did (LOG_INPUT_CHANGED naming the file, used or not); the logged config
 * re-run on the same data gives the same events, compared one by one as the log is read
 * (LOG_MISMATCH naming the first seq that differs); the log's events hash to the hash it stored
 * at its end (LOG_MISMATCH). A log cut short that matches as far as it goes is LOG_TRUNCATED; the
 * kept log of a run that failed, LOG_INCOMPLETE. Memory: a batch of the log and the re-run's own.
 */
export function verifyLog(logPath: string, options: VerifyOptions = {}): VerifyResult {
  const scan = scanLog(logPath);
  const config = loggedConfig(scan.manifest, scan.path);
  const file = showValue(scan.path, 200);
  const root = options.dataRoot ?? scan.manifest.dataRoot;
  const inputs = verifyInputs(root, scan.manifest.inputs);
  const rerunConfig = { ...config, data: root, log: { path: null, bars: config.log.bars, hash: true } };
  const given = options.strategy;
  const strategy = () => (given === undefined ? {} : { strategy: typeof given === 'function' ? given() : given });

  // The usual case, at the speed of a run: a whole log whose events (one streaming pass) and whose
  // re-run (hashed from columns, as a run is) both hash to the hash it stored. Anything else is
  // compared event by event below, to name what differs.
  if (!scan.truncated && !scan.incomplete && scan.end !== null && scan.end.hash !== null) {
    const rerun = rerunHash(rerunConfig, strategy());
    // Read here, not on the read-ahead thread: its memory comes on top of what the re-run left
    // (500 x 60: 1.35x the run's peak with it, 1.0-1.1x without, for about a second more).
    const { hash, events: n } = hashLog(scan.path, scan.manifest, root, false);
    if (hash === scan.end.hash && rerun.hash === hash && n === rerun.events) return { path: scan.path, events: n, inputs, hash };
  }

  const matched = (n: number) => `its ${n} events match the re-run`;
  const partial = scan.truncated || scan.end === null
    ? (n: number, seq: number | null) => new SimError('LOG_TRUNCATED', `${file} was cut short: ${matched(n)}${seq === null ? '' : `, which goes on with seq ${seq}`}; a log cut short cannot be verified whole`, { file: scan.path, seq })
    : scan.incomplete
    ? (n: number) => { const e = incompleteError(scan.path, n); return new SimError(e.code, `${e.message} (${matched(n)} as far as they go)`, e.details); }
    : null;
  // Read beside the re-run, on this thread (see the fast path above).
  const logged = logEvents(scan.path, scan.manifest, root, {}, 0, false);
  const compare = new CompareSink(logged, file, scan.path, partial);
  try {
    const parts = createRun(rerunConfig, { sinks: [compare], ...strategy() });
    try {
      parts.kernel.run();
    } catch (e) {
      if (!(e instanceof Differs)) throw e;
    }
    if (compare.difference !== null) throw compare.difference;
    const next = compare.next();
    if (next !== undefined) {
      throw new SimError('LOG_MISMATCH', `${file}: the re-run ends after ${compare.count} events; the log goes on with seq ${next.seq}: ${showValue(describeEvent(next))}`, { file: scan.path, seq: next.seq });
    }
    const hash = compare.hasher.digest();
    const rerun = parts.log.hash();
    // Its events are the whole re-run, but it is not a whole log: cut short where the run ended
    // (its last batch whole, its end batch lost), or kept by a run that failed at its last event.
    if (scan.end === null) throw partial!(compare.count, null);
    if (scan.incomplete) throw partial!(compare.count, null);
    if (scan.end.hash !== null && scan.end.hash !== hash) {
      throw new SimError('LOG_MISMATCH', `${file}: its events hash to ${hash}, but the log stored ${scan.end.hash}`, { file: scan.path, expected: scan.end.hash, actual: hash });
    }
    if (rerun !== hash) throw new SimError('LOG_MISMATCH', `${file}: its events hash to ${hash}, the re-run to ${rerun}`, { file: scan.path, expected: hash, actual: rerun });
    return { path: scan.path, events: compare.count, inputs, hash };
  } finally {
    logged.return(undefined);
  }
}

/** What a log records of its run's strategy (null: the run had none). */
export function loggedStrategy(logPath: string): StrategySource | null {
  const head = openLogHead(logPath);
  return loggedConfig(head.manifest, head.path).strategy ?? null;
}
