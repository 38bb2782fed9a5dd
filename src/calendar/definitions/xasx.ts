import type { CalendarDefinition } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * Australian Securities Exchange (ASX Trade, cash equities), Sydney. Regular hours 10:00-16:00
 * Australia/Sydney for the whole range, no lunch break (the answer key's model: 16:00 is the end
 * of continuous trading; the pre-CSPA phase and the closing auction at about 16:10 are not
 * modelled). Early closes are at 14:10, the time ASX quotes for its half days (the closing auction
 * of those days), from 2010: the answer key has none before 2010, though ASX's archived calendars
 * show some (kept to the key up to 2019).
 *
 * The range ends with 2026, the last year ASX has published its trading calendar for.
 *
 * A function, so that the rules are evaluated when a calendar is compiled from them, not when
 * this module loads (see lazy-definition.ts); each call builds an equal definition.
 */
export function xasxDefinition(): CalendarDefinition {
  const WEEKEND_TO_MONDAY = 'and if saturday,sunday then next monday';
  return {
    name: 'XASX',
    description: 'Australian Securities Exchange',
    version: '2026.1',
    timezone: 'Australia/Sydney',
    range: { from: '1990-01-01', to: '2026-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [{ since: '1990-01-01', open: '10:00', close: '16:00' }],
    holidays: [
      { name: "New Year's Day", rule: `01-01 ${WEEKEND_TO_MONDAY}` },
      // Until 1992 Australia Day was kept on the Monday on or after 26 January (1990-01-26, a
      // Friday, was a trading day; 1990-01-29 was not). In 1993 ASX did not close at all, the
      // states keeping different days; from 1994 the states agreed on 26 January, a weekend day
      // moving to the Monday.
      { name: 'Australia Day', rule: '01-26 if tuesday,wednesday,thursday,friday,saturday,sunday then next monday', fromYear: 1990, toYear: 1992 },
      { name: 'Australia Day', rule: `01-26 ${WEEKEND_TO_MONDAY}`, fromYear: 1994 },
      { name: 'Good Friday', rule: 'easter -2' },
      { name: 'Easter Monday', rule: 'easter 1' },
      // Anzac Day on a Saturday or Sunday has no weekday substitute at ASX (1993, 1998, 2009,
      // 2015, 2020, 2021, 2026 were trading Mondays); 2010 is the one exception (adhocClosures).
      { name: 'Anzac Day', rule: '04-25' },
      { name: "Queen's Birthday", rule: '2nd monday in June', toYear: 2022 },
      { name: "King's Birthday", rule: '2nd monday in June', fromYear: 2023 },
      // Christmas on a Saturday: Monday 27th (Christmas) and Tuesday 28th (Boxing Day) closed;
      // on a Sunday: Monday 26th (Boxing Day) and Tuesday 27th (Christmas) closed.
      { name: 'Christmas Day', rule: '12-25 and if saturday then next monday if sunday then next tuesday' },
      { name: 'Boxing Day', rule: '12-26 and if saturday then next monday if sunday then next tuesday' },
      // Trading days although New South Wales holidays: Labour Day (1st Monday in October), Bank
      // Holiday (1st Monday in August); before 2017 some were no-settlement days, still traded.
    ],
    adhocClosures: [
      // New Year's Eve 1990, a Monday: closed ad hoc (as on 1984-12-31).
      { date: '1990-12-31', name: "New Year's Eve (ad hoc)" },
      { date: '1999-12-31', name: 'Y2K preparation' },
      // Anzac Day 2010 fell on a Sunday and was observed on the Monday, the only such year.
      { date: '2010-04-26', name: 'Anzac Day observed' },
      // Anzac Day 2011 was Easter Monday; Easter Tuesday was declared a public holiday.
      { date: '2011-04-26', name: 'Easter Tuesday' },
      // ASX notices 0984.22.09 and 0990.22.09: ASX Trade closed.
      { date: '2022-09-22', name: 'National Day of Mourning for Queen Elizabeth II' },
    ],
    earlyCloses: [
      // 2010-2021: "last business day before Christmas Day" and "last business day of the year"
      // close at 14:10; when 24 or 31 December is a weekend day, the Friday before (2011, 2016, 2017, 2021 calendars).
      { name: 'Last business day before Christmas', rule: '12-24 and if saturday,sunday then previous friday', fromYear: 2010, toYear: 2021, weekdays: [1, 2, 3, 4, 5], close: '14:10' },
      { name: 'Last business day of the year', rule: '12-31 and if saturday,sunday then previous friday', fromYear: 2010, toYear: 2021, weekdays: [1, 2, 3, 4, 5], close: '14:10' },
      // From 2022 the half day is kept only when 24 / 31 December is itself a weekday: ASX's 2022
      // calendar and notice 1252.22.11 show Fri 2022-12-23 and 2022-12-30 as full days, and ASX's
      // 2023 trading calendar shows Fri 2023-12-22 and 2023-12-29 as full days too (24 and 31 December
      // were Sundays). exchange_calendars (PR #374) treats only 2022 as an exception and has 14:10 on
      // 2023-12-22 and 2023-12-29; the exchange's calendar is preferred here.
      { name: 'Christmas Eve', rule: '12-24', fromYear: 2022, weekdays: [1, 2, 3, 4, 5], close: '14:10' },
      { name: "New Year's Eve", rule: '12-31', fromYear: 2022, weekdays: [1, 2, 3, 4, 5], close: '14:10' },
    ],
    // 2020-11-16 (ASX Trade outage: trading halted about 10:24 and did not resume) stays a regular
    // session: the model, like the answer key (2016-09-19), has no halts or outages.
    adhocEarlyCloses: [],
    sources: [
      'ASX trading calendars (asx.com.au cash market trading calendar, archived yearly 2003-2025) and the ASX 24 trading calendar 2026',
      'ASX notices 1021.19.09 (trading days 2020), 0984.22.09 and 0990.22.09 (22 September 2022), 1252.22.11 (Christmas 2022 hours)',
      'ASX notice on trading hours for Christmas and New Year 2025/2026 (closing single price auction 14:10 on half days)',
      'exchange_calendars (Apache-2.0) exchange_calendar_xasx.py and its XASX answer key, for cross-checking',
      'vacanza/holidays holidays/financial/australian_securities_exchange.py (rules built from the archived ASX calendars)',
    ],
  };
}

/** The XASX definition, built on first use. */
export const XASX: CalendarDefinition = lazyDefinition(xasxDefinition);
