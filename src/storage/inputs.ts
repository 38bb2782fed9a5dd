import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SimError, showValue } from '../errors.js';
import { realPathInRoot } from './data-root.js';
import type { InputFile } from './log-format.js';
import { dayPath, type Interval } from './layout.js';

/** sha256 of a file's bytes, null when there is no such file. */
export function sha256File(file: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SimError('DATA_IO', `${showValue(file, 200)}: ${(e as Error).message}`, { file });
  }
}

/** The day files a run may read, for its log manifest (their hashes are pinned as the run reads them). */
export function manifestInputs(interval: Interval, dates: readonly string[]): InputFile[] {
  return dates.map((date) => ({ date, path: dayPath(interval, date) }));
}

/**
 * The file of a manifest input: it must resolve inside the data root (DATA_OUTSIDE_ROOT naming
 * the entry otherwise); null when it does not exist. The manifest's paths are checked for shape
 * when it is read (parseManifest), so only a symbolic link can lead outside.
 */
export function inputFile(root: string, input: InputFile, index: number): { file: string; real: string | null } {
  const file = path.join(path.resolve(root), input.path);
  try {
    return { file, real: realPathInRoot(root, file) };
  } catch (e) {
    if (e instanceof SimError && e.code === 'DATA_OUTSIDE_ROOT') {
      throw new SimError('DATA_OUTSIDE_ROOT', `manifest inputs[${index}] ${showValue(input.path)}: ${e.message}`, { ...e.details, key: `inputs[${index}]` });
    }
    throw e;
  }
}

/** Throws LOG_INPUT_CHANGED naming the file when `now` is not the sha256 the log pinned. */
export function checkInputHash(root: string, input: InputFile, now: string | null): void {
  if (input.sha256 === undefined || now === input.sha256) return;
  const file = path.join(path.resolve(root), input.path);
  throw new SimError('LOG_INPUT_CHANGED', `input ${showValue(file, 200)} changed since the run (sha256 ${input.sha256 === null ? 'absent' : input.sha256.slice(0, 12)} then, ${now === null ? 'absent' : now.slice(0, 12)} now)`, { file, expected: input.sha256, actual: now });
}

/**
 * Every input the log pinned must still hash as it did when the run read it (one the log never
 * pinned, in a log cut short, cannot be checked and is skipped; so are those in `skip`, checked
 * already). Returns the number checked.
 */
export function verifyInputs(root: string, inputs: readonly InputFile[], skip: ReadonlySet<number> = new Set()): number {
  let checked = 0;
  inputs.forEach((input, i) => {
    if (input.sha256 === undefined || skip.has(i)) return;
    const { real } = inputFile(root, input, i);
    checkInputHash(root, input, real === null ? null : sha256File(real));
    checked++;
  });
  return checked;
}
