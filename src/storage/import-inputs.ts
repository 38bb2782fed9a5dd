import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { SimError } from '../errors.js';
import { showFile } from './csv.js';
import type { ImportInput } from './import-types.js';
import { hasParquetMagic, type Partition } from './parquet.js';

/** One file an import reads: a named input, or a Parquet file found in a named folder. */
export interface InputFile extends ImportInput {
  readonly kind: 'csv' | 'parquet';
  readonly partition: Partition;
  /** Index of the named input it comes from (a folder gives many files). */
  readonly of: number;
}

const PARQUET_NAME = /\.(parquet|parq|pq)$/i;
/** Hive's name for a null partition value. */
const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

/** `key=value` folder names as columns; Hive escapes characters as %XX. */
function partitionOf(segments: readonly string[]): Partition {
  const out: [string, string | null][] = [];
  for (const s of segments) {
    const m = /^([^=]+)=(.*)$/s.exec(s);
    if (m === null) continue;
    const v = m[2]!;
    out.push([m[1]!, v === HIVE_NULL ? null : v.replace(/%([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)))]);
  }
  return out;
}

/** Every file under a folder, sorted, skipping names that start with `.` or `_` (Hive's and Spark's markers). */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The files an import reads, in order. A folder is a Parquet lake: every file under it (sorted by
 * path) is read as Parquet, with the `key=value` folders on its way as columns (so
 * `symbol=SPY/date=2024-01-02/part-0.parquet` gives each row symbol SPY); a file in it that is not
 * Parquet is an error naming it, a folder with none is IMPORT_NO_ROWS (a folder, like a file, must
 * give at least one row; its part files need not). A file named `.parquet` (or
 * starting with Parquet's magic) is Parquet, with the `key=value` folders of its path as columns;
 * any other is CSV, gzipped or not. Files in a folder take no symbol from their names (a part file's
 * name is no symbol).
 */
export function expandInputs(inputs: readonly ImportInput[]): InputFile[] {
  const out: InputFile[] = [];
  for (const [of, input] of inputs.entries()) {
    if (!isFolder(input.path)) {
      const parquet = PARQUET_NAME.test(input.path) || hasParquetMagic(input.path);
      out.push({ ...input, of, kind: parquet ? 'parquet' : 'csv', partition: parquet ? partitionOf(path.dirname(input.path).split(/[\\/]/)) : [] });
      continue;
    }
    const files = walk(input.path);
    if (files.length === 0) throw new SimError('IMPORT_NO_ROWS', `${showFile(input.path)}: a folder with no Parquet files`, { file: input.path });
    for (const f of files) {
      if (!PARQUET_NAME.test(f) && !hasParquetMagic(f)) {
        throw new SimError('IMPORT_BAD_PARQUET', `${showFile(f)}: not a Parquet file, in the Parquet folder ${showFile(input.path)} (names starting with . or _ are skipped); nothing was imported`, { file: f });
      }
      const rel = path.relative(input.path, path.dirname(f));
      out.push({ path: f, ...(input.symbol === undefined ? {} : { symbol: input.symbol }), of, kind: 'parquet', partition: rel === '' ? [] : partitionOf(rel.split(path.sep)) });
    }
  }
  return out;
}
