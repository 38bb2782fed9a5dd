/**
 * sessionsim: a deterministic, event-sourced simulation of trading sessions.
 * One import for notebooks and scripts; the CLI uses nothing else. Sweeps (worker threads, a
 * Redis queue) are their own entry point, `sessionsim/sweep`, so this one loads none of that.
 */
export { simulate, createSimulation, Simulation, type SimulationResult, type SimulationOptions } from './api/simulation.js';
export { replay, Replay, type ReplayFilter, type ReplayOptions } from './api/replay.js';
export { verifyLog, loggedStrategy, type VerifyOptions, type VerifyResult } from './api/verify.js';
export { resolveConfig, type SimConfig, type ResolvedConfig } from './api/config.js';
export { readConfigFile } from './api/config-file.js';
export { ResultTable } from './api/table.js';
export type { RunTarget } from './api/stepper.js';
export { getCalendar, registerCalendar, calendarNames, resolveCalendar, marketSchedule, readCalendarFile, checkDefinition, ExchangeCalendar, CalendarRangeError, XNYS, type CalendarDefinition, type Session, type MarketSchedule, type ScheduledTime, type DateInput } from './calendar/index.js';
// A Session's `day` is a day number: these turn it into a date and back.
export { parseDay, formatDay, isoWeekday, formatUtc } from './calendar/index.js';
export { importCsv, rejectedRowsCsv, readDay, writeDay, readLog, TIMESTAMP_FORMATS, LOG_FORMAT_VERSION, isInterval, type ImportOptions, type ImportReport, type RejectedRow, type ColumnMap, type TimestampFormat, type Interval, type LogCompression } from './storage/index.js';
// Outputs written whole or not at all, never onto an input or through a symlink (what every command writes with).
export { writeOutput, resolveOutput, type OutputOptions, type OutputTarget } from './storage/index.js';
export { SimError, isSimError, showValue, errorLine, EXIT_STATUS, type ErrorCode } from './errors.js';
export { describeEvent, isEventType, EVENT_TYPES, RANKS, type SimEvent, type EventType } from './events/index.js';
export type { SessionState, StateSnapshot } from './state/index.js';
export { demoConfig, demoDataRoot } from './api/demo.js';
export { loadStrategy, type LoadedStrategy } from './api/strategy-module.js';
export { StrategyCollector, type StrategyResult, type StrategySummary, type OrderRow, type FillRow, type PositionRow, type EquityRow, type SessionReturnRow, type OrderStatus } from './api/strategy-results.js';
export { seededRandom, type Strategy, type StrategyContext, type OrderRequest, type PortfolioView, type PositionView } from './strategy/index.js';
export { DEFAULT_BROKER, type BrokerSettings } from './broker/settings.js';
export type { BrokerConfig, StrategySource } from './api/config.js';
export type { OrderEvent, OrderSide, OrderType, TimeInForce, RejectReason, JsonValue, TimerFired, OrderFilled, OrderSubmitted } from './events/index.js';
export type { Book, OpenOrder, Position } from './state/index.js';
export { PACKAGE_VERSION } from './api/version.js';
export type { PictureOptions, Displayable } from './api/pictures/index.js';
