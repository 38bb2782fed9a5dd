import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { demoConfig, getCalendar, simulate } from '../src/index.js';
import { compactSessionsHtml, deliveryPicture, equitySvg, gapsPicture, LocalClock, picturesHtml, pricesPicture, receivedPicture, type PictureInput } from '../src/api/pictures/index.js';
import type { DerivedResultRow } from '../src/api/results.js';
import type { QualityRow, SessionRow } from '../src/state/index.js';

// Pictures drawn from a small made-up run: New York across the 2024 DST change (2024-03-08 is
// UTC-5, 2024-03-11 UTC-4), so a label in exchange time differs from one in UTC on both days.

const cal = getCalendar('XNYS');
const DATES = ['2024-03-08', '2024-03-11'];
const OPEN = { '2024-03-08': Date.UTC(2024, 2, 8, 14, 30), '2024-03-11': Date.UTC(2024, 2, 11, 13, 30) } as Record<string, number>;
const MIN = 60_000;
const SYMBOLS = ['EEE', 'AAA', 'DDD', 'BBB', 'CCC'];

function session(date: string, over: Partial<SessionRow> = {}): SessionRow {
  const open = OPEN[date]!;
  return { date, open, close: open + 390 * MIN, earlyClose: false, midSession: false, bars: 10, late: 0, history: 0, derived: 0, gaps: 0, expected: 390, received: 390, prefetch: 'complete', timedOut: false, prefetchReason: null, ...over };
}

function quality(date: string, symbol: string, pct: number): QualityRow {
  const received = Math.round(3.9 * pct);
  return { date, symbol, expected: 390, received, missing: 390 - received, duplicates: 0, outOfSession: 0, late: 0, pct, reason: '' };
}

function derivedRows(): DerivedResultRow[] {
  const rows: DerivedResultRow[] = [];
  for (const date of DATES) for (const symbol of SYMBOLS) for (let i = 0; i < 78; i++) {
    const start = OPEN[date]! + i * 5 * MIN;
    rows.push({ symbol, minutes: 5, start, end: start + 5 * MIN, open: 100 + i, high: 101 + i, low: 99 + i, close: 100 + i, volume: 1, count: 5, completed: start + 5 * MIN });
  }
  return rows;
}

function input(over: Partial<PictureInput> = {}): PictureInput {
  const rows = derivedRows();
  return {
    calendar: cal, symbols: SYMBOLS, sessions: [session(DATES[0]!), session(DATES[1]!, { late: 7, history: 3, prefetch: 'failed', prefetchReason: 'no file' })],
    quality: DATES.flatMap((d) => SYMBOLS.map((s) => quality(d, s, s === 'DDD' && d === DATES[1] ? 40 : s === 'BBB' ? 95 : 100))),
    gaps: [
      { date: DATES[0]!, symbol: 'AAA', from: OPEN[DATES[0]!]! + 30 * MIN, to: OPEN[DATES[0]!]! + 34 * MIN, missing: 5 },
      { date: DATES[1]!, symbol: 'DDD', from: OPEN[DATES[1]!]! + 30 * MIN, to: OPEN[DATES[1]!]! + 34 * MIN, missing: 5 },
    ],
    barMs: MIN,
    derived: (keep) => rows.filter((r) => keep(r.symbol)),
    ...over,
  };
}

const dom = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
const texts = (doc: ReturnType<typeof dom>, selector: string) => [...doc.querySelectorAll(selector)].map((e) => e.textContent ?? '');

