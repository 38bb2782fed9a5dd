import { realpathSync } from 'node:fs';
import path from 'node:path';
import { SimError, showValue } from '../errors.js';

/**
 * Every file read from a dataset must really be inside its root: a symbolic link (a day file, a
 * `date=` or `interval=` folder) that points elsewhere would make a run read, hash and log a file
 * the dataset does not hold. The root itself may be a link (a dataset on another disk).
 */

/** The real path of `file`, which must lie inside the real `root`; null when it does not exist. */
export function realPathInRoot(root: string, file: string): string | null {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    // No root, no files in it: the caller reports the file as missing.
    return null;
  }
  let real: string;
  try {
    real = realpathSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new SimError('DATA_IO', `${showValue(file, 200)}: ${(e as Error).message}`, { file });
  }
  const rel = path.relative(realRoot, real);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new SimError('DATA_OUTSIDE_ROOT', `${showValue(file, 200)} resolves outside the data root ${showValue(root, 120)} (a symbolic link?); it is not read`, { file, root, real });
  }
  return real;
}
