import type { CalendarDefinition, RuleDefinition } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * Tokyo Stock Exchange (cash equities), Asia/Tokyo (UTC+9, no DST).
 *
 * Hours follow the exchange_calendars model that the answer key was built from: one schedule,
 * 09:00-11:30 and 12:30-15:00, for every year from 2000, then the 15:30 close from 2024-11-05.
 * Reality differed before 2011-11-21 (the morning session ended at 11:00), the first and last
 * sessions of the year were morning-only half days up to 2009-01-05 (大発会) and 2008-12-30 (大納会),
 * 2006-01-19..04-21 had a break to 13:00, and 2005-11-01 (system failure, trading from 13:30) and
 * 2006-01-18 (all trading stopped at 14:40, Livedoor shock) were cut short; the key shows none of
 * this, and up to 2019 the key is what this definition reproduces (docs/calendar-facts/XTKS.md,
 * sections 1 and 4).
 *
 * Closures: Japan's national holidays (the Act on National Holidays: fixed days, "Happy Monday"
 * days, the equinoxes, substitute holidays and citizens' holidays) plus the exchange's own
 * New Year holidays Jan 2, Jan 3 and Dec 31. TSE has no early closes and no late opens by rule.
 *
 * Written as rules rather than date-holidays' `JP` base (which gives the same closures, checked
 * 2000-2027): the base computes both equinoxes astronomically twice a year, which made one
 * compile take over a second; here they are the dates fixed each February in the official
 * gazette (暦要項), one rule per year.
 *
 * A function, so that the rules are evaluated when a calendar is compiled from them, not when
 * this module loads (see lazy-definition.ts); each call builds an equal definition.
 */
