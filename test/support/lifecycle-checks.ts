import path from 'node:path';
import { expect } from 'vitest';
import { createRun, type RunParts } from '../../src/api/run.js';
import { replay } from '../../src/api/replay.js';
import { createSimulation } from '../../src/api/simulation.js';
import { rankOf, type EventOf, type SimEvent } from '../../src/events/index.js';
import type { MemoryLog } from '../../src/kernel/index.js';
import { canonical } from '../../src/kernel/hashing/canonical.js';
import type { SessionState } from '../../src/state/index.js';
import { stateHash } from './state-hash.js';
import { concretize, configOf, type Case, type Concrete, type DayFile, type OracleSession, type Row } from './lifecycle-cases.js';

/**
 * The lifecycle as DESIGN.md sections 4-7 state it, modelled from a concrete case without the
 * product's code: which sessions a run visits and why it ends, when each day's data becomes
 * visible, which bars each day delivers and when, and what upkeep says about them. The checks
 * compare a run's events with it, one property each.
 */

const MIN = 60_000;
type Bar = EventOf<'BarArrived'>;

export interface Outcome {
  readonly k: Concrete;
  readonly root: string;
  readonly run: RunParts;
  readonly events: readonly SimEvent[];
}

export function runCase(k: Concrete, root: string, options: { log?: string | null; keepEvents?: boolean } = {}): RunParts {
  const run = createRun(configOf(k, root, options.log ?? null), { keepEvents: options.keepEvents ?? true });
  run.kernel.run();
  return run;
}

export function outcome(k: Concrete, root: string, log: string | null = null): Outcome {
  const run = runCase(k, root, { log });
  return { k, root, run, events: (run.log as MemoryLog<SimEvent>).events() };
}

// ---------------------------------------------------------------------------------------------
// The model.

export interface Visit {
  readonly s: OracleSession;
  /** Activation: the open, or the start instant on a mid-session start. */
  readonly at: number;
  readonly mid: boolean;
  /** When the day's data becomes visible: the request (at activation) + the latency. */
  readonly ready: number;
  readonly file: DayFile | null;
}

export interface Plan {
  readonly visits: readonly Visit[];
  readonly reason: 'end-date' | 'data-exhausted' | 'calendar-end';
}

/** The sessions a run visits, in order, and why it ends (the session handler's rules). */
export function plan(k: Concrete): Plan {
  const files = new Map(k.files.filter((f) => f.fault !== 'missing').map((f) => [f.date, f]));
  const dated = [...files.keys()].filter((d) => d <= k.endDate).sort();
  const dataEnd = dated.length === 0 ? null : dated[dated.length - 1]!;
  const all = k.sessions;
  let i = all.findIndex((s) => s.date >= k.startDate && s.close > k.startInstant);
  const visits: Visit[] = [];
  if (i < 0) return { visits, reason: 'calendar-end' };
  for (;;) {
    const s = all[i]!;
    if (s.date > k.endDate) return { visits, reason: 'end-date' };
    if (dataEnd === null || s.date > dataEnd) return { visits, reason: 'data-exhausted' };
    const at = visits.length === 0 ? Math.max(s.open, k.startInstant) : s.open;
    visits.push({ s, at, mid: at > s.open, ready: at + k.latencyMs, file: files.get(s.date) ?? null });
    if (s.date >= k.endDate) return { visits, reason: 'end-date' };
    if (i + 1 >= all.length) return { visits, reason: 'calendar-end' };
    i++;
    if (all[i]!.date > k.endDate) return { visits, reason: 'end-date' };
    if (all[i]!.date > dataEnd) return { visits, reason: 'data-exhausted' };
  }
}

export function inSession(s: OracleSession, t: number): boolean {
  return t >= s.open && t < s.close && !(t >= s.breakStart && t < s.breakEnd);
}

/** The session's expected bar starts: the minute grid of [open, close) without the break. */
export function grid(s: OracleSession): number[] {
  const out: number[] = [];
  for (let t = s.open; t < s.close; t += MIN) if (inSession(s, t)) out.push(t);
  return out;
}

export interface DayContent {
  /** Rows the reader keeps for the universe, in file order. */
  readonly kept: readonly Row[];
  readonly duplicates: Map<string, number>;
  readonly outOfSession: Map<string, number>;
}

