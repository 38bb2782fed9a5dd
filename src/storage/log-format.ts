import * as A from 'apache-arrow';
import { EVENT_TYPES, type SimEvent } from '../events/index.js';

// The event log's format: its manifest, its columns, and which event fields have typed columns.

/** Format 2: typed columns for bars, derived bars and gaps; XXH3-128 log hash. */
export const LOG_FORMAT_VERSION = '2';

/** An input's sha256 not known yet (written at the close; a log cut short keeps it). */
export const PENDING_SHA256 = 'x'.repeat(64);

export interface InputFile {
  /** Exchange-local date of the day file. */
  readonly date: string;
  /** Path relative to the dataset root. */
  readonly path: string;
  /** sha256 of the file's bytes; null when the file did not exist at the start of the run. */
  readonly sha256: string | null;
}

/** What a log needs to be replayed and checked: written ahead of the events. */
export interface LogManifest {
  readonly format: string;
  readonly packageVersion: string;
  readonly calendarVersion: string;
  readonly config: unknown;
  readonly dataRoot: string;
  readonly inputs: readonly InputFile[];
  readonly bars: 'full' | 'ref';
  /** The log hash's algorithm over the events' canonical records (absent: none was kept). */
  readonly logHash?: string;
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
      new A.Field('symbol', new A.Utf8(), true),
      ...TS_COLUMNS.map((c) => new A.Field(c, TS, true)),
      // Logged by reference: no price columns. A bar has (ref_input, ref_row) instead, and a
      // derived bar's prices are recomputed from its bars on replay.
      ...(manifest.bars === 'full' ? F64_COLUMNS.map((c) => new A.Field(c, new A.Float64(), true)) : []),
      ...I32_COLUMNS.map((c) => new A.Field(c, new A.Int32(), true)),
      ...BOOL_COLUMNS.map((c) => new A.Field(c, new A.Bool(), true)),
      new A.Field('data', new A.Utf8(), true),
    ],
    new Map([['sessionsim.log_format', LOG_FORMAT_VERSION], ['sessionsim.manifest', JSON.stringify(manifest)]]),
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
