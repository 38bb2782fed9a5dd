import { DateTime, IANAZone, Info } from 'luxon';
import { SimError } from '../errors.js';
import { civilFromDays, formatDay } from './days.js';

/**
 * Blocks of this many days are scanned for a change of offset: a zone changes at most once in one
 * (the shortest gap between two changes in the tz database since 1970 is about a month: Morocco's
 * Ramadan pause).
 */
const BLOCK_DAYS = 16;
const BLOCK_MS = BLOCK_DAYS * 86_400_000;

interface Block { readonly before: number; readonly change: number; readonly after: number }

/**
 * Local wall time -> UTC for one zone, asking the zone's offset (one Intl call, tens of µs) at the
 * edges of 16-day blocks instead of per session open and close; where a block's edges differ, the
 * change is found by bisection to the minute, and a wall time near it takes the offset in effect
 * at its instant. A wall time the clock skips or passes twice is left to luxon (which moves a
 * skipped time forward and takes the earlier of two), as any other reader would have it.
 */
export class ZoneOffsets {
  private readonly blocks = new Map<number, Block>();
  private readonly edges = new Map<number, number>();
  private readonly iana: IANAZone;

  /** A zone luxon reads as a fixed offset ('UTC'): it writes `Z` for it. */
  private readonly fixed: boolean;

  constructor(readonly zone: string) {
    this.iana = IANAZone.create(zone);
    this.fixed = Info.normalizeZone(zone)?.isUniversal ?? true;
  }

  /** Epoch ms of `minutes` after local midnight on epoch day `day`. */
  toUtc(day: number, minutes: number): number {
    const wall = day * 86_400_000 + minutes * 60_000;
    // Offsets are within ±14 h: every instant this wall time can be lies within a day of it, so
    // in this block or a neighbour; at most one of them changes.
    const b = Math.floor(wall / BLOCK_MS);
    const near = [this.block(b - 1), this.block(b), this.block(b + 1)].find((x) => !Number.isNaN(x.change) && Math.abs(x.change - wall) <= 86_400_000);
    if (near === undefined) return wall - this.offsetAt(wall) * 60_000;
    const early = wall - near.before * 60_000, late = wall - near.after * 60_000;
    const earlyFits = early < near.change, lateFits = late >= near.change;
    if (earlyFits !== lateFits) return earlyFits ? early : late;
    return this.exact(day, minutes);
  }

  /**
   * Instant t on the zone's clock as luxon's `toISO({ suppressMilliseconds: true })` writes it
   * (2025-07-03T13:00:00-04:00), from the cached offsets: a replay prints a line per event, and
   * luxon took a third of its time. Luxon itself writes what this does not: a fixed-offset zone
   * (its `Z`), a year outside 1..9999, an offset in fractions of a minute.
   */
  formatIso(t: number): string {
    const off = this.offsetAt(t);
    const local = t + off * 60_000;
    const day = Math.floor(local / DAY_MS);
    if (this.fixed || !Number.isInteger(off) || !Number.isInteger(t) || day < -719162 || day > 2932896) return DateTime.fromMillis(t, { zone: this.zone }).toISO({ suppressMilliseconds: true }) ?? String(t);
    const ms = local - day * DAY_MS;
    const h = Math.floor(ms / 3_600_000), m = Math.floor(ms / 60_000) % 60, s = Math.floor(ms / 1000) % 60, milli = ms % 1000;
    return `${formatDay(day)}T${two(h)}:${two(m)}:${two(s)}${milli === 0 ? '' : `.${String(milli).padStart(3, '0')}`}${formatOffset(off)}`;
  }

  /** The offset in effect at instant t (minutes). */
  offsetAt(t: number): number {
    const x = this.block(Math.floor(t / BLOCK_MS));
    return Number.isNaN(x.change) || t < x.change ? x.before : x.after;
  }

  private exact(day: number, minutes: number): number {
    const [year, month, d] = civilFromDays(day);
    const dt = DateTime.fromObject({ year, month, day: d, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone: this.zone });
    if (!dt.isValid) throw new SimError('CALENDAR_DEFINITION', `cannot place ${minutes} min on day ${day} in ${this.zone}: ${dt.invalidExplanation}`, { zone: this.zone });
    return dt.toMillis();
  }

  private edge(b: number): number {
    let o = this.edges.get(b);
    if (o === undefined) { o = this.iana.offset(b * BLOCK_MS); this.edges.set(b, o); }
    return o;
  }

