import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { checkDefinition, ExchangeCalendar, type CalendarDefinition } from '../src/calendar/index.js';
import { bvmfDefinition } from '../src/calendar/definitions/bvmf.js';
import { cmesDefinition } from '../src/calendar/definitions/cmes.js';
import { xasxDefinition } from '../src/calendar/definitions/xasx.js';
import { xbomDefinition } from '../src/calendar/definitions/xbom.js';
import { xetrDefinition } from '../src/calendar/definitions/xetr.js';
import { xhkgDefinition } from '../src/calendar/definitions/xhkg.js';
import { xkrxDefinition } from '../src/calendar/definitions/xkrx.js';
import { xlonDefinition } from '../src/calendar/definitions/xlon.js';
import { xmadDefinition } from '../src/calendar/definitions/xmad.js';
import { xsesDefinition } from '../src/calendar/definitions/xses.js';
import { xshgDefinition } from '../src/calendar/definitions/xshg.js';
import { xtksDefinition } from '../src/calendar/definitions/xtks.js';
import { keyDifferences } from './support/answer-key.js';

/**
 * What every shipped world calendar must do, in one table: reproduce its exchange_calendars answer
 * key with no difference, be a valid definition (the strict check users' files get), cover the
 * range it claims in its zone, and compile in well under 2 s. Each calendar's own facts from 2020
 * on are in test/calendar-world-<mic>.test.ts.
 */
const CALENDARS: readonly [string, () => CalendarDefinition, string, string, string][] = [
  ['BVMF', bvmfDefinition, 'America/Sao_Paulo', '1990-01-01', '2026-12-31'],
  ['CMES', cmesDefinition, 'America/Chicago', '1990-01-01', '2026-12-31'],
  ['XASX', xasxDefinition, 'Australia/Sydney', '1990-01-01', '2026-12-31'],
  ['XBOM', xbomDefinition, 'Asia/Kolkata', '1997-01-01', '2026-12-31'],
  ['XETR', xetrDefinition, 'Europe/Berlin', '1990-01-01', '2027-12-31'],
  ['XHKG', xhkgDefinition, 'Asia/Hong_Kong', '1990-01-01', '2026-12-31'],
  ['XKRX', xkrxDefinition, 'Asia/Seoul', '1986-01-01', '2026-12-31'],
  ['XLON', xlonDefinition, 'Europe/London', '1990-01-01', '2027-12-31'],
  ['XMAD', xmadDefinition, 'Europe/Madrid', '1990-01-01', '2026-12-31'],
  ['XSES', xsesDefinition, 'Asia/Singapore', '1986-01-01', '2026-12-31'],
  ['XSHG', xshgDefinition, 'Asia/Shanghai', '1990-01-01', '2026-12-31'],
  ['XTKS', xtksDefinition, 'Asia/Tokyo', '2000-01-01', '2027-12-31'],
];

describe.each(CALENDARS)('%s', (name, build, zone, from, to) => {
  const started = performance.now();
  const cal = new ExchangeCalendar(build());
  const compileMs = performance.now() - started;

  it('reproduces its exchange_calendars answer key exactly', () => {
    expect(keyDifferences(cal, `${name.toLowerCase()}_sessions_to_2019.csv`)).toEqual([]);
  });

  it('is a valid definition (checked as strictly as a user\'s file) for its zone and range', () => {
    const def = JSON.parse(JSON.stringify(build())) as CalendarDefinition;
    expect(() => checkDefinition(def, name)).not.toThrow();
    expect([cal.name, cal.timezone, cal.firstDate, cal.lastDate]).toEqual([name, zone, from, to]);
  });

  it('compiles in under 2 s', () => {
    expect(compileMs).toBeLessThan(2000);
  });
});
