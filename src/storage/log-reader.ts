import { existsSync, readFileSync } from 'node:fs';
import * as A from 'apache-arrow';
import { SimError } from '../errors.js';
import { isEventType, rankOf, type SimEvent } from '../events/index.js';
import { numericValues } from './arrow-numbers.js';
import { BOOL_COLUMNS, F64_COLUMNS, FIELD_COLUMNS, LOG_FORMAT_VERSION, TS_COLUMNS, untagNonFinite, type BarRef, type LogManifest } from './log-format.js';

export interface LogContents {
  readonly manifest: LogManifest;
  /**
   * Events in the order they were handled, which is (time, rank, seq) order: replay folds them
   * in this order. Bars stored by reference come without prices (see `refs`).
   */
  readonly events: SimEvent[];
  /** Reference per event index, for `bars: 'ref'` logs. */
  readonly refs: (BarRef | null)[];
  /** True when the log ends without its end-of-stream marker (a killed run). */
  readonly truncated: boolean;
  /** True when the log is a `.partial`: its run was killed or failed, and never closed it. */
  readonly incomplete: boolean;
  readonly path: string;
}

/** Reads a log (or its `.partial` when the run never closed it). */
export function readLog(path: string): LogContents {
  const file = existsSync(path) ? path : existsSync(`${path}.partial`) ? `${path}.partial` : path;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SimError('DATA_IO', `cannot read the event log ${path}: ${(e as Error).message}`, { file: path });
  }
  if (bytes.length < 8 || !(bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff)) {
    throw new SimError('LOG_CORRUPT', `${file} is not a sessionsim event log (no Arrow stream header)`, { file });
  }
  const hasEos = bytes.length >= 8 && bytes.subarray(bytes.length - 8).every((b, i) => (i < 4 ? b === 0xff : b === 0));
  let truncated = !hasEos;
  const events: SimEvent[] = [];
  const refs: (BarRef | null)[] = [];
  let schema: A.Schema | null = null;
  try {
    const reader = A.RecordBatchReader.from(bytes);
    reader.open();
    schema = reader.schema;
    for (const batch of reader) decodeBatch(batch, events, refs);
  } catch {
    truncated = true;
  }
  if (schema === null) throw new SimError('LOG_CORRUPT', `${file}: the log has no readable schema`, { file });
  const raw = schema.metadata.get('sessionsim.manifest');
  if (raw === undefined) throw new SimError('LOG_CORRUPT', `${file}: no sessionsim manifest in the log`, { file });
  const format = schema.metadata.get('sessionsim.log_format');
  if (format !== LOG_FORMAT_VERSION) {
    throw new SimError('LOG_CORRUPT', `${file}: log format ${JSON.stringify(format ?? null)} is not the format this version reads (${LOG_FORMAT_VERSION}); replay it with the sessionsim version that wrote it`, { file, value: format ?? null });
  }
  // The log is in handling order: its (time, rank, seq) keys strictly increase.
  const bad = events.findIndex((e, i) => i > 0 && !(compareKeys(events[i - 1]!, e) < 0));
  if (bad >= 0) throw new SimError('LOG_CORRUPT', `${file}: event ${bad} (seq ${events[bad]!.seq}) is out of (time, rank, seq) order`, { file, row: bad });
  return { manifest: JSON.parse(raw) as LogManifest, events, refs, truncated, incomplete: file.endsWith('.partial'), path: file };
}

function compareKeys(a: SimEvent, b: SimEvent): number {
  return a.time - b.time || rankOf(a.type) - rankOf(b.type) || a.seq - b.seq;
}

/** Per type, the columns its typed fields were written to (column -> field). */
const COLUMN_FIELDS = new Map(Object.entries(FIELD_COLUMNS).map(([type, m]) => [type, Object.entries(m!).map(([field, column]) => [column, field] as const)]));

/** A batch's column as numbers (see numericValues); null when the log has no such column. */
function numbers(vec: A.Vector | null): { values: Float64Array; valid: Uint8Array | null } | null {
  return vec === null ? null : numericValues(vec);
}

/** A batch's column as JS values (strings, booleans), null where null. */
function values(vec: A.Vector | null): unknown[] | null {
  return vec === null ? null : vec.toArray() as unknown[];
}

/** One typed field of a batch: where its values are, and which rows have one. */
interface FieldReader {
  readonly field: string;
  readonly values: ArrayLike<unknown>;
  /** 1 where set; null: every row is set (a null in `values` then means none). */
  readonly valid: Uint8Array | null;
}

function decodeBatch(batch: A.RecordBatch, events: SimEvent[], refs: (BarRef | null)[]): void {
  const col = (name: string) => batch.getChild(name);
  const n = batch.numRows;
  const seq = numbers(col('seq'))!, time = numbers(col('time'))!;
  const type = values(col('type'))!, symbol = values(col('symbol'))!, data = values(col('data'))!;
  const refInput = numbers(col('ref_input')), refRow = numbers(col('ref_row'));
  const columns = new Map<string, { values: ArrayLike<unknown>; valid: Uint8Array | null }>();
  for (const c of [...TS_COLUMNS, ...F64_COLUMNS, 'minutes', 'count']) { const v = numbers(col(c)); if (v !== null) columns.set(c, v); }
  for (const c of BOOL_COLUMNS) { const v = values(col(c)); if (v !== null) columns.set(c, { values: v, valid: null }); }
  // Each type's typed fields, resolved once per batch rather than per row.
  const readers = new Map<string, FieldReader[]>();
  const readersOf = (t: string): FieldReader[] => {
    let list = readers.get(t);
    if (list === undefined) {
      list = [];
      for (const [column, field] of COLUMN_FIELDS.get(t) ?? []) { const c = columns.get(column); if (c !== undefined) list.push({ field, ...c }); }
      readers.set(t, list);
    }
    return list;
  };
  for (let i = 0; i < n; i++) {
    const t = type[i];
    if (!isEventType(t)) throw new Error(`unknown event type ${String(t)}`);
    const e: Record<string, unknown> = { type: t, time: time.values[i]!, seq: seq.values[i]! };
    const s = symbol[i];
    if (s !== null && s !== undefined) e.symbol = s;
    for (const f of readersOf(t)) {
      if (f.valid !== null && f.valid[i] === 0) continue;
      const v = f.values[i];
      if (v !== null && v !== undefined) e[f.field] = v;
    }
    const d = data[i];
    if (d !== null && d !== undefined) Object.assign(e, JSON.parse(d as string, untagNonFinite) as Record<string, unknown>);
    const ref = refInput !== null && refRow !== null && (refInput.valid === null || refInput.valid[i] === 1);
    refs.push(ref ? { input: refInput!.values[i]!, row: refRow!.values[i]! } : null);
    events.push(e as unknown as SimEvent);
  }
}
