import { existsSync, readFileSync, statSync } from 'node:fs';
import * as A from 'apache-arrow';
import { SimError, showValue } from '../errors.js';
import { isEventType, rankOf, type SimEvent } from '../events/index.js';
import { numericValues } from './arrow-numbers.js';
import { BOOL_COLUMNS, END_KEY, F64_COLUMNS, FIELD_COLUMNS, FORMAT_KEY, INPUTS_KEY, LOG_FORMAT_VERSION, logSchema, MANIFEST_KEY, parseInputPins, parseLogEnd, parseManifest, TS_COLUMNS, untagNonFinite, type BarRef, type InputFile, type LogEnd, type LogManifest } from './log-format.js';
import { SealedStreamReader } from './log-seal.js';

export interface LogContents {
  /** The manifest, each input with the sha256 the log pinned for it (undefined: never pinned). */
  readonly manifest: LogManifest;
  /**
   * Events in the order they were handled, which is (time, rank, seq) order: replay folds them
   * in this order. Bars stored by reference come without prices (see `refs`).
   */
  readonly events: SimEvent[];
  /** Reference per event index, for `bars: 'ref'` logs. */
  readonly refs: (BarRef | null)[];
  /** True when the file stops before the log's end (a killed run): every batch before is whole and checked. */
  readonly truncated: boolean;
  /** True when the log is a `.partial`: its run was killed or failed, and never closed it. */
  readonly incomplete: boolean;
  /** The log's end record (event count, log hash); null when the log was cut short. */
  readonly end: LogEnd | null;
  readonly path: string;
}

/** The stream's first 8 bytes: an Arrow IPC stream starts with a message (continuation marker). */
function kindOfFile(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'it is empty';
  if (Buffer.from(bytes.subarray(0, 6)).toString('latin1') === 'ARROW1') return 'it is an Arrow IPC file (a day file?), not an Arrow stream';
  if (!bytes.subarray(0, 4).every((b) => b === 0xff)) return 'it is not an Arrow stream';
  return null;
}

/**
 * Reads a log (or its `.partial` when the run never closed it). Every batch's seal is checked
 * before its events are decoded: bad bytes anywhere are LOG_CORRUPT naming the batch and byte
 * offset; a file that stops early reads up to its last whole batch and says so (`truncated`).
 * A manifest that is not the format's, pins that name no input, a reference to an input not
 * pinned before it, events out of order or an end record that does not match are LOG_CORRUPT.
 */
