/** Plain-text tables for terminals. */
export function textTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = [columns.map(String), ...rows.map((r) => r.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}

/** Progress on a terminal: one line redrawn in place; elsewhere, a plain line per update. */
export class Progress {
  private lastDraw = 0;
  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean }, private readonly total: number, private readonly startedAt: number) {}

  update(done: number, bars: number, now: number, force = false): void {
    const secs = Math.max((now - this.startedAt) / 1000, 1e-3);
    const rate = Math.round(bars / secs);
    if (this.out.isTTY) {
      if (!force && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = 30;
      const filled = this.total === 0 ? width : Math.round((done / this.total) * width);
      this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${this.total} sessions  ${bars} bars  ${rate.toLocaleString('en-US')} bars/s `);
    } else {
      this.out.write(`sessions ${done}/${this.total}  bars ${bars}  ${rate} bars/s\n`);
    }
  }

  finish(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
