import type { CalendarDefinition } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * CME Globex, equity index futures (E-mini S&P 500 and the like). A session labelled D opens at
 * 17:00 Chicago time on the calendar day before D (Sunday for Monday, the holiday itself after a
 * holiday) and, in this model, closes at 17:00 on D.
 *
 * The model is the exchange_calendars one its answer key (1990-2019) was made with, kept past 2019
 * so that the calendar reads the same way in every year: no 15:15-15:30 halt, a 17:00 close (CME's
 * real close was 15:15, then 16:15 from 2012-11-19 and 16:00 from 2015-09-21; the halt ended on
 * 2021-06-28), and a US holiday on which Globex halts at noon is a short session dated that day
 * (17:00 the evening before to 12:00), the next session opening at 17:00 on the holiday. Up to 2019
 * the key is followed even where CME did otherwise (10:30 holiday halts before 2014/2015, 12:15
 * closes, the Good Friday sessions of 2010, 2012 and 2015, 2018-12-05 open until 08:30).
 *
 * From 2020 on, the days CME published that the key's rules do not give are added: the 12:15
 * closes (Day after Thanksgiving, Christmas Eve, the day before Independence Day), the Good Friday
 * sessions to 08:15 when the US jobs report came out that day, and 2025-01-09 open until 08:30.
 *
 * A function, so that the rules are evaluated when a calendar is compiled from them, not when
 * this module loads (see lazy-definition.ts); each call builds an equal definition.
 */
