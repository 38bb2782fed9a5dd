/** HTML and SVG for notebooks: small, self-contained, no scripts. */

export function escapeHtml(v: unknown): string {
  return String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderTable(title: string, columns: readonly string[], rows: readonly Record<string, unknown>[], maxRows: number, format: (column: string, value: unknown) => unknown = (_c, v) => v): string {
  const head = columns.map((c) => `<th style="text-align:left;padding:2px 8px">${escapeHtml(c)}</th>`).join('');
  const body = rows.slice(0, maxRows).map((r) => `<tr>${columns.map((c) => `<td style="padding:2px 8px">${escapeHtml(format(c, r[c]))}</td>`).join('')}</tr>`).join('');
  const more = rows.length > maxRows ? `<tr><td colspan="${columns.length}">… ${rows.length - maxRows} more rows</td></tr>` : '';
  return `<div class="sessionsim"><b>${escapeHtml(title)}</b> (${rows.length} rows)<table style="border-collapse:collapse;font-family:monospace;font-size:12px"><thead><tr>${head}</tr></thead><tbody>${body}${more}</tbody></table></div>`;
}

export interface SessionBar {
  readonly date: string;
  /** Minutes after local midnight. */
  readonly openMin: number;
  readonly closeMin: number;
  readonly earlyClose: boolean;
  readonly gaps: number;
  readonly pct: number;
}

/** One bar per session on a local-clock axis; early closes orange, days with gaps marked red. */
export function sessionsSvg(rows: readonly SessionBar[]): string {
  const rowH = 14, left = 80, width = 360, top = 16;
  const lo = Math.min(570, ...rows.map((r) => r.openMin)) - 30, hi = Math.max(960, ...rows.map((r) => r.closeMin)) + 30;
  const x = (m: number) => left + ((m - lo) / (hi - lo)) * width;
  const parts = rows.map((r, i) => {
    const y = top + i * rowH;
    const color = r.earlyClose ? '#f59e0b' : '#3b82f6';
    const gap = r.gaps > 0 ? `<circle cx="${x(r.closeMin) + 8}" cy="${y + 5}" r="3" fill="#dc2626"><title>${r.gaps} gaps</title></circle>` : '';
    return `<text x="2" y="${y + 9}" font-size="10" font-family="monospace">${escapeHtml(r.date)}</text><rect x="${x(r.openMin)}" y="${y}" width="${Math.max(1, x(r.closeMin) - x(r.openMin))}" height="${rowH - 4}" fill="${color}"><title>${escapeHtml(r.date)} ${r.pct}% received${r.earlyClose ? ', early close' : ''}</title></rect>${gap}`;
  });
  const ticks = [] as string[];
  for (let m = Math.ceil(lo / 60) * 60; m <= hi; m += 60) ticks.push(`<text x="${x(m) - 8}" y="10" font-size="9" font-family="monospace">${String(m / 60).padStart(2, '0')}:00</text>`);
  const h = top + rows.length * rowH + 4;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 20}" height="${h}" role="img" aria-label="sessions">${ticks.join('')}${parts.join('')}</svg>`;
}
