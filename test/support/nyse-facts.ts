import { readFileSync } from 'node:fs';
import { daysFromCivil, isoWeekday } from '../../src/calendar/index.js';

/**
 * What is known about the NYSE's sessions without asking our calendar: an independent model of its
 * regular holidays written from the exchange's rules with plain date arithmetic (no
 * date-holidays), its ad-hoc closures from its historical closings list, and the exchange_calendars
 * answer key for 2015-2019 (test/fixtures/calendar).
 */

function easter(y: number): number {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(y, month, day);
}
const nthWeekday = (y: number, m: number, wd: number, n: number) => {
  const first = daysFromCivil(y, m, 1);
  return first + ((wd - isoWeekday(first) + 7) % 7) + 7 * (n - 1);
};
const lastWeekday = (y: number, m: number, wd: number) => {
  const last = daysFromCivil(y, m + 1, 1) - 1;
  return last - ((isoWeekday(last) - wd + 7) % 7);
};
const nearestWeekday = (d: number) => (isoWeekday(d) === 6 ? d - 1 : isoWeekday(d) === 7 ? d + 1 : d);

/** The NYSE's regular holidays of year y that fall on a weekday (NYSE Rule 7.2). */
export function modelHolidays(y: number): number[] {
  const ny = daysFromCivil(y, 1, 1);
  const out = [
    isoWeekday(ny) === 7 ? ny + 1 : ny,
    nthWeekday(y, 2, 1, 3),
    easter(y) - 2,
    lastWeekday(y, 5, 1),
    nearestWeekday(daysFromCivil(y, 7, 4)),
    nthWeekday(y, 9, 1, 1),
    nthWeekday(y, 11, 4, 4),
    nearestWeekday(daysFromCivil(y, 12, 25)),
  ];
  if (y >= 1998) out.push(nthWeekday(y, 1, 1, 3));
  if (y >= 2022) out.push(nearestWeekday(daysFromCivil(y, 6, 19)));
  return out.filter((d) => isoWeekday(d) <= 5);
}

/** The NYSE's unscheduled full-day closures since 1990 (its historical closings list). */
export const ADHOC = ['1994-04-27', '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', '2004-06-11', '2007-01-02', '2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09'];

/** The answer key's rows, `session,open_utc,close_utc`, without the header. */
export function answerKeyRows(): string[] {
  return readFileSync(new URL('../fixtures/calendar/xnys_sessions_2015_2019.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
}

/** The NYSE's early closes (13:00, 14:00 before 1993) of some years, from its notices. */
export const EARLY_CLOSES: Readonly<Record<number, readonly string[]>> = {
  1992: ['1992-11-27', '1992-12-24'],
  1996: ['1996-07-05', '1996-11-29', '1996-12-24'],
  1997: ['1997-07-03', '1997-11-28', '1997-12-24', '1997-12-26'],
  1999: ['1999-11-26', '1999-12-31'],
  2002: ['2002-07-05', '2002-11-29', '2002-12-24'],
  2003: ['2003-07-03', '2003-11-28', '2003-12-24', '2003-12-26'],
  2008: ['2008-07-03', '2008-11-28', '2008-12-24'],
  2013: ['2013-07-03', '2013-11-29', '2013-12-24'],
  2020: ['2020-11-27', '2020-12-24'],
  2021: ['2021-11-26'],
  2022: ['2022-11-25'],
  2023: ['2023-07-03', '2023-11-24'],
  2024: ['2024-07-03', '2024-11-29', '2024-12-24'],
  2025: ['2025-07-03', '2025-11-28', '2025-12-24'],
  2026: ['2026-11-27', '2026-12-24'],
  2030: ['2030-07-03', '2030-11-29', '2030-12-24'],
};
