// Run by test/block-writer.test.ts in a mount namespace of its own (`unshare --mount
// --map-root-user`), where `six` and `one` are tmpfs mounts of 6 MiB and 1 MiB: a full disk under
// the log thread's writer, in the background and at its last block, and under a whole run's log.
// Prints what happened as one line of JSON.
import { closeSync, constants, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlockWriter } from '../../src/storage/block-writer.js';
import { LogThread } from '../../src/storage/log-thread.js';
import { LogBatch, SymbolTable } from '../../src/storage/log-batch.js';
import type { OutputFile } from '../../src/storage/output.js';
import { createRun } from '../../src/api/run.js';
import { demoConfig } from '../../src/index.js';
import { isSimError } from '../../src/errors.js';

const [six, one] = process.argv.slice(2) as [string, string];

/** An error's `code`, as text (ENOSPC, OUTPUT_IO). */
const codeOf = (e: unknown): string => String((e as { code?: unknown }).code);

/** 9 MiB into 6: the second block's write fails on the pool, reported, and finish() throws it. */
async function background(): Promise<Record<string, unknown>> {
  const file = path.join(six, 'big.bin');
  writeFileSync(file, '');
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND);
  const failures: string[] = [];
  const w = new BlockWriter(fd, file, (e) => failures.push(codeOf(e)));
  const direct = w.direct;
  let thrown: string | null = null;
  try {
    for (let i = 0; i < 9; i++) w.write(new Uint8Array(1 << 20).fill(i));
    await w.idle();
    w.finish();
  } catch (e) {
    thrown = codeOf(e);
  } finally {
    w.close();
    closeSync(fd);
  }
  return { direct, failures, thrown };
}

/** The demo's full log (1.2 MB) on the log thread into 1 MiB: OUTPUT_IO naming the log, no file left. */
function run(): Record<string, unknown> {
  const thread = new LogThread();
  if (!thread.ready(30_000)) return { error: 'the log thread did not start' };
  const file = path.join(one, 'demo.arrow');
  const base = demoConfig();
  let code: string | null = null, message = '';
  try {
    const r = createRun({ ...base, log: { ...base.log, path: file, compression: 'none' } }, { logThread: thread });
    r.kernel.run();
    r.writer!.close();
  } catch (e) {
    code = isSimError(e) ? e.code : String(e);
    message = (e as Error).message;
  }
  return { code, namesLog: message.includes(file), left: readdirSync(one) };
}

/**
 * Two batches of 4 MiB of `data` handed to the log thread, into 6 MiB: the thread's two blocks are
 * written in the background (a third stage is free for the rest), and the second fails there. The
 * run must hear of it at its next hand-over, before its log's end (whose last block would say so
 * anyway), as its file's failure (the run's OutputFile says OUTPUT_IO; here a stand-in records it).
 */
function threadBackground(): Record<string, unknown> {
  const thread = new LogThread();
  if (!thread.ready(30_000)) return { error: 'the log thread did not start' };
  const file = path.join(six, 'thread.partial');
  writeFileSync(file, '');
  const fd = openSync(file, 'r+');
  const failed: string[] = [];
  const out = { fd, temp: file, path: file, fail: (e: Error) => { failed.push(codeOf(e)); return Object.assign(new Error(`OUTPUT_IO ${e.message}`), { code: 'OUTPUT_IO' }); } } as unknown as OutputFile;
  const base = demoConfig();
  const manifest = { format: '6', packageVersion: 'test', calendarVersion: 'test', config: base, dataRoot: six, inputs: [], bars: 'full' as const };
  const sink = thread.open(out, manifest as never, 'none', new SymbolTable())!;
  const text = JSON.stringify({ x: 'y'.repeat(256 * 1024) });
  let thrown: string | null = null, ended = false, seq = 0;
  const fill = (b: LogBatch, rows: number, data: string | null) => {
    for (let k = 0; k < rows; k++) { b.seq[k] = seq++; b.time[k] = 0; b.type[k] = 0; b.symbol[k] = -1; b.data[k] = data; }
    b.n = rows;
    return b;
  };
  try {
    let b = new LogBatch(16);
    for (let i = 0; i < 2; i++) b = sink.put(fill(b, 16, text), { pins: null, end: null, snapshot: null });
    sink.drain();
    // Hand-overs of one row each until the failure is heard of (a throw), for at most 20 s.
    const wait = new Int32Array(new SharedArrayBuffer(4));
    for (let tries = 0; tries < 400; tries++) {
      Atomics.wait(wait, 0, 0, 50);
      b = sink.put(fill(b, 1, null), { pins: null, end: null, snapshot: null });
    }
    ended = true;
    sink.put(fill(b, 1, null), { pins: null, end: { events: seq, hash: '0'.repeat(32) }, snapshot: null });
    sink.drain();
  } catch (e) {
    thrown = codeOf(e);
  } finally {
    sink.release();
    closeSync(fd);
  }
  return { thrown, failed, beforeTheEnd: thrown !== null && !ended };
}

const first = await background();
rmSync(path.join(six, 'big.bin'), { force: true });
const out = { background: first, run: run(), thread: threadBackground() };
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
