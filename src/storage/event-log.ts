import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import * as A from 'apache-arrow';
import { SimError } from '../errors.js';
import { EVENT_TYPES, isEventType, rankOf, type SimEvent } from '../events/index.js';
import { canonical } from '../kernel/canonical.js';
import { LogHasher, type EventSink } from '../kernel/log.js';
import type { LazySlice } from '../kernel/lazy.js';

export const LOG_FORMAT_VERSION = '1';

export interface InputFile {
  /** Exchange-local date of the day file. */
  readonly date: string;
  /** Path relative to the dataset root. */
  readonly path: string;
  /** sha256 of the file's bytes; null when the file did not exist at the start of the run. */
  readonly sha256: string | null;
}

/** What a log needs to be replayed and checked: written ahead of the events. */
export interface LogManifest {
  readonly format: string;
  readonly packageVersion: string;
  readonly calendarVersion: string;
  readonly config: unknown;
  readonly dataRoot: string;
  readonly inputs: readonly InputFile[];
  readonly bars: 'full' | 'ref';
}

/** Where a bar event's prices live in an input file (log by reference). */
export interface BarRef {
  readonly input: number;
  readonly row: number;
}

const TYPE_DICT = A.vectorFromArray([...EVENT_TYPES], new A.Utf8());
const TYPE_INDEX = new Map(EVENT_TYPES.map((t, i) => [t, i]));
const BAR_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
const TS = new A.TimestampMillisecond('UTC');
const TYPE = new A.Dictionary(new A.Utf8(), new A.Int8(), 0);

function logSchema(manifest: LogManifest): A.Schema {
  const f64 = () => new A.Float64();
  return new A.Schema(
    [
      new A.Field('seq', new A.Int64(), false),
      new A.Field('time', TS, false),
      new A.Field('type', TYPE, false),
      new A.Field('symbol', new A.Utf8(), true),
      // Bars in full: prices as columns. By reference: (input, row) instead, prices left out.
      ...(manifest.bars === 'full'
        ? BAR_FIELDS.map((f) => new A.Field(f, f64(), true))
        : [new A.Field('ref_input', new A.Int32(), true), new A.Field('ref_row', new A.Int32(), true)]),
      new A.Field('data', new A.Utf8(), false),
    ],
    new Map([['sessionsim.log_format', LOG_FORMAT_VERSION], ['sessionsim.manifest', JSON.stringify(manifest)]]),
  );
}

/** Writes batches straight to a file descriptor (the writer's own sink is an async queue). */
class FdStreamWriter extends A.RecordBatchStreamWriter {
  constructor(private readonly fd: number) {
    super();
  }

  protected override _write(chunk: unknown): this {
    if (this._started) {
      const view = chunk as ArrayBufferView;
      const buf = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      if (buf.byteLength > 0) {
        writeSync(this.fd, buf);
        this._position += buf.byteLength;
      }
    }
    return this;
  }
}

export interface LogWriterOptions {
  readonly batchSize?: number;
  /** For `bars: 'ref'`: where a bar event's prices are; null stores the bar in full. */
  readonly refOf?: (event: SimEvent) => BarRef | null;
  /**
   * Writes element i of a lazy slice as a row through `writer.appendRow` without building its
   * object, and returns true; false leaves it to the generic path. The answer must depend on the
   * slice only: the writer asks for the first element of a run and assumes it for the rest.
   */
  readonly lazyRow?: (slice: LazySlice<SimEvent>, i: number, seq: number, writer: ArrowLogWriter) => boolean;
}

/** Growable UTF-8 column: strings kept as they come, encoded once per batch. */
function utf8Data(values: readonly (string | null)[], n: number): A.Data<A.Utf8> {
  const offsets = new Int32Array(n + 1);
  const valid = new Uint8Array(n);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) { valid[i] = 1; bytes += Buffer.byteLength(v); }
    offsets[i + 1] = bytes;
  }
  const data = new Uint8Array(bytes);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) data.set(Buffer.from(v), offsets[i]!);
  }
  const nullCount = n - countOnes(valid);
  return A.makeData({ type: new A.Utf8(), length: n, valueOffsets: offsets, data, nullCount, nullBitmap: nullCount === 0 ? new Uint8Array(0) : packBits(valid) });
}

/**
 * The on-disk event log: an Arrow IPC stream written in record batches as the run goes, to
 * `<path>.partial`, renamed to `<path>` when the run closes it. A killed run leaves a readable
 * `.partial` that the reader reports as cut short. Rows are buffered as columns.
 */
