import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { isSimError } from '../errors.js';
import { CarvedArrays } from '../state/day-arena.js';
import { FileScratch, readDay, type DayBars } from './read-day.js';
import { DAY_COLUMNS, SIGNAL_DEAD, SIGNAL_READY, SIGNAL_REPLIES, type ReadReply, type ReadRequest, type SentDay, type SlabColumn } from './prefetch-protocol.js';

/**
 * The prefetch thread: reads, decodes and validates day files asked for by the runs of its
 * process (readDay, exactly as the main thread would), and writes each day's columns into the
 * memory the run shares with it, sending back only where they are. It never decides anything a
 * run can see: the simulated latency alone says when a day becomes visible.
 */
const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
parentPort?.unref();

/** Files are read into one buffer, reused: the columns are copied out of it. */
const scratch = new FileScratch();

/** Arrays carved one after another out of the request's slab; new ones when it is full. */
class SlabArrays extends CarvedArrays {
  private at = 0;
  constructor(readonly slab: SharedArrayBuffer) {
    super();
  }
  protected place(bytes: number): readonly [SharedArrayBuffer, number] | null {
    const at = (this.at + 7) & ~7;
    if (at + bytes > this.slab.byteLength) return null;
    this.at = at + bytes;
    return [this.slab, at];
  }
  retain(): void {}
}

/** Buffers worth moving rather than copying; small ones (maybe Node's shared Buffer pool) are copied. */
const TRANSFER_FROM_BYTES = 64 * 1024;

/** The day with its slab columns as places, and the buffers of the others to transfer. */
function send(day: DayBars, slab: SharedArrayBuffer | null): { day: SentDay; transfer: ArrayBuffer[] } {
  const out: Record<string, unknown> = { ...day };
  const transfer = new Set<ArrayBuffer>();
  for (const name of DAY_COLUMNS) {
    const a = day[name];
    if (slab !== null && a.buffer === slab) {
      out[name] = { slab: a instanceof Float64Array ? 'f64' : 'i32', offset: a.byteOffset, length: a.length } satisfies SlabColumn;
    } else if (a.buffer instanceof ArrayBuffer && a.buffer.byteLength >= TRANSFER_FROM_BYTES) {
      transfer.add(a.buffer);
    }
  }
  if (day.duplicates.buffer instanceof ArrayBuffer && day.duplicates.buffer.byteLength >= TRANSFER_FROM_BYTES) transfer.add(day.duplicates.buffer);
  return { day: out as SentDay, transfer: [...transfer] };
}

function pause(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function answer(request: ReadRequest): { reply: ReadReply; transfer: ArrayBuffer[] } {
  try {
    pause(request.delayMs);
    const reuse = request.slab === null ? undefined : { scratch, arrays: new SlabArrays(request.slab) };
    const read = readDay(request.file, { ...request.options, ...(reuse === undefined ? {} : { reuse }) });
    const { day, transfer } = send(read, request.slab);
    return { reply: { id: request.id, ok: true, day }, transfer };
  } catch (e) {
    if (isSimError(e)) return { reply: { id: request.id, ok: false, error: { code: e.code, message: e.message, details: e.details } }, transfer: [] };
    return { reply: { id: request.id, ok: false, fatal: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }, transfer: [] };
  }
}

port.on('message', (request: ReadRequest) => {
  if (request.exit === true) process.exit(1);
  const { reply, transfer } = answer(request);
  try {
    port.postMessage(reply, transfer);
  } catch (e) {
    // A reply that cannot be sent still answers: the run then reads the day itself.
    port.postMessage({ id: request.id, ok: false, fatal: `the day could not be sent: ${(e as Error).message}` } satisfies ReadReply);
  }
  // After the message is queued: a main thread that sees the count move finds the reply.
  Atomics.add(signal, SIGNAL_REPLIES, 1);
  Atomics.notify(signal, SIGNAL_REPLIES);
});
// A thread that exits says so to a run waiting for it (its 'exit' event cannot reach a run that
// waits synchronously). A thread killed outright (out of memory) cannot: the run gives up on it
// after the reply time limit.
process.on('exit', () => {
  Atomics.store(signal, SIGNAL_DEAD, 1);
  Atomics.add(signal, SIGNAL_REPLIES, 1);
  Atomics.notify(signal, SIGNAL_REPLIES);
});
Atomics.store(signal, SIGNAL_READY, 1);
Atomics.notify(signal, SIGNAL_READY);
