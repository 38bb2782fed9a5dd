import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSimulation, demoConfig, replay, simulate, SimError, type SimEvent } from '../src/index.js';
import { tmpDir } from './support/tmp.js';
import { createHash } from 'node:crypto';
import { readLog } from '../src/storage/index.js';

const dir = tmpDir();
const codeOf = (f: () => unknown) => { try { f(); } catch (e) { return [(e as SimError).code, (e as SimError).details.key]; } return null; };

describe('simulate', () => {
  const r = simulate(demoConfig());
  it('returns sessions, quality and derived bars as rows and Arrow tables', () => {
    expect(r.sessions.length).toBe(6);
    expect(r.sessions.toArray().map((s) => s.date)).toEqual(['2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11']);
    expect(r.quality.length).toBe(24);
    expect(r.derived.length).toBe(6 * 4 * (78 + 26));
    expect(r.sessions.table.numRows).toBe(6);
    expect(r.sessions.table.schema.fields.map((f) => f.name)).toContain('earlyClose');
    expect(String(r.sessions.table.schema.fields.find((f) => f.name === 'open')!.type)).toBe('Timestamp<MILLISECOND, UTC>');
    expect(r.endReason).toBe('end-date');
    expect(r.bars).toBe(r.sessions.toArray().reduce((n, s) => n + s.bars, 0));
  });
  it('gives the same hash for the same input, in this process and in any other', () => {
    expect(simulate(demoConfig()).hash).toBe(r.hash);
    // Pinned: this changes only with a deliberate change of behaviour or of the log encoding
    // (then update it here and in the README).
    expect(r.hash).toBe('45583e1dddc2ee7f265c53b160e51795');
  });
  it('results taken mid-run keep the derived bars of that moment, built only when looked at', () => {
    const sim = createSimulation(demoConfig());
    sim.runUntil('2013-10-08T12:00:00-04:00');
    const early = sim.result();
    const n = early.derived.length;
    sim.runToEnd();
    const late = sim.result();
    expect(n).toBeGreaterThan(0);
    expect(late.derived.length).toBe(r.derived.length);
    expect(early.derived.toArray()).toEqual(late.derived.toArray().slice(0, n));
    expect(early.derived.table.numRows).toBe(n);
  });
  it('skips the log hash when asked, with the same results', () => {
    const quick = simulate(demoConfig({ log: { hash: false } }));
    expect(quick.hash).toBeNull();
    expect(quick.sessions.toArray()).toEqual(r.sessions.toArray());
    expect(quick.quality.toArray()).toEqual(r.quality.toArray());
    expect(quick.derived.toArray()).toEqual(r.derived.toArray());
    expect(quick.events).toBe(r.events);
  });
  it('renders as HTML with an inline SVG in notebooks', () => {
    const display = (r as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for('Jupyter.display')]!();
    expect(display['text/html']).toContain('<svg');
    expect(display['text/html']).toContain('<table');
    expect(display['text/html']).toContain('2013-10-07');
  });
});

