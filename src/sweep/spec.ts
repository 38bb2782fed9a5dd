import { createHash } from 'node:crypto';
import path from 'node:path';
import { showValue, SimError } from '../errors.js';
import { canonical } from '../kernel/hashing/canonical.js';
import { resolveConfig, type ResolvedConfig, type SimConfig } from '../api/config.js';

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

/**
 * The most runs one sweep may plan. Counted before anything is expanded, so a range of 1e9 steps
 * is refused at once instead of filling memory; a bigger study is several sweeps.
 */
export const MAX_SWEEP_RUNS = 100_000;

const SPEC_KEYS = ['base', 'axes', 'mode', 'configs'];
const RANGE_KEYS = ['from', 'to', 'step'];

function invalid(key: string, message: string, value?: unknown): never {
  throw new SimError('SWEEP_INVALID', `sweep.${key}: ${message}`, { key, ...(value !== undefined ? { value } : {}) });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How many values a range holds, computed without expanding it (integer steps avoid float drift). */
function rangeCount(key: string, axis: Record<string, unknown>): number {
  for (const k of Object.keys(axis)) if (!RANGE_KEYS.includes(k)) invalid(`axes.${key}.${k}`, 'unknown key (a range has from, to, step)');
  for (const k of ['from', 'to'] as const) if (typeof axis[k] !== 'number' || !Number.isFinite(axis[k])) invalid(`axes.${key}.${k}`, `must be a finite number, got ${showValue(axis[k])}`, axis[k]);
  const step = axis.step ?? 1;
  if (typeof step !== 'number' || !Number.isFinite(step)) invalid(`axes.${key}.step`, `must be a finite number, got ${showValue(step)}`, step);
  if (step <= 0) invalid(`axes.${key}.step`, `must be positive, got ${showValue(step)}`, step);
  const from = axis.from as number, to = axis.to as number;
  if (from > to) invalid(`axes.${key}`, `from ${showValue(from)} is after to ${showValue(to)}`, axis);
  return Math.floor((to - from) / step + 1e-9) + 1;
}

function axisCount(key: string, axis: unknown): number {
  if (Array.isArray(axis)) {
    if (axis.length === 0) invalid(`axes.${key}`, 'an empty list (give at least one value)');
    return axis.length;
  }
  if (isObject(axis)) return rangeCount(key, axis);
  return invalid(`axes.${key}`, `must be a list of values or a { from, to, step } range, got ${showValue(axis)}`, axis);
}

function axisValues(axis: readonly unknown[] | RangeAxis, count: number): unknown[] {
  if (Array.isArray(axis)) return [...axis];
  const r = axis as RangeAxis;
  const step = r.step ?? 1;
  return Array.from({ length: count }, (_, i) => +(r.from + i * step).toPrecision(12));
}

/**
 * Checks a sweep's shape and counts its runs before expanding anything: every fault is one
 * SWEEP_INVALID error naming the key (a run's own config errors stay CONFIG_INVALID).
 */
function checkSpec(spec: unknown): { axes: [string, readonly unknown[] | RangeAxis, number][]; total: number } {
  if (!isObject(spec)) invalid('', `a sweep must be an object, got ${showValue(spec)}`);
  for (const k of Object.keys(spec)) if (!SPEC_KEYS.includes(k)) invalid(k, `unknown key (known: ${SPEC_KEYS.join(', ')})`);
  if (!isObject(spec.base)) invalid('base', `must be a config object, got ${showValue(spec.base)}`);
  if (spec.mode !== undefined && spec.mode !== 'product' && spec.mode !== 'zip') invalid('mode', `must be "product" or "zip", got ${showValue(spec.mode)}`, spec.mode);
  if (spec.axes !== undefined && !isObject(spec.axes)) invalid('axes', `must be an object of dotted config keys, got ${showValue(spec.axes)}`);
  if (spec.configs !== undefined && !Array.isArray(spec.configs)) invalid('configs', `must be a list of override objects, got ${showValue(spec.configs)}`);
  const configs = (spec.configs ?? []) as unknown[];
  configs.forEach((c, i) => { if (!isObject(c)) invalid(`configs[${i}]`, `must be an object of overrides, got ${showValue(c)}`); });
  const badKey = (k: string) => k === '' || k.split('.').some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype');
  configs.forEach((c, i) => { for (const k of Object.keys(c as object)) if (badKey(k)) invalid(`configs[${i}].${k}`, 'not a dotted config key'); });
  const axes = Object.entries((spec.axes ?? {}) as Record<string, unknown>).map(([k, a]) => {
    if (badKey(k)) invalid(`axes.${k}`, 'not a dotted config key');
    return [k, a as readonly unknown[] | RangeAxis, axisCount(k, a)] as [string, readonly unknown[] | RangeAxis, number];
  });
  let total = 0;
  if (axes.length > 0 && spec.mode === 'zip') {
    const [k0, , n] = axes[0]!;
    const other = axes.find(([, , c]) => c !== n);
    if (other) invalid('mode', `"zip" needs axes of equal length: ${k0} has ${n} values, ${other[0]} has ${other[2]}`);
    total = n;
  } else if (axes.length > 0) {
    total = axes.reduce((p, [, , n]) => p * n, 1);
  }
  if (total > MAX_SWEEP_RUNS) {
    const sizes = axes.map(([key, , n]) => `${key}: ${n}`).join(', ');
    if (axes.length === 1) invalid(`axes.${axes[0]![0]}`, `${total} runs is more than the limit of ${MAX_SWEEP_RUNS}`);
    invalid('axes', `${spec.mode === 'zip' ? '' : 'a product of '}${total} runs is more than the limit of ${MAX_SWEEP_RUNS} (${sizes})`);
  }
  total += configs.length;
  if (total > MAX_SWEEP_RUNS) invalid('configs', `${total} runs in all is more than the limit of ${MAX_SWEEP_RUNS}`);
  return { axes, total: Math.max(1, total) };
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
  return resolvedHash(resolveConfig(config).config);
}

function resolvedHash(resolved: ResolvedConfig): string {
  return createHash('sha256').update(canonical({ ...resolved, log: { ...resolved.log, path: null } })).digest('hex');
}

/**
 * Expands a sweep into its runs, in a fixed order; the spec is checked and its runs counted first,
 * then every config is validated. `absoluteData`: resolve each run's `data` against this process's
 * folder (a queue's workers run elsewhere, so a relative path would mean their folder).
 */
export function planSweep(spec: SweepSpec, opts: { absoluteData?: boolean } = {}): PlannedRun[] {
  const { axes } = checkSpec(spec);
  let combos: Record<string, unknown>[] = [];
  if (axes.length > 0) {
    const values = axes.map(([k, a, n]) => [k, axisValues(a, n)] as const);
    if (spec.mode === 'zip') {
      combos = Array.from({ length: values[0]![1].length }, (_, i) => Object.fromEntries(values.map(([k, v]) => [k, v[i]])));
    } else {
      combos = [{}];
      for (const [k, vs] of values) combos = combos.flatMap((c) => vs.map((v) => ({ ...c, [k]: v })));
    }
  }
  for (const c of spec.configs ?? []) combos.push({ ...c });
  if (combos.length === 0) combos = [{}];
  return combos.map((params, index) => {
    const config = JSON.parse(JSON.stringify(spec.base)) as Record<string, unknown>;
    for (const [k, v] of Object.entries(params)) setPath(config, k, v);
    if (opts.absoluteData && typeof config.data === 'string' && config.data !== '') config.data = path.resolve(config.data);
    let hash: string;
    try {
      const { config: resolved } = resolveConfig(config);
      hash = resolvedHash(resolved);
      // A calendar from a file or a registration travels as its definition: workers elsewhere have neither.
      if (resolved.calendar_definition !== undefined) { config.calendar = resolved.calendar; config.calendar_definition = resolved.calendar_definition; }
    } catch (e) {
      const err = e as SimError;
      throw new SimError(err.code ?? 'CONFIG_INVALID', `sweep run ${index} (${showValue(params)}): ${err.message}`, { ...err.details, run: index });
    }
    return { index, params, config: config as unknown as SimConfig, configHash: hash };
  });
}

/** The distinct runs of a plan by config hash, first occurrence kept: one config is run (and logged) once. */
export function uniqueRuns(runs: readonly PlannedRun[]): Map<string, PlannedRun> {
  const unique = new Map<string, PlannedRun>();
  for (const r of runs) if (!unique.has(r.configHash)) unique.set(r.configHash, r);
  return unique;
}
