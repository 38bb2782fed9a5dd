import * as A from 'apache-arrow';
import { SimError, showValue } from '../errors.js';
import { dayPath } from './layout.js';
import { EVENT_TYPES, type SimEvent } from '../events/index.js';
import type { SnapshotRecord } from '../state/index.js';

// The event log's format: its manifest, its columns, and which event fields have typed columns.

/**
 * Format 6 (5 with run rows in a log by reference): every record batch sealed by a check (see
 * log-seal); the inputs' sha256 pinned in the batches, each before or with the first event that
 * uses its file; a last batch without rows that holds the event count and the log hash; symbols
 * dictionary-encoded (the config's symbols first, in order, then any other as a delta); each batch
 * with its index (BatchIndex); buffers optionally compressed (LZ4 frame or ZSTD), where a column's
 * null rows, zeros, cost next to nothing. In a log by reference a row may stand for a run of
 * events (RUN_COLUMN).
 */
export const LOG_FORMAT_VERSION = '6';

/** Schema metadata keys. */
export const FORMAT_KEY = 'sessionsim.log_format';
export const MANIFEST_KEY = 'sessionsim.manifest';
/** Record batch metadata keys: inputs pinned in this batch ({"<input index>": sha256 or null}); the log's end. */
export const INPUTS_KEY = 'sessionsim.inputs';
export const END_KEY = 'sessionsim.end';
/** Record batch metadata key: what a batch of events holds (see BatchIndex), so a reader can skip it undecoded. */
export const INDEX_KEY = 'sessionsim.index';
/**
 * Record batch metadata key: the state after the batch's last event, as a snapshot record (see
 * state/snapshot-record), canonical JSON with non-finite numbers tagged; a seek starts from the
 * nearest one before its target instead of the first event.
 */
export const SNAPSHOT_KEY = 'sessionsim.snapshot';

/**
 * A log by reference's column `run`: a row where it is n (at least 2) stands for n events, the
 * k-th (k = 0 .. n - 1) with seq `seq + k`, symbol id `symbol + k`, and for a bar input row
 * `ref_row + k`, every other column as the row has it; null, one event. The writer makes one of
 * a slice's consecutive bars of one minute (a day file is in (time, symbol) order, so a minute's
 * bars are consecutive rows of its input), and of a window's derived bars with the same count:
 * a log by reference then has about a row per minute, not per bar. A full log has no such column
 * (its prices differ bar by bar).
 */
export const RUN_COLUMN = 'run';

/**
 * A batch's index, in its own (sealed) message metadata: its events (`rows`, where a run row
 * counts as its events), its smallest and largest seq (seqs are not in log order: a later event
 * may have been scheduled earlier), its first and last time, the event types present as a
 * bitmask over the log's type dictionary, and the symbols present as sorted, disjoint, inclusive
 * ranges of ids in the symbol dictionary (whose first entries are the config's symbols, in order:
 * a reader knows them from the manifest). A reader reads every batch's metadata without its body,
 * so a log cut short needs no index rebuilt.
 */
export interface BatchIndex {
  /** Events, not rows (see RUN_COLUMN). */
  readonly rows: number;
  readonly seq: readonly [number, number];
  readonly time: readonly [number, number];
  readonly types: number;
  /** Absent: not known (a reader must decode the batch to know). */
  readonly symbols?: readonly (readonly [number, number])[];
}

/** A batch's index as written; null for a batch without one or a malformed one (then it is read like any). */
export function parseBatchIndex(text: string | undefined): BatchIndex | null {
  if (text === undefined) return null;
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { return null; }
  const r = raw as Partial<BatchIndex>;
  const pair = (p: unknown) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (typeof raw !== 'object' || raw === null || !Number.isSafeInteger(r.rows) || !pair(r.seq) || !pair(r.time) || !Number.isSafeInteger(r.types)) return null;
  const symbols = Array.isArray(r.symbols) && r.symbols.every(pair) ? r.symbols : undefined;
  return { rows: r.rows!, seq: r.seq!, time: r.time!, types: r.types!, ...(symbols === undefined ? {} : { symbols }) };
}

/** True when a batch with this index may hold symbol id `id` (an index without symbols may hold any). */
export function mayHoldSymbol(index: BatchIndex, id: number): boolean {
  return index.symbols === undefined || index.symbols.some(([lo, hi]) => lo <= id && id <= hi);
}

