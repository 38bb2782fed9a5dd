import { showValue, SimError } from '../errors.js';
import { resolveCalendar, TIME_FORMS, type CalendarDefinition, type ExchangeCalendar } from '../calendar/index.js';
import { checkSymbol, LOG_COMPRESSIONS, type Interval, type LogCompression } from '../storage/index.js';
import { resolveBroker, type BrokerSettings } from '../broker/settings.js';

/** The run configuration (DESIGN.md section 10), as a user writes it. */
export interface SimConfig {
  /** Dataset root. */
  readonly data: string;
  readonly symbols: readonly string[];
  readonly interval?: Interval;
  /**
   * Start: 'YYYY-MM-DD' (the first instant of that exchange-local date, or the open of that date's
   * session when it opens the evening before), 'YYYY-MM-DDTHH:MM[:SS[.sss]]' (exchange-local), or
   * either with Z or ±HH:MM.
   */
  readonly start: string;
  /** Exchange-local end date (inclusive): the run ends after this date's close. */
  readonly end: string;
  /**
   * The exchange calendar: a shipped one's name ('XNYS'), one registered with registerCalendar, the
   * path of a definition file (JSON; in a config file, relative to it), or a definition itself.
   */
  readonly calendar?: string | CalendarDefinition;
  /** A calendar's definition, as a resolved config carries it (a log's, a sweep's runs): then `calendar` is its name. */
  readonly calendar_definition?: CalendarDefinition;
  readonly data_upkeep?: { readonly enabled?: boolean; readonly check_interval_seconds?: number; readonly derived_intervals?: readonly number[] };
  readonly prefetch?: { readonly latency_ms?: number; readonly timeout_seconds?: number };
  readonly log?: { readonly path?: string | null; readonly bars?: 'full' | 'ref'; readonly hash?: boolean; readonly compression?: LogCompression; readonly snapshot_every?: number };
  /** The simulated broker a strategy trades with: cash, fill model, commission, slippage (defaults: see BrokerSettings). */
  readonly broker?: BrokerConfig;
  /** Seeds a strategy's `ctx.random()` (a whole number; default 0). */
  readonly strategy_seed?: number;
}

/** The broker section as a user writes it: any part may be left out. */
export type BrokerConfig = { readonly [K in keyof BrokerSettings]?: BrokerSettings[K] extends object ? Partial<BrokerSettings[K]> : BrokerSettings[K] };

/** The configuration with every default filled in and every value checked. */
export interface ResolvedConfig {
  readonly data: string;
  readonly symbols: readonly string[];
  readonly interval: Interval;
  readonly start: string;
  readonly end: string;
  readonly calendar: string;
  /**
   * The definition of a calendar that does not ship with sessionsim (a file, an object, a
   * registered one), so that the config alone runs it anywhere: a replay, a verify, a sweep
   * worker. Absent for a shipped calendar.
   */
  readonly calendar_definition?: CalendarDefinition;
  readonly data_upkeep: { readonly enabled: boolean; readonly check_interval_seconds: number; readonly derived_intervals: readonly number[] };
  readonly prefetch: { readonly latency_ms: number; readonly timeout_seconds: number };
  /**
   * hash: compute the log hash (an XXH3-128 over every event); false skips it, and results carry
   * none. compression: of the log's buffers (LZ4 frame or ZSTD), 'none' by default.
   * snapshot_every: a state snapshot every this many events besides the one at each session's
   * start (0: only those).
   */
  readonly log: { readonly path: string | null; readonly bars: 'full' | 'ref'; readonly hash: boolean; readonly compression: LogCompression; readonly snapshot_every: number };
  /** Present when the config has one (a run without a strategy never uses it): every default filled in. */
  readonly broker?: BrokerSettings;
  /** Present when the config has one. */
  readonly strategy_seed?: number;
  /**
   * What the run's strategy was, as its log records it (set by the run, not written by users): a
   * module file with its sha256 (`replay --verify` loads it again), or a strategy given in code.
   */
  readonly strategy?: StrategySource;
}

export interface StrategySource {
  /** The module's absolute path; null for a strategy given in code. */
  readonly file: string | null;
  readonly sha256: string | null;
  /** The strategy's `name`, if it has one. */
  readonly name: string | null;
}

const KEYS: Record<string, readonly string[] | null> = {
  data: null, symbols: null, interval: null, start: null, end: null, calendar: null, calendar_definition: null,
  data_upkeep: ['enabled', 'check_interval_seconds', 'derived_intervals'],
  prefetch: ['latency_ms', 'timeout_seconds'],
  log: ['path', 'bars', 'hash', 'compression', 'snapshot_every'],
  // Checked by resolveBroker, which knows its nested sections.
  broker: null,
  strategy_seed: null,
  strategy: null,
};

