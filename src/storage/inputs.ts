import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SimError } from '../errors.js';
import { PENDING_SHA256, type InputFile } from './log-format.js';
import { dayFile, type Interval } from './layout.js';

export function sha256File(file: string): string | null {
  if (!existsSync(file)) return null;
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * The day files of a run for the log manifest, without reading them: a file that exists gets the
 * PENDING_SHA256 placeholder, which the log writer replaces with its hash when the run closes it.
 */
export function pendingInputs(root: string, interval: Interval, dates: readonly string[]): InputFile[] {
  return dates.map((date) => {
    const file = dayFile(root, interval, date);
    return { date, path: path.relative(path.resolve(root), file), sha256: existsSync(file) ? PENDING_SHA256 : null };
  });
}

/**
 * Replay check: every input must still hash as it did when the run read it. An input still
 * pending (a log cut short before its close) cannot be checked and is skipped.
 */
export function verifyInputs(root: string, inputs: readonly InputFile[]): void {
  for (const input of inputs) {
    if (input.sha256 === PENDING_SHA256) continue;
    const file = path.join(path.resolve(root), input.path);
    const now = sha256File(file);
    if (now !== input.sha256) {
      throw new SimError('LOG_INPUT_CHANGED', `input ${file} changed since the run (sha256 ${input.sha256 ?? 'absent'} then, ${now ?? 'absent'} now)`, { file, expected: input.sha256, actual: now });
    }
  }
}
