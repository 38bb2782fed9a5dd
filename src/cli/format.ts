import Table from 'cli-table3';

export type Align = 'left' | 'right';

/** No box: columns two spaces apart and a dashed rule under the header, so a table pastes and diffs as plain text. */
const PLAIN_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '-', 'mid-mid': '  ', right: '', 'right-mid': '', middle: '  ',
};

/**
 * Plain-text tables for terminals, laid out by cli-table3 (widths by display width, so a wide or
 * accented character does not shift the columns). By default the first column is aligned left and
 * the others, mostly numbers, right; a fraction is shown with two decimals.
 */
export function textTable(columns: readonly string[], rows: readonly (readonly unknown[])[], align?: readonly Align[]): string {
  const table = new Table({
    head: [...columns],
    chars: PLAIN_CHARS,
    // No colours: the same bytes on a terminal, in a file and in a test. compact: no rule between rows.
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: columns.map((_, i) => align?.[i] ?? (i === 0 ? 'left' : 'right')),
  });
  for (const r of rows) table.push(r.map(cell));
  // A left-aligned last column pads with spaces nobody needs.
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n') + '\n';
}

function cell(v: unknown): string {
  return typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v);
}