/**
 * A symbol's id in a log's symbol dictionary as the manifest alone tells it: the config's symbols
 * come first, in their order. Null for a symbol outside that list (its id depends on when the run
 * first met it).
 */
export function knownSymbolId(manifest: LogManifest, symbol: string): number | null {
  const i = knownSymbols(manifest).indexOf(symbol);
  return i < 0 ? null : i;
}

/** The symbols a log's dictionary starts with: its config's, when they are a list of strings. */
export function knownSymbols(manifest: LogManifest): readonly string[] {
  const symbols = (manifest.config as { symbols?: unknown } | null)?.symbols;
  return Array.isArray(symbols) && symbols.every((s) => typeof s === 'string') ? symbols : [];
}

/**
 * A batch's snapshot as the log holds it: a snapshot record (state/snapshot-record) whose shape is
 * checked here, its non-finite numbers turned back into numbers; anything else is LOG_CORRUPT.
 */
export function parseSnapshot(text: string, file: string, batch: number): SnapshotRecord {
  const bad = (what: string): never => {
    throw new SimError('LOG_CORRUPT', `${showValue(file, 200)}: batch ${batch}: bad state snapshot: ${what}`, { file, value: text.slice(0, 80) });
  };
  let raw: unknown;
  try { raw = JSON.parse(text, untagNonFinite); } catch { bad('not JSON'); }
  if (!isObject(raw) || !isObject(raw.state) || !isObject(raw.sessions) || !isObject(raw.quality) || (raw.day !== null && !isObject(raw.day))) return bad('not a snapshot record');
  for (const k of ['sessions', 'quality'] as const) {
    const part = raw[k] as Record<string, unknown>;
    if (!Number.isSafeInteger(part.from) || (part.from as number) < 0 || !Array.isArray(part.rows) || !part.rows.every(isObject)) bad(`${k} must be {"from", "rows"}`);
  }
  if (raw.book !== undefined) {
    const b = raw.book;
    if (!isObject(b) || typeof b.cash !== 'number' || !Array.isArray(b.positions) || !Array.isArray(b.orders) || !Array.isArray(b.marks) || !isObject(b.totals)) bad('book must hold cash, positions, orders, marks and totals');
  }
  if (raw.day !== null) {
    const day = raw.day as Record<string, unknown>;
    const texts = (o: unknown) => isObject(o) && Object.values(o).every((v) => typeof v === 'string');
    if (!Array.isArray(day.names) || !day.names.every((n) => typeof n === 'string') || !texts(day.bars) || !texts(day.derived)) bad('day must hold names, bars and derived bars');
  }
  return raw as unknown as SnapshotRecord;
}

/** Sorted, disjoint, inclusive ranges of the ids marked 1 in `present`. */
export function idRanges(present: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < present.length; i++) {
    if (present[i] !== 1) continue;
    let j = i;
    while (j + 1 < present.length && present[j + 1] === 1) j++;
    out.push([i, j]);
    i = j;
  }
  return out;
}

/** The bitmask of a set of event types, over the log's type dictionary. */
export function typeMask(types: Iterable<SimEvent['type']>): number {
  let m = 0;
  for (const t of types) m |= 1 << logTypeIndex(t);
  return m;
}

export interface InputFile {
  /** Exchange-local date of the day file. */
  readonly date: string;
  /** Path relative to the dataset root: always `dayPath(interval, date)`. */
  readonly path: string;
  /**
   * sha256 of the file's bytes as the run read them (null: there was no such file). Not in the
   * manifest: pinned in the batches as the run goes; undefined when the log ends before.
   */
  readonly sha256?: string | null;
}

/** What a log needs to be replayed and checked: written ahead of the events. */
export interface LogManifest {
  readonly format: string;
  readonly packageVersion: string;
  readonly calendarVersion: string;
  readonly config: unknown;
  /** The dataset root as an absolute path. */
  readonly dataRoot: string;
  readonly inputs: readonly InputFile[];
  readonly bars: 'full' | 'ref';
  /** The log hash's algorithm over the events' canonical records (absent: none was kept). */
  readonly logHash?: string;
}

/** The last batch's record of what the log holds. */
export interface LogEnd {
  readonly events: number;
  /** The log hash the run computed (null: the run kept none). */
  readonly hash: string | null;
}

