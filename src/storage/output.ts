/**
 * Every file a command writes where the user said goes through here, so that nothing the user
 * has is lost: a file is written to a temporary name in its folder and renamed over the target
 * (a crash never leaves half a file); `-` and the standard streams named as paths are written to,
 * never replaced; a symlink, a folder, an input of the command or an event log that is not the
 * caller's own is refused with OUTPUT_REFUSED; a failed write is OUTPUT_IO naming the path, with
 * the temporary file removed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
import { isSimError, SimError, showValue } from '../errors.js';

export interface OutputOptions {
  /** What the output is, for messages ("the sessions CSV"). */
  readonly what?: string;
  /** Files the command reads: the output never replaces one (same real path, or same device and inode: a hard link). */
  readonly inputs?: readonly (string | null | undefined)[];
  /**
   * The output is an event log. It may replace an earlier sessionsim event log at its path (a
   * re-run's own; a lock keeps two live runs apart) but no other non-empty file; an output that
   * is not a log never replaces an event log.
   */
  readonly log?: boolean;
  /** Create the folder when it is missing (the dataset's own layout); otherwise a missing folder is OUTPUT_IO. */
  readonly mkdir?: boolean;
  /** Where `-` and `/dev/stdout` go (default process.stdout). */
  readonly stdout?: NodeJS.WritableStream;
}

export type OutputTarget =
  /** `-`, /dev/stdout, /dev/stderr: the process's own stream. */
  | { readonly kind: 'stream'; readonly path: string; readonly stream: NodeJS.WritableStream }
  /** A character device, FIFO or socket: written to directly, never replaced. */
  | { readonly kind: 'device'; readonly path: string }
  /** A regular file (absolute path; it may not exist yet): written to a temporary name and renamed. */
  | { readonly kind: 'file'; readonly path: string; readonly exists: boolean };

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'its folder does not exist',
  EEXIST: 'a file appeared at the temporary name',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'an I/O error',
};

function label(file: string): string {
  return showValue(file, 200);
}

/** A failed write as OUTPUT_IO naming the file (a SimError passes through unchanged). */
export function outputError(file: string, e: unknown, what = 'the output'): SimError {
  if (isSimError(e)) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const reason = (code !== undefined ? REASONS[code] : undefined) ?? (e instanceof Error ? e.message : String(e));
  return new SimError('OUTPUT_IO', `cannot write ${what} ${label(file)}: ${reason}${code ? ` (${code})` : ''}`, { file, errno: code ?? null });
}

function refused(file: string, why: string, what: string): SimError {
  return new SimError('OUTPUT_REFUSED', `not writing ${what} to ${label(file)}: ${why}`, { file });
}

const STREAM_NAMES: Readonly<Record<string, 1 | 2>> = { '-': 1, '/dev/stdout': 1, '/dev/fd/1': 1, '/proc/self/fd/1': 1, '/dev/stderr': 2, '/dev/fd/2': 2, '/proc/self/fd/2': 2 };

