import { ResultTable, type ColumnSpec } from '../api/table.js';
import type { PlannedRun } from './spec.js';
import type { RunSummary } from './run-one.js';

export type SweepRow = Record<string, unknown> & {
  readonly run: number;
  readonly config_hash: string;
  readonly status: 'done' | 'failed';
  readonly error: string;
  readonly hash: string;
  readonly log_path: string;
};

/** One row per run, in run order: the varied parameters, the summary figures, hash, log, status. */
export function sweepRows(runs: readonly PlannedRun[], results: readonly RunSummary[]): SweepRow[] {
  return runs.map((r, i) => {
    const s = results[i]!;
    const params = Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v)]));
    return {
      run: r.index, ...params, config_hash: r.configHash, status: s.status, error: s.error ?? '', hash: s.hash ?? '',
      sessions: s.sessions, bars: s.bars, events: s.events, derived: s.derived, gaps: s.gaps, expected: s.expected, received: s.received, pct: s.pct,
      end_reason: s.endReason ?? '', log_path: s.logPath ?? '', ms: Math.round(s.ms),
    } as SweepRow;
  });
}

export function sweepTable(runs: readonly PlannedRun[], rows: readonly SweepRow[]): ResultTable<SweepRow> {
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))];
  const columns: ColumnSpec<SweepRow>[] = [
    { name: 'run', kind: 'i32' },
    ...paramKeys.map((k) => ({ name: k, kind: rows.every((r) => typeof r[k] === 'number') ? 'f64' : 'utf8' }) as ColumnSpec<SweepRow>),
    { name: 'config_hash', kind: 'utf8' }, { name: 'status', kind: 'utf8' }, { name: 'error', kind: 'utf8' }, { name: 'hash', kind: 'utf8' },
    ...(['sessions', 'bars', 'events', 'derived', 'gaps', 'expected', 'received'] as const).map((name) => ({ name, kind: 'f64' }) as ColumnSpec<SweepRow>),
    { name: 'pct', kind: 'f64' }, { name: 'end_reason', kind: 'utf8' }, { name: 'log_path', kind: 'utf8' }, { name: 'ms', kind: 'f64' },
  ];
  const filled = rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, r[c.name] ?? (c.kind === 'utf8' ? '' : NaN)])) as SweepRow);
  return new ResultTable<SweepRow>('sweep', columns, filled);
}
