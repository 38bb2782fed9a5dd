import { IANAZone } from 'luxon';
import { SimError, showValue } from '../errors.js';
import { civilFromDays, daysFromCivil } from './days.js';

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
 * luxon is asked for zone offsets here only, once per value parsed, never per bar.
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

function zoneOf(timezone: string): IANAZone {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new SimError('CALENDAR_DEFINITION', `${showValue(timezone)} is not an IANA time zone`, { value: timezone });
  return zone;
}

function checkInstant(by: Asker, value: unknown, t: number): number {
  if (!Number.isFinite(t) || Math.abs(t) > MAX_MS) badDate(by, value, 'is not a time (outside the range of instants)');
  return t;
}

/** Offsets (minutes) that the zone may have around local-as-UTC ms `wall`: those of a day before and after. */
function candidateOffsets(zone: IANAZone, wall: number): number[] {
  const before = zone.offset(wall - 86_400_000), after = zone.offset(wall + 86_400_000);
  return before === after ? [before] : [before, after];
}

function formatOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/**
 * The instant the clock jumps over a skipped wall time: the first instant after it. `late` (the
 * wall time read with the offset before the jump) already has the offset `after`; a day earlier
 * had not. Transitions fall on whole minutes.
 */
function jumpInstant(zone: IANAZone, late: number, after: number): number {
  let lo = late - 86_400_000, hi = late;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (zone.offset(mid) === after) hi = mid; else lo = mid;
  }
  return hi;
}

/**
 * Epoch ms of a wall time in the zone (`wall` = the wall time's fields read as if UTC). A gap or a
 * doubled hour is refused unless `firstInstant`, which takes the first instant at or after it.
 */
function wallToInstant(zone: IANAZone, wall: number, by: Asker, value: unknown, firstInstant: boolean): number {
  const offsets = candidateOffsets(zone, wall);
  const fits = offsets.filter((o) => zone.offset(wall - o * 60_000) === o).map((o) => wall - o * 60_000);
  if (fits.length === 1) return fits[0]!;
  if (fits.length === 0) {
    if (firstInstant) return jumpInstant(zone, wall - offsets[0]! * 60_000, offsets[1]!);
    badDate(by, value, `does not exist in ${zone.name} (the clock skips it when it moves from ${formatOffset(offsets[0]!)} to ${formatOffset(offsets[1]!)}); give the offset`);
  }
  if (firstInstant) return Math.min(...fits);
  badDate(by, value, `is ambiguous in ${zone.name} (the clock passes it twice, at ${formatOffset(offsets[0]!)} and ${formatOffset(offsets[1]!)}); give the offset`);
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
  return checkInstant(by, value, wallToInstant(zoneOf(timezone), wall, by, value, hs === undefined));
}

/** An instant as ISO-8601 UTC (`...Z`, milliseconds only when there are some): for columns that say they are UTC. */
export function formatUtc(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}
