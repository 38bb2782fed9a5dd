import path from 'node:path';
import { readJsonConfig } from '../api/config-file.js';
import { isCalendarPath } from '../calendar/index.js';
import type { SweepSpec } from './spec.js';

/** `data` paths and calendar definition files in a sweep file (base, an axis's list, configs) are relative to the file. */
function resolveDataPaths(spec: { base?: unknown; axes?: unknown; configs?: unknown }, dir: string): void {
  const fix = (v: unknown) => (typeof v === 'string' && v !== '' ? path.resolve(dir, v) : v);
  const fixCalendar = (v: unknown) => (typeof v === 'string' && isCalendarPath(v) ? path.resolve(dir, v) : v);
  const fixConfig = (c: unknown) => {
    if (typeof c !== 'object' || c === null) return;
    const o = c as Record<string, unknown>;
    if ('data' in o) o.data = fix(o.data);
    if ('calendar' in o) o.calendar = fixCalendar(o.calendar);
  };
  fixConfig(spec.base);
  const axes = spec.axes as Record<string, unknown> | null | undefined;
  if (typeof axes === 'object' && axes !== null && Array.isArray(axes.data)) axes.data = axes.data.map(fix);
  if (typeof axes === 'object' && axes !== null && Array.isArray(axes.calendar)) axes.calendar = axes.calendar.map(fixCalendar);
  if (Array.isArray(spec.configs)) for (const c of spec.configs) fixConfig(c);
}

/** Reads a sweep spec from a JSON file, its `data` paths made absolute; the spec is checked when it is planned. */
export function readSweepFile(file: string): SweepSpec {
  const raw = readJsonConfig(file, 'sweep spec');
  resolveDataPaths(raw, path.dirname(path.resolve(file)));
  return raw as unknown as SweepSpec;
}