function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** True when the file starts like a sessionsim event log: an Arrow stream whose schema carries the manifest. */
export function isEventLogFile(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(8);
    if (readSync(fd, head, 0, 8, 0) < 8 || head.readUInt32LE(0) !== 0xffffffff) return false;
    const length = Math.min(head.readUInt32LE(4), 64 * 1024 * 1024);
    const schema = Buffer.alloc(length);
    const n = readSync(fd, schema, 0, length, 8);
    return schema.subarray(0, n).includes('sessionsim.manifest');
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** The identities of the inputs: real paths and device:inode pairs (a hard link has the same). */
function inputIdentities(inputs: OutputOptions['inputs']): { real: Set<string>; inode: Set<string> } {
  const real = new Set<string>(), inode = new Set<string>();
  for (const input of inputs ?? []) {
    if (input === null || input === undefined) continue;
    try {
      real.add(realpathSync(input));
      const st = statSync(input);
      inode.add(`${st.dev}:${st.ino}`);
    } catch {
      // An input that does not exist cannot be replaced.
    }
  }
  return { real, inode };
}

/**
 * Where an output goes, or OUTPUT_REFUSED / OUTPUT_IO saying why it cannot go there. Checks only:
 * call it before the work to fail early; the writers below call it again just before writing.
 */
export function resolveOutput(file: string, options: OutputOptions = {}): OutputTarget {
  const what = options.what ?? 'the output';
  if (file === '') throw refused(file, 'the path is empty', what);
  const stream = STREAM_NAMES[file];
  if (stream !== undefined) {
    if (options.log) throw refused(file, 'an event log must be a file (it is written in place and renamed)', what);
    return { kind: 'stream', path: file, stream: stream === 1 ? options.stdout ?? process.stdout : process.stderr };
  }
  const abs = path.resolve(file);
  let st: Stats | null;
  try {
    st = lstatOrNull(abs);
  } catch (e) {
    throw outputError(file, e, what);
  }
  if (st !== null && st.isSymbolicLink()) {
    let to: Stats | null = null;
    try { to = statSync(abs); } catch { /* a dangling link is refused below */ }
    if (to !== null && (to.isCharacterDevice() || to.isFIFO() || to.isSocket()) && !options.log) return { kind: 'device', path: abs };
    throw refused(file, 'it is a symbolic link; neither the link nor its target is replaced (give the target\'s own path)', what);
  }
  if (st !== null && st.isDirectory()) throw refused(file, 'it is a folder', what);
  if (st !== null && !st.isFile()) {
    if (options.log) throw refused(file, 'an event log must be a regular file', what);
    return { kind: 'device', path: abs };
  }
  const ids = inputIdentities(options.inputs);
  let real = abs;
  try { real = path.join(realpathSync(path.dirname(abs)), path.basename(abs)); } catch { /* the folder is checked when written */ }
  if (ids.real.has(real) || (st !== null && ids.inode.has(`${st.dev}:${st.ino}`))) throw refused(file, 'it is an input of this command', what);
  if (st !== null) {
    const isLog = isEventLogFile(abs);
    if (isLog && !options.log) throw refused(file, 'it is a sessionsim event log (give another path)', what);
    if (!isLog && options.log && st.size > 0) throw refused(file, 'it exists and is not a sessionsim event log (remove it or give another path)', what);
  }
  return { kind: 'file', path: abs, exists: st !== null };
}

export function writeAll(fd: number, bytes: Uint8Array, position: number | null = null): void {
  let done = 0;
  while (done < bytes.byteLength) {
    const n = writeSync(fd, bytes, done, bytes.byteLength - done, position === null ? null : position + done);
    if (n <= 0) throw Object.assign(new Error('the write made no progress'), { code: 'EIO' });
    done += n;
  }
}

function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/**
 * An output file being written at a temporary name in its folder: `commit()` renames it over
 * the target, `keep()` leaves it at the temporary name (an incomplete log), `discard()` removes it.
 */
export class OutputFile {
  private open = true;

  constructor(
    /** The target (absolute). */
    readonly path: string,
    /** The temporary name it is written at. */
    readonly temp: string,
    readonly fd: number,
    private readonly options: OutputOptions,
  ) {}

  private get what(): string {
    return this.options.what ?? 'the output';
  }

  /** Writes bytes (at a position, or appended); a failure removes the temporary file and is OUTPUT_IO. */
  write(data: Uint8Array | string, position: number | null = null): void {
    try {
      writeAll(this.fd, toBytes(data), position);
    } catch (e) {
      this.discard();
      throw outputError(this.path, e, this.what);
    }
  }

  /** Flushes to disk, closes and renames over the target, checked once more just before. */
  commit(): void {
    try {
      this.finish();
      const target = resolveOutput(this.path, this.options);
      if (target.kind !== 'file') throw refused(this.path, 'it is no longer a plain file', this.what);
      renameSync(this.temp, this.path);
    } catch (e) {
      this.discard();
      throw outputError(this.path, e, this.what);
    }
  }

  /** Flushes to disk and closes, leaving the file at its temporary name. */
  keep(): void {
    try {
      this.finish();
    } catch (e) {
      this.discard();
      throw outputError(this.path, e, this.what);
    }
  }

  /** A write made elsewhere (the log thread) failed: removes the temporary file; the OUTPUT_IO to throw. */
  fail(e: unknown): SimError {
    this.discard();
    return outputError(this.path, e, this.what);
  }

  /** Closes and removes the temporary file (never throws). */
  discard(): void {
    if (this.open) { this.open = false; try { closeSync(this.fd); } catch { /* already failed */ } }
    try { unlinkSync(this.temp); } catch { /* already gone */ }
  }

  private finish(): void {
    if (!this.open) return;
    fsyncSync(this.fd);
    this.open = false;
    closeSync(this.fd);
  }
}

/**
 * Opens a file output for writing at a temporary name beside it (`temp`: a fixed name such as
 * the log's `<path>.partial`, which a stale regular file at that name may be replaced at; by
 * default a fresh random name). Refuses what resolveOutput refuses and anything but a file.
 */
export function openOutput(file: string, options: OutputOptions & { readonly temp?: string } = {}): OutputFile {
  const what = options.what ?? 'the output';
  const target = resolveOutput(file, options);
  if (target.kind !== 'file') throw refused(file, 'it is not a regular file', what);
  const dir = path.dirname(target.path);
  const temp = options.temp !== undefined ? path.resolve(options.temp) : path.join(dir, `${path.basename(target.path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    if (options.mkdir) mkdirSync(dir, { recursive: true });
    else {
      const d = lstatOrNull(dir);
      if (d === null) throw new SimError('OUTPUT_IO', `cannot write ${what} ${label(file)}: its folder ${label(dir)} does not exist`, { file });
    }
    if (options.temp !== undefined) {
      const stale = lstatOrNull(temp);
      if (stale !== null && !stale.isFile()) throw refused(file, `${label(temp)} is in the way (not a plain file)`, what);
      if (stale !== null) unlinkSync(temp);
    }
  } catch (e) {
    throw outputError(file, e, what);
  }
  let fd: number;
  try {
    fd = openSync(temp, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o666);
  } catch (e) {
    throw outputError(file, e, what);
  }
  return new OutputFile(target.path, temp, fd, options);
}

/** Writes a whole output: a file at a temporary name then renamed, a stream or device directly. */
export function writeOutput(file: string, data: Uint8Array | string, options: OutputOptions = {}): OutputTarget {
  const what = options.what ?? 'the output';
  const target = resolveOutput(file, options);
  if (target.kind === 'stream') {
    target.stream.write(toBytes(data));
    return target;
  }
  if (target.kind === 'device') {
    let fd: number | null = null;
    try {
      fd = openSync(target.path, constants.O_WRONLY | constants.O_NOCTTY);
      writeAll(fd, toBytes(data));
    } catch (e) {
      throw outputError(file, e, what);
    } finally {
      if (fd !== null) try { closeSync(fd); } catch { /* nothing more to do */ }
    }
    return target;
  }
  const out = openOutput(file, options);
  out.write(data);
  out.commit();
  return target;
}