/** Where a bar event's prices live in an input file (log by reference). */
export interface BarRef {
  readonly input: number;
  readonly row: number;
}

export const TYPE_DICT = A.vectorFromArray([...EVENT_TYPES], new A.Utf8());
export const TYPE_INDEX = new Map(EVENT_TYPES.map((t, i) => [t, i]));
export const TS = new A.TimestampMillisecond('UTC');
export const TYPE = new A.Dictionary(new A.Utf8(), new A.Int8(), 0);
export const SYMBOL = new A.Dictionary(new A.Utf8(), new A.Int32(), 1);

/** Index of an event type in the log's `type` dictionary. */
export function logTypeIndex(type: SimEvent['type']): number {
  return TYPE_INDEX.get(type)!;
}

export type TsColumn = 'start' | 'end';
export type F64Column = 'open' | 'high' | 'low' | 'close' | 'volume';
export type I32Column = 'ref_input' | 'ref_row' | 'minutes' | 'count';
export type BoolColumn = 'late' | 'history';
export type FieldColumn = TsColumn | F64Column | 'minutes' | 'count' | BoolColumn;
export const TS_COLUMNS: readonly TsColumn[] = ['start', 'end'];
export const F64_COLUMNS: readonly F64Column[] = ['open', 'high', 'low', 'close', 'volume'];
export const I32_COLUMNS: readonly I32Column[] = ['ref_input', 'ref_row', 'minutes', 'count'];
export const BOOL_COLUMNS: readonly BoolColumn[] = ['late', 'history'];

/**
 * The fields of the bulky event types that have typed columns (field -> column); every other
 * field goes to `data` as canonical JSON. A gap's first and last missing starts are its `start`
 * and `end`, its number of missing bars its `count`.
 */
export const FIELD_COLUMNS: Partial<Record<SimEvent['type'], Readonly<Record<string, FieldColumn>>>> = {
  BarArrived: { start: 'start', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', late: 'late', history: 'history' },
  DerivedBarCompleted: { start: 'start', end: 'end', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', minutes: 'minutes', count: 'count' },
  GapDetected: { from: 'start', to: 'end', missing: 'count' },
};
export const PRICE_FIELDS = new Set<string>(F64_COLUMNS);

export function logSchema(manifest: LogManifest): A.Schema {
  return new A.Schema(
    [
      new A.Field('seq', new A.Int64(), false),
      new A.Field('time', TS, false),
      new A.Field('type', TYPE, false),
      new A.Field('symbol', SYMBOL, true),
      ...TS_COLUMNS.map((c) => new A.Field(c, TS, true)),
      // Logged by reference: no price columns. A bar has (ref_input, ref_row) instead, and a
      // derived bar's prices are recomputed from its bars on replay.
      ...(manifest.bars === 'full' ? F64_COLUMNS.map((c) => new A.Field(c, new A.Float64(), true)) : []),
      ...I32_COLUMNS.map((c) => new A.Field(c, new A.Int32(), true)),
      ...BOOL_COLUMNS.map((c) => new A.Field(c, new A.Bool(), true)),
      new A.Field('data', new A.Utf8(), true),
      ...(manifest.bars === 'full' ? [] : [new A.Field(RUN_COLUMN, new A.Int32(), true)]),
    ],
    new Map([[FORMAT_KEY, LOG_FORMAT_VERSION], [MANIFEST_KEY, JSON.stringify({ ...manifest, inputs: manifest.inputs.map(({ date, path }) => ({ date, path })) })]]),
  );
}

/**
 * JSON has no NaN or infinities (canonical text spells them as strings, which would read back as
 * strings): in `data` they are written as {"$n": "NaN"} and turned back into numbers on reading.
 */
export function tagNonFinite(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $n: String(value) };
  if (Array.isArray(value)) return value.map(tagNonFinite);
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = tagNonFinite(v);
    return out;
  }
  return value;
}

