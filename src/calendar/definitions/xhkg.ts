import type { CalendarDefinition, DatedEntry, DatedHours } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * Hong Kong Exchanges and Clearing, securities market (SEHK), Asia/Hong_Kong (UTC+8, no DST).
 *
 * Hours follow the exchange_calendars model that the 1990-2019 answer key encodes: continuous
 * trading 10:00-16:00 until 2011-03-04 and 09:30-16:00 from 2011-03-07, with ONE lunch break
 * 12:00-13:00 for every year. (In reality the break was 12:30-14:30 until 2011-03-04 and
 * 12:00-13:30 from 2011-03-07 to 2012-03-02; the auctions before 09:30 and after 16:00 are outside
 * the session.) Half days (Christmas Eve, New Year's Eve, and from 2013 Lunar New Year's Eve) are
 * morning-only sessions without a break: 10:00-12:30 before 2011, 09:30-12:00 since.
 *
 * The exchange closes on every Hong Kong general holiday that falls on a weekday (General
 * Holidays Ordinance, Cap. 149); a holiday on Sunday moves to Monday, on Saturday it is lost.
 * Gregorian and Easter holidays are rules; the lunisolar ones (Lunar New Year, Ching Ming,
 * Buddha's Birthday, Tuen Ng, the day following Mid-Autumn, Chung Yeung) are explicit lists of
 * the weekday each closed the exchange (Chinese-calendar rules take seconds to evaluate), with
 * the Sunday substitutions and clashes already applied.
 *
 * The range ends with 2026, the last year whose general holidays the government has gazetted.
 * Since 2024-09-23 (Severe Weather Trading) typhoons and black rainstorms no longer close the market.
 */
export function xhkgDefinition(): CalendarDefinition {
  const WEEKDAYS = [1, 2, 3, 4, 5];
  const SUNDAY_TO_MONDAY = 'and if sunday then next monday';
  const named = (name: string, dates: readonly string[]): DatedEntry[] => dates.map((date) => ({ date, name }));

  // Christmas Eve and New Year's Eve before the 2011 hours change: a morning session 10:00-12:30
  // with no break. They are per-date hours (not early closes) because the key, like
  // exchange_calendars, drops the 12:00-13:00 break on every half day, and an early close at 12:30
  // would keep it. 1999-12-31 was a general holiday (Y2K), not a half day.
  const oldHalfDays: DatedHours[] = [];
  for (let year = 1990; year <= 2010; year++) {
    for (const [md, name] of [['12-24', 'Christmas Eve (morning only)'], ['12-31', "New Year's Eve (morning only)"]] as const) {
      const date = `${year}-${md}`;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6 || date === '1999-12-31') continue;
      oldHalfDays.push({ date, name, open: '10:00', close: '12:30' });
    }
  }

  return {
    name: 'XHKG',
    description: 'Hong Kong Exchanges and Clearing (SEHK securities market)',
    version: '2026.1',
    timezone: 'Asia/Hong_Kong',
    range: { from: '1990-01-01', to: '2026-12-31' },
    weekdays: WEEKDAYS,
    hours: [
      { since: '1990-01-01', open: '10:00', close: '16:00', breakStart: '12:00', breakEnd: '13:00' },
      // HKEX news release 2011-01-24: the first phase of the longer hours, opening 09:30 from
      // Monday 2011-03-07 (the key keeps its 12:00-13:00 break throughout).
      { since: '2011-03-07', open: '09:30', close: '16:00', breakStart: '12:00', breakEnd: '13:00' },
    ],
    holidays: [
      { name: "New Year's Day", rule: `01-01 ${SUNDAY_TO_MONDAY}` },
      { name: 'Good Friday', rule: 'easter -2' },
      { name: 'Easter Monday', rule: 'easter 1' },
      // Labour Day became a general holiday in 1999 (1998-05-01 was a session).
      { name: 'Labour Day', rule: `05-01 ${SUNDAY_TO_MONDAY}`, fromYear: 1999 },
      { name: 'HKSAR Establishment Day', rule: `07-01 ${SUNDAY_TO_MONDAY}`, fromYear: 1997 },
      { name: 'National Day', rule: `10-01 ${SUNDAY_TO_MONDAY}`, fromYear: 1997 },
      { name: 'Christmas Day', rule: '12-25' },
      // The first weekday after Christmas Day: the 26th, or Monday the 27th when the 26th is a
      // Sunday; nothing when the 26th is a Saturday (2015, 2020, 2026).
      { name: 'The first weekday after Christmas Day', rule: `12-26 ${SUNDAY_TO_MONDAY}` },
      // Christmas on a Sunday: Monday the 26th and Tuesday the 27th are both holidays.
      { name: 'The first weekday after Christmas Day (Christmas on a Sunday)', rule: '12-27', weekdays: [2] },
      // Colonial holidays until the 1997 handover.
      { name: "Queen's Birthday", rule: '3rd monday in June', fromYear: 1990, toYear: 1992 },
      { name: "Queen's Birthday", rule: '2nd monday in June', fromYear: 1993, toYear: 1994 },
      { name: "Queen's Birthday", rule: '3rd monday in June', fromYear: 1995, toYear: 1996 },
      { name: 'Liberation Day', rule: 'monday before 09-01', fromYear: 1990, toYear: 1996 },
    ],
    adhocClosures: [
      // Lunar New Year, days 1-3. Until 2012 a Sunday among them was replaced by Lunar New Year's
      // Eve (closed only when day 1 is a Saturday, as in the key); from 2013 (Substitution of
      // Holidays (Amendment) Ordinance 2011) by the 4th day.
      ...named('Lunar New Year', [
        '1990-01-29', '1991-02-15', '1992-02-04', '1992-02-05', '1992-02-06', '1993-01-25', '1994-02-10', '1994-02-11',
        '1995-01-31', '1995-02-01', '1995-02-02', '1996-02-19', '1996-02-20', '1996-02-21', '1997-02-07',
        '1998-01-28', '1998-01-29', '1998-01-30', '1999-02-16', '1999-02-17', '1999-02-18', '2000-02-07',
        '2001-01-24', '2001-01-25', '2001-01-26', '2002-02-12', '2002-02-13', '2002-02-14', '2003-02-03',
        '2004-01-22', '2004-01-23', '2005-02-09', '2005-02-10', '2005-02-11', '2006-01-30', '2006-01-31',
        '2007-02-19', '2007-02-20', '2008-02-07', '2008-02-08', '2009-01-26', '2009-01-27', '2009-01-28',
        '2010-02-15', '2010-02-16', '2011-02-03', '2011-02-04', '2012-01-23', '2012-01-24', '2012-01-25',
        '2013-02-11', '2013-02-12', '2014-01-31', '2015-02-19', '2015-02-20', '2016-02-08', '2016-02-09',
        '2016-02-10', '2017-01-30', '2018-02-16', '2019-02-05', '2019-02-06', '2019-02-07', '2020-01-27',
        '2021-02-12', '2022-02-01', '2022-02-02', '2022-02-03', '2023-01-23', '2023-01-24', '2024-02-12',
        '2025-01-29', '2025-01-30', '2025-01-31', '2026-02-17', '2026-02-18', '2026-02-19',
      ]),
      ...named("Lunar New Year's Eve (substitute: Lunar New Year's Day on a Saturday)", ['1990-01-26', '1993-01-22', '2000-02-04', '2003-01-31']),
      ...named('The fourth day of Lunar New Year (substitute: one of days 1-3 on a Sunday)', [
        '2013-02-13', '2014-02-03', '2017-01-31', '2018-02-19', '2020-01-28', '2021-02-15', '2023-01-25', '2024-02-13',
      ]),
      // Ching Ming (solar term, 4 or 5 April); on Sunday the Monday after.
      ...named('Ching Ming Festival', [
        '1990-04-05', '1991-04-05', '1993-04-05', '1994-04-05', '1995-04-05', '1996-04-04', '1998-04-06', '2000-04-04',
        '2001-04-05', '2002-04-05', '2004-04-05', '2005-04-05', '2006-04-05', '2007-04-05', '2008-04-04',
        '2011-04-05', '2012-04-04', '2013-04-04', '2016-04-04', '2017-04-04', '2018-04-05', '2019-04-05',
        '2022-04-05', '2023-04-05', '2024-04-04', '2025-04-04',
      ]),
      // Ching Ming (or its Sunday substitute) on Easter Monday: the next day that is not a holiday.
      ...named('Ching Ming Festival (on Easter Monday, the day after)', ['1999-04-06', '2010-04-06', '2015-04-07', '2021-04-06', '2026-04-07']),
      // Buddha's Birthday (4th month, 8th day); on Sunday the Monday after. The key closes it from
      // 1990, though it is usually said to be a general holiday only since 1999.
      ...named("Buddha's Birthday", [
        '1990-05-02', '1991-05-21', '1992-05-11', '1993-05-28', '1994-05-18', '1995-05-08', '1996-05-24', '1997-05-14',
        '1998-05-04', '2000-05-11', '2001-04-30', '2002-05-20', '2003-05-08', '2004-05-26', '2005-05-16',
        '2006-05-05', '2007-05-24', '2008-05-12', '2010-05-21', '2011-05-10', '2013-05-17', '2014-05-06',
        '2015-05-25', '2017-05-03', '2018-05-22', '2019-05-13', '2020-04-30', '2021-05-19', '2022-05-09',
        '2023-05-26', '2024-05-15', '2025-05-05', '2026-05-25',
      ]),
      // Tuen Ng (5th month, 5th day); on Sunday the Monday after.
      ...named('Tuen Ng Festival', [
        '1990-05-28', '1992-06-05', '1993-06-24', '1995-06-02', '1996-06-20', '1997-06-09', '1999-06-18', '2000-06-06',
        '2001-06-25', '2003-06-04', '2004-06-22', '2006-05-31', '2007-06-19', '2008-06-09', '2009-05-28',
        '2010-06-16', '2011-06-06', '2013-06-12', '2014-06-02', '2016-06-09', '2017-05-30', '2018-06-18',
        '2019-06-07', '2020-06-25', '2021-06-14', '2022-06-03', '2023-06-22', '2024-06-10', '2026-06-19',
      ]),
      // 1991: Tuen Ng on Sunday 16 June, its Monday substitute taken by the Queen's Birthday.
      // 1994: Tuen Ng on Monday 13 June, the Queen's Birthday.
      ...named("Tuen Ng Festival (clash with the Queen's Birthday, the day after)", ['1991-06-18', '1994-06-14']),
      // The day following Mid-Autumn (8th month, 16th day). On a Sunday: until 2011 no substitute,
      // from 2012 the Monday after (2022-09-12). On 1 October (National Day) the day after: 2001,
      // 2012 (appointed 2 October), 2020. The key moves it off 1 October in 1993 too (onto a
      // Saturday), before National Day was a holiday: 1993-10-01 was a session.
      ...named('The day following the Mid-Autumn Festival', [
        '1990-10-04', '1991-09-23', '1994-09-21', '1997-09-17', '1998-10-06', '2000-09-13', '2001-10-02', '2003-09-12',
        '2004-09-29', '2005-09-19', '2007-09-26', '2008-09-15', '2010-09-23', '2011-09-13', '2012-10-02',
        '2013-09-20', '2014-09-09', '2015-09-28', '2016-09-16', '2017-10-05', '2018-09-25', '2020-10-02',
        '2021-09-22', '2024-09-18', '2025-10-07',
      ]),
      { date: '2022-09-12', name: 'The second day following the Mid-Autumn Festival (the day following on a Sunday)' },
      // Chung Yeung (9th month, 9th day); on Sunday the Monday after.
      ...named('Chung Yeung Festival', [
        '1990-10-26', '1991-10-16', '1992-10-05', '1994-10-13', '1995-11-01', '1996-10-21', '1997-10-10', '1998-10-28',
        '1999-10-18', '2000-10-06', '2001-10-25', '2002-10-14', '2004-10-22', '2005-10-11', '2006-10-30',
        '2007-10-19', '2008-10-07', '2009-10-26', '2011-10-05', '2012-10-23', '2013-10-14', '2014-10-02',
        '2015-10-21', '2016-10-10', '2018-10-17', '2019-10-07', '2020-10-26', '2021-10-14', '2022-10-04',
        '2023-10-23', '2024-10-11', '2025-10-29', '2026-10-19',
      ]),
      // One-off general holidays.
      { date: '1997-06-30', name: 'Handover of Hong Kong (general holiday)' },
      { date: '1997-07-02', name: 'The day following HKSAR Establishment Day (1997 only)' },
      { date: '1997-08-18', name: 'Sino-Japanese War Victory Day' },
      { date: '1997-10-02', name: 'The day following National Day (1997-1998)' },
      { date: '1998-08-17', name: 'Sino-Japanese War Victory Day' },
      { date: '1998-10-02', name: 'The day following National Day (1997-1998)' },
      { date: '1999-12-31', name: 'Millennium (Y2K) general holiday, L.N. 191 of 1999' },
      { date: '2015-09-03', name: '70th anniversary of the victory of the Chinese War of Resistance (general holiday)' },
      // Severe weather: typhoon signal No. 8 or above (or a black rainstorm) still in force at noon.
      { date: '1992-07-22', name: 'Typhoon Cary' },
      { date: '1993-09-17', name: 'Typhoon Becky' },
      { date: '1999-09-16', name: 'Typhoon York' },
      { date: '2001-07-06', name: 'Typhoon Utor' },
      { date: '2001-07-25', name: 'Typhoon Yutu' },
      { date: '2008-08-06', name: 'Typhoon Kammuri' },
      { date: '2008-08-22', name: 'Typhoon Nuri' },
      { date: '2011-09-29', name: 'Typhoon Nesat' },
      { date: '2013-08-14', name: 'Typhoon Utor' },
      { date: '2016-08-02', name: 'Typhoon Nida' },
      { date: '2016-10-21', name: 'Typhoon Haima' },
      { date: '2017-08-23', name: 'Typhoon Hato' },
      { date: '2020-10-13', name: 'Tropical storm Nangka, signal No. 8 all day (HKEX 2010132news)' },
      { date: '2021-10-13', name: 'Typhoon Kompasu, signal No. 8 at noon (HKEX 2110132news)' },
      { date: '2023-07-17', name: 'Typhoon Talim, signal No. 8 (HKEX 2307172news)' },
      // 2023-09-01 and 2023-09-08 are missing from exchange_calendars releases up to 4.13.2
      // (added by its PR #603); the HKEX notices say all trading was cancelled, and they win.
      { date: '2023-09-01', name: 'Super Typhoon Saola, signal No. 8 (HKEX 2309012news)' },
      { date: '2023-09-08', name: 'Black rainstorm and Extreme Conditions past noon (HKEX 2309083news)' },
      { date: '2024-09-06', name: 'Super Typhoon Yagi, signal No. 8 until 12:40 (HKEX 2409062news)' },
    ],
    earlyCloses: [
      // From the 2011 hours change: no afternoon session, close at 12:00 (the key has no such day
      // before 2012-12-24: 24 and 31 December 2011 were Saturdays).
      { name: 'Christmas Eve (morning only)', rule: '12-24', fromYear: 2011, weekdays: WEEKDAYS, close: '12:00' },
      { name: "New Year's Eve (morning only)", rule: '12-31', fromYear: 2011, weekdays: WEEKDAYS, close: '12:00' },
    ],
    adhocEarlyCloses: [
      // Lunar New Year's Eve on a weekday: morning only, from 2013 (the key has the earlier eves,
      // e.g. 2008-02-06 and 2011-02-02, as full days). 2013, 2016 and 2023: the eve is a weekend day.
      ...['2014-01-30', '2015-02-18', '2017-01-27', '2018-02-15', '2019-02-04', '2020-01-24', '2021-02-11', '2022-01-31', '2024-02-09', '2025-01-28', '2026-02-16']
        .map((date) => ({ date, name: "Lunar New Year's Eve (morning only)", close: '12:00' })),
      // Severe Tropical Storm Nalgae: signal No. 8 hoisted 13:40, trading suspended from 13:55 for
      // the rest of the day (the morning session and the break were as usual).
      { date: '2022-11-02', name: 'Severe Tropical Storm Nalgae, signal No. 8 during the afternoon', close: '13:55' },
    ],
    // Morning session cancelled by severe weather, the afternoon opened late (no pre-opening
    // session). Before 2020 the key keeps such days as full sessions (e.g. 2012-07-24, 2014-09-16);
    // from 2020 the HKEX notices are followed. exchange_calendars has none of these (its issue #142).
    adhocLateOpens: [
      { date: '2020-08-19', name: 'Typhoon Higos, signal No. 8 cancelled in the morning (HKEX 2008192news)', open: '13:30' },
      { date: '2021-06-28', name: 'Black rainstorm warning in the morning (HKEX 2106282news, 2106283news)', open: '13:30' },
      { date: '2022-08-25', name: 'Typhoon Ma-on, signal No. 8 lowered after 09:00 (afternoon session as normal)', open: '13:00' },
      { date: '2023-10-09', name: 'Typhoon Koinu, signal No. 8 lowered at 11:40', open: '14:00' },
    ],
    adhocHours: oldHalfDays,
    sources: [
      'General Holidays Ordinance (Cap. 149), schedule, incl. L.N. 191 of 1999 (31 December 1999)',
      'Labour Department: General Holidays and Employment Legislation (Substitution of Holidays) (Amendment) Ordinance 2011, in force 2012-02-24',
      'HK Government gazette lists of general holidays 2020-2026 (e.g. info.gov.hk press release 2025-05-16, "General holidays for 2026")',
      'HKEX news releases 2010-11-23, 2011-01-24 and 2012-03-01 (trading hours extension in two phases)',
      'HKEX trading hours and severe weather arrangements pages; Severe Weather Trading from 2024-09-23',
      'HKEX market communications 2008192news, 2010132news, 2106282news, 2106283news, 2110132news, 2307172news, 2309012news, 2309083news, 2409062news',
      'Press reports of 2022-08-25 (Ma-on), 2022-11-02 (Nalgae, suspended 13:55) and 2023-10-09 (Koinu, trading from 14:00)',
      'exchange_calendars (Apache-2.0) exchange_calendar_xhkg.py and its issues #142, #600 and PR #603; its XHKG answer key for 1990-2019',
    ],
  };
}

/** The XHKG definition, built on first use. */
export const XHKG: CalendarDefinition = lazyDefinition(xhkgDefinition);
