import { closeSync, fstatSync, openSync } from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as A from 'apache-arrow';
import { decoderOf } from './log-codecs.js';
import { END_KEY } from './log-format.js';
import { sayListening, sayWhenExiting } from '../kernel/thread-control.js';
import { AHEAD, CTL_CANCEL, CTL_HUNGRY, CTL_POSTED, CTL_TAKEN, type FromReadAhead, type OpenRead } from './read-ahead-protocol.js';
import { fileSource, SealedStreamReader } from './log-seal.js';

/**
 * The read-ahead thread: reads a log's batches ahead of its reader, checks their seals and
 * decompresses their buffers, and hands them over in order. It decides nothing: at anything but a
 * good batch (the end, a cut, damage, a replaced file) it stops, and the reader reads on from
 * there itself, with its own errors.
 */
const { port, control, exitAfter } = workerData as { port: MessagePort; control: SharedArrayBuffer; exitAfter: number };
let handed = 0;
parentPort?.unref();
const ctl = new Int32Array(control);

sayWhenExiting(ctl, [CTL_POSTED]);

function post(m: FromReadAhead, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
  Atomics.add(ctl, CTL_POSTED, 1);
  Atomics.notify(ctl, CTL_POSTED);
}

/** Ids only grow: a reader that lets its stream go has let every earlier one go too. */
const cancelled = (id: number) => id <= Atomics.load(ctl, CTL_CANCEL);

/** Waits until the reader has room for another batch; false when it let the stream go. */
function room(id: number, posted: number): boolean {
  for (;;) {
    if (cancelled(id)) return false;
    const taken = Atomics.load(ctl, CTL_TAKEN);
    if (posted - taken < AHEAD) return true;
    Atomics.wait(ctl, CTL_TAKEN, taken, 100);
  }
}

/** The bytes in an ArrayBuffer of their own (transferable as they are). */
function own(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && !(b.buffer instanceof SharedArrayBuffer) ? b : new Uint8Array(b);
}

/** The part of Arrow's record batch header read here (its class is not exported). */
interface BatchHeader {
  readonly buffers: readonly { readonly offset: number; readonly length: number }[];
  readonly compression: { readonly type: A.CompressionType } | null;
}

/**
 * Every compressed buffer of the messages in `bytes` (a batch, and before it any dictionary),
 * decompressed, with its place from the start of `bytes`: as Arrow's reader will ask for them (log-codecs' takeSupplied).
 */
function decompress(bytes: Uint8Array): { offsets: number[]; lengths: number[]; outputs: Uint8Array[] } {
  const offsets: number[] = [], lengths: number[] = [], outputs: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = 0; pos + 8 <= bytes.length;) {
    const length = view.getInt32(pos + 4, true);
    const message = A.Message.decode(bytes.subarray(pos + 8, pos + 8 + length));
    const body = pos + 8 + length;
    pos = body + Number(message.bodyLength);
    const header = message.isRecordBatch() ? message.header() as BatchHeader : message.isDictionaryBatch() ? (message.header() as { data: BatchHeader }).data : null;
    const compression = header?.compression ?? null;
    if (header === null || compression === null) continue;
    const decode = decoderOf(compression.type);
    if (decode === null) continue;
    for (const { offset, length: n } of header.buffers) {
      if (n <= 8) continue;
      const at = body + offset;
      // The length prefix: -1 for a buffer left uncompressed.
      if (view.getInt32(at, true) === -1 && view.getInt32(at + 4, true) === -1) continue;
      const input = bytes.subarray(at + 8, at + n);
      offsets.push(at + 8);
      lengths.push(n - 8);
      outputs.push(own(decode(input)));
    }
  }
  return { offsets, lengths, outputs };
}

const NOT_DECOMPRESSED: { offsets: number[]; lengths: number[]; outputs: Uint8Array[] } = { offsets: [], lengths: [], outputs: [] };

function serve(m: OpenRead): void {
  let fd = -1, at = m.from;
  try {
    fd = openSync(m.path, 'r');
    const st = fstatSync(fd, { bigint: true });
    if (String(st.dev) !== m.dev || String(st.ino) !== m.ino) return;
    const frames = new SealedStreamReader(fileSource(fd, m.size, true), m.path, END_KEY);
    let posted = 0;
    for (const bytes of frames.chunks(m.from)) {
      const b = frames.batches[frames.batches.length - 1];
      // The end-of-stream marker, or the end batch: what follows is the reader's to judge.
      if (b === undefined || b.end !== at + bytes.length || !room(m.id, posted)) return;
      // A reader waiting with nothing to take decompresses this batch itself (both threads then
      // work); otherwise it is decompressed here, beside the reader's decoding.
      const { offsets, lengths, outputs } = Atomics.load(ctl, CTL_HUNGRY) === 1 ? NOT_DECOMPRESSED : decompress(bytes);
      const region = own(bytes);
      post({ kind: 'batch', id: m.id, offset: b.offset, end: b.end, metadata: [...b.metadata], bytes: region, offsets, lengths, outputs }, [region.buffer as ArrayBuffer, ...outputs.map((o) => o.buffer as ArrayBuffer)]);
      posted++;
      at = b.end;
      if (++handed === exitAfter) process.exit(1);
      if (b.metadata.has(END_KEY)) return;
    }
  } catch {
    // Damage, a cut, an unreadable file: the reader finds it again from `at` and says it.
  } finally {
    if (fd >= 0) closeSync(fd);
    post({ kind: 'stop', id: m.id, at });
  }
}

port.on('message', (m: OpenRead) => {
  if (m.kind === 'open' && !cancelled(m.id)) serve(m);
});

sayListening(ctl);