describe('createSimulation', () => {
  it('steps, runs to the close and to the next session, and shows the state at each point', () => {
    const sim = createSimulation(demoConfig());
    expect(sim.step()!.type).toBe('BacktestStarted');
    sim.runUntil('close');
    expect(sim.state.active).toBe(true);
    expect(sim.state.date).toBe('2013-10-04');
    expect(sim.state.now).toBe(Date.parse('2013-10-04T20:00:00Z'));
    sim.runUntil('next-session');
    expect(sim.state.date).toBe('2013-10-07');
    sim.runUntil('2013-10-07T10:00:00-04:00');
    expect(sim.state.now).toBe(Date.parse('2013-10-07T14:00:00Z'));
    expect(Object.values(sim.state.bars).every((b) => b.start.length === 30)).toBe(true);
    const snapshot = sim.state;
    sim.step();
    expect(snapshot.now).toBe(Date.parse('2013-10-07T14:00:00Z')); // snapshots are detached
  });

  it('calls onBar and on(type) with the state at that instant, and iterates events', async () => {
    const sim = createSimulation(demoConfig());
    let bars = 0, inactive = 0;
    sim.onBar((bar, state) => { bars++; if (!state.active) inactive++; expect(state.now).toBe(bar.time); });
    const closes: string[] = [];
    sim.on('MarketClose', (e) => closes.push(e.date));
    const types = new Set<string>();
    for await (const e of sim) types.add(e.type);
    expect(bars).toBe(sim.live.totalBars);
    expect(inactive).toBe(0);
    expect(closes).toHaveLength(6);
    expect(types.has('BacktestEnded')).toBe(true);
  });

  it('runToEnd with callbacks hands over each watched event with the state at that instant, as stepping does', () => {
    const fast = createSimulation(demoConfig());
    const seen: [number, string, number][] = [];
    let last = 0;
    fast.onBar((bar, state) => {
      expect(state.now).toBe(bar.time);
      expect(state.lastSeq).toBe(bar.seq);
      expect(state.totalBars).toBe(++last);
      seen.push([bar.seq, bar.symbol, bar.close]);
    });
    const gaps: number[] = [];
    fast.on('GapDetected', (g, state) => { expect(state.lastSeq).toBe(g.seq); gaps.push(g.seq); });
    fast.runToEnd();
    const slow = createSimulation(demoConfig());
    const expected: [number, string, number][] = [];
    const expectedGaps: number[] = [];
    for (let e = slow.step(); e !== undefined; e = slow.step()) {
      if (e.type === 'BarArrived') expected.push([e.seq, e.symbol, e.close]);
      if (e.type === 'GapDetected') expectedGaps.push(e.seq);
    }
    expect(seen).toEqual(expected);
    expect(gaps).toEqual(expectedGaps);
    expect(fast.hash).toBe(slow.hash);
    expect(fast.state).toEqual(slow.state);
  });

  it('a callback that throws stops the run naming seq and time; the log keeps what was handled, marked incomplete', () => {
    const logPath = path.join(dir, 'failed.arrow');
    const sim = createSimulation(demoConfig({ log: { path: logPath } }));
    let n = 0;
    let failedAt: SimEvent | null = null;
    sim.onBar((bar) => { if (++n === 100) { failedAt = bar; throw new Error('strategy bug'); } });
    let err: SimError | null = null;
    try { sim.runToEnd(); } catch (e) { err = e as SimError; }
    expect(err?.code).toBe('CALLBACK_FAILED');
    expect(err?.message).toContain(`seq ${failedAt!.seq}`);
    // For people: exchange-local with its offset, whatever the machine's time zone.
    expect(err?.message).toContain(`time ${sim.calendar.formatLocal(failedAt!.time)})`);
    expect(err?.message).toMatch(/time 2013-10-04T\d\d:\d\d:00-04:00\)/);
    expect(() => sim.step()).toThrow(SimError);
    // Not under the log's own name: a failed run's log must not pass as complete.
    expect(existsSync(logPath)).toBe(false);
    expect(existsSync(`${logPath}.partial`)).toBe(true);
    expect(existsSync(`${logPath}.lock`)).toBe(false);
    expect(err?.message).toContain(`${logPath}.partial`);
    const r = replay(logPath);
    expect(r.incomplete).toBe(true);
    expect(r.all[r.all.length - 1]!.seq).toBe(failedAt!.seq);
  });
});

describe('log path lock', () => {
  it('a simulation holds its log path until it ends or is closed; closed, it keeps an incomplete log', () => {
    const logPath = path.join(dir, 'held.arrow');
    const sim = createSimulation(demoConfig({ log: { path: logPath } }));
    sim.runUntil('next-session');
    expect(() => createSimulation(demoConfig({ log: { path: logPath } }))).toThrow(expect.objectContaining({ code: 'LOG_LOCKED', message: expect.stringContaining('close()') }));
    expect(sim.close()).toBe(`${logPath}.partial`);
    expect(() => sim.step()).toThrow(expect.objectContaining({ code: 'KERNEL_STOPPED' }));
    expect(replay(logPath).incomplete).toBe(true);
    const again = createSimulation(demoConfig({ log: { path: logPath } }));
    again.runToEnd();
    expect(existsSync(`${logPath}.partial`)).toBe(false);
    expect(existsSync(`${logPath}.lock`)).toBe(false);
    expect(replay(logPath).incomplete).toBe(false);
  });
});

