import { copyFileSync, existsSync, linkSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { SimError, showValue } from '../errors.js';
import { columnsFromRows } from './columns.js';
import type { ImportInput, ParsedRow, RejectedRow } from './import-types.js';
import type { Interval } from './layout.js';
import { openOutput, type OutputFile } from './output.js';
import { backupName, removeJournal, writeJournal } from './import-recovery.js';
import { decodeDay } from './read-day.js';
import { encodeDay } from './write-day.js';

type Bar = Pick<ParsedRow, 'symbol' | 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

/** One day file's new content, written beside it under a temporary name, not yet in place. */
export interface StagedDay {
  readonly date: string;
  readonly file: string;
  /** The new content, flushed at its temporary name. */
  readonly out: OutputFile;
  readonly existed: boolean;
  readonly rows: number;
  readonly added: number;
  readonly symbols: readonly string[];
}

export interface MergeTally {
  /** Rows per input that are in the dataset after the import (new or already there). */
  readonly kept: number[];
  added: number;
  unchanged: number;
}

function sameValues(a: Bar, b: Bar): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}

/**
 * Merges an import's rows of one day into the day file by (ts, symbol): a row the file already
 * has with the same values is left as it is (re-importing is a no-op); with other values the
 * file's row is kept and the new one rejected as `existing-differs`. Rows the existing file
 * itself flags (its reader skips them) are reported when the file is rewritten without them.
 * Returns the staged file, or null when nothing changes. Call with the day locked.
 */
export function stageDay(interval: Interval, date: string, file: string, rows: readonly ParsedRow[], inputs: readonly ImportInput[], tally: MergeTally, reject: (r: RejectedRow) => void): StagedDay | null {
  const existed = existsSync(file);
  const merged: Bar[] = [];
  const have = new Map<string, Bar>();
  const dropped: RejectedRow[] = [];
  if (existed) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new SimError('DATA_IO', `${showValue(file, 160)}: cannot read the existing day file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was imported`, { file });
    }
    const old = decodeDay(file, bytes, { interval });
    for (let i = 0; i < old.ts.length; i++) {
      const bar = { symbol: old.symbols[old.sym[i]!]!, ts: old.ts[i]!, open: old.open[i]!, high: old.high[i]!, low: old.low[i]!, close: old.close[i]!, volume: old.volume[i]! };
      merged.push(bar);
      have.set(`${bar.ts}\u0000${bar.symbol}`, bar);
    }
    for (const f of old.flagged) dropped.push({ file, row: f.row + 1, column: f.column, value: f.value, reason: f.flag });
  }
  let added = 0;
  for (const row of rows) {
    const before = have.get(`${row.ts}\u0000${row.symbol}`);
    if (before === undefined) {
      merged.push(row);
      added++;
    } else if (sameValues(before, row)) {
      tally.unchanged++;
    } else {
      reject({ file: inputs[row.input]!.path, row: row.line, column: row.tsColumn, value: row.tsText, reason: 'existing-differs' });
      continue;
    }
    tally.kept[row.input]!++;
  }
  if (added === 0) return null;
  tally.added += added;
  for (const r of dropped) reject(r);
  const columns = columnsFromRows(merged);
  // Through the output module: a day file that is a symlink or an input is refused, not replaced.
  const out = openOutput(file, { what: 'the day file', mkdir: true, inputs: inputs.map((i) => i.path) });
  out.write(encodeDay(interval, date, columns));
  out.keep();
  return { date, file, out, existed, rows: merged.length, added, symbols: columns.symbols };
}

/** Removes staged files that will not be put in place. */
export function discardStaged(staged: readonly StagedDay[]): void {
  for (const s of staged) s.out.discard();
}

/**
 * Puts every staged day in place, or none. The journal written first commits the import: a kill
 * from then on is finished by the next import (see import-recovery.ts). Each existing file is
 * kept under a backup name until all renames are done, and put back if one fails.
 */
export function commitStaged(root: string, staged: readonly StagedDay[]): void {
  if (staged.length === 0) return;
  const done: StagedDay[] = [];
  const backup = (s: StagedDay) => backupName(s.file);
  let journal: string | null = null;
  try {
    journal = writeJournal(root, staged.map((s) => ({ file: s.file, temp: s.out.temp })));
    for (const s of staged) {
      if (s.existed) {
        try { linkSync(s.file, backup(s)); } catch { copyFileSync(s.file, backup(s)); }
      }
      s.out.commit();
      done.push(s);
    }
  } catch (e) {
    // Not committed after all: without the journal, a kill during the undo below is undone too.
    if (journal !== null) removeJournal(journal);
    for (const s of done.reverse()) {
      try {
        if (s.existed) renameSync(backup(s), s.file); else unlinkSync(s.file);
      } catch { /* best effort: the error below names the import as failed */ }
    }
    for (const s of staged) { s.out.discard(); rmSync(backup(s), { force: true }); }
    if (e instanceof SimError) throw e;
    throw new SimError('OUTPUT_IO', `cannot put the day file ${showValue(staged[done.length]?.file ?? '', 160)} in place: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; nothing was imported`, { file: staged[done.length]?.file });
  }
  for (const s of staged) if (s.existed) rmSync(backup(s), { force: true });
  removeJournal(journal);
}
