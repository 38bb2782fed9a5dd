import type { CalendarDefinition } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * New York Stock Exchange. Regular hours 09:30-16:00 America/New_York for the whole range (the
 * 10:00 open ended in 1985, the 16:00 close began in 1974). Early closes were at 14:00 until 1992
 * and at 13:00 since 1993.
 *
 * A function, so that the rules are evaluated when a calendar is compiled from them, not when
 * this module loads (see lazy-definition.ts); each call builds an equal definition.
 */
export function xnysDefinition(): CalendarDefinition {
  const MON_TO_THU = [1, 2, 3, 4];
  const OBSERVED_NEAREST_WEEKDAY = 'and if saturday then previous friday if sunday then next monday';
  return {
    name: 'XNYS',
    description: 'New York Stock Exchange',
    version: '2025.1',
    timezone: 'America/New_York',
    range: { from: '1990-01-01', to: '2035-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [{ since: '1990-01-01', open: '09:30', close: '16:00' }],
    holidays: [
      // Jan 1 on a Sunday is observed Monday; on a Saturday it is not observed at all (NYSE Rule 7.2:
      // the Friday before would be the last trading day of the year), e.g. 1994, 2005, 2011, 2022.
      { name: "New Year's Day", rule: '01-01 and if sunday then next monday' },
      { name: 'Martin Luther King Jr. Day', rule: '3rd monday in January', fromYear: 1998 },
      { name: "Washington's Birthday", rule: '3rd monday in February' },
      { name: 'Good Friday', rule: 'easter -2' },
      { name: 'Memorial Day', rule: 'monday before 06-01' },
      { name: 'Juneteenth National Independence Day', rule: `06-19 ${OBSERVED_NEAREST_WEEKDAY}`, fromYear: 2022 },
      { name: 'Independence Day', rule: `07-04 ${OBSERVED_NEAREST_WEEKDAY}` },
      { name: 'Labor Day', rule: '1st monday in September' },
      { name: 'Thanksgiving Day', rule: '4th thursday in November' },
      { name: 'Christmas Day', rule: `12-25 ${OBSERVED_NEAREST_WEEKDAY}` },
      // Not closed for Columbus Day or Veterans Day (federal holidays on which the exchange trades).
    ],
    adhocClosures: [
      { date: '1994-04-27', name: 'National Day of Mourning for President Richard Nixon' },
      { date: '2001-09-11', name: 'September 11 attacks' },
      { date: '2001-09-12', name: 'September 11 attacks' },
      { date: '2001-09-13', name: 'September 11 attacks' },
      { date: '2001-09-14', name: 'September 11 attacks' },
      { date: '2004-06-11', name: 'National Day of Mourning for President Ronald Reagan' },
      { date: '2007-01-02', name: 'National Day of Mourning for President Gerald Ford' },
      { date: '2012-10-29', name: 'Hurricane Sandy' },
      { date: '2012-10-30', name: 'Hurricane Sandy' },
      { date: '2018-12-05', name: 'National Day of Mourning for President George H. W. Bush' },
      { date: '2025-01-09', name: 'National Day of Mourning for President Jimmy Carter' },
    ],
    earlyCloses: [
      // July 3 when July 4 is a Tuesday, Wednesday (from 2013) or Friday: the 3rd is a half day.
      { name: 'Day before Independence Day', rule: '07-03', fromYear: 1995, weekdays: [1, 2, 4], close: '13:00' },
      { name: 'Day before Independence Day', rule: '07-03', fromYear: 2013, weekdays: [3], close: '13:00' },
      // Before 2013, when July 4 was a Thursday the half day was Friday the 5th instead.
      { name: 'Day after Independence Day', rule: '07-05', fromYear: 1995, toYear: 2012, weekdays: [5], close: '13:00' },
      { name: 'Day after Thanksgiving', rule: 'friday after 4th thursday in November', fromYear: 1992, toYear: 1992, close: '14:00' },
      { name: 'Day after Thanksgiving', rule: 'friday after 4th thursday in November', fromYear: 1993, close: '13:00' },
      // Christmas Eve on a Friday is the observed Christmas holiday, on a weekend no session.
      { name: 'Christmas Eve', rule: '12-24', toYear: 1992, weekdays: MON_TO_THU, close: '14:00' },
      { name: 'Christmas Eve', rule: '12-24', fromYear: 1993, weekdays: MON_TO_THU, close: '13:00' },
    ],
    adhocEarlyCloses: [
      { date: '1997-12-26', close: '13:00', name: 'Day after Christmas' },
      { date: '1999-12-31', close: '13:00', name: "New Year's Eve 1999" },
      { date: '2003-12-26', close: '13:00', name: 'Day after Christmas' },
    ],
    sources: [
      'NYSE Rule 7.2 and the NYSE holidays and trading hours pages',
      'NYSE historical closings list; exchange_calendars (Apache-2.0) XNYS answer key for cross-checking',
    ],
  };
}

/** The XNYS definition, built on first use (`getCalendar('XNYS')` compiles from it). */
export const XNYS: CalendarDefinition = lazyDefinition(xnysDefinition);
