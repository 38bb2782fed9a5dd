// Run by test/block-writer.test.ts in a mount namespace of its own (`unshare --mount
// --map-root-user`), where `six` and `one` are tmpfs mounts of 6 MiB and 1 MiB: a full disk under
// the log thread's writer, in the background and at its last block, and under a whole run's log.
// Prints what happened as one line of JSON.
import { closeSync, constants, openSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlockWriter } from '../../src/storage/block-writer.js';
import { LogThread } from '../../src/storage/log-thread.js';
import { createRun } from '../../src/api/run.js';
import { demoConfig } from '../../src/index.js';
import { isSimError } from '../../src/errors.js';

const [six, one] = process.argv.slice(2) as [string, string];

/** 9 MiB into 6: the second block's write fails on the pool, reported, and finish() throws it. */
async function background(): Promise<Record<string, unknown>> {
  const file = path.join(six, 'big.bin');
  writeFileSync(file, '');
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND);
  const failures: string[] = [];
  const w = new BlockWriter(fd, file, (e) => failures.push(String((e as { code?: unknown }).code)));
  const direct = w.direct;
  let thrown: string | null = null;
  try {
    for (let i = 0; i < 9; i++) w.write(new Uint8Array(1 << 20).fill(i));
    await w.idle();
    w.finish();
  } catch (e) {
    thrown = String((e as { code?: unknown }).code);
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

const out = { background: await background(), run: run() };
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
