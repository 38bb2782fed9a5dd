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
  readonly holidays: readonly RuleDefinition[];
  readonly adhocClosures: readonly DatedEntry[];
  readonly earlyCloses: readonly EarlyCloseRule[];
  readonly adhocEarlyCloses: readonly DatedEarlyClose[];
  readonly adhocLateOpens?: readonly DatedLateOpen[];
  /** Where the data comes from, for people checking it. */
  readonly sources?: readonly string[];
}
