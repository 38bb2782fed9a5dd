import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Options } from 'csv-parse';
import { SimError, showValue } from '../errors.js';
import type { SourceRecord, TableSource } from './import-source.js';

/** One CSV record: its fields and the 1-based line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** Thrown by `csvRecords` when a quoted field is never closed: the rest of the file cannot be split. */
export class UnclosedQuote extends Error {
  constructor(readonly line: number) {
    super(`a quoted field opened on line ${line} is never closed`);
  }
}

/** A file name as it appears in a message: quoted, escaped, long enough to keep the name. */
export function showFile(file: string): string {
  return showValue(file, 160);
}

export interface CsvReadOptions {
  /** The field delimiter, one character (default `,`). */
  readonly delimiter?: string;
}

/**
 * Splits CSV text (RFC 4180, through csv-parse) into records as the text arrives. A line ends at
 * `\r\n`, `\n` or a lone `\r` (old Mac files), except inside a quoted field, which may hold
 * delimiters, quotes (doubled) and line breaks. A leading byte-order mark is dropped. A quote
 * inside an unquoted field is kept as a character (vendors write `5" screen`); an unclosed quote
 * throws `UnclosedQuote` with the line the record starts on. Records of any width are returned
 * (a ragged row is the row check's to report).
 */
export async function* csvRecords(text: string | AsyncIterable<string | Buffer>, options: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  // Lines are counted as csv-parse makes each record (not as they are consumed): an error stops
  // the parser with records still buffered, and its message must name the line it stopped at. A
  // record ends one line on, plus the line breaks inside its quoted fields (kept in the values).
  let next = 1;
  const csvOptions: Options<CsvRecord, string[]> = {
    delimiter: options.delimiter ?? ',',
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    on_record: (fields: string[]): CsvRecord => {
      const line = next;
      next++;
      for (const f of fields) if (f.includes('\n') || f.includes('\r')) next += lineBreaks(f);
      return { line, fields };
    },
  };
  // Loaded by the import alone: a run or a replay never reads CSV.
  const { CsvError, parse } = await import('csv-parse');
  // csv-parse types on_record's result only with a columns option.
  const parser = parse(csvOptions as unknown as Options);
  // Errors of the text's source (an unreadable file, bad gzip) reach the loop below through the parser.
  pipeline(Readable.from(typeof text === 'string' ? [text] : text), parser, () => {});
  try {
    yield* parser as AsyncIterable<CsvRecord>;
  } catch (e) {
    if (e instanceof CsvError) {
      if (e.code === 'CSV_QUOTE_NOT_CLOSED') throw new UnclosedQuote(next);
      throw new CsvSplitError(next, e.message);
    }
    throw e;
  }
}

/** Any other reason csv-parse gives up on a file (e.g. a quote closed in the middle of a field). */
export class CsvSplitError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

/** Line breaks (`\r\n`, `\n`, lone `\r`) in a text. */
function lineBreaks(text: string): number {
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) k++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) k++;
  }
  return k;
}

function ioError(file: string, e: unknown): SimError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : code ?? (e as Error).message;
  return new SimError('DATA_IO', `${showFile(file)}: cannot read it (${why})`, { file });
}

/** A file's bytes as they are read (never the whole file at once); a read error is DATA_IO naming it. */
async function* fileBytes(file: string): AsyncGenerator<Buffer> {
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
  } catch (e) {
    throw ioError(file, e);
  } finally {
    stream.destroy();
  }
}

/** Bytes gunzipped when they start with gzip's magic (or the name ends in .gz); bad gzip is IMPORT_BAD_CSV naming the file. */
async function* maybeGunzip(file: string, bytes: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  let done = false;
  while (head.length < 2 && !done) {
    const r = await bytes.next();
    if (r.done) done = true;
    else head = Buffer.concat([head, r.value]);
  }
  const rest = async function* () {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const r = await bytes.next();
      if (r.done) return;
      yield r.value;
    }
  };
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (!gzip) {
    if (/\.gz$/i.test(file) && head.length > 0) throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: named .gz but not gzip data`, { file });
    yield* rest();
    return;
  }
  const gunzip = createGunzip();
  pipeline(Readable.from(rest()), gunzip, () => {});
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (e) {
    if (e instanceof SimError) throw e;
    throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: gzip data that cannot be read (${(e as Error).message}); nothing was imported`, { file });
  } finally {
    gunzip.destroy();
  }
}

/**
 * Bytes checked as they go (a binary, UTF-16, non-UTF-8 or empty file is a clean error naming it)
 * and passed on as they are: csv-parse splits bytes faster than text.
 */
async function* checkedBytes(file: string, bytes: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const notUtf8 = () => new SimError('IMPORT_BAD_CSV', `${showFile(file)}: not UTF-8 text`, { file });
  let at = 0;
  for await (const b of bytes) {
    if (at === 0 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
      throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: UTF-16 text; save it as UTF-8`, { file });
    }
    const nul = b.indexOf(0);
    if (nul >= 0) throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: not a text file (a NUL byte at byte ${at + nul})`, { file, value: at + nul });
    try {
      decoder.decode(b, { stream: true });
    } catch {
      throw notUtf8();
    }
    at += b.length;
    yield b;
  }
  if (at === 0) throw new SimError('IMPORT_NO_ROWS', `${showFile(file)}: the file is empty (no header, no rows)`, { file });
  try {
    decoder.decode();
  } catch {
    throw notUtf8();
  }
}

/** A CSV file (gzipped or not) as a table source, read as a stream. */
export function csvSource(file: string, options: CsvReadOptions = {}): TableSource {
  return {
    file,
    unit: 'line',
    header: null,
    async *records(): AsyncGenerator<SourceRecord> {
      const bytes = checkedBytes(file, maybeGunzip(file, fileBytes(file)[Symbol.asyncIterator]()));
      const delimiter = options.delimiter ?? ',';
      try {
        for await (const r of csvRecords(bytes, options)) yield { line: r.line, cells: r.fields, text: () => r.fields.map((f) => quoted(f, delimiter)).join(delimiter) };
      } catch (e) {
        if (e instanceof UnclosedQuote) throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: line ${e.line}: a quoted field is never closed`, { file, row: e.line });
        if (e instanceof CsvSplitError) throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: line ${e.line}: cannot split it (${e.message})`, { file, row: e.line });
        throw e;
      }
    },
  };
}

/** A field as written in a record with this delimiter (for a ragged row's report). */
function quoted(f: string, delimiter: string): string {
  return f.includes(delimiter) || /["\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}

/** A field as a CSV cell: quoted when it holds a delimiter, a quote, a line break or edge spaces. */
export function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