/** What a good day file holds for the run (the reader's rules: first of duplicates, on-grid, valid). */
export function dayContent(file: DayFile, s: OracleSession, universe: readonly string[]): DayContent | null {
  if (file.fault !== null) return null;
  const kept: Row[] = [];
  const duplicates = new Map<string, number>(), outOfSession = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let prev: Row | null = null;
  for (const r of file.rows) {
    const dup = prev !== null && prev.ts === r.ts && prev.symbol === r.symbol;
    prev = r;
    if (!universe.includes(r.symbol)) continue;
    if (dup) { bump(duplicates, r.symbol); continue; }
    if (r.ts % MIN !== 0 || r.high < r.low) continue;
    if (!inSession(s, r.ts)) { bump(outOfSession, r.symbol); continue; }
    kept.push(r);
  }
  return { kept, duplicates, outOfSession };
}

export interface Expected { readonly bar: Row; readonly time: number; readonly late: boolean; readonly history: boolean }

/**
 * The bars a visit delivers, in delivery order; `optional` when none is right too (data that
 * becomes visible exactly at the close). History: bars that ended by a mid-session start; late:
 * bars that ended before the data was visible; both come when it becomes visible. Nothing when the
 * day's file is missing or unreadable, or its data comes after the close.
 */
export function expectedBars(k: Concrete, v: Visit): { readonly bars: Expected[]; readonly optional: boolean } {
  const content = v.file === null ? null : dayContent(v.file, v.s, k.case.symbols);
  if (content === null || v.ready > v.s.close) return { bars: [], optional: false };
  const bars = content.kept.map((bar) => {
    const end = bar.ts + MIN;
    const history = v.mid && end <= k.startInstant;
    const late = !history && end < v.ready;
    return { bar, time: history || late ? v.ready : end, late, history };
  });
  return { bars, optional: v.ready === v.s.close };
}

/** Events grouped by the session they belong to (from its activation to its deactivation). */
export function bySession(events: readonly SimEvent[]): Map<string, SimEvent[]> {
  const out = new Map<string, SimEvent[]>();
  let cur: SimEvent[] | null = null;
  for (const e of events) {
    if (e.type === 'SessionActivated') { cur = []; out.set(e.date, cur); }
    if (cur !== null) cur.push(e);
    if (e.type === 'SessionDeactivated') cur = null;
  }
  return out;
}

/**
 * A failed check as an assertion error. Plain comparisons, not vitest's expect, for checks made
 * per bar: expect costs microseconds a call, which 200 runs of thousands of bars would feel.
 */
function ensure(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

/** Equal event lists; compared as JSON first (vitest's deep equality is slow on thousands of events). */
function sameEvents(got: readonly SimEvent[], want: readonly SimEvent[], message: string): void {
  if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, message).toEqual(want);
}

const of = <T extends SimEvent['type']>(events: readonly SimEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);
const iso = (t: number) => new Date(t).toISOString();

// ---------------------------------------------------------------------------------------------
// The properties.