  /** A block's offset at its start, and the first minute of the offset at its end (NaN: no change). */
  private block(b: number): Block {
    let info = this.blocks.get(b);
    if (info === undefined) {
      const before = this.edge(b), after = this.edge(b + 1);
      let change = NaN;
      if (before !== after) {
        let l = b * BLOCK_MS, h = l + BLOCK_MS;
        while (h - l > 60_000) {
          const mid = l + Math.floor((h - l) / 120_000) * 60_000;
          if (this.iana.offset(mid) === after) h = mid; else l = mid;
        }
        change = h;
      }
      info = { before, change, after };
      this.blocks.set(b, info);
    }
    return info;
  }
}

/** Why a wall time is not one instant in a zone, with the offsets (minutes) either side of the change. */
export interface WallProblem {
  /** `skipped`: the clock jumps over it (spring forward); `doubled`: the clock passes it twice (fall back). */
  readonly kind: 'skipped' | 'doubled';
  readonly before: number;
  readonly after: number;
  /** Skipped: the first instant after the jump; doubled: the earlier of the two instants. */
  readonly first: number;
}

/** The offsets around one local date, and the instant the offset changes (NaN: it does not). */
interface DayOffsets {
  readonly before: number;
  readonly after: number;
  readonly change: number;
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

function formatOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The problem in words, for any reader's message: `does not exist in <zone> (...)` / `is ambiguous in <zone> (...)`. */
export function describeWallProblem(zone: string, p: WallProblem): string {
  return p.kind === 'skipped'
    ? `does not exist in ${zone} (the clock skips it when it moves from ${formatOffset(p.before)} to ${formatOffset(p.after)})`
    : `is ambiguous in ${zone} (the clock passes it twice, at ${formatOffset(p.before)} and ${formatOffset(p.after)})`;
}

const DAY_MS = 86_400_000;

/**
 * The one conversion of a wall time (its fields read as if UTC, in ms) to an instant in a zone,
 * for every reader of times without an offset (user times, `import --timestamps local`). A
 * wall time the clock skips or passes twice has no single instant: `instant` gives NaN and
 * `problem` says why. luxon is asked a few times per local date (about 30 more on a date next
 * to a change, to find its instant), never per value: an importer calls this per row.
 */
export class WallClock {
  private readonly days = new Map<number, DayOffsets>();
  private lastDay = NaN;
  private last: DayOffsets = { before: 0, after: 0, change: NaN };
  private readonly iana: IANAZone;

  /** `zone` must be a valid IANA zone (callers check it and say so in their own words). */
  constructor(readonly zone: string) {
    this.iana = IANAZone.create(zone);
    if (!this.iana.isValid) throw new SimError('CALENDAR_DEFINITION', `${JSON.stringify(zone)} is not an IANA time zone`, { value: zone });
  }

  /** Epoch ms of the wall time, or NaN when the clock skips it or passes it twice. */
  instant(wall: number): number {
    const d = this.around(wall);
    if (Number.isNaN(d.change)) return wall - d.before * 60_000;
    // One change in the window: the reading at the earlier offset holds before it, the later after.
    const early = wall - d.before * 60_000, late = wall - d.after * 60_000;
    const earlyFits = early < d.change, lateFits = late >= d.change;
    if (earlyFits !== lateFits) return earlyFits ? early : late;
    return NaN;
  }

  /** Why `instant(wall)` is NaN (null when it is not). */
  problem(wall: number): WallProblem | null {
    const d = this.around(wall);
    if (!Number.isNaN(this.instant(wall))) return null;
    const early = wall - d.before * 60_000;
    return early < d.change
      ? { kind: 'doubled', before: d.before, after: d.after, first: early }
      : { kind: 'skipped', before: d.before, after: d.after, first: d.change };
  }

  /**
   * The offsets of a day before and two days after the wall time's date: every instant the date's
   * wall times can be (offsets are within ±14 h) lies between, and zones change at most once there.
   */
  private around(wall: number): DayOffsets {
    const day = Math.floor(wall / DAY_MS);
    if (day === this.lastDay) return this.last;
    let d = this.days.get(day);
    if (d === undefined) {
      const lo = (day - 1) * DAY_MS, hi = (day + 2) * DAY_MS;
      const before = this.iana.offset(lo), after = this.iana.offset(hi);
      d = { before, after, change: before === after ? NaN : this.changeBetween(lo, hi, after) };
      this.days.set(day, d);
    }
    this.lastDay = day;
    this.last = d;
    return d;
  }

  /** The first instant in (lo, hi] whose offset is `after` (the offset at `hi`). */
  private changeBetween(lo: number, hi: number, after: number): number {
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.iana.offset(mid) === after) hi = mid; else lo = mid;
    }
    return hi;
  }
}
