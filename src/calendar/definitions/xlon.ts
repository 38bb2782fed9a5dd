import type { CalendarDefinition } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * London Stock Exchange (SETS order book). Regular hours 08:00-16:30 Europe/London (continuous
 * trading; the 16:30-16:35 closing auction is not part of the session), no lunch break. Half days
 * (Christmas Eve, New Year's Eve) end at 12:30.
 *
 * Hours are the answer key's model (exchange_calendars): 08:00-16:30 for the whole range. The real
 * open was 08:30 until 1998-07-17 and 09:00 from 1998-07-20 to 1999-09-17 (LSE notice N47/99 moved it
 * to 08:00 from 1999-09-20); the key back-projects 08:00, and up to 2019 the key is kept exactly.
 *
 * The exchange closes on the bank holidays of England and Wales and nothing else, so the rules
 * below are the gov.uk bank holiday rules; one-off bank holidays (jubilees, royal weddings, the
 * funeral of Queen Elizabeth II, the coronation) are adhoc closures, and a regular bank holiday
 * that gov.uk moved to another date is an adhoc open on its usual date plus a closure on the new one.
 *
 * Range: to 2027-12-31, the last year for which gov.uk has published the England and Wales bank
 * holidays (the 2026 and 2027 half days follow the LSE's standing 24/31 December rule).
 */
export function xlonDefinition(): CalendarDefinition {
  // A half day on the 24th or 31st falling on a weekend moves to the Friday before (e.g. 2022-12-23/30).
  const FRIDAY_BEFORE_WEEKEND = 'if saturday,sunday then previous friday';
  return {
    name: 'XLON',
    description: 'London Stock Exchange',
    version: '2026.1',
    timezone: 'Europe/London',
    range: { from: '1990-01-01', to: '2027-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [{ since: '1990-01-01', open: '08:00', close: '16:30' }],
    holidays: [
      // On a Saturday or Sunday the bank holiday is the next Monday (2022-01-03, 2023-01-02).
      { name: "New Year's Day", rule: '01-01 and if saturday,sunday then next monday' },
      { name: 'Good Friday', rule: 'easter -2' },
      { name: 'Easter Monday', rule: 'easter 1' },
      { name: 'Early May Bank Holiday', rule: '1st monday in May' },
      { name: 'Spring Bank Holiday', rule: 'monday before 06-01' },
      { name: 'Summer Bank Holiday', rule: 'monday before 09-01' },
      // Christmas on a Saturday: Mon 27 (and Boxing Day Tue 28); on a Sunday: Tue 27 (Boxing Day Mon 26).
      { name: 'Christmas Day', rule: '12-25 and if saturday then next monday if sunday then next tuesday' },
      // Boxing Day on a Saturday: Mon 28; on a Sunday (Christmas on Saturday): Tue 28.
      { name: 'Boxing Day', rule: '12-26 and if saturday then next monday if sunday then next tuesday' },
    ],
    adhocClosures: [
      // Early May bank holiday moved from Monday 1 May to Monday 8 May for the 50th anniversary of VE Day.
      { date: '1995-05-08', name: 'VE Day 50th anniversary (Early May Bank Holiday moved)' },
      // Millennium: a one-off bank holiday; a full closure instead of the usual 12:30 half day.
      { date: '1999-12-31', name: 'Millennium Eve bank holiday' },
      // Spring bank holiday moved from 27 May to 3 June, next to the Golden Jubilee bank holiday on 4 June.
      { date: '2002-06-03', name: 'Spring Bank Holiday (moved for the Golden Jubilee)' },
      { date: '2002-06-04', name: 'Golden Jubilee of Queen Elizabeth II' },
      { date: '2011-04-29', name: 'Wedding of Prince William and Catherine Middleton' },
      // Spring bank holiday moved from 28 May to 4 June, next to the Diamond Jubilee bank holiday on 5 June.
      { date: '2012-06-04', name: 'Spring Bank Holiday (moved for the Diamond Jubilee)' },
      { date: '2012-06-05', name: 'Diamond Jubilee of Queen Elizabeth II' },
      // Early May bank holiday moved from Monday 4 May to Friday 8 May for the 75th anniversary of VE Day.
      { date: '2020-05-08', name: 'VE Day 75th anniversary (Early May Bank Holiday moved)' },
      // Spring bank holiday moved from 30 May to Thursday 2 June, next to the Platinum Jubilee bank holiday on 3 June.
      { date: '2022-06-02', name: 'Spring Bank Holiday (moved for the Platinum Jubilee)' },
      { date: '2022-06-03', name: 'Platinum Jubilee of Queen Elizabeth II' },
      // One-off bank holiday for the state funeral.
      { date: '2022-09-19', name: 'State Funeral of Queen Elizabeth II' },
      // One-off bank holiday for the coronation.
      { date: '2023-05-08', name: 'Coronation of King Charles III' },
    ],
    adhocOpens: [
      // The regular bank holiday dates that gov.uk moved (see the adhoc closures): the exchange traded.
      { date: '1995-05-01', name: 'Early May Bank Holiday moved to 8 May (VE Day 50th anniversary)' },
      { date: '2002-05-27', name: 'Spring Bank Holiday moved to 3 June (Golden Jubilee)' },
      { date: '2012-05-28', name: 'Spring Bank Holiday moved to 4 June (Diamond Jubilee)' },
      { date: '2020-05-04', name: 'Early May Bank Holiday moved to 8 May (VE Day 75th anniversary)' },
      { date: '2022-05-30', name: 'Spring Bank Holiday moved to 2 June (Platinum Jubilee)' },
    ],
    earlyCloses: [
      // "Markets closing process commences from 12:30" on 24 and 31 December (or the Friday before).
      { name: 'Christmas Eve', rule: `12-24 ${FRIDAY_BEFORE_WEEKEND}`, close: '12:30' },
      // 1999-12-31 was a closure (Millennium bank holiday, above), which wins over this half day.
      { name: "New Year's Eve", rule: `12-31 ${FRIDAY_BEFORE_WEEKEND}`, close: '12:30' },
    ],
    adhocEarlyCloses: [],
    sources: [
      'gov.uk/bank-holidays: England and Wales bank holidays, including the one-off days of 1995, 1999, 2002, 2011, 2012, 2020, 2022 and 2023',
      'LSEG, London Stock Exchange business days page: "Markets closing process commences from 12:30" on 24 and 31 December',
      'LSE announcement "Christmas and New Year service arrangements 2007/2008" (close from 12:30 on 24/31 Dec)',
      'LSE Stock Exchange Notice N47/99 (4 Aug 1999): trading hours 08:00-16:30 from Monday 20 September 1999',
      'Shares Magazine, Dec 2022: LSE closed early at 12:30 on Friday 23 Dec 2022; Times, 24 Dec 2021 (shortened Christmas Eve)',
      'exchange_calendars (Apache-2.0) exchange_calendar_xlon.py and its XLON answer key, for cross-checking',
    ],
  };
}

/** The XLON definition, built on first use. */
export const XLON: CalendarDefinition = lazyDefinition(xlonDefinition);
