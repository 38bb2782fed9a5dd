import { closeSync, existsSync, fstatSync, openSync, statSync } from 'node:fs';
import * as A from 'apache-arrow';
import { SimError, showValue } from '../errors.js';
import { isEventType, rankOf, type SimEvent } from '../events/index.js';
import { numericValues } from './arrow-numbers.js';
import { booleanValues, stringValues } from './arrow-text.js';
import { BOOL_COLUMNS, END_KEY, INDEX_KEY, SNAPSHOT_KEY, parseBatchIndex, type BatchIndex, F64_COLUMNS, FIELD_COLUMNS, FORMAT_KEY, INPUTS_KEY, LOG_FORMAT_VERSION, logSchema, MANIFEST_KEY, parseInputPins, parseLogEnd, parseManifest, TS_COLUMNS, untagNonFinite, type BarRef, type InputFile, type LogEnd, type LogManifest } from './log-format.js';
import './log-codecs.js';
import { fileSource, SealedStreamReader, type ByteSource, type SealedBatch } from './log-seal.js';

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

/** A log's batch of events, decoded. */
export interface LogEvents {
  /** Index in the log of the batch's first event. */
  readonly first: number;
  readonly events: SimEvent[];
  /** Reference per event, for `bars: 'ref'` logs. */
  readonly refs: (BarRef | null)[];
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
  private last: SimEvent | null = null;
  private fd: number | null;
  private readonly frames: SealedStreamReader;
  private readonly reader: A.RecordBatchStreamReader;
  private readonly shown: string;
  private taken = 0;

  constructor(path: string) {
    const { file, shown, fd, size } = openLogFile(path);
    this.path = file;
    this.shown = shown;
    this.incomplete = file.endsWith('.partial');
    this.fd = fd;
    try {
      this.frames = new SealedStreamReader(logSource(file, shown, fd, size), file, END_KEY);
      const frames = this.frames;
      try {
        this.reader = A.RecordBatchReader.from(frames.chunks()) as A.RecordBatchStreamReader;
        this.reader.open();
      } catch (e) {
        throw this.failed(e, size);
      }
      if (frames.batches.length === 0) throw notStarted(frames, shown, file) ?? beforeFirstBatch(shown, size, file);
      this.manifest = checkSchema(this.reader.schema, file);
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
      if (first !== null) first = summary !== null ? first + summary.rows : metadata.has(END_KEY) || this.frames.batches.length === 0 ? first : null;
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
        const out: LogEvents = { first: this.count, events: [], refs: [] };
        decodeBatch(r.value, out.events, out.refs, this.pins, where, this.count);
        this.checkOrder(out.events);
        this.count += out.events.length;
        if (out.events.length > 0) return out;
      }
    } catch (e) {
      this.close();
      throw this.failed(e, null);
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
        for (let i = 0; i < b.events.length; i++) yield { event: b.events[i]!, ref: b.refs[i]! };
      }
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.fd !== null) { closeSync(this.fd); this.fd = null; }
  }

  private finish(): void {
    this.ended = true;
    this.close();
    if (this.end !== null && this.end.events !== this.count) throw new SimError('LOG_CORRUPT', `${this.shown}: the log's end record says ${this.end.events} events, it holds ${this.count}`, { file: this.path });
  }

  /** The log is in handling order: its (time, rank, seq) keys strictly increase, across batches too. */
  private checkOrder(events: readonly SimEvent[]): void {
    let prev = this.last;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (prev !== null && !(compareKeys(prev, e) < 0)) throw new SimError('LOG_CORRUPT', `${this.shown}: event ${this.count + i} (seq ${e.seq}) is out of (time, rank, seq) order`, { file: this.path, row: this.count + i });
      prev = e;
    }
    this.last = prev;
  }

  /** What a failure while reading means, said as LOG_CORRUPT / LOG_TRUNCATED with how far the log is intact. */
  private failed(e: unknown, size: number | null): unknown {
    const frames = this.frames;
    if (e instanceof SimError) {
      if (e.details.reason === 'unsealed' && frames.batches.length === 0) return notStarted(frames, this.shown, this.path) ?? e;
      if (e.code !== 'LOG_CORRUPT' || this.count === 0) return e;
      return new SimError(e.code, `${e.message} (the ${this.count} events before, to seq ${this.last!.seq}, are intact)`, e.details);
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
      // Only the first (manifest) and the last (end) batch have no rows, and no index.
      const empty = b.index === 0 || last !== null;
      if (events !== null) events = summary !== null ? events + summary.rows : empty ? events : null;
      return { index: b.index, offset: b.offset, end: b.end, summary, through: events, snapshot: b.metadata.get(SNAPSHOT_KEY) ?? null };
    });
    return { path: file, incomplete: file.endsWith('.partial'), manifest: withPins(manifest, pins), end, truncated: frames.ending?.kind !== 'eos', batches, events };
  } finally {
    closeSync(fd);
  }
}