function bad(key: string, message: string, value?: unknown): never {
  // The value is named once: appended unless the message already shows it.
  const said = message.includes(' got ') || (typeof value === 'string' && value.length > 0 && message.includes(value));
  const shown = arguments.length > 2 && !said ? `, got ${showValue(value)}` : '';
  throw new SimError('CONFIG_INVALID', `config.${key}: ${message}${shown}`, { key, value });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How deep a configuration may nest: a real one is three levels deep; this leaves room, never a stack overflow. */
export const MAX_CONFIG_DEPTH = 16;

/**
 * Refuses a value nested deeper than MAX_CONFIG_DEPTH or holding a cycle (API callers pass objects),
 * walking with an explicit stack so the check itself cannot overflow. Names the key where it happens.
 */
export function checkConfigShape(raw: unknown, what = 'config'): void {
  const stack: { v: unknown; depth: number; key: string }[] = [{ v: raw, depth: 0, key: '' }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { v, depth, key } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_CONFIG_DEPTH) throw new SimError('CONFIG_INVALID', `${what}.${key}: nested deeper than ${MAX_CONFIG_DEPTH} levels`, { key });
    if (seen.has(v)) throw new SimError('CONFIG_INVALID', `${what}.${key}: the value refers to itself (a cycle)`, { key });
    seen.add(v);
    for (const k of Object.keys(v)) stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1, key: key === '' ? k : `${key}.${k}` });
  }
}

function num(obj: Record<string, unknown>, key: string, path: string, dflt: number, check: (n: number) => boolean, what: string): number {
  const v = obj[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) bad(path, `must be ${what}, got ${showValue(v)}`, v);
  return v;
}

/**
 * The calendar of a config: `calendar_definition` (what a resolved config carries), else
 * `calendar` as a name, a definition file's path or a definition. A definition's own problems are
 * CALENDAR_DEFINITION errors naming the key; an unknown name is CONFIG_INVALID.
 */
function configCalendar(raw: Record<string, unknown>): { calendar: ExchangeCalendar; definition: CalendarDefinition | null } {
  const given = raw.calendar, inline = raw.calendar_definition;
  if (inline !== undefined) {
    if (!isObject(inline)) bad('calendar_definition', 'must be a calendar definition (an object)', inline);
    const r = resolveCalendar(inline as unknown as CalendarDefinition);
    if (given !== undefined && given !== r.calendar.name) bad('calendar', `must be the name of calendar_definition (${r.calendar.name}) or left out`, given);
    return r;
  }
  const value = given ?? 'XNYS';
  if (typeof value !== 'string' && !isObject(value)) bad('calendar', 'must be a calendar name, a definition file path or a definition', value);
  try {
    return resolveCalendar(value as string | CalendarDefinition);
  } catch (e) {
    if ((e as SimError).code === 'CALENDAR_UNKNOWN') bad('calendar', (e as Error).message, value);
    throw e;
  }
}

/** The calendar of a logged (resolved) config: its carried definition, else the shipped calendar it names. */
export function loggedCalendar(config: { readonly calendar?: unknown; readonly calendar_definition?: unknown }): ExchangeCalendar {
  return configCalendar(config as Record<string, unknown>).calendar;
}

/**
 * Checks a configuration up front: an unknown key, a wrong type, an end before the start, an
 * unknown calendar or a start outside its range each give one CONFIG_INVALID (or calendar) error
 * naming the key.
 */
