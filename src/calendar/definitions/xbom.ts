import type { CalendarDefinition } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * BSE Ltd (Bombay Stock Exchange), Mumbai: equity cash segment. Normal market 09:15-15:30
 * Asia/Kolkata (UTC+05:30, no DST), no lunch break, no scheduled early closes. The pre-open call
 * auction (09:00-09:15) and the closing session (15:40-16:00) are outside the session.
 *
 * Up to 2019 this reproduces the exchange_calendars answer key exactly, and so takes its model:
 * 09:15-15:30 for every year from 1997, although the real open was about 10:00 / 09:55 until 2009
 * and 09:00 from 2010-01-04 to 2010-10-15 (docs/calendar-facts/XBOM.md, section 1); its years
 * 1997-1998 are sparse (1998 has 4 weekday holidays).
 *
 * Holidays: BSE publishes one list per calendar year and never moves a holiday off a weekend. The
 * Gregorian and Easter holidays are rules; the Hindu, Jain, Sikh and Islamic ones (set by
 * Maharashtra's dates under the Negotiable Instruments Act), election days and one-offs are
 * explicit dates. Names of the pre-2020 dates are inferred from the festival calendar (the key
 * gives dates only; 2010-2019 lists match BSE's published lists where checked).
 *
 * Diwali Muhurat trading (a one-hour evening session on Laxmi Pujan day) is not a session here,
 * as in the key and exchange_calendars: a weekday Laxmi Pujan is closed from 2014 on (1997-2012
 * the key trades it 09:15-15:30, e.g. 2012-11-13, which BSE listed as a holiday), and a weekend
 * Muhurat (2020-11-14, 2023-11-12, 2026-11-08) adds no session.
 *
 * The range ends with 2026, the last year whose holiday list BSE has published.
 *
 * A function, so that the rules are evaluated when a calendar is compiled from them, not when
 * this module loads (see lazy-definition.ts); each call builds an equal definition.
 */
export function xbomDefinition(): CalendarDefinition {
  return {
    name: 'XBOM',
    description: 'BSE Ltd (Bombay Stock Exchange), Mumbai: equity cash segment',
    version: '2026.1',
    timezone: 'Asia/Kolkata',
    range: { from: '1997-01-01', to: '2026-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [{ since: '1997-01-01', open: '09:15', close: '15:30' }],
    holidays: [
      // No weekend observance: a holiday on a Saturday or Sunday is simply lost.
      { name: 'Republic Day', rule: '01-26' },
      // The key trades Good Friday 1997-03-28 and 1998-04-10.
      { name: 'Good Friday', rule: 'easter -2', fromYear: 1999 },
      { name: 'Dr. Baba Saheb Ambedkar Jayanti', rule: '04-14' },
      { name: 'Maharashtra Day', rule: '05-01' },
      { name: 'Independence Day', rule: '08-15' },
      { name: 'Mahatma Gandhi Jayanti', rule: '10-02' },
      { name: 'Christmas', rule: '12-25' },
    ],
    // The key's 1998 has only four weekday holidays: it trades these fixed-date holidays.
    adhocOpens: [
      { date: '1998-01-26', name: 'Republic Day 1998 (a session in the key)' },
      { date: '1998-05-01', name: 'Maharashtra Day 1998 (a session in the key)' },
      { date: '1998-10-02', name: 'Mahatma Gandhi Jayanti 1998 (a session in the key)' },
      // Special full sessions on a weekend (pre-open 09:00-09:08, normal market 09:15-15:30).
      { date: '2020-02-01', name: 'Union Budget day (Saturday), BSE circular of 2020-01-22' },
      // Planned as a two-part disaster-recovery drill, made a full session because of the
      // 2024-01-22 holiday (exchange_calendars has it too).
      { date: '2024-01-20', name: 'Special trading session (Saturday), BSE media release 2024-01-05' },
      // Live sessions with an intraday switch to the DR site (see adhocHours).
      { date: '2024-03-02', name: 'Special live trading session with switch to DR site (Saturday)' },
      { date: '2024-05-18', name: 'Special live trading session with switch to DR site (Saturday)' },
      { date: '2025-02-01', name: 'Union Budget day (Saturday), BSE special trading day' },
      { date: '2026-02-01', name: 'Union Budget day (Sunday), BSE special trading day' },
    ],
    adhocHours: [
      // NSE outage 11:40-15:45; BSE traded normally all day and, as decided jointly between the
      // exchanges, extended the close to 17:00 (SEBI statement; PTI 2021-02-24).
      { date: '2021-02-24', name: 'Trading extended to 17:00 after the NSE outage', open: '09:15', close: '17:00' },
      // Primary site 09:15-10:00, then the DR site 11:30-12:30 (pre-open 09:00-09:08 and 11:15-11:23):
      // one session with the switch-over as its break.
      { date: '2024-03-02', name: 'Special live session: primary site 09:15-10:00, DR site 11:30-12:30', open: '09:15', close: '12:30', breakStart: '10:00', breakEnd: '11:30' },
      { date: '2024-05-18', name: 'Special live session: primary site 09:15-10:00, DR site 11:30-12:30', open: '09:15', close: '12:30', breakStart: '10:00', breakEnd: '11:30' },
    ],
    adhocClosures: [
      // Up to 2019: the key's weekday closures that the rules above do not give.
      // 1997
      { date: '1997-01-23', name: 'Netaji Subhas Chandra Bose birth centenary' }, // reason inferred (the centenary day); no notice found
      { date: '1997-03-07', name: 'Mahashivratri' },
      { date: '1997-03-24', name: 'Holi' },
      { date: '1997-04-08', name: 'Gudi Padwa' },
      { date: '1997-04-16', name: 'Ram Navami' },
      { date: '1997-04-18', name: 'Bakri Id' },
      { date: '1997-05-08', name: 'Holiday in the key (unidentified, on Akshaya Tritiya)' }, // in the key; no BSE notice found
      { date: '1997-08-18', name: 'Holiday in the key (unidentified, on Narali Purnima)' }, // in the key; no BSE notice found
      { date: '1997-08-25', name: 'Janmashtami' },
      { date: '1997-10-28', name: 'Diwali (Dhanteras)' }, // 1997: Laxmi Pujan (Thu 30 Oct) is a session in the key, see the Muhurat note above
      { date: '1997-10-29', name: 'Diwali (Narak Chaturdashi)' },
      { date: '1997-10-31', name: 'Diwali Balipratipada' },
      // 1998
      { date: '1998-04-09', name: 'Mahavir Jayanti' },
      { date: '1998-04-28', name: 'Holiday in the key (unidentified, on Akshaya Tritiya)' },
      // 1999
      { date: '1999-01-01', name: "New Year's Day" },
      { date: '1999-01-20', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '1999-03-02', name: 'Holi' },
      { date: '1999-03-18', name: 'Gudi Padwa' },
      { date: '1999-03-25', name: 'Ram Navami' },
      { date: '1999-03-29', name: 'Bakri Id / Mahavir Jayanti' },
      { date: '1999-04-27', name: 'Muharram' },
      { date: '1999-04-30', name: 'Buddha Pournima' },
      { date: '1999-09-13', name: 'Ganesh Chaturthi' },
      { date: '1999-10-19', name: 'Dussehra' },
      { date: '1999-11-08', name: 'Diwali Balipratipada' },
      { date: '1999-11-10', name: 'Diwali Bhau Beej' },
      { date: '1999-11-23', name: 'Gurunanak Jayanti' },
      { date: '1999-12-31', name: 'Year 2000 (Y2K) roll-over' }, // reason inferred (the Y2K precaution); no notice found
      // 2000
      { date: '2000-03-17', name: 'Bakri Id' },
      { date: '2000-03-20', name: 'Holi' },
      { date: '2000-09-01', name: 'Ganesh Chaturthi' },
      // 2001
      { date: '2001-01-01', name: "New Year's Day" },
      { date: '2001-03-06', name: 'Bakri Id' },
      { date: '2001-04-05', name: 'Muharram' },
      { date: '2001-08-22', name: 'Ganesh Chaturthi' },
      { date: '2001-10-26', name: 'Dussehra' },
      { date: '2001-11-16', name: 'Diwali Balipratipada' },
      { date: '2001-11-30', name: 'Gurunanak Jayanti' },
      { date: '2001-12-17', name: 'Id-Ul-Fitr (Ramzan Id)' },
      // 2002
      { date: '2002-03-25', name: 'Muharram' },
      { date: '2002-09-10', name: 'Ganesh Chaturthi' },
      { date: '2002-10-15', name: 'Dussehra' },
      { date: '2002-11-06', name: 'Diwali Balipratipada' },
      { date: '2002-11-19', name: 'Gurunanak Jayanti' },
      // 2003
      { date: '2003-02-13', name: 'Bakri Id' },
      { date: '2003-03-14', name: 'Muharram' },
      { date: '2003-03-18', name: 'Holi' },
      { date: '2003-11-26', name: 'Id-Ul-Fitr (Ramzan Id)' },
      // 2004
      { date: '2004-01-01', name: "New Year's Day" },
      { date: '2004-02-02', name: 'Bakri Id' },
      { date: '2004-03-02', name: 'Muharram' },
      { date: '2004-04-26', name: 'Lok Sabha election in Mumbai' }, // Maharashtra NI-Act holiday for polling in Mumbai
      { date: '2004-10-13', name: 'Maharashtra Assembly election' }, // polling day, Maharashtra NI-Act holiday
      { date: '2004-10-22', name: 'Dussehra' },
      { date: '2004-11-15', name: 'Id-Ul-Fitr (Ramzan Id) / Diwali Bhau Beej' },
      { date: '2004-11-26', name: 'Gurunanak Jayanti' },
      // 2005
      { date: '2005-01-21', name: 'Bakri Id' },
      { date: '2005-07-28', name: 'Mumbai floods (state holiday)' }, // after the 26 July 2005 Mumbai deluge (low confidence on the reason)
      { date: '2005-09-07', name: 'Ganesh Chaturthi' },
      { date: '2005-10-12', name: 'Dussehra' },
      { date: '2005-11-03', name: 'Diwali Balipratipada' },
      { date: '2005-11-04', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2005-11-15', name: 'Gurunanak Jayanti' },
      // 2006
      { date: '2006-01-11', name: 'Bakri Id' },
      { date: '2006-02-09', name: 'Muharram' },
      { date: '2006-03-15', name: 'Holi' },
      { date: '2006-04-06', name: 'Ram Navami' },
      { date: '2006-04-11', name: 'Mahavir Jayanti' },
      { date: '2006-10-24', name: 'Id-Ul-Fitr (Ramzan Id) / Diwali Bhau Beej' },
      { date: '2006-10-25', name: 'Id-Ul-Fitr (Ramzan Id)' },
      // 2007
      { date: '2007-01-01', name: "New Year's Day / Bakri Id" }, // Bakri Id fell on New Year's Day
      { date: '2007-01-30', name: 'Muharram' },
      { date: '2007-02-16', name: 'Mahashivratri' },
      { date: '2007-03-27', name: 'Ram Navami' },
      { date: '2007-05-02', name: 'Buddha Pournima' },
      { date: '2007-12-21', name: 'Bakri Id' },
      // 2008
      { date: '2008-03-06', name: 'Mahashivratri' },
      { date: '2008-03-20', name: 'Id-e-Milad' },
      { date: '2008-04-18', name: 'Mahavir Jayanti' },
      { date: '2008-05-19', name: 'Buddha Pournima' },
      { date: '2008-09-03', name: 'Ganesh Chaturthi' },
      { date: '2008-10-09', name: 'Dussehra' },
      { date: '2008-10-30', name: 'Diwali Balipratipada' },
      { date: '2008-11-13', name: 'Gurunanak Jayanti' },
      { date: '2008-11-27', name: 'Mumbai terror attacks (26/11)' }, // the day after the 26 November 2008 attacks began
      { date: '2008-12-09', name: 'Bakri Id' },
      // 2009
      { date: '2009-01-08', name: 'Muharram' },
      { date: '2009-02-23', name: 'Mahashivratri' },
      { date: '2009-03-10', name: 'Id-e-Milad' },
      { date: '2009-03-11', name: 'Holi' },
      { date: '2009-04-03', name: 'Ram Navami' },
      { date: '2009-04-07', name: 'Mahavir Jayanti' },
      { date: '2009-04-30', name: 'Lok Sabha election in Mumbai' }, // polling day in Mumbai
      { date: '2009-09-21', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2009-09-28', name: 'Dussehra' },
      { date: '2009-10-13', name: 'Maharashtra Assembly election' }, // polling day
      { date: '2009-10-19', name: 'Diwali Balipratipada' },
      { date: '2009-11-02', name: 'Gurunanak Jayanti' },
      { date: '2009-12-28', name: 'Muharram' },
      // 2010
      { date: '2010-01-01', name: "New Year's Day" }, // listed as "New Year" in the Dec-2009 list (low confidence)
      { date: '2010-02-12', name: 'Mahashivratri' },
      { date: '2010-03-01', name: 'Holi' },
      { date: '2010-03-24', name: 'Ram Navami' },
      { date: '2010-09-10', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2010-11-17', name: 'Bakri Id' },
      { date: '2010-12-17', name: 'Muharram' },
      // 2011
      { date: '2011-03-02', name: 'Mahashivratri' },
      { date: '2011-04-12', name: 'Ram Navami' },
      { date: '2011-08-31', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2011-09-01', name: 'Ganesh Chaturthi' },
      { date: '2011-10-06', name: 'Dussehra' },
      { date: '2011-10-27', name: 'Diwali Balipratipada' },
      { date: '2011-11-07', name: 'Bakri Id' },
      { date: '2011-11-10', name: 'Gurunanak Jayanti' },
      { date: '2011-12-06', name: 'Muharram' },
      // 2012
      { date: '2012-02-20', name: 'Mahashivratri' },
      { date: '2012-03-08', name: 'Holi' },
      { date: '2012-04-05', name: 'Mahavir Jayanti' },
      { date: '2012-08-20', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2012-09-19', name: 'Ganesh Chaturthi' },
      { date: '2012-10-24', name: 'Dussehra' },
      { date: '2012-11-14', name: 'Diwali Balipratipada' },
      { date: '2012-11-28', name: 'Gurunanak Jayanti' },
      // 2013
      { date: '2013-03-27', name: 'Holi' },
      { date: '2013-04-19', name: 'Ram Navami' },
      { date: '2013-04-24', name: 'Mahavir Jayanti' },
      { date: '2013-08-09', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2013-09-09', name: 'Ganesh Chaturthi' },
      { date: '2013-10-16', name: 'Bakri Id' },
      { date: '2013-11-04', name: 'Diwali Balipratipada' },
      { date: '2013-11-14', name: 'Muharram' },
      // 2014
      { date: '2014-02-27', name: 'Mahashivratri' },
      { date: '2014-03-17', name: 'Holi' },
      { date: '2014-04-08', name: 'Ram Navami' },
      { date: '2014-04-24', name: 'Lok Sabha election in Mumbai' }, // polling day in Mumbai
      { date: '2014-07-29', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2014-08-29', name: 'Ganesh Chaturthi' },
      { date: '2014-10-03', name: 'Dussehra' },
      { date: '2014-10-06', name: 'Bakri Id' },
      { date: '2014-10-15', name: 'Maharashtra Assembly election' }, // polling day
      { date: '2014-10-23', name: 'Diwali Laxmi Pujan' }, // Muhurat evening only; from 2014 the key closes weekday Laxmi Pujan days
      { date: '2014-10-24', name: 'Diwali Balipratipada' },
      { date: '2014-11-04', name: 'Muharram' },
      { date: '2014-11-06', name: 'Gurunanak Jayanti' },
      // 2015
      { date: '2015-02-17', name: 'Mahashivratri' },
      { date: '2015-03-06', name: 'Holi' },
      { date: '2015-04-02', name: 'Mahavir Jayanti' },
      { date: '2015-09-17', name: 'Ganesh Chaturthi' },
      { date: '2015-09-25', name: 'Bakri Id' },
      { date: '2015-10-22', name: 'Dussehra' },
      { date: '2015-11-11', name: 'Diwali Laxmi Pujan' },
      { date: '2015-11-12', name: 'Diwali Balipratipada' },
      { date: '2015-11-25', name: 'Gurunanak Jayanti' },
      // 2016
      { date: '2016-03-07', name: 'Mahashivratri' },
      { date: '2016-03-24', name: 'Holi' },
      { date: '2016-04-15', name: 'Ram Navami' },
      { date: '2016-04-19', name: 'Mahavir Jayanti' },
      { date: '2016-07-06', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2016-09-05', name: 'Ganesh Chaturthi' },
      { date: '2016-09-13', name: 'Bakri Id' },
      { date: '2016-10-11', name: 'Dussehra' },
      { date: '2016-10-12', name: 'Muharram' },
      { date: '2016-10-31', name: 'Diwali Balipratipada' },
      { date: '2016-11-14', name: 'Gurunanak Jayanti' },
      // 2017
      { date: '2017-02-24', name: 'Mahashivratri' },
      { date: '2017-03-13', name: 'Holi' },
      { date: '2017-04-04', name: 'Ram Navami' },
      { date: '2017-06-26', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2017-08-25', name: 'Ganesh Chaturthi' },
      { date: '2017-10-19', name: 'Diwali Laxmi Pujan' },
      { date: '2017-10-20', name: 'Diwali Balipratipada' },
      // 2018
      { date: '2018-02-13', name: 'Mahashivratri' },
      { date: '2018-03-02', name: 'Holi' },
      { date: '2018-03-29', name: 'Mahavir Jayanti' },
      { date: '2018-08-22', name: 'Bakri Id' },
      { date: '2018-09-13', name: 'Ganesh Chaturthi' },
      { date: '2018-09-20', name: 'Muharram' },
      { date: '2018-10-18', name: 'Dussehra' },
      { date: '2018-11-07', name: 'Diwali Laxmi Pujan' },
      { date: '2018-11-08', name: 'Diwali Balipratipada' },
      { date: '2018-11-23', name: 'Gurunanak Jayanti' },
      // 2019
      { date: '2019-03-04', name: 'Mahashivratri' },
      { date: '2019-03-21', name: 'Holi' },
      { date: '2019-04-17', name: 'Mahavir Jayanti' },
      { date: '2019-04-29', name: 'Lok Sabha election in Mumbai' }, // polling day in Mumbai
      { date: '2019-06-05', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2019-08-12', name: 'Bakri Id' },
      { date: '2019-09-02', name: 'Ganesh Chaturthi' },
      { date: '2019-09-10', name: 'Muharram' },
      { date: '2019-10-08', name: 'Dussehra' },
      { date: '2019-10-21', name: 'Maharashtra Assembly election' }, // polling day
      { date: '2019-10-28', name: 'Diwali Balipratipada' },
      { date: '2019-11-12', name: 'Gurunanak Jayanti' },
      // 2020 (BSE list: 12 weekday holidays; COVID-19 brought no closure)
      { date: '2020-02-21', name: 'Mahashivratri' },
      { date: '2020-03-10', name: 'Holi' },
      { date: '2020-04-02', name: 'Ram Navami' },
      { date: '2020-04-06', name: 'Mahavir Jayanti' },
      { date: '2020-05-25', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2020-11-16', name: 'Diwali Balipratipada' },
      { date: '2020-11-30', name: 'Gurunanak Jayanti' },
      // 2021 (14 weekday holidays)
      { date: '2021-03-11', name: 'Mahashivratri' },
      { date: '2021-03-29', name: 'Holi' },
      { date: '2021-04-21', name: 'Ram Navami' },
      { date: '2021-05-13', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2021-07-21', name: 'Bakri Id' },
      { date: '2021-08-19', name: 'Muharram' },
      { date: '2021-09-10', name: 'Ganesh Chaturthi' },
      { date: '2021-10-15', name: 'Dussehra' },
      { date: '2021-11-04', name: 'Diwali Laxmi Pujan (Muhurat trading only)' },
      { date: '2021-11-05', name: 'Diwali Balipratipada' },
      { date: '2021-11-19', name: 'Gurunanak Jayanti' },
      // 2022 (13 weekday holidays; Mahavir Jayanti shares 04-14 with Ambedkar Jayanti)
      { date: '2022-03-01', name: 'Mahashivratri' },
      { date: '2022-03-18', name: 'Holi' },
      { date: '2022-05-03', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2022-08-09', name: 'Muharram' },
      { date: '2022-08-31', name: 'Ganesh Chaturthi' },
      { date: '2022-10-05', name: 'Dussehra' },
      { date: '2022-10-24', name: 'Diwali Laxmi Pujan (Muhurat trading only)' },
      { date: '2022-10-26', name: 'Diwali Balipratipada' },
      { date: '2022-11-08', name: 'Gurunanak Jayanti' },
      // 2023 (15 weekday holidays as published; Bakri Id moved from Wed 06-28, which traded, to
      // Thu 06-29 after Maharashtra's GAD notification of 2023-06-26; NSE circular 2023-06-27)
      { date: '2023-03-07', name: 'Holi' },
      { date: '2023-03-30', name: 'Ram Navami' },
      { date: '2023-04-04', name: 'Mahavir Jayanti' },
      { date: '2023-06-29', name: 'Bakri Id (moved from 2023-06-28)' },
      { date: '2023-09-19', name: 'Ganesh Chaturthi' },
      { date: '2023-10-24', name: 'Dussehra' },
      { date: '2023-11-14', name: 'Diwali Balipratipada' },
      { date: '2023-11-27', name: 'Gurunanak Jayanti' },
      // 2024 (14 weekday holidays as published, plus three Maharashtra NI-Act holidays)
      { date: '2024-01-22', name: 'Ram Mandir Pran Pratishtha (Maharashtra public holiday)' },
      { date: '2024-03-08', name: 'Mahashivratri' },
      { date: '2024-03-25', name: 'Holi' },
      { date: '2024-04-11', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2024-04-17', name: 'Shri Ram Navami' },
      { date: '2024-05-20', name: 'Lok Sabha election in Mumbai' },
      { date: '2024-06-17', name: 'Bakri Id' },
      { date: '2024-07-17', name: 'Muharram' },
      { date: '2024-11-01', name: 'Diwali Laxmi Pujan (Muhurat trading only)' },
      { date: '2024-11-15', name: 'Gurunanak Jayanti' },
      { date: '2024-11-20', name: 'Maharashtra Assembly election (NSE/BSE circulars 2024-11-08)' },
      // 2025 (14 weekday holidays; Diwali Mon 10-20 traded)
      { date: '2025-02-26', name: 'Mahashivratri' },
      { date: '2025-03-14', name: 'Holi' },
      { date: '2025-03-31', name: 'Id-Ul-Fitr (Ramzan Id)' },
      { date: '2025-04-10', name: 'Shri Mahavir Jayanti' },
      { date: '2025-08-27', name: 'Ganesh Chaturthi' },
      // Muhurat 13:45-14:45 that afternoon: not a session (see above).
      { date: '2025-10-21', name: 'Diwali Laxmi Pujan (Muhurat trading only)' },
      { date: '2025-10-22', name: 'Diwali Balipratipada' },
      { date: '2025-11-05', name: 'Prakash Gurpurb Sri Guru Nanak Dev' },
      // 2026 (15 weekday holidays as published, plus one)
      // Municipal corporation (BMC) elections: first a settlement holiday only, made a full trading
      // holiday by BSE notice 20260112-8 (exchange_calendars does not have it; the notice wins).
      { date: '2026-01-15', name: 'Maharashtra municipal corporation elections (BSE notice 20260112-8)' },
      // Holi colours were played on 03-04 (lunar eclipse on 03-03), which trades; the list's 03-03 holds.
      { date: '2026-03-03', name: 'Holi' },
      { date: '2026-03-26', name: 'Shri Ram Navami' },
      { date: '2026-03-31', name: 'Shri Mahavir Jayanti' },
      { date: '2026-05-28', name: 'Bakri Id' },
      { date: '2026-06-26', name: 'Muharram' },
      { date: '2026-09-14', name: 'Ganesh Chaturthi' },
      { date: '2026-10-20', name: 'Dussehra' },
      { date: '2026-11-10', name: 'Diwali Balipratipada' },
      { date: '2026-11-24', name: 'Prakash Gurpurb Sri Guru Nanak Dev' },
    ],
    earlyCloses: [],
    adhocEarlyCloses: [],
    adhocLateOpens: [],
    sources: [
      'BSE "Trading Holidays for the Calendar Year" lists (bseindia.com listholi; BSE notice 20151207-4 for 2016; the 2012 and 2013 notices; gujarati.bseindia.com/media/list_hol.htm for 2024)',
      'BSE/NSE circulars as reported: Budget-day sessions 2020-02-01 (moneycontrol, indianexpress 2020-01-22), 2025-02-01 (hindustantimes 2025-01-28), 2026-02-01 (business-standard 2026-01-16/30)',
      'BSE media release 2024-01-05 (special session 2024-01-20); DR-site live sessions 2024-03-02 and 2024-05-18 (hindustantimes 2024-03-01, business-standard 2024-05-18)',
      'Extended close 2021-02-24 after the NSE outage (PTI via devdiscourse, livemint, SEBI statement)',
      'Bakri Id 2023 moved to 06-29: NSE circular 2023-06-27 (bqprime, business-standard, tribuneindia)',
      'Election holidays 2024-05-20, 2024-11-20 (NSE/BSE circulars 2024-11-08 via rediff/PTI); 2026-01-15 BSE notice 20260112-8 (dnaindia, ndtvprofit, livemint 2026-01-12)',
      'Per-year lists 2020-2026 as reported by stockguru, moneycontrol, india.com, angelone, news18, livemint, outlookmoney, zeenews (see docs/calendar-facts/XBOM.md)',
      'Hours: SEBI/BSE 09:00 open from 2010-01-04 (IANS); pre-open call auction and 09:15 open from 2010-10-18 (domain-b)',
      'exchange_calendars (Apache-2.0) XBOM answer key 1997-2019 and exchange_calendar_xbom.py for cross-checking',
    ],
  };
}

/** The XBOM definition, built on first use. */
export const XBOM: CalendarDefinition = lazyDefinition(xbomDefinition);