export function readLog(path: string): LogContents {
  const file = existsSync(path) ? path : existsSync(`${path}.partial`) ? `${path}.partial` : path;
  const shown = showValue(file, 200);
  let bytes: Uint8Array;
  try {
    if (statSync(file).isDirectory()) throw new SimError('DATA_IO', `cannot read the event log ${shown}: it is a folder`, { file });
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof SimError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new SimError('DATA_IO', `cannot read the event log ${shown}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, { file: path });
  }
  const notLog = kindOfFile(bytes);
  if (notLog !== null) throw new SimError('LOG_CORRUPT', `${shown} is not a sessionsim event log: ${notLog}`, { file });
  const frames = new SealedStreamReader(bytes, file, END_KEY);
  const events: SimEvent[] = [];
  const refs: (BarRef | null)[] = [];
  let manifest: LogManifest | null = null;
  let pins: (string | null | undefined)[] = [];
  let end: LogEnd | null = null;
  let decoded = 0;
  try {
    const reader = A.RecordBatchReader.from(frames.chunks());
    reader.open();
    if (frames.batches.length === 0) throw notStarted(frames, shown, file) ?? beforeFirstBatch(shown, bytes, file);
    manifest = checkSchema(reader.schema, file);
    pins = manifest.inputs.map(() => undefined);
    for (const batch of reader) {
      const info = frames.batches[decoded++]!;
      const where = `${shown}: batch ${info.index} (bytes ${info.offset}..${info.end})`;
      const pinned = info.metadata.get(INPUTS_KEY);
      if (pinned !== undefined) for (const [i, sha] of parseInputPins(pinned, pins.length, where)) pins[i] = sha;
      decodeBatch(batch, events, refs, pins, where);
      const last = info.metadata.get(END_KEY);
      if (last !== undefined) end = parseLogEnd(last, where);
    }
  } catch (e) {
    if (e instanceof SimError) {
      if (e.details.reason === 'unsealed' && frames.batches.length === 0) throw notStarted(frames, shown, file) ?? e;
      if (e.code !== 'LOG_CORRUPT' || events.length === 0) throw e;
      // Say how far the log is intact.
      throw new SimError(e.code, `${e.message} (the ${events.length} events before, to seq ${events[events.length - 1]!.seq}, are intact)`, e.details);
    }
    if (frames.batches.length === 0 && frames.ending?.kind === 'cut') throw beforeFirstBatch(shown, bytes, file);
    // Checked bytes that the Arrow library cannot decode: not a log this version wrote.
    throw new SimError('LOG_CORRUPT', `${shown}: undecodable Arrow data after batch ${Math.max(0, decoded - 1)}: ${(e as Error).message}`, { file });
  }
  if (manifest === null) throw new SimError('LOG_CORRUPT', `${shown}: no schema`, { file });
  if (end !== null && end.events !== events.length) throw new SimError('LOG_CORRUPT', `${shown}: the log's end record says ${end.events} events, it holds ${events.length}`, { file });
  // The log is in handling order: its (time, rank, seq) keys strictly increase.
  const bad = events.findIndex((e, i) => i > 0 && !(compareKeys(events[i - 1]!, e) < 0));
  if (bad >= 0) throw new SimError('LOG_CORRUPT', `${shown}: event ${bad} (seq ${events[bad]!.seq}) is out of (time, rank, seq) order`, { file, row: bad });
  const inputs = manifest.inputs.map((input, i): InputFile => (pins[i] === undefined ? input : { ...input, sha256: pins[i] }));
  return { manifest: { ...manifest, inputs }, events, refs, truncated: frames.ending?.kind !== 'eos', incomplete: file.endsWith('.partial'), end, path: file };
}

/** Why a stream has no checked batch, when its (unchecked) schema says: another writer, or an older format. */
function notStarted(frames: SealedStreamReader, shown: string, file: string): SimError | null {
  const meta = frames.schemaMetadata();
  if (meta !== null && meta.get(MANIFEST_KEY) === undefined) return new SimError('LOG_CORRUPT', `${shown} is not a sessionsim event log: an Arrow stream without a sessionsim manifest`, { file });
  const format = meta?.get(FORMAT_KEY);
  if (format !== undefined && format !== LOG_FORMAT_VERSION) return oldFormat(format, shown, file);
  return null;
}

function beforeFirstBatch(shown: string, bytes: Uint8Array, file: string): SimError {
  return new SimError('LOG_TRUNCATED', `${shown} stops at byte ${bytes.length}, before its first batch: there is nothing in it to replay`, { file });
}

function oldFormat(format: string, shown: string, file: string): SimError {
  return new SimError('LOG_CORRUPT', `${shown}: log format ${showValue(format)} is not the format this version reads (${LOG_FORMAT_VERSION}); replay it with the sessionsim version that wrote it`, { file, value: format });
}

/** The schema of a checked stream: this format's, with a manifest of the right shape and the columns it implies. */
function checkSchema(schema: A.Schema, file: string): LogManifest {
  const shown = showValue(file, 200);
  const format = schema.metadata.get(FORMAT_KEY);
  const raw = schema.metadata.get(MANIFEST_KEY);
  if (raw === undefined) throw new SimError('LOG_CORRUPT', `${shown} is not a sessionsim event log: an Arrow stream without a sessionsim manifest`, { file });
  if (format !== LOG_FORMAT_VERSION) throw oldFormat(format ?? 'none', shown, file);
  const manifest = parseManifest(raw, file);
  const want = logSchema(manifest).fields;
  const have = schema.fields;
  const differs = want.findIndex((f, i) => have[i]?.name !== f.name || String(have[i]?.type) !== String(f.type));
  if (differs >= 0 || have.length !== want.length) {
    const i = differs >= 0 ? differs : Math.min(have.length, want.length);
    throw new SimError('LOG_CORRUPT', `${shown}: column ${i} is ${have[i] === undefined ? 'missing' : `${showValue(have[i]!.name)} ${String(have[i]!.type)}`}, a ${manifest.bars} log has ${want[i] === undefined ? 'no more columns' : `${showValue(want[i]!.name)} ${String(want[i]!.type)}`}`, { file, column: i });
  }
  return manifest;
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

/** Keys `data` may not set: the row's own columns, and a prototype. */
const RESERVED = new Set(['type', 'time', 'seq', '__proto__']);

/**
 * A checked batch's rows as events. Its bytes are as the writer wrote them, so what is refused
 * here is a log made to look like one: an unknown type, `data` that is not a JSON object, a
 * reference to an input the log has not pinned (a bar by reference must come after its file's
 * hash, so that a log cut short still pins every file it uses).
 */
function decodeBatch(batch: A.RecordBatch, events: SimEvent[], refs: (BarRef | null)[], pins: readonly (string | null | undefined)[], where: string): void {
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
  const bad = (i: number, what: string): never => {
    throw new SimError('LOG_CORRUPT', `${where}: the event with seq ${seq.values[i]} ${what}`, { row: events.length, value: seq.values[i] });
  };
  for (let i = 0; i < n; i++) {
    const t = type[i];
    if (!isEventType(t)) return bad(i, `has an unknown type ${showValue(t)}`);
    const e: Record<string, unknown> = { type: t, time: time.values[i]!, seq: seq.values[i]! };
    const s = symbol[i];
    if (s !== null && s !== undefined) e.symbol = s;
    for (const f of readersOf(t)) {
      if (f.valid !== null && f.valid[i] === 0) continue;
      const v = f.values[i];
      if (v !== null && v !== undefined) e[f.field] = v;
    }
    const d = data[i];
    if (d !== null && d !== undefined) {
      let rest: unknown;
      try { rest = JSON.parse(d as string, untagNonFinite); } catch { rest = null; }
      if (typeof rest !== 'object' || rest === null || Array.isArray(rest)) bad(i, `has data that is not a JSON object: ${showValue(d)}`);
      for (const k of Object.keys(rest as object)) if (RESERVED.has(k)) bad(i, `sets ${showValue(k)} in its data`);
      Object.assign(e, rest as object);
    }
    const ref = refInput !== null && refRow !== null && (refInput.valid === null || refInput.valid[i] === 1);
    if (ref) {
      const input = refInput!.values[i]!;
      if (typeof pins[input] !== 'string') bad(i, `refers to input ${input}, whose sha256 the log has not pinned before it`);
      if (refRow!.valid !== null && refRow!.valid[i] === 0) bad(i, 'has a reference without a row');
    }
    refs.push(ref ? { input: refInput!.values[i]!, row: refRow!.values[i]! } : null);
    events.push(e as unknown as SimEvent);
  }
}
