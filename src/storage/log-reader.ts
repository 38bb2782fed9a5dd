import { closeSync, existsSync, fstatSync, openSync, statSync } from 'node:fs';
import * as A from 'apache-arrow';
import { SimError, showValue } from '../errors.js';
import type { SimEvent } from '../events/index.js';
import { END_KEY, INDEX_KEY, SNAPSHOT_KEY, parseBatchIndex, type BatchIndex, FORMAT_KEY, INPUTS_KEY, LOG_FORMAT_VERSION, logSchema, MANIFEST_KEY, parseInputPins, parseLogEnd, parseManifest, type BarRef, type InputFile, type LogEnd, type LogManifest } from './log-format.js';
import { decodeBatch, isRun, RunCache, type LogEvents, type OrderKey } from './log-decode.js';
import { fileSource, SealedStreamReader, type ByteSource, type SealedBatch } from './log-seal.js';
// Also registers the log's codecs with Arrow's reader.
import { supplyDecompressed } from './log-codecs.js';
import { readAheadFor, type ReadAhead, type ReadAheadThread } from './read-ahead.js';

/** The empty chunk `source` yields after each region (see there). */
const NOTHING = new Uint8Array(0);

/** The stream's first 8 bytes: an Arrow IPC stream starts with a message (continuation marker). */
function kindOfFile(bytes: Uint8Array, length: number): string | null {
  if (length === 0) return 'it is empty';
  if (Buffer.from(bytes.subarray(0, 6)).toString('latin1') === 'ARROW1') return 'it is an Arrow IPC file (a day file?), not an Arrow stream';
  if (!bytes.subarray(0, 4).every((b) => b === 0xff)) return 'it is not an Arrow stream';
  return null;
}

/**
 * Takes in a checked batch's metadata: the input hashes it pins go into `pins`; returns its end
 * record, null when it has none.
 */
function takeMetadata(info: SealedBatch, pins: (string | null | undefined)[], shown: string): LogEnd | null {
  const where = `${shown}: batch ${info.index} (bytes ${info.offset}..${info.end})`;
  const pinned = info.metadata.get(INPUTS_KEY);
  if (pinned !== undefined) for (const [i, sha] of parseInputPins(pinned, pins.length, where)) pins[i] = sha;
  const last = info.metadata.get(END_KEY);
  return last === undefined ? null : parseLogEnd(last, where);
}

/** The manifest with each input's pinned sha256 (undefined ones left as they are). */
function withPins(manifest: LogManifest, pins: readonly (string | null | undefined)[]): LogManifest {
  const inputs = manifest.inputs.map((input, i): InputFile => (pins[i] === undefined ? input : { ...input, sha256: pins[i] }));
  return { ...manifest, inputs };
}

