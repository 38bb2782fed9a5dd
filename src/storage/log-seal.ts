import { readSync } from 'node:fs';
import * as A from 'apache-arrow';
import { SimError, showValue } from '../errors.js';
import { StreamHash } from '../kernel/index.js';

// The event log's seals. Each record batch message carries, in its custom metadata under
// CHECK_KEY, an XXH3-128 of every byte of the stream from the end of the previous record batch
// (or the start of the file) to its own end, computed with the check's 32 hex digits replaced by
// PLACEHOLDER: the schema, the dictionary, each batch's framing, metadata, body and padding are
// all covered, so any flipped byte is found before a batch is decoded. Readers that know nothing
// of this (pyarrow, DuckDB) see a plain Arrow IPC stream with some message metadata.

export const CHECK_KEY = 'sessionsim.check';
const CHECK_LENGTH = 32;
const PLACEHOLDER = Buffer.from('?'.repeat(CHECK_LENGTH), 'latin1');
const CONTINUATION = 0xffffffff;
export const END_OF_STREAM = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
/** Far above any message this writer makes (a batch's metadata, a manifest of thousands of days). */
const MAX_METADATA = 64 * 1024 * 1024;
const MAX_BODY = 2 ** 40;

/** The Arrow writer with its output kept, so that each message can be sealed before it is written. */
class CollectingWriter extends A.RecordBatchStreamWriter {
  private chunks: Uint8Array[] = [];

  /**
   * The body's buffers, each compressed, or left as it is (length prefix -1) where that is no
   * smaller: Arrow JS 21's own, less two things. It wrote a compressed buffer's length prefix as
   * its compressed length; the format (and pyarrow, which sizes its output by it) wants the
   * uncompressed length there (its own reader ignores the value, so it never noticed). And it
   * copied each compressed buffer once more, which `take` copies anyway.
   */
  protected override _compressBodyBuffers(buffers: ArrayBufferView[]): ReturnType<A.RecordBatchStreamWriter['_compressBodyBuffers']> {
    const codec = A.compressionRegistry.get(this._compression!.type)!;
    // Regions as Arrow's encoder reads them (offset, length): its class is not exported.
    const out: Uint8Array[] = [], regions: { offset: number; length: number }[] = [];
    let at = 0;
    for (const buffer of buffers) {
      const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      if (bytes.length === 0) {
        out.push(new Uint8Array(0), new Uint8Array(0));
        regions.push({ offset: at, length: 0 });
        continue;
      }
      const packed = codec.encode!(bytes);
      const kept = packed.length < bytes.length ? packed : bytes;
      const prefix = new Uint8Array(8);
      new DataView(prefix.buffer).setBigInt64(0, kept === bytes ? -1n : BigInt(bytes.length), true);
      out.push(prefix, kept);
      at = (at + 7) & ~7;
      regions.push({ offset: at, length: 8 + kept.length });
      at += 8 + kept.length;
    }
    return { byteLength: (at + 7) & ~7, bufferRegions: regions, buffers: out } as unknown as ReturnType<A.RecordBatchStreamWriter['_compressBodyBuffers']>;
  }

  protected override _write(chunk: unknown): this {
    if (this._started) {
      const view = chunk as ArrayBufferView;
      if (view.byteLength > 0) {
        // Kept as a view: `take` copies it before the batch's column arrays are used again.
        this.chunks.push(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
        this._position += view.byteLength;
      }
    }
    return this;
  }

  /** The bytes written since the last call, in one buffer of their own (a copy: see _write). */
  take(): Buffer {
    const out = Buffer.concat(this.chunks);
    this.chunks = [];
    return out;
  }
}

/**
 * Writes an Arrow IPC stream whose record batches are sealed. The schema is written at once (the
 * first batch's check covers it); each batch (with the dictionary before the first) goes out in
 * one call of `out`, so a killed process leaves whole messages.
 */
export class SealedStreamWriter {
  private region = new StreamHash();
  private pending: Buffer;

  private readonly arrow: CollectingWriter;

  constructor(private readonly out: (bytes: Uint8Array) => void, readonly schema: A.Schema, compression: A.CompressionType | null = null) {
    this.arrow = new CollectingWriter({ compressionType: compression });
    this.arrow.reset(undefined, schema);
    this.pending = this.arrow.take();
  }