export class ArrowLogWriter implements EventSink<SimEvent> {
  readonly path: string;
  readonly full: boolean;
  private readonly partial: string;
  private readonly fd: number;
  private readonly writer: FdStreamWriter;
  private readonly schema: A.Schema;
  private readonly batchSize: number;
  private readonly refOf: ((event: SimEvent) => BarRef | null) | null;
  private readonly lazyRow: LogWriterOptions['lazyRow'] | null;
  private readonly hasher = new LogHasher();
  private closed = false;
  private count = 0;
  // The batch being filled, as columns.
  private n = 0;
  private readonly seq: Float64Array;
  private readonly time: Float64Array;
  private readonly type: Int8Array;
  private readonly symbol: (string | null)[];
  private readonly bars: Float64Array[];
  private readonly barValid: Uint8Array;
  private readonly refInput: Int32Array;
  private readonly refRow: Int32Array;
  private readonly refValid: Uint8Array;
  private readonly data: string[];

  constructor(path: string, manifest: LogManifest, options: LogWriterOptions = {}) {
    this.path = path;
    this.partial = `${path}.partial`;
    this.batchSize = options.batchSize ?? 8192;
    this.full = manifest.bars === 'full';
    this.refOf = this.full ? null : (options.refOf ?? null);
    this.lazyRow = options.lazyRow ?? null;
    this.schema = logSchema(manifest);
    const b = this.batchSize;
    this.seq = new Float64Array(b); this.time = new Float64Array(b); this.type = new Int8Array(b);
    this.symbol = new Array<string | null>(b).fill(null);
    this.bars = BAR_FIELDS.map(() => new Float64Array(b));
    this.barValid = new Uint8Array(b);
    this.refInput = new Int32Array(b); this.refRow = new Int32Array(b); this.refValid = new Uint8Array(b);
    this.data = new Array<string>(b).fill('');
    try {
      this.fd = openSync(this.partial, 'w');
    } catch (e) {
      throw new SimError('DATA_IO', `cannot write the event log ${path}: ${(e as Error).message}`, { file: path });
    }
    this.writer = new FdStreamWriter(this.fd);
    this.writer.reset(undefined, this.schema);
  }

  get length(): number {
    return this.count;
  }

  hash(): string {
    return this.hasher.digest();
  }

  append(event: SimEvent): void {
    this.hasher.update(event);
    const ref = this.refOf === null ? null : this.refOf(event);
    const rest: Record<string, unknown> = { ...event };
    delete rest.type; delete rest.time; delete rest.seq;
    let symbol: string | null = null;
    if ('symbol' in event) { symbol = event.symbol; delete rest.symbol; }
    const isBar = event.type === 'BarArrived' || event.type === 'DerivedBarCompleted';
    const prices = isBar && (ref !== null || this.full) ? BAR_FIELDS.map((f) => { const v = rest[f] as number; delete rest[f]; return v; }) : null;
    this.appendRow(event.seq, event.time, event.type, symbol, ref === null ? prices : null, ref, canonical(rest));
  }

  appendLazy(slice: LazySlice<SimEvent>, from: number, to: number, base: number): void {
    if (from < to && this.lazyRow?.(slice, from, base + from, this)) {
      for (let i = from + 1; i < to; i++) this.lazyRow(slice, i, base + i, this);
      this.hasher.updateLazy(slice, from, to, base);
      return;
    }
    for (let i = from; i < to; i++) this.append(slice.materialize(i, base + i));
  }

  /**
   * One row from its parts: prices (open, high, low, close, volume) or a reference, and `data`,
   * the canonical JSON of the other fields. Used by `append` and by `lazyRow` hooks.
   */
  appendRow(seq: number, time: number, type: SimEvent['type'], symbol: string | null, prices: readonly number[] | null, ref: BarRef | null, data: string): void {
    const k = this.n++;
    this.seq[k] = seq; this.time[k] = time; this.type[k] = TYPE_INDEX.get(type)!;
    this.symbol[k] = symbol;
    if (ref !== null && !this.full) {
      this.refValid[k] = 1; this.refInput[k] = ref.input; this.refRow[k] = ref.row; this.barValid[k] = 0;
    } else if (prices !== null && this.full) {
      this.barValid[k] = 1; this.refValid[k] = 0;
      for (let f = 0; f < 5; f++) this.bars[f]![k] = prices[f]!;
    } else {
      this.barValid[k] = 0; this.refValid[k] = 0;
    }
    this.data[k] = data;
    this.count++;
    if (this.n >= this.batchSize) this.flush();
  }

  /** Writes the buffered rows as one record batch. */
  flush(): void {
    const n = this.n;
    if (n === 0) return;
    const seq = new BigInt64Array(n), time = new BigInt64Array(n);
    for (let i = 0; i < n; i++) { seq[i] = BigInt(this.seq[i]!); time[i] = BigInt(this.time[i]!); }
    const nullable = (type: A.DataType, values: Float64Array | Int32Array, valid: Uint8Array) =>
      A.makeData({ type, length: n, data: values.slice(0, n), nullBitmap: packBits(valid.subarray(0, n)), nullCount: n - countOnes(valid.subarray(0, n)) } as never);
    const children = [
      A.makeData({ type: new A.Int64(), length: n, data: seq }),
      A.makeData({ type: TS, length: n, data: time }),
      A.makeData({ type: TYPE, length: n, data: this.type.slice(0, n), dictionary: TYPE_DICT }),
      utf8Data(this.symbol, n),
      ...(this.full
        ? this.bars.map((b) => nullable(new A.Float64(), b, this.barValid))
        : [nullable(new A.Int32(), this.refInput, this.refValid), nullable(new A.Int32(), this.refRow, this.refValid)]),
      utf8Data(this.data, n),
    ];
    const batch = new A.RecordBatch(this.schema, A.makeData({ type: new A.Struct(this.schema.fields), length: n, nullCount: 0, children }));
    this.writer.write(batch);
    this.n = 0;
    this.symbol.fill(null);
  }

