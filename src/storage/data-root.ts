import { realpathSync } from 'node:fs';
import path from 'node:path';
import { SimError, showValue } from '../errors.js';

/**
 * Where a dataset's files really are, and how they are named outside it. Every file read from a
 * dataset must really be inside its root: a symbolic link (a day file, a `date=` or `interval=`
 * folder) that points elsewhere would make a run read, hash and log a file the dataset does not
 * hold. The root itself may be a link (a dataset on another disk). And what reaches the log names
 * files relative to the root, so that its hash does not depend on where the dataset lives.
 */

/** The real path of a data root; null when it does not exist (it then holds no files). */
function realRoot(root: string): string | null {
  try {
    return realpathSync(root);
  } catch {
    return null;
  }
}

/** The real path of `file`, which must lie inside the real `root`; null when it does not exist. */
export function realPathInRoot(root: string, file: string): string | null {
  const inside = realRoot(root);
  // No root, no files in it: the caller reports the file as missing.
  if (inside === null) return null;
  let real: string;
  try {
    real = realpathSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new SimError('DATA_IO', `${showValue(file, 200)}: ${(e as Error).message}`, { file });
  }
  const rel = path.relative(inside, real);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new SimError('DATA_OUTSIDE_ROOT', `${showValue(file, 200)} resolves outside the data root ${showValue(root, 120)} (a symbolic link?); it is not read`, { file, root, real });
  }
  return real;
}

/**
 * A message with the data root's absolute path taken out (`interval=1m/date=.../bars.arrow`,
 * '/' separated), under the name it was given and its real path: a reason goes into the log.
 */
export function relativeToRoot(message: string, root: string): string {
  const roots = new Set([path.resolve(root)]);
  const real = realRoot(root);
  if (real !== null) roots.add(real);
  let out = message;
  for (const r of [...roots].sort((x, y) => y.length - x.length)) {
    if (r === path.parse(r).root) continue; // a dataset at '/' names its files absolutely anyway
    out = out.replace(new RegExp(`${escapeRegExp(r)}(${escapeRegExp(path.sep)}[^\\s'":,]*)?`, 'g'), (_m, rest: string | undefined) => (rest === undefined ? '.' : rest.slice(1).split(path.sep).join('/')));
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
