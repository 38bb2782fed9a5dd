import { qualityRow, type QualityRow, type SessionRow, type SessionState } from './session-state.js';
import { bookRecord, restoreBook, type BookRecord } from './book.js';

// The state as a log keeps it, so that a seek starts from the nearest snapshot instead of the
// first event. The state's lists grow with the run (a session row per day, a quality row per
// symbol and day): a snapshot holds only the rows since the one before, so that snapshots cost
// the same at the end of a long run as at its start, and a reader applies them in log order.
// The day's bars and derived bars are in a snapshot only when it is taken inside a session
// (every N events); at a session's start they are empty.

type Scalars = Omit<SessionState, 'bars' | 'derived' | 'quality' | 'sessions' | 'book'>;
const SCALARS = ['started', 'ended', 'endReason', 'startDate', 'endDate', 'active', 'date', 'open', 'close', 'earlyClose', 'midSession', 'prefetch', 'prefetchReason', 'historyUntil', 'readyAt', 'totalBars', 'totalDerived', 'totalGaps', 'lastSeq', 'now'] as const satisfies readonly (keyof Scalars)[];
/** Every field of the state other than its tables and lists is in SCALARS: the compiler refuses a new field until it is. */
const ALL_SCALARS: [Exclude<keyof Scalars, (typeof SCALARS)[number]>] extends [never] ? true : never = true;
void ALL_SCALARS;

/** The day's tables as base64 of their typed arrays' bytes (little-endian), with the symbol names their ids index. */
export interface DayRecord {
  readonly names: readonly string[];
  readonly bars: { readonly sym: string; readonly start: string; readonly open: string; readonly high: string; readonly low: string; readonly close: string; readonly volume: string; readonly kind: string };
  readonly derived: { readonly sym: string; readonly minutes: string; readonly start: string; readonly end: string; readonly open: string; readonly high: string; readonly low: string; readonly close: string; readonly volume: string; readonly n: string };
}

/** One snapshot: the state's fields, and the list rows from an index on (which replace what a reader has from there). */
export interface SnapshotRecord {
  readonly state: Scalars;
  readonly sessions: { readonly from: number; readonly rows: readonly SessionRow[] };
  readonly quality: { readonly from: number; readonly rows: readonly QualityRow[] };
  /** The day's bars and derived bars; null when the day's tables are empty. */
  readonly day: DayRecord | null;
  /** The strategy's account; absent when the run has none. */
  readonly book?: BookRecord;
}

const b64 = (a: Float64Array | Int32Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function fromB64<T extends Float64Array | Int32Array | Uint8Array>(text: string, Kind: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }): T {
  const bytes = Buffer.from(text, 'base64');
  // Copied into a buffer of its own: Buffer's pool is not aligned for 8-byte values.
  const own = new ArrayBuffer(bytes.length);
  new Uint8Array(own).set(bytes);
  return new Kind(own, 0, Math.floor(bytes.length / Kind.BYTES_PER_ELEMENT));
}

/** Takes a run's snapshots in order: each holds the list rows since the one before. */
export class SnapshotTaker {
  private sessions = 0;
  private quality = 0;

  record(s: SessionState): SnapshotRecord {
    const state = {} as Record<string, unknown>;
    for (const k of SCALARS) state[k] = s[k];
    // The last session row changes until its day ends: it is taken again by the next snapshot.
    const sFrom = Math.max(0, Math.min(this.sessions, s.sessions.length) - 1);
    const qFrom = Math.min(this.quality, s.quality.length);
    this.sessions = s.sessions.length;
    this.quality = s.quality.length;
    return {
      state: state as Scalars,
      sessions: { from: sFrom, rows: s.sessions.slice(sFrom).map((r) => ({ ...r })) },
      quality: { from: qFrom, rows: s.quality.slice(qFrom).map((q) => qualityRow(q, q.reason)) },
      day: s.bars.count === 0 && s.derived.count === 0 ? null : dayRecord(s),
      ...(s.book.opened ? { book: bookRecord(s.book) } : {}),
    };
  }
}

function dayRecord(s: SessionState): DayRecord {
  const b = s.bars, d = s.derived;
  const names = [...b.names];
  const ids = new Map(names.map((n, i) => [n, i]));
  const derivedSym = Int32Array.from(d.symbol, (n) => {
    let id = ids.get(n);
    if (id === undefined) { id = names.length; names.push(n); ids.set(n, id); }
    return id;
  });
  return {
    names,
    bars: { sym: b64(b.sym), start: b64(b.start), open: b64(b.open), high: b64(b.high), low: b64(b.low), close: b64(b.close), volume: b64(b.volume), kind: b64(b.kind) },
    derived: { sym: b64(derivedSym), minutes: b64(d.minutes), start: b64(d.start), end: b64(d.end), open: b64(d.open), high: b64(d.high), low: b64(d.low), close: b64(d.close), volume: b64(d.volume), n: b64(d.n) },
  };
}

/**
 * Applies a snapshot to the state the snapshots before it (in log order) were applied to: after
 * all of them up to one, the state is the state at that one.
 */
export function applySnapshot(s: SessionState, r: SnapshotRecord): SessionState {
  for (const k of SCALARS) (s as unknown as Record<string, unknown>)[k] = r.state[k];
  s.sessions.length = Math.min(s.sessions.length, r.sessions.from);
  for (const row of r.sessions.rows) s.sessions.push({ ...row });
  s.quality.length = Math.min(s.quality.length, r.quality.from);
  for (const row of r.quality.rows) s.quality.push(qualityRow(row, row.reason));
  s.bars.reset();
  s.derived.reset();
  if (r.day !== null) restoreDay(s, r.day);
  if (r.book !== undefined) restoreBook(s.book, r.book);
  else s.book.reset();
  return s;
}

function restoreDay(s: SessionState, day: DayRecord): void {
  const { names } = day;
  const b = day.bars, F = Float64Array;
  const sym = fromB64(b.sym, Int32Array), start = fromB64(b.start, F), open = fromB64(b.open, F), high = fromB64(b.high, F), low = fromB64(b.low, F), close = fromB64(b.close, F), volume = fromB64(b.volume, F), kind = fromB64(b.kind, Uint8Array);
  for (let i = 0; i < sym.length; i++) s.bars.add(names[sym[i]!]!, start[i]!, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!, kind[i]!);
  const d = day.derived;
  const dsym = fromB64(d.sym, Int32Array), minutes = fromB64(d.minutes, Int32Array), n = fromB64(d.n, Int32Array);
  const ds = fromB64(d.start, F), de = fromB64(d.end, F), o = fromB64(d.open, F), h = fromB64(d.high, F), l = fromB64(d.low, F), c = fromB64(d.close, F), v = fromB64(d.volume, F);
  for (let i = 0; i < dsym.length; i++) s.derived.add(names[dsym[i]!]!, minutes[i]!, ds[i]!, de[i]!, o[i]!, h[i]!, l[i]!, c[i]!, v[i]!, n[i]!);
}