  /**
   * Writes a record batch with this message metadata, sealed; `end` also writes the end-of-stream
   * marker, in the same call.
   */
  write(data: A.Data<A.Struct>, metadata: ReadonlyMap<string, string>, end = false): void {
    const meta = new Map(metadata);
    meta.set(CHECK_KEY, PLACEHOLDER.toString('latin1'));
    this.arrow.write(new A.RecordBatch(this.schema, data, meta));
    const message = this.arrow.take();
    // The first occurrence from the record batch's own message on is in its metadata, which comes
    // before its body (dictionary batches before it may hold any text).
    const at = message.indexOf(PLACEHOLDER, lastMessageStart(message));
    if (at < 0) throw new Error('the check placeholder is not in the batch message');
    const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, message]) : message;
    const pos = at + this.pending.length;
    this.pending = Buffer.alloc(0);
    this.region.update(bytes);
    bytes.write(this.region.digest(), pos, 'latin1');
    this.region = new StreamHash();
    this.out(end ? Buffer.concat([bytes, END_OF_STREAM]) : bytes);
  }
}

/** Where the last of the whole Arrow messages in `bytes` starts. */
function lastMessageStart(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0, last = 0;
  while (pos + 8 <= bytes.length) {
    const length = view.getInt32(pos + 4, true);
    const meta = readMessageMeta(bytes, pos + 8, pos + 8 + length);
    if (meta === null) throw new Error(`unreadable message written at byte ${pos}`);
    last = pos;
    pos += 8 + length + meta.bodyLength;
  }
  return last;
}

/** Bytes read by position: a file read piece by piece, or bytes in memory. */
export interface ByteSource {
  readonly length: number;
  /** Bytes [from, to), which the caller may keep. */
  read(from: number, to: number): Uint8Array;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return { length: bytes.length, read: (from, to) => bytes.subarray(from, to) };
}

/**
 * A file read piece by piece through its descriptor (the caller closes it). `own`: each piece in an
 * ArrayBuffer of its own (never Node's shared pool), so that it can be transferred to another thread.
 */
export function fileSource(fd: number, length: number, own = false): ByteSource {
  return {
    length,
    read(from, to) {
      const out = own ? Buffer.allocUnsafeSlow(to - from) : Buffer.allocUnsafe(to - from);
      let got = 0;
      while (got < out.length) {
        const n = readSync(fd, out, got, out.length - got, from + got);
        if (n === 0) break;
        got += n;
      }
      // A file that shrank while being read reads as zeros past its end: the seal check fails.
      if (got < out.length) out.fill(0, got);
      return out;
    },
  };
}

function isEndOfStream(b: Uint8Array): boolean {
  return b.length === 8 && END_OF_STREAM.every((x, i) => b[i] === x);
}

/** A record batch whose seal held: where it is in the file and its message metadata. */
export interface SealedBatch {
  /** 0 for the first record batch of the file. */
  readonly index: number;
  /** Byte offset of the batch's message, and of the byte after it. */
  readonly offset: number;
  readonly end: number;
  readonly metadata: ReadonlyMap<string, string>;
  /** Checked but not handed on (see `skip`). */
  readonly skipped: boolean;
}

/** How a sealed stream ended: 'eos' (its end-of-stream marker) or 'cut' (the file stops early). */
export type StreamEnd = { readonly kind: 'eos' } | { readonly kind: 'cut'; readonly at: number };

/**
 * Walks the messages of a sealed stream and checks each record batch's seal before its bytes are
 * handed on: `chunks()` yields, for each batch in turn, every byte up to its end, then the
 * end-of-stream marker, for an Arrow stream reader to decode. Bad bytes are LOG_CORRUPT naming the
 * batch and the byte offset; a file that stops inside a message or without its end is cut short,
 * unless it ends with its end-of-stream marker (then a message that runs past the end is damage).
 */
export class SealedStreamReader {
  readonly batches: SealedBatch[] = [];
  ending: StreamEnd | null = null;
  /** True once the batch that ends the stream (it has `endKey` in its metadata) is checked: only the end-of-stream marker may follow it. */
  endSeen = false;
  /** Batches, by their metadata, to check but not hand on (a reader that need not decode them). */
  skip: ((metadata: ReadonlyMap<string, string>) => boolean) | null = null;

  constructor(private readonly bytes: ByteSource, private readonly file: string, private readonly endKey: string) {}

  private corrupt(at: number, what: string, reason = 'damaged'): never {
    throw new SimError('LOG_CORRUPT', `${showValue(this.file, 200)}: damaged at byte ${at}: ${what}`, { file: this.file, offset: at, reason });
  }

  /**
   * A batch whose seal held, here or on another thread (read-ahead), into `batches`; true when
   * `skip` says it is not to be handed on.
   */
  accept(offset: number, end: number, metadata: ReadonlyMap<string, string>): boolean {
    const skipped = this.skip !== null && this.skip(metadata);
    this.batches.push({ index: this.batches.length, offset, end, metadata, skipped });
    if (metadata.has(this.endKey)) this.endSeen = true;
    return skipped;
  }

