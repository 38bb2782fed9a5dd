import type { CalendarDefinition, DatedEntry } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/** One year's closed weekdays: [holiday, 'MM-DD MM-DD ...'] in date order. */
type YearClosures = readonly [number, readonly (readonly [string, string])[]];

/**
 * Shanghai Stock Exchange (A shares), Asia/Shanghai. Continuous trading 09:30-11:30 and
 * 13:00-15:00 for the whole range (the 09:15-09:25 opening call auction is outside the session;
 * from 2018-08-20 the last three minutes, 14:57-15:00, are a closing call auction inside it). The
 * exchange has no half days, early closes or late opens. Asia/Shanghai kept daylight saving time
 * until 1991, so the UTC times of the summer 1991 sessions are an hour earlier.
 *
 * There is no holiday rule to compute: each year the State Council fixes the holiday blocks
 * (国务院办公厅《关于XXXX年部分节假日安排的通知》) and the exchange publishes its closing days
 * (《关于上海证券交易所XXXX年休市安排的通知》, late December). The exchange is closed on every day of
 * each block, and also on the weekend days the State Council makes working days (调休上班): it never
 * trades on a Saturday or Sunday. So the closures are one explicit list of weekdays per year, not
 * rules (1990-2019: as in the answer key, i.e. exchange_calendars' list copied from the annual
 * notices; 2020-2026: the SSE notices).
 *
 * The answer key starts on 1990-12-03, although trading began on 1990-12-19 (the key inherits
 * exchange_calendars' lower bound); the hours start there, so the range's first eleven months
 * have no session. The range ends with 2026, the last year the exchange has published.
 */
