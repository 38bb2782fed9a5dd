import { SimError, showValue } from '../errors.js';
import { describeEvent, type SimEvent } from '../events/index.js';
import { canonical, hashEvents, type EventSink } from '../kernel/index.js';
import { resolveRefs, verifyInputs } from '../storage/index.js';
import { incompleteError, openLog } from './replay.js';
import { createRun } from './run.js';

export interface VerifyOptions {
  /** Where the run's dataset is now (default: the root recorded in the manifest). */
  readonly dataRoot?: string;
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

/** Compares each event of the re-run with the logged one at the same position, by canonical record. */
class CompareSink implements EventSink<SimEvent> {
  count = 0;
  difference: SimError | null = null;

  /** `partial`: the log is not the whole run (cut short, or its run failed): the error when it matches as far as it goes. */
  constructor(private readonly logged: readonly SimEvent[], private readonly file: string, private readonly path: string, private readonly partial: ((seq: number | null) => SimError) | null) {}

  append(event: SimEvent): void {
    const want = this.logged[this.count];
    if (want === undefined || canonical(want) !== canonical(event)) {
      this.difference = want === undefined && this.partial !== null
        ? this.partial(event.seq)
        : want === undefined
        ? new SimError('LOG_MISMATCH', `${this.file}: the log ends after ${this.count} events; the re-run goes on with seq ${event.seq}: ${showValue(describeEvent(event))}`, { file: this.path, seq: event.seq })
        : new SimError('LOG_MISMATCH', `${this.file}: the event with seq ${want.seq} differs: the log has ${showValue(canonical(want), 120)}, the re-run ${showValue(canonical(event), 120)}`, { file: this.path, seq: want.seq });
      throw new Differs();
    }
    this.count++;
  }
}

/**
 * `replay --verify`: a log is verified only when everything matches. In order: the log's bytes
 * (every batch's seal, read by openLog: LOG_CORRUPT); every input it pinned hashes as it did
 * (LOG_INPUT_CHANGED naming the file, used or not); the logged config re-run on the same data
 * gives the same events, compared one by one (LOG_MISMATCH naming the first seq that differs);
 * the log's events hash to the hash it stored at its end (LOG_MISMATCH). A log cut short that
 * matches as far as it goes is LOG_TRUNCATED; the kept log of a run that failed, LOG_INCOMPLETE.
 */
export function verifyLog(logPath: string, options: VerifyOptions = {}): VerifyResult {
  const log = openLog(logPath);
  const file = showValue(log.path, 200);
  const root = options.dataRoot ?? log.manifest.dataRoot;
  const inputs = verifyInputs(root, log.manifest.inputs);
  if (log.manifest.bars === 'ref') resolveRefs(log.manifest, log.events, log.refs, root);

  const matched = `its ${log.events.length} events match the re-run`;
  const partial = log.truncated || log.end === null
    ? (seq: number | null) => new SimError('LOG_TRUNCATED', `${file} was cut short: ${matched}${seq === null ? '' : `, which goes on with seq ${seq}`}; a log cut short cannot be verified whole`, { file: log.path, seq })
    : log.incomplete
    ? () => { const e = incompleteError(log.path, log.events.length); return new SimError(e.code, `${e.message} (${matched} as far as they go)`, e.details); }
    : null;
  const compare = new CompareSink(log.events, file, log.path, partial);
  const parts = createRun({ ...log.config, data: root, log: { path: null, bars: log.config.log.bars, hash: true } }, { sinks: [compare] });
  try {
    parts.kernel.run();
  } catch (e) {
    if (!(e instanceof Differs)) throw e;
  }
  if (compare.difference !== null) throw compare.difference;
  if (compare.count < log.events.length) {
    const next = log.events[compare.count]!;
    throw new SimError('LOG_MISMATCH', `${file}: the re-run ends after ${compare.count} events; the log goes on with seq ${next.seq}: ${showValue(describeEvent(next))}`, { file: log.path, seq: next.seq });
  }
  const hash = hashEvents(log.events);
  const rerun = parts.log.hash();
  // Its events are the whole re-run, but it is not a whole log: cut short where the run ended
  // (its last batch whole, its end batch lost), or kept by a run that failed at its last event.
  if (log.end === null) throw partial!(null);
  if (log.incomplete) throw partial!(null);
  if (log.end.hash !== null && log.end.hash !== hash) {
    throw new SimError('LOG_MISMATCH', `${file}: its events hash to ${hash}, but the log stored ${log.end.hash}`, { file: log.path, expected: log.end.hash, actual: hash });
  }
  if (rerun !== hash) throw new SimError('LOG_MISMATCH', `${file}: its events hash to ${hash}, the re-run to ${rerun}`, { file: log.path, expected: hash, actual: rerun });
  return { path: log.path, events: log.events.length, inputs, hash };
}
