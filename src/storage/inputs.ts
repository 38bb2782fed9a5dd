import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SimError } from '../errors.js';
import type { InputFile } from './event-log.js';
import { dayFile, type Interval } from './layout.js';

export function sha256File(file: string): string | null {
  if (!existsSync(file)) return null;
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The day files of a run with their hashes, for the log manifest. */
export function describeInputs(root: string, interval: Interval, dates: readonly string[]): InputFile[] {
  return dates.map((date) => {
    const file = dayFile(root, interval, date);
    return { date, path: path.relative(path.resolve(root), file), sha256: sha256File(file) };
  });
}

/** Replay check: every input must still hash as it did when the run read it. */
export function verifyInputs(root: string, inputs: readonly InputFile[]): void {
  for (const input of inputs) {
    const file = path.join(path.resolve(root), input.path);
    const now = sha256File(file);
    if (now !== input.sha256) {
      throw new SimError('LOG_INPUT_CHANGED', `input ${file} changed since the run (sha256 ${input.sha256 ?? 'absent'} then, ${now ?? 'absent'} now)`, { file, expected: input.sha256, actual: now });
    }
  }
}
