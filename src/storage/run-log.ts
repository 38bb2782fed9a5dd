import path from 'node:path';
import { isSimError } from '../errors.js';
import type { SimEvent } from '../events/index.js';
import { LOG_HASH_ALGORITHM } from '../kernel/index.js';
import type { DatasetLoader } from './day-loader.js';
import { ArrowLogWriter } from './event-log.js';
import type { LogCompression } from './log-codecs.js';
import { inputFile, manifestInputs, sha256File } from './inputs.js';
import { LOG_FORMAT_VERSION, type BarRef, type InputFile, type LogManifest } from './log-format.js';
import type { Interval } from './layout.js';
import { SnapshotTaker, type SessionState } from '../state/index.js';
import { sharedLogThread, type LogThread } from './log-thread.js';
import { availableParallelism } from 'node:os';

/** What a run's log records of its config: the whole resolved config goes into the manifest as it is. */
export interface RunLogConfig {
  readonly data: string;
  readonly interval: Interval;
  readonly log: { readonly path: string | null; readonly bars: 'full' | 'ref'; readonly hash: boolean; readonly compression: LogCompression; readonly snapshot_every: number };
}

export interface RunLogSpec {
  readonly config: RunLogConfig;
  readonly calendarVersion: string;
  readonly packageVersion: string;
  /** Session dates the run may visit: the manifest's inputs. */
  readonly plannedDates: readonly string[];
  /** The run's loader: the days it read, their rows and their hashes. */
  readonly loader: DatasetLoader;
  /** The date of the session being run (null before the first). */
  readonly currentDate: () => string | null;
  /** The run's state now (after the events appended so far): the log's snapshots. */
  readonly state: () => SessionState;
  /** Where the log's batches are written: by default the process's log thread for runs of LOG_THREAD_FROM_SESSIONS or more; null: the run's own thread. */
  readonly logThread?: LogThread | null;
  /** Rows per record batch (default 8192). */
  readonly batchRows?: number;
}

/** Runs shorter than this write their log on their own thread: the thread's start (about 0.35 s, most of it loading Arrow) would cost more than it saves. */
const LOG_THREAD_FROM_SESSIONS = 10;

/**
 * The log thread by default where there is a second core for it; SESSIONSIM_LOG_THREAD=1 for
 * runs of any length (tests), =0 never.
 */
function logThreadFor(sessions: number): LogThread | null {
  const env = process.env.SESSIONSIM_LOG_THREAD;
  if (env === '0' || (env !== '1' && (sessions < LOG_THREAD_FROM_SESSIONS || availableParallelism() < 2))) return null;
  return sharedLogThread();
}

/**
 * Starts the log thread a run of this many sessions will write its log on, if any, so that it
 * loads its modules (about 0.35 s, most of it Arrow) while the run reads its first days rather
 * than when the log is opened, which waits for it.
 */
export function startLogThread(sessions: number): void {
  logThreadFor(sessions);
}

/**
 * The run's event log on disk: its manifest, and where a bar's row is for a log by reference
 * (the day being run, as the loader read it). Each day file is hashed when the run reads it (and
 * pinned in the log's next batch); one it never read is hashed at the close.
 */
export function openRunLog(spec: RunLogSpec): ArrowLogWriter {
  const { config, loader, currentDate } = spec;
  const manifest: LogManifest = {
    format: LOG_FORMAT_VERSION,
    packageVersion: spec.packageVersion,
    calendarVersion: spec.calendarVersion,
    config,
    dataRoot: path.resolve(config.data),
    inputs: manifestInputs(config.interval, spec.plannedDates),
    bars: config.log.bars,
    ...(config.log.hash ? { logHash: LOG_HASH_ALGORITHM } : {}),
  };
  const inputIndex = new Map(manifest.inputs.map((f, i) => [f.date, i]));
  const dayInput = (): number | undefined => {
    const date = currentDate();
    return date === null ? undefined : inputIndex.get(date);
  };
  const refOf = (e: SimEvent): BarRef | null => {
    const date = currentDate();
    if (e.type !== 'BarArrived' || date === null) return null;
    const loaded = loader.peek(date);
    const input = inputIndex.get(date);
    if (loaded === undefined || !loaded.ok || loaded.day.fileRow === undefined || input === undefined) return null;
    const row = findRow(loaded.day.ts, loaded.day.sym, loaded.day.symbols, e.start, e.symbol);
    return row < 0 ? null : { input, row: loaded.day.fileRow[row]! };
  };
  const inputHash = (i: number, final: boolean) => {
    const input = manifest.inputs[i]!;
    return loader.hashes.get(input.date) ?? (final ? finalHash(config.data, input, i) : undefined);
  };
  const inputs = manifest.inputs.map((input) => path.join(manifest.dataRoot, input.path));
  const taker = new SnapshotTaker();
  return new ArrowLogWriter(config.log.path!, manifest, { refOf, dayInput, hash: config.log.hash, inputHash, inputs, compression: config.log.compression, thread: spec.logThread !== undefined ? spec.logThread : logThreadFor(spec.plannedDates.length), ...(spec.batchRows === undefined ? {} : { batchSize: spec.batchRows }), snapshots: { take: () => taker.record(spec.state()), every: config.log.snapshot_every } });
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