  /** The message at `pos`: its metadata's extent, header type and metadata, and its end; or the end of the stream, or the point where the file stops. */
  private frame(pos: number): { kind: 'eos' } | { kind: 'cut' } | { kind: 'message'; meta: MessageMeta; metaStart: number; end: number } {
    const src = this.bytes, n = src.length;
    if (n - pos < 8) return { kind: 'cut' };
    const head = src.read(pos, pos + 8);
    const view = new DataView(head.buffer, head.byteOffset, 8);
    if (view.getUint32(0, true) !== CONTINUATION) this.corrupt(pos, 'no Arrow message starts here');
    const length = view.getInt32(4, true);
    if (length === 0) return { kind: 'eos' };
    if (length < 0 || length % 8 !== 0 || length > MAX_METADATA) this.corrupt(pos + 4, `a message length of ${length} bytes`);
    const metaStart = pos + 8;
    if (metaStart + length > n) return { kind: 'cut' };
    const meta = readMessageMeta(src.read(metaStart, metaStart + length), 0, length);
    if (meta === null) this.corrupt(metaStart, 'unreadable message metadata');
    if (meta.bodyLength < 0 || meta.bodyLength % 8 !== 0 || meta.bodyLength > MAX_BODY) this.corrupt(metaStart, `a message body of ${meta.bodyLength} bytes`);
    const end = metaStart + length + meta.bodyLength;
    if (end > n) return { kind: 'cut' };
    return { kind: 'message', meta, metaStart, end };
  }

  /** True when the bytes end with the end-of-stream marker, as a closed log's always do (a log cut short never does). */
  endsWithEndOfStream(): boolean {
    const n = this.bytes.length;
    return n >= 8 && isEndOfStream(this.bytes.read(n - 8, n));
  }

  /** The stream's schema message metadata, unchecked (for saying which format a foreign log is). */
  schemaMetadata(): ReadonlyMap<string, string> | null {
    const f = this.frame(0);
    return f.kind === 'message' && f.meta.headerType === HEADER_SCHEMA ? f.meta.schemaMetadata : null;
  }

  /**
   * From `start` on: 0, or where a batch ends whose predecessors are in `batches` (a read that
   * another thread did up to there, see read-ahead).
   */
  *chunks(start = 0): Generator<Uint8Array> {
    const src = this.bytes, n = src.length;
    let pos = start, regionStart = start;
    for (;;) {
      const f = this.frame(pos);
      if (this.endSeen) {
        // The writer writes the end batch and the end-of-stream marker together, as the file's last bytes.
        const rest = n - pos <= 8 ? src.read(pos, n) : null;
        if (rest !== null && rest.every((x, i) => x === END_OF_STREAM[i])) {
          this.ending = rest.length === 8 ? { kind: 'eos' } : { kind: 'cut', at: pos };
          yield END_OF_STREAM;
          return;
        }
        this.corrupt(pos, 'bytes after the end of the log');
      }
      if (f.kind === 'eos') this.corrupt(pos, 'the end-of-stream marker comes before the end of the log');
      if (f.kind === 'cut') {
        // A run killed mid-write leaves whole messages, then nothing: never the end-of-stream marker.
        if (this.endsWithEndOfStream()) this.corrupt(pos, 'a message runs past the end of the file');
        this.ending = { kind: 'cut', at: pos };
        if (this.batches.length > 0) yield END_OF_STREAM;
        return;
      }
      const { meta, metaStart, end } = f;
      if (pos === 0 ? meta.headerType !== HEADER_SCHEMA : meta.headerType === HEADER_SCHEMA) this.corrupt(pos, pos === 0 ? 'the stream does not start with a schema' : 'a second schema');
      if (meta.headerType !== HEADER_SCHEMA && meta.headerType !== HEADER_DICTIONARY && meta.headerType !== HEADER_RECORD_BATCH) this.corrupt(pos, `a message of type ${meta.headerType}`);
      if (meta.headerType === HEADER_RECORD_BATCH) {
        const index = this.batches.length;
        const where = `batch ${index} (bytes ${regionStart}..${end})`;
        const check = meta.metadata.get(CHECK_KEY);
        // (A stream of another format or writer has none: the caller says which, when it can.)
        if (check === undefined) this.corrupt(pos, `${where} has no check`, 'unsealed');
        if (!/^[0-9a-f]{32}$/.test(check.value)) this.corrupt(metaStart + check.at, `${where}: its check is not an XXH3-128`);
        // The region (the batch, and before the first one the schema and dictionary) is read once:
        // checked, then handed on; memory holds one batch at a time.
        const region = src.read(regionStart, end);
        const checkAt = metaStart + check.at - regionStart;
        const h = new StreamHash();
        h.update(region.subarray(0, checkAt));
        h.update(PLACEHOLDER);
        h.update(region.subarray(checkAt + CHECK_LENGTH));
        if (h.digest() !== check.value) this.corrupt(regionStart, `${where} does not match its check`);
        const skipped = this.accept(pos, end, new Map([...meta.metadata].map(([k, v]) => [k, v.value])));
        // A skipped batch's messages never reach the decoder: the stream it sees goes on at the next.
        if (!skipped) yield region;
        regionStart = end;
      }
      pos = end;
    }
  }
}

