import { createHash } from 'node:crypto';
import { SimError } from '../errors.js';
import { canonical } from '../kernel/canonical.js';
import { resolveConfig, type SimConfig } from '../api/config.js';

/** A range axis: from, to (inclusive), step. */
export interface RangeAxis {
  readonly from: number;
  readonly to: number;
  readonly step?: number;
}

/**
 * A sweep: a base config plus axes to vary. Axis keys are dotted config paths
 * (`prefetch.latency_ms`, `symbols`, `data_upkeep.derived_intervals`); values are a list or a
 * numeric range. `mode: 'product'` (default) runs the cartesian product, `'zip'` pairs the i-th
 * values. `configs` instead (or as well) lists explicit overrides, one run each.
 */
export interface SweepSpec {
  readonly base: SimConfig;
  readonly axes?: Readonly<Record<string, readonly unknown[] | RangeAxis>>;
  readonly mode?: 'product' | 'zip';
  readonly configs?: readonly Record<string, unknown>[];
}

export interface PlannedRun {
  readonly index: number;
  /** The varied values, by axis key (or override key). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly config: SimConfig;
  /** sha256 of the canonical resolved config: the run's identity (idempotency key). */
  readonly configHash: string;
}

function axisValues(key: string, axis: readonly unknown[] | RangeAxis): unknown[] {
  if (Array.isArray(axis)) {
    if (axis.length === 0) throw new SimError('CONFIG_INVALID', `sweep.axes.${key}: an empty list`, { key: `axes.${key}` });
    return [...axis];
  }
  const r = axis as RangeAxis;
  const step = r.step ?? 1;
  if (![r.from, r.to, step].every(Number.isFinite) || step <= 0 || r.to < r.from) {
    throw new SimError('CONFIG_INVALID', `sweep.axes.${key}: a range needs finite from <= to and a positive step`, { key: `axes.${key}`, value: axis });
  }
  const out: number[] = [];
  // Integer steps count to avoid accumulating float error.
  for (let i = 0; r.from + i * step <= r.to + 1e-9; i++) out.push(+(r.from + i * step).toPrecision(12));
  return out;
}

function setPath(obj: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let at = obj;
  for (const p of parts.slice(0, -1)) {
    const next = at[p];
    at[p] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...(next as object) } : {};
    at = at[p] as Record<string, unknown>;
  }
  at[parts[parts.length - 1]!] = value;
}

export function configHash(config: SimConfig): string {
  const { config: resolved } = resolveConfig(config);
  return createHash('sha256').update(canonical({ ...resolved, log: { ...resolved.log, path: null } })).digest('hex');
}

/** Expands a sweep into its runs, in a fixed order; every config is validated up front. */
export function planSweep(spec: SweepSpec): PlannedRun[] {
  if (typeof spec !== 'object' || spec === null || typeof spec.base !== 'object') throw new SimError('CONFIG_INVALID', 'sweep: needs a base config', { key: 'base' });
  const axes = Object.entries(spec.axes ?? {}).map(([k, a]) => [k, axisValues(k, a)] as const);
  let combos: Record<string, unknown>[] = [];
  if (axes.length > 0) {
    if (spec.mode === 'zip') {
      const n = axes[0]![1].length;
      if (axes.some(([, v]) => v.length !== n)) throw new SimError('CONFIG_INVALID', "sweep.mode 'zip' needs axes of equal length", { key: 'mode' });
      combos = Array.from({ length: n }, (_, i) => Object.fromEntries(axes.map(([k, v]) => [k, v[i]])));
    } else {
      combos = [{}];
      for (const [k, values] of axes) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [k]: v })));
    }
  }
  for (const c of spec.configs ?? []) combos.push({ ...c });
  if (combos.length === 0) combos = [{}];
  return combos.map((params, index) => {
    const config = JSON.parse(JSON.stringify(spec.base)) as Record<string, unknown>;
    for (const [k, v] of Object.entries(params)) setPath(config, k, v);
    let hash: string;
    try {
      hash = configHash(config as unknown as SimConfig);
    } catch (e) {
      const err = e as SimError;
      throw new SimError(err.code ?? 'CONFIG_INVALID', `sweep run ${index} (${JSON.stringify(params)}): ${err.message}`, { ...err.details, run: index });
    }
    return { index, params, config: config as unknown as SimConfig, configHash: hash };
  });
}
