import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { LogBatch, SymbolTable } from './log-batch.js';
import { BatchEncoder } from './log-encode.js';
import { knownSymbols } from './log-format.js';
import { sayListening, sayWhenExiting } from '../kernel/thread-control.js';
import { CTL_DONE, CTL_FAILED, type FromLogThread, type OpenStream, type ToLogThread } from './log-protocol.js';
import { BlockWriter } from './block-writer.js';

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

interface Stream { readonly id: number; fd: number; writer: BlockWriter | null; encoder: BatchEncoder | null; failed: boolean }
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
  s.writer?.close();
  // Once only: a descriptor number closed twice may by then be another file's.
  if (s.fd >= 0) try { closeSync(s.fd); } catch { /* nothing more to do */ }
  s.fd = -1;
  if (stream === s) stream = null;
}

/** The file the run opened, appended to through a descriptor of the thread's own. */
function open(m: OpenStream): Stream {
  const s: Stream = { id: m.id, fd: -1, writer: null, encoder: null, failed: false };
  try {
    const fd = (s.fd = openSync(m.path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW));
    const st = fstatSync(fd, { bigint: true });
    if (String(st.dev) !== m.dev || String(st.ino) !== m.ino) throw Object.assign(new Error(`${m.path} was replaced while the run wrote it`), { code: 'ESTALE' });
    // A write in the background that fails fails the stream, as one made here would.
    const writer = (s.writer = new BlockWriter(fd, m.path, (e) => { if (!s.failed) fail(s, e); }));
    s.encoder = new BatchEncoder(m.manifest, m.compression, new SymbolTable(knownSymbols(m.manifest)), (bytes) => writer.write(bytes));
  } catch (e) {
    fail(s, e);
  }
  return s;
}

/** The batch's `data` column, rebuilt from its rows with a text: null again after each batch (LogBatch.clear). */
let texts: (string | null)[] = [];

/**
 * Messages are handled one at a time, in order; a log's last batch waits for the writes under way
 * (BlockWriter) before its count moves, so a run that sees it may commit the file.
 */
const inbox: ToLogThread[] = [];
let handling = false;
port.on('message', (m: ToLogThread) => {
  inbox.push(m);
  if (!handling) void handleAll();
});

async function handleAll(): Promise<void> {
  handling = true;
  for (let m = inbox.shift(); m !== undefined; m = inbox.shift()) await handle(m);
  handling = false;
}

async function handle(m: ToLogThread): Promise<void> {
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
      if (m.meta.end !== null) {
        await s.writer!.idle();
        if (!s.failed) {
          s.writer!.finish();
          end(s);
        }
      }
    } catch (e) {
      if (!s.failed) fail(s, e);
    }
  }
  b.clear();
  // The buffer goes back before the count moves: a run that sees the count finds it.
  reply({ kind: 'free', id: m.id, buffer: b.buffer }, [b.buffer]);
  Atomics.add(ctl, CTL_DONE, 1);
  Atomics.notify(ctl, CTL_DONE);
}

sayListening(ctl);
