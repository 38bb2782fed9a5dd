import type { SessionRow, SessionState } from '../state/index.js';
import type { ResolvedConfig } from './config.js';

/** At most this many sessions are named in one warning; the rest are counted. */
const MAX_NAMED = 5;

/** Why a session delivered no bars, in words: sessions that say the same are named together. */
function whyNoBars(row: SessionRow): string {
  switch (row.prefetch) {
    case 'failed': return `prefetch failed: ${(row.prefetchReason ?? '').split(':')[0] || 'no reason given'}`;
    case 'after-close': return 'data visible only after the close: prefetch.latency_ms too long';
    case 'complete': return 'no bar of the symbols in session';
    default: return 'data not come yet';
  }
}

/** A failure's own words (for the first session of a group): the reason after its code. */
function detail(row: SessionRow): string {
  return row.prefetch === 'failed' && row.prefetchReason !== null ? `, e.g. ${row.prefetchReason.slice(row.prefetchReason.indexOf(':') + 1).trim()}` : '';
}

/** Sessions grouped by what is said of them: `date, date (why); date (why)`, at most MAX_NAMED dates named. */
function named(rows: readonly SessionRow[], what: (r: SessionRow) => string): string {
  const groups = new Map<string, SessionRow[]>();
  for (const r of rows.slice(0, MAX_NAMED)) {
    const k = what(r);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const shown = [...groups].map(([why, g]) => `${g.map((r) => r.date).join(', ')} (${why}${detail(g[0]!)})`).join('; ');
  return rows.length > MAX_NAMED ? `${shown}; and ${rows.length - MAX_NAMED} more` : shown;
}

/**
 * Whether a run delivered nothing, and the warnings of a run that delivered less than it could:
 * sessions without bars, and waits for data that timed out. Nothing a run leaves out is silent.
 */
export function runWarnings(s: SessionState): { empty: boolean; warnings: string[] } {
  const warnings: string[] = [];
  const rows = s.sessions;
  const noBars = rows.filter((r) => r.bars === 0);
  const empty = s.ended && s.totalBars === 0;
  if (empty) {
    const range = `${s.startDate ?? '?'}..${s.endDate ?? '?'}`;
    warnings.push(rows.length === 0
      ? `the run delivered no bars: no session of ${range} was run (ended: ${s.endReason ?? 'not ended'}${s.endReason === 'data-exhausted' ? ', no day file in that range' : ''})`
      : `the run delivered no bars: ${rows.length === 1 ? 'its one session' : `all ${rows.length} sessions`} of ${range} empty: ${named(noBars, whyNoBars)}`);
  } else if (noBars.length > 0) {
    warnings.push(`${noBars.length} of ${rows.length} sessions delivered no bars: ${named(noBars, whyNoBars)}`);
  }
  const timedOut = rows.filter((r) => r.timedOut && r.bars > 0);
  if (timedOut.length > 0) warnings.push(`the wait for the first session's data timed out (prefetch.timeout_seconds); the data came later: ${named(timedOut, (r) => `${r.late} bars delivered late`)}`);
  return { empty, warnings };
}

/** Settings a run was given that did nothing: the broker's and the seed's, without a strategy. */
export function unusedSettings(config: ResolvedConfig, hasStrategy: boolean): string[] {
  if (hasStrategy) return [];
  const unused = [config.broker !== undefined ? 'broker' : null, config.strategy_seed !== undefined ? 'strategy_seed' : null].filter((k) => k !== null);
  return unused.length === 0 ? [] : [`config.${unused.join(' and config.')} ${unused.length === 1 ? 'is' : 'are'} set, but the run has no strategy: nothing traded (give one: createSimulation(config, { strategy }), run --strategy FILE)`];
}
