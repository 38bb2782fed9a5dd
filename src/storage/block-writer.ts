import { closeSync, constants, fstatSync, ftruncateSync, openSync, write as writeAsync, writeSync } from 'node:fs';
import { writeAll } from './output.js';

/** Bytes written to the disk at a time, in whole blocks. */
const STAGE_BYTES = 4 << 20;
/** Stages: one being filled while the others are written. */
const STAGES = 3;
/** The largest block size (and so buffer alignment) a file system may ask direct writes for. */
const BLOCK = 4096;

/** The staging memory, with the offset in it where an aligned block starts. */
interface Staging { readonly bytes: Uint8Array; readonly at: number }
/** Staging a closed writer gave back, for the next (its alignment is known). */
let spare: Staging | null = null;

/**
 * Appends to a file that was empty when opened, through a second descriptor that bypasses the
 * page cache (O_DIRECT) where the file system allows it, a whole staged block at a time, written
 * in the background (libuv's pool) while the next is filled.
 *
 * Why: on this kind of machine (ext4 on a virtual disk) every new page of a file written through
 * the page cache costs the kernel about 3.5 ms of CPU per MB: writing a 1.4 GB full log took
 * 2-5 s of one of the two cores, on the thread that is already the run's bottleneck. Written
 * directly the same bytes cost 0.1 s of CPU, and the disk's own time is spent by a pool thread
 * that waits. The last partial block goes through the ordinary descriptor, so the file's length
 * is exact; a file system without direct writes gets ordinary writes.
 */
export class BlockWriter {
  private directFd = -1;
  private staging: Staging | null = null;
  /** Each stage's byte offset in `staging.bytes`, and whether a write of it is under way. */
  private readonly stages: { readonly at: number; busy: boolean }[] = [];
  private current = 0;
  private filled = 0;
  /** The file position of the current stage's first byte. */
  private position = 0;
  private writing = 0;
  private failure: Error | null = null;
  private idleWaiters: (() => void)[] = [];
  private closing = false;

  /**
   * `fd`: the file, opened for appending, still empty; `file`: its path, opened again for direct
   * writes; `onFailure`: a background write failed (later writes are dropped).
   */
  constructor(private readonly fd: number, file: string, private readonly onFailure: (e: Error) => void = () => {}) {
    const direct = openDirect(fd, file);
    if (direct < 0) return;
    let staging: Staging | null;
    try {
      staging = alignedStaging(direct);
      // The probe's block must not stay in the log: a truncation that fails fails the log.
      ftruncateSync(direct, 0);
    } catch (e) {
      closeSync(direct);
      throw e;
    }
    if (staging === null) {
      closeSync(direct);
      return;
    }
    this.staging = staging;
    for (let k = 0; k < STAGES; k++) this.stages.push({ at: staging.at + k * STAGE_BYTES, busy: false });
    this.directFd = direct;
  }

  /** True when blocks go to the disk directly; false: ordinary writes. */
  get direct(): boolean {
    return this.staging !== null;
  }

  write(bytes: Uint8Array): void {
    const staging = this.staging;
    if (staging === null) return writeAll(this.fd, bytes);
    if (this.failure !== null) return;
    let i = 0;
    while (i < bytes.byteLength) {
      const n = Math.min(bytes.byteLength - i, STAGE_BYTES - this.filled);
      staging.bytes.set(bytes.subarray(i, i + n), this.stages[this.current]!.at + this.filled);
      this.filled += n;
      i += n;
      if (this.filled === STAGE_BYTES) this.submit();
    }
  }

