import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { FileMetaData, SchemaElement } from 'hyparquet';
import { formatDay } from '../calendar/days.js';
import { SimError } from '../errors.js';
import { showFile } from './csv.js';
import { TypedTime, type Cell, type SourceRecord, type TableSource } from './import-source.js';

/** Whether a file starts with Parquet's magic (`PAR1`); a file that cannot be opened is not (its reader says why). */
export function hasParquetMagic(file: string): boolean {
  let fd: number;
  try {
    if (!statSync(file).isFile()) return false;
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const b = Buffer.alloc(4);
    return readSync(fd, b, 0, 4, 0) === 4 && b.toString('latin1') === 'PAR1';
  } finally {
    closeSync(fd);
  }
}

const bad = (file: string, why: string) => new SimError('IMPORT_BAD_PARQUET', `${showFile(file)}: ${why}; nothing was imported`, { file });

// Times come as the integers the file stores; they are turned into instants here, by the column's type.
const RAW = { timestampFromMilliseconds: (v: bigint) => v, timestampFromMicroseconds: (v: bigint) => v, timestampFromNanoseconds: (v: bigint) => v, dateFromDays: (v: number) => v };

const PER_MS = { MILLIS: 1n, MICROS: 1_000n, NANOS: 1_000_000n } as const;
type Unit = keyof typeof PER_MS;

/** ms since the epoch of an integer in `unit`; a time with a sub-millisecond part gets x.5 (off every grid). */
function toMs(v: bigint | number, unit: Unit): number {
  const n = BigInt(v), per = PER_MS[unit];
  let q = n / per, r = n % per;
  if (r < 0n) { q -= 1n; r += per; }
  return Number(q) + (r === 0n ? 0 : 0.5);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** An ms value as ISO text, the instant with a Z, the wall time without a zone (as a CSV would show it). */
function timeText(ms: number, kind: 'instant' | 'wall'): string {
  const whole = Math.floor(ms);
  const d = new Date(whole);
  if (Number.isNaN(d.getTime())) return String(ms);
  const s = d.toISOString();
  const text = whole === ms ? s : s.replace(/\.(\d{3})Z$/, '.$1+Z');
  return kind === 'instant' ? text : text.replace(/Z$/, '');
}

function unitOf(u: unknown): Unit {
  if (typeof u === 'string' && u in PER_MS) return u as Unit;
  return 'MILLIS';
}

/** How a column's stored values become cells, by its Parquet type. */
function converter(el: SchemaElement): (v: unknown) => Cell {
  const lt = el.logical_type, ct = el.converted_type;
  if (lt?.type === 'TIMESTAMP' || ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS' || (el.type === 'INT96' && ct === undefined)) {
    // A timestamp adjusted to UTC is an instant (pyarrow's timestamp with a zone); one that is not
    // is the wall time of a clock (no zone): the exchange's, like an offset-less string.
    const unit: Unit = lt?.type === 'TIMESTAMP' ? unitOf(lt.unit) : ct === 'TIMESTAMP_MICROS' ? 'MICROS' : el.type === 'INT96' ? 'NANOS' : 'MILLIS';
    const kind = lt?.type === 'TIMESTAMP' && !lt.isAdjustedToUTC ? 'wall' : 'instant';
    return (v) => {
      if (v === null || v === undefined) return null;
      // Anything but an integer is shown as text, for the row check to reject with what it holds.
      if (typeof v !== 'bigint' && !Number.isInteger(v)) return String(v);
      const ms = toMs(v as bigint, unit);
      return new TypedTime(kind, ms, timeText(ms, kind));
    };
  }
  if (lt?.type === 'DATE' || ct === 'DATE') return (v) => (typeof v === 'number' ? formatDay(v) : null);
  if (lt?.type === 'TIME' || ct === 'TIME_MILLIS' || ct === 'TIME_MICROS') {
    const unit: Unit = lt?.type === 'TIME' ? unitOf(lt.unit) : ct === 'TIME_MICROS' ? 'MICROS' : 'MILLIS';
    return (v) => {
      if (v === null || v === undefined) return null;
      if (typeof v !== 'bigint' && !Number.isInteger(v)) return String(v);
      const ms = toMs(v as bigint, unit);
      const t = Math.floor(ms);
      return `${pad(Math.floor(t / 3_600_000))}:${pad(Math.floor(t / 60_000) % 60)}:${pad(Math.floor(t / 1000) % 60)}.${pad(t % 1000, 3)}`;
    };
  }
  return (v) => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
    // Nested or binary values are no bar field: shown as text, so a check rejects them with what they hold.
    return v instanceof Uint8Array ? `<${v.length} bytes>` : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
  };
}

