import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDefinition, ExchangeCalendar, getCalendar } from '../src/calendar/index.js';

/** The README's calendar examples run as written: the definition file compiles, the queries say what the comments say. */
const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('## Exchange calendars'), readme.indexOf('## Data layout'));

describe("the README's calendar section", () => {
  it('its definition example is valid and compiles to what it says', () => {
    const json = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    const cal = new ExchangeCalendar(checkDefinition(JSON.parse(json)));
    expect(cal.isSession('2024-04-04')).toBe(false);
    expect(cal.isSession('2024-09-06')).toBe(false);
    expect(cal.isSession('2024-06-01')).toBe(true);
    expect(cal.isLateOpen('2024-07-17')).toBe(true);
    expect(cal.sessionMinutes('2024-12-24')).toBe(150);
  });

  it('its query examples give the values in their comments', () => {
    const hk = getCalendar('XHKG');
    expect(section).toContain('hk.isSession("2024-09-06");                       // false');
    expect(hk.isSession('2024-09-06')).toBe(false);
    expect(hk.nextSession('2024-09-06').date).toBe('2024-09-09');
    expect(hk.isOpenOnMinute('2024-12-23T12:30')).toBe(false);
    expect(hk.isOpenOnMinute('2024-12-23T12:30', { ignoreBreaks: true })).toBe(true);
    expect(hk.minuteToSession('2024-12-23T12:30').date).toBe('2024-12-23');
    expect(hk.sessionMinutes('2024-12-24')).toBe(150);
    expect(hk.breakStart('2024-12-23')).toBe(Date.parse('2024-12-23T12:00:00+08:00'));
    // Thirteen calendars in the table, each shipped.
    const names = [...section.matchAll(/^\| `([A-Z]{4})` \|/gm)].map((m) => m[1]!);
    expect(names).toHaveLength(13);
    for (const n of names) expect(getCalendar(n).name).toBe(n);
  });
});