export function xshgDefinition(): CalendarDefinition {
  const closures: readonly YearClosures[] = [
    // 1990-2019: the answer key's closed weekdays, grouped by holiday. One-offs: 1997-06-30/07-01
    // return of Hong Kong, 1999-12-20 return of Macau, 1999-12-31 millennium, 2003-05-08/09 the
    // Labour Day closure extended for SARS, 2015-09-03/04 the 70th anniversary of the victory in
    // the War of Resistance; 2007-12-31 and 2018-12-31 are New Year bridge days.
    [1991, [['New Year', '01-01'], ['Spring Festival', '02-15 02-18'], ['Labour Day', '05-01'], ['National Day', '10-01 10-02']]],
    [1992, [['New Year', '01-01'], ['Spring Festival', '02-04 02-05 02-06'], ['Labour Day', '05-01'], ['National Day', '10-01 10-02']]],
    [1993, [['New Year', '01-01'], ['Spring Festival', '01-25 01-26'], ['National Day', '10-01']]],
    [1994, [['Spring Festival', '02-07 02-08 02-09 02-10 02-11'], ['Labour Day', '05-02'], ['National Day', '10-03 10-04']]],
    [1995, [['New Year', '01-02'], ['Spring Festival', '01-30 01-31 02-01 02-02 02-03'], ['Labour Day', '05-01'], ['National Day', '10-02 10-03']]],
    [1996, [['New Year', '01-01'], ['Spring Festival', '02-19 02-20 02-21 02-22 02-23 02-26 02-27 02-28 02-29 03-01'], ['Labour Day', '05-01'], ['National Day', '09-30 10-01 10-02']]],
    [1997, [['New Year', '01-01'], ['Spring Festival', '02-03 02-04 02-05 02-06 02-07 02-10 02-11 02-12 02-13 02-14'], ['Labour Day', '05-01 05-02'], ['Return of Hong Kong to China (one-off)', '06-30 07-01'], ['National Day', '10-01 10-02 10-03']]],
    [1998, [['New Year', '01-01 01-02'], ['Spring Festival', '01-26 01-27 01-28 01-29 01-30 02-02 02-03 02-04 02-05 02-06'], ['Labour Day', '05-01'], ['National Day', '10-01 10-02']]],
    [1999, [['New Year', '01-01'], ['Spring Festival', '02-10 02-11 02-12 02-15 02-16 02-17 02-18 02-19 02-22 02-23 02-24 02-25 02-26'], ['Labour Day', '05-03'], ['National Day', '10-01 10-04 10-05 10-06 10-07'], ['Return of Macau to China (one-off)', '12-20'], ['Millennium (one-off)', '12-31']]],
    [2000, [['New Year', '01-03'], ['Spring Festival', '01-31 02-01 02-02 02-03 02-04 02-07 02-08 02-09 02-10 02-11'], ['Labour Day', '05-01 05-02 05-03 05-04 05-05'], ['National Day', '10-02 10-03 10-04 10-05 10-06']]],
    [2001, [['New Year', '01-01'], ['Spring Festival', '01-22 01-23 01-24 01-25 01-26 01-29 01-30 01-31 02-01 02-02'], ['Labour Day', '05-01 05-02 05-03 05-04 05-07'], ['National Day', '10-01 10-02 10-03 10-04 10-05']]],
    [2002, [['New Year', '01-01 01-02 01-03'], ['Spring Festival', '02-11 02-12 02-13 02-14 02-15 02-18 02-19 02-20 02-21 02-22'], ['Labour Day', '05-01 05-02 05-03 05-06 05-07'], ['National Day', '09-30 10-01 10-02 10-03 10-04 10-07']]],
    [2003, [['New Year', '01-01'], ['Spring Festival', '01-30 01-31 02-03 02-04 02-05 02-06 02-07'], ['Labour Day', '05-01 05-02 05-05 05-06 05-07'], ['Labour Day, extended for SARS', '05-08 05-09'], ['National Day', '10-01 10-02 10-03 10-06 10-07']]],
    [2004, [['New Year', '01-01'], ['Spring Festival', '01-19 01-20 01-21 01-22 01-23 01-26 01-27 01-28'], ['Labour Day', '05-03 05-04 05-05 05-06 05-07'], ['National Day', '10-01 10-04 10-05 10-06 10-07']]],
    [2005, [['New Year', '01-03'], ['Spring Festival', '02-07 02-08 02-09 02-10 02-11 02-14 02-15'], ['Labour Day', '05-02 05-03 05-04 05-05 05-06'], ['National Day', '10-03 10-04 10-05 10-06 10-07']]],
    [2006, [['New Year', '01-02 01-03'], ['Spring Festival', '01-26 01-27 01-30 01-31 02-01 02-02 02-03'], ['Labour Day', '05-01 05-02 05-03 05-04 05-05'], ['National Day', '10-02 10-03 10-04 10-05 10-06']]],
    [2007, [['New Year', '01-01 01-02 01-03'], ['Spring Festival', '02-19 02-20 02-21 02-22 02-23'], ['Labour Day', '05-01 05-02 05-03 05-04 05-07'], ['National Day', '10-01 10-02 10-03 10-04 10-05'], ['New Year (bridge)', '12-31']]],
    [2008, [['New Year', '01-01'], ['Spring Festival', '02-06 02-07 02-08 02-11 02-12'], ['Qingming', '04-04'], ['Labour Day', '05-01 05-02'], ['Dragon Boat', '06-09'], ['Mid-Autumn', '09-15'], ['National Day', '09-29 09-30 10-01 10-02 10-03']]],
    [2009, [['New Year', '01-01 01-02'], ['Spring Festival', '01-26 01-27 01-28 01-29 01-30'], ['Qingming', '04-06'], ['Labour Day', '05-01'], ['Dragon Boat', '05-28 05-29'], ['National Day and Mid-Autumn', '10-01 10-02 10-05 10-06 10-07 10-08']]],
    [2010, [['New Year', '01-01'], ['Spring Festival', '02-15 02-16 02-17 02-18 02-19'], ['Qingming', '04-05'], ['Labour Day', '05-03'], ['Dragon Boat', '06-14 06-15 06-16'], ['Mid-Autumn', '09-22 09-23 09-24'], ['National Day', '10-01 10-04 10-05 10-06 10-07']]],
    [2011, [['New Year', '01-03'], ['Spring Festival', '02-02 02-03 02-04 02-07 02-08'], ['Qingming', '04-04 04-05'], ['Labour Day', '05-02'], ['Dragon Boat', '06-06'], ['Mid-Autumn', '09-12'], ['National Day', '10-03 10-04 10-05 10-06 10-07']]],
    [2012, [['New Year', '01-02 01-03'], ['Spring Festival', '01-23 01-24 01-25 01-26 01-27'], ['Qingming', '04-02 04-03 04-04'], ['Labour Day', '04-30 05-01'], ['Dragon Boat', '06-22'], ['National Day', '10-01 10-02 10-03 10-04 10-05']]],
    [2013, [['New Year', '01-01 01-02 01-03'], ['Spring Festival', '02-11 02-12 02-13 02-14 02-15'], ['Qingming', '04-04 04-05'], ['Labour Day', '04-29 04-30 05-01'], ['Dragon Boat', '06-10 06-11 06-12'], ['Mid-Autumn', '09-19 09-20'], ['National Day', '10-01 10-02 10-03 10-04 10-07']]],
    [2014, [['New Year', '01-01'], ['Spring Festival', '01-31 02-03 02-04 02-05 02-06'], ['Qingming', '04-07'], ['Labour Day', '05-01 05-02'], ['Dragon Boat', '06-02'], ['Mid-Autumn', '09-08'], ['National Day', '10-01 10-02 10-03 10-06 10-07']]],
    [2015, [['New Year', '01-01 01-02'], ['Spring Festival', '02-18 02-19 02-20 02-23 02-24'], ['Qingming', '04-06'], ['Labour Day', '05-01'], ['Dragon Boat', '06-22'], ['70th anniversary of the victory of the War of Resistance (one-off)', '09-03 09-04'], ['National Day', '10-01 10-02 10-05 10-06 10-07']]],
    [2016, [['New Year', '01-01'], ['Spring Festival', '02-08 02-09 02-10 02-11 02-12'], ['Qingming', '04-04'], ['Labour Day', '05-02'], ['Dragon Boat', '06-09 06-10'], ['Mid-Autumn', '09-15 09-16'], ['National Day', '10-03 10-04 10-05 10-06 10-07']]],
    [2017, [['New Year', '01-02'], ['Spring Festival', '01-27 01-30 01-31 02-01 02-02'], ['Qingming', '04-03 04-04'], ['Labour Day', '05-01'], ['Dragon Boat', '05-29 05-30'], ['National Day', '10-02 10-03 10-04 10-05 10-06']]],
    [2018, [['New Year', '01-01'], ['Spring Festival', '02-15 02-16 02-19 02-20 02-21'], ['Qingming', '04-05 04-06'], ['Labour Day', '04-30 05-01'], ['Dragon Boat', '06-18'], ['Mid-Autumn', '09-24'], ['National Day', '10-01 10-02 10-03 10-04 10-05'], ['New Year (bridge)', '12-31']]],
    [2019, [['New Year', '01-01'], ['Spring Festival', '02-04 02-05 02-06 02-07 02-08'], ['Qingming', '04-05'], ['Labour Day', '05-01 05-02 05-03'], ['Dragon Boat', '06-07'], ['Mid-Autumn', '09-13'], ['National Day', '10-01 10-02 10-03 10-04 10-07']]],
    // 2020: 上证公告〔2019〕65号; Spring Festival 01-24..01-30 (make-up 01-19 Sun); 01-31 added when
    // the State Council extended the holiday to 02-02 for COVID-19 (SSE/SZSE notice 2020-01-27,
    // http://english.sse.com.cn/news/newsrelease/c/4993503.shtml); Labour Day 05-01..05-05 (make-up
    // 04-26 Sun, 05-09 Sat); National Day and Mid-Autumn together 10-01..10-08.
    [2020, [['New Year', '01-01'], ['Spring Festival', '01-24 01-27 01-28 01-29 01-30'], ['Spring Festival, extended for COVID-19', '01-31'], ['Qingming', '04-06'], ['Labour Day', '05-01 05-04 05-05'], ['Dragon Boat', '06-25 06-26'], ['National Day and Mid-Autumn', '10-01 10-02 10-05 10-06 10-07 10-08']]],
    // 2021: 上证公告〔2020〕48号.
    [2021, [['New Year', '01-01'], ['Spring Festival', '02-11 02-12 02-15 02-16 02-17'], ['Qingming', '04-05'], ['Labour Day', '05-03 05-04 05-05'], ['Dragon Boat', '06-14'], ['Mid-Autumn', '09-20 09-21'], ['National Day', '10-01 10-04 10-05 10-06 10-07']]],
    // 2022: SSE notice of 2021-12-20.
    [2022, [['New Year', '01-03'], ['Spring Festival', '01-31 02-01 02-02 02-03 02-04'], ['Qingming', '04-04 04-05'], ['Labour Day', '05-02 05-03 05-04'], ['Dragon Boat', '06-03'], ['Mid-Autumn', '09-12'], ['National Day', '10-03 10-04 10-05 10-06 10-07']]],
    // 2023: SSE notice of 2022-12-27 (Mid-Autumn on 09-29 joined to National Day).
    [2023, [['New Year', '01-02'], ['Spring Festival', '01-23 01-24 01-25 01-26 01-27'], ['Qingming', '04-05'], ['Labour Day', '05-01 05-02 05-03'], ['Dragon Boat', '06-22 06-23'], ['Mid-Autumn and National Day', '09-29 10-02 10-03 10-04 10-05 10-06']]],
    // 2024: SSE notice of 2023-12-26. The State Council's block starts on 02-10; the exchange also
    // closed on Lunar New Year's Eve, Friday 02-09 ("除夕当日休市").
    [2024, [['New Year', '01-01'], ["Lunar New Year's Eve (exchange only)", '02-09'], ['Spring Festival', '02-12 02-13 02-14 02-15 02-16'], ['Qingming', '04-04 04-05'], ['Labour Day', '05-01 05-02 05-03'], ['Dragon Boat', '06-10'], ['Mid-Autumn', '09-16 09-17'], ['National Day', '10-01 10-02 10-03 10-04 10-07']]],
    // 2025: SSE/SZSE/BSE notice of 2024-12-23; the revised statute (from 2025-01-01) adds Lunar
    // New Year's Eve and 2 May to the statutory days.
    [2025, [['New Year', '01-01'], ['Spring Festival', '01-28 01-29 01-30 01-31 02-03 02-04'], ['Qingming', '04-04'], ['Labour Day', '05-01 05-02 05-05'], ['Dragon Boat', '06-02'], ['National Day and Mid-Autumn', '10-01 10-02 10-03 10-06 10-07 10-08']]],
    // 2026: SSE notice of 2025-12-22 (Spring Festival 02-15..02-23, nine days).
    [2026, [['New Year', '01-01 01-02'], ['Spring Festival', '02-16 02-17 02-18 02-19 02-20 02-23'], ['Qingming', '04-06'], ['Labour Day', '05-01 05-04 05-05'], ['Dragon Boat', '06-19'], ['Mid-Autumn', '09-25'], ['National Day', '10-01 10-02 10-05 10-06 10-07']]],
  ];
  const adhocClosures: DatedEntry[] = closures.flatMap(([year, blocks]) =>
    blocks.flatMap(([name, days]) => days.split(' ').map((md) => ({ date: `${year}-${md}`, name }))));

  return {
    name: 'XSHG',
    description: 'Shanghai Stock Exchange',
    version: '2026.1',
    timezone: 'Asia/Shanghai',
    range: { from: '1990-01-01', to: '2026-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [{ since: '1990-12-03', open: '09:30', close: '15:00', breakStart: '11:30', breakEnd: '13:00' }],
    holidays: [],
    adhocClosures,
    earlyCloses: [],
    adhocEarlyCloses: [],
    sources: [
      'Annual SSE notices on market closures (上海证券交易所休市安排的通知): 上证公告〔2019〕65号, 上证公告〔2020〕48号, notices of 2021-12-20, 2022-12-27, 2023-12-26, 2024-12-23 (with SZSE and BSE) and 2025-12-22 (sse.com.cn/disclosure/announcement/general/c/c_20251222_10802507.shtml), read from press reprints',
      'SSE/SZSE notice of 2020-01-27 extending the 2020 Spring Festival closure (COVID-19); Caixin 2020-01-27',
      'State Council notices on the holiday arrangements of each year, and its 2024-11-12 decision amending the national holiday regulations (from 2025)',
      'SSE notice of 2018-08-06 on the closing call auction 14:57-15:00 from 2018-08-20',
      'exchange_calendars (Apache-2.0) exchange_calendar_xshg.py (hard-coded closures 1991-2026) and its XSHG answer key for 1990-2019',
    ],
  };
}

/** The XSHG definition, built on first use. */
export const XSHG: CalendarDefinition = lazyDefinition(xshgDefinition);