describe('replay', () => {
  const logPath = path.join(dir, 'demo.arrow');
  const live = createSimulation(demoConfig({ log: { path: logPath } }), { keepEvents: true });
  live.runToEnd();

  it('replays to the live hash and state, and seeks by seq and by time', () => {
    const r = replay(logPath);
    expect(r.hash).toBe(live.hash);
    expect(r.length).toBe(live.log.length);
    // Bars, derived bars and gaps come back as columns (built as objects only on demand): the same events.
    expect(readLog(logPath).events).toEqual(live.log);
    r.runToEnd();
    expect(r.state).toEqual(live.state);
    const target = live.log[500]!;
    r.seek(target.seq);
    expect(r.state.lastSeq).toBe(target.seq);
    expect(r.position).toBe(501);
    r.seek({ time: '2013-10-08T12:00:00-04:00' });
    expect(r.state.date).toBe('2013-10-08');
    expect(r.state.now).toBeLessThanOrEqual(Date.parse('2013-10-08T16:00:00Z'));
    const check = createSimulation(demoConfig());
    check.runUntil('2013-10-08T12:00:00-04:00');
    expect(r.state).toEqual(check.state);
  });

  it('shows itself in one line (a console, a notebook cell), not its internals, and reads nothing to do so', () => {
    const r = replay(logPath);
    expect(inspect(r)).toBe('Replay of demo.arrow: event 0, at the start, no session yet, 0 bars');
    r.seek({ time: '2013-10-08T12:00:00-04:00' });
    expect(inspect(r)).toBe(`Replay of demo.arrow: event ${r.position} of 11917, at 2013-10-08T12:00:00-04:00, session 2013-10-08 active, ${r.state.totalBars} bars`);
    const shown = (r as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for('Jupyter.display')]!();
    expect(shown['text/html']).toBe(`<div><b>Replay</b> of demo.arrow: event ${r.position} of 11917, at 2013-10-08T12:00:00-04:00, session 2013-10-08 active, ${r.state.totalBars} bars</div>`);
    expect(inspect({ replay: r }).length).toBeLessThan(200);
  });

  it('replays a log with bars by reference, and refuses one whose input changed', () => {
    const refLog = path.join(dir, 'ref.arrow');
    const root = path.join(dir, 'copy');
    cpSync(demoConfig().data, root, { recursive: true });
    const sim = createSimulation(demoConfig({ data: root, log: { path: refLog, bars: 'ref' } }));
    sim.runToEnd();
    expect(readFileSync(refLog).length).toBeLessThan(readFileSync(logPath).length);
    // The manifest pins every input's sha256, taken as the run read it and written at the close.
    const inputs = readLog(refLog).manifest.inputs;
    expect(inputs.length).toBe(6);
    for (const input of inputs) expect(input.sha256).toBe(createHash('sha256').update(readFileSync(path.join(root, input.path))).digest('hex'));
    const r = replay(refLog);
    expect(r.hash).toBe(sim.hash);
    const f = path.join(root, 'interval=1m', 'date=2013-10-08', 'bars.arrow');
    writeFileSync(f, Buffer.concat([readFileSync(f), Buffer.from([0])]));
    expect(codeOf(() => replay(refLog))).toEqual(['LOG_INPUT_CHANGED', undefined]);
  });
});

describe('config validation names the key', () => {
  const base = demoConfig();
  it.each([
    [{ ...base, colour: 'red' }, 'colour'],
    [{ ...base, data_upkeep: { enabled: 'yes' } }, 'data_upkeep.enabled'],
    [{ ...base, data_upkeep: { every: 1 } }, 'data_upkeep.every'],
    [{ ...base, symbols: 'SPY' }, 'symbols'],
    [{ ...base, symbols: ['SPY', 'NOPE'] }, 'symbols'],
    [{ ...base, end: '2013-10-01' }, 'end'],
    [{ ...base, calendar: 'XPAR' }, 'calendar'],
    [{ ...base, start: '1985-01-02' }, 'start'],
    [{ ...base, interval: '5m' }, 'interval'],
    [{ ...base, prefetch: { latency_ms: -1 } }, 'prefetch.latency_ms'],
    [{ ...base, log: { bars: 'some' } }, 'log.bars'],
    [{ ...base, log: { hash: 'no' } }, 'log.hash'],
  ])('%# %o', (config, key) => {
    expect(codeOf(() => createSimulation(config as never))).toEqual(['CONFIG_INVALID', key]);
  });
});