/** (e) Every session once, in order, each opened, closed and deactivated; (time, rank, seq) increasing; the right end. */
export function checkSessionsAndOrder(o: Outcome): void {
  const { k, events } = o;
  for (let i = 1; i < events.length; i++) {
    const a = events[i - 1]!, b = events[i]!;
    const d = a.time - b.time || rankOf(a.type) - rankOf(b.type) || a.seq - b.seq;
    ensure(d < 0, () => `order: ${a.type}@${iso(a.time)}#${a.seq} then ${b.type}@${iso(b.time)}#${b.seq}`);
  }
  expect(new Set(events.map((e) => e.seq)).size).toBe(events.length);
  expect(events[0]!.type).toBe('BacktestStarted');
  expect(events[0]!.time).toBe(k.startInstant);
  expect(of(events, 'BacktestStarted')).toHaveLength(1);
  expect(events[events.length - 1]!.type).toBe('BacktestEnded');
  expect(of(events, 'BacktestEnded')).toHaveLength(1);
  const p = plan(k);
  expect((events[events.length - 1] as EventOf<'BacktestEnded'>).reason, 'end reason').toBe(p.reason);
  const acts = of(events, 'SessionActivated');
  expect(acts.map((e) => e.date), 'sessions visited').toEqual(p.visits.map((v) => v.s.date));
  acts.forEach((e, i) => {
    const v = p.visits[i]!;
    expect([e.time, e.open, e.close, e.earlyClose, e.midSession], `session ${e.date}`).toEqual([v.at, v.s.open, v.s.close, v.s.early, v.mid]);
  });
  expect(of(events, 'MarketClose').map((e) => [e.date, e.time])).toEqual(p.visits.map((v) => [v.s.date, v.s.close]));
  expect(of(events, 'SessionDeactivated').map((e) => [e.date, e.time])).toEqual(p.visits.map((v) => [v.s.date, v.s.close]));
  expect(of(events, 'DayAdvance').map((e) => [e.from, e.to])).toEqual(p.visits.slice(1).map((v, i) => [p.visits[i]!.s.date, v.s.date]));
  for (const [date, evs] of bySession(events)) {
    // One answer to each day's request, after the request.
    const req = of(evs, 'PrefetchRequested');
    expect(req.map((e) => e.date), `requests on ${date}`).toEqual([date]);
    expect(of(evs, 'PrefetchComplete').length + of(evs, 'PrefetchFailed').length, `prefetch answers on ${date}`).toBeLessThanOrEqual(1);
  }
}

/** (c) Every delivered bar lies in [open, close) of the active session, outside its break; nothing else is lost. */
export function checkBarsInSession(o: Outcome): void {
  const { k, events } = o;
  let active: EventOf<'SessionActivated'> | null = null;
  const s = new Map(k.sessions.map((x) => [x.date, x]));
  for (const e of events) {
    if (e.type === 'SessionActivated') active = e;
    if (e.type === 'SessionDeactivated') active = null;
    if (e.type !== 'BarArrived' && e.type !== 'DerivedBarCompleted') continue;
    ensure(active !== null, () => `${e.type} ${e.symbol} ${iso(e.start)} at ${iso(e.time)} outside any active session`);
    const sess = s.get(active!.date)!;
    ensure(e.time <= sess.close && e.time >= active!.time, () => `${e.type} ${e.symbol} ${iso(e.start)} at ${iso(e.time)} outside the active time of ${active!.date} [${iso(active!.time)}, ${iso(sess.close)}]`);
    if (e.type === 'BarArrived') ensure(inSession(sess, e.start), () => `bar ${e.symbol} ${iso(e.start)} outside ${active!.date} [${iso(sess.open)}, ${iso(sess.close)}) break [${iso(sess.breakStart)}, ${iso(sess.breakEnd)})`);
    else ensure(e.start >= sess.open && e.end <= sess.close, () => `derived ${e.symbol} ${e.minutes}m [${iso(e.start)}, ${iso(e.end)}) outside ${active!.date}`);
  }
  // The converse: every in-session bar the file holds is delivered, once (when its data comes in time).
  const sessions = bySession(events);
  for (const v of plan(k).visits) {
    const want = expectedBars(k, v);
    const got = of(sessions.get(v.s.date) ?? [], 'BarArrived').map((b) => `${b.symbol}@${iso(b.start)}`);
    const wantKeys = want.bars.map((x) => `${x.bar.symbol}@${iso(x.bar.ts)}`);
    if (want.optional && got.length === 0) continue;
    const gotSet = new Set(got), wantSet = new Set(wantKeys);
    const lost = wantKeys.filter((x) => !gotSet.has(x)), extra = got.filter((x) => !wantSet.has(x));
    ensure(lost.length === 0 && extra.length === 0 && got.length === wantKeys.length, () =>
      `bars of ${v.s.date} (ready ${iso(v.ready)}, close ${iso(v.s.close)}, file ${v.file?.fault ?? (v.file === null ? 'none' : 'ok')}): ${got.length} delivered, ${wantKeys.length} expected; lost ${lost.length} (${lost.slice(0, 3).join(', ')}), extra ${extra.length} (${extra.slice(0, 3).join(', ')})`);
  }
}

