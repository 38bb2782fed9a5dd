import { csvCell } from './csv.js';
import type { RejectedRow } from './import-types.js';

/** A rejected value longer than this is cut in the report (a 50 MB field is not evidence). */
const REPORT_VALUE_MAX = 1000;

/** An import's rejected rows as CSV (`file,row,column,value,reason`): what `import --report` writes. */
export function rejectedRowsCsv(rejected: readonly RejectedRow[]): string {
  const cut = (v: string) => (v.length > REPORT_VALUE_MAX ? `${v.slice(0, REPORT_VALUE_MAX)}... (${v.length} chars)` : v);
  // The value is always quoted (a value is text, even when it looks like a number).
  return ['file,row,column,value,reason', ...rejected.map((r) => [csvCell(r.file), r.row, csvCell(r.column), `"${cut(r.value).replace(/"/g, '""')}"`, r.reason].join(','))].join('\n') + '\n';
}