  /** Resolves once no write is under way (at once when none is). */
  idle(): Promise<void> {
    if (this.writing === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Writes what is staged, once idle() has resolved: whole blocks directly, the rest appended
   * through the ordinary descriptor. Throws the failure of any background write.
   */
  finish(): void {
    if (this.failure !== null) throw this.failure;
    const staging = this.staging;
    if (staging === null) return;
    if (this.writing > 0) throw new Error('BlockWriter.finish() before idle()');
    const at = this.stages[this.current]!.at;
    const whole = this.filled & ~(BLOCK - 1);
    if (whole > 0) written(writeSync(this.directFd, staging.bytes, at, whole, this.position), whole);
    if (this.filled > whole) writeAll(this.fd, staging.bytes.subarray(at + whole, at + this.filled));
    this.position += this.filled;
    this.filled = 0;
  }

  /** Closes the direct descriptor once no write is under way (never throws); the ordinary one is the caller's. */
  close(): void {
    this.closing = true;
    if (this.writing > 0) return;
    // Closed at once: a thread that is exiting runs no callback, and an open descriptor would keep
    // a removed log's space. Only a write under way defers it (its descriptor must not be reused).
    if (this.directFd >= 0) try { closeSync(this.directFd); } catch { /* already closed */ }
    this.directFd = -1;
    if (this.staging !== null) spare = this.staging;
    this.staging = null;
  }

  /** The current stage, full, is written: in the background when another stage is free to fill, else now. */
  private submit(): void {
    const stage = this.stages[this.current]!;
    const next = this.stages.findIndex((s) => !s.busy && s !== stage);
    const position = this.position;
    this.position += STAGE_BYTES;
    this.filled = 0;
    if (next < 0) {
      written(writeSync(this.directFd, this.staging!.bytes, stage.at, STAGE_BYTES, position), STAGE_BYTES);
      return;
    }
    stage.busy = true;
    this.writing++;
    this.current = next;
    writeAsync(this.directFd, this.staging!.bytes, stage.at, STAGE_BYTES, position, (err, n) => {
      stage.busy = false;
      this.writing--;
      const e = err ?? (n === STAGE_BYTES ? null : shortWrite(STAGE_BYTES, n));
      if (e !== null && this.failure === null) {
        this.failure = e;
        this.onFailure(e);
      }
      if (this.writing === 0) {
        for (const w of this.idleWaiters.splice(0)) w();
        if (this.closing) this.close();
      }
    });
  }
}

/** A direct write is whole or an error; a short one (a full disk) is one too. */
function written(n: number, bytes: number): void {
  if (n !== bytes) throw shortWrite(bytes, n);
}

function shortWrite(bytes: number, n: number): Error {
  return Object.assign(new Error(`a direct write of ${bytes} bytes wrote ${n}`), { code: 'ENOSPC' });
}

/**
 * A second descriptor of the file `fd` has open, for direct writes: -1 where there is no such
 * thing (no O_DIRECT on this platform, a file system that refuses it) or the file is not the same
 * or not empty (block positions count from 0).
 */
function openDirect(fd: number, file: string): number {
  // Linux's alone: elsewhere (macOS) there is no such flag, and so no point in staging.
  if (constants.O_DIRECT === undefined) return -1;
  let direct = -1;
  try {
    direct = openSync(file, constants.O_WRONLY | constants.O_DIRECT | constants.O_NOFOLLOW);
    const a = fstatSync(fd, { bigint: true }), b = fstatSync(direct, { bigint: true });
    if (a.dev === b.dev && a.ino === b.ino && a.size === 0n) return direct;
  } catch {
    // Ordinary writes: what the file system offers when it has no direct ones.
  }
  if (direct >= 0) closeSync(direct);
  return -1;
}

/**
 * The staging memory, with the offset in it where this file's direct writes are accepted: JS
 * cannot see a buffer's address, so the file system is asked, one block at position 0, offset by
 * offset (the caller truncates the file again). Every file is asked: another file system may want
 * another alignment (tmpfs takes any, ext4 its sector's), so a spare buffer's known offset is only
 * tried first. Null when no offset is accepted (the probe's error other than EINVAL, too).
 */
function alignedStaging(direct: number): Staging | null {
  const bytes = spare?.bytes ?? new Uint8Array(STAGES * STAGE_BYTES + BLOCK);
  const first = spare?.at;
  spare = null;
  const offsets = first === undefined ? [] : [first];
  for (let at = 0; at < BLOCK; at += 8) if (at !== first) offsets.push(at);
  for (const at of offsets) {
    try {
      if (writeSync(direct, bytes, at, BLOCK, 0) === BLOCK) return { bytes, at };
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EINVAL') return null;
    }
  }
  return null;
}
