import type { SessionRow } from '../../state/index.js';
import { escapeHtml } from '../display.js';
import { LocalClock } from './local-time.js';

const CELL = 'padding:1px 8px;white-space:nowrap;text-align:right';

/**
 * The sessions as people read them: one exchange-local open–close pair a day, the counts, the
 * prefetch and % received, on one line each (nothing wraps). The full table is `result.sessions`.
 */
export function compactSessionsHtml(sessions: readonly SessionRow[], clock: LocalClock, maxRows = 60): string {
  const head = ['date', 'open–close', 'bars', 'late', 'history', 'gaps', 'received', 'prefetch'];
  const rows = sessions.slice(0, maxRows).map((s) => {
    const pct = s.expected === 0 ? 0 : Math.round((s.received / s.expected) * 10_000) / 100;
    const hours = `${clock.clock(s.open)}–${clock.clock(s.close)}${s.earlyClose ? ' early' : ''}${s.midSession ? ' mid' : ''}`;
    const prefetch = s.prefetch + (s.timedOut ? ' (timed out)' : '') + (s.prefetchReason === null ? '' : `: ${s.prefetchReason}`);
    return [s.date, hours, s.bars, s.late, s.history, s.gaps, `${pct}%`, prefetch];
  });
  const th = head.map((h) => `<th style="${CELL}">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((v) => `<td style="${CELL}">${escapeHtml(v)}</td>`).join('')}</tr>`).join('');
  const more = sessions.length > maxRows ? `<tr><td colspan="${head.length}">… ${sessions.length - maxRows} more sessions</td></tr>` : '';
  return `<div class="sessionsim"><b>sessions</b> (${sessions.length} rows) in exchange time, ${escapeHtml(clock.calendar.timezone)}<table class="sessionsim-sessions" style="border-collapse:collapse;font-family:monospace;font-size:12px"><thead><tr>${th}</tr></thead><tbody>${body}${more}</tbody></table></div>`;
}