export function resolveConfig(raw: unknown): { config: ResolvedConfig; calendar: ExchangeCalendar; startTime: number; startDate: string } {
  if (!isObject(raw)) throw new SimError('CONFIG_INVALID', `the configuration must be an object, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`, { value: raw });
  checkConfigShape(raw);
  for (const key of Object.keys(raw)) {
    // Own keys only: `constructor` or `__proto__` must not pass as known because objects inherit them.
    if (!Object.hasOwn(KEYS, key)) bad(key, `unknown key (known: ${Object.keys(KEYS).join(', ')})`);
    const sub = KEYS[key];
    if (sub !== null && sub !== undefined) {
      const v = raw[key];
      if (v !== undefined && !isObject(v)) bad(key, 'must be an object', v);
      for (const k of Object.keys((v ?? {}) as object)) if (!sub.includes(k)) bad(`${key}.${k}`, `unknown key (known: ${sub.join(', ')})`);
    }
  }
  if (typeof raw.data !== 'string' || raw.data === '') bad('data', 'must be the dataset root folder (a string)', raw.data);
  if (!Array.isArray(raw.symbols) || raw.symbols.length === 0 || !raw.symbols.every((s) => typeof s === 'string')) bad('symbols', 'must be a non-empty array of strings', raw.symbols);
  const symbols = [...new Set(raw.symbols as string[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const s of symbols) {
    try { checkSymbol(s); } catch { bad('symbols', `${showValue(s)} is not a valid symbol`, s); }
  }
  const interval = raw.interval ?? '1m';
  if (interval !== '1m' && interval !== '1s') bad('interval', "must be '1m' or '1s'", interval);
  const { calendar, definition } = configCalendar(raw);
  if (typeof raw.start !== 'string') bad('start', `must be a time (${TIME_FORMS})`, raw.start);
  let startTime = calendar.parseTime(raw.start, { what: 'config.start', key: 'start', code: 'CONFIG_INVALID' });
  // The session date a start belongs to is its exchange-local date, whatever offset it was written with.
  const startDate = calendar.localDate(startTime);
  // A date alone starts that date's session whole: for a session that opens the evening before
  // (CME), at its open rather than at midnight inside it.
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw.start) && startDate >= calendar.firstDate && startDate <= calendar.lastDate && calendar.isSession(startDate)) {
    startTime = Math.min(startTime, calendar.sessionOpen(startDate));
  }
  if (typeof raw.end !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw.end)) bad('end', "must be 'YYYY-MM-DD'", raw.end);
  for (const [key, date] of [['start', startDate], ['end', raw.end]] as const) {
    try { calendar.day(date); } catch (e) { bad(key, (e as Error).message, date); }
  }
  if (raw.end < startDate) bad('end', `${raw.end} is before the start ${startDate}`, raw.end);
  const up = (raw.data_upkeep ?? {}) as Record<string, unknown>;
  if (up.enabled !== undefined && typeof up.enabled !== 'boolean') bad('data_upkeep.enabled', 'must be true or false', up.enabled);
  const derived = up.derived_intervals ?? [5, 15];
  if (!Array.isArray(derived) || !derived.every((m) => Number.isInteger(m) && m >= 1 && m <= 390)) bad('data_upkeep.derived_intervals', 'must be an array of whole minutes between 1 and 390', derived);
  const pre = (raw.prefetch ?? {}) as Record<string, unknown>;
  const log = (raw.log ?? {}) as Record<string, unknown>;
  if (log.path !== undefined && log.path !== null && (typeof log.path !== 'string' || log.path === '')) bad('log.path', 'must be a file path or null', log.path);
  if (log.bars !== undefined && log.bars !== 'full' && log.bars !== 'ref') bad('log.bars', "must be 'full' or 'ref'", log.bars);
  if (log.hash !== undefined && typeof log.hash !== 'boolean') bad('log.hash', 'must be true or false', log.hash);
  if (log.snapshot_every !== undefined && !(Number.isSafeInteger(log.snapshot_every) && (log.snapshot_every as number) >= 0)) bad('log.snapshot_every', 'must be a whole number of events, 0 or more (0: a snapshot at each session start only)', log.snapshot_every);
  if (log.compression !== undefined && !(LOG_COMPRESSIONS as readonly unknown[]).includes(log.compression)) bad('log.compression', `must be one of ${LOG_COMPRESSIONS.map((c) => `'${c}'`).join(', ')}`, log.compression);
  if (raw.strategy_seed !== undefined && !(Number.isSafeInteger(raw.strategy_seed) && (raw.strategy_seed as number) >= 0)) bad('strategy_seed', 'must be a whole number, 0 or more', raw.strategy_seed);
  const broker = raw.broker === undefined ? null : resolveBroker(raw.broker);
  const source = raw.strategy as Partial<StrategySource> | undefined;
  const textOrNull = (v: unknown) => v === null || typeof v === 'string';
  if (source !== undefined && !(isObject(source) && textOrNull(source.file) && textOrNull(source.sha256) && textOrNull(source.name) && Object.keys(source).every((k) => ['file', 'sha256', 'name'].includes(k)))) {
    bad('strategy', 'is what a log records of its strategy ({"file", "sha256", "name"}); a strategy is given to the run itself (createSimulation(config, { strategy }), run --strategy FILE)', source);
  }
  const config: ResolvedConfig = {
    data: raw.data,
    symbols,
    interval,
    start: raw.start,
    end: raw.end,
    calendar: calendar.name,
    ...(definition === null ? {} : { calendar_definition: definition }),
    data_upkeep: {
      enabled: (up.enabled as boolean | undefined) ?? true,
      check_interval_seconds: num(up, 'check_interval_seconds', 'data_upkeep.check_interval_seconds', 2, (n) => n > 0, 'a positive number of seconds'),
      derived_intervals: [...new Set(derived as number[])].sort((a, b) => a - b),
    },
    prefetch: {
      latency_ms: num(pre, 'latency_ms', 'prefetch.latency_ms', 0, (n) => n >= 0 && Number.isInteger(n), 'a whole number of milliseconds >= 0'),
      timeout_seconds: num(pre, 'timeout_seconds', 'prefetch.timeout_seconds', 30, (n) => n > 0, 'a positive number of seconds'),
    },
    log: { path: (log.path as string | null | undefined) ?? null, bars: (log.bars as 'full' | 'ref' | undefined) ?? 'full', hash: (log.hash as boolean | undefined) ?? true, compression: (log.compression as LogCompression | undefined) ?? 'none', snapshot_every: (log.snapshot_every as number | undefined) ?? 0 },
    ...(broker === null ? {} : { broker }),
    ...(raw.strategy_seed === undefined ? {} : { strategy_seed: raw.strategy_seed as number }),
    ...(source === undefined ? {} : { strategy: { file: source.file!, sha256: source.sha256!, name: source.name! } }),
  };
  return { config, calendar, startTime, startDate };
}