/** (d) Nothing visible before it could be known: bars at start + interval or later, history and late ones at readiness. */
export function checkNoLookAhead(o: Outcome): void {
  const { k, events } = o;
  const sessions = bySession(events);
  for (const v of plan(k).visits) {
    const evs = sessions.get(v.s.date) ?? [];
    const bars = of(evs, 'BarArrived');
    for (const b of bars) {
      const what = () => `${b.symbol} ${iso(b.start)} at ${iso(b.time)} (start ${iso(k.startInstant)}, ready ${iso(v.ready)}, history ${b.history}, late ${b.late})`;
      ensure(b.time >= b.start + MIN, () => `bar before its end: ${what()}`);
      ensure(b.time >= v.ready, () => `bar before its data is visible: ${what()}`);
      if (b.history) {
        ensure(v.mid, () => `history on a day that did not start mid-session: ${what()}`);
        ensure(b.start + MIN <= k.startInstant, () => `history that had not ended at the start: ${what()}`);
      }
      if (b.history || b.late) ensure(b.time === v.ready, () => `history/late not at readiness: ${what()}`);
      else ensure(b.time === b.start + MIN, () => `live bar not at its end: ${what()}`);
      ensure(b.late === (!b.history && b.start + MIN < v.ready), () => `late flag: ${what()}`);
      if (v.mid && b.start + MIN <= k.startInstant) ensure(b.history, () => `ended before the start but not history: ${what()}`);
    }
    const want = expectedBars(k, v).bars;
    if (want.length === bars.length) {
      bars.forEach((b, i) => {
        const x = want[i]!;
        ensure(b.symbol === x.bar.symbol && b.start === x.bar.ts && b.time === x.time && b.late === x.late && b.history === x.history
          && b.open === x.bar.open && b.high === x.bar.high && b.low === x.bar.low && b.close === x.bar.close && b.volume === x.bar.volume,
        () => `bar ${i} of ${v.s.date}: got ${JSON.stringify(b)}, expected ${JSON.stringify({ ...x, start: x.bar.ts })}`);
      });
    }
    for (const d of of(evs, 'DerivedBarCompleted')) {
      ensure(d.time === Math.max(d.end, v.ready), () => `derived ${d.symbol} ${d.minutes}m [${iso(d.start)}, ${iso(d.end)}) at ${iso(d.time)}, ready ${iso(v.ready)}`);
    }
    for (const g of of(evs, 'GapDetected')) ensure(g.time >= g.to + MIN, () => `gap ${g.symbol} ${iso(g.from)}..${iso(g.to)} known at ${iso(g.time)}, before it ended`);
    for (const q of of(evs, 'QualityReport')) ensure(q.time === v.s.close, () => `quality ${q.symbol} at ${iso(q.time)}, not at the close`);
  }
}

