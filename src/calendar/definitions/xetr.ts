import type { CalendarDefinition } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * Xetra, the electronic cash market of the Frankfurt Stock Exchange (FWB). Regular hours 09:00-17:30
 * Europe/Berlin (opening auction from 08:50, closing auction call from 17:30), no lunch break (the
 * midday intraday auction is not a break). The last trading day before New Year's Eve closes at 14:00.
 *
 * Hours are the answer key's model (exchange_calendars): 09:00-17:30 for the whole range. Xetra only
 * started on 1997-11-28 (08:30-17:00 until 1999-09-17) and closed at 20:00 from 2000-06-02 to
 * 2003-10-31; the key keeps 09:00-17:30 throughout, and up to 2019 the key is kept exactly. Likewise
 * the key, not history, decides the 1990s holidays: it has sessions on Ascension, Whit Monday,
 * Corpus Christi (closed until 1999), on 3 October 1990-2000 and on Buss- und Bettag 1990-1994, and
 * no year-end half day before 2010.
 *
 * The Extended Xetra Retail Service (retail order flow 08:00-08:55 and after the closing auction to
 * 22:00, from 2025-12-01) is a separate service; the session stays 09:00-17:30.
 *
 * Holidays on a weekend are simply lost (no substitute days). German public holidays not listed here
 * (Ascension, Corpus Christi; Whit Monday and 3 October outside the years given) are trading days
 * with unchanged Xetra hours.
 *
 * Range: to 2027-12-31 (FWB has published its non-trading days well past 2027; the 14:00 year-end
 * closes of 2026 and 2027 follow the standing practice and are announced each December).
 */
export function xetrDefinition(): CalendarDefinition {
  return {
    name: 'XETR',
    description: 'Xetra (Deutsche Börse, Frankfurt)',
    version: '2026.1',
    timezone: 'Europe/Berlin',
    range: { from: '1990-01-01', to: '2027-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [{ since: '1990-01-01', open: '09:00', close: '17:30' }],
    holidays: [
      { name: "New Year's Day", rule: '01-01' },
      { name: 'Good Friday', rule: 'easter -2' },
      { name: 'Easter Monday', rule: 'easter 1' },
      { name: 'Labour Day', rule: '05-01' },
      // Closed 2015-2021 by yearly FWB Exchange Council decision; traded again from 2022 (Rundschreiben
      // 003/2022: 6 June 2022 a trading day, and every year since).
      { name: 'Whit Monday', rule: 'easter 50', fromYear: 2015, toYear: 2021 },
      // Closed 2014-2021 (e.g. Eurex circular 055/2018 for 2018); traded again from 2022.
      { name: 'Day of German Unity', rule: '10-03', fromYear: 2014, toYear: 2021 },
      // 24 and 31 December: no trading, but settlement days.
      { name: 'Christmas Eve', rule: '12-24' },
      { name: 'Christmas Day', rule: '12-25' },
      { name: 'Boxing Day', rule: '12-26' },
      { name: "New Year's Eve", rule: '12-31' },
    ],
    adhocClosures: [
      // Closed although Whit Monday was otherwise traded 2000-2014 (it coincided with US Memorial Day).
      { date: '2007-05-28', name: 'Whit Monday' },
      // A one-off national holiday for the 500th anniversary of the Reformation.
      { date: '2017-10-31', name: 'Reformation Day (500th anniversary)' },
    ],
    earlyCloses: [
      // "Jahresschlussbörse": the last trading day before 31 December (the Friday before when 30
      // December is a weekend), closing auction at 14:00; decided each December by FWB notice. The key
      // has it from 2010 (it also happened earlier, e.g. 2000, 2005, but the key is kept exactly).
      { name: 'Last trading day of the year', rule: '12-30 if saturday,sunday then previous friday', fromYear: 2010, close: '14:00' },
    ],
    adhocEarlyCloses: [],
    sources: [
      'Deutsche Börse Cash Market, trading calendar (FWB non-trading days 2024-2029; 24 and 31 Dec: no trading, settlement open)',
      'Börse Frankfurt, trading hours and trading calendar 2020 and 2021 (Xetra 09:00-17:30; non-trading days)',
      'Xetra-Rundschreiben 026/2020 (Good Friday, Easter Monday, 1 May 2020)',
      'Open-Market-Rundschreiben 003/2022 (28 Apr 2022): 26 May, 6 Jun, 16 Jun and 3 Oct 2022 are trading days',
      'Eurex circular 055/2018 (no trading on 3 Oct 2018); Eurex circular 107/21 (shortened Xetra hours on 30 Dec 2021, 14:00)',
      'Year-end 14:00 closes: Börse Frankfurt "Börse zum Jahresschluss 2012"; vrbankht.de 2020/21; onvista.de 19 Dec 2024; wallstreet-online.de / ariva.de Dec 2025',
      'exchange_calendars (Apache-2.0) exchange_calendar_xetr.py and its XETR answer key, for cross-checking',
    ],
  };
}

/** The XETR definition, built on first use. */
export const XETR: CalendarDefinition = lazyDefinition(xetrDefinition);