export function xtksDefinition(): CalendarDefinition {
  // A holiday on a Sunday is observed on the next day that is not a holiday (振替休日, since
  // 1973; in this range that is always the Monday, except in Golden Week, written out below).
  // A holiday on a Saturday is not moved.
  const SUNDAY_TO_MONDAY = 'and if sunday then next monday';

  // The equinox days as published in the gazette the February before (astronomical dates in
  // Japan Standard Time); a Sunday equinox is observed on the Monday.
  const VERNAL: Record<number, string> = {
    2000: '03-20', 2001: '03-20', 2002: '03-21', 2003: '03-21', 2004: '03-20', 2005: '03-20', 2006: '03-21',
    2007: '03-21', 2008: '03-20', 2009: '03-20', 2010: '03-21', 2011: '03-21', 2012: '03-20', 2013: '03-20',
    2014: '03-21', 2015: '03-21', 2016: '03-20', 2017: '03-20', 2018: '03-21', 2019: '03-21', 2020: '03-20',
    2021: '03-20', 2022: '03-21', 2023: '03-21', 2024: '03-20', 2025: '03-20', 2026: '03-20',
    // 2027-03-21 is a Sunday: 2027-03-22 is closed (gazette of 2026-02-02).
    2027: '03-21',
  };
  const AUTUMNAL: Record<number, string> = {
    2000: '09-23', 2001: '09-23', 2002: '09-23', 2003: '09-23', 2004: '09-23', 2005: '09-23', 2006: '09-23',
    2007: '09-23', 2008: '09-23', 2009: '09-23', 2010: '09-23', 2011: '09-23', 2012: '09-22', 2013: '09-23',
    2014: '09-23', 2015: '09-23', 2016: '09-22', 2017: '09-23', 2018: '09-23', 2019: '09-23', 2020: '09-22',
    2021: '09-23', 2022: '09-23', 2023: '09-23', 2024: '09-22', 2025: '09-23', 2026: '09-23', 2027: '09-23',
  };
  const equinoxes = (name: string, table: Record<number, string>): RuleDefinition[] =>
    Object.entries(table).map(([year, day]) => ({ name, rule: `${year}-${day} ${SUNDAY_TO_MONDAY}`, fromYear: Number(year), toYear: Number(year) }));

  return {
    name: 'XTKS',
    description: 'Tokyo Stock Exchange (JPX), cash equities',
    version: '2026.1',
    timezone: 'Asia/Tokyo',
    // To the end of 2027: the national holidays are fixed by law, and the 2027 equinoxes were
    // fixed in the official gazette (暦要項) published 2026-02-02.
    range: { from: '2000-01-01', to: '2027-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [
      // The key's one schedule for 2000-2024 (the real morning session ended at 11:00 until
      // 2011-11-18; the key, like exchange_calendars, starts the break at 11:30 throughout).
      { since: '2000-01-01', open: '09:00', close: '15:00', breakStart: '11:30', breakEnd: '12:30' },
      // arrowhead renewal: the close moved to 15:30 (closing auction 15:25-15:30), the first move
      // of the close since 1954. 2024-11-01 was the last 15:00 close (Nov 4 was a holiday).
      { since: '2024-11-05', open: '09:00', close: '15:30', breakStart: '11:30', breakEnd: '12:30' },
    ],
    holidays: [
      // New Year: Jan 1 is the national holiday (a Sunday Jan 1 moves to Jan 2, closed anyway);
      // Jan 2, Jan 3 and Dec 31 are exchange (and bank) holidays, not moved off a weekend.
      { name: "New Year's Day", rule: '01-01' },
      { name: 'New Year holiday (Jan 2)', rule: '01-02' },
      { name: 'New Year holiday (Jan 3)', rule: '01-03' },
      { name: 'Year-end holiday (Dec 31)', rule: '12-31' },
      { name: 'Coming of Age Day', rule: '2nd monday in January' },
      { name: 'National Foundation Day', rule: `02-11 ${SUNDAY_TO_MONDAY}` },
      // Emperor Akihito's birthday until 2018; none in 2019 (2019-12-23 was a session); Emperor
      // Naruhito's birthday from 2020.
      { name: "Emperor's Birthday", rule: `12-23 ${SUNDAY_TO_MONDAY}`, toYear: 2018 },
      { name: "Emperor's Birthday", rule: `02-23 ${SUNDAY_TO_MONDAY}`, fromYear: 2020 },
      ...equinoxes('Vernal Equinox Day', VERNAL),
      // Greenery Day until 2006, Showa Day since 2007.
      { name: 'Showa Day', rule: `04-29 ${SUNDAY_TO_MONDAY}` },
      // Golden Week. Until 2006 May 4 was an unnamed citizens' holiday (a weekday between two
      // holidays), with no substitute of its own; since 2007 it is Greenery Day, and a Sunday
      // May 3 or May 4 is observed on May 6, the first day after May 5 that is not a holiday.
      { name: 'Constitution Memorial Day', rule: '05-03', toYear: 2006 },
      { name: 'Constitution Memorial Day', rule: '05-03 and if sunday then next wednesday', fromYear: 2007 },
      { name: "Citizens' holiday (Golden Week)", rule: '05-04', toYear: 2006 },
      { name: 'Greenery Day', rule: '05-04 and if sunday then next tuesday', fromYear: 2007 },
      { name: "Children's Day", rule: `05-05 ${SUNDAY_TO_MONDAY}` },
      // Marine Day: Jul 20 until 2002, the 3rd Monday of July since 2003; moved by the Tokyo 2020
      // special measures act to 2020-07-23 and 2021-07-22 (Jul 20, 2020 and Jul 19, 2021 were sessions).
      { name: 'Marine Day', rule: `07-20 ${SUNDAY_TO_MONDAY}`, toYear: 2002 },
      { name: 'Marine Day', rule: '3rd monday in July', fromYear: 2003, toYear: 2019 },
      { name: 'Marine Day (Olympics)', rule: '2020-07-23', fromYear: 2020, toYear: 2020 },
      { name: 'Marine Day (Olympics)', rule: '2021-07-22', fromYear: 2021, toYear: 2021 },
      { name: 'Marine Day', rule: '3rd monday in July', fromYear: 2022 },
      // Mountain Day since 2016; moved to 2020-08-10 and to 2021-08-08 (a Sunday, observed on
      // Monday 2021-08-09) for the Olympics (Aug 11, 2020 and 2021 were sessions).
      { name: 'Mountain Day', rule: `08-11 ${SUNDAY_TO_MONDAY}`, fromYear: 2016, toYear: 2019 },
      { name: 'Mountain Day (Olympics)', rule: '2020-08-10', fromYear: 2020, toYear: 2020 },
      { name: 'Mountain Day (Olympics)', rule: `2021-08-08 ${SUNDAY_TO_MONDAY}`, fromYear: 2021, toYear: 2021 },
      { name: 'Mountain Day', rule: `08-11 ${SUNDAY_TO_MONDAY}`, fromYear: 2022 },
      // Respect for the Aged Day: Sep 15 until 2002, the 3rd Monday of September since 2003.
      { name: 'Respect for the Aged Day', rule: `09-15 ${SUNDAY_TO_MONDAY}`, toYear: 2002 },
      { name: 'Respect for the Aged Day', rule: '3rd monday in September', fromYear: 2003 },
      ...equinoxes('Autumnal Equinox Day', AUTUMNAL),
      // Health and Sports Day, Sports Day from 2020: the 2nd Monday of October; moved to
      // 2020-07-24 and 2021-07-23 (the Olympic opening) by the special measures act
      // (2020-10-12 and 2021-10-11 were sessions).
      { name: 'Health and Sports Day', rule: '2nd monday in October', toYear: 2019 },
      { name: 'Sports Day (Olympics)', rule: '2020-07-24', fromYear: 2020, toYear: 2020 },
      { name: 'Sports Day (Olympics)', rule: '2021-07-23', fromYear: 2021, toYear: 2021 },
      { name: 'Sports Day', rule: '2nd monday in October', fromYear: 2022 },
      { name: 'Culture Day', rule: `11-03 ${SUNDAY_TO_MONDAY}` },
      { name: 'Labour Thanksgiving Day', rule: `11-23 ${SUNDAY_TO_MONDAY}` },
    ],
    adhocClosures: [
      // Citizens' holidays (国民の休日): a weekday between two holidays is itself a holiday.
      // In September: a Tuesday between Respect for the Aged Day and a Wednesday equinox.
      { date: '2009-09-22', name: "Citizens' holiday (Silver Week)" },
      { date: '2015-09-22', name: "Citizens' holiday (Silver Week)" },
      { date: '2026-09-22', name: "Citizens' holiday (Silver Week)" },
      // The imperial succession of 2019 (one-off national holidays; JPX release 2018-12-21).
      { date: '2019-04-30', name: 'Abdication Day' },
      { date: '2019-05-01', name: 'Accession Day' },
      { date: '2019-05-02', name: "Citizens' holiday (between Accession Day and Constitution Memorial Day)" },
      { date: '2019-10-22', name: 'Enthronement Ceremony Day' },
      // arrowhead hardware failure: market data could not be distributed and the switch to the
      // backup failed; no orders were taken all day (JPX news release 2020-10-19). Nagoya,
      // Fukuoka and Sapporo were closed too.
      { date: '2020-10-01', name: 'Equity trading system failure (arrowhead)' },
    ],
    earlyCloses: [],
    adhocEarlyCloses: [],
    adhocLateOpens: [],
    sources: [
      'JPX market holiday calendar: https://www.jpx.co.jp/english/corporate/about-jpx/calendar/index.html',
      'Cabinet Office, national holidays: https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html',
      'JPX news release on the 2019 one-off holidays: https://www.jpx.co.jp/english/corporate/news/news-releases/0020/20181221-01.html',
      'JPX news release on the 2020-10-01 outage: https://www.jpx.co.jp/english/corporate/news/news-releases/0060/20201019-01.html',
      'Tokyo 2020 special measures act (holiday moves of 2020 and 2021): https://www.kantei.go.jp/jp/headline/tokyo2020/shukujitsu.html',
      'The 15:30 close from 2024-11-05: https://www.nippon.com/en/news/yjj2024110500956/tse-extends-stock-trading-hours-by-30-minutes.html',
      '2027 equinoxes (暦要項, 2026-02-02): https://www.astroarts.co.jp/article/hl/a/14390_calendar',
      'date-holidays JP data (cross-check of every closure 2000-2027)',
      'exchange_calendars (Apache-2.0) XTKS calendar and answer key, for cross-checking',
      'docs/calendar-facts/XTKS.md',
    ],
  };
}

/** The XTKS definition, built on first use. */
export const XTKS: CalendarDefinition = lazyDefinition(xtksDefinition);
