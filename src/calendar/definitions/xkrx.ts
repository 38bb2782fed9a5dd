import type { CalendarDefinition, DatedEntry, DatedHours, DatedLateOpen, RuleDefinition } from '../definition.js';
import { formatDay, parseDay } from '../days.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * Korea Exchange (KOSPI and KOSDAQ cash equities), Asia/Seoul (UTC+9; summer time in 1987 and
 * 1988, which the zone carries: the local hours below stay as written).
 *
 * Up to 2019 this reproduces the exchange_calendars answer key, including its model where it is
 * simplified: Saturday sessions (up to 1998-12-05) with the full weekday hours, the first-day late
 * open on the second session in 1990 and none in 1994 and 2000, and sessions on 1995-06-27, 1996-04-11 and 1998-06-04 (election
 * days on which the market was probably closed; docs/calendar-facts/XKRX.md, section 4).
 *
 * KRX closes on the public holidays of the Regulation on Holidays of Government Offices (with their
 * substitute holidays, temporary holidays and election days), on Labour Day (May 1) and on a
 * year-end closing day. The regular session opens an hour late on the first trading day of the
 * year, and the whole session moves an hour later on the day of the College Scholastic Ability
 * Test (CSAT). There are no early closes.
 *
 * Lunar holidays (Seollal, Buddha's Birthday, Chuseok) are written as dates: the lunar day per
 * year (Korea Astronomy and Space Science Institute conversion, as date-holidays' `korean` rules
 * and exchange_calendars give them), with the eve and the day after from 1989.
 *
 * A function, so that the rules are evaluated when a calendar is compiled from them, not when
 * this module loads (see lazy-definition.ts); each call builds an equal definition.
 */
export function xkrxDefinition(): CalendarDefinition {
  const shift = (date: string, days: number): string => formatDay(parseDay(date) + days);

  // Fixed-date closures, and the years they closed the market without a substitute day. From the
  // year in SUBSTITUTED a holiday that falls on a weekend or on another holiday moves instead.
  const FIXED: readonly { name: string; md: string; from?: number; to?: number }[] = [
    { name: "New Year's Day", md: '01-01' },
    // Jan 1-3 until 1989, Jan 1-2 until 1998 (from 1999 Jan 1 only).
    { name: 'New Year holiday (Jan 2)', md: '01-02', to: 1998 },
    { name: 'New Year holiday (Jan 3)', md: '01-03', to: 1989 },
    { name: 'Independence Movement Day', md: '03-01', to: 2020 },
    // Labour Day was Mar 10 until 1993 and May 1 from 1994; KRX closed on it although it was not
    // a public holiday until 2026 (no substitutes then).
    { name: 'Labour Day', md: '03-10', to: 1993 },
    { name: 'Labour Day', md: '05-01', from: 1994, to: 2025 },
    { name: 'Arbor Day', md: '04-05', to: 2005 },
    { name: "Children's Day", md: '05-05', to: 2013 },
    // Memorial Day is never substituted.
    { name: 'Memorial Day', md: '06-06' },
    { name: 'Constitution Day', md: '07-17', to: 2007 },
    { name: 'Liberation Day', md: '08-15', to: 2020 },
    { name: 'Armed Forces Day', md: '10-01', to: 1990 },
    { name: 'National Foundation Day', md: '10-03', to: 2020 },
    // Hangeul Day was not a public holiday from 1991 to 2012 (the key trades on it then).
    { name: 'Hangeul Day', md: '10-09', to: 1990 },
    { name: 'Hangeul Day', md: '10-09', from: 2013, to: 2020 },
    { name: 'Christmas Day', md: '12-25', to: 2022 },
  ];
  // Substitute holidays (대체공휴일): a holiday on a Saturday, a Sunday or another holiday is
  // observed on the next weekday that is not a holiday. Children's Day since 2014; Independence
  // Movement Day, Liberation Day, National Foundation Day and Hangeul Day since the 2021 law
  // (first used 2021-08-16); Christmas (and Buddha's Birthday, listed below) since 2023; Labour
  // Day (노동절) and the restored Constitution Day are public holidays with substitutes from 2026.
  const SUBSTITUTED: readonly { name: string; md: string; from: number }[] = [
    { name: 'Independence Movement Day', md: '03-01', from: 2021 },
    { name: 'Labour Day', md: '05-01', from: 2026 },
    { name: "Children's Day", md: '05-05', from: 2014 },
    // Constitution Day is a public holiday again from 2026 (Public Holidays Act amendment passed
    // 2026-01-29, promulgated 2026-02-10, in force 2026-05-11); KRX closed on 2026-07-17.
    // exchange_calendars has no rule for it yet (its PR #583 was still open): the law and KRX's
    // own closure are preferred here.
    { name: 'Constitution Day', md: '07-17', from: 2026 },
    { name: 'Liberation Day', md: '08-15', from: 2021 },
    { name: 'National Foundation Day', md: '10-03', from: 2021 },
    { name: 'Hangeul Day', md: '10-09', from: 2021 },
    { name: 'Christmas Day', md: '12-25', from: 2023 },
  ];

  // [year, Seollal (lunar 1/1), Buddha's Birthday (lunar 4/8), Chuseok (lunar 8/15)] as MM-DD.
  const LUNAR: readonly (readonly [number, string, string, string])[] = [
    [1986, '02-09', '05-16', '09-18'], [1987, '01-29', '05-05', '10-07'], [1988, '02-18', '05-23', '09-25'],
    [1989, '02-06', '05-12', '09-14'], [1990, '01-27', '05-02', '10-03'], [1991, '02-15', '05-21', '09-22'],
    [1992, '02-04', '05-10', '09-11'], [1993, '01-23', '05-28', '09-30'], [1994, '02-10', '05-18', '09-20'],
    [1995, '01-31', '05-07', '09-09'], [1996, '02-19', '05-24', '09-27'], [1997, '02-08', '05-14', '09-16'],
    [1998, '01-28', '05-03', '10-05'], [1999, '02-16', '05-22', '09-24'], [2000, '02-05', '05-11', '09-12'],
    [2001, '01-24', '05-01', '10-01'], [2002, '02-12', '05-19', '09-21'], [2003, '02-01', '05-08', '09-11'],
    [2004, '01-22', '05-26', '09-28'], [2005, '02-09', '05-15', '09-18'], [2006, '01-29', '05-05', '10-06'],
    [2007, '02-18', '05-24', '09-25'], [2008, '02-07', '05-12', '09-14'], [2009, '01-26', '05-02', '10-03'],
    [2010, '02-14', '05-21', '09-22'], [2011, '02-03', '05-10', '09-12'], [2012, '01-23', '05-28', '09-30'],
    [2013, '02-10', '05-17', '09-19'], [2014, '01-31', '05-06', '09-08'], [2015, '02-19', '05-25', '09-27'],
    [2016, '02-08', '05-14', '09-15'], [2017, '01-28', '05-03', '10-04'], [2018, '02-16', '05-22', '09-24'],
    [2019, '02-05', '05-12', '09-13'], [2020, '01-25', '04-30', '10-01'], [2021, '02-12', '05-19', '09-21'],
    [2022, '02-01', '05-08', '09-10'], [2023, '01-22', '05-27', '09-29'], [2024, '02-10', '05-15', '09-17'],
    [2025, '01-29', '05-05', '10-06'], [2026, '02-17', '05-24', '09-25'],
  ];
  const lunar: DatedEntry[] = [];
  for (const [year, seollal, buddha, chuseok] of LUNAR) {
    // Seollal: the day itself until 1988, the eve, the day and the day after from 1989. Chuseok:
    // the day and the day after from 1986, the eve too from 1989. Weekend days are listed as well.
    const span = (md: string, from: number, to: number, name: string) => {
      for (let k = from; k <= to; k++) lunar.push({ date: shift(`${year}-${md}`, k), name });
    };
    span(seollal, year < 1989 ? 0 : -1, year < 1989 ? 0 : 1, 'Seollal');
    lunar.push({ date: `${year}-${buddha}`, name: "Buddha's Birthday" });
    span(chuseok, year < 1989 ? 0 : -1, 1, 'Chuseok');
  }
  // Substitutes for the lunar holidays (since 2014 for Seollal and Chuseok, when a day of the span
  // is a Sunday or another holiday; a Saturday is not substituted. Since 2023 for Buddha's
  // Birthday, a Saturday included).
  const lunarSubstitutes: DatedEntry[] = [
    { date: '2014-09-10', name: 'Chuseok substitute (09-07, a Sunday)' },
    { date: '2015-09-29', name: 'Chuseok substitute (09-27, a Sunday)' },
    { date: '2016-02-10', name: 'Seollal substitute (02-07, a Sunday)' },
    { date: '2017-01-30', name: 'Seollal substitute (01-29, a Sunday)' },
    { date: '2017-10-06', name: 'Chuseok substitute (10-03, National Foundation Day)' },
    { date: '2018-09-26', name: 'Chuseok substitute (09-23, a Sunday)' },
    { date: '2020-01-27', name: 'Seollal substitute (01-26, a Sunday)' },
    { date: '2022-09-12', name: 'Chuseok substitute (09-11, a Sunday)' },
    { date: '2023-01-24', name: 'Seollal substitute (01-22, a Sunday)' },
    { date: '2023-05-29', name: "Buddha's Birthday substitute (05-27, a Saturday)" },
    { date: '2024-02-12', name: 'Seollal substitute (02-11, a Sunday)' },
    { date: '2025-10-08', name: 'Chuseok substitute (10-05, a Sunday)' },
    // 2025-05-05 was both Buddha's Birthday and Children's Day: the one substitute, 05-06, comes
    // from the Children's Day rule.
    { date: '2026-05-25', name: "Buddha's Birthday substitute (05-24, a Sunday)" },
  ];

  // The year-end closing days up to 2000 (several days; a single day since 2001, by rule below).
  const yearEnd = (year: number, days: readonly number[]): DatedEntry[] => days.map((d) => ({ date: `${year}-12-${d}`, name: 'Year-end closing' }));
  const YEAR_END_TO_2000: DatedEntry[] = [
    ...yearEnd(1986, [29, 30, 31]), ...yearEnd(1987, [28, 29, 30, 31]), ...yearEnd(1988, [27, 28, 29, 30, 31]),
    ...yearEnd(1989, [27, 28, 29, 30]), ...yearEnd(1990, [27, 28, 31]), ...yearEnd(1991, [27, 30, 31]),
    ...yearEnd(1992, [28, 29, 30, 31]), ...yearEnd(1993, [29, 30, 31]), ...yearEnd(1994, [29, 30, 31]),
    ...yearEnd(1995, [29, 30]), ...yearEnd(1996, [30, 31]), ...yearEnd(1997, [29, 30, 31]),
    ...yearEnd(1998, [29, 30, 31]), ...yearEnd(1999, [29, 30, 31]), ...yearEnd(2000, [27, 28, 29]),
  ];

  // Election days, temporary public holidays and other one-off closures.
  const EVENTS: DatedEntry[] = [
    { date: '1987-10-27', name: 'Constitutional referendum' },
    { date: '1987-12-16', name: 'Presidential election' },
    { date: '1988-02-25', name: 'Presidential inauguration' },
    { date: '1988-04-26', name: 'National Assembly election' },
    // Armed Forces Day (Oct 1) fell on a Sunday under the 1989-90 substitute-holiday system.
    { date: '1989-10-02', name: 'Armed Forces Day substitute' },
    // In the key (exchange_calendars' hand list); the reason was not found.
    { date: '1989-10-12', name: 'Market closure (reason not recorded)' },
    { date: '1991-03-26', name: 'Local council elections' },
    { date: '1991-06-20', name: 'Provincial council elections' },
    { date: '1992-03-24', name: 'National Assembly election' },
    { date: '1992-12-18', name: 'Presidential election' },
    { date: '1993-07-07', name: 'Market closure (reason not recorded)' },
    // Jan 3 a KRX-only closure (Jan 1 and 2 fell on a weekend).
    { date: '1994-01-03', name: 'New Year holiday (KRX)' },
    { date: '1994-02-14', name: 'Market closure (reason not recorded)' },
    { date: '1994-05-20', name: 'Market closure (reason not recorded)' },
    { date: '1997-12-18', name: 'Presidential election' },
    { date: '2000-01-03', name: 'Y2K closure' },
    { date: '2000-04-13', name: 'National Assembly election' },
    { date: '2002-06-13', name: 'Local elections' },
    { date: '2002-07-01', name: 'Temporary holiday (FIFA World Cup)' },
    { date: '2002-12-19', name: 'Presidential election' },
    { date: '2004-04-15', name: 'National Assembly election' },
    { date: '2006-05-31', name: 'Local elections' },
    { date: '2007-12-19', name: 'Presidential election' },
    { date: '2008-04-09', name: 'National Assembly election' },
    { date: '2010-06-02', name: 'Local elections' },
    { date: '2012-04-11', name: 'National Assembly election' },
    { date: '2012-12-19', name: 'Presidential election' },
    { date: '2014-06-04', name: 'Local elections' },
    { date: '2015-08-14', name: 'Temporary holiday (70th anniversary of Liberation)' },
    { date: '2016-04-13', name: 'National Assembly election' },
    { date: '2016-05-06', name: 'Temporary holiday' },
    // The snap election after the impeachment; the originally scheduled 2017-12-20 was a session.
    { date: '2017-05-09', name: 'Presidential election' },
    { date: '2017-10-02', name: 'Temporary holiday (before Chuseok)' },
    { date: '2018-06-13', name: 'Local elections' },
    { date: '2020-04-15', name: 'National Assembly election (21st)' },
    // Designated in July 2020 (Liberation Day, Aug 15, was a Saturday, before the 2021 law).
    { date: '2020-08-17', name: 'Temporary holiday' },
    { date: '2022-03-09', name: 'Presidential election (20th)' },
    { date: '2022-06-01', name: 'Local elections (8th)' },
    { date: '2023-10-02', name: 'Temporary holiday (between Chuseok and National Foundation Day)' },
    { date: '2024-04-10', name: 'National Assembly election (22nd)' },
    { date: '2024-10-01', name: 'Temporary holiday (Armed Forces Day)' },
    { date: '2025-01-27', name: 'Temporary holiday (before Seollal)' },
    { date: '2025-06-03', name: 'Presidential election (21st, snap)' },
    { date: '2026-06-03', name: 'Local elections (9th)' },
  ];

  const adhocClosures = [...lunar, ...lunarSubstitutes, ...YEAR_END_TO_2000, ...EVENTS].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  // Saturday sessions until 1998-12-05 (from 1998-12-07 the market is closed on Saturdays): every
  // Saturday from the first of the range that no closure above falls on. The key gives them the
  // weekday hours (they were probably morning-only; not verified).
  const closedDates = new Set(adhocClosures.map((c) => c.date));
  const saturdays: DatedEntry[] = [];
  for (let d = parseDay('1986-01-04'); d <= parseDay('1998-12-05'); d += 7) { // 1986-01-04 is a Saturday
    const date = formatDay(d), md = date.slice(5), year = Number(date.slice(0, 4));
    const fixed = FIXED.some((f) => f.md === md && (f.from ?? 0) <= year && year <= (f.to ?? 9999));
    if (!fixed && !closedDates.has(date)) saturdays.push({ date, name: 'Saturday session (until 1998-12-05)' });
  }

  // The first trading day of each year opens an hour late; the close is unchanged. The key
  // (exchange_calendars derives the day from its holiday rules, not from its closure list)
  // differs in three years, and is followed: in 1990 the late open is on the second session,
  // Jan 4, not on the first, Jan 3; in 1994 and 2000 there is none (Jan 3 was a KRX-only
  // closure those years, so its rule put the late open on a day without a session).
  const lateOpen = (open: string, dates: readonly string[]): DatedLateOpen[] => dates.map((date) => ({ date, open, name: 'First trading day of the year' }));
  const LATE_OPENS: DatedLateOpen[] = [
    ...lateOpen('11:00', ['1986-01-04']),
    ...lateOpen('10:40', ['1987-01-05', '1988-01-04', '1989-01-04', '1990-01-04', '1991-01-03', '1992-01-03', '1993-01-04']),
    ...lateOpen('10:30', ['1995-01-03', '1996-01-03', '1997-01-03', '1998-01-03']),
    ...lateOpen('10:00', [
      '1999-01-04', '2001-01-02', '2002-01-02', '2003-01-02', '2004-01-02', '2005-01-03', '2006-01-02',
      '2007-01-02', '2008-01-02', '2009-01-02', '2010-01-04', '2011-01-03', '2012-01-02', '2013-01-02',
      '2014-01-02', '2015-01-02', '2016-01-04', '2017-01-02', '2018-01-02', '2019-01-02',
      // KRX year-end notices: 10:00-15:30 on the first day (e.g. 2021-01-04, 2025-01-02, 2026-01-02).
      '2020-01-02', '2021-01-04', '2022-01-03', '2023-01-02', '2024-01-02', '2025-01-02', '2026-01-02',
    ]),
  ];

  // CSAT days: the whole session moves later (30 minutes from 1993-08-20 to 1997, an hour from
  // 1998-11-18 in the key), so that test-takers reach the exam halls. Hours as in the key and the
  // press notices cited by exchange_calendars.
  const csat = (dates: readonly string[], open: string, close: string, breakStart?: string, breakEnd?: string): DatedHours[] =>
    dates.map((date) => ({ date, name: 'CSAT day (College Scholastic Ability Test)', open, close, ...(breakStart === undefined ? {} : { breakStart, breakEnd }) }));
  const CSAT_DAYS: DatedHours[] = [
    ...csat(['1993-08-20', '1993-11-16', '1994-11-23'], '10:10', '15:50', '12:10', '13:50'),
    ...csat(['1995-11-22', '1996-11-13', '1997-11-19'], '10:00', '15:30', '12:00', '13:30'),
    // exchange_calendars' comment says 30 minutes for this day, its data (the key) an hour.
    ...csat(['1998-11-18'], '10:30', '16:00', '12:30', '14:00'),
    ...csat(['1999-11-17'], '10:00', '16:00', '13:00', '14:00'),
    ...csat([
      '2000-11-15', '2001-11-07', '2002-11-06', '2003-11-05', '2004-11-17', '2005-11-23', '2006-11-16', '2007-11-15',
      '2008-11-13', '2009-11-12', '2010-11-18', '2011-11-10', '2012-11-08', '2013-11-07', '2014-11-13', '2015-11-12',
    ], '10:00', '16:00'),
    ...csat([
      '2016-11-17',
      // The Pohang earthquake postponed the 2017 test by a week: KRX kept the announced late
      // hours on 11-16 and moved the session again on the new test day, 11-23.
      '2017-11-16', '2017-11-23',
      '2018-11-15', '2019-11-14',
      // Moved to December in 2020 because of COVID-19.
      '2020-12-03', '2021-11-18', '2022-11-17', '2023-11-16', '2024-11-14', '2025-11-13',
      // The 2027-year test, on the date set by the Ministry of Education; KRX has moved the session
      // on every CSAT day since 1993 (its notice for this day comes shortly before it).
      '2026-11-19',
    ], '10:00', '16:30'),
  ];

  const holidays: RuleDefinition[] = [
    ...FIXED.map((f) => ({ name: f.name, rule: f.md, ...(f.from === undefined ? {} : { fromYear: f.from }), ...(f.to === undefined ? {} : { toYear: f.to }) })),
    ...SUBSTITUTED.map((s) => ({ name: s.name, rule: s.md, fromYear: s.from, ifClosed: 'next' as const })),
    // Year-end closing day since 2001: Dec 31, or the last weekday before it when it falls on a
    // weekend (2022-12-30, 2023-12-29).
    { name: 'Year-end closing', rule: '12-31', fromYear: 2001, ifClosed: 'previous' },
  ];

  return {
    name: 'XKRX',
    description: 'Korea Exchange (KOSPI, KOSDAQ), cash equities',
    version: '2026.1',
    timezone: 'Asia/Seoul',
    // To the end of 2026, the last year whose holidays KRX has published.
    range: { from: '1986-01-01', to: '2026-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [
      { since: '1986-01-01', open: '10:00', close: '15:30', breakStart: '12:00', breakEnd: '13:30' },
      { since: '1986-04-01', open: '09:40', close: '15:20', breakStart: '12:00', breakEnd: '13:20' },
      { since: '1987-03-01', open: '09:40', close: '15:20', breakStart: '11:40', breakEnd: '13:20' },
      { since: '1995-01-01', open: '09:30', close: '15:00', breakStart: '11:30', breakEnd: '13:00' },
      // Saturday sessions end (last 1998-12-05); the open moves to 09:00.
      { since: '1998-12-07', open: '09:00', close: '15:00', breakStart: '12:00', breakEnd: '13:00' },
      // No lunch break from 2000-05-22 (Donga 2000-05-12).
      { since: '2000-05-22', open: '09:00', close: '15:00' },
      // The close moved 30 minutes later from 2016-08-01.
      { since: '2016-08-01', open: '09:00', close: '15:30' },
      // From about 2026-06-29 KRX adds a pre-market (07:00-08:00) and an after-market
      // (16:00-20:00); the regular session stays 09:00-15:30.
    ],
    holidays,
    adhocClosures,
    earlyCloses: [],
    adhocEarlyCloses: [],
    adhocLateOpens: LATE_OPENS,
    adhocOpens: saturdays,
    adhocHours: CSAT_DAYS,
    sources: [
      'KRX market holidays: https://global.krx.co.kr/contents/GLB/05/0501/0501110000/GLB0501110000.jsp',
      'Regulation on Holidays of Government Offices and the Public Holidays Act (law.go.kr), with the 2026 amendment restoring Constitution Day',
      'KRX year-end notices on the closing day and the 10:00 first-day open: https://www.imaeil.com/page/view/2020123015052040289 , https://kukinews.com/article/view/kuk202412170092 , https://www.wowtv.co.kr/NewsCenter/News/Read?articleId=2025121825891',
      'CSAT-day hours: https://m.etoday.co.kr/view.php?idxno=1969682 (2020), https://www.donga.com/news/amp/all/20211104/110076830/1 (2021), https://m.khan.co.kr/economy/finance/article/202211161242001 (2022), https://m.khan.co.kr/article/202410311029001 (2024), https://www.edaily.co.kr/News/Read?newsId=05520246642365064&mediaCodeNo=257 (2025), https://news1.kr/amp/society/education/5511338 (2026 date)',
      'Temporary holidays: https://m.wowtv.co.kr/NewsCenter/News/Read?articleId=202007304553i (2020-08-17), http://news.bizwatch.co.kr/article/market/2023/09/11/0007 (2023-10-02), https://news.zum.com/articles/93171936 (2024-10-01), https://m.segye.com/ampView/20250117509139 (2025-01-27)',
      'Election days: https://www.businesspost.co.kr/BP?command=mobile_view&num=347114 (2024-04-10), https://zdnet.co.kr/view/?no=20250528110423 (2025-06-03), exchange_calendars PRs #150 (2022) and #574 (2026-06-03)',
      'Constitution Day 2026: https://m.seoul.co.kr/news/2026/01/29/20260129500182 ; exchange_calendars PR #583; QuantLib PR #2685',
      'Hours history: exchange_calendars exchange_calendar_xkrx.py (with its press links); 15:30 close from 2016-08-01: https://sports.donga.com/article/all/20160801/79503665/2',
      'exchange_calendars (Apache-2.0) XKRX calendar, xkrx_holidays.py and answer key, for cross-checking',
      'docs/calendar-facts/XKRX.md',
    ],
  };
}

/** The XKRX definition, built on first use. */
export const XKRX: CalendarDefinition = lazyDefinition(xkrxDefinition);
