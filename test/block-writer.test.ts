import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BlockWriter } from '../src/storage/block-writer.js';
import { tmpDir } from './support/tmp.js';

/**
 * The log thread's writer: whatever the sizes of the pieces, the file holds exactly their bytes,
 * in order, on the disk and on tmpfs (which takes direct writes at any alignment since Linux 6.6,
 * and none before), and through ordinary writes where direct ones cannot be had (a file that is
 * not empty).
 */
const dir = tmpDir('sessionsim-block-');
const shm = existsSync('/dev/shm') ? mkdtempSync(path.join('/dev/shm', 'sessionsim-block-')) : null;
afterAll(() => { if (shm !== null) rmSync(shm, { recursive: true, force: true }); });

const MB = 1 << 20;

/** Writes the pieces as the log thread does (write, idle, finish, close) and returns the file's bytes. */
async function writeThrough(folder: string, name: string, pieces: readonly Uint8Array[]): Promise<{ bytes: Buffer; direct: boolean }> {
  const file = path.join(folder, name);
  writeFileSync(file, '');
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND);
  const failures: Error[] = [];
  const w = new BlockWriter(fd, file, (e) => failures.push(e));
  const direct = w.direct;
  try {
    for (const p of pieces) w.write(p);
    await w.idle();
    w.finish();
  } finally {
    w.close();
    closeSync(fd);
  }
  expect(failures).toEqual([]);
  return { bytes: readFileSync(file), direct };
}

/** Pieces of the given sizes, each byte telling its place in the whole (so a misplaced block shows). */
function piecesOf(sizes: readonly number[]): { pieces: Uint8Array[]; whole: Buffer } {
  const total = sizes.reduce((a, b) => a + b, 0);
  const whole = Buffer.alloc(total);
  for (let i = 0; i < total; i++) whole[i] = (i * 2654435761) >>> 24;
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const n of sizes) { pieces.push(whole.subarray(at, at + n)); at += n; }
  return { pieces, whole };
}

describe('BlockWriter', () => {
  it('writes large files directly on a disk that allows it, byte for byte, past every stage in use', async () => {
    // 4 MiB stages, three of them: 21 MiB and a tail makes the writer both wait for a free stage
    // (writing one now) and write in the background, and leaves a partial block at the end.
    const sizes = [3, MB + 5, 7 * MB, 4096, 5 * MB - 11, 8 * MB, 123];
    const { pieces, whole } = piecesOf(sizes);
    const { bytes, direct } = await writeThrough(dir, 'large.bin', pieces);
    expect(bytes.length).toBe(whole.length);
    expect(bytes.equals(whole)).toBe(true);
    // The machine the tests run on (ext4) has direct writes; say so if another does not.
    if (!direct) console.warn(`BlockWriter: no direct writes in ${dir}; ordinary writes were checked`);
  });

  it('any pieces make a file of exactly their bytes (property), on the disk and on tmpfs', async () => {
    const folders = [dir, ...(shm === null ? [] : [shm])];
    let n = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 4 * MB - 4096, max: 4 * MB + 4096 })), { maxLength: 6 }),
      async (sizes) => {
        const { pieces, whole } = piecesOf(sizes);
        for (const folder of folders) {
          const { bytes } = await writeThrough(folder, `p${n++}.bin`, pieces);
          expect(bytes.equals(whole)).toBe(true);
        }
      }), { numRuns: 40 });
  }, 120_000);

  it('each file is probed for its own alignment: tmpfs (any) and then the disk (its sector) in one process (regression: the second log failed with EINVAL)', async () => {
    const { pieces, whole } = piecesOf([9 * MB + 77]);
    for (const folder of [...(shm === null ? [] : [shm]), dir, ...(shm === null ? [] : [shm]), dir]) {
      const { bytes } = await writeThrough(folder, `align${Math.random().toString(36).slice(2)}.bin`, pieces);
      expect(bytes.equals(whole)).toBe(true);
    }
  });

  it('a file that is not empty gets ordinary writes, appended after what is there', async () => {
    const file = path.join(dir, 'not-empty.bin');
    writeFileSync(file, 'head');
    const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND);
    const w = new BlockWriter(fd, file);
    expect(w.direct).toBe(false);
    const { pieces, whole } = piecesOf([5 * MB]);
    w.write(pieces[0]!);
    await w.idle();
    w.finish();
    w.close();
    closeSync(fd);
    expect(readFileSync(file).equals(Buffer.concat([Buffer.from('head'), whole]))).toBe(true);
  });

  it('a full disk: a write in the background is reported and thrown at the end, and reaches a run through the log thread; a run writing its log on the thread fails with OUTPUT_IO, leaving nothing', () => {
    // Small tmpfs mounts in a mount namespace of the test's own (unshare, util-linux), so that the
    // disk really fills: nothing is mounted outside it, and it goes when the child exits.
    const six = path.join(dir, 'six'), one = path.join(dir, 'one');
    mkdirSync(six);
    mkdirSync(one);
    const root = fileURLToPath(new URL('..', import.meta.url));
    const script = `mount -t tmpfs -o size=6m tmpfs "$1" && mount -t tmpfs -o size=1m tmpfs "$2" && exec "$3" --import ./scripts/ts-register.mjs test/support/full-disk.ts "$1" "$2"`;
    const out = execFileSync('unshare', ['--mount', '--map-root-user', 'sh', '-c', script, 'sh', six, one, process.execPath], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    expect(r.background).toEqual({ direct: true, failures: ['ENOSPC'], thrown: 'ENOSPC' });
    expect(r.run).toEqual({ code: 'OUTPUT_IO', namesLog: true, left: [] });
    // On the log thread: the failure in the background reaches the run as its file's failure.
    expect(r.thread).toEqual({ thrown: 'OUTPUT_IO', failed: ['ENOSPC'], beforeTheEnd: true });
  }, 150_000);
});