/** Reads a whole log into memory (see LogStream, which reads it a batch at a time). */
export function readLog(path: string): LogContents {
  const stream = new LogStream(path);
  const events: SimEvent[] = [];
  const refs: (BarRef | null)[] = [];
  for (let b = stream.next(); b !== null; b = stream.next()) {
    for (const e of b.events) events.push(e);
    for (const r of b.refs) refs.push(r);
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

function compareKeys(a: SimEvent, b: SimEvent): number {
  return a.time - b.time || rankOf(a.type) - rankOf(b.type) || a.seq - b.seq;
}

/** Per type, the columns its typed fields were written to (column -> field). */
const COLUMN_FIELDS = new Map(Object.entries(FIELD_COLUMNS).map(([type, m]) => [type, Object.entries(m!).map(([field, column]) => [column, field] as const)]));

/** A batch's column as numbers (see numericValues); null when the log has no such column. */
function numbers(vec: A.Vector | null): { values: Float64Array; valid: Uint8Array | null } | null {
  return vec === null ? null : numericValues(vec);
}

/** One typed field of a batch: where its values are, and which rows have one. */
interface FieldReader {
  readonly field: string;
  readonly values: ArrayLike<unknown>;
  /** 1 where set; null: every row is set (a null in `values` then means none). */
  readonly valid: Uint8Array | null;
}

/** Keys `data` may not set: the row's own columns, and a prototype. */
const RESERVED = new Set(['type', 'time', 'seq', '__proto__']);

/**
 * A checked batch's rows as events. Its bytes are as the writer wrote them, so what is refused
 * here is a log made to look like one: an unknown type, `data` that is not a JSON object, a
 * reference to an input the log has not pinned (a bar by reference must come after its file's
 * hash, so that a log cut short still pins every file it uses).
 */
function decodeBatch(batch: A.RecordBatch, events: SimEvent[], refs: (BarRef | null)[], pins: readonly (string | null | undefined)[], where: string, first: number): void {
  const col = (name: string) => batch.getChild(name);
  const n = batch.numRows;
  const seq = numbers(col('seq'))!, time = numbers(col('time'))!;
  const type = stringValues(col('type')!), symbol = stringValues(col('symbol')!), data = stringValues(col('data')!);
  const refInput = numbers(col('ref_input')), refRow = numbers(col('ref_row'));
  const columns = new Map<string, { values: ArrayLike<unknown>; valid: Uint8Array | null }>();
  for (const c of [...TS_COLUMNS, ...F64_COLUMNS, 'minutes', 'count']) { const v = numbers(col(c)); if (v !== null) columns.set(c, v); }
  for (const c of BOOL_COLUMNS) { const v = col(c); if (v !== null) columns.set(c, { values: booleanValues(v), valid: null }); }
  // Each type's typed fields, resolved once per batch rather than per row.
  const readers = new Map<string, FieldReader[]>();
  const readersOf = (t: string): FieldReader[] => {
    let list = readers.get(t);
    if (list === undefined) {
      list = [];
      for (const [column, field] of COLUMN_FIELDS.get(t) ?? []) { const c = columns.get(column); if (c !== undefined) list.push({ field, ...c }); }
      readers.set(t, list);
    }
    return list;
  };
  const bad = (i: number, what: string): never => {
    throw new SimError('LOG_CORRUPT', `${where}: the event with seq ${seq.values[i]} ${what}`, { row: first + events.length, value: seq.values[i] });
  };
  for (let i = 0; i < n; i++) {
    const t = type[i];
    if (!isEventType(t)) return bad(i, `has an unknown type ${showValue(t)}`);
    const e: Record<string, unknown> = { type: t, time: time.values[i]!, seq: seq.values[i]! };
    const s = symbol[i];
    if (s !== null && s !== undefined) e.symbol = s;
    for (const f of readersOf(t)) {
      if (f.valid !== null && f.valid[i] === 0) continue;
      const v = f.values[i];
      if (v !== null && v !== undefined) e[f.field] = v;
    }
    const d = data[i];
    if (d !== null && d !== undefined) {
      let rest: unknown;
      try { rest = JSON.parse(d as string, untagNonFinite); } catch { rest = null; }
      if (typeof rest !== 'object' || rest === null || Array.isArray(rest)) bad(i, `has data that is not a JSON object: ${showValue(d)}`);
      for (const k of Object.keys(rest as object)) if (RESERVED.has(k)) bad(i, `sets ${showValue(k)} in its data`);
      Object.assign(e, rest as object);
    }
    const ref = refInput !== null && refRow !== null && (refInput.valid === null || refInput.valid[i] === 1);
    if (ref) {
      const input = refInput!.values[i]!;
      if (typeof pins[input] !== 'string') bad(i, `refers to input ${input}, whose sha256 the log has not pinned before it`);
      if (refRow!.valid !== null && refRow!.valid[i] === 0) bad(i, 'has a reference without a row');
    }
    refs.push(ref ? { input: refInput!.values[i]!, row: refRow!.values[i]! } : null);
    events.push(e as unknown as SimEvent);
  }
}
