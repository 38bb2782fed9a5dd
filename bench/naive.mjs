// The baseline a notebook user would write: tableFromIPC, rows to objects, sort, and a luxon
// session check per bar.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { DateTime } from 'luxon';

export function naiveLoop(root, interval, dates) {
  let inSession = 0, n = 0;
  for (const date of dates) {
    const table = tableFromIPC(readFileSync(path.join(root, `interval=${interval}`, `date=${date}`, 'bars.arrow')));
    const rows = table.toArray().map((r) => ({ ts: Number(r.ts), symbol: String(r.symbol), open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume }));
    rows.sort((a, b) => a.ts - b.ts || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    for (const r of rows) {
      const t = DateTime.fromMillis(r.ts, { zone: 'America/New_York' });
      const minutes = t.hour * 60 + t.minute;
      if (t.weekday <= 5 && minutes >= 570 && minutes < 960) inSession++;
      n++;
    }
  }
  return n + (inSession & 0);
}
