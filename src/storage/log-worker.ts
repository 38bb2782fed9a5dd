import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { LogBatch, SymbolTable } from './log-batch.js';
import { BatchEncoder } from './log-encode.js';
import { knownSymbols } from './log-format.js';
import { sayListening, sayWhenExiting } from '../kernel/thread-control.js';
import { CTL_DONE, CTL_FAILED, type FromLogThread, type OpenStream, type ToLogThread } from './log-protocol.js';
import { writeAll } from './output.js';

/**
 * The log thread: turns the batches a run hands over into the log's sealed bytes (BatchEncoder,
 * exactly as the run's own thread would) and writes them to the file the run opened, in order.
 * It decides nothing: the run made every row, pin and snapshot, and commits the file itself.
 */
const { port, control, exitAfter } = workerData as { port: MessagePort; control: SharedArrayBuffer; exitAfter: number };
let batches = 0;
parentPort?.unref();
const ctl = new Int32Array(control);

// A thread that exits says so to a run waiting for it (its 'exit' event cannot reach a run that
// waits synchronously).
sayWhenExiting(ctl, [CTL_DONE], () => {
  // Its descriptor belongs to the process: closed here, or the removed file's space stays held.
  if (stream !== null) end(stream);
});

interface Stream { readonly id: number; fd: number; readonly encoder: BatchEncoder | null; failed: boolean }
let stream: Stream | null = null;

const reply = (m: FromLogThread, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

function fail(s: Stream, e: unknown): void {
  // Nothing more of this stream is written: the run gives the log up when it next looks.
  s.failed = true;
  const err = e as { message?: unknown; code?: unknown };
  reply({ kind: 'failed', id: s.id, message: String(err.message ?? e), code: typeof err.code === 'string' ? err.code : null });
  Atomics.store(ctl, CTL_FAILED, s.id);
  end(s);
}

function end(s: Stream): void {
  // Once only: a descriptor number closed twice may by then be another file's.
  if (s.fd >= 0) try { closeSync(s.fd); } catch { /* nothing more to do */ }
  s.fd = -1;
  if (stream === s) stream = null;
}

/** The file the run opened, appended to through a descriptor of the thread's own. */
function open(m: OpenStream): Stream {
  let fd = -1;
  try {
    fd = openSync(m.path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
    const st = fstatSync(fd, { bigint: true });
    if (String(st.dev) !== m.dev || String(st.ino) !== m.ino) throw Object.assign(new Error(`${m.path} was replaced while the run wrote it`), { code: 'ESTALE' });
    return { id: m.id, fd, encoder: new BatchEncoder(m.manifest, m.compression, new SymbolTable(knownSymbols(m.manifest)), (bytes) => writeAll(fd, bytes)), failed: false };
  } catch (e) {
    const s = { id: m.id, fd, encoder: null, failed: false };
    fail(s, e);
    return s;
  }
}

/** The batch's `data` column, rebuilt from its rows with a text: null again after each batch (LogBatch.clear). */
let texts: (string | null)[] = [];

port.on('message', (m: ToLogThread) => {
  if (m.kind === 'open') {
    if (stream !== null) end(stream);
    texts = [];
    stream = open(m);
    return;
  }
  if (batches++ === exitAfter) process.exit(1);
  if (texts.length < m.capacity) texts = new Array<string | null>(m.capacity).fill(null);
  const b = new LogBatch(m.capacity, m.buffer, texts);
  for (let j = 0; j < m.dataRows.length; j++) texts[m.dataRows[j]!] = m.dataTexts[j]!;
  b.n = m.n;
  b.setNonNull(m.nonNull);
  const s = stream;
  if (s !== null && s.id === m.id && !s.failed && s.encoder !== null) {
    try {
      for (const name of m.symbols) s.encoder.symbols.id(name);
      s.encoder.write(b, m.meta);
      if (m.meta.end !== null) end(s);
    } catch (e) {
      fail(s, e);
    }
  }
  b.clear();
  // The buffer goes back before the count moves: a run that sees the count finds it.
  reply({ kind: 'free', id: m.id, buffer: b.buffer }, [b.buffer]);
  Atomics.add(ctl, CTL_DONE, 1);
  Atomics.notify(ctl, CTL_DONE);
});

sayListening(ctl);
