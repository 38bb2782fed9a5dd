/**
 * The calendar definition format: an exchange is data, not code. Rules use date-holidays' rule
 * grammar (`easter -2`, `3rd monday in January`, `12-25 and if saturday then previous friday`);
 * the year bounds and weekday filters are ours, since the grammar has no filter that drops a date.
 */
export interface HoursDefinition {
  /** First session date (YYYY-MM-DD) these hours apply to; the list is sorted by it. */
  readonly since: string;
  readonly open: string;
  readonly close: string;
  /** Days between the session date and the calendar day it opens on (-1: opens the evening before). */
  readonly openDayOffset?: number;
  /** A midday break (lunch), exchange-local clock times on the session date. */
  readonly breakStart?: string;
  readonly breakEnd?: string;
}

export interface RuleDefinition {
  readonly name: string;
  /** A date-holidays rule giving one or more dates per year. */
  readonly rule: string;
  /** First and last year the rule applies (inclusive). */
  readonly fromYear?: number;
  readonly toYear?: number;
  /** ISO weekdays (1 = Monday) the rule's dates must fall on to count. */
  readonly weekdays?: readonly number[];
  /**
   * Holidays only: when the rule's date is already closed (a weekend, another holiday, the base),
   * the closure moves to the next (or previous) day that would be a session, e.g. Hong Kong's
   * Ching Ming Festival on Easter Monday. Moving rules are applied after every other closure, in
   * the order written.
   */
  readonly ifClosed?: 'next' | 'previous';
}

/** A country's public holidays from date-holidays as the starting point of an exchange's closures. */
export interface BaseDefinition {
  /** date-holidays country code (e.g. 'GB', 'HK'), with an optional state and region ('GB', 'ENG'). */
  readonly country: string;
  readonly state?: string;
  readonly region?: string;
  /** date-holidays' holiday types that close the exchange (public, bank, school, optional, observance); default public. */
  readonly types?: readonly string[];
  /** The base's holidays (by their English name in date-holidays) on which the exchange trades. */
  readonly exclude?: readonly string[];
  /** First and last year the base applies (inclusive); other years use the definition's own rules only. */
  readonly fromYear?: number;
  readonly toYear?: number;
}

/** One session's own hours, replacing the regular ones on that date (a special session, a changed break). */
export interface DatedHours extends DatedEntry {
  readonly open: string;
  readonly close: string;
  readonly openDayOffset?: number;
  readonly breakStart?: string;
  readonly breakEnd?: string;
}

export interface EarlyCloseRule extends RuleDefinition {
  readonly close: string;
}

export interface DatedEntry {
  readonly date: string;
  readonly name: string;
}

export interface DatedEarlyClose extends DatedEntry {
  readonly close: string;
}

export interface DatedLateOpen extends DatedEntry {
  readonly open: string;
  /** The calendar day of the late open relative to the session date: 0 (default) the date itself, -1 the evening before. */
  readonly openDayOffset?: number;
}

export interface CalendarDefinition {
  readonly name: string;
  readonly description: string;
  /** Bumped whenever a rule or date list changes; goes into every run's manifest. */
  readonly version: string;
  /** IANA time zone of the exchange. */
  readonly timezone: string;
  /** The dates this definition is known to be right for (inclusive). */
  readonly range: { readonly from: string; readonly to: string };
  /** ISO weekdays that carry a session (its label date). */
  readonly weekdays: readonly number[];
  readonly hours: readonly HoursDefinition[];
  /** A country's date-holidays rules the exchange closes on, before its own holidays and exceptions. */
  readonly base?: BaseDefinition;
  readonly holidays: readonly RuleDefinition[];
  readonly adhocClosures: readonly DatedEntry[];
  readonly earlyCloses: readonly EarlyCloseRule[];
  readonly adhocEarlyCloses: readonly DatedEarlyClose[];
  readonly adhocLateOpens?: readonly DatedLateOpen[];
  /** Sessions despite a rule, the base, or the weekday list (a Saturday session, a holiday the exchange opened on). */
  readonly adhocOpens?: readonly DatedEntry[];
  /** Per-date hours (the date must be a session: by the rules, or in adhocOpens). */
  readonly adhocHours?: readonly DatedHours[];
  /** Where the data comes from, for people checking it. */
  readonly sources?: readonly string[];
}
