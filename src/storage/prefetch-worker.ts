import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { isSimError } from '../errors.js';
import { readDay, type DayBars } from './read-day.js';
import { SIGNAL_READY, SIGNAL_REPLIES, type ReadReply, type ReadRequest } from './prefetch-protocol.js';

/**
 * The prefetch thread: reads, decodes and validates day files asked for by the runs of its
 * process (readDay, exactly as the main thread would), and hands each day back with its column
 * buffers transferred, not copied. It never decides anything a run can see: the simulated latency
 * alone says when a day becomes visible.
 */
const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
// Not needed for the replies, but a parent port left open would keep nothing alive either way.
parentPort?.unref();

/** Buffers worth moving rather than copying; small ones (maybe Node's shared Buffer pool) are copied. */
const TRANSFER_FROM_BYTES = 64 * 1024;

function buffersOf(day: DayBars): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const a of [day.ts, day.sym, day.open, day.high, day.low, day.close, day.volume, day.fileRow, day.duplicates]) {
    const b = a.buffer;
    if (b instanceof ArrayBuffer && b.byteLength >= TRANSFER_FROM_BYTES) seen.add(b);
  }
  return [...seen];
}

function pause(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function answer(request: ReadRequest): { reply: ReadReply; transfer: ArrayBuffer[] } {
  try {
    pause(request.delayMs);
    const day = readDay(request.file, request.options);
    return { reply: { id: request.id, ok: true, day }, transfer: buffersOf(day) };
  } catch (e) {
    if (isSimError(e)) return { reply: { id: request.id, ok: false, error: { code: e.code, message: e.message, details: e.details } }, transfer: [] };
    return { reply: { id: request.id, ok: false, fatal: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }, transfer: [] };
  }
}

port.on('message', (request: ReadRequest) => {
  const { reply, transfer } = answer(request);
  port.postMessage(reply, transfer);
  // After the message is queued: a main thread that sees the count move finds the reply.
  Atomics.add(signal, SIGNAL_REPLIES, 1);
  Atomics.notify(signal, SIGNAL_REPLIES);
});
Atomics.store(signal, SIGNAL_READY, 1);
Atomics.notify(signal, SIGNAL_READY);
