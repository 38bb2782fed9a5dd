import path from 'node:path';
import { readJsonConfig } from '../api/config-file.js';
import type { SweepSpec } from './spec.js';

/** `data` paths in a sweep file (base, a data axis's list, configs) are relative to the file. */
function resolveDataPaths(spec: { base?: unknown; axes?: unknown; configs?: unknown }, dir: string): void {
  const fix = (v: unknown) => (typeof v === 'string' && v !== '' ? path.resolve(dir, v) : v);
  if (typeof spec.base === 'object' && spec.base !== null) (spec.base as Record<string, unknown>).data = fix((spec.base as Record<string, unknown>).data);
  const axes = spec.axes as Record<string, unknown> | null | undefined;
  if (typeof axes === 'object' && axes !== null && Array.isArray(axes.data)) axes.data = axes.data.map(fix);
  if (Array.isArray(spec.configs)) for (const c of spec.configs) if (typeof c === 'object' && c !== null && 'data' in c) (c as Record<string, unknown>).data = fix((c as Record<string, unknown>).data);
}

/** Reads a sweep spec from a JSON file, its `data` paths made absolute; the spec is checked when it is planned. */
export function readSweepFile(file: string): SweepSpec {
  const raw = readJsonConfig(file, 'sweep spec');
  resolveDataPaths(raw, path.dirname(path.resolve(file)));
  return raw as unknown as SweepSpec;
}
