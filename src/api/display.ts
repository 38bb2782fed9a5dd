/** HTML tables for notebooks: small, self-contained, no scripts (the pictures are in ./pictures). */

export function escapeHtml(v: unknown): string {
  return String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderTable(title: string, columns: readonly string[], rows: readonly Record<string, unknown>[], maxRows: number, format: (column: string, value: unknown) => unknown = (_c, v) => v): string {
  const head = columns.map((c) => `<th style="text-align:left;padding:2px 8px;white-space:nowrap">${escapeHtml(c)}</th>`).join('');
  const body = rows.slice(0, maxRows).map((r) => `<tr>${columns.map((c) => `<td style="padding:2px 8px;white-space:nowrap">${escapeHtml(format(c, r[c]))}</td>`).join('')}</tr>`).join('');
  const more = rows.length > maxRows ? `<tr><td colspan="${columns.length}">… ${rows.length - maxRows} more rows</td></tr>` : '';
  return `<div class="sessionsim"><b>${escapeHtml(title)}</b> (${rows.length} rows)<table style="border-collapse:collapse;font-family:monospace;font-size:12px"><thead><tr>${head}</tr></thead><tbody>${body}${more}</tbody></table></div>`;
}
