import * as A from 'apache-arrow';
import { BoolCol, F64Col, I32Col, int64Of, LogBatch, packBits, symbolColumn, SymbolTable, utf8Data } from './log-batch.js';
import { arrowCompression, type LogCompression } from './log-codecs.js';
import { END_KEY, idRanges, INDEX_KEY, INPUTS_KEY, logSchema, SNAPSHOT_KEY, TS, TYPE, TYPE_DICT, type BatchIndex, type LogEnd, type LogManifest } from './log-format.js';
import { SealedStreamWriter } from './log-seal.js';

/** What a batch's message metadata says besides its index (see log-format): all plain data, so it crosses to the log thread. */
export interface BatchMeta {
  /** Inputs pinned by this batch (input index -> sha256 or null), or null for none. */
  readonly pins: Readonly<Record<string, string | null>> | null;
  /** Set on the log's last batch. */
  readonly end: LogEnd | null;
  /** The state after the batch's last row, as canonical text. */
  readonly snapshot: string | null;
}

/**
 * Turns a log's batches into its sealed Arrow IPC bytes, in order: the one place the bytes of a
 * log are made, whichever thread makes them (the run's own, or the log thread), so that they are
 * the same either way. `symbols` is the dictionary the rows' symbol ids point into.
 */
export class BatchEncoder {
  private readonly full: boolean;
  private readonly schema: A.Schema;
  private readonly writer: SealedStreamWriter;

  constructor(manifest: LogManifest, compression: LogCompression, readonly symbols: SymbolTable, out: (bytes: Uint8Array) => void) {
    this.full = manifest.bars === 'full';
    this.schema = logSchema(manifest);
    this.writer = new SealedStreamWriter(out, this.schema, arrowCompression(compression));
  }

  /** Writes the batch's rows (its `n`) as one sealed record batch; the last when `meta.end` is set. */
  write(b: LogBatch, meta: BatchMeta): void {
    const n = b.n;
    // The batch's own arrays go into the record batch as views: writing is synchronous, and
    // they are reused only after it.
    const bitmap = (c: { valid: Uint8Array; nonNull: number }) => (c.nonNull === n ? new Uint8Array(0) : packBits(c.valid, n));
    const [seq64, time64, start64, end64] = b.int64;
    const ts = (c: F64Col, out: BigInt64Array) => A.makeData({ type: TS, length: n, data: c.nonNull === 0 ? out.fill(0n, 0, n).subarray(0, n) : int64Of(c.values, n, out), nullBitmap: bitmap(c), nullCount: n - c.nonNull });
    const f64 = (c: F64Col) => A.makeData({ type: new A.Float64(), length: n, data: c.values.subarray(0, n), nullBitmap: bitmap(c), nullCount: n - c.nonNull });
    const i32 = (c: I32Col) => A.makeData({ type: new A.Int32(), length: n, data: c.values.subarray(0, n), nullBitmap: bitmap(c), nullCount: n - c.nonNull });
    const bool = (c: BoolCol) => A.makeData({ type: new A.Bool(), length: n, data: packBits(c.values, n), nullBitmap: bitmap(c), nullCount: n - c.nonNull });
    const children = [
      A.makeData({ type: new A.Int64(), length: n, data: int64Of(b.seq, n, seq64) }),
      A.makeData({ type: TS, length: n, data: int64Of(b.time, n, time64) }),
      A.makeData({ type: TYPE, length: n, data: b.type.subarray(0, n), dictionary: TYPE_DICT }),
      symbolColumn(b.symbol, this.symbols, n),
      ts(b.start, start64), ts(b.end, end64),
      ...(this.full ? [f64(b.open), f64(b.high), f64(b.low), f64(b.close), f64(b.volume)] : []),
      i32(b.refInput), i32(b.refRow), i32(b.minutes), i32(b.count),
      bool(b.late), bool(b.history),
      utf8Data(b.data, n),
      ...(this.full ? [] : [i32(b.run)]),
    ];
    const metadata = new Map<string, string>();
    if (meta.pins !== null) metadata.set(INPUTS_KEY, JSON.stringify(meta.pins));
    if (meta.end !== null) metadata.set(END_KEY, JSON.stringify(meta.end));
    if (n > 0) metadata.set(INDEX_KEY, JSON.stringify(batchIndex(b, n, this.symbols.names.length)));
    if (meta.snapshot !== null) metadata.set(SNAPSHOT_KEY, meta.snapshot);
    this.writer.write(A.makeData({ type: new A.Struct(this.schema.fields), length: n, nullCount: 0, children }), metadata, meta.end !== null);
  }
}

/** The index of the n rows of a batch (see BatchIndex), over a symbol dictionary of `symbols` entries. */
function batchIndex(b: LogBatch, n: number, symbols: number): BatchIndex {
  let types = 0, lo = Infinity, hi = -Infinity;
  const present = new Uint8Array(symbols);
  const { seq, type, symbol } = b;
  for (let k = 0; k < n; k++) {
    types |= 1 << type[k]!;
    const s = seq[k]!;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
    const id = symbol[k]!;
    if (id >= 0) present[id] = 1;
  }
  let events = n;
  // A run row (RUN_COLUMN) stands for `len` events: seqs and symbol ids from its own up.
  const run = b.run;
  if (run.nonNull > 0) {
    for (let k = 0; k < n; k++) {
      if (run.valid[k] !== 1) continue;
      const len = run.values[k]!;
      events += len - 1;
      if (seq[k]! + len - 1 > hi) hi = seq[k]! + len - 1;
      if (symbol[k]! >= 0) present.fill(1, symbol[k]!, symbol[k]! + len);
    }
  }
  return { rows: events, seq: [lo, hi], time: [b.time[0]!, b.time[n - 1]!], types, symbols: idRanges(present) };
}
