import { existsSync, readFileSync } from 'node:fs';
import * as A from 'apache-arrow';
import { SimError } from '../errors.js';
import { isEventType, rankOf, type SimEvent } from '../events/index.js';
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
  return { manifest: JSON.parse(raw) as LogManifest, events, refs, truncated, path: file };
}

function compareKeys(a: SimEvent, b: SimEvent): number {
  return a.time - b.time || rankOf(a.type) - rankOf(b.type) || a.seq - b.seq;
}

/** Per type, the columns its typed fields were written to (column -> field). */
const COLUMN_FIELDS = new Map(Object.entries(FIELD_COLUMNS).map(([type, m]) => [type, Object.entries(m!).map(([field, column]) => [column, field] as const)]));

function decodeBatch(batch: A.RecordBatch, events: SimEvent[], refs: (BarRef | null)[]): void {
  const col = (name: string) => batch.getChild(name);
  const seq = col('seq')!, time = col('time')!, type = col('type')!, symbol = col('symbol')!, data = col('data')!;
  const refInput = col('ref_input')!, refRow = col('ref_row')!;
  const typed = new Map<string, A.Vector>();
  for (const c of [...TS_COLUMNS, ...F64_COLUMNS, 'minutes', 'count', ...BOOL_COLUMNS]) { const v = col(c); if (v !== null) typed.set(c, v); }
  for (let i = 0; i < batch.numRows; i++) {
    const t = type.get(i);
    if (!isEventType(t)) throw new Error(`unknown event type ${String(t)}`);
    const e: Record<string, unknown> = { type: t, time: Number(time.get(i)), seq: Number(seq.get(i)) };
    const s = symbol.get(i);
    if (s !== null) e.symbol = s;
    for (const [column, field] of COLUMN_FIELDS.get(t) ?? []) {
      const vec = typed.get(column);
      if (vec === undefined) continue;
      const v = vec.get(i);
      if (v !== null) e[field] = typeof v === 'bigint' ? Number(v) : v;
    }
    const d = data.get(i);
    if (d !== null) Object.assign(e, JSON.parse(d as string, untagNonFinite) as Record<string, unknown>);
    const ri = refInput.get(i);
    refs.push(ri === null ? null : { input: ri as number, row: refRow.get(i) as number });
    events.push(e as unknown as SimEvent);
  }
}