export function cmesDefinition(): CalendarDefinition {
  const MON_TO_THU = [1, 2, 3, 4];
  const OBSERVED_NEAREST_WEEKDAY = 'and if saturday then previous friday if sunday then next monday';
  // Noon halts on US holidays: the key's (and exchange_calendars') 12:00 for every year.
  const NOON = '12:00';
  // CME's 12:15 CT closes (Day after Thanksgiving, Christmas Eve, July 3), used from 2020 on; the key
  // has 12:00 (Thanksgiving Friday, Christmas Eve) or a full day (July 3) before that.
  const QUARTER_PAST_NOON = '12:15';
  const FIRST_YEAR_PAST_KEY = 2020;
  return {
    name: 'CMES',
    description: 'CME Globex equity index futures (Chicago Mercantile Exchange); a session opens at 17:00 CT the evening before its date',
    version: '2026.1',
    timezone: 'America/Chicago',
    // CME has published its 2026 holiday schedule; nothing later is vouched for.
    range: { from: '1990-01-01', to: '2026-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [{ since: '1990-01-01', open: '17:00', close: '17:00', openDayOffset: -1 }],
    holidays: [
      // Jan 1 on a Sunday is observed Monday; on a Saturday not at all (Friday Dec 31 trades).
      { name: "New Year's Day", rule: '01-01 and if sunday then next monday' },
      // Closed every Good Friday in the key; the 2021, 2023 and 2026 jobs-report sessions are in adhocOpens.
      { name: 'Good Friday', rule: 'easter -2' },
      // Christmas on a Saturday closes the Friday before (2021-12-24: by the rule; CME's equity
      // schedule for that day was not found, it may have been a 12:15 close), on a Sunday the Monday.
      { name: 'Christmas Day', rule: `12-25 ${OBSERVED_NEAREST_WEEKDAY}` },
    ],
    adhocClosures: [
      // National days of mourning: closed in the key (CME's own schedule for these was not found).
      { date: '1994-04-27', name: 'National Day of Mourning for President Richard Nixon' },
      { date: '2004-06-11', name: 'National Day of Mourning for President Ronald Reagan' },
      { date: '2007-01-02', name: 'National Day of Mourning for President Gerald Ford' },
      // In reality equities traded overnight until 08:30 CT (CME release 2018-12-02); the key, which
      // is the truth up to 2019, has the day closed.
      { date: '2018-12-05', name: 'National Day of Mourning for President George H. W. Bush' },
    ],
    earlyCloses: [
      { name: 'Martin Luther King Jr. Day', rule: '3rd monday in January', fromYear: 1998, close: NOON },
      { name: "Presidents' Day", rule: '3rd monday in February', close: NOON },
      { name: 'Memorial Day', rule: 'monday before 06-01', close: NOON },
      // CME has halted equities at noon on Juneteenth since 2022 (first 2022-06-20, the Monday after).
      { name: 'Juneteenth National Independence Day', rule: `06-19 ${OBSERVED_NEAREST_WEEKDAY}`, fromYear: 2022, close: NOON },
      { name: 'Independence Day', rule: `07-04 ${OBSERVED_NEAREST_WEEKDAY}`, close: NOON },
      { name: 'Labor Day', rule: '1st monday in September', close: NOON },
      { name: 'Thanksgiving Day', rule: '4th thursday in November', close: NOON },
      { name: 'Day after Thanksgiving', rule: 'friday after 4th thursday in November', fromYear: 1993, toYear: FIRST_YEAR_PAST_KEY - 1, close: NOON },
      // CME's equity close on the Friday after Thanksgiving is 12:15 CT (13:15 ET), e.g. 2024-11-29, 2026-11-27.
      // 2025-11-28: Globex also stopped from about 21:00 CT on Nov 27 to about 07:30 CT (a data-centre
      // cooling failure). An unscheduled outage with press-estimated times, not a published schedule:
      // not modelled (the session runs 17:00 Nov 27 to 12:15).
      { name: 'Day after Thanksgiving', rule: 'friday after 4th thursday in November', fromYear: FIRST_YEAR_PAST_KEY, close: QUARTER_PAST_NOON },
      // Christmas Eve on a Friday is the observed Christmas holiday; on a weekend there is no session.
      { name: 'Christmas Eve', rule: '12-24', toYear: FIRST_YEAR_PAST_KEY - 1, weekdays: MON_TO_THU, close: NOON },
      { name: 'Christmas Eve', rule: '12-24', fromYear: FIRST_YEAR_PAST_KEY, weekdays: MON_TO_THU, close: QUARTER_PAST_NOON },
      // The day before Independence Day when July 4 is a Tuesday to Friday: CME equities close at
      // 12:15 CT (2023-07-03, 2024-07-03; 2025-07-03 with NYSE's 13:00 ET close). exchange_calendars
      // has a full day; CME's schedule is preferred. (On a Friday, July 3 is the observed holiday.)
      { name: 'Day before Independence Day', rule: '07-03', fromYear: FIRST_YEAR_PAST_KEY, weekdays: MON_TO_THU, close: QUARTER_PAST_NOON },
    ],
    adhocOpens: [
      // Good Friday with the US employment report released that morning: equity futures trade from
      // Thursday 17:00 CT until 08:15 CT (exchange_calendars has these days closed; CME's notices
      // are preferred). In other years Good Friday is closed (2020, 2022, 2025; 2024 inferred, no report that day).
      { date: '2021-04-02', name: 'Good Friday (employment report): open until 08:15' },
      { date: '2023-04-07', name: 'Good Friday (employment report): open until 08:15' },
      { date: '2026-04-03', name: 'Good Friday (employment report): open until 08:15' },
    ],
    adhocEarlyCloses: [
      { date: '2021-04-02', close: '08:15', name: 'Good Friday (employment report)' },
      { date: '2023-04-07', close: '08:15', name: 'Good Friday (employment report)' },
      { date: '2026-04-03', close: '08:15', name: 'Good Friday (employment report)' },
      // National Day of Mourning for President Carter: CME equities traded overnight until 08:30 CT
      // and reopened at 17:00 for Jan 10 (CME release 2024-12-30). exchange_calendars closes the
      // whole day (its mourning-day list); CME's notice is preferred.
      { date: '2025-01-09', close: '08:30', name: 'National Day of Mourning for President Jimmy Carter' },
    ],
    sources: [
      'CME Group holiday calendar and holiday trading-hours notices: https://www.cmegroup.com/tools-information/holiday-calendar.html',
      'CME Group release 2018-12-02 (equities close 08:30 CT on 2018-12-05, National Day of Mourning)',
      'CME Group release 2024-12-30 (equities close 08:30 CT on 2025-01-09, National Day of Mourning for President Carter)',
      'CME Globex notice 20210621 (equity 15:15-15:30 CT halt removed from trade date 2021-06-28; not modelled, see above)',
      'CME Good Friday schedules 2021, 2023, 2026 (equities open until 08:15 CT on the employment-report release)',
      'CME 2026 holiday schedule (Juneteenth 13:00 ET, July 3 13:00 ET, Labor Day 13:00 ET, Nov 27 13:15 ET), via pandas_market_calendars issue #464',
      'exchange_calendars (Apache-2.0) exchange_calendar_cmes.py and us_holidays.py: the model of the 1990-2019 answer key',
      'pandas_market_calendars cme_globex_equities.py and holidays/cme.py (12:15 closes, Good Friday sessions), cross-checked',
      'QuantConnect Lean PR #9807 and market-hours database (2023/2024 July 3 12:15 closes, 2024-11-29, 2025-01-09)',
      'docs/calendar-facts/CMES.md (research notes, all sources S1-S33)',
    ],
  };
}

/** The CMES definition, built on first use (`getCalendar('CMES')` compiles from it once registered). */
export const CMES: CalendarDefinition = lazyDefinition(cmesDefinition);