  /** Flushes, writes the end-of-stream marker and renames the file to its real name. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.writer.finish();
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.partial, this.path);
  }
}

function packBits(valid: Uint8Array): Uint8Array {
  const out = new Uint8Array((valid.length + 7) >> 3);
  for (let i = 0; i < valid.length; i++) if (valid[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

function countOnes(valid: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < valid.length; i++) c += valid[i]!;
  return c;
}

export interface LogContents {
  readonly manifest: LogManifest;
  /**
   * Events in the order they were handled, which is (time, rank, seq) order: replay folds them
   * in this order. Bars stored by reference come without prices (see `refs`).
   */
  readonly events: SimEvent[];
  /** Reference per event index, for `bars: 'ref'` logs. */
  readonly refs: (BarRef | null)[];
  /** True when the log ends without its end-of-stream marker (a killed run). */
  readonly truncated: boolean;
  readonly path: string;
}

/** Reads a log (or its `.partial` when the run never closed it). */
export function readLog(path: string): LogContents {
  const file = existsSync(path) ? path : existsSync(`${path}.partial`) ? `${path}.partial` : path;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SimError('DATA_IO', `cannot read the event log ${path}: ${(e as Error).message}`, { file: path });
  }
  if (bytes.length < 8 || !(bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff)) {
    throw new SimError('LOG_CORRUPT', `${file} is not a sessionsim event log (no Arrow stream header)`, { file });
  }
  const hasEos = bytes.length >= 8 && bytes.subarray(bytes.length - 8).every((b, i) => (i < 4 ? b === 0xff : b === 0));
  let truncated = !hasEos;
  const events: SimEvent[] = [];
  const refs: (BarRef | null)[] = [];
  let schema: A.Schema | null = null;
  try {
    const reader = A.RecordBatchReader.from(bytes);
    reader.open();
    schema = reader.schema;
    for (const batch of reader) decodeBatch(batch, events, refs);
  } catch {
    truncated = true;
  }
  if (schema === null) throw new SimError('LOG_CORRUPT', `${file}: the log has no readable schema`, { file });
  const raw = schema.metadata.get('sessionsim.manifest');
  if (raw === undefined) throw new SimError('LOG_CORRUPT', `${file}: no sessionsim manifest in the log`, { file });
  // The log is in handling order: its (time, rank, seq) keys strictly increase.
  const bad = events.findIndex((e, i) => i > 0 && !(compareKeys(events[i - 1]!, e) < 0));
  if (bad >= 0) throw new SimError('LOG_CORRUPT', `${file}: event ${bad} (seq ${events[bad]!.seq}) is out of (time, rank, seq) order`, { file, row: bad });
  return { manifest: JSON.parse(raw) as LogManifest, events, refs, truncated, path: file };
}

function compareKeys(a: SimEvent, b: SimEvent): number {
  return a.time - b.time || rankOf(a.type) - rankOf(b.type) || a.seq - b.seq;
}

function decodeBatch(batch: A.RecordBatch, events: SimEvent[], refs: (BarRef | null)[]): void {
  const col = (name: string) => batch.getChild(name)!;
  const seq = col('seq'), time = col('time'), type = col('type'), symbol = col('symbol'), data = col('data');
  const bars = BAR_FIELDS.map((f) => batch.getChild(f));
  const refInput = batch.getChild('ref_input'), refRow = batch.getChild('ref_row');
  for (let i = 0; i < batch.numRows; i++) {
    const t = type.get(i);
    if (!isEventType(t)) throw new Error(`unknown event type ${String(t)}`);
    const e: Record<string, unknown> = { type: t, time: Number(time.get(i)), seq: Number(seq.get(i)) };
    const s = symbol.get(i);
    if (s !== null) e.symbol = s;
    if (bars[0] !== null && bars[0]!.isValid(i)) BAR_FIELDS.forEach((f, k) => (e[f] = bars[k]!.get(i)));
    Object.assign(e, JSON.parse(data.get(i) as string) as Record<string, unknown>);
    const ri = refInput === null ? null : refInput.get(i);
    refs.push(ri === null ? null : { input: ri as number, row: refRow!.get(i) as number });
    events.push(e as unknown as SimEvent);
  }
}
