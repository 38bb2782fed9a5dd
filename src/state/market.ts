import type { SessionState } from './session-state.js';

/** True while a session is open at the state's instant (a lunch break included; its close instant not). */
export function marketOpen(s: Readonly<SessionState>): boolean {
  return s.active && s.now >= s.open && s.now < s.close;
}

/** The last price known of a symbol: today's last close, else the book's mark (a fill, an earlier close); NaN when none. */
export function lastPrice(s: Readonly<SessionState>, symbol: string): number {
  const close = s.bars.lastClose(symbol);
  return Number.isNaN(close) ? s.book.marks.get(symbol) ?? NaN : close;
}
