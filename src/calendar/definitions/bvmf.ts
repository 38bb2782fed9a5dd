import type { CalendarDefinition } from '../definition.js';
import { lazyDefinition } from '../lazy-definition.js';

/**
 * B3 (Brasil, Bolsa, Balcão; formerly BM&FBOVESPA), São Paulo, cash equities. The close includes
 * the 5-minute closing call (continuous trading ends 5 minutes earlier); there is no lunch break.
 *
 * Up to 2019 this is the model of the exchange_calendars answer key: 10:00-17:00 every session
 * (B3's real seasonal hours, e.g. 11:00-18:00 in Brazilian summer time or 10:00-18:00 in the
 * 2016-2019 summers, are not in the key) and 10:00-18:00 from 2019-11-04. Since Brazil dropped
 * summer time in 2019, B3 closes at 16:00 New York time: 17:00 while New York is on daylight time
 * and 18:00 while it is on standard time, switching on the first session after the US clock
 * change. exchange_calendars keeps 18:00 for every year after 2019; B3's notices are preferred
 * here (see hours).
 *
 * A function, so that the rules are evaluated when a calendar is compiled from them, not when
 * this module loads (see lazy-definition.ts); each call builds an equal definition.
 */
export function bvmfDefinition(): CalendarDefinition {
  const ASH_WEDNESDAY_OPEN = '13:00';
  return {
    name: 'BVMF',
    description: 'B3 - Brasil, Bolsa, Balcão (São Paulo), cash equities',
    version: '2026.1',
    timezone: 'America/Sao_Paulo',
    // B3 has published its 2026 holiday calendar; nothing later is vouched for.
    range: { from: '1990-01-01', to: '2026-12-31' },
    weekdays: [1, 2, 3, 4, 5],
    hours: [
      { since: '1990-01-01', open: '10:00', close: '17:00' },
      // B3 notice "New trading hours": 18:00 close from 2019-11-04 (US standard time; Brazil has no
      // summer time from 2019 on).
      { since: '2019-11-04', open: '10:00', close: '18:00' },
      // From here on, B3's yearly switches with US daylight time (exchange_calendars: 18:00 throughout).
      { since: '2020-03-09', open: '10:00', close: '17:00' }, // US DST from 03-08
      { since: '2020-11-03', open: '10:00', close: '18:00' }, // US standard time from 11-01; 11-02 is Finados
      { since: '2021-03-15', open: '10:00', close: '17:00' }, // US DST from 03-14
      { since: '2021-11-08', open: '10:00', close: '18:00' }, // US standard time from 11-07
      { since: '2022-03-14', open: '10:00', close: '17:00' }, // US DST from 03-13
      { since: '2022-11-07', open: '10:00', close: '18:00' }, // US standard time from 11-06
      // 2023 and 2024 switches: B3's yearly rule ("repeats every year since summer time ended"); no
      // individual notice found, the 10:00-17:00 regime of mid-2024 is confirmed.
      { since: '2023-03-13', open: '10:00', close: '17:00' }, // US DST from 03-12
      { since: '2023-11-06', open: '10:00', close: '18:00' }, // US standard time from 11-05
      { since: '2024-03-11', open: '10:00', close: '17:00' }, // US DST from 03-10
      { since: '2024-11-04', open: '10:00', close: '18:00' }, // US standard time from 11-03
      { since: '2025-03-10', open: '10:00', close: '17:00' }, // US DST from 03-09
      { since: '2025-11-03', open: '10:00', close: '18:00' }, // US standard time from 11-02
      // 2026: by the same rule (expected, not yet announced individually).
      { since: '2026-03-09', open: '10:00', close: '17:00' }, // US DST from 03-08
      { since: '2026-11-03', open: '10:00', close: '18:00' }, // US standard time from 11-01; 11-02 is Finados
    ],
    holidays: [
      { name: 'Confraternização Universal', rule: '01-01' },
      // São Paulo city anniversary: B3 trades on São Paulo's municipal holidays from 2022 on.
      { name: 'Aniversário de São Paulo', rule: '01-25', toYear: 2021 },
      // Carnival Monday and Tuesday: bank holidays (CMN); closed every year, 2021 included.
      { name: 'Carnaval (segunda-feira)', rule: 'easter -48' },
      { name: 'Carnaval (terça-feira)', rule: 'easter -47' },
      { name: 'Paixão de Cristo', rule: 'easter -2' },
      { name: 'Tiradentes', rule: '04-21' },
      { name: 'Dia do Trabalho', rule: '05-01' },
      // Corpus Christi, a bank holiday: closed every year (2020-06-11 too, though São Paulo moved its
      // holiday to May 2020 for COVID-19).
      { name: 'Corpus Christi', rule: 'easter 60' },
      // São Paulo state holiday: closed 1998-2019 and 2021; open 2020 (São Paulo moved the holiday to
      // 2020-05-25 and B3 kept its calendar, trading on both days) and from 2022.
      { name: 'Revolução Constitucionalista', rule: '07-09', fromYear: 1998, toYear: 2019 },
      { name: 'Revolução Constitucionalista', rule: '07-09', fromYear: 2021, toYear: 2021 },
      { name: 'Independência do Brasil', rule: '09-07' },
      { name: 'Nossa Senhora Aparecida', rule: '10-12' },
      { name: 'Finados', rule: '11-02' },
      { name: 'Proclamação da República', rule: '11-15' },
      // Black Awareness Day: a São Paulo city holiday 2004-2019 (open 2020, moved by the city; from
      // 2022 B3 trades on city holidays), a national holiday from 2024 (Lei 14.759/2023).
      { name: 'Dia da Consciência Negra', rule: '11-20', fromYear: 2004, toYear: 2019 },
      { name: 'Dia Nacional de Zumbi e da Consciência Negra', rule: '11-20', fromYear: 2024 },
      // Christmas Eve and Christmas: no substitute day when on a weekend.
      { name: 'Véspera de Natal', rule: '12-24' },
      { name: 'Natal', rule: '12-25' },
      // The last weekday of the year (no trading, year-end bank closing): Dec 31, or the Friday
      // before when Dec 31 is on a weekend (Dec 30 when it is a Saturday, Dec 29 when a Sunday).
      { name: 'Último dia útil do ano', rule: '12-31', weekdays: [1, 2, 3, 4, 5] },
      { name: 'Último dia útil do ano (31 de dezembro num sábado)', rule: '12-30', weekdays: [5] },
      { name: 'Último dia útil do ano (31 de dezembro num domingo)', rule: '12-29', weekdays: [5] },
    ],
    adhocClosures: [
      // FIFA World Cup opening match in São Paulo (Brazil v Croatia), a municipal holiday.
      { date: '2014-06-12', name: 'Copa do Mundo 2014: abertura em São Paulo' },
    ],
    earlyCloses: [],
    adhocEarlyCloses: [],
    // Ash Wednesday (Quarta-feira de Cinzas): trading opens at 13:00 (pre-open 12:45) and closes at
    // the regular time. B3 has done so for a long time; the key has it from 2016 only (earlier Ash
    // Wednesdays open at 10:00 there), so the list starts in 2016.
    adhocLateOpens: [
      { date: '2016-02-10', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
      { date: '2017-03-01', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
      { date: '2018-02-14', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
      { date: '2019-03-06', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
      { date: '2020-02-26', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
      // 2021: one report gives 13:00-17:00, but the 18:00 regime was in force (until 03-15); regular close kept.
      { date: '2021-02-17', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
      { date: '2022-03-02', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
      { date: '2023-02-22', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
      { date: '2024-02-14', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
      { date: '2025-03-05', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
      { date: '2026-02-18', open: ASH_WEDNESDAY_OPEN, name: 'Quarta-feira de Cinzas' },
    ],
    sources: [
      'B3 trading hours (cash equities): https://www.b3.com.br/pt_br/solucoes/plataformas/puma-trading-system/para-participantes-e-traders/horario-de-negociacao/acoes/',
      'B3 news "New trading hours" (18:00 close from 2019-11-04)',
      'B3 hours changes as reported: Estadão 2020-03-04 (17:00 from 2020-03-09); InvestNews 2020 (18:00 from 2020-11-03); Exame 2021-03 (17:00 from 2021-03-15); Exame/Valor 2021-11-08; Estadão 2022-03 (17:00 from 2022-03-14, "adjusted yearly"); Space Money 2022-11 (18:00 from 2022-11-07); UOL/Suno 2024-11-04; Exame 2025 (17:00 from 2025-03-10, 18:00 from 2025-11-03)',
      'B3 holiday calendars 2020-2026 as published in the press: mistobrasil 2019-12-23 (2020); Valor Investe 2020-11-18 (São Paulo city and state holidays traded from 2022); Exame 2022-12 (2023); borainvestir.b3.com.br and Exame 2024-05 (2024); O Povo 2024-12-04 (2025); Exame 2025-12-30 (2026)',
      'B3 notices on the 2020 and 2021 COVID-19 holiday moves by São Paulo (B3 kept its calendar): em.com.br 2020-05-19, Valor Investe 2020-06-08, E-Investidor (Corpus Christi 2021)',
      'Exame 2023-02 and tnonline 2026-02-06 (Ash Wednesday 13:00 open, pre-open 12:45)',
      'Lei 14.759/2023 (Dia Nacional de Zumbi e da Consciência Negra, national holiday from 2024)',
      'exchange_calendars (Apache-2.0) exchange_calendar_bvmf.py: the model of the 1990-2019 answer key',
      'docs/calendar-facts/BVMF.md (research notes, all sources S1-S42)',
    ],
  };
}

/** The BVMF definition, built on first use (`getCalendar('BVMF')` compiles from it once registered). */
export const BVMF: CalendarDefinition = lazyDefinition(bvmfDefinition);
