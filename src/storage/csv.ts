/** One CSV record: its fields, the 1-based line it starts on, and its text (for reports). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
  readonly text: string;
}

/** Thrown (as data, by `csvRecords`) when a quoted field is never closed: the rest of the file cannot be split. */
export class UnclosedQuote extends Error {
  constructor(readonly line: number) {
    super(`a quoted field opened on line ${line} is never closed`);
  }
}

/**
 * Splits CSV text (RFC 4180) into records. A line ends at `\r\n`, `\n` or a lone `\r` (old Mac
 * files), except inside a quoted field, which may hold delimiters, quotes (doubled) and line
 * breaks. A leading byte-order mark is dropped. A quote inside an unquoted field is kept as a
 * character (vendors write `5" screen`); an unclosed quote throws `UnclosedQuote`.
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    const start = pos;
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let atFieldStart = true;
    for (;;) {
      if (pos >= n) { fields.push(field); break; }
      const ch = text.charCodeAt(pos);
      if (atFieldStart && ch === 34 /* " */) {
        pos++;
        for (;;) {
          const q = text.indexOf('"', pos);
          if (q < 0) throw new UnclosedQuote(startLine);
          line += lineBreaks(text, pos, q);
          field += text.slice(pos, q);
          if (text.charCodeAt(q + 1) === 34) { field += '"'; pos = q + 2; } else { pos = q + 1; break; }
        }
        atFieldStart = false;
        continue;
      }
      if (ch === 44 /* , */) { fields.push(field); field = ''; atFieldStart = true; pos++; continue; }
      if (ch === 10 || ch === 13) {
        fields.push(field);
        pos += ch === 13 && text.charCodeAt(pos + 1) === 10 ? 2 : 1;
        line++;
        break;
      }
      // The rest of an unquoted field in one slice: the common case stays fast.
      let end = pos;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10 || c === 13) break;
        end++;
      }
      field += text.slice(pos, end);
      pos = end;
      atFieldStart = false;
    }
    yield { line: startLine, fields, text: text.slice(start, pos).replace(/(\r\n|\r|\n)$/, '') };
  }
}

/** Line breaks (`\r\n`, `\n`, lone `\r`) in text[from, to). */
function lineBreaks(text: string, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) k++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) k++;
  }
  return k;
}

/** A field as a CSV cell: quoted when it holds a delimiter, a quote, a line break or edge spaces. */
export function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
