import type { CalendarDefinition } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * Bolsa de Madrid (BME's SIBE "Mercado Continuo", Spanish equities; one calendar for the four
 * Spanish exchanges since 1998). Continuous trading 09:00-17:30 Europe/Madrid, no lunch break;
 * half days (24 and 31 December in some years) end at 14:00.
 *
 * Up to 2019 this reproduces the exchange_calendars answer key exactly, which models 09:00-17:30
 * from 1990 on (real SIBE hours in the 1990s were probably shorter; see docs/calendar-facts/XMAD.md).
 * The range ends with 2026, the last year whose calendar BME has published (the Christmas Eve /
 * New Year's Eve treatment has changed three times since 2010, so it is not extended by rule).
 *
 * A function, so that the rules are evaluated when a calendar is compiled from them, not when
 * this module loads (see lazy-definition.ts); each call builds an equal definition.
 */
export function xmadDefinition(): CalendarDefinition {
  const WEEKDAYS = [1, 2, 3, 4, 5];
  return {
    name: 'XMAD',
    description: 'Bolsa de Madrid (BME Spanish equities, SIBE Mercado Continuo)',
    version: '2026.1',
    timezone: 'Europe/Madrid',
    range: { from: '1990-01-01', to: '2026-12-31' },
    weekdays: WEEKDAYS,
    // Continuous trading; the opening auction (08:30-09:00) and closing auction (17:30-17:35) are
    // outside the session, as in the answer key.
    hours: [{ since: '1990-01-01', open: '09:00', close: '17:30' }],
    holidays: [
      // No weekend observance: a holiday on a Saturday or Sunday is lost (except Assumption to 2004).
      { name: "New Year's Day", rule: '01-01' },
      // Epiphany (Reyes) closed the market until 2006; open since 2007 (e.g. 2020-01-06 traded).
      { name: 'Epiphany', rule: '01-06', toYear: 2006 },
      { name: 'Good Friday', rule: 'easter -2' },
      // Easter Monday is not a national holiday in Spain, but a TARGET2 closing day the market keeps.
      { name: 'Easter Monday', rule: 'easter 1' },
      { name: 'Labour Day', rule: '05-01' },
      // National holidays the market closed on until the 2005 reduction of its holidays. Assumption
      // on a weekend moved to the Monday (key: 1992-08-17, 1993-08-16, 1998-08-17, 1999-08-16, 2004-08-16).
      { name: 'Assumption Day', rule: '08-15 and if saturday,sunday then next monday', toYear: 2004 },
      { name: 'National Day', rule: '10-12', toYear: 2004 },
      { name: "All Saints' Day", rule: '11-01', toYear: 2004 },
      { name: 'Constitution Day', rule: '12-06', toYear: 2004 },
      { name: 'Immaculate Conception', rule: '12-08', toYear: 2004 },
      // Christmas Eve and New Year's Eve: closed to 2010; half days 2012-2020 (2011 both fell on
      // a Saturday); closed again 2021-2023 (BME 2021 calendar: "no habra ninguna jornada ... media
      // sesion"; exchange_calendars PRs #116/#120); half days again from 2024.
      { name: 'Christmas Eve', rule: '12-24', toYear: 2010 },
      { name: 'Christmas Eve', rule: '12-24', fromYear: 2021, toYear: 2023 },
      { name: 'Christmas Day', rule: '12-25' },
      // San Esteban: not a national holiday, the usual closing day of European markets (TARGET2).
      { name: "St. Stephen's Day", rule: '12-26' },
      { name: "New Year's Eve", rule: '12-31', toYear: 2010 },
      { name: "New Year's Eve", rule: '12-31', fromYear: 2021, toYear: 2023 },
    ],
    adhocClosures: [],
    earlyCloses: [
      // Half days end continuous trading at 14:00 (BME press notes for 2012-2015, 2018-2020, 2024-2026).
      { name: 'Christmas Eve', rule: '12-24', fromYear: 2012, toYear: 2020, weekdays: WEEKDAYS, close: '14:00' },
      { name: 'Christmas Eve', rule: '12-24', fromYear: 2024, weekdays: WEEKDAYS, close: '14:00' },
      { name: "New Year's Eve", rule: '12-31', fromYear: 2012, toYear: 2020, weekdays: WEEKDAYS, close: '14:00' },
      { name: "New Year's Eve", rule: '12-31', fromYear: 2024, weekdays: WEEKDAYS, close: '14:00' },
    ],
    adhocEarlyCloses: [],
    // No ad hoc days 2020-2026: 2025-04-28 (Iberian power blackout from 12:33) traded normal hours,
    // SIBE unaffected; COVID-19 2020 brought a short-selling ban, no closure.
    sources: [
      'BME press note "Calendario de 2026 en los mercados financieros espanoles" (bolsasymercados.es, 2025)',
      'BME/MEFF press note "Calendario 2022 en los mercados de valores espanoles" (2021-11-24)',
      'BME press note "Calendario 2019 en los mercados espanoles" (2018-11-21); servimedia 2017-11-21 (2018 calendar)',
      'EFE via eleconomista.es 2013-12-23 (half days 24/31 Dec since 2012); eleconomista.es 2021-01 (2021 calendar: 24 and 31 Dec closed)',
      'ecobolsa.com 2022-11-24 (2023 calendar); infobae/EFE 2024-12-22 and 2025-12-26 (half days resumed 2024, 2025)',
      'elespanol.com 2019-11-27, blog.ruralvia.com 2020-01-02 (2020 calendar; Reyes open)',
      'publico.es 2008 (2009 calendar, hours 09:00-17:30); BME trading-hours page',
      'exchange_calendars (Apache-2.0) XMAD answer key 1990-2019 and exchange_calendar_xmad.py (PRs #116, #120, #448) for cross-checking',
    ],
  };
}

/** The XMAD definition, built on first use. */
export const XMAD: CalendarDefinition = lazyDefinition(xmadDefinition);
