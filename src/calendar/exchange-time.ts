import { IANAZone } from 'luxon';
import { SimError, showValue } from '../errors.js';
import { civilFromDays, daysFromCivil } from './days.js';
import { describeWallProblem, WallClock } from './zone-offsets.js';

/**
 * The one reader of times a user writes (config `start`, `runUntil`, `seek`, CLI `--seek`,
 * `--from`, `--to`): the machine's time zone never enters. Accepted, and nothing else:
 *
 * - `YYYY-MM-DDTHH:MM[:SS[.sss]]Z` or `...±HH:MM`: the instant as written;
 * - the same without an offset, or a bare `YYYY-MM-DD`: a wall time in the exchange's IANA zone.
 *   A bare date is the first instant of that local date. A wall time the clock skips (the
 *   spring-forward gap) is refused; one the clock passes twice (the fall-back hour) is refused
 *   too, naming both offsets, since picking one silently would move a run by an hour;
 * - epoch milliseconds as digits, only where the caller says so (`epochDigits`).
 *
 * Wall times become instants through WallClock (zone-offsets.ts), as the importer's local times do.
 */

/** What a caller may hand in: text, epoch ms or a Date. */
export type TimeInput = string | number | Date;

export interface ParseTimeOptions {
  /** What the value is, for the message and the error's `key`: 'config.start', '--seek'... (default 'time'). */
  readonly what?: string;
  /** Text of digits only is epoch ms (default false: such text is refused). */
  readonly epochDigits?: boolean;
  /** The code of the error for a value that is not a time: BAD_DATE (default), CONFIG_INVALID in a config, USAGE for an argument. */
  readonly code?: 'BAD_DATE' | 'CONFIG_INVALID' | 'USAGE';
  /** The error's `key` detail, when not `what` (a config key is named without its 'config.'). */
  readonly key?: string;
}

/** The accepted forms, for messages. */
export const TIME_FORMS = 'YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.sss]] (exchange-local) or with Z or ±HH:MM';

/** The range of a JavaScript Date: anything beyond is not an instant. */
const MAX_MS = 8.64e15;

/** Who is asking: names the value and chooses the error's code. */
interface Asker { readonly what: string; readonly code: 'BAD_DATE' | 'CONFIG_INVALID' | 'USAGE'; readonly key: string }

function badDate(by: Asker, value: unknown, why: string): never {
  throw new SimError(by.code, `${by.what}: ${showValue(value)} ${why}`, { key: by.key, value });
}

/** A few zones' wall clocks, kept: each caches its offsets per local date. */
const clocks = new Map<string, WallClock>();

function clockOf(timezone: string): WallClock {
  let c = clocks.get(timezone);
  if (c === undefined) {
    if (!IANAZone.isValidZone(timezone)) throw new SimError('CALENDAR_DEFINITION', `${showValue(timezone)} is not an IANA time zone`, { value: timezone });
    if (clocks.size >= 64) clocks.clear();
    clocks.set(timezone, (c = new WallClock(timezone)));
  }
  return c;
}

function checkInstant(by: Asker, value: unknown, t: number): number {
  if (!Number.isFinite(t) || Math.abs(t) > MAX_MS) badDate(by, value, 'is not a time (outside the range of instants)');
  return t;
}

/**
 * Epoch ms of a wall time in the zone (`wall` = the wall time's fields read as if UTC). A gap or a
 * doubled hour is refused unless `firstInstant`, which takes the first instant at or after it.
 */
function wallToInstant(clock: WallClock, wall: number, by: Asker, value: unknown, firstInstant: boolean): number {
  const t = clock.instant(wall);
  if (!Number.isNaN(t)) return t;
  const p = clock.problem(wall)!;
  if (firstInstant) return p.first;
  badDate(by, value, `${describeWallProblem(clock.zone, p)}; give the offset`);
}

/**
 * Epoch ms of a time a user wrote, offset-less times read in `timezone` (the calendar's zone).
 * Every failure is one error (BAD_DATE unless `code` says otherwise) naming `what` and the value.
 */
export function parseExchangeTime(value: TimeInput | unknown, timezone: string, options: ParseTimeOptions = {}): number {
  const what = options.what ?? 'time';
  const by: Asker = { what, code: options.code ?? 'BAD_DATE', key: options.key ?? what };
  if (typeof value === 'number') return checkInstant(by, value, value);
  if (value instanceof Date) return checkInstant(by, value, value.getTime());
  if (typeof value !== 'string') badDate(by, value, `is not a time (give ${TIME_FORMS}${options.epochDigits ? ' or epoch ms' : ''})`);
  if (options.epochDigits && /^\d{1,16}$/.test(value)) return checkInstant(by, value, Number(value));
  // The forms of TIME_FORMS. A literal here, not a module constant, so that its mutants are
  // charged to the tests that read times (README, "Mutation testing").
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  if (m === null) badDate(by, value, `is not a time (give ${TIME_FORMS}${options.epochDigits ? ' or epoch ms' : ''})`);
  const [, ys, mos, ds, hs, mis, ss, fs, off] = m;
  const y = Number(ys), mo = Number(mos), d = Number(ds);
  const h = Number(hs ?? 0), mi = Number(mis ?? 0), s = Number(ss ?? 0), ms = Number((fs ?? '').padEnd(3, '0'));
  const day = daysFromCivil(y, mo, d);
  const [y2, mo2, d2] = civilFromDays(day);
  if (y2 !== y || mo2 !== mo || d2 !== d) badDate(by, value, 'is not a real calendar date');
  if (h > 23 || mi > 59 || s > 59) badDate(by, value, 'is not a real clock time');
  const wall = ((day * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms;
  if (off !== undefined) {
    if (off === 'Z') return checkInstant(by, value, wall);
    const oh = Number(off.slice(1, 3)), om = Number(off.slice(4, 6));
    if (oh > 23 || om > 59) badDate(by, value, 'has an offset that is not ±HH:MM');
    return checkInstant(by, value, wall - (off[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000);
  }
  return checkInstant(by, value, wallToInstant(clockOf(timezone), wall, by, value, hs === undefined));
}

/** An instant as ISO-8601 UTC (`...Z`, milliseconds only when there are some): for columns that say they are UTC. */
export function formatUtc(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}