export function untagNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$n') return Number((value as { $n: string }).$n);
  }
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const SHA256 = /^[0-9a-f]{64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The manifest as read from a log, checked for shape: JSON, every key of its type and no other,
 * and each input a day file of the dataset layout (a relative path that cannot leave the root).
 * Anything else is LOG_CORRUPT naming what is wrong. The config's own check is the caller's.
 */
export function parseManifest(text: string, file: string): LogManifest {
  const bad = (what: string, value?: unknown): never => {
    throw new SimError('LOG_CORRUPT', `${showValue(file, 200)}: bad manifest: ${what}`, { file, key: 'manifest', value });
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    bad(`not JSON (${(e as Error).message})`, text.slice(0, 80));
  }
  if (!isObject(raw)) return bad(`not an object but ${showValue(raw, 40)}`);
  const keys = ['format', 'packageVersion', 'calendarVersion', 'config', 'dataRoot', 'inputs', 'bars', 'logHash'];
  for (const k of Object.keys(raw)) if (!keys.includes(k)) bad(`unknown key ${showValue(k)}`, k);
  if (raw.format !== LOG_FORMAT_VERSION) bad(`format is ${showValue(raw.format)}, the schema says ${LOG_FORMAT_VERSION}`, raw.format);
  for (const k of ['packageVersion', 'calendarVersion'] as const) if (typeof raw[k] !== 'string') bad(`${k} must be a string, found ${showValue(raw[k])}`, raw[k]);
  if (!isObject(raw.config)) bad(`config must be an object, found ${showValue(raw.config)}`, raw.config);
  if (typeof raw.dataRoot !== 'string' || !raw.dataRoot.startsWith('/')) bad(`dataRoot must be an absolute path, found ${showValue(raw.dataRoot)}`, raw.dataRoot);
  if (raw.bars !== 'full' && raw.bars !== 'ref') bad(`bars must be "full" or "ref", found ${showValue(raw.bars)}`, raw.bars);
  if (raw.logHash !== undefined && typeof raw.logHash !== 'string') bad(`logHash must be a string, found ${showValue(raw.logHash)}`, raw.logHash);
  if (!Array.isArray(raw.inputs)) return bad(`inputs must be an array, found ${showValue(raw.inputs)}`, raw.inputs);
  const interval = (raw.config as { interval?: unknown }).interval ?? '1m';
  const inputs = raw.inputs.map((input: unknown, i: number): InputFile => {
    if (!isObject(input) || Object.keys(input).some((k) => k !== 'date' && k !== 'path')) return bad(`inputs[${i}] must be {"date", "path"}, found ${showValue(input)}`, input);
    const { date, path } = input;
    if (typeof date !== 'string' || !DATE.test(date)) return bad(`inputs[${i}].date ${showValue(date)} is not a date`, date);
    // The one path a day file has: never absolute, never `..`, never a file outside the dataset.
    let expected: string | null = null;
    try { expected = dayPath(interval as '1m', date); } catch { /* a bad interval or date: no path is right */ }
    if (path !== expected) return bad(`inputs[${i}].path ${showValue(path)} is not the day file of ${date} (${expected ?? 'no valid interval'}) under the data root`, path);
    return { date, path: path as string };
  });
  return { ...(raw as unknown as LogManifest), inputs };
}

/** A batch's pinned inputs ({"<index>": sha256 or null}), checked against the manifest's inputs. */
export function parseInputPins(text: string, inputs: number, where: string): Map<number, string | null> {
  const bad = (what: string): never => {
    throw new SimError('LOG_CORRUPT', `${where}: bad input hashes: ${what}`, { value: text.slice(0, 80) });
  };
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { bad('not JSON'); }
  if (!isObject(raw)) bad('not an object');
  const out = new Map<number, string | null>();
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const i = Number(k);
    if (!/^\d+$/.test(k) || i >= inputs) bad(`no input ${showValue(k)} in the manifest`);
    if (v !== null && (typeof v !== 'string' || !SHA256.test(v))) bad(`inputs[${k}]: ${showValue(v)} is not a sha256`);
    out.set(i, v as string | null);
  }
  return out;
}

/** The end batch's record. */
export function parseLogEnd(text: string, where: string): LogEnd {
  let raw: unknown = null;
  try { raw = JSON.parse(text); } catch { /* reported below */ }
  if (!isObject(raw) || !Number.isSafeInteger(raw.events) || (raw.events as number) < 0 || (raw.hash !== null && (typeof raw.hash !== 'string' || !/^[0-9a-f]{32}$/.test(raw.hash)))) {
    throw new SimError('LOG_CORRUPT', `${where}: bad end record ${showValue(text)}`, { value: text.slice(0, 80) });
  }
  return { events: raw.events as number, hash: raw.hash as string | null };
}