const HEADER_SCHEMA = 1;
const HEADER_DICTIONARY = 2;
const HEADER_RECORD_BATCH = 3;

interface MessageMeta {
  readonly headerType: number;
  readonly bodyLength: number;
  /** The message's custom metadata; `at` is where a value's bytes start, from the metadata's start. */
  readonly metadata: ReadonlyMap<string, { value: string; at: number }>;
  /** For a schema message, the schema's own custom metadata. */
  readonly schemaMetadata: ReadonlyMap<string, string>;
}

/**
 * The few fields of an Arrow `Message` flatbuffer that framing needs, read from unchecked bytes
 * with every offset and length bounded by [start, end): a damaged length can never make the
 * reader loop or read outside the message (the Arrow library's own decoder trusts its input).
 */
function readMessageMeta(b: Uint8Array, start: number, end: number): MessageMeta | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ok = (p: number, size: number) => p >= start && p + size <= end;
  const u32 = (p: number) => (ok(p, 4) ? view.getUint32(p, true) : -1);
  /** Position of field `i` of the table at `t`, or -1 when absent. */
  const field = (t: number, i: number): number => {
    const soff = ok(t, 4) ? view.getInt32(t, true) : NaN;
    const vt = t - soff;
    if (!Number.isFinite(vt) || !ok(vt, 4)) return -2;
    const vsize = view.getUint16(vt, true);
    if (vsize < 4 || !ok(vt, vsize)) return -2;
    if (4 + 2 * i + 2 > vsize) return -1;
    const off = view.getUint16(vt + 4 + 2 * i, true);
    return off === 0 ? -1 : t + off;
  };
  const deref = (p: number): number => { const o = u32(p); return o < 0 ? -2 : p + o; };
  const text = (p: number): { value: string; at: number } | null => {
    const s = deref(p), len = u32(s);
    if (len < 0 || !ok(s + 4, len)) return null;
    return { value: Buffer.from(b.buffer, b.byteOffset + s + 4, len).toString('utf8'), at: s + 4 - start };
  };
  const keyValues = (t: number, i: number): Map<string, { value: string; at: number }> | null => {
    const out = new Map<string, { value: string; at: number }>();
    const f = field(t, i);
    if (f === -2) return null;
    if (f === -1) return out;
    const vec = deref(f), count = u32(vec);
    if (count < 0 || !ok(vec + 4, count * 4)) return null;
    for (let k = 0; k < count; k++) {
      const kv = deref(vec + 4 + 4 * k);
      const kf = field(kv, 0), vf = field(kv, 1);
      if (kf < 0 || vf < 0) return null;
      const key = text(kf), value = text(vf);
      if (key === null || value === null) return null;
      out.set(key.value, value);
    }
    return out;
  };
  const root = deref(start);
  if (root < 0) return null;
  // Flatbuffers leave out fields that hold their default (a type of 0, a body of 0 bytes).
  const typeAt = field(root, 1), headerAt = field(root, 2), lengthAt = field(root, 3);
  if (typeAt === -2 || lengthAt === -2 || headerAt === -2 || (typeAt >= 0 && !ok(typeAt, 1)) || (lengthAt >= 0 && !ok(lengthAt, 8))) return null;
  const headerType = typeAt < 0 ? 0 : b[typeAt]!;
  let bodyLength = 0;
  if (lengthAt >= 0) {
    const lo = view.getUint32(lengthAt, true), hi = view.getInt32(lengthAt + 4, true);
    bodyLength = hi < 0 || hi >= 2 ** 21 ? -1 : hi * 2 ** 32 + lo;
  }
  const metadata = keyValues(root, 4);
  if (metadata === null) return null;
  let schemaMetadata = new Map<string, string>();
  if (headerType === HEADER_SCHEMA && headerAt >= 0) {
    const m = keyValues(deref(headerAt), 2);
    if (m !== null) schemaMetadata = new Map([...m].map(([k, v]) => [k, v.value]));
  }
  return { headerType, bodyLength, metadata, schemaMetadata };
}