/** (f) Derived bars are the aggregate of their delivered minutes, windows aligned to the open; gaps and quality from the delivered bars. */
export function checkUpkeep(o: Outcome): void {
  const { k, events } = o;
  const c = k.case;
  if (!c.upkeep) {
    expect(events.filter((e) => e.type === 'QualityReport' || e.type === 'DerivedBarCompleted' || e.type === 'GapDetected')).toEqual([]);
    return;
  }
  const sessions = bySession(events);
  for (const v of plan(k).visits) {
    const evs = sessions.get(v.s.date) ?? [];
    const bars = of(evs, 'BarArrived');
    const derived = of(evs, 'DerivedBarCompleted');
    const want: unknown[] = [];
    for (const m of [...new Set(c.derived)].sort((a, b) => a - b)) {
      const w = m * MIN;
      const cells = new Map<string, Bar[]>();
      for (const b of bars) {
        const ws = v.s.open + Math.floor((b.start - v.s.open) / w) * w;
        const key = `${b.symbol}|${ws}`;
        const list = cells.get(key);
        if (list === undefined) cells.set(key, [b]); else list.push(b);
      }
      for (const [key, list] of cells) {
        const mins = list.sort((a, b) => a.start - b.start);
        const ws = Number(key.split('|')[1]);
        want.push([mins[0]!.symbol, m, ws, Math.min(ws + w, v.s.close), mins[0]!.open, Math.max(...mins.map((b) => b.high)), Math.min(...mins.map((b) => b.low)), mins[mins.length - 1]!.close, mins.reduce((n, b) => n + b.volume, 0), mins.length]);
      }
    }
    const key = (x: unknown[]) => `${x[0]}|${x[1]}|${x[2]}`;
    const got = derived.map((d) => [d.symbol, d.minutes, d.start, d.end, d.open, d.high, d.low, d.close, d.volume, d.count]);
    expect(got.sort((a, b) => (key(a) < key(b) ? -1 : 1)), `derived bars of ${v.s.date}`).toEqual((want as unknown[][]).sort((a, b) => (key(a) < key(b) ? -1 : 1)));

    // Gaps: maximal runs of expected minutes without a delivered bar, each known when the
    // symbol's next bar is delivered (or at the close), in (time, universe order, from) order.
    const g = grid(v.s);
    const wantGaps: [number, number, number, number, number][] = [];
    c.symbols.forEach((symbol, order) => {
      const got = new Map(bars.filter((b) => b.symbol === symbol).map((b) => [b.start, b.time]));
      let from = -1, missing = 0;
      for (let i = 0; i <= g.length; i++) {
        const t = g[i];
        if (t !== undefined && !got.has(t)) { if (missing === 0) from = t; missing++; continue; }
        if (missing > 0) wantGaps.push([t === undefined ? v.s.close : got.get(t)!, order, from, g[g.indexOf(from) + missing - 1]!, missing]);
        missing = 0;
      }
    });
    wantGaps.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    expect(of(evs, 'GapDetected').map((x) => [x.time, c.symbols.indexOf(x.symbol), x.from, x.to, x.missing]), `gaps of ${v.s.date}`).toEqual(wantGaps);

    // Quality at the close, one per universe symbol in universe order.
    const q = of(evs, 'QualityReport');
    const content = v.file === null ? null : dayContent(v.file, v.s, c.symbols);
    // The file's data is visible in session when it comes before the close (at the close, either way).
    const visible = v.ready < v.s.close || of(evs, 'PrefetchComplete').length > 0;
    expect(q.map((x) => x.symbol)).toEqual([...c.symbols]);
    for (const x of q) {
      const mine = bars.filter((b) => b.symbol === x.symbol);
      const received = mine.length;
      expect([x.date, x.time, x.expected, x.received, x.missing, x.late, x.pct], `quality ${x.symbol} ${x.date}`)
        .toEqual([v.s.date, v.s.close, g.length, received, g.length - received, mine.filter((b) => b.late).length, g.length === 0 ? 0 : Math.round((received / g.length) * 10_000) / 100]);
      // Duplicates and prints outside the session are known once the file's data is visible.
      if (content !== null && visible) {
        expect([x.duplicates, x.outOfSession], `duplicates and out-of-session of ${x.symbol} ${x.date}`).toEqual([content.duplicates.get(x.symbol) ?? 0, content.outOfSession.get(x.symbol) ?? 0]);
      }
    }
  }
}

const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Tokyo'];

/**
 * (a) Same input, same log hash: the same folder twice (object and columnar paths), and a copy in
 * another folder, named by a relative path from another working folder, run under another
 * machine time zone.
 */