/** Opens a log (or its `.partial` when the run never closed it) for reading by position: DATA_IO when it cannot be read. */
function openLogFile(path: string): { file: string; shown: string; fd: number; size: number } {
  const file = existsSync(path) ? path : existsSync(`${path}.partial`) ? `${path}.partial` : path;
  const shown = showValue(file, 200);
  try {
    if (statSync(file).isDirectory()) throw new SimError('DATA_IO', `cannot read the event log ${shown}: it is a folder`, { file });
    const fd = openSync(file, 'r');
    return { file, shown, fd, size: fstatSync(fd).size };
  } catch (e) {
    if (e instanceof SimError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new SimError('DATA_IO', `cannot read the event log ${shown}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, { file: path });
  }
}

/** The file's bytes, once its first bytes say it can be an Arrow stream (LOG_CORRUPT saying what it is otherwise). */
function logSource(file: string, shown: string, fd: number, size: number): ByteSource {
  const source = fileSource(fd, size);
  const notLog = kindOfFile(source.read(0, Math.min(size, 8)), size);
  if (notLog !== null) throw new SimError('LOG_CORRUPT', `${shown} is not a sessionsim event log: ${notLog}`, { file });
  return source;
}

/**
 * A log read batch by batch (or its `.partial` when the run never closed it): memory holds one
 * batch, whatever the log's length. Every batch's seal is checked before its events are
 * decoded: bad bytes anywhere are LOG_CORRUPT naming the batch and byte offset; a file that stops
 * early reads up to its last whole batch and says so (`truncated`, known once read to the end).
 * A manifest that is not the format's, pins that name no input, a reference to an input not
 * pinned before it, events out of order or an end record that does not match are LOG_CORRUPT.
 */
export class LogStream {
  readonly path: string;
  /** True when the log is a `.partial`: its run was killed or failed, and never closed it. */
  readonly incomplete: boolean;
  /** The manifest as the schema holds it (each input's pinned sha256: `pins`). */
  readonly manifest: LogManifest;
  /** Per manifest input, the sha256 pinned so far (null: no such file; undefined: not yet). */
  readonly pins: (string | null | undefined)[];
  /** The log's end record, once read; null when the log was cut short. */
  end: LogEnd | null = null;
  /** Events decoded so far. */
  count = 0;
  private ended = false;
  private last: OrderKey | null = null;
  /** What the batches' runs share: a log with bars in full, or by reference read as unpriced runs (`refRuns`); else null. */
  private runs: RunCache | null = null;
  private readonly byRef: boolean;
  /** The seq of the last event decoded (for saying how far a damaged log is intact). */
  private lastSeq = -1;
  private fd: number | null;
  private readonly frames: SealedStreamReader;
  private readonly reader: A.RecordBatchStreamReader;
  private readonly shown: string;
  private taken = 0;
  /** The read-ahead thread this log may use (null: read here), and its stream once opened. */
  private readonly thread: ReadAheadThread | null;
  private ahead: ReadAhead | null = null;
  private aheadOpened = false;
  private readonly size: number;

  /**
   * `readAhead` false: never on the read-ahead thread (see read-ahead; default: where readAheadFor
   * says). `refRuns`: a log by reference's bars and derived bars come as runs whose prices the
   * reader fills in (LogRun.unpriced; RefResolver.resolveRun), not as event objects.
   */
  constructor(path: string, options: { readonly readAhead?: boolean; readonly refRuns?: boolean } = {}) {
    const { file, shown, fd, size } = openLogFile(path);
    this.path = file;
    this.shown = shown;
    this.incomplete = file.endsWith('.partial');
    this.fd = fd;
    this.size = size;
    this.thread = options.readAhead === false ? null : readAheadFor(size);
    try {
      this.frames = new SealedStreamReader(logSource(file, shown, fd, size), file, END_KEY);
      const frames = this.frames;
      try {
        this.reader = A.RecordBatchReader.from(this.source()) as A.RecordBatchStreamReader;
        this.reader.open();
      } catch (e) {
        throw this.failed(e, size);
      }
      if (frames.batches.length === 0) throw notStarted(frames, shown, file) ?? beforeFirstBatch(shown, size, file);
      this.manifest = checkSchema(this.reader.schema, file);
      this.byRef = this.manifest.bars === 'ref' && options.refRuns === true;
      this.runs = this.manifest.bars === 'full' || this.byRef ? new RunCache() : null;
      this.pins = this.manifest.inputs.map(() => undefined);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** True when the file stops before the log's end (a killed run); known once read to the end. */
  get truncated(): boolean {
    return this.frames.ending?.kind !== 'eos';
  }

  /** True when the file ends with the end-of-stream marker (a log cut short never does); while the stream is open. */
  endsWithEndOfStream(): boolean {
    return this.frames.endsWithEndOfStream();
  }

  /** True once every batch was read. */
  get done(): boolean {
    return this.ended;
  }

  /** The manifest with each input's pinned sha256 (as far as read). */
  get pinnedManifest(): LogManifest {
    return withPins(this.manifest, this.pins);
  }

  /**
   * Batches to check but not decode, by their index (see BatchIndex) and the number of events
   * before them: their events are left out of what `next` returns. A batch without an index is
   * always decoded. Set before the first `next`.
   */
  skip(test: ((summary: BatchIndex, first: number) => boolean) | null): void {
    // Events before each batch, from the indexes of the batches before (null once one has none).
    let first: number | null = 0;
    this.frames.skip = test === null ? null : (metadata) => {
      const summary = parseBatchIndex(metadata.get(INDEX_KEY));
      const at = first;
      first = eventsThrough(first, summary, metadata, this.frames.batches.length === 0);
      return summary !== null && at !== null && test(summary, at);
    };
  }

  /** The next batch's events, or null at the end of the log (then the stream is closed). */
  next(): LogEvents | null {
    if (this.ended) return null;
    try {
      for (;;) {
        const r = this.reader.next();
        // The batch decoded, after the batches skipped before it (their pins and rows count).
        if (r.done === true) {
          while (this.settle() !== null) { /* the batches after the last decoded one */ }
          this.finish();
          return null;
        }
        let info = this.settle();
        while (info === null || info.skipped) info = this.settle();
        const where = `${this.shown}: batch ${info.index} (bytes ${info.offset}..${info.end})`;
        const { out, last } = decodeBatch(r.value, { file: this.path, shown: this.shown, where, first: this.count, pins: this.pins, runs: this.runs, last: this.last, byRef: this.byRef });
        this.last = last;
        if (last !== null) this.lastSeq = last.seq;
        this.count += out.length;
        if (out.length > 0) return out;
      }
    } catch (e) {
      this.close();
      throw this.failed(e, null);
    }
  }

  /**
   * The checked bytes for the Arrow reader, batch by batch: read here, or, once the read-ahead
   * thread listens, by it (the seals checked and the buffers decompressed there). Where the thread
   * stops (the end, damage, a cut) this reads on itself, and finds and says what there is to say.
   */
  private *source(): Generator<Uint8Array> {
    for (const bytes of this.checked()) {
      yield bytes;
      // Arrow's byte adapter, asked for exactly the bytes it holds (a batch's body, the last bytes
      // of its region), first pulls the next chunk: the next region's check ran before the batch
      // came out, so the events of the batch before damage were never given. An empty chunk
      // answers that pull.
      yield NOTHING;
    }
  }

  private *checked(): Generator<Uint8Array> {
    let local = this.frames.chunks();
    for (;;) {
      const frames = this.frames, last = frames.batches[frames.batches.length - 1];
      if (this.ahead === null && !this.aheadOpened && this.thread !== null && last !== undefined && !frames.endSeen && this.fd !== null) {
        this.ahead = this.thread.open(this.path, this.fd, this.size, last.end);
        this.aheadOpened = this.ahead !== null;
      }
      if (this.ahead !== null) {
        const b = this.ahead.take();
        if (b !== null) {
          supplyDecompressed(b.bytes, b);
          if (!frames.accept(b.offset, b.end, new Map(b.metadata))) yield b.bytes;
          continue;
        }
        this.ahead = null;
        local = frames.chunks(frames.batches[frames.batches.length - 1]!.end);
      }
      const r = local.next();
      if (r.done === true) return;
      yield r.value;
    }
  }

  /**
   * Takes in the metadata of the next checked batch not taken yet (pins, end record, and a
   * skipped batch's rows); returns it, or null when none is waiting.
   */
  private settle(): SealedBatch | null {
    const info = this.frames.batches[this.taken];
    if (info === undefined) return null;
    this.taken++;
    this.end = takeMetadata(info, this.pins, this.shown) ?? this.end;
    if (info.skipped) this.count += parseBatchIndex(info.metadata.get(INDEX_KEY))!.rows;
    return info;
  }

  /** Every remaining event with its reference, batch by batch. */
  *events(): Generator<{ readonly event: SimEvent; readonly ref: BarRef | null }> {
    try {
      for (let b = this.next(); b !== null; b = this.next()) {
        for (let k = 0; k < b.items.length; k++) {
          const item = b.items[k]!;
          if (!isRun(item)) { yield { event: item, ref: b.refs[k]! }; continue; }
          for (let i = 0; i < item.slice.length; i++) yield { event: item.slice.materialize(i, item.base + i), ref: null };
        }
      }
    } finally {
      this.close();
    }
  }

  close(): void {
    this.ahead?.close();
    this.ahead = null;
    if (this.fd !== null) { closeSync(this.fd); this.fd = null; }
  }

  private finish(): void {
    this.ended = true;
    this.close();
    if (this.end !== null && this.end.events !== this.count) throw new SimError('LOG_CORRUPT', `${this.shown}: the log's end record says ${this.end.events} events, it holds ${this.count}`, { file: this.path });
  }

  /** What a failure while reading means, said as LOG_CORRUPT / LOG_TRUNCATED with how far the log is intact. */
  private failed(e: unknown, size: number | null): unknown {
    const frames = this.frames;
    if (e instanceof SimError) {
      if (e.details.reason === 'unsealed' && frames.batches.length === 0) return notStarted(frames, this.shown, this.path) ?? e;
      if (e.code !== 'LOG_CORRUPT' || this.count === 0) return e;
      return new SimError(e.code, `${e.message} (the ${this.count} events before, to seq ${this.lastSeq}, are intact)`, e.details);
    }
    if (frames.batches.length === 0 && frames.ending?.kind === 'cut') return beforeFirstBatch(this.shown, size ?? 0, this.path);
    // Checked bytes that the Arrow library cannot decode: not a log this version wrote.
    return new SimError('LOG_CORRUPT', `${this.shown}: undecodable Arrow data after batch ${Math.max(0, this.taken - 1)}: ${(e as Error).message}`, { file: this.path });
  }
}

export interface LogContents {
  /** The manifest, each input with the sha256 the log pinned for it (undefined: never pinned). */
  readonly manifest: LogManifest;
  /**
   * Events in the order they were handled, which is (time, rank, seq) order: replay folds them
   * in this order. Bars stored by reference come without prices (see `refs`).
   */
  readonly events: SimEvent[];
  /** Reference per event index, for `bars: 'ref'` logs. */
  readonly refs: (BarRef | null)[];
  /** True when the file stops before the log's end (a killed run): every batch before is whole and checked. */
  readonly truncated: boolean;
  /** True when the log is a `.partial`: its run was killed or failed, and never closed it. */
  readonly incomplete: boolean;
  /** The log's end record (event count, log hash); null when the log was cut short. */
  readonly end: LogEnd | null;
  readonly path: string;
}

/** A batch as a scan sees it: where it is, and its index (null: a batch without one). */
export interface ScannedBatch {
  readonly index: number;
  readonly offset: number;
  readonly end: number;
  readonly summary: BatchIndex | null;
  /** Events in the log up to the end of this batch (null: not known, a batch before has no index). */
  readonly through: number | null;
  /** The state after the batch's last event, as the log keeps it (SNAPSHOT_KEY), unparsed; null: none. */
  readonly snapshot: string | null;
}

/** What a log holds, known without decoding it (see scanLog). */
export interface LogScan {
  readonly path: string;
  readonly incomplete: boolean;
  /** The manifest, each input with the sha256 the log pinned for it. */
  readonly manifest: LogManifest;
  readonly end: LogEnd | null;
  readonly truncated: boolean;
  readonly batches: readonly ScannedBatch[];
  /** Events in the log, from the batches' indexes (null: a batch has none; count by reading it). */
  readonly events: number | null;
}

/**
 * Checks every batch's seal and reads its metadata, without decoding any event: one pass at the
 * speed of reading the file, memory for one batch. LOG_CORRUPT for bad bytes anywhere, as a
 * full read would say; the schema's columns are checked when the events are read.
 */
export function scanLog(path: string): LogScan {
  const { file, shown, fd, size } = openLogFile(path);
  try {
    const source = logSource(file, shown, fd, size);
    const frames = new SealedStreamReader(source, file, END_KEY);
    try {
      for (const _ of frames.chunks()) { /* each batch checked, its bytes dropped */ }
    } catch (e) {
      if (e instanceof SimError && e.details.reason === 'unsealed' && frames.batches.length === 0) throw notStarted(frames, shown, file) ?? e;
      // Say how far the log is intact: the batches checked before hold this many events.
      const before = frames.batches.reduce((n, b) => n + (parseBatchIndex(b.metadata.get(INDEX_KEY))?.rows ?? 0), 0);
      if (e instanceof SimError && e.code === 'LOG_CORRUPT' && before > 0) throw new SimError(e.code, `${e.message} (the ${before} events before it are intact)`, e.details);
      throw e;
    }
    if (frames.batches.length === 0) throw notStarted(frames, shown, file) ?? beforeFirstBatch(shown, size, file);
    const meta = frames.schemaMetadata();
    const raw = meta?.get(MANIFEST_KEY);
    if (raw === undefined) throw new SimError('LOG_CORRUPT', `${shown} is not a sessionsim event log: an Arrow stream without a sessionsim manifest`, { file });
    const format = meta!.get(FORMAT_KEY);
    if (format !== LOG_FORMAT_VERSION) throw oldFormat(format ?? 'none', shown, file);
    const manifest = parseManifest(raw, file);
    const pins: (string | null | undefined)[] = manifest.inputs.map(() => undefined);
    let end: LogEnd | null = null;
    let events: number | null = 0;
    const batches = frames.batches.map((b): ScannedBatch => {
      const last = takeMetadata(b, pins, shown);
      if (last !== null) end = last;
      const summary = parseBatchIndex(b.metadata.get(INDEX_KEY));
      events = eventsThrough(events, summary, b.metadata, b.index === 0);
      return { index: b.index, offset: b.offset, end: b.end, summary, through: events, snapshot: b.metadata.get(SNAPSHOT_KEY) ?? null };
    });
    return { path: file, incomplete: file.endsWith('.partial'), manifest: withPins(manifest, pins), end, truncated: frames.ending?.kind !== 'eos', batches, events };
  } finally {
    closeSync(fd);
  }
}

/**
 * Events in a log up to the end of a batch, from those before it (null: not known) and the batch's
 * index: only the first batch (the manifest's) and the end batch have no rows and no index; any
 * other batch without one leaves the count unknown.
 */
function eventsThrough(before: number | null, summary: BatchIndex | null, metadata: ReadonlyMap<string, string>, first: boolean): number | null {
  if (before === null) return null;
  if (summary !== null) return before + summary.rows;
  return first || metadata.has(END_KEY) ? before : null;
}

/** A log as its head and its file's end tell it, without reading the rest (see openLogHead). */
export interface LogHead {
  readonly path: string;
  /** The manifest as the schema holds it (the inputs' hashes are pinned in later batches). */
  readonly manifest: LogManifest;
  readonly incomplete: boolean;
  /** True when the file does not end with the end-of-stream marker, which a closed log always does. */
  readonly truncated: boolean;
}

/**
 * Opens a log by its head: the schema, the manifest and the first batch, with its seal checked
 * (errors as LogStream's: not a log, another format, a bad manifest, nothing written), and the
 * file's last 8 bytes. The rest is checked as it is read.
 */
export function openLogHead(path: string): LogHead {
  const stream = new LogStream(path, { readAhead: false });
  try {
    return { path: stream.path, manifest: stream.manifest, incomplete: stream.incomplete, truncated: !stream.endsWithEndOfStream() };
  } finally {
    stream.close();
  }
}

/** Reads a whole log into memory (see LogStream, which reads it a batch at a time). */
export function readLog(path: string): LogContents {
  const stream = new LogStream(path);
  const events: SimEvent[] = [];
  const refs: (BarRef | null)[] = [];
  for (const { event, ref } of stream.events()) {
    events.push(event);
    refs.push(ref);
  }
  return { manifest: stream.pinnedManifest, events, refs, truncated: stream.truncated, incomplete: stream.incomplete, end: stream.end, path: stream.path };
}

/** Why a stream has no checked batch, when its (unchecked) schema says: another writer, or an older format. */
function notStarted(frames: SealedStreamReader, shown: string, file: string): SimError | null {
  const meta = frames.schemaMetadata();
  if (meta !== null && meta.get(MANIFEST_KEY) === undefined) return new SimError('LOG_CORRUPT', `${shown} is not a sessionsim event log: an Arrow stream without a sessionsim manifest`, { file });
  const format = meta?.get(FORMAT_KEY);
  if (format !== undefined && format !== LOG_FORMAT_VERSION) return oldFormat(format, shown, file);
  return null;
}

function beforeFirstBatch(shown: string, size: number, file: string): SimError {
  return new SimError('LOG_TRUNCATED', `${shown} stops at byte ${size}, before its first batch: there is nothing in it to replay`, { file });
}

function oldFormat(format: string, shown: string, file: string): SimError {
  return new SimError('LOG_CORRUPT', `${shown}: log format ${showValue(format)} is not the format this version reads (${LOG_FORMAT_VERSION}); replay it with the sessionsim version that wrote it`, { file, value: format });
}

/** The schema of a checked stream: this format's, with a manifest of the right shape and the columns it implies. */
function checkSchema(schema: A.Schema, file: string): LogManifest {
  const shown = showValue(file, 200);
  const format = schema.metadata.get(FORMAT_KEY);
  const raw = schema.metadata.get(MANIFEST_KEY);
  if (raw === undefined) throw new SimError('LOG_CORRUPT', `${shown} is not a sessionsim event log: an Arrow stream without a sessionsim manifest`, { file });
  if (format !== LOG_FORMAT_VERSION) throw oldFormat(format ?? 'none', shown, file);
  const manifest = parseManifest(raw, file);
  const want = logSchema(manifest).fields;
  const have = schema.fields;
  const differs = want.findIndex((f, i) => have[i]?.name !== f.name || String(have[i]?.type) !== String(f.type));
  if (differs >= 0 || have.length !== want.length) {
    const i = differs >= 0 ? differs : Math.min(have.length, want.length);
    throw new SimError('LOG_CORRUPT', `${shown}: column ${i} is ${have[i] === undefined ? 'missing' : `${showValue(have[i]!.name)} ${String(have[i]!.type)}`}, a ${manifest.bars} log has ${want[i] === undefined ? 'no more columns' : `${showValue(want[i]!.name)} ${String(want[i]!.type)}`}`, { file, column: i });
  }
  return manifest;
}