/** Path keys (`symbol=SPY` folders of a Hive-partitioned lake): extra columns with one value for the whole file. */
export type Partition = readonly (readonly [string, string | null])[];

/**
 * A Parquet file as a table source: its top-level columns, then the partition keys of its path.
 * Read one row group at a time, only the columns the import uses. A file that is not Parquet, is
 * cut short or whose pages do not decode is IMPORT_BAD_PARQUET naming it; the rows read are
 * checked against the count in its footer, so a damaged file is never a shorter import.
 */
export async function parquetSource(file: string, partition: Partition = []): Promise<TableSource> {
  if (!hasParquetMagic(file)) {
    try {
      statSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new SimError('DATA_IO', `${showFile(file)}: cannot read it (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message})`, { file });
    }
    if (statSync(file).isDirectory()) throw new SimError('DATA_IO', `${showFile(file)}: cannot read it (it is a folder)`, { file });
    throw bad(file, statSync(file).size === 0 ? 'the file is empty, not Parquet' : 'not a Parquet file (it does not start with PAR1)');
  }
  // Loaded by the import alone (46 modules): a run or a replay never reads Parquet.
  const [{ asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  let metadata: FileMetaData;
  const buffer = await asyncBufferFromFile(file);
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (e) {
    throw bad(file, `its footer cannot be read (${(e as Error).message}): cut short or not Parquet`);
  }
  const columns = parquetSchema(metadata).children.map((c) => c.element);
  const own = columns.map((c) => c.name);
  const header = [...own, ...partition.map(([k]) => k)];
  const total = Number(metadata.num_rows);
  return {
    file,
    unit: 'row',
    header,
    async *records(wanted: readonly number[]): AsyncGenerator<SourceRecord> {
      const read = wanted.filter((i) => i < own.length);
      const convert = columns.map(converter);
      const fixed: Cell[] = partition.map(([, v]) => v);
      let start = 0;
      for (const group of metadata.row_groups) {
        const n = Number(group.num_rows);
        // Columns as hyparquet decodes them (a chunk may reach past the group: only the group's rows are kept).
        const data = new Map<string, unknown[]>();
        const got = new Map<string, number>();
        try {
          await parquetRead({
            file: buffer, metadata, compressors, rowStart: start, rowEnd: start + n, columns: read.map((i) => own[i]!), parsers: RAW as never, utf8: true,
            onChunk: (c) => {
              let col = data.get(c.columnName);
              if (col === undefined) data.set(c.columnName, (col = new Array<unknown>(n)));
              const from = Math.max(c.rowStart, start), to = Math.min(c.rowEnd, start + n);
              for (let r = from; r < to; r++) col[r - start] = c.columnData[r - c.rowStart];
              got.set(c.columnName, (got.get(c.columnName) ?? 0) + Math.max(0, to - from));
            },
          });
        } catch (e) {
          throw bad(file, `rows ${start + 1}-${start + n} cannot be decoded (${(e as Error).message})`);
        }
        for (const i of read) {
          const k = got.get(own[i]!) ?? 0;
          if (k !== n) throw bad(file, `column ${JSON.stringify(own[i])} has ${k} of the ${n} rows its row group declares`);
        }
        const cols = own.map((name) => data.get(name));
        for (let r = 0; r < n; r++) {
          const cells: Cell[] = new Array<Cell>(header.length).fill(null);
          for (const i of read) cells[i] = convert[i]!(cols[i]![r]);
          for (const [k, v] of fixed.entries()) cells[own.length + k] = v;
          yield { line: start + r + 1, cells, text: () => `row ${start + r + 1}` };
        }
        start += n;
      }
      if (start !== total) throw bad(file, `its row groups hold ${start} rows, its footer says ${total}`);
    },
  };
}