describe('pictures of the data', () => {
  it('prices: one line per symbol and session, the first N symbols by name, the cap said', () => {
    const p = pricesPicture(input(), { symbols: 2 });
    const doc = dom(p.svg);
    expect(texts(doc, 'g[aria-label="fy-axis tick label"] text')).toEqual(['AAA', 'BBB']);
    expect(texts(doc, 'g[aria-label="fx-axis tick label"] text')).toEqual(['03-08', '03-11']);
    expect(doc.querySelectorAll('g[aria-label="line"] path').length).toBe(4);
    expect(p.note).toContain('Showing 2 symbols of 5 (option symbols)');
    // The default cap is 6: all five are drawn and nothing is said to be left out.
    const all = pricesPicture(input());
    expect(dom(all.svg).querySelectorAll('g[aria-label="line"] path').length).toBe(10);
    expect(all.note).not.toContain('Showing');
  });

  it('prices: named symbols in the order given; a name not in the run or a bad cap is USAGE', () => {
    const doc = dom(pricesPicture(input(), { symbols: ['EEE', 'CCC'] }).svg);
    expect(texts(doc, 'g[aria-label="fy-axis tick label"] text')).toEqual(['EEE', 'CCC']);
    expect(() => pricesPicture(input(), { symbols: ['ZZZ'] })).toThrow(/USAGE.*"ZZZ" not among the run's symbols|"ZZZ" not among/);
    for (const bad of [0, 1.5, -2]) expect(() => pricesPicture(input(), { symbols: bad })).toThrow(/symbols must be a whole number/);
    expect(() => pricesPicture(input(), { minutes: 15 })).toThrow(/no 15-minute derived bars in this run \(it has 5\)/);
    const one = pricesPicture(input(), { sessions: 1 });
    expect(texts(dom(one.svg), 'g[aria-label="fx-axis tick label"] text')).toEqual(['03-08']);
    expect(one.note).toContain('the first 1 session of 2 (option sessions)');
  });

  it('prices: returns from the session open (the last 5-minute bar closes 77% above the first open)', () => {
    const doc = dom(pricesPicture(input(), { symbols: ['AAA'], sessions: 1 }).svg);
    const titles = texts(doc, 'g[aria-label="line"] title');
    expect(titles).toEqual(['AAA 2024-03-08: +77.00% open to 16:00']);
    const ticks = texts(doc, 'g[aria-label="y-axis tick label"] text');
    const values = ticks.map((t) => Number(t.replace('−', '-')));
    expect(values).toContain(0); // returns in %, not the prices (100 .. 177)
    expect(Math.max(...values)).toBeLessThan(100);
  });

  it('a run without derived bars says so instead of drawing', () => {
    const p = pricesPicture(input({ derived: () => [] }));
    expect(p.svg).toBe('');
    expect(p.note).toMatch(/No derived bars/);
  });

  it('heatmap: a cell per symbol and session coloured by % received; capped to the symbols that received least', () => {
    const all = dom(receivedPicture(input()).svg);
    expect(all.querySelectorAll('g[aria-label="cell"] rect').length).toBe(10);
    const capped = receivedPicture(input(), { heatmapSymbols: 2 });
    const doc = dom(capped.svg);
    expect(texts(doc, 'g[aria-label="y-axis tick label"] text')).toEqual(['BBB', 'DDD']);
    expect(doc.querySelectorAll('g[aria-label="cell"] rect').length).toBe(4);
    expect(texts(doc, 'g[aria-label="cell"] title')).toContain('DDD 2024-03-11: 40% (156 of 390, 234 missing, 0 late)');
    expect(capped.note).toContain('the 3 others received at least 100% every session');
    const fills = new Set([...doc.querySelectorAll('g[aria-label="cell"] rect')].map((r) => r.getAttribute('fill')));
    expect(fills.size).toBe(3); // 40%, 95% and 100% fall in three colour bands
  });

  it('gaps: at their exchange-local time of day on both sides of a DST change, the machine zone playing no part', () => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      const doc = dom(gapsPicture(input()).svg);
      const gaps = [...doc.querySelectorAll('g[aria-label="bar"]')][1]!;
      expect(texts(gaps, 'title')).toEqual(['AAA 2024-03-08: 5 missing from 10:00 to 10:05', 'DDD 2024-03-11: 5 missing from 10:00 to 10:05']);
      const xs = [...gaps.querySelectorAll('rect')].map((r) => r.getAttribute('x'));
      expect(xs[0]).toBe(xs[1]); // 15:00 UTC and 14:00 UTC: the same local time, the same place
      const sessions = texts(doc, 'g[aria-label="bar"] title').slice(0, 2);
      expect(sessions).toEqual(['2024-03-08 09:30–16:00', '2024-03-11 09:30–16:00']);
      const ticks = texts(doc, 'g[aria-label="x-axis tick label"] text');
      expect(ticks).toContain('10:00');
      expect(ticks).toContain('16:00');
      expect(texts(doc, 'g[aria-label="x-axis label"] text')[0]).toContain('America/New_York');
    } finally {
      if (before === undefined) delete process.env.TZ; else process.env.TZ = before;
    }
  });

  it('a session that opens the evening before runs on past midnight, not wrapped to the left', () => {
    const cme = getCalendar('CMES');
    const day = cme.sessionOn('2024-03-12')!; // 17:00 on the 11th to 17:00 on the 12th, Chicago
    const row = { ...session(DATES[0]!), date: '2024-03-12', open: day.open, close: day.close };
    const evening = day.open + 3 * 60 * MIN, morning = day.open + 17 * 60 * MIN;
    const p = gapsPicture(input({
      calendar: cme, sessions: [row], quality: [],
      gaps: [{ date: '2024-03-12', symbol: 'ES', from: evening, to: evening, missing: 1 }, { date: '2024-03-12', symbol: 'ES', from: morning, to: morning, missing: 1 }],
    }));
    const doc = dom(p.svg);
    const [sessions, gaps] = [...doc.querySelectorAll('g[aria-label="bar"]')];
    expect(texts(sessions, 'title')).toEqual(['2024-03-12 17:00–17:00']);
    const bar = sessions.querySelector('rect')!;
    expect(Number(bar.getAttribute('width'))).toBeGreaterThan(400); // the whole 24 hours, not a sliver
    expect(texts(gaps, 'title')).toEqual(['ES 2024-03-12: 1 missing from 20:00 to 20:01', 'ES 2024-03-12: 1 missing from 10:00 to 10:01']);
    const [x1, x2] = [...gaps.querySelectorAll('rect')].map((r) => Number(r.getAttribute('x')));
    expect(x1!).toBeLessThan(x2!);
    expect(x1!).toBeGreaterThan(Number(bar.getAttribute('x')));
  });

  it('the exchange clock (offsets cached by quarter hour) reads as the calendar does, minute by minute through DST changes', () => {
    for (const [name, day] of [['XNYS', Date.UTC(2024, 2, 10)], ['XNYS', Date.UTC(2024, 10, 3)], ['XASX', Date.UTC(2024, 3, 6)]] as const) {
      const c = getCalendar(name), clock = new LocalClock(c);
      const wrong: string[] = [];
      for (let t = day - 6 * 60 * MIN; t < day + 30 * 60 * MIN; t += MIN) if (clock.clock(t) !== c.formatClock(t)) wrong.push(`${new Date(t).toISOString()}: ${clock.clock(t)} vs ${c.formatClock(t)}`);
      expect(wrong, name).toEqual([]);
    }
  });

  it('late/history/prefetch: a bar per kind and session, a failed prefetch in red', () => {
    const doc = dom(deliveryPicture(input()).svg);
    expect(texts(doc, 'g[aria-label="bar"] title')).toEqual(['2024-03-08: 0 late', '2024-03-08: 0 history', '2024-03-11: 7 late', '2024-03-11: 3 history']);
    const status = [...doc.querySelectorAll('g[aria-label="text"] text')];
    expect(status.map((t) => t.textContent)).toEqual(['prefetch complete', 'prefetch failed']);
    expect(status.map((t) => t.getAttribute('fill'))).toEqual(['#555', '#d62728']);
  });

  it('compact sessions table: one exchange-local open–close pair a session, nothing wraps', () => {
    const early = session(DATES[0]!, { earlyClose: true, close: OPEN[DATES[0]!]! + 210 * MIN, received: 195 });
    const doc = dom(compactSessionsHtml([early, session(DATES[1]!)], new LocalClock(cal)));
    const rows = [...doc.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['2024-03-08', '09:30–13:00 early', '10', '0', '0', '0', '50%', 'complete'],
      ['2024-03-11', '09:30–16:00', '10', '0', '0', '0', '100%', 'complete'],
    ]);
    for (const td of doc.querySelectorAll('td, th')) expect(td.getAttribute('style')).toContain('white-space:nowrap');
  });

  it('equity curve and drawdown: a line, an area below, exchange-local dates on the axis', () => {
    const t0 = OPEN[DATES[0]!]!;
    const curve = [0, 1, 2, 3].map((i) => ({ time: t0 + i * 60 * MIN, equity: [100, 110, 99, 105][i]!, cash: 0, positionsValue: 0, drawdown: [0, 0, 0.1, 0.045][i]! }));
    const doc = dom(equitySvg(curve, 100, new LocalClock(cal)));
    expect(doc.querySelectorAll('svg').length).toBe(2);
    expect(doc.querySelectorAll('g[aria-label="line"] path').length).toBe(2);
    expect(doc.querySelectorAll('g[aria-label="area"] path').length).toBe(1);
    expect(texts(doc, 'g[aria-label="dot"] title')).toEqual(['2024-03-08T12:30:00-05:00: 105.00']);
    // 14:30 UTC on 2024-03-08 is 9:30 in New York (UTC-5): the axis starts at the exchange's open.
    expect(texts(doc, 'g[aria-label="x-axis tick label"] text')[0]).toBe('9:30AM');
  });

  it('a run\'s result displays the table and the four pictures; symbols chosen by the option', () => {
    const r = simulate(demoConfig({ end: '2013-10-07' }));
    const doc = dom(r.pictures({ symbols: ['SPY'] }).toHTML());
    expect(texts(doc, 'g[aria-label="fy-axis tick label"] text')).toEqual(['SPY']);
    expect(doc.querySelectorAll('section.sessionsim-picture svg').length).toBeGreaterThanOrEqual(4);
    const html = r.toHTML();
    expect(html).toContain('<b>sessions</b> (2 rows) in exchange time, America/New_York');
    for (const label of ['returns per symbol and session', '% received per symbol and session', 'gaps at their time of day', 'late, history and prefetch per session']) expect(html).toContain(`aria-label="${label}"`);
    expect(picturesHtml).toBeTypeOf('function');
  });
});