export function checkDeterminism(c: Case, root: string): void {
  const here = path.join(root, 'data');
  const there = path.join(root, 'elsewhere', 'deeper', 'copy');
  const k = concretize(c, here);
  concretize(c, there);
  const first = outcome(k, here);
  const again = runCase(k, here, { keepEvents: false });
  expect(again.log.hash(), 'the columnar path gives another hash').toBe(first.run.log.hash());
  expect(stateHash(again.kernel.state)).toBe(stateHash(first.run.kernel.state));
  // The copy named relative to another working folder, under another machine time zone.
  const tz = process.env.TZ, cwd = process.cwd();
  process.env.TZ = ZONES[(c.data.seed >>> 3) % ZONES.length]!;
  process.chdir(path.dirname(there));
  let moved: RunParts;
  try {
    moved = runCase(k, path.basename(there), { keepEvents: true });
  } finally {
    process.chdir(cwd);
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
  for (const e of first.events) {
    if (e.type === 'PrefetchFailed') expect(e.reason, 'a PrefetchFailed reason names the dataset by its absolute path').not.toContain(here);
  }
  sameEvents((moved.log as MemoryLog<SimEvent>).events(), first.events, 'the events depend on where the data lives or on TZ');
  expect(moved.log.hash()).toBe(first.run.log.hash());
}

/**
 * The state after one event, cheaply: every field but the day's bar and derived tables in full,
 * and of those tables (append-only within a day) the length and the last row. Together with the
 * full state hash after every other event (see checkReplay) it pins the whole state after every
 * event: a full hash per bar would cost time quadratic in the day's bars.
 */
function stepDigest(s: SessionState): string {
  const b = s.bars, d = s.derived;
  const nb = b.count, nd = d.count;
  const lastBar = nb === 0 ? null : [b.names[b.sym[nb - 1]!], b.start[nb - 1], b.open[nb - 1], b.high[nb - 1], b.low[nb - 1], b.close[nb - 1], b.volume[nb - 1], b.kind[nb - 1]];
  const lastDerived = nd === 0 ? null : [d.symbol[nd - 1], d.minutes[nd - 1], d.start[nd - 1], d.end[nd - 1], d.open[nd - 1], d.high[nd - 1], d.low[nd - 1], d.close[nd - 1], d.volume[nd - 1], d.n[nd - 1]];
  const { bars: _b, derived: _d, ...rest } = s;
  return canonical([rest, nb, lastBar, nd, lastDerived]);
}

const FREQUENT = new Set(['BarArrived', 'DerivedBarCompleted', 'GapDetected']);

/**
 * (b) Replay equals live at every seq: the live kernel stepped one event at a time (its own
 * columnar folds) and the saved log replayed (bars in full or by reference) give the same state
 * after every event (the full state hash after every control event and at the end, the step
 * digest after every bar, derived bar and gap), and the same events; the unstepped run gives the
 * same log and state.
 */
export function checkReplay(c: Case, root: string): void {
  const data = path.join(root, 'data');
  const k = concretize(c, data);
  const logPath = path.join(root, 'run.arrow');
  const sim = createSimulation(configOf(k, data, logPath), { keepEvents: true });
  const states: string[] = [];
  for (let e = sim.step(); e !== undefined; e = sim.step()) {
    const live = sim.live as SessionState;
    states.push(FREQUENT.has(e.type) ? stepDigest(live) : stateHash(live));
  }
  const final = stateHash(sim.live as SessionState);
  const events = sim.log;
  expect(states.length).toBe(events.length);
  const bulk = runCase(k, data, { keepEvents: false });
  expect(bulk.log.hash(), 'stepping gives another log than running').toBe(sim.hash);
  expect(stateHash(bulk.kernel.state)).toBe(final);
  const r = replay(logPath);
  expect(r.truncated).toBe(false);
  expect(r.length).toBe(events.length);
  expect(r.hash).toBe(sim.hash);
  for (let i = 0; i < states.length; i++) {
    const e = r.step()!;
    const t = r.live as SessionState;
    const mine = FREQUENT.has(e.type) ? stepDigest(t) : stateHash(t);
    ensure(mine === states[i], () => `replayed state differs from live after seq ${e.seq} (${e.type} at ${iso(e.time)}): ${mine.slice(0, 2000)} vs ${states[i]!.slice(0, 2000)}`);
  }
  expect(r.step()).toBeUndefined();
  expect(stateHash(r.live as SessionState)).toBe(final);
  sameEvents(r.all, events, 'the replayed events are not the live ones');
}

/** Each property by its letter in issue 12, as a check of one case in a fresh folder. */
export const PROPERTIES: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', (c: Case, root: string) => void> = {
  a: checkDeterminism,
  b: checkReplay,
  c: (c, root) => checkBarsInSession(outcome(concretize(c, path.join(root, 'data')), path.join(root, 'data'))),
  d: (c, root) => checkNoLookAhead(outcome(concretize(c, path.join(root, 'data')), path.join(root, 'data'))),
  e: (c, root) => checkSessionsAndOrder(outcome(concretize(c, path.join(root, 'data')), path.join(root, 'data'))),
  f: (c, root) => checkUpkeep(outcome(concretize(c, path.join(root, 'data')), path.join(root, 'data'))),
};
