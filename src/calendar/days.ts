import { SimError } from '../errors.js';

/**
 * Civil dates as integer days since 1970-01-01, without Date objects (H. Hinnant's algorithms),
 * so that date arithmetic on hot paths is plain integer math.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** ISO weekday: 1 = Monday .. 7 = Sunday. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** 'YYYY-MM-DD' -> epoch day; a malformed or impossible date is a BAD_DATE error naming the value. */
export function parseDay(text: string, what = 'date'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) throw new SimError('BAD_DATE', `${what} '${text}' is not a YYYY-MM-DD date`, { value: text, key: what });
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const day = daysFromCivil(y, mo, d);
  const [y2, m2, d2] = civilFromDays(day);
  if (y2 !== y || m2 !== mo || d2 !== d) throw new SimError('BAD_DATE', `${what} '${text}' is not a real calendar date`, { value: text, key: what });
  return day;
}

export function formatDay(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 'HH:MM' -> minutes after midnight. */
export function parseClock(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (m === null || Number(m[1]) > 47 || Number(m[2]) > 59) {
    throw new SimError('CALENDAR_DEFINITION', `'${text}' is not an HH:MM clock time`, { value: text });
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

export const MS_PER_DAY = 86_400_000;
